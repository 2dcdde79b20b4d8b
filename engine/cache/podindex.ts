// Incremental indexes over the pods of a snapshot, so that per-cycle questions like "which pods
// carry label app=web" or "which existing pods' anti-affinity terms could select this pod" cost
// the number of candidates instead of the number of pods in the cluster. They are pure
// accelerators: a caller always re-checks every candidate with the exact predicate, and falls
// back to scanning the nodes when an index is not available (see ClusterSnapshot.podIndex()).
//
//   NodeChangeLog   every NodeInfo change (pod added/removed, changed in place), as a ring with
//                   a sequence number, for consumers that keep per-node derived data up to date.
//   PodIndex        pods by label pair, and the existing pods' affinity terms by the label pair
//                   their selector requires (LabelSelectorFn.indexHint).

import type { AffinityTerm, NodeInfo, PodInfo } from '../framework/types';

const LOG_CAPACITY = 4096;

/** The last LOG_CAPACITY changed NodeInfos, with a global sequence number. */
export class NodeChangeLog {
  private readonly ring: (NodeInfo | null)[] = new Array<NodeInfo | null>(LOG_CAPACITY).fill(null);
  /** Number of changes recorded so far; a consumer's cursor is the seq it has seen up to. */
  seq = 0;

  push(ni: NodeInfo): void {
    this.ring[this.seq % LOG_CAPACITY] = ni;
    this.seq++;
  }

  /** Whether the changes after `cursor` are all still in the ring. */
  reaches(cursor: number): boolean {
    return this.seq - cursor <= LOG_CAPACITY && cursor <= this.seq;
  }

  /** The NodeInfo changed at sequence number s (only valid while reaches(s)). */
  at(s: number): NodeInfo {
    return this.ring[s % LOG_CAPACITY]!;
  }
}

/** The separator of index keys: label keys and values cannot contain it. */
export const pairKey = (key: string, value: string): string => key + '\u0000' + value;

/** An existing pod's affinity term with where it is. */
export interface IndexedTerm<T extends AffinityTerm = AffinityTerm> {
  term: T;
  pod: PodInfo;
  node: NodeInfo;
}

/** Terms of one kind (e.g. required anti-affinity) of the pods of a snapshot. */
export class TermIndex<T extends AffinityTerm = AffinityTerm> {
  /** pairKey(hint key, hint value) -> terms whose selector requires that pair. */
  private readonly byPair = new Map<string, Map<T, IndexedTerm<T>>>();
  /** Terms without an index hint: candidates for every pod. */
  readonly unhinted = new Map<T, IndexedTerm<T>>();
  /** Number of indexed terms. */
  size = 0;
  /** Set when the same term object was added twice (the index then cannot be used). */
  broken = false;

  add(term: T, pod: PodInfo, node: NodeInfo): void {
    const sel = term.selector;
    if (sel.matchesNothing) return; // can never select anything
    const hint = sel.indexHint;
    const e: IndexedTerm<T> = { term, pod, node };
    if (hint === undefined) {
      if (this.unhinted.has(term)) this.broken = true;
      this.unhinted.set(term, e);
    } else {
      for (let i = 0; i < hint.values.length; i++) {
        if (i > 0 && hint.values.indexOf(hint.values[i]) < i) continue; // repeated value
        const k = pairKey(hint.key, hint.values[i]);
        let m = this.byPair.get(k);
        if (m === undefined) {
          m = new Map();
          this.byPair.set(k, m);
        }
        if (m.has(term)) this.broken = true;
        m.set(term, e);
      }
    }
    this.size++;
  }

  remove(term: T): void {
    const sel = term.selector;
    if (sel.matchesNothing) return;
    const hint = sel.indexHint;
    if (hint === undefined) {
      if (!this.unhinted.delete(term)) this.broken = true;
    } else {
      for (let i = 0; i < hint.values.length; i++) {
        if (i > 0 && hint.values.indexOf(hint.values[i]) < i) continue; // repeated value
        const k = pairKey(hint.key, hint.values[i]);
        const m = this.byPair.get(k);
        if (m === undefined || !m.delete(term)) {
          this.broken = true;
          continue;
        }
        if (m.size === 0) this.byPair.delete(k);
      }
    }
    this.size--;
  }

  /**
   * Every indexed term whose selector could match a pod with these labels (each once): the
   * unhinted terms and the terms whose hint pair the labels carry. `out` is cleared first.
   */
  candidates(labels: Record<string, string>, out: IndexedTerm<T>[]): IndexedTerm<T>[] {
    out.length = 0;
    if (this.size === 0) return out;
    for (const e of this.unhinted.values()) out.push(e);
    if (this.byPair.size === 0) return out;
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const m = this.byPair.get(pairKey(k, String(labels[k])));
      if (m === undefined) continue;
      for (const e of m.values()) out.push(e);
    }
    return out;
  }
}

