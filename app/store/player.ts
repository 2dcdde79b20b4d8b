// The player: a cursor over the playback steps (-1 = before the first step), play/pause, speed.
import { create } from 'zustand';
import { useRun } from './run';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

export interface PlayerState {
  cursor: number;
  playing: boolean;
  speed: number;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  stepForward: () => void;
  stepBack: () => void;
  /** Whole cycle: to the next cycle's first step, or back to the current/previous cycle's start. */
  cycleForward: () => void;
  cycleBack: () => void;
  reset: () => void;
  seek: (cursor: number) => void;
  setSpeed: (s: number) => void;
  /** Jump to the (last, or given) cycle of a pod, at its first step. */
  jumpToPod: (pod: string, which?: 'first' | 'last') => void;
  /** Jump to a cycle's step of a kind (e.g. the filter step of a plugin). */
  jumpToCycle: (cycle: number, kind?: string, plugin?: string) => void;
}

const stepCount = () => useRun.getState().playback?.steps.length ?? 0;
const clamp = (c: number) => Math.max(-1, Math.min(stepCount() - 1, c));

export const usePlayer = create<PlayerState>()((set, get) => ({
  cursor: -1,
  playing: false,
  speed: 1,
  play: () => {
    if (get().cursor >= stepCount() - 1) set({ cursor: -1 });
    if (stepCount() > 0) set({ playing: true });
  },
  pause: () => set({ playing: false }),
  toggle: () => (get().playing ? get().pause() : get().play()),
  stepForward: () => set((s) => ({ cursor: clamp(s.cursor + 1), playing: false })),
  stepBack: () => set((s) => ({ cursor: clamp(s.cursor - 1), playing: false })),
  cycleForward: () => {
    const pb = useRun.getState().playback;
    if (!pb) return;
    const cur = get().cursor;
    const next = pb.cycles.find((c) => c.firstStep > cur);
    set({ cursor: next ? next.firstStep : clamp(pb.steps.length - 1), playing: false });
  },
  cycleBack: () => {
    const pb = useRun.getState().playback;
    if (!pb) return;
    const cur = get().cursor;
    let target = -1;
    for (const c of pb.cycles) if (c.firstStep < cur) target = c.firstStep;
    set({ cursor: target, playing: false });
  },
  reset: () => set({ cursor: -1, playing: false }),
  seek: (cursor) => set({ cursor: clamp(cursor) }),
  setSpeed: (speed) => set({ speed }),
  jumpToPod: (pod, which = 'last') => {
    const pb = useRun.getState().playback;
    const list = pb?.cyclesOfPod[pod];
    if (!pb || !list?.length) return;
    const ci = which === 'first' ? list[0] : list[list.length - 1];
    set({ cursor: pb.cycles[ci].firstStep, playing: false });
  },
  jumpToCycle: (cycle, kind, plugin) => {
    const pb = useRun.getState().playback;
    const cv = pb?.cycles[cycle];
    if (!pb || !cv) return;
    let target = cv.firstStep;
    if (kind) {
      for (let k = cv.firstStep; k <= cv.lastStep; k++) {
        const s = pb.steps[k];
        if (s.kind === kind && (!plugin || s.plugin === plugin)) {
          target = k;
          break;
        }
      }
    }
    set({ cursor: target, playing: false });
  },
}));
