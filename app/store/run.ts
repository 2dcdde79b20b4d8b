// The run store: the engine's latest result for the scenario, and how the engine is doing.
import { create } from 'zustand';
import type { RunProgress, RunResult } from '../worker/protocol';
import type { Playback } from '../player/model';

export type RunStatus = 'starting' | 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'crashed';

export interface RunState {
  status: RunStatus;
  /** The source revision of `result`. */
  revision: number;
  /** The revision being computed while status is 'running'. */
  pendingRevision: number | null;
  progress: RunProgress | null;
  /** When the run started (performance.now()), for the "still working" hint. */
  startedAt: number | null;
  result: RunResult | null;
  /** The result turned into playback steps. */
  playback: Playback | null;
  /** A message for people: why a run failed, was cancelled or the engine restarted. */
  message: string | null;
  engineInfo: { engine: string; kubeScheduler: string } | null;
}

export const useRun = create<RunState>()(() => ({
  status: 'starting',
  revision: -1,
  pendingRevision: null,
  progress: null,
  startedAt: null,
  result: null,
  playback: null,
  message: null,
  engineInfo: null,
}));
