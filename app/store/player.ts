// The player: a cursor over the playback steps (-1 = before the first step), play/pause, speed,
// and the scheduler profile the timeline is filtered to (null = every profile).
//
// With a profile picked, stepping, playing and "next cycle" visit only the cycles of that profile
// (and the between-cycles steps, which change the cluster for everyone); the cursor can still be
// put anywhere by scrubbing or a link, and lands on the nearest step of the profile.
import { create } from 'zustand';
import { useRun } from './run';
import type { Playback } from '../player/model';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

export interface PlayerState {
  cursor: number;
  playing: boolean;
  speed: number;
  /** The scheduler profile the timeline is filtered to (null = all). */
  profile: string | null;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  stepForward: () => void;
  stepBack: () => void;
  /** Autoplay's move: the next step (of the picked profile); stops at the end. */
  advance: () => void;
  /** Whole cycle: to the next cycle's first step, or back to the current/previous cycle's start. */
  cycleForward: () => void;
  cycleBack: () => void;
  reset: () => void;
  seek: (cursor: number) => void;
  /** To the last step of the run: the outcome. */
  seekEnd: () => void;
  setSpeed: (s: number) => void;
  /** Filters the timeline to a profile's cycles and jumps to the first one (from the cursor on). */
  setProfile: (profile: string | null) => void;
  /** Jump to the (last, or given) cycle of a pod, at its first step. */
  jumpToPod: (pod: string, which?: 'first' | 'last') => void;
  /** Jump to a cycle's step of a kind (e.g. the filter step of a plugin). */
  jumpToCycle: (cycle: number, kind?: string, plugin?: string) => void;
}

const pbNow = () => useRun.getState().playback;
const stepCount = () => pbNow()?.steps.length ?? 0;
const clamp = (c: number) => Math.max(-1, Math.min(stepCount() - 1, c));

/** Whether step k belongs to the picked profile (between-cycles steps belong to every profile). */
export function inProfile(pb: Playback, profile: string | null, k: number): boolean {
  if (!profile || k < 0) return true;
  const s = pb.steps[k];
  return !s || s.cycle < 0 || pb.cycles[s.cycle].profile === profile;
}

/** The next (dir 1) or previous (dir -1) step of the profile after `from`; null when there is none. */
function nextIn(pb: Playback, profile: string | null, from: number, dir: 1 | -1): number | null {
  for (let k = from + dir; k >= 0 && k < pb.steps.length; k += dir) if (inProfile(pb, profile, k)) return k;
  return null;
}

export const usePlayer = create<PlayerState>()((set, get) => ({
  cursor: -1,
  playing: false,
  speed: 1,
  profile: null,
  play: () => {
    const pb = pbNow();
    if (!pb) return;
    if (get().cursor >= pb.steps.length - 1 || nextIn(pb, get().profile, get().cursor, 1) === null) set({ cursor: -1 });
    if (pb.steps.length > 0) set({ playing: true });
  },
  pause: () => set({ playing: false }),
  toggle: () => (get().playing ? get().pause() : get().play()),
  stepForward: () => {
    const pb = pbNow();
    if (!pb) return;
    const k = nextIn(pb, get().profile, get().cursor, 1);
    set({ cursor: k ?? get().cursor, playing: false });
  },
  stepBack: () => {
    const pb = pbNow();
    if (!pb) return;
    const k = nextIn(pb, get().profile, get().cursor, -1);
    set({ cursor: k ?? -1, playing: false });
  },
  advance: () => {
    const pb = pbNow();
    if (!pb) return;
    const k = nextIn(pb, get().profile, get().cursor, 1);
    if (k === null) set({ playing: false });
    else set({ cursor: k });
  },
  cycleForward: () => {
    const pb = pbNow();
    if (!pb) return;
    const { cursor: cur, profile } = get();
    const next = pb.cycles.find((c) => c.firstStep > cur && (!profile || c.profile === profile));
    set({ cursor: next ? next.firstStep : clamp(pb.steps.length - 1), playing: false });
  },
  cycleBack: () => {
    const pb = pbNow();
    if (!pb) return;
    const { cursor: cur, profile } = get();
    let target = -1;
    for (const c of pb.cycles) if (c.firstStep < cur && (!profile || c.profile === profile)) target = c.firstStep;
    set({ cursor: target, playing: false });
  },
  reset: () => set({ cursor: -1, playing: false }),
  seek: (cursor) => {
    const pb = pbNow();
    const c = clamp(cursor);
    if (!pb || inProfile(pb, get().profile, c)) return set({ cursor: c });
    set({ cursor: nextIn(pb, get().profile, c, 1) ?? nextIn(pb, get().profile, c, -1) ?? c });
  },
  seekEnd: () => set({ cursor: clamp(stepCount() - 1), playing: false }),
  setSpeed: (speed) => set({ speed }),
  setProfile: (profile) => {
    set({ profile });
    const pb = pbNow();
    const cur = get().cursor;
    if (!pb || !profile || (cur >= 0 && inProfile(pb, profile, cur))) return;
    const first = pb.cycles.find((c) => c.profile === profile && c.lastStep >= cur) ?? pb.cycles.find((c) => c.profile === profile);
    if (first) set({ cursor: first.firstStep, playing: false });
  },
  jumpToPod: (pod, which = 'last') => {
    const pb = pbNow();
    const list = pb?.cyclesOfPod[pod];
    if (!pb || !list?.length) return;
    const ci = which === 'first' ? list[0] : list[list.length - 1];
    set({ cursor: pb.cycles[ci].firstStep, playing: false });
  },
  jumpToCycle: (cycle, kind, plugin) => {
    const pb = pbNow();
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
