// Incremental pod counting for PodTopologySpread.
//
// Upstream counts, every cycle, the matching pods of every node (countPodsMatchSelector over all
// nodes' pods): O(pods) per cycle. Here the per-node counts of one (namespace, selector) are kept
// per snapshot and brought up to date from the snapshot's change log (only the nodes that changed
// since the last cycle are recounted), and for each (topology keys, topology key) the per-domain
// totals are kept too. The results are exactly upstream's: the same counts per node, the same
// domains in the same order (first appearance in nodeInfoList order) — PreFilter/PreScore only
// take the incremental route when the snapshot's own node list is being counted, and recount
// everything whenever a node is added, removed or replaced or the change log no longer reaches
// back far enough.

import type { Node } from 'kubernetes-types/core/v1';
import { ClusterSnapshot } from '../../cache/snapshot';
import type { NodeInfo, Snapshot } from '../../framework/types';
import { countPodsMatchSelector, nodeHasAllKeys, type SpreadConstraint } from './common';

/** Views kept per snapshot (least recently used ones are dropped beyond this). */
const MAX_VIEWS = 128;

/**
 * Per-domain totals of one SelectorCounts for one (all topology keys, topology key): over the
 * nodes that have every key of allKeys, by their value of key.
 */
export class DomainTotals {
  /** Domain index of each node position; -1 when the node lacks one of the keys. */
  readonly domOf: Int32Array;
  /** Domain values in order of first appearance (in node order). */
  readonly values: string[] = [];
  /** Domain value -> index. */
  readonly index = new Map<string, number>();
  /** Matching pods per domain. */
  readonly totals: number[] = [];
  /** Whether some node counted here has a NoSchedule/NoExecute taint (nodeTaintsPolicy may exclude it). */
  readonly tainted: boolean;

  constructor(list: readonly NodeInfo[], counts: Int32Array, allKeys: readonly SpreadConstraint[], key: string) {
    this.domOf = new Int32Array(list.length);
    const index = this.index;
    let tainted = false;
    for (let p = 0; p < list.length; p++) {
      const ni = list[p];
      const labels = ni.labels;
      if (!nodeHasAllKeys(labels, allKeys)) {
        this.domOf[p] = -1;
        continue;
      }
      // A node without the key (possible only when allKeys leaves it out) is in domain "", as
      // Go's map lookup of a missing label.
      const lv = labels[key];
      const v = typeof lv === 'string' ? lv : '';
      let d = index.get(v);
      if (d === undefined) {
        d = this.values.length;
        index.set(v, d);
        this.values.push(v);
        this.totals.push(0);
      }
      this.domOf[p] = d;
      this.totals[d] += counts[p];
      if (!tainted && hasDoNotScheduleTaint(ni.node)) tainted = true;
    }
    this.tainted = tainted;
  }
}

function hasDoNotScheduleTaint(node: Node): boolean {
  const taints = node.spec?.taints;
  if (!taints) return false;
  for (let i = 0; i < taints.length; i++) {
    const e = taints[i].effect;
    if (e === 'NoSchedule' || e === 'NoExecute') return true;
  }
  return false;
}

/** countPodsMatchSelector of every node of the list, for one (namespace, selector). */
export class SelectorCounts {
  readonly counts: Int32Array;
  /** Change-log sequence number the counts are up to date with. */
  private cursor: number;
  private readonly totals = new Map<string, DomainTotals>();

  constructor(
    private readonly owner: ListViews,
    readonly constraint: SpreadConstraint,
    readonly ns: string,
  ) {
    const list = owner.list;
    this.counts = new Int32Array(list.length);
    this.cursor = owner.snapshot.changes.seq;
    for (let p = 0; p < list.length; p++) this.counts[p] = countPodsMatchSelector(list[p].pods, constraint, ns);
  }

  /** Brings the counts (and totals) up to date with the snapshot. */
  sync(): void {
    const log = this.owner.snapshot.changes;
    if (this.cursor === log.seq) return;
    const list = this.owner.list;
    if (!log.reaches(this.cursor)) {
      for (let p = 0; p < list.length; p++) this.set(p, countPodsMatchSelector(list[p].pods, this.constraint, this.ns));
    } else {
      const pos = this.owner.pos;
      for (let s = this.cursor; s < log.seq; s++) {
        const ni = log.at(s);
        const p = pos.get(ni);
        if (p === undefined) continue;
        this.set(p, countPodsMatchSelector(ni.pods, this.constraint, this.ns));
      }
    }
    this.cursor = log.seq;
  }

  private set(p: number, n: number): void {
    const d = n - this.counts[p];
    if (d === 0) return;
    this.counts[p] = n;
    for (const t of this.totals.values()) {
      const dom = t.domOf[p];
      if (dom >= 0) t.totals[dom] += d;
    }
  }

  /** Per-domain totals over the nodes that have every key of `allKeys` (call sync() first). */
  domainTotals(allKeys: readonly SpreadConstraint[], key: string): DomainTotals {
    let k = key;
    for (let i = 0; i < allKeys.length; i++) k += '\u0000' + allKeys[i].topologyKey;
    let t = this.totals.get(k);
    if (t === undefined) {
      t = new DomainTotals(this.owner.list, this.counts, allKeys, key);
      this.totals.set(k, t);
    }
    return t;
  }
}

/** The views of one snapshot node list (dropped when the nodes change). */
class ListViews {
  readonly pos = new Map<NodeInfo, number>();
  private readonly views = new Map<string, SelectorCounts>();

  constructor(
    readonly snapshot: ClusterSnapshot,
    readonly list: readonly NodeInfo[],
    readonly nodesVersion: number,
  ) {
    for (let p = 0; p < list.length; p++) this.pos.set(list[p], p);
  }

  get(c: SpreadConstraint, ns: string): SelectorCounts {
    const key = ns + '\u0000' + c.selectorKey;
    let v = this.views.get(key);
    if (v === undefined) {
      v = new SelectorCounts(this, c, ns);
      this.views.set(key, v);
      if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    } else {
      // Most recently used last.
      this.views.delete(key);
      this.views.set(key, v);
      v.sync();
    }
    return v;
  }
}

const bySnapshot = new WeakMap<ClusterSnapshot, ListViews>();

/**
 * Counts for constraint `c` over `nodes`, or null when they cannot be kept incrementally (the
 * nodes are not the snapshot's own node list, or the selector has no cache key).
 */
export function selectorCounts(snap: Snapshot, nodes: readonly NodeInfo[], c: SpreadConstraint, ns: string): SelectorCounts | null {
  if (c.selectorKey === undefined || !(snap instanceof ClusterSnapshot)) return null;
  const list = snap.nodeInfoList;
  if (nodes !== list) return null;
  let lv = bySnapshot.get(snap);
  if (lv === undefined || lv.list !== list || lv.nodesVersion !== snap.nodesVersion) {
    lv = new ListViews(snap, list, snap.nodesVersion);
    bySnapshot.set(snap, lv);
  }
  return lv.get(c, ns);
}
