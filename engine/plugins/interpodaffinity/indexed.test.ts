// The snapshot's pod index (cache/podindex.ts) against upstream's scan: a random cluster with
// random pod (anti-)affinity is changed step by step (pods bound and removed, nodes added,
// removed and relabeled) and after every step PreFilter and PreScore computed through the index
// must equal the ones computed by scanning every pod.

import { describe, expect, it } from 'vitest';
import type { Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
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
import { calPreFilterState, type PreFilterState } from './filtering';
import { calPreScoreState, type PreScoreState } from './scoring';

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

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

const APPS = ['a', 'b', 'c'];
const NAMESPACES = [
  { metadata: { name: 'default', labels: { team: 'x' } } },
  { metadata: { name: 'other', labels: { team: 'y' } } },
  { metadata: { name: 'third', labels: { team: 'x' } } },
];
const TOPOLOGY_KEYS = ['kubernetes.io/hostname', 'zone', 'rack', 'missing'];

function mkNode(r: () => number, name: string): Node {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (r() < 0.85) labels.zone = pick(r, ['z0', 'z1', 'z2']);
  if (r() < 0.6) labels.rack = `r${Math.floor(r() * 3)}`;
  return { metadata: { name, labels: r() < 0.05 ? {} : labels }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
}

function randomSelector(r: () => number): LabelSelector | undefined {
  const x = r();
  if (x < 0.4) return { matchLabels: { app: pick(r, APPS) } };
  if (x < 0.55) return { matchExpressions: [{ key: 'app', operator: 'In', values: r() < 0.5 ? ['a', 'b'] : ['c', 'c'] }] };
  if (x < 0.65) return { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] };
  if (x < 0.75) return { matchExpressions: [{ key: 'tier', operator: 'Exists' }] };
  if (x < 0.85) return { matchLabels: { app: pick(r, APPS), tier: 'web' } };
  if (x < 0.93) return {};
  return undefined;
}

function randomTerm(r: () => number): PodAffinityTerm {
  const t: PodAffinityTerm = { topologyKey: pick(r, TOPOLOGY_KEYS) };
  const sel = randomSelector(r);
  if (sel !== undefined) t.labelSelector = sel;
  const ns = r();
  if (ns < 0.15) t.namespaces = ['other'];
  else if (ns < 0.25) t.namespaceSelector = { matchLabels: { team: 'x' } };
  else if (ns < 0.3) t.namespaceSelector = {};
  return t;
}

function terms(r: () => number, p: number): PodAffinityTerm[] | undefined {
  if (r() >= p) return undefined;
  const n = 1 + Math.floor(r() * 2);
  return Array.from({ length: n }, () => randomTerm(r));
}

function weighted(r: () => number, p: number): WeightedPodAffinityTerm[] | undefined {
  const ts = terms(r, p);
  return ts?.map((t) => ({ weight: 1 + Math.floor(r() * 100), podAffinityTerm: t }));
}

let uid = 0;
function mkPod(r: () => number, node: string | null): Pod {
  const name = `p${++uid}`;
  const ns = r() < 0.7 ? 'default' : pick(r, ['other', 'third']);
  const labels: Record<string, string> = {};
  if (r() < 0.9) labels.app = pick(r, APPS);
  if (r() < 0.5) labels.tier = pick(r, ['web', 'db']);
  const pod: Pod = { metadata: { name, namespace: ns, uid: `${ns}/${name}`, labels }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  if (node) pod.spec!.nodeName = node;
  const ra = terms(r, 0.25);
  const rn = terms(r, 0.3);
  const pa = weighted(r, 0.25);
  const pn = weighted(r, 0.25);
  if (ra || pa) pod.spec!.affinity = { ...pod.spec!.affinity, podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: ra, preferredDuringSchedulingIgnoredDuringExecution: pa } };
  if (rn || pn) pod.spec!.affinity = { ...pod.spec!.affinity, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: rn, preferredDuringSchedulingIgnoredDuringExecution: pn } };
  return pod;
}

