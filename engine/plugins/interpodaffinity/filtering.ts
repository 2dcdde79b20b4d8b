// InterPodAffinity PreFilter / Filter / PreFilterExtensions (upstream interpodaffinity/filtering.go, v1.35).

import { Code, Status } from '../../framework/types';
import type { NodeInfo, PodInfo } from '../../framework/types';
import { nodeLabel } from '../../cache/nodeinfo';
import type { IndexedTerm, PodIndex } from '../../cache/podindex';
import {
  incomingTermMatches,
  labelOf,
  podMatchesAllTerms,
  resolveIncomingTerm,
  termMatches,
  TopologyCounts,
  type IncomingTerm,
} from './common';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** PreFilter state, stored in the CycleState under PREFILTER_STATE_KEY. */
export class PreFilterState {
  constructor(
    /** Pairs -> number of existing pods whose required anti-affinity terms match the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs -> number of existing pods matching all the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs -> number of existing pods matching the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    readonly podInfo: PodInfo,
    /** Labels of the incoming pod's namespace. */
    readonly namespaceLabels: Record<string, string>,
    readonly affinityTerms: IncomingTerm[],
    readonly antiAffinityTerms: IncomingTerm[],
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.podInfo,
      this.namespaceLabels,
      this.affinityTerms,
      this.antiAffinityTerms,
    );
  }

  /** upstream updateWithPod (AddPod +1 / RemovePod -1). */
  updateWithPod(pi: PodInfo, nodeLabels: Record<string, string>, multiplier: number): void {
    const anti = pi.requiredAntiAffinityTerms;
    for (let i = 0; i < anti.length; i++) {
      const t = anti[i];
      if (!termMatches(t, this.podInfo, this.namespaceLabels)) continue;
      const v = labelOf(nodeLabels, t.topologyKey);
      if (v !== undefined) this.existingAntiAffinityCounts.update(t.topologyKey, v, multiplier);
    }
    if (podMatchesAllTerms(this.affinityTerms, pi)) {
      for (const t of this.affinityTerms) {
        const v = labelOf(nodeLabels, t.topologyKey);
        if (v !== undefined) this.affinityCounts.update(t.topologyKey, v, multiplier);
      }
    }
    for (const t of this.antiAffinityTerms) {
      if (!incomingTermMatches(t, pi)) continue;
      const v = labelOf(nodeLabels, t.topologyKey);
      if (v !== undefined) this.antiAffinityCounts.update(t.topologyKey, v, multiplier);
    }
  }
}

/**
 * Builds the PreFilter state, or null when there is nothing to check (upstream returns Skip:
 * no existing pod's anti-affinity matches the pod and the pod has no required terms).
 *
 * With `index` (the snapshot's pod index, whose pods are exactly those of allNodes) only the
 * candidates the index yields are examined; the counts are the same as scanning every pod.
 */
export function calPreFilterState(
  pod: PodInfo,
  allNodes: readonly NodeInfo[],
  nodesWithRequiredAntiAffinityPods: readonly NodeInfo[] | (() => readonly NodeInfo[]),
  namespaceLabels: (ns: string) => Record<string, string>,
  index: PodIndex | null = null,
): PreFilterState | null {
  const nsLabels = namespaceLabels(pod.namespace);
  const affinityTerms = pod.requiredAffinityTerms.map((t) => resolveIncomingTerm(t, namespaceLabels));
  const antiAffinityTerms = pod.requiredAntiAffinityTerms.map((t) => resolveIncomingTerm(t, namespaceLabels));

  // Existing pods' required anti-affinity terms that match the incoming pod.
  const existing = new TopologyCounts();
  if (index !== null) {
    const cands = index.requiredAntiAffinity.candidates(pod.labels, scratchTerms);
    for (let i = 0; i < cands.length; i++) {
      const e = cands[i];
      const t = e.term;
      if (!termMatches(t, pod, nsLabels)) continue;
      const v = labelOf(e.node.labels, t.topologyKey);
      if (v !== undefined) existing.add(t.topologyKey, v, 1);
    }
    cands.length = 0;
  } else {
    const withAnti = typeof nodesWithRequiredAntiAffinityPods === 'function' ? nodesWithRequiredAntiAffinityPods() : nodesWithRequiredAntiAffinityPods;
    for (const ni of withAnti) {
      const labels = ni.labels;
      const pods = ni.podsWithRequiredAntiAffinity;
      for (let j = 0; j < pods.length; j++) {
        const terms = pods[j].requiredAntiAffinityTerms;
        for (let k = 0; k < terms.length; k++) {
          const t = terms[k];
          if (!termMatches(t, pod, nsLabels)) continue;
          const v = labelOf(labels, t.topologyKey);
          if (v !== undefined) existing.add(t.topologyKey, v, 1);
        }
      }
    }
  }

  // Existing pods matching the incoming pod's required affinity / anti-affinity terms.
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  if (affinityTerms.length > 0 || antiAffinityTerms.length > 0) {
    if (index !== null && allIndexable(affinityTerms) && allIndexable(antiAffinityTerms) && index.labelIndexReady()) {
      countAffinityIndexed(index, affinityTerms, affinity);
      for (let k = 0; k < antiAffinityTerms.length; k++) {
        const t = antiAffinityTerms[k];
        forEachIndexedCandidate(index, t, (ep, ni) => {
          if (!incomingTermMatches(t, ep)) return;
          const v = labelOf(ni.labels, t.topologyKey);
          if (v !== undefined) anti.add(t.topologyKey, v, 1);
        });
      }
    } else {
      for (const ni of allNodes) {
        const labels = ni.labels;
        const pods = ni.pods;
        for (let j = 0; j < pods.length; j++) {
          const ep = pods[j];
          if (affinityTerms.length > 0 && podMatchesAllTerms(affinityTerms, ep)) {
            for (const t of affinityTerms) {
              const v = labelOf(labels, t.topologyKey);
              if (v !== undefined) affinity.add(t.topologyKey, v, 1);
            }
          }
          for (let k = 0; k < antiAffinityTerms.length; k++) {
            const t = antiAffinityTerms[k];
            if (!incomingTermMatches(t, ep)) continue;
            const v = labelOf(labels, t.topologyKey);
            if (v !== undefined) anti.add(t.topologyKey, v, 1);
          }
        }
      }
    }
  }

  if (existing.size === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) return null;
  return new PreFilterState(existing, affinity, anti, pod, nsLabels, affinityTerms, antiAffinityTerms);
}

