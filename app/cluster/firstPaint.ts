// The first frame that shows the cluster's nodes: marked for the benchmark
// (`performance.mark('schedlab:cluster-first-paint')`, read by bench/browser.ts), and awaited by
// whatever should not compete with it for the main thread (the Monaco chunk, 3.7 MB of script).
export const CLUSTER_FIRST_PAINT = 'schedlab:cluster-first-paint';

let painted = false;
const waiters = new Set<() => void>();

/** Called by the Cluster pane once its first nodes are on screen. */
export function markClusterPainted(): void {
  if (painted) return;
  painted = true;
  performance.mark(CLUSTER_FIRST_PAINT);
  for (const w of [...waiters]) w();
  waiters.clear();
}

/** Runs `cb` after the cluster's first paint, or after `timeoutMs` (no nodes to draw); returns a cancel. */
export function afterClusterPaint(cb: () => void, timeoutMs: number): () => void {
  if (painted) {
    const id = setTimeout(cb, 0);
    return () => clearTimeout(id);
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    waiters.delete(run);
    cb();
  };
  const timer = setTimeout(run, timeoutMs);
  waiters.add(run);
  return () => {
    done = true;
    clearTimeout(timer);
    waiters.delete(run);
  };
}
