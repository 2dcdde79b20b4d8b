// The view at a cursor: which pod sits where, what the queue holds, and how each node looks in
// the current step. A pure function of (cluster, playback, cursor): replaying recorded events,
// never deciding anything.
import type { ClusterModel } from '../worker/protocol';
import type { CycleView, Playback, Rejection, Step, TraceEventLike } from './model';
import { ALL_FILTERS } from './adapter';

export type NodeState = 'idle' | 'examining' | 'passed' | 'rejected' | 'chosen' | 'candidate' | 'skipped';

export interface NodeVisual {
  state: NodeState;
  /** The rejecting plugin and its reasons (state 'rejected'). */
  rejection?: Rejection;
  /** One of several nodes tied for the top score (flashes on 'select'). */
  tie?: boolean;
  /** Preemption: the node the pod was nominated to. */
  nominated?: boolean;
}

export interface Placement {
  node: string;
  /** Being evicted: terminating until `until` (virtual ms). */
  terminating?: { until: number; preemptor: string | null };
}

export interface QueueView {
  active: string[];
  backoff: string[];
  unschedulable: string[];
  /** The pod being scheduled in the current cycle. */
  inFlight: string | null;
}

export interface Frame {
  cursor: number;
  step: Step | null;
  cycle: CycleView | null;
  /** How many of the cycle's filter / score plugins have been shown. */
  filterShown: number;
  scoreShown: number;
  placements: Map<string, Placement>;
  /** pod -> nominated node (ghost chips). */
  nominated: Map<string, string>;
  queue: QueueView;
  nodes: Map<string, NodeVisual>;
  /** The pod whose chip moves in this step (bind). */
  moving: { pod: string; node: string } | null;
  t: number;
}

interface ClusterState {
  placements: Map<string, Placement>;
  nominated: Map<string, string>;
  queue: { active: string[]; backoff: string[]; unschedulable: string[] };
}

function initialState(cluster: ClusterModel, pb: Playback | null): ClusterState {
  const placements = new Map<string, Placement>();
  const nominated = new Map<string, string>();
  for (const p of cluster.pods) {
    if (p.nodeName) placements.set(p.key, { node: p.nodeName });
    else if (p.nominatedNodeName) nominated.set(p.key, p.nominatedNodeName);
  }
  // Before the first pop: the first cycle's queue with its pod put back in front.
  const first = pb?.events.find((e) => e.type === 'cycleStart');
  const q = first?.queue as ClusterState['queue'] | undefined;
  const queue = q
    ? { active: [String(first!.pod), ...q.active], backoff: [...q.backoff], unschedulable: [...q.unschedulable] }
    : { active: cluster.pods.filter((p) => !p.nodeName).map((p) => p.key), backoff: [], unschedulable: [] };
  return { placements, nominated, queue };
}

/**
 * States are immutable snapshots: advancing copies only what an event changes (copy on first
 * write), so the many steps that move no pod (filter, score) share the previous maps.
 */
interface Draft {
  s: ClusterState;
  own: { placements: boolean; nominated: boolean; queue: boolean };
}

function draftOf(base: ClusterState): Draft {
  return { s: { ...base }, own: { placements: false, nominated: false, queue: false } };
}

function placementsW(d: Draft): Map<string, Placement> {
  if (!d.own.placements) {
    d.s.placements = new Map(d.s.placements);
    d.own.placements = true;
  }
  return d.s.placements;
}

function nominatedW(d: Draft): Map<string, string> {
  if (!d.own.nominated) {
    d.s.nominated = new Map(d.s.nominated);
    d.own.nominated = true;
  }
  return d.s.nominated;
}

function queueW(d: Draft): ClusterState['queue'] {
  if (!d.own.queue) {
    const q = d.s.queue;
    d.s.queue = { active: [...q.active], backoff: [...q.backoff], unschedulable: [...q.unschedulable] };
    d.own.queue = true;
  }
  return d.s.queue;
}

function removeFrom(list: string[], pod: string): void {
  const k = list.indexOf(pod);
  if (k >= 0) list.splice(k, 1);
}

