// PodTopologySpread (upstream pkg/scheduler/framework/plugins/podtopologyspread, v1.35).
//
// PreFilter counts, per DoNotSchedule constraint, the matching pods of the pod's namespace in
// every topology domain (over the nodes that carry all topology keys and pass the constraint's
// nodeAffinityPolicy / nodeTaintsPolicy); Filter rejects a node whose domain would exceed
// maxSkew over the global minimum. PreScore/Score/NormalizeScore prefer domains with fewer
// matching pods for ScheduleAnyway constraints. Pods without constraints get the default
// constraints (System: hostname maxSkew 3 + zone maxSkew 5, ScheduleAnyway; or the List given
// in PodTopologySpreadArgs) with a selector built from the Services / controller selecting them.

import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { QueueingHint, Status } from '../../framework/types';
import type {
  ClusterEventWithHint,
  CycleState,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  NodeInfo,
  NodeScore,
  PluginFactory,
  PodInfo,
  PreFilterExtensions,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types';
import {
  buildDefaultConstraints,
  filterConstraints,
  labelsMatchAnyConstraint,
  nodeHasAllKeys,
  SYSTEM_DEFAULT_CONSTRAINTS,
  type SpreadConstraint,
  type WhenUnsatisfiable,
} from './common';
import { calPreFilterState, filterNode, PreFilterState, updateWithPod } from './filtering';
import { calPreScoreState, normalizeScores, PreScoreState, scoreNode } from './scoring';

export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, PreFilterState } from './filtering';
export { PreScoreState } from './scoring';
export { SYSTEM_DEFAULT_CONSTRAINTS } from './common';
export { explainTopologySpread } from './explain';
export type { SpreadExplanation, SpreadConstraintExplanation, SpreadNodeExplanation } from './explain';

export const Name = 'PodTopologySpread';
export const PREFILTER_STATE_KEY = 'PreFilter' + Name;
export const PRESCORE_STATE_KEY = 'PreScore' + Name;

/** PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1). */
export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  /** 'System' (default) or 'List'. */
  defaultingType?: 'System' | 'List';
}

