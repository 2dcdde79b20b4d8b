// Quantities for people: millicores and bytes back to short Kubernetes-style strings.
export function fmtCpu(milli: number): string {
  if (milli < 1000) return `${milli}m`;
  return String(+(milli / 1000).toFixed(milli >= 10000 ? 1 : 2));
}

export function fmtMem(bytes: number): string {
  const units: [string, number][] = [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ];
  for (const [u, v] of units) {
    if (bytes >= v) {
      const x = bytes / v;
      return `${Number.isInteger(x) ? x : x.toFixed(1)}${u}`;
    }
  }
  return String(bytes);
}

export function fmtTime(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 60 ? `${+s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${+(s % 60).toFixed(1)} s`;
}
