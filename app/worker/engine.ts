// The typed bridge to the engine's Web Worker (engine/worker.ts), over comlink.
//
// One worker at a time. Cancelling a run terminates the worker (the only way to stop a
// synchronous simulation mid-flight); the next call starts a fresh one. A worker that dies on
// its own (an uncaught error, out of memory) is reported to `onCrash` listeners and replaced on
// the next call — the scenario text lives in the page, so no edit is ever lost.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../engine/worker';
import type { ClusterModel, PodView, RunInput, RunOptions, RunProgress, RunResult, RunResultWire } from './protocol';
import { unpackTrace, type PackedTrace } from '../../engine/trace/wire';

let worker: Worker | null = null;
let remote: Remote<EngineApi> | null = null;
/** Rejects the run in flight when its worker goes away. */
let abortInFlight: ((e: Error) => void) | null = null;
const crashListeners = new Set<(message: string) => void>();

export class RunCancelled extends Error {
  constructor() {
    super('Run cancelled');
    this.name = 'RunCancelled';
  }
}
export class EngineCrashed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineCrashed';
  }
}

export function engine(): Remote<EngineApi> {
  if (!remote) {
    const w = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'schedlab-engine' });
    const onDeath = (ev: ErrorEvent | MessageEvent) => {
      if (w !== worker) return;
      const message =
        ev instanceof ErrorEvent ? ev.message || 'the engine worker stopped unexpectedly' : 'the engine sent a message it could not read';
      ev.preventDefault?.();
      dropWorker();
      abortInFlight?.(new EngineCrashed(message));
      abortInFlight = null;
      for (const l of crashListeners) l(message);
    };
    w.addEventListener('error', onDeath);
    w.addEventListener('messageerror', onDeath);
    worker = w;
    remote = wrap<EngineApi>(w);
  }
  return remote;
}

function dropWorker(): void {
  worker?.terminate();
  worker = null;
  remote = null;
}

/** Terminates the worker (e.g. to cancel a long run); the next call starts a fresh one. */
export function restartEngine(): void {
  dropWorker();
  abortInFlight?.(new RunCancelled());
  abortInFlight = null;
}

export function onEngineCrash(listener: (message: string) => void): () => void {
  crashListeners.add(listener);
  return () => crashListeners.delete(listener);
}

/** A result this big (JSON characters) means a big run: the worker is replaced after it. */
const RECYCLE_AFTER_CHARS = 8 << 20;

/** Loads and simulates a scenario in the worker; the result arrives as one JSON string. */
export async function runScenario(
  inputs: RunInput[],
  opts: RunOptions,
  onProgress?: (p: RunProgress) => void,
): Promise<RunResult> {
  const api = engine();
  const aborted = new Promise<never>((_, reject) => {
    abortInFlight = reject;
  });
  const buffers = inputs.flatMap((i) => (i.docs ? [i.docs.buffer as ArrayBuffer] : []));
  const call = api.run(buffers.length ? transfer(inputs, buffers) : inputs, opts, onProgress ? proxy(onProgress) : undefined);
  const wire = await Promise.race([call, aborted]);
  abortInFlight = null;
  // After a big run the worker's heap (the scenario, the simulation, the trace: hundreds of MB)
  // is garbage its GC may keep for a long while: a fresh worker for the next run frees it now.
  if (wire.json.length >= RECYCLE_AFTER_CHARS && remote === api) {
    dropWorker();
    setTimeout(() => void engine(), 1000); // the next one starts while nobody waits for it
  }
  return decodeRunResult(wire);
}

/** The wire form back into a RunResult (the trace unpacked). */
export function decodeRunResult(wire: RunResultWire): RunResult {
  const t0 = performance.now();
  const received = Date.now();
  const r = JSON.parse(wire.json) as Omit<RunResult, 'trace' | 'cluster'> & { trace: PackedTrace; cluster: Omit<ClusterModel, 'pods'> & { pods: PackedTrace } };
  const t1 = performance.now();
  const trace = unpackTrace(r.trace);
  const cluster: ClusterModel = { ...r.cluster, pods: unpackTrace(r.cluster.pods) as unknown as PodView[] };
  // (read by bench/importBrowser.ts)
  performance.mark('schedlab:run-decoded', {
    detail: { encodeMs: wire.encodeMs ?? 0, transitMs: wire.sentAt ? received - wire.sentAt : 0, parseMs: t1 - t0, unpackMs: performance.now() - t1, wireMB: wire.json.length / 1e6 },
  });
  return { ...r, cluster, trace };
}
