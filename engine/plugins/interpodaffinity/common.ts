// Shared pieces of InterPodAffinity (upstream interpodaffinity/plugin.go + framework.AffinityTerm).

import type { AffinityTerm, PodInfo } from '../../framework/types';

/** (topologyKey, topologyValue) -> count, with the number of non-zero pairs (len() of the Go map). */
export class TopologyCounts {
  /** Topology keys in first-seen order (never removed, for allocation-free iteration). */
  readonly keys: string[] = [];
  readonly byKey: Map<string, number>[] = [];
  private index = new Map<string, number>();
  /** Number of (key, value) pairs present (entries reaching 0 through updates are removed). */
  size = 0;

  private lastKey: string | null = null;
  private lastMap: Map<string, number> | null = null;

  private mapFor(key: string, create: boolean): Map<string, number> | undefined {
    if (key === this.lastKey) return this.lastMap!;
    const i = this.index.get(key);
    if (i !== undefined) {
      this.lastKey = key;
      this.lastMap = this.byKey[i];
      return this.lastMap;
    }
    if (!create) return undefined;
    const m = new Map<string, number>();
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.byKey.push(m);
    return m;
  }

  /** m[pair] += delta (PreFilter accumulation: zero results stay). */
  add(key: string, value: string, delta: number): void {
    const m = this.mapFor(key, true)!;
    const cur = m.get(value);
    if (cur === undefined) this.size++;
    m.set(value, (cur ?? 0) + delta);
  }

  /** m[pair] += delta, deleting the entry when it reaches 0 (upstream update()). */
  update(key: string, value: string, delta: number): void {
    const m = this.mapFor(key, true)!;
    const cur = m.get(value);
    const next = (cur ?? 0) + delta;
    if (next === 0) {
      if (cur !== undefined) {
        m.delete(value);
        this.size--;
      }
      return;
    }
    if (cur === undefined) this.size++;
    m.set(value, next);
  }

  get(key: string, value: string): number {
    const m = this.mapFor(key, false);
    return m === undefined ? 0 : (m.get(value) ?? 0);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (let i = 0; i < this.keys.length; i++) {
      c.index.set(this.keys[i], i);
      c.keys.push(this.keys[i]);
      c.byKey.push(new Map(this.byKey[i]));
    }
    c.size = this.size;
    return c;
  }

  /** Plain object view: key -> value -> count. */
  toJSON(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (let i = 0; i < this.keys.length; i++) {
      if (this.byKey[i].size === 0) continue;
      out[this.keys[i]] = Object.fromEntries(this.byKey[i]);
    }
    return out;
  }
}

/**
 * A term of the incoming pod with its namespaceSelector resolved the way upstream's
 * mergeAffinityTermNamespacesIfNotEmpty does (a non-empty namespaceSelector is unrolled into
 * the namespaces it selects; an empty one keeps matching every namespace).
 */
export interface IncomingTerm {
  term: AffinityTerm;
  topologyKey: string;
  /** Whether the term selects pods of this namespace (cached per namespace for the cycle). */
  nsMatches(ns: string): boolean;
}

export function resolveIncomingTerm(term: AffinityTerm, namespaceLabels: (ns: string) => Record<string, string>): IncomingTerm {
  const sel = term.namespaceSelector;
  if (sel == null || sel.matchesNothing) {
    const nss = term.namespaces;
    return { term, topologyKey: term.topologyKey, nsMatches: (ns) => nss.has(ns) };
  }
  if (sel.matchesAll) return { term, topologyKey: term.topologyKey, nsMatches: () => true };
  const cache = new Map<string, boolean>();
  const nss = term.namespaces;
  return {
    term,
    topologyKey: term.topologyKey,
    nsMatches(ns: string): boolean {
      if (nss.has(ns)) return true;
      let r = cache.get(ns);
      if (r === undefined) {
        r = sel(namespaceLabels(ns));
        cache.set(ns, r);
      }
      return r;
    },
  };
}

/** An incoming-pod term matches an existing pod (namespace resolved, then the label selector). */
export function incomingTermMatches(t: IncomingTerm, pod: PodInfo): boolean {
  return t.nsMatches(pod.namespace) && t.term.selector(pod.labels);
}

/**
 * framework.AffinityTerm.Matches(pod, nsLabels): an existing pod's term against the incoming
 * pod, whose namespace labels are given.
 */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: Record<string, string> | undefined): boolean {
  if (term.namespaces.has(pod.namespace) || (term.namespaceSelector != null && term.namespaceSelector(nsLabels))) {
    return term.selector(pod.labels);
  }
  return false;
}

/** The pod matches every term (false for no terms). */
export function podMatchesAllTerms(terms: readonly IncomingTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (let i = 0; i < terms.length; i++) if (!incomingTermMatches(terms[i], pod)) return false;
  return true;
}

/** Go's map lookup of a label: undefined when absent. */
export function labelOf(labels: Record<string, string>, key: string): string | undefined {
  const v = labels[key];
  return typeof v === 'string' ? v : undefined;
}