const preFilterView = (s: PreFilterState | null) =>
  s && {
    existing: [s.existingAntiAffinityCounts.toJSON(), s.existingAntiAffinityCounts.size],
    affinity: [s.affinityCounts.toJSON(), s.affinityCounts.size],
    anti: [s.antiAffinityCounts.toJSON(), s.antiAffinityCounts.size],
  };
const preScoreView = (s: PreScoreState | null) => s && [s.topologyScore.toJSON(), s.topologyScore.size];

function check(snap: ClusterSnapshot, r: () => number): void {
  const pi: PodInfo = newPodInfo(mkPod(r, null));
  const nsl = (ns: string) => snap.namespaceLabels(ns);
  const list = snap.nodeInfoList;
  const index = snap.podIndex();
  expect(index).not.toBeNull();
  const inc = calPreFilterState(pi, list, () => snap.havePodsWithRequiredAntiAffinityList, nsl, index);
  const scan = calPreFilterState(pi, list, snap.havePodsWithRequiredAntiAffinityList, nsl, null);
  expect(preFilterView(inc)).toEqual(preFilterView(scan));
  for (const args of [
    { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
    { hardPodAffinityWeight: 0, ignorePreferredTermsOfExistingPods: false },
    { hardPodAffinityWeight: 7, ignorePreferredTermsOfExistingPods: true },
  ]) {
    const a = calPreScoreState(pi, args, list, () => snap.havePodsWithAffinityList, nsl, index);
    const b = calPreScoreState(pi, args, list, snap.havePodsWithAffinityList, nsl, null);
    expect(preScoreView(a)).toEqual(preScoreView(b));
  }
}

describe('InterPodAffinity through the pod index', () => {
  for (const seed of [11, 12, 13, 14, 15]) {
    it(`equals the full scan through cluster changes (seed ${seed})`, () => {
      const r = rng(seed);
      let nodeSeq = 0;
      const nodes: Node[] = [];
      for (let i = 0; i < 10; i++) nodes.push(mkNode(r, `n${nodeSeq++}`));
      const snap = buildSnapshot(
        nodes.map((n) => newNodeInfo(n)),
        NAMESPACES,
      );
      const bound: { pi: PodInfo; node: string }[] = [];
      const nodeNames = () => snap.nodeInfoList.map((n) => n.name);
      for (let i = 0; i < 30; i++) {
        const node = pick(r, nodeNames());
        const pi = newPodInfo(mkPod(r, node));
        snapshotAddPod(snap, node, pi);
        bound.push({ pi, node });
      }
      for (let step = 0; step < 150; step++) {
        check(snap, r);
        const op = r();
        if (op < 0.4) {
          const node = pick(r, nodeNames());
          const pi = newPodInfo(mkPod(r, node));
          snapshotAddPod(snap, node, pi);
          bound.push({ pi, node });
        } else if (op < 0.65 && bound.length > 0) {
          const i = Math.floor(r() * bound.length);
          const { pi, node } = bound[i];
          // Removed through another PodInfo of the same pod (matched by uid), as on deletion.
          snapshotRemovePod(snap, node, r() < 0.5 ? pi : newPodInfo(pi.pod));
          bound.splice(i, 1);
        } else if (op < 0.75) {
          snapshotAddNode(snap, newNodeInfo(mkNode(r, `n${nodeSeq++}`)));
        } else if (op < 0.82) {
          const names = nodeNames();
          if (names.length <= 2) continue;
          const name = pick(r, names);
          snapshotRemoveNode(snap, name);
          for (let i = bound.length - 1; i >= 0; i--) if (bound[i].node === name) bound.splice(i, 1);
        } else if (op < 0.9) {
          snapshotUpdateNode(snap, mkNode(r, pick(r, nodeNames())));
        }
      }
    });
  }
});
