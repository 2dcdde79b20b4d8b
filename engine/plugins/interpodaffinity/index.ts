// InterPodAffinity (upstream pkg/scheduler/framework/plugins/interpodaffinity, v1.35).
//
// Filter: the incoming pod's required pod affinity (UnschedulableAndUnresolvable), its required
// anti-affinity and the existing pods' required anti-affinity (Unschedulable), evaluated with
// per-topology-pair counts built once in PreFilter. Score: the incoming pod's preferred terms
// plus, symmetrically, the existing pods' preferred terms and required affinity terms (the
// latter weighted by hardPodAffinityWeight), min-max normalized.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { newPodInfo } from '../../api/podinfo';
import { ClusterSnapshot } from '../../cache/snapshot';
import { Code, QueueingHint, Status } from '../../framework/types';
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
import { incomingTermMatches, podMatchesAllTerms, resolveIncomingTerm, type IncomingTerm } from './common';
import { calPreFilterState, filterNode, PreFilterState } from './filtering';
import { calPreScoreState, normalizeScores, PreScoreState, scoreNode, type ScoringArgs } from './scoring';

export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  PreFilterState,
} from './filtering';
export { PreScoreState } from './scoring';
export { TopologyCounts } from './common';

export const Name = 'InterPodAffinity';
export const PREFILTER_STATE_KEY = 'PreFilter' + Name;
export const PRESCORE_STATE_KEY = 'PreScore' + Name;

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1). */
export interface InterPodAffinityArgs {
  /** 0..100, default 1. */
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

export class InterPodAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions
{
  readonly name = Name;
  readonly args: ScoringArgs;

  constructor(
    args: InterPodAffinityArgs | undefined,
    private readonly handle: Handle,
  ) {
    this.args = {
      hardPodAffinityWeight: args?.hardPodAffinityWeight ?? 1,
      ignorePreferredTermsOfExistingPods: args?.ignorePreferredTermsOfExistingPods ?? false,
    };
  }

  private namespaceLabels(): (ns: string) => Record<string, string> {
    const snap = this.handle.snapshot();
    return (ns) => snap.namespaceLabels(ns);
  }

  // ---- PreFilter / Filter ----

  preFilter(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    if (pod.parseError) {
      return { result: null, status: new Status(Code.UnschedulableAndUnresolvable, [`parsing pod: ${pod.parseError}`]) };
    }
    const snap = this.handle.snapshot();
    const index = snap instanceof ClusterSnapshot && nodes === snap.nodeInfoList ? snap.podIndex() : null;
    const s = calPreFilterState(pod, nodes, () => snap.havePodsWithRequiredAntiAffinityList, (ns) => snap.namespaceLabels(ns), index);
    if (!s) return { result: null, status: Status.skip() };
    state.write(PREFILTER_STATE_KEY, s);
    return { result: null, status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    s.updateWithPod(podInfoToAdd, nodeInfo.labels, 1);
    return null;
  }

  removePod(state: CycleState, _podToSchedule: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    s.updateWithPod(podInfoToRemove, nodeInfo.labels, -1);
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY);
    if (!s) return Status.error(`error reading "${PREFILTER_STATE_KEY}" from cycleState: not found`);
    return filterNode(s, nodeInfo);
  }

  // ---- PreScore / Score ----

  preScore(state: CycleState, pod: PodInfo, _nodes: NodeInfo[]): Status | null {
    if (pod.parseError) return Status.error(`failed to parse pod: ${pod.parseError}`);
    const snap = this.handle.snapshot();
    const index = snap instanceof ClusterSnapshot ? snap.podIndex() : null;
    const s = calPreScoreState(pod, this.args, snap.nodeInfoList, () => snap.havePodsWithAffinityList, (ns) => snap.namespaceLabels(ns), index);
    if (!s) return Status.skip();
    state.write(PRESCORE_STATE_KEY, s);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRESCORE_STATE_KEY);
    if (!s) throw new Error(`error reading "${PRESCORE_STATE_KEY}" from cycleState: not found`);
    return scoreNode(s, nodeInfo);
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
      { event: { resource: 'Pod', action: 'Delete' }, hint: podHint },
      { event: { resource: 'Node', action: 'Add' }, hint: nodeHint },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' }, hint: nodeHint },
    ];
  }

  private termsOf(pod: Pod): { affinity: IncomingTerm[]; anti: IncomingTerm[] } {
    const pi = cachedPodInfo(pod);
    const nsl = this.namespaceLabels();
    return {
      affinity: pi.requiredAffinityTerms.map((t) => resolveIncomingTerm(t, nsl)),
      anti: pi.requiredAntiAffinityTerms.map((t) => resolveIncomingTerm(t, nsl)),
    };
  }

  isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const original = asPod(oldObj);
    const modified = asPod(newObj);
    if ((modified && !modified.spec?.nodeName) || (original && !original.spec?.nodeName)) return QueueingHint.Skip;
    const { affinity, anti } = this.termsOf(pod);
    const matchesAny = (terms: IncomingTerm[], p: PodInfo) => terms.some((t) => incomingTermMatches(t, p));
    if (modified && original) {
      const o = cachedPodInfo(original);
      const m = cachedPodInfo(modified);
      if (!podMatchesAllTerms(affinity, o) && podMatchesAllTerms(affinity, m)) return QueueingHint.Queue;
      if (matchesAny(anti, o) && !matchesAny(anti, m)) return QueueingHint.Queue;
      return QueueingHint.Skip;
    }
    if (modified) return podMatchesAllTerms(affinity, cachedPodInfo(modified)) ? QueueingHint.Queue : QueueingHint.Skip;
    if (original && matchesAny(anti, cachedPodInfo(original))) return QueueingHint.Queue;
    return QueueingHint.Skip;
  }

  isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const original = asNode(oldObj);
    const modified = asNode(newObj);
    const { affinity, anti } = this.termsOf(pod);
    const ol = original?.metadata?.labels ?? {};
    const ml = modified?.metadata?.labels ?? {};
    for (const t of affinity) {
      const key = t.topologyKey;
      if (!original) {
        if (Object.hasOwn(ml, key)) return QueueingHint.Queue;
        continue;
      }
      const oh = Object.hasOwn(ol, key);
      const mh = Object.hasOwn(ml, key);
      if (!oh && mh) return QueueingHint.Queue;
      if (oh && mh && ol[key] !== ml[key]) return QueueingHint.Queue;
    }
    for (const t of anti) {
      if (!original) return QueueingHint.Queue;
      const key = t.topologyKey;
      const oh = Object.hasOwn(ol, key);
      const mh = Object.hasOwn(ml, key);
      if (oh && !mh) return QueueingHint.Queue;
      if (oh && mh && ol[key] !== ml[key]) return QueueingHint.Queue;
    }
    return QueueingHint.Skip;
  }
}

const podInfoCache = new WeakMap<Pod, PodInfo>();

function cachedPodInfo(pod: Pod): PodInfo {
  let pi = podInfoCache.get(pod);
  if (!pi) {
    pi = newPodInfo(pod);
    podInfoCache.set(pod, pi);
  }
  return pi;
}

/** Accepts a v1.Pod or anything carrying one in `.pod` (a PodInfo). */
function asPod(o: unknown): Pod | null {
  if (!o || typeof o !== 'object') return null;
  const p = o as { pod?: Pod };
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

export const factory: PluginFactory = (args, handle) => new InterPodAffinity(args as InterPodAffinityArgs | undefined, handle);
