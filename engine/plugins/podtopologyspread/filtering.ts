// PodTopologySpread PreFilter / Filter / PreFilterExtensions (upstream filtering.go, v1.35:
// state indexed by constraint, two critical paths per constraint).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Code, Status } from '../../framework/types';
import type { NodeInfo, PodInfo } from '../../framework/types';
import {
  countPodsMatchSelector,
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

/** upstream calPreFilterState (constraints already resolved). */
export function calPreFilterState(pod: PodInfo, constraints: SpreadConstraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  const n = constraints.length;
  const counts: Map<string, number>[] = [];
  const selfMatch = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    counts.push(new Map());
    selfMatch[i] = constraints[i].selector(pod.labels) ? 1 : 0;
  }
  const required = requiredNodeAffinity(pod.pod);
  const ns = pod.namespace;
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
  const paths: CriticalPaths[] = [];
  for (let i = 0; i < n; i++) {
    const p = new CriticalPaths();
    for (const [value, num] of counts[i]) p.update(value, num);
    paths.push(p);
  }
  return new PreFilterState(constraints, counts, paths, selfMatch);
}

/** upstream Filter: null when the node satisfies every DoNotSchedule constraint. */
export function filterNode(s: PreFilterState, nodeInfo: NodeInfo): Status | null {
  const cs = s.constraints;
  const labels = nodeInfo.labels;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const tpVal = labels[c.topologyKey];
    if (typeof tpVal !== 'string') {
      return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_NODE_LABEL_NOT_MATCH]);
    }
    const minMatchNum = s.minMatchNum(i);
    const matchNum = s.tpValueToMatchNum[i].get(tpVal) ?? 0;
    const skew = matchNum + s.selfMatch[i] - minMatchNum;
    if (skew > c.maxSkew) {
      return new Status(Code.Unschedulable, [ERR_REASON_CONSTRAINTS_NOT_MATCH]);
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
