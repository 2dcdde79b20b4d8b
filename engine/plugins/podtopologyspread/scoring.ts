// PodTopologySpread PreScore / Score / NormalizeScore (upstream scoring.go, v1.35).

import { MAX_NODE_SCORE } from '../../framework/types';
import type { NodeInfo, NodeScore, PodInfo, Snapshot } from '../../framework/types';
import { selectorCounts, type SelectorCounts } from './counts';
import {
  countPodsMatchSelector,
  LABEL_HOSTNAME,
  MATCH_ALL_NODES,
  matchNodeInclusionPolicies,
  nodeHasAllKeys,
  requiredNodeAffinity,
  type SpreadConstraint,
} from './common';

/** PreScore state, stored in the CycleState under PRESCORE_STATE_KEY. */
export class PreScoreState {
  constructor(
    /** ScheduleAnyway constraints. */
    readonly constraints: SpreadConstraint[],
    /** Feasible nodes missing some topology key (scored 0 and left out of normalization). */
    readonly ignoredNodes: Set<string>,
    /**
     * Per constraint: topology value -> matching pods, for the values of feasible nodes
     * (hostname constraints stay empty: they are counted per node in Score).
     */
    readonly topologyValueToPodCounts: Map<string, number>[],
    /** Per constraint: log(number of domains + 2). */
    readonly topologyNormalizingWeight: number[],
  ) {}

  /** Not modified after PreScore: shared, like upstream. */
  clone(): PreScoreState {
    return this;
  }
}

/** log(size + 2): the weight of a topology's counts, by the number of its domains. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** cnt * weight + (maxSkew - 1). */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/**
 * upstream initPreScoreState + the counting part of PreScore. `requireAllTopologies` is false
 * only for system default constraints (nodes without a zone label still get hostname spreading).
 */
export function calPreScoreState(
  pod: PodInfo,
  constraints: SpreadConstraint[],
  filteredNodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  requireAllTopologies: boolean,
  snapshot: Snapshot | null = null,
): PreScoreState {
  const n = constraints.length;
  const ignored = new Set<string>();
  const counts: Map<string, number>[] = [];
  const topoSize: number[] = [];
  for (let i = 0; i < n; i++) {
    counts.push(new Map());
    topoSize.push(0);
  }
  for (const ni of filteredNodes) {
    const labels = ni.labels;
    if (requireAllTopologies && !nodeHasAllKeys(labels, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const c = constraints[i];
      if (c.topologyKey === LABEL_HOSTNAME) continue; // counted per node in Score
      const value = labelOrEmpty(labels, c.topologyKey);
      if (!counts[i].has(value)) {
        counts[i].set(value, 0);
        topoSize[i]++;
      }
    }
  }
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let sz = topoSize[i];
    if (constraints[i].topologyKey === LABEL_HOSTNAME) sz = filteredNodes.length - ignored.size;
    weights.push(topologyNormalizingWeight(sz));
  }

  const required = requiredNodeAffinity(pod.pod);
  const ns = pod.namespace;
  // Per-node counts kept incrementally (counts.ts) when allNodes is the snapshot's node list.
  const views: (SelectorCounts | null)[] = [];
  // Constraints whose counts are still to be summed node by node.
  const pending = new Uint8Array(n);
  let anyPending = false;
  for (let i = 0; i < n; i++) {
    const m = counts[i];
    const v = snapshot !== null && m.size > 0 ? selectorCounts(snapshot, allNodes, constraints[i], ns) : null;
    views.push(v);
    if (m.size === 0) continue; // hostname constraints: counted per node in Score
    if (v !== null) {
      const c = constraints[i];
      const t = v.domainTotals(requireAllTopologies ? constraints : [], c.topologyKey);
      const everyNode =
        (c.nodeAffinityPolicy !== 'Honor' || required === MATCH_ALL_NODES) && (c.nodeTaintsPolicy !== 'Honor' || !t.tainted);
      if (everyNode) {
        // Every counted node passes the inclusion policies: the domain totals of the tracked values.
        for (const value of m.keys()) {
          const d = t.index.get(value);
          if (d !== undefined) m.set(value, t.totals[d]);
        }
        continue;
      }
    }
    pending[i] = 1;
    anyPending = true;
  }
  for (let j = 0; anyPending && j < allNodes.length; j++) {
    const ni = allNodes[j];
    const labels = ni.labels;
    if (requireAllTopologies && !nodeHasAllKeys(labels, constraints)) continue;
    for (let i = 0; i < n; i++) {
      if (pending[i] === 0) continue;
      const m = counts[i];
      const c = constraints[i];
      const value = labelOrEmpty(labels, c.topologyKey);
      const cur = m.get(value);
      // Only values of feasible nodes are tracked.
      if (cur === undefined) continue;
      if (!matchNodeInclusionPolicies(c, pod.pod, ni.node, required)) continue;
      const v = views[i];
      m.set(value, cur + (v !== null ? v.counts[j] : countPodsMatchSelector(ni.pods, c, ns)));
    }
  }
  return new PreScoreState(constraints, ignored, counts, weights);
}

/** Go's map lookup of a missing label yields "". */
function labelOrEmpty(labels: Record<string, string>, key: string): string {
  const v = labels[key];
  return typeof v === 'string' ? v : '';
}

/** upstream Score: the raw (unnormalized) score, rounded. */
export function scoreNode(s: PreScoreState, pod: PodInfo, nodeInfo: NodeInfo): number {
  if (s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.labels;
  const cs = s.constraints;
  let score = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const tpVal = labels[c.topologyKey];
    if (typeof tpVal !== 'string') continue;
    let cnt: number;
    if (c.topologyKey === LABEL_HOSTNAME) cnt = countPodsMatchSelector(nodeInfo.pods, c, pod.namespace);
    else cnt = s.topologyValueToPodCounts[i].get(tpVal) ?? 0;
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]);
  }
  return goRound(score);
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const INVALID_SCORE = -1;

/** upstream NormalizeScore: fewer matching pods => higher score; ignored nodes get 0. */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) {
      sc.score = INVALID_SCORE;
      continue;
    }
    if (sc.score < minScore) minScore = sc.score;
    if (sc.score > maxScore) maxScore = sc.score;
  }
  for (const sc of scores) {
    if (sc.score === INVALID_SCORE) {
      sc.score = 0;
      continue;
    }
    if (maxScore === 0) {
      sc.score = MAX_NODE_SCORE;
      continue;
    }
    sc.score = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - sc.score)) / maxScore);
  }
}
