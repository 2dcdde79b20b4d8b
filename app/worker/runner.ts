// Keeps the engine's result in step with the scenario text: re-runs ~400 ms after typing stops
// (at once for drawing tools, gallery picks, links), cancels a run that an edit made stale,
// offers to cancel a long one, and restarts a crashed worker without losing anything.
import { useScenario, type SourceOrigin } from '../store/scenario';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { buildPlayback } from '../player/adapter';
import { preparedFor } from './prepared';
import { engine, onEngineCrash, restartEngine, runScenario, RunCancelled, EngineCrashed } from './engine';

export const TYPING_DEBOUNCE_MS = 400;
/** A run still going this long after the scenario was read shows the cluster before the trace. */
const EARLY_CLUSTER_MS = 250;

let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: number | null = null;
let crashedRevision: number | null = null;
let started = false;

let soon = false;

function schedule(origin: SourceOrigin): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (origin === 'editor') {
    timer = setTimeout(() => {
      timer = null;
      void runNow();
    }, TYPING_DEBOUNCE_MS);
    return;
  }
  // Drawing tools, gallery picks, links, imports: before anything else the page does for the
  // change (a microtask runs before any timer), so the engine starts while the page fills the
  // editor. Changes made in the same task (a seed and a text) coalesce into one run.
  if (soon) return;
  soon = true;
  queueMicrotask(() => {
    soon = false;
    void runNow();
  });
}

/** Runs the engine on the current source (cancelling a stale run in flight). */
export async function runNow(): Promise<void> {
  const { source, revision, fileName, seed } = useScenario.getState();
  if (inFlight !== null) {
    if (inFlight === revision) return;
    restartEngine(); // the run in flight is for an older text: stop it
  }
  inFlight = revision;
  useRun.setState({ status: 'running', pendingRevision: revision, progress: null, startedAt: performance.now(), message: null });
  performance.mark('schedlab:run-start'); // (the run-* marks are read by bench/importBrowser.ts)
  try {
    let early: ReturnType<typeof setTimeout> | null = null;
    const docs = preparedFor(source);
    const result = await runScenario([{ name: fileName, text: source, ...(docs ? { docs } : {}) }], { seed }, (p) => {
      if (inFlight !== revision) return;
      if (p.phase === 'loaded') {
        // Draw the cluster as read while the scheduler works: at once when nothing is drawn yet
        // (the page is opening), otherwise only if the run is slow (a big cluster), to not flicker.
        const { cluster, diagnostics } = p;
        const show = () => inFlight === revision && cluster && useScenario.getState().setParsed({ revision, diagnostics: diagnostics ?? [], cluster });
        if (!useRun.getState().result) show();
        else early = setTimeout(show, EARLY_CLUSTER_MS);
        useRun.setState({ progress: { phase: 'simulate', cycles: 0 } });
        return;
      }
      useRun.setState({ progress: p });
    }).finally(() => {
      if (early) clearTimeout(early);
    });
    if (inFlight !== revision) return;
    performance.mark('schedlab:run-received', { detail: { ...result.timings, elapsedMs: result.elapsedMs } });
    inFlight = null;
    crashedRevision = null;
    const playback = result.trace.length ? buildPlayback(result.trace) : null;
    const prev = useRun.getState();
    const wasAtEnd = !!prev.playback && usePlayer.getState().cursor >= prev.playback.steps.length - 1;
    useRun.setState({
      status: 'done',
      revision,
      pendingRevision: null,
      progress: null,
      startedAt: null,
      result,
      playback,
      message: result.note ?? null,
    });
    useScenario.getState().setParsed({ revision, diagnostics: result.diagnostics, cluster: result.cluster });
    // The version asked at start-up is lost when that first worker was replaced (a stale run).
    if (!useRun.getState().engineInfo)
      void engine()
        .version()
        .then(
          (v) => useRun.setState({ engineInfo: v }),
          () => {},
        );
    const steps = playback?.steps.length ?? 0;
    const player = usePlayer.getState();
    if (player.profile && !(result.profiles ?? []).includes(player.profile)) usePlayer.setState({ profile: null });
    usePlayer.setState({ cursor: wasAtEnd ? steps - 1 : Math.min(player.cursor, steps - 1), playing: player.playing && steps > 0 });
    performance.mark('schedlab:run-done');
  } catch (e) {
    if (inFlight !== revision) return;
    inFlight = null;
    if (e instanceof RunCancelled) {
      useRun.setState({
        status: 'cancelled',
        pendingRevision: null,
        progress: null,
        startedAt: null,
        message: 'Run cancelled. Your scenario is unchanged; press “Run again” to retry.',
      });
    } else if (e instanceof EngineCrashed) {
      const again = crashedRevision !== revision;
      crashedRevision = revision;
      useRun.setState({
        status: 'crashed',
        pendingRevision: null,
        progress: null,
        startedAt: null,
        message: `The engine stopped unexpectedly (${e.message}) and was restarted. Your edits are kept.${again ? ' Retrying…' : ''}`,
      });
      if (again) setTimeout(() => void runNow(), 50);
    } else {
      useRun.setState({
        status: 'error',
        pendingRevision: null,
        progress: null,
        startedAt: null,
        message: `The engine failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
}

/** Stops the run in flight (terminates the worker; the next run starts a fresh one). */
export function cancelRun(): void {
  if (inFlight === null) return;
  restartEngine();
}

export function startRunner(): void {
  if (started) return;
  started = true;
  onEngineCrash((message) => {
    // A run in flight reports the crash itself; one that dies while starting is reported here.
    if (inFlight === null && !useRun.getState().engineInfo) useRun.setState({ status: 'error', message: `Engine failed to start: ${message}` });
  });
  engine()
    .version()
    .then((v) => useRun.setState((s) => ({ engineInfo: v, status: s.status === 'starting' ? 'idle' : s.status })))
    .catch((e: unknown) => useRun.setState({ status: 'error', message: `Engine failed to start: ${String(e)}` }));
  useScenario.subscribe((s, prev) => {
    if (s.source !== prev.source || s.seed !== prev.seed) schedule(s.origin);
  });
  schedule('init');
}