function apply(d: Draft, pb: Playback, e: TraceEventLike): void {
  switch (e.type) {
    case 'cycleStart': {
      const q = e.queue as ClusterState['queue'];
      d.s.queue = { active: [...q.active], backoff: [...q.backoff], unschedulable: [...q.unschedulable] };
      d.own.queue = true;
      break;
    }
    case 'bind': {
      if (e.code !== 'Success' || typeof e.cycle !== 'number') break;
      const pod = pb.cycles[e.cycle]?.pod;
      if (!pod) break;
      placementsW(d).set(pod, { node: String(e.node) });
      if (d.s.nominated.has(pod)) nominatedW(d).delete(pod);
      break;
    }
    case 'cycleEnd': {
      const pod = String(e.pod);
      if (e.nominatedNode) nominatedW(d).set(pod, String(e.nominatedNode));
      break;
    }
    case 'preemption': {
      if (e.stage === 'prepare') for (const p of (e.clearedNominations as string[]) ?? []) if (d.s.nominated.has(p)) nominatedW(d).delete(p);
      break;
    }
    case 'eviction': {
      const pod = String(e.pod);
      const cur = d.s.placements.get(pod);
      if (cur) placementsW(d).set(pod, { node: cur.node, terminating: { until: Number(e.until), preemptor: (e.preemptor as string) ?? null } });
      break;
    }
    case 'podDeleted': {
      const pod = String(e.pod);
      if (d.s.placements.has(pod)) placementsW(d).delete(pod);
      if (d.s.nominated.has(pod)) nominatedW(d).delete(pod);
      const q = queueW(d);
      for (const l of [q.active, q.backoff, q.unschedulable]) removeFrom(l, pod);
      break;
    }
    case 'queueMove': {
      const pod = String(e.pod);
      const q = queueW(d);
      for (const l of [q.active, q.backoff, q.unschedulable]) removeFrom(l, pod);
      const to = e.to as string;
      if (to === 'active' || to === 'backoff' || to === 'unschedulable') q[to].push(pod);
      break;
    }
    default:
      break;
  }
}

const CHECKPOINT_EVERY = 64;

/** Caches cluster states along the steps so scrubbing and stepping stay cheap. */
export class FrameBuilder {
  private checkpoints = new Map<number, ClusterState>();
  private last: { cursor: number; state: ClusterState } | null = null;
  private initial: ClusterState | null = null;
  constructor(
    readonly cluster: ClusterModel,
    readonly pb: Playback | null,
  ) {}

  private stateAt(cursor: number): ClusterState {
    const pb = this.pb;
    if (!pb || cursor < 0) return (this.initial ??= initialState(this.cluster, pb));
    let base: { cursor: number; state: ClusterState };
    if (this.last && this.last.cursor <= cursor) base = this.last;
    else {
      const cp = Math.floor(cursor / CHECKPOINT_EVERY) * CHECKPOINT_EVERY - 1;
      let c = cp;
      while (c >= 0 && !this.checkpoints.has(c)) c -= CHECKPOINT_EVERY;
      base = c >= 0 ? { cursor: c, state: this.checkpoints.get(c)! } : { cursor: -1, state: (this.initial ??= initialState(this.cluster, pb)) };
    }
    let state = base.state;
    let from = base.cursor >= 0 ? pb.steps[base.cursor].to : 0;
    // One draft for all the steps up to the next checkpoint: the states in between are not kept,
    // so the maps are copied once per stretch, not once per step (a 30,000-pod cluster opened at
    // its end replays thousands of steps).
    let d: Draft | null = null;
    for (let k = base.cursor + 1; k <= cursor; k++) {
      const to = pb.steps[k].to;
      if (to > from) {
        d ??= draftOf(state);
        for (let e = from; e < to; e++) apply(d, pb, pb.events[e]);
        state = d.s;
      }
      from = Math.max(from, to);
      if ((k + 1) % CHECKPOINT_EVERY === 0 && !this.checkpoints.has(k)) {
        this.checkpoints.set(k, state);
        d = null; // kept: the next change copies
      }
    }
    this.last = { cursor, state };
    return state;
  }

