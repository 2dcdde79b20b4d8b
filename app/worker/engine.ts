// The typed bridge to the engine's Web Worker (engine/worker.ts), over comlink.
import { wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../engine/worker';

let worker: Worker | null = null;
let remote: Remote<EngineApi> | null = null;

export function engine(): Remote<EngineApi> {
  if (!remote) {
    worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'schedlab-engine' });
    remote = wrap<EngineApi>(worker);
  }
  return remote;
}

/** Terminates the worker (e.g. to cancel a long run); the next call starts a fresh one. */
export function restartEngine(): void {
  worker?.terminate();
  worker = null;
  remote = null;
}