export class PodTopologySpread
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions
{
  readonly name = Name;
  readonly defaultConstraints: readonly TopologySpreadConstraint[];
  readonly systemDefaulted: boolean;

  constructor(
    args: PodTopologySpreadArgs | undefined,
    private readonly handle: Handle,
  ) {
    const a = args ?? {};
    this.systemDefaulted = (a.defaultingType ?? 'System') === 'System';
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (a.defaultConstraints ?? []);
  }

  /** The pod's constraints with the given whenUnsatisfiable, or the default ones (getConstraints). */
  constraintsFor(pod: PodInfo, action: WhenUnsatisfiable): SpreadConstraint[] {
    const own = pod.pod.spec?.topologySpreadConstraints;
    if (own && own.length > 0) return filterConstraints(own, pod.labels, action);
    if (this.defaultConstraints.length === 0) return [];
    return buildDefaultConstraints(pod, this.defaultConstraints, action, this.handle?.lister);
  }

  // ---- PreFilter / Filter ----

  preFilter(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const constraints = this.constraintsFor(pod, 'DoNotSchedule');
    if (constraints.length === 0) return { result: null, status: Status.skip() };
    state.write(PREFILTER_STATE_KEY, calPreFilterState(pod, constraints, nodes, this.handle?.snapshot() ?? null));
    return { result: null, status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    updateWithPod(s, podInfoToAdd, podToSchedule, nodeInfo.node, nodeInfo.labels, 1);
    return null;
  }

  removePod(state: CycleState, podToSchedule: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    updateWithPod(s, podInfoToRemove, podToSchedule, nodeInfo.node, nodeInfo.labels, -1);
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    if (s.constraints.length === 0) return null;
    return filterNode(s, nodeInfo);
  }

  // ---- PreScore / Score ----

  preScore(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status | null {
    const allNodes = this.handle.snapshot().nodeInfoList;
    if (allNodes.length === 0) return Status.skip();
    const requireAllTopologies = hasOwnConstraints(pod.pod) || !this.systemDefaulted;
    const constraints = this.constraintsFor(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return Status.skip();
    state.write(PRESCORE_STATE_KEY, calPreScoreState(pod, constraints, nodes, allNodes, requireAllTopologies, this.handle.snapshot()));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRESCORE_STATE_KEY);
    if (!s) throw new Error(`error reading "${PRESCORE_STATE_KEY}" from cycleState: not found`);
    return scoreNode(s, pod, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): Status | null {
    const s = state.read<PreScoreState>(PRESCORE_STATE_KEY);
    if (!s) return Status.error(`error reading "${PRESCORE_STATE_KEY}" from cycleState: not found`);
    normalizeScores(s, scores);
    return null;
  }

  // ---- Queueing hints ----

  eventsToRegister(): ClusterEventWithHint[] {
    const podHint = (pod: Pod, oldObj: unknown, newObj: unknown) => this.isSchedulableAfterPodChange(pod, oldObj, newObj);
    const nodeHint = (pod: Pod, oldObj: unknown, newObj: unknown) => this.isSchedulableAfterNodeChange(pod, oldObj, newObj);
    return [
      { event: { resource: 'Pod', action: 'Add' }, hint: podHint },
      { event: { resource: 'Pod', action: 'UpdatePodLabel' }, hint: podHint },
      { event: { resource: 'Pod', action: 'UpdatePodToleration' }, hint: podHint },
      { event: { resource: 'Pod', action: 'Delete' }, hint: podHint },
      { event: { resource: 'Node', action: 'Add' }, hint: nodeHint },
      { event: { resource: 'Node', action: 'Delete' }, hint: nodeHint },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' }, hint: nodeHint },
      { event: { resource: 'Node', action: 'UpdateNodeTaint' }, hint: nodeHint },
    ];
  }

  /** The pod's DoNotSchedule constraints (own or default), for the queueing hints. */
  private hardConstraintsOfRawPod(pod: Pod): SpreadConstraint[] {
    return this.constraintsFor(podInfoLite(pod), 'DoNotSchedule');
  }

  isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const original = asPod(oldObj);
    const modified = asPod(newObj);
    if ((modified && !involvedInTopologySpreading(modified, pod)) || (original && !involvedInTopologySpreading(original, pod))) {
      return QueueingHint.Skip;
    }
    const constraints = this.hardConstraintsOfRawPod(pod);
    if (modified && original) {
      if (uidOf(modified) === uidOf(pod)) {
        const tolChanged = JSON.stringify(modified.spec?.tolerations ?? []) !== JSON.stringify(original.spec?.tolerations ?? []);
        if (tolChanged && constraints.some((c) => c.nodeTaintsPolicy === 'Honor')) return QueueingHint.Queue;
        return QueueingHint.Skip;
      }
      const ol = original.metadata?.labels ?? {};
      const ml = modified.metadata?.labels ?? {};
      if (sameLabels(ol, ml)) return QueueingHint.Skip;
      for (const c of constraints) {
        if (c.selector(ol) !== c.selector(ml)) return QueueingHint.Queue;
      }
      return QueueingHint.Skip;
    }
    if (modified) {
      return labelsMatchAnyConstraint(constraints, modified.metadata?.labels ?? {}) ? QueueingHint.Queue : QueueingHint.Skip;
    }
    if (original && labelsMatchAnyConstraint(constraints, original.metadata?.labels ?? {})) return QueueingHint.Queue;
    return QueueingHint.Skip;
  }

  isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const original = asNode(oldObj);
    const modified = asNode(newObj);
    const constraints = this.hardConstraintsOfRawPod(pod);
    const origMatching = original ? nodeHasAllKeys(original.metadata?.labels ?? {}, constraints) : false;
    const modMatching = modified ? nodeHasAllKeys(modified.metadata?.labels ?? {}, constraints) : false;
    if (original && modified) {
      if (origMatching !== modMatching) return QueueingHint.Queue;
      if (modMatching) {
        const ol = original.metadata?.labels ?? {};
        const ml = modified.metadata?.labels ?? {};
        const keyChanged = constraints.some((c) => ol[c.topologyKey] !== ml[c.topologyKey]);
        const taintsChanged = JSON.stringify(original.spec?.taints ?? []) !== JSON.stringify(modified.spec?.taints ?? []);
        if (keyChanged || taintsChanged) return QueueingHint.Queue;
      }
      return QueueingHint.Skip;
    }
    if (modified) return modMatching ? QueueingHint.Queue : QueueingHint.Skip;
    return origMatching ? QueueingHint.Queue : QueueingHint.Skip;
  }
}

function hasOwnConstraints(pod: Pod): boolean {
  const c = pod.spec?.topologySpreadConstraints;
  return !!c && c.length > 0;
}

function uidOf(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

function involvedInTopologySpreading(incoming: Pod, podWithSpreading: Pod): boolean {
  return (
    uidOf(incoming) === uidOf(podWithSpreading) ||
    (!!incoming.spec?.nodeName && (incoming.metadata?.namespace ?? 'default') === (podWithSpreading.metadata?.namespace ?? 'default'))
  );
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

/** Accepts a v1.Pod or anything carrying one in `.pod` (a PodInfo). */
function asPod(o: unknown): Pod | null {
  if (!o || typeof o !== 'object') return null;
  const p = o as { pod?: Pod; spec?: unknown; metadata?: unknown };
  if (p.pod && typeof p.pod === 'object') return p.pod;
  return o as Pod;
}

/** Accepts a v1.Node or anything carrying one in `.node` (a NodeInfo). */
function asNode(o: unknown): Node | null {
  if (!o || typeof o !== 'object') return null;
  const n = o as { node?: Node };
  if (n.node && typeof n.node === 'object') return n.node;
  return o as Node;
}

/** Just what constraintsFor reads of a PodInfo, from a raw pod. */
function podInfoLite(pod: Pod): PodInfo {
  return {
    pod,
    labels: pod.metadata?.labels ?? {},
    namespace: pod.metadata?.namespace ?? 'default',
  } as PodInfo;
}

export const factory: PluginFactory = (args, handle) => new PodTopologySpread(args as PodTopologySpreadArgs | undefined, handle);
