// TaintToleration (upstream pkg/scheduler/framework/plugins/tainttoleration):
// - Filter: a node with a NoSchedule/NoExecute taint the pod does not tolerate is rejected
//   (UnschedulableAndUnresolvable, "node(s) had untolerated taint(s)"; v1.35 does not name the
//   taint — use untoleratedTaint() to show which one).
// - Score: the number of PreferNoSchedule taints the pod does not tolerate, normalized reversed.

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../../api/tolerations';
import {
  MAX_NODE_SCORE,
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PluginFactory,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/types';
import { FILTER_HAS_TAINTS, nodeFastFields } from '../../cache/nodeinfo';
import { defaultNormalizeScore } from '../helper/normalize_score';
import { samePod } from '../helper/pod';

export const Name = 'TaintToleration';
export const ErrReasonUntolerated = 'node(s) had untolerated taint(s)';
/** Upstream's (unused by Filter) ErrReasonNotMatch. */
export const ErrReasonNotMatch = "node(s) had taints that the pod didn't tolerate";
const preScoreStateKey = 'PreScore' + Name;

/**
 * For the UI: the first NoSchedule/NoExecute taint of the node (in node order) that the pod does
 * not tolerate, i.e. the taint Filter rejected the node for; null when the node passes.
 */
export function untoleratedTaint(pod: Pod, node: Node): Taint | null {
  return findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter);
}

/** Upstream's getAllTolerationPreferNoSchedule: tolerations with effect PreferNoSchedule or empty. */
export function tolerationsPreferNoSchedule(tolerations: readonly Toleration[] | null | undefined): Toleration[] {
  const out: Toleration[] = [];
  for (const t of tolerations ?? []) if (!t.effect || t.effect === 'PreferNoSchedule') out.push(t);
  return out;
}

/** Upstream's countIntolerableTaintsPreferNoSchedule. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[] | null | undefined,
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  if (!taints) return n;
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i];
    if (t.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, t)) n++;
  }
  return n;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Name;

  filter(_state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const f = nodeFastFields(nodeInfo);
    if (f !== null && (f.fFlags & FILTER_HAS_TAINTS) === 0) return null; // without reading the node object
    const taints = nodeInfo.node.spec?.taints;
    if (!taints || taints.length === 0) return null;
    if (findMatchingUntoleratedTaint(taints, pi.pod.spec?.tolerations, doNotScheduleTaintsFilter) === null) return null;
    return Status.unresolvable(ErrReasonUntolerated);
  }

  preScore(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): Status | null {
    state.write(preScoreStateKey, tolerationsPreferNoSchedule(pi.pod.spec?.tolerations));
    return null;
  }

  score(state: CycleState, _pi: PodInfo, nodeInfo: NodeInfo): number {
    const tolerations = state.read<Toleration[]>(preScoreStateKey);
    if (tolerations === undefined) {
      throw new Error(`failed to read "${preScoreStateKey}" from cycleState: not found`);
    }
    const f = nodeFastFields(nodeInfo);
    if (f !== null && (f.fFlags & FILTER_HAS_TAINTS) === 0) return 0; // no taints: nothing to count
    return countIntolerableTaintsPreferNoSchedule(nodeInfo.node.spec?.taints, tolerations);
  }

  normalizeScore(_state: CycleState, _pi: PodInfo, scores: NodeScore[]): Status | null {
    return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Node', action: 'Add' }, hint: isSchedulableAfterNodeChange },
      { event: { resource: 'Node', action: 'UpdateNodeTaint' }, hint: isSchedulableAfterNodeChange },
      { event: { resource: 'Pod', action: 'UpdatePodToleration' }, hint: isSchedulableAfterPodTolerationChange },
    ];
  }
}

function isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = oldObj as Node | null | undefined;
  const modified = newObj as Node | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  const wasUntolerated = original == null || untoleratedTaint(pod, original) !== null;
  const isUntolerated = untoleratedTaint(pod, modified) !== null;
  return wasUntolerated && !isUntolerated ? QueueingHint.Queue : QueueingHint.Skip;
}

function isSchedulableAfterPodTolerationChange(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const modified = newObj as Pod | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  return samePod(modified, pod) ? QueueingHint.Queue : QueueingHint.Skip;
}

export const factory: PluginFactory = () => new TaintToleration();
