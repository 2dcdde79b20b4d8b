// A pure read-out of PodTopologySpread's per-cycle state for the UI / trace: for every
// constraint the matching pods per topology domain, the global minimum, maxSkew and the skew
// each given node would produce. It reads the states PreFilter / PreScore wrote into the
// CycleState; it changes nothing.

import type { CycleState, NodeInfo, PodInfo } from '../../framework/types';
import { countPodsMatchSelector, LABEL_HOSTNAME, type SpreadConstraint } from './common';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, type PreFilterState } from './filtering';
import type { PreScoreState } from './scoring';

export interface SpreadNodeExplanation {
  /** The node's value of the topology key; null when the node lacks the key. */
  domain: string | null;
  /** Matching pods in that domain (before the incoming pod). */
  matchNum: number;
  /** matchNum + selfMatch - min; null when the node lacks the key. */
  skew: number | null;
  /** DoNotSchedule: skew <= maxSkew and the key is present. ScheduleAnyway: always true. */
  pass: boolean;
  /** The Filter reason for a DoNotSchedule constraint that fails on this node. */
  reason?: string;
  /** ScheduleAnyway: this constraint's raw contribution to the node's score (before rounding). */
  rawScore?: number;
  /** ScheduleAnyway: the node misses a topology key and is scored 0. */
  ignored?: boolean;
}

export interface SpreadConstraintExplanation {
  index: number;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  topologyKey: string;
  maxSkew: number;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
  /** Whether the incoming pod itself matches the selector (adds 1 to its domain). */
  selfMatch: boolean;
  /** Topology value -> matching pods. For ScheduleAnyway hostname constraints: per given node. */
  counts: Record<string, number>;
  /** Number of eligible domains. */
  domains: number;
  /** The global minimum used for skew (0 when domains < minDomains for DoNotSchedule). */
  min: number;
  /** ScheduleAnyway: log(domains + 2) weight. */
  weight?: number;
  nodes: Record<string, SpreadNodeExplanation>;
}

export interface SpreadExplanation {
  constraints: SpreadConstraintExplanation[];
}

function minOf(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m === Infinity ? 0 : m;
}

function hard(s: PreFilterState, pod: PodInfo, nodes: readonly NodeInfo[]): SpreadConstraintExplanation[] {
  return s.constraints.map((c, i) => {
    const counts: Record<string, number> = {};
    for (const [v, n] of s.tpValueToMatchNum[i]) counts[v] = n;
    const min = s.minMatchNum(i);
    const self = s.selfMatch[i];
    const out: Record<string, SpreadNodeExplanation> = {};
    for (const ni of nodes) {
      const v = ni.labels[c.topologyKey];
      if (typeof v !== 'string') {
        out[ni.name] = { domain: null, matchNum: 0, skew: null, pass: false, reason: ERR_REASON_NODE_LABEL_NOT_MATCH };
        continue;
      }
      const matchNum = s.tpValueToMatchNum[i].get(v) ?? 0;
      const skew = matchNum + self - min;
      const pass = skew <= c.maxSkew;
      out[ni.name] = pass ? { domain: v, matchNum, skew, pass } : { domain: v, matchNum, skew, pass, reason: ERR_REASON_CONSTRAINTS_NOT_MATCH };
    }
    return base(c, i, 'DoNotSchedule', self === 1, counts, s.tpValueToMatchNum[i].size, min, out);
  });
}

function soft(s: PreScoreState, pod: PodInfo, nodes: readonly NodeInfo[]): SpreadConstraintExplanation[] {
  return s.constraints.map((c, i) => {
    const self = c.selector(pod.labels) ? 1 : 0;
    const counts: Record<string, number> = {};
    const hostname = c.topologyKey === LABEL_HOSTNAME;
    if (hostname) {
      for (const ni of nodes) {
        if (s.ignoredNodes.has(ni.name) || typeof ni.labels[c.topologyKey] !== 'string') continue;
        counts[ni.labels[c.topologyKey]] = countPodsMatchSelector(ni.pods, c, pod.namespace);
      }
    } else {
      for (const [v, n] of s.topologyValueToPodCounts[i]) counts[v] = n;
    }
    const min = minOf(Object.values(counts));
    const weight = s.topologyNormalizingWeight[i];
    const out: Record<string, SpreadNodeExplanation> = {};
    for (const ni of nodes) {
      const v = ni.labels[c.topologyKey];
      if (s.ignoredNodes.has(ni.name)) {
        out[ni.name] = { domain: typeof v === 'string' ? v : null, matchNum: 0, skew: null, pass: true, ignored: true, rawScore: 0 };
        continue;
      }
      if (typeof v !== 'string') {
        out[ni.name] = { domain: null, matchNum: 0, skew: null, pass: true, rawScore: 0 };
        continue;
      }
      const matchNum = counts[v] ?? 0;
      out[ni.name] = { domain: v, matchNum, skew: matchNum + self - min, pass: true, rawScore: matchNum * weight + (c.maxSkew - 1) };
    }
    const e = base(c, i, 'ScheduleAnyway', self === 1, counts, Object.keys(counts).length, min, out);
    e.weight = weight;
    return e;
  });
}

function base(
  c: SpreadConstraint,
  index: number,
  when: 'DoNotSchedule' | 'ScheduleAnyway',
  selfMatch: boolean,
  counts: Record<string, number>,
  domains: number,
  min: number,
  nodes: Record<string, SpreadNodeExplanation>,
): SpreadConstraintExplanation {
  return {
    index,
    whenUnsatisfiable: when,
    topologyKey: c.topologyKey,
    maxSkew: c.maxSkew,
    minDomains: c.minDomains,
    nodeAffinityPolicy: c.nodeAffinityPolicy,
    nodeTaintsPolicy: c.nodeTaintsPolicy,
    selfMatch,
    counts,
    domains,
    min,
    nodes,
  };
}

/**
 * Explains PodTopologySpread for this cycle: the DoNotSchedule constraints (from the PreFilter
 * state, index = position among them) then the ScheduleAnyway ones (from the PreScore state),
 * each with the given nodes' domains and skews. Null when the plugin wrote neither state
 * (the pod has no constraints, or PreFilter/PreScore were skipped).
 */
export function explainTopologySpread(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SpreadExplanation | null {
  const pf = state.read<PreFilterState>('PreFilterPodTopologySpread');
  const ps = state.read<PreScoreState>('PreScorePodTopologySpread');
  if (!pf && !ps) return null;
  const constraints: SpreadConstraintExplanation[] = [];
  if (pf) constraints.push(...hard(pf, pod, nodes));
  if (ps) constraints.push(...soft(ps, pod, nodes));
  return { constraints };
}