const scratchTerms: IndexedTerm[] = [];

/** Every term selects nothing or has an index hint (so its matches can be found by label). */
export function allIndexable(terms: readonly IncomingTerm[]): boolean {
  for (let i = 0; i < terms.length; i++) {
    const sel = terms[i].term.selector;
    if (!sel.matchesNothing && sel.indexHint === undefined) return false;
  }
  return true;
}

/**
 * Calls fn for every indexed pod the term's selector could match (each once; none for a
 * selector that matches nothing). The term must be indexable (allIndexable) and the index's
 * label index ready (labelIndexReady()).
 */
export function forEachIndexedCandidate(index: PodIndex, t: IncomingTerm, fn: (pod: PodInfo, node: NodeInfo) => void): void {
  const sel = t.term.selector;
  if (sel.matchesNothing) return;
  const hint = sel.indexHint!;
  const values = hint.values;
  for (let i = 0; i < values.length; i++) {
    // Values repeated in an In expression would yield the same pods twice.
    if (i > 0 && values.indexOf(values[i]) < i) continue;
    const m = index.podsWithLabel(hint.key, values[i]);
    if (m === undefined) continue;
    for (const [ep, ni] of m) fn(ep, ni);
  }
}

/** The affinity counts from the index: pods matching all terms, found through one term's hint. */
function countAffinityIndexed(index: PodIndex, terms: readonly IncomingTerm[], out: TopologyCounts): void {
  if (terms.length === 0) return;
  // A pod must match every term, so the candidates of any one term will do; a term that matches
  // nothing means no pod matches them all.
  for (let i = 0; i < terms.length; i++) if (terms[i].term.selector.matchesNothing) return;
  forEachIndexedCandidate(index, terms[0], (ep, ni) => {
    if (!podMatchesAllTerms(terms, ep)) return;
    const labels = ni.labels;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k];
      const v = labelOf(labels, t.topologyKey);
      if (v !== undefined) out.add(t.topologyKey, v, 1);
    }
  });
}

/** Placing the pod on the node would not break an existing pod's anti-affinity. */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  const c = s.existingAntiAffinityCounts;
  if (c.size === 0) return true;
  for (let i = 0; i < c.keys.length; i++) {
    const v = nodeLabel(node, c.keys[i]);
    if (v === undefined) continue;
    if ((c.byKey[i].get(v) ?? 0) > 0) return false;
  }
  return true;
}

/** The node satisfies the incoming pod's required anti-affinity. */
export function satisfyPodAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const terms = s.antiAffinityTerms;
  for (let i = 0; i < terms.length; i++) {
    const key = terms[i].topologyKey;
    const v = nodeLabel(node, key);
    if (v === undefined) continue;
    if (s.antiAffinityCounts.get(key, v) > 0) return false;
  }
  return true;
}

/** The node satisfies the incoming pod's required affinity (incl. the first-pod-of-a-collection rule). */
export function satisfyPodAffinity(s: PreFilterState, node: NodeInfo): boolean {
  const terms = s.affinityTerms;
  let podsExist = true;
  for (let i = 0; i < terms.length; i++) {
    const key = terms[i].topologyKey;
    const v = nodeLabel(node, key);
    if (v === undefined) return false; // all topology labels must exist on the node
    if (s.affinityCounts.get(key, v) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The pod may be the first of a collection with affinity to itself: allowed when no pod in
    // the cluster matches the terms and the pod matches its own terms.
    return s.affinityCounts.size === 0 && podMatchesAllTerms(terms, s.podInfo);
  }
  return true;
}

// Filter's rejections. Statuses are never changed once returned (the framework only sets their
// plugin, to this plugin's name), so the same three serve every node: Filter allocates nothing.
const STATUS_AFFINITY = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_AFFINITY_RULES_NOT_MATCH]).withPlugin('InterPodAffinity');
const STATUS_ANTI_AFFINITY = new Status(Code.Unschedulable, [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH]).withPlugin('InterPodAffinity');
const STATUS_EXISTING_ANTI_AFFINITY = new Status(Code.Unschedulable, [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH]).withPlugin(
  'InterPodAffinity',
);

/** upstream Filter. */
export function filterNode(s: PreFilterState, nodeInfo: NodeInfo): Status | null {
  if (!satisfyPodAffinity(s, nodeInfo)) {
    return STATUS_AFFINITY;
  }
  if (!satisfyPodAntiAffinity(s, nodeInfo)) {
    return STATUS_ANTI_AFFINITY;
  }
  if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) {
    return STATUS_EXISTING_ANTI_AFFINITY;
  }
  return null;
}
