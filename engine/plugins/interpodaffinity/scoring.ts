// InterPodAffinity PreScore / Score / NormalizeScore (upstream interpodaffinity/scoring.go, v1.35).

import { MAX_NODE_SCORE } from '../../framework/types';
import type { AffinityTerm, NodeInfo, NodeScore, PodInfo, WeightedAffinityTerm } from '../../framework/types';
import type { IndexedTerm, PodIndex } from '../../cache/podindex';
import { allIndexable, forEachIndexedCandidate } from './filtering';
import { incomingTermMatches, labelOf, resolveIncomingTerm, termMatches, TopologyCounts, type IncomingTerm } from './common';

/** PreScore state: topologyKey -> topologyValue -> summed weight. */
export class PreScoreState {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): PreScoreState {
    return this;
  }
}

interface WeightedIncoming extends IncomingTerm {
  weight: number;
}

/** Go int32 multiplication (weight * multiplier). */
const i32 = (x: number): number => x | 0;

export interface ScoringArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/**
 * upstream PreScore; returns null for Skip (nothing to score: no term matched anywhere, or
 * ignorePreferredTermsOfExistingPods and the pod has no preferred terms).
 *
 * With `index` (the snapshot's pod index, whose pods are exactly those of allNodes) only the
 * candidates the index yields are examined; the sums are the same as scanning every pod.
 */
export function calPreScoreState(
  pod: PodInfo,
  args: ScoringArgs,
  allNodes: readonly NodeInfo[],
  nodesWithAffinityPods: readonly NodeInfo[] | (() => readonly NodeInfo[]),
  namespaceLabels: (ns: string) => Record<string, string>,
  index: PodIndex | null = null,
): PreScoreState | null {
  const aff = pod.pod.spec?.affinity;
  const hasPreferredAffinity = (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  const hasPreferredAnti = (aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  const hasConstraints = hasPreferredAffinity || hasPreferredAnti;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return null;

  const prefAffinity: WeightedIncoming[] = pod.preferredAffinityTerms.map((t) => ({
    ...resolveIncomingTerm(t, namespaceLabels),
    weight: t.weight,
  }));
  const prefAnti: WeightedIncoming[] = pod.preferredAntiAffinityTerms.map((t) => ({
    ...resolveIncomingTerm(t, namespaceLabels),
    weight: t.weight,
  }));
  const nsLabels = namespaceLabels(pod.namespace);
  const hard = args.hardPodAffinityWeight;
  const scores = new TopologyCounts();
  let touched = false;

  const processIncoming = (terms: WeightedIncoming[], existing: PodInfo, labels: Record<string, string>, mult: number) => {
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      if (!incomingTermMatches(t, existing)) continue;
      const v = labelOf(labels, t.topologyKey);
      if (v === undefined) continue;
      scores.add(t.topologyKey, v, i32(t.weight * mult));
      touched = true;
    }
  };
  const processExisting = (t: AffinityTerm, weight: number, labels: Record<string, string>, mult: number) => {
    if (!termMatches(t, pod, nsLabels)) return;
    const v = labelOf(labels, t.topologyKey);
    if (v === undefined) return;
    scores.add(t.topologyKey, v, i32(weight * mult));
    touched = true;
  };

  if (
    index !== null &&
    allIndexable(prefAffinity) &&
    allIndexable(prefAnti) &&
    (prefAffinity.length + prefAnti.length === 0 || index.labelIndexReady())
  ) {
    // The incoming pod's preferred terms: the pods each term could match.
    const incoming = (terms: WeightedIncoming[], mult: number) => {
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i];
        forEachIndexedCandidate(index, t, (ep, ni) => {
          if (!incomingTermMatches(t, ep)) return;
          const v = labelOf(ni.labels, t.topologyKey);
          if (v === undefined) return;
          scores.add(t.topologyKey, v, i32(t.weight * mult));
          touched = true;
        });
      }
    };
    incoming(prefAffinity, 1);
    incoming(prefAnti, -1);
    // Symmetry: the existing pods' terms that could select the incoming pod.
    const cands = scratchTerms;
    if (hard > 0) {
      index.requiredAffinity.candidates(pod.labels, cands);
      for (let i = 0; i < cands.length; i++) processExisting(cands[i].term, hard, cands[i].node.labels, 1);
    }
    cands.length = 0;
    const wc = scratchWeighted;
    index.preferredAffinity.candidates(pod.labels, wc);
    for (let i = 0; i < wc.length; i++) processExisting(wc[i].term, wc[i].term.weight, wc[i].node.labels, 1);
    index.preferredAntiAffinity.candidates(pod.labels, wc);
    for (let i = 0; i < wc.length; i++) processExisting(wc[i].term, wc[i].term.weight, wc[i].node.labels, -1);
    wc.length = 0;
  } else {
    const nodes = hasConstraints ? allNodes : typeof nodesWithAffinityPods === 'function' ? nodesWithAffinityPods() : nodesWithAffinityPods;
    for (const ni of nodes) {
      const labels = ni.labels;
      if (!hasAnyLabel(labels)) continue;
      const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
      for (let j = 0; j < pods.length; j++) {
        const ep = pods[j];
        // The incoming pod's preferred terms matched by the existing pod.
        if (prefAffinity.length) processIncoming(prefAffinity, ep, labels, 1);
        if (prefAnti.length) processIncoming(prefAnti, ep, labels, -1);
        // Symmetry: the existing pod's terms matched by the incoming pod.
        if (hard > 0) {
          const req = ep.requiredAffinityTerms;
          for (let k = 0; k < req.length; k++) processExisting(req[k], hard, labels, 1);
        }
        const pa = ep.preferredAffinityTerms;
        for (let k = 0; k < pa.length; k++) processExisting(pa[k], pa[k].weight, labels, 1);
        const pn = ep.preferredAntiAffinityTerms;
        for (let k = 0; k < pn.length; k++) processExisting(pn[k], pn[k].weight, labels, -1);
      }
    }
  }
  if (!touched) return null;
  return new PreScoreState(scores);
}

const scratchTerms: IndexedTerm[] = [];
const scratchWeighted: IndexedTerm<WeightedAffinityTerm>[] = [];

function hasAnyLabel(labels: Record<string, string>): boolean {
  for (const k in labels) if (Object.hasOwn(labels, k)) return true;
  return false;
}

/** upstream Score: the sum over the node's topology pairs. */
export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const c = s.topologyScore;
  const labels = nodeInfo.labels;
  let score = 0;
  for (let i = 0; i < c.keys.length; i++) {
    const v = labelOf(labels, c.keys[i]);
    if (v === undefined) continue;
    score += c.byKey[i].get(v) ?? 0;
  }
  return score;
}

/** upstream NormalizeScore: min-max to 0..100 (scores may be negative). */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  if (s.topologyScore.keys.length === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const sc of scores) {
    if (sc.score > max) max = sc.score;
    if (sc.score < min) min = sc.score;
  }
  const diff = max - min;
  for (const sc of scores) {
    let f = 0;
    if (diff > 0) f = MAX_NODE_SCORE * ((sc.score - min) / diff);
    sc.score = Math.trunc(f);
  }
}
