// The incremental counts (counts.ts) against upstream's scan: a random cluster is changed step
// by step (pods bound, removed, marked terminating; nodes added, removed, relabeled, tainted) and
// after every step PreFilter and PreScore states computed from the incremental counts must equal
// the ones computed by scanning every pod, entry for entry and in the same order.

import { describe, expect, it } from 'vitest';
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { newPodInfo } from '../../api/podinfo';
import { newNodeInfo } from '../../cache/nodeinfo';
import {
  buildSnapshot,
  snapshotAddNode,
  snapshotAddPod,
  snapshotRemoveNode,
  snapshotRemovePod,
  snapshotUpdateNode,
  type ClusterSnapshot,
} from '../../cache/snapshot';
import type { PodInfo } from '../../framework/types';
import { filterConstraints } from './common';
import { calPreFilterState, type PreFilterState } from './filtering';
import { calPreScoreState, type PreScoreState } from './scoring';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['z0', 'z1', 'z2', 'z3'];
const APPS = ['a', 'b', 'c'];
const NAMESPACES = ['default', 'other'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function mkNode(r: () => number, name: string): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (r() < 0.85) labels['topology.kubernetes.io/zone'] = pick(r, ZONES);
  if (r() < 0.7) labels.rack = `r${Math.floor(r() * 3)}`;
  if (r() < 0.5) labels.disk = pick(r, ['ssd', 'hdd']);
  const node: Node = { metadata: { name, labels }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
  if (r() < 0.15) node.spec = { taints: [{ key: 'dedicated', value: 'x', effect: pick(r, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }] };
  return node;
}

let uid = 0;
function mkPod(r: () => number, node: string | null): Pod {
  const name = `p${++uid}`;
  const ns = r() < 0.8 ? 'default' : 'other';
  const labels: Record<string, string> = {};
  if (r() < 0.9) labels.app = pick(r, APPS);
  if (r() < 0.5) labels.tier = pick(r, ['web', 'db']);
  const pod: Pod = { metadata: { name, namespace: ns, uid: `${ns}/${name}`, labels }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  if (node) pod.spec!.nodeName = node;
  return pod;
}

function randomConstraints(r: () => number): TopologySpreadConstraint[] {
  const n = 1 + Math.floor(r() * 2);
  const out: TopologySpreadConstraint[] = [];
  for (let i = 0; i < n; i++) {
    const sel = r();
    out.push({
      maxSkew: 1 + Math.floor(r() * 2),
      topologyKey: pick(r, ['topology.kubernetes.io/zone', 'rack', 'kubernetes.io/hostname', 'disk']),
      whenUnsatisfiable: r() < 0.5 ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector:
        sel < 0.5
          ? { matchLabels: { app: pick(r, APPS) } }
          : sel < 0.75
            ? { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }
            : sel < 0.9
              ? { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }
              : {},
      ...(r() < 0.3 ? { matchLabelKeys: ['tier'] } : {}),
      ...(r() < 0.3 ? { nodeAffinityPolicy: pick(r, ['Honor', 'Ignore']) } : {}),
      ...(r() < 0.4 ? { nodeTaintsPolicy: pick(r, ['Honor', 'Ignore']) } : {}),
      ...(r() < 0.2 ? { minDomains: 2 } : {}),
    });
  }
  return out;
}

function incomingPod(r: () => number): PodInfo {
  const pod = mkPod(r, null);
  pod.spec!.topologySpreadConstraints = randomConstraints(r);
  if (r() < 0.3) pod.spec!.nodeSelector = { disk: 'ssd' };
  if (r() < 0.2) pod.spec!.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  return newPodInfo(pod);
}

const preFilterView = (s: PreFilterState) => ({
  counts: s.tpValueToMatchNum.map((m) => [...m]),
  paths: s.criticalPaths.map((p) => [p.v0, p.n0, p.v1, p.n1]),
  self: [...s.selfMatch],
});
const preScoreView = (s: PreScoreState) => ({
  counts: s.topologyValueToPodCounts.map((m) => [...m]),
  ignored: [...s.ignoredNodes],
  weights: s.topologyNormalizingWeight,
});

function check(snap: ClusterSnapshot, r: () => number): void {
  const pi = incomingPod(r);
  const own = pi.pod.spec!.topologySpreadConstraints!;
  const list = snap.nodeInfoList;
  const hard = filterConstraints(own, pi.labels, 'DoNotSchedule');
  if (hard.length > 0) {
    const inc = calPreFilterState(pi, hard, list, snap);
    const scan = calPreFilterState(pi, filterConstraints(own, pi.labels, 'DoNotSchedule'), list, null);
    expect(preFilterView(inc)).toEqual(preFilterView(scan));
  }
  const soft = filterConstraints(own, pi.labels, 'ScheduleAnyway');
  if (soft.length > 0) {
    const feasible = list.filter(() => r() < 0.6);
    for (const requireAll of [true, false]) {
      const inc = calPreScoreState(pi, soft, feasible, list, requireAll, snap);
      const scan = calPreScoreState(pi, filterConstraints(own, pi.labels, 'ScheduleAnyway'), feasible, list, requireAll, null);
      expect(preScoreView(inc)).toEqual(preScoreView(scan));
    }
  }
}

describe('PodTopologySpread incremental counts', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`equal the full scan through cluster changes (seed ${seed})`, () => {
      const r = rng(seed);
      let nodeSeq = 0;
      const nodes: Node[] = [];
      for (let i = 0; i < 12; i++) nodes.push(mkNode(r, `n${nodeSeq++}`));
      const snap = buildSnapshot(
        nodes.map((n) => newNodeInfo(n)),
        NAMESPACES.map((name) => ({ metadata: { name } })),
      );
      const bound: { pi: PodInfo; node: string }[] = [];
      const nodeNames = () => snap.nodeInfoList.map((n) => n.name);
      for (let i = 0; i < 40; i++) {
        const node = pick(r, nodeNames());
        const pi = newPodInfo(mkPod(r, node));
        snapshotAddPod(snap, node, pi);
        bound.push({ pi, node });
      }
      for (let step = 0; step < 150; step++) {
        check(snap, r);
        const op = r();
        if (op < 0.35) {
          const names = nodeNames();
          if (names.length === 0) continue;
          const node = pick(r, names);
          const pi = newPodInfo(mkPod(r, node));
          snapshotAddPod(snap, node, pi);
          bound.push({ pi, node });
        } else if (op < 0.55 && bound.length > 0) {
          const i = Math.floor(r() * bound.length);
          const { pi, node } = bound[i];
          snapshotRemovePod(snap, node, pi);
          bound.splice(i, 1);
        } else if (op < 0.7 && bound.length > 0) {
          // Marked terminating in place, as the simulator does on eviction.
          const { pi, node } = pick(r, bound);
          if (pi.deletionTime == null) {
            pi.deletionTime = 1;
            const ni = snap.get(node);
            if (ni) ni.generation++;
          }
        } else if (op < 0.78) {
          snapshotAddNode(snap, newNodeInfo(mkNode(r, `n${nodeSeq++}`)));
        } else if (op < 0.84) {
          const names = nodeNames();
          if (names.length <= 2) continue;
          const name = pick(r, names);
          snapshotRemoveNode(snap, name);
          for (let i = bound.length - 1; i >= 0; i--) if (bound[i].node === name) bound.splice(i, 1);
        } else if (op < 0.92) {
          const name = pick(r, nodeNames());
          const fresh = mkNode(r, name);
          snapshotUpdateNode(snap, fresh);
        } else {
          // A burst of changes longer than the change log (the counts are then rebuilt).
          const names = nodeNames();
          const node = pick(r, names);
          const pi = newPodInfo(mkPod(r, node));
          for (let k = 0; k < 2100; k++) {
            snapshotAddPod(snap, node, pi);
            snapshotRemovePod(snap, node, pi);
          }
        }
      }
    });
  }
});
