// What the Explanation may say at a cursor: only what has happened up to the current step.
// Before a pod's cycle reaches its last step (bind, unschedulable, error) the outcome is not
// known yet; a later attempt is not known at all. Pure functions of (playback, frame, cluster).
import type { CycleView, Playback, StepKind } from '../player/model';
import type { Frame } from '../player/frame';
import type { ClusterModel } from '../worker/protocol';

/** Where the cursor is relative to a cycle. */
export type Phase = 'before' | 'during' | 'after';

export function phaseAt(c: CycleView, cursor: number): Phase {
  if (cursor < c.firstStep) return 'before';
  if (cursor >= c.lastStep) return 'after';
  return 'during';
}

/** Order of the steps inside a cycle (as app/player/adapter.ts cuts them). */
const ORDER: StepKind[] = [
  'pop',
  'preFilter',
  'nominated',
  'filter',
  'postFilter',
  'candidates',
  'victims',
  'score',
  'totals',
  'select',
  'bind',
  'unschedulable',
  'error',
];
export const stepRank = (k: StepKind): number => ORDER.indexOf(k);

/** The cycles of a pod that have started by the cursor, in order. */
export function startedCycles(pb: Playback | null, pod: string, cursor: number): number[] {
  const all = pb?.cyclesOfPod[pod] ?? [];
  return all.filter((ci) => pb!.cycles[ci].firstStep <= cursor);
}

export interface PodStatus {
  text: string;
  /** pill class: scheduled | running | pending | nominated | scheduling | queued */
  cls: string;
}

export interface PodAtCursor {
  /** The attempt to explain: the one under way, else the latest finished one; null = not tried yet. */
  cycle: CycleView | null;
  phase: Phase | null;
  /** Attempts started so far (cycle indexes). */
  attempts: number[];
  /** Whether the pod has attempts still to come after the cursor. */
  more: boolean;
  status: PodStatus;
}

export function podAtCursor(pod: string, pb: Playback | null, frame: Frame, cluster: ClusterModel): PodAtCursor {
  const cursor = frame.cursor;
  const attempts = startedCycles(pb, pod, cursor);
  const all = pb?.cyclesOfPod[pod] ?? [];
  const cycle = attempts.length ? pb!.cycles[attempts[attempts.length - 1]] : null;
  const phase = cycle ? phaseAt(cycle, cursor) : null;
  const placement = frame.placements.get(pod);
  const nominated = frame.nominated.get(pod);
  let status: PodStatus;
  if (cycle && phase === 'during') status = { text: 'Being scheduled', cls: 'scheduling' };
  else if (placement?.terminating) status = { text: `Terminating on ${placement.node}`, cls: 'pending' };
  else if (placement)
    status =
      cycle?.result === 'Scheduled' && cycle.node === placement.node
        ? { text: `Scheduled on ${placement.node}`, cls: 'scheduled' }
        : { text: `Running on ${placement.node}`, cls: 'running' };
  else if (cycle?.result === 'Scheduled' || (!cycle && cluster.pods.find((p) => p.key === pod)?.nodeName)) status = { text: 'Gone (deleted)', cls: 'pending' };
  else if (cycle) status = nominated ? { text: `Pending · nominated ${nominated}`, cls: 'nominated' } : { text: 'Pending', cls: 'pending' };
  else if (all.length || inQueue(frame, pod)) status = { text: 'Waiting in the queue', cls: 'queued' };
  else status = { text: 'Not scheduled in this run', cls: 'pending' };
  return { cycle, phase, attempts, more: all.length > attempts.length, status };
}

function inQueue(frame: Frame, pod: string): boolean {
  const q = frame.queue;
  return q.inFlight === pod || q.active.includes(pod) || q.backoff.includes(pod) || q.unschedulable.includes(pod);
}

/**
 * The pod the Explanation is about when nothing is selected: the pod of the current cycle; at the
 * start, the first pod the queue will pop; between cycles, the pod of the cycle just finished; at
 * the end of the run, the first pod that stayed pending (the question a person usually has).
 */
export function subjectPod(pb: Playback | null, frame: Frame): string | null {
  if (!pb || !pb.cycles.length) return null;
  const cursor = frame.cursor;
  if (cursor >= pb.steps.length - 1) {
    const pending = pb.cycles.find((c) => pb.lastCycleOfPod[c.pod] === c.index && c.result !== 'Scheduled' && !frame.placements.has(c.pod));
    if (pending) return pending.pod;
  }
  if (frame.cycle) return frame.cycle.pod;
  if (cursor < 0) return pb.cycles[0].pod;
  let last: CycleView | null = null;
  for (const c of pb.cycles) {
    if (c.firstStep > cursor) break;
    last = c;
  }
  return (last ?? pb.cycles[0]).pod;
}