/**
 * Pods of a snapshot by label pair, plus the existing pods' affinity terms by kind. Kept up to
 * date by the snapshot (built on first use, dropped when nodes are added or removed).
 */
export class PodIndex {
  /**
   * pairKey(label key, value) -> pods carrying it (PodInfo -> its NodeInfo), in insertion order;
   * null until first asked for (built then from `allNodes`, kept up to date afterwards).
   */
  private byPair: Map<string, Map<PodInfo, NodeInfo>> | null = null;
  readonly requiredAntiAffinity = new TermIndex<AffinityTerm>();
  readonly requiredAffinity = new TermIndex<AffinityTerm>();
  readonly preferredAffinity = new TermIndex<AffinityTerm & { weight: number }>();
  readonly preferredAntiAffinity = new TermIndex<AffinityTerm & { weight: number }>();
  /** Set when the index saw something it cannot represent (the same PodInfo twice, an unknown removal). */
  private brokenPods = false;

  /** Whether the index can be trusted (when false, scan the nodes instead). */
  get usable(): boolean {
    return (
      !this.brokenPods &&
      !this.requiredAntiAffinity.broken &&
      !this.requiredAffinity.broken &&
      !this.preferredAffinity.broken &&
      !this.preferredAntiAffinity.broken
    );
  }

  /** @param allNodes the nodes whose pods are indexed (read when the label index is first built). */
  constructor(private readonly allNodes: () => Iterable<NodeInfo>) {}

  private addLabels(byPair: Map<string, Map<PodInfo, NodeInfo>>, node: NodeInfo, pod: PodInfo): void {
    const labels = pod.labels;
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const key = pairKey(k, String(labels[k]));
      let m = byPair.get(key);
      if (m === undefined) {
        m = new Map();
        byPair.set(key, m);
      }
      if (m.has(pod)) this.brokenPods = true;
      m.set(pod, node);
    }
  }

  add(node: NodeInfo, pod: PodInfo): void {
    if (this.byPair !== null) this.addLabels(this.byPair, node, pod);
    const ra = pod.requiredAntiAffinityTerms;
    for (let i = 0; i < ra.length; i++) this.requiredAntiAffinity.add(ra[i], pod, node);
    const rf = pod.requiredAffinityTerms;
    for (let i = 0; i < rf.length; i++) this.requiredAffinity.add(rf[i], pod, node);
    const pf = pod.preferredAffinityTerms;
    for (let i = 0; i < pf.length; i++) this.preferredAffinity.add(pf[i], pod, node);
    const pa = pod.preferredAntiAffinityTerms;
    for (let i = 0; i < pa.length; i++) this.preferredAntiAffinity.add(pa[i], pod, node);
  }

  remove(_node: NodeInfo, pod: PodInfo): void {
    const byPair = this.byPair;
    if (byPair !== null) {
      const labels = pod.labels;
      for (const k in labels) {
        if (!Object.hasOwn(labels, k)) continue;
        const key = pairKey(k, String(labels[k]));
        const m = byPair.get(key);
        if (m === undefined || !m.delete(pod)) {
          this.brokenPods = true;
          continue;
        }
        if (m.size === 0) byPair.delete(key);
      }
    }
    const ra = pod.requiredAntiAffinityTerms;
    for (let i = 0; i < ra.length; i++) this.requiredAntiAffinity.remove(ra[i]);
    const rf = pod.requiredAffinityTerms;
    for (let i = 0; i < rf.length; i++) this.requiredAffinity.remove(rf[i]);
    const pf = pod.preferredAffinityTerms;
    for (let i = 0; i < pf.length; i++) this.preferredAffinity.remove(pf[i]);
    const pa = pod.preferredAntiAffinityTerms;
    for (let i = 0; i < pa.length; i++) this.preferredAntiAffinity.remove(pa[i]);
  }

  /**
   * Builds the label index if needed; false when it cannot be trusted (then scan instead).
   * Call before podsWithLabel.
   */
  labelIndexReady(): boolean {
    if (this.byPair === null) {
      const byPair = new Map<string, Map<PodInfo, NodeInfo>>();
      for (const ni of this.allNodes()) {
        const pods = ni.pods;
        for (let i = 0; i < pods.length; i++) this.addLabels(byPair, ni, pods[i]);
      }
      this.byPair = byPair;
    }
    return this.usable;
  }

  /** The pods carrying label key=value (PodInfo -> NodeInfo); undefined when none. Needs labelIndexReady(). */
  podsWithLabel(key: string, value: string): ReadonlyMap<PodInfo, NodeInfo> | undefined {
    if (this.byPair === null) throw new Error('PodIndex.podsWithLabel before labelIndexReady()');
    return this.byPair.get(pairKey(key, value));
  }
}