  frame(cursor: number): Frame {
    const pb = this.pb;
    const c = pb ? Math.max(-1, Math.min(cursor, pb.steps.length - 1)) : -1;
    const state = this.stateAt(c);
    const step = pb && c >= 0 ? pb.steps[c] : null;
    const cycle = step && step.cycle >= 0 ? pb!.cycles[step.cycle] : null;
    const nodes = new Map<string, NodeVisual>();
    let filterShown = 0;
    let scoreShown = 0;
    let moving: Frame['moving'] = null;
    if (step && cycle) {
      const order: Step['kind'][] = [
        'pop',
        'preFilter',
        'nominated',
        'filter',
        'postFilter',
        'candidates',
        'victims',
        'unschedulable',
        'score',
        'totals',
        'select',
        'bind',
        'error',
      ];
      const rank = order.indexOf(step.kind);
      const past = (k: Step['kind']) => rank > order.indexOf(k);
      if (step.kind === 'filter') filterShown = step.plugin === ALL_FILTERS ? cycle.filterPlugins.length : cycle.filterPlugins.indexOf(step.plugin!) + 1;
      else if (rank > order.indexOf('filter')) filterShown = cycle.filterPlugins.length;
      if (step.kind === 'score') scoreShown = cycle.scorePlugins.findIndex((p) => p.name === step.plugin) + 1;
      else if (rank > order.indexOf('score')) scoreShown = cycle.scorePlugins.length;
      const shown = new Set(cycle.filterPlugins.slice(0, filterShown));
      // Nodes turn green only on the closing filter step (or after it), never mid-way.
      const allShown = step.kind === 'filter' ? step.plugin === ALL_FILTERS : rank > order.indexOf('filter');
      if (step.kind !== 'pop') {
        const pfSet = cycle.preFilterNodes ? new Set(cycle.preFilterNodes) : null;
        for (const nd of this.cluster.nodes) {
          if (cycle.preFilterRejection) {
            nodes.set(nd.name, { state: 'rejected', rejection: cycle.preFilterRejection });
          } else if (pfSet && !pfSet.has(nd.name)) {
            nodes.set(nd.name, { state: 'skipped' });
          }
        }
        for (const nd of cycle.examined) {
          const v = cycle.verdicts[nd];
          if (v && shown.has(v.plugin)) nodes.set(nd, { state: 'rejected', rejection: v });
          else if (v === null && allShown) nodes.set(nd, { state: 'passed' });
          else nodes.set(nd, { state: 'examining' });
        }
        if (allShown) {
          for (const s of cycle.skipped) for (const nd of s.nodes) if (!nodes.has(nd)) nodes.set(nd, { state: 'skipped' });
        }
      }
      const pre = cycle.preemption;
      if (pre && (step.kind === 'candidates' || step.kind === 'victims' || step.kind === 'unschedulable')) {
        for (const cand of pre.candidates.length ? pre.candidates.map((x) => x.node) : pre.nodes.filter((x) => x.outcome === 'candidate').map((x) => x.node)) {
          const cur = nodes.get(cand);
          nodes.set(cand, { ...(cur ?? { state: 'rejected' }), state: 'candidate', rejection: cur?.rejection });
        }
        if (pre.chosen && step.kind !== 'candidates') {
          const cur = nodes.get(pre.chosen);
          nodes.set(pre.chosen, { state: 'candidate', rejection: cur?.rejection, nominated: true });
        }
      }
      if (step.kind === 'select' || step.kind === 'bind') {
        if (step.kind === 'select' && cycle.ties.length > 1) for (const tn of cycle.ties) nodes.set(tn, { state: 'passed', tie: true });
        if (cycle.node) nodes.set(cycle.node, { state: 'chosen', tie: step.kind === 'select' && cycle.ties.length > 1 });
      }
      if (step.kind === 'bind' && cycle.node) moving = { pod: cycle.pod, node: cycle.node };
    }
    const inFlight = cycle && step && step.kind !== 'bind' && step.kind !== 'unschedulable' && step.kind !== 'error' ? cycle.pod : null;
    return {
      cursor: c,
      step,
      cycle,
      filterShown,
      scoreShown,
      placements: state.placements,
      nominated: state.nominated,
      queue: { ...state.queue, inFlight },
      nodes,
      moving,
      t: step?.t ?? 0,
    };
  }
}
