// PodTopologySpread PreFilter / Filter / PreFilterExtensions (upstream filtering.go, v1.35:
// state indexed by constraint, two critical paths per constraint).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Code, Status } from '../../framework/types';
import type { NodeInfo, PodInfo, Snapshot } from '../../framework/types';
import { nodeLabel } from '../../cache/nodeinfo';
import { selectorCounts, type SelectorCounts } from './counts';
import {
  countPodsMatchSelector,
  MATCH_ALL_NODES,
  matchNodeInclusionPolicies,
  nodeHasAllKeys,
  requiredNodeAffinity,
  type SpreadConstraint,
} from './common';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

const MAX_INT32 = 2147483647;

/**
 * The two topology domains with the fewest matching pods (upstream criticalPaths):
 * [0] always holds the minimum; [1] is >= [0] but not necessarily the second minimum after
 * AddPod/RemovePod.
 */
export class CriticalPaths {
  v0 = '';
  n0 = MAX_INT32;
  v1 = '';
  n1 = MAX_INT32;

  update(tpVal: string, num: number): void {
    let i = -1;
    if (tpVal === this.v0) i = 0;
    else if (tpVal === this.v1) i = 1;
    if (i >= 0) {
      if (i === 0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        const v = this.v0;
        const n = this.n0;
        this.v0 = this.v1;
        this.n0 = this.n1;
        this.v1 = v;
        this.n1 = n;
      }
    } else if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = tpVal;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = tpVal;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

/** PreFilter state, stored in the CycleState under PREFILTER_STATE_KEY. */
export class PreFilterState {
  constructor(
    /** DoNotSchedule constraints (shared by clones: they never change). */
    readonly constraints: SpreadConstraint[],
    /** Per constraint: topology value -> number of matching pods. */
    readonly tpValueToMatchNum: Map<string, number>[],
    readonly criticalPaths: CriticalPaths[],
    /** Whether the incoming pod matches each constraint's selector. */
    readonly selfMatch: Uint8Array,
  ) {}

  /** Global minimum for constraint i, taking minDomains into account. */
  minMatchNum(i: number): number {
    if (this.tpValueToMatchNum[i].size < this.constraints[i].minDomains) return 0;
    return this.criticalPaths[i].n0;
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
      this.selfMatch,
    );
  }
}

/**
 * upstream calPreFilterState (constraints already resolved). With the snapshot (and allNodes
 * its nodeInfoList) the counts come from the incremental per-node counts (counts.ts).
 */
export function calPreFilterState(
  pod: PodInfo,
  constraints: SpreadConstraint[],
  allNodes: readonly NodeInfo[],
  snapshot: Snapshot | null = null,
): PreFilterState {
  const n = constraints.length;
  const counts: Map<string, number>[] = [];
  const selfMatch = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    counts.push(new Map());
    selfMatch[i] = constraints[i].selector(pod.labels) ? 1 : 0;
  }
  const required = requiredNodeAffinity(pod.pod);
  const ns = pod.namespace;
  let views: SelectorCounts[] | null = null;
  if (snapshot !== null) {
    views = [];
    for (let i = 0; i < n; i++) {
      const v = selectorCounts(snapshot, allNodes, constraints[i], ns);
      if (v === null) {
        views = null;
        break;
      }
      views.push(v);
    }
  }
  if (views !== null) {
    for (let i = 0; i < n; i++) {
      const c = constraints[i];
      const v = views[i];
      const t = v.domainTotals(constraints, c.topologyKey);
      const m = counts[i];
      const everyNode =
        (c.nodeAffinityPolicy !== 'Honor' || required === MATCH_ALL_NODES) && (c.nodeTaintsPolicy !== 'Honor' || !t.tainted);
      if (everyNode) {
        // Every node with all the keys passes the inclusion policies: the domain totals.
        for (let d = 0; d < t.values.length; d++) m.set(t.values[d], t.totals[d]);
        continue;
      }
      const domOf = t.domOf;
      const cnt = v.counts;
      for (let j = 0; j < allNodes.length; j++) {
        const d = domOf[j];
        if (d < 0) continue;
        if (!matchNodeInclusionPolicies(c, pod.pod, allNodes[j].node, required)) continue;
        const value = t.values[d];
        m.set(value, (m.get(value) ?? 0) + cnt[j]);
      }
    }
  } else {
    for (let j = 0; j < allNodes.length; j++) {
      const ni = allNodes[j];
      const labels = ni.labels;
      if (!nodeHasAllKeys(labels, constraints)) continue;
      for (let i = 0; i < n; i++) {
        const c = constraints[i];
        if (!matchNodeInclusionPolicies(c, pod.pod, ni.node, required)) continue;
        const value = labels[c.topologyKey];
        const count = countPodsMatchSelector(ni.pods, c, ns);
        const m = counts[i];
        m.set(value, (m.get(value) ?? 0) + count);
      }
    }
  }
  const paths: CriticalPaths[] = [];
  for (let i = 0; i < n; i++) {
    const p = new CriticalPaths();
    for (const [value, num] of counts[i]) p.update(value, num);
    paths.push(p);
  }
  return new PreFilterState(constraints, counts, paths, selfMatch);
}

// Filter's rejections. Statuses are never changed once returned (the framework only sets their
// plugin, to this plugin's name), so the same two serve every node: Filter allocates nothing.
const STATUS_NODE_LABEL_NOT_MATCH = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_NODE_LABEL_NOT_MATCH]).withPlugin(
  'PodTopologySpread',
);
const STATUS_CONSTRAINTS_NOT_MATCH = new Status(Code.Unschedulable, [ERR_REASON_CONSTRAINTS_NOT_MATCH]).withPlugin('PodTopologySpread');

/** upstream Filter: null when the node satisfies every DoNotSchedule constraint. */
export function filterNode(s: PreFilterState, nodeInfo: NodeInfo): Status | null {
  const cs = s.constraints;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const tpVal = nodeLabel(nodeInfo, c.topologyKey);
    if (tpVal === undefined) {
      return STATUS_NODE_LABEL_NOT_MATCH;
    }
    const minMatchNum = s.minMatchNum(i);
    const matchNum = s.tpValueToMatchNum[i].get(tpVal) ?? 0;
    const skew = matchNum + s.selfMatch[i] - minMatchNum;
    if (skew > c.maxSkew) {
      return STATUS_CONSTRAINTS_NOT_MATCH;
    }
  }
  return null;
}

/** upstream updateWithPod (AddPod delta +1, RemovePod delta -1). */
export function updateWithPod(
  s: PreFilterState | undefined,
  updated: PodInfo,
  preemptor: PodInfo,
  node: Node | undefined,
  labels: Record<string, string>,
  delta: number,
): void {
  if (!s || updated.namespace !== preemptor.namespace || !node) return;
  const cs = s.constraints;
  if (!nodeHasAllKeys(labels, cs)) return;
  const pod: Pod = preemptor.pod;
  const required = requiredNodeAffinity(pod);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (!c.selector(updated.labels)) continue;
    if (!matchNodeInclusionPolicies(c, pod, node, required)) continue;
    const v = labels[c.topologyKey];
    const m = s.tpValueToMatchNum[i];
    const num = (m.get(v) ?? 0) + delta;
    m.set(v, num);
    s.criticalPaths[i].update(v, num);
  }
}
