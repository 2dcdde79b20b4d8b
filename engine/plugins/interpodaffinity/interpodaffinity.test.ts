// Table tests ported from upstream interpodaffinity/filtering_test.go
// (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes, TestPreFilterStateAddRemovePod)
// and scoring_test.go (TestPreferredAffinity, TestPreferredAffinityWithHardPodAffinitySymmetricWeight),
// plus the conformance corpus cases: exact reasons, codes and normalized scores.

import { describe, expect, it } from 'vitest';
import type { Namespace, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { newPodInfo } from '../../api/podinfo';
import { addPod, newNodeInfo } from '../../cache/nodeinfo';
import { buildSnapshot, type ClusterSnapshot } from '../../cache/snapshot';
import { Code, CycleState, type Handle, type NodeScore } from '../../framework/types';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFF,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
  factory,
  InterPodAffinity,
  PREFILTER_STATE_KEY,
  PreFilterState,
} from './index';

// ---- builders ----------------------------------------------------------------------------------

function mkNode(name: string, labels: Record<string, string>): Node {
  return { metadata: { name, labels }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
}

interface Terms {
  affinity?: PodAffinityTerm[];
  anti?: PodAffinityTerm[];
  prefAffinity?: WeightedPodAffinityTerm[];
  prefAnti?: WeightedPodAffinityTerm[];
}

let seq = 0;
function mkPod(o: { name?: string; ns?: string; labels?: Record<string, string>; node?: string } & Terms = {}): Pod {
  const name = o.name ?? `pod-${++seq}`;
  const pod: Pod = {
    metadata: { name, namespace: o.ns ?? 'default', uid: `${o.ns ?? 'default'}/${name}`, labels: o.labels ?? {} },
    spec: { containers: [{ name: 'c', image: 'pause' }] },
  };
  if (o.node) pod.spec!.nodeName = o.node;
  if (o.affinity || o.prefAffinity) {
    pod.spec!.affinity = { ...pod.spec!.affinity, podAffinity: {} };
    if (o.affinity) pod.spec!.affinity.podAffinity!.requiredDuringSchedulingIgnoredDuringExecution = o.affinity;
    if (o.prefAffinity) pod.spec!.affinity.podAffinity!.preferredDuringSchedulingIgnoredDuringExecution = o.prefAffinity;
  }
  if (o.anti || o.prefAnti) {
    pod.spec!.affinity = { ...pod.spec!.affinity, podAntiAffinity: {} };
    if (o.anti) pod.spec!.affinity.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution = o.anti;
    if (o.prefAnti) pod.spec!.affinity.podAntiAffinity!.preferredDuringSchedulingIgnoredDuringExecution = o.prefAnti;
  }
  return pod;
}

const sel = (key: string, op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: op, ...(values ? { values } : {}) }],
});
const term = (labelSelector: LabelSelector, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector,
  topologyKey,
  ...extra,
});
const wterm = (weight: number, t: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm: t });

const ns = (name: string, labels: Record<string, string>): Namespace => ({ metadata: { name, labels } });
const teamNamespaces = [
  ns('subteam1-team1', { team: 'team1' }),
  ns('subteam2-team1', { team: 'team1' }),
  ns('subteam1-team2', { team: 'team2' }),
  ns('subteam2-team2', { team: 'team2' }),
];

function setup(nodes: Node[], existing: Pod[], namespaces: Namespace[] = []) {
  const nis = nodes.map((n) => newNodeInfo(n));
  const byName = new Map(nis.map((n) => [n.name, n]));
  for (const p of existing) {
    const ni = byName.get(p.spec!.nodeName!);
    if (ni) addPod(ni, newPodInfo(p));
  }
  const snap: ClusterSnapshot = buildSnapshot(nis, namespaces);
  const handle = { snapshot: () => snap } as unknown as Handle;
  return { snap, handle };
}

type FilterResult = Record<string, 'pass' | string[]>;

function runFilter(nodes: Node[], existing: Pod[], pod: Pod, namespaces: Namespace[] = []) {
  const { snap, handle } = setup(nodes, existing, namespaces);
  const pl = factory(undefined, handle) as InterPodAffinity;
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const pre = pl.preFilter(state, pi, snap.nodeInfoList);
  const result: FilterResult = {};
  const codes: Record<string, Code> = {};
  const skipped = pre.status?.code === Code.Skip;
  for (const ni of snap.nodeInfoList) {
    if (skipped) {
      result[ni.name] = 'pass';
      continue;
    }
    const st = pl.filter(state, pi, ni);
    result[ni.name] = st ? st.reasons : 'pass';
    if (st) codes[ni.name] = st.code;
  }
  return { result, codes, skipped, pre, state, pl, pi, snap };
}

function runScore(
  nodes: Node[],
  existing: Pod[],
  pod: Pod,
  opts: { args?: Record<string, unknown>; namespaces?: Namespace[] } = {},
): Record<string, number> | 'skip' {
  const { snap, handle } = setup(nodes, existing, opts.namespaces ?? []);
  const pl = factory(opts.args, handle) as InterPodAffinity;
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const st = pl.preScore(state, pi, snap.nodeInfoList);
  if (st?.code === Code.Skip) return 'skip';
  expect(st).toBeNull();
  const scores: NodeScore[] = snap.nodeInfoList.map((ni) => ({ name: ni.name, score: pl.score(state, pi, ni) }));
  expect(pl.normalizeScore(state, pi, scores)).toBeNull();
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

// ---- Filter: single node -----------------------------------------------------------------------

describe('InterPodAffinity Filter: single node (TestRequiredAffinitySingleNode)', () => {
  const podLabel = { service: 'securityscan' };
  const podLabel2 = { security: 'S1' };
  const node1 = () => [mkNode('node1', { region: 'r1', zone: 'z11' })];
  const existing = () => mkPod({ labels: podLabel, node: 'node1' });

  const cases: { name: string; pod: Pod; pods: Pod[]; want: 'skip' | 'pass' | [Code, string] }[] = [
    {
      name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
      pod: mkPod(),
      pods: [],
      want: 'skip',
    },
    {
      name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod: mkPod({ labels: podLabel2, affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region')] }),
      pods: [existing()],
      want: 'pass',
    },
    {
      name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod: mkPod({ labels: podLabel2, affinity: [term(sel('service', 'NotIn', ['securityscan3', 'value3']), 'region')] }),
      pods: [existing()],
      want: 'pass',
    },
    {
      name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod: mkPod({
        labels: podLabel2,
        affinity: [{ labelSelector: sel('service', 'In', ['securityscan', 'value2']), namespaces: ['DiffNameSpace'], topologyKey: '' }],
      }),
      pods: [mkPod({ ns: 'ns', labels: podLabel, node: 'node1' })],
      want: [Code.UnschedulableAndUnresolvable, AFF],
    },
    {
      name: 'Doesn\'t satisfy the PodAffinity because of unmatching labelSelector with the existing pod',
      pod: mkPod({ labels: podLabel, affinity: [term(sel('service', 'In', ['antivirusscan', 'value2']), '')] }),
      pods: [existing()],
      want: [Code.UnschedulableAndUnresolvable, AFF],
    },
    {
      name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution',
      pod: mkPod({
        labels: podLabel2,
        affinity: [
          term({ matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, 'region'),
          term(
            {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            'region',
          ),
        ],
      }),
      pods: [existing()],
      want: 'pass',
    },
    {
      name: 'The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don\'t match.',
      pod: mkPod({
        labels: podLabel2,
        affinity: [
          term({ matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, 'region'),
          term(
            {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan2'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            'region',
          ),
        ],
      }),
      pods: [existing()],
      want: [Code.UnschedulableAndUnresolvable, AFF],
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod: mkPod({
        labels: podLabel2,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region')],
        anti: [term(sel('service', 'In', ['antivirusscan', 'value2']), 'node')],
      }),
      pods: [existing()],
      want: 'pass',
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod: mkPod({
        labels: podLabel2,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region')],
        anti: [term(sel('service', 'In', ['antivirusscan', 'value2']), 'node')],
      }),
      pods: [mkPod({ labels: podLabel, node: 'node1', anti: [term(sel('service', 'In', ['antivirusscan', 'value2']), 'node')] })],
      want: 'pass',
    },
    {
      name: 'satisfies the PodAffinity but doesn\'t satisfy the PodAntiAffinity with the existing pod',
      pod: mkPod({
        labels: podLabel2,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region')],
        anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone')],
      }),
      pods: [existing()],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity but doesn\'t satisfy PodAntiAffinity symmetry with the existing pod',
      pod: mkPod({
        labels: podLabel,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region')],
        anti: [term(sel('service', 'In', ['antivirusscan', 'value2']), 'node')],
      }),
      pods: [mkPod({ labels: podLabel, node: 'node1', anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone')] })],
      want: [Code.Unschedulable, EXISTING],
    },
    {
      name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod: mkPod({ labels: podLabel, affinity: [term(sel('service', 'NotIn', ['securityscan', 'value2']), 'region')] }),
      pods: [mkPod({ labels: { service: 'securityscan' }, node: 'node2' })],
      want: [Code.UnschedulableAndUnresolvable, AFF],
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn\'t satisfy PodAntiAffinity symmetry with the existing pod',
      pod: mkPod({ labels: podLabel }),
      pods: [mkPod({ labels: podLabel, node: 'node1', anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone')] })],
      want: [Code.Unschedulable, EXISTING],
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod: mkPod({ labels: podLabel }),
      pods: [mkPod({ labels: podLabel, node: 'node1', anti: [term(sel('service', 'NotIn', ['securityscan', 'value2']), 'zone')] })],
      want: 'skip',
    },
    {
      name: 'satisfies the PodAntiAffinity with existing pod but doesn\'t satisfy PodAntiAffinity symmetry with incoming pod',
      pod: mkPod({ labels: podLabel, anti: [term(sel('service', 'Exists'), 'region'), term(sel('security', 'Exists'), 'region')] }),
      pods: [mkPod({ labels: podLabel2, node: 'node1', anti: [term(sel('security', 'Exists'), 'zone')] })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: mkPod({ labels: podLabel, anti: [term(sel('service', 'Exists'), 'zone'), term(sel('security', 'Exists'), 'zone')] }),
      pods: [mkPod({ labels: podLabel2, node: 'node1', anti: [term(sel('security', 'Exists'), 'zone')] })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: mkPod({ labels: podLabel2, anti: [term(sel('security', 'Exists'), 'zone')] }),
      pods: [mkPod({ labels: podLabel, node: 'node1', anti: [term(sel('service', 'Exists'), 'zone'), term(sel('security', 'Exists'), 'zone')] })],
      want: [Code.Unschedulable, EXISTING],
    },
    {
      name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: mkPod({ labels: { abc: '', xyz: '' }, anti: [term(sel('abc', 'Exists'), 'zone'), term(sel('def', 'Exists'), 'zone')] }),
      pods: [mkPod({ labels: { def: '', xyz: '' }, node: 'node1', anti: [term(sel('abc', 'Exists'), 'zone'), term(sel('def', 'Exists'), 'zone')] })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: mkPod({ labels: { def: '', xyz: '' }, anti: [term(sel('abc', 'Exists'), 'zone'), term(sel('def', 'Exists'), 'zone')] }),
      pods: [mkPod({ labels: { abc: '', xyz: '' }, node: 'node1', anti: [term(sel('abc', 'Exists'), 'zone'), term(sel('def', 'Exists'), 'zone')] })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'affinity with NamespaceSelector',
      pod: mkPod({
        labels: podLabel2,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region', { namespaceSelector: sel('team', 'In', ['team1']) })],
      }),
      pods: [mkPod({ ns: 'subteam1-team1', labels: podLabel, node: 'node1' })],
      want: 'pass',
    },
    {
      name: 'affinity with non-matching NamespaceSelector',
      pod: mkPod({
        labels: podLabel2,
        affinity: [term(sel('service', 'In', ['securityscan', 'value2']), 'region', { namespaceSelector: sel('team', 'In', ['team1']) })],
      }),
      pods: [mkPod({ ns: 'subteam1-team2', labels: podLabel, node: 'node1' })],
      want: [Code.UnschedulableAndUnresolvable, AFF],
    },
    {
      name: 'anti-affinity with matching NamespaceSelector',
      pod: mkPod({
        ns: 'subteam1-team1',
        labels: podLabel2,
        anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone', { namespaceSelector: sel('team', 'In', ['team1']) })],
      }),
      pods: [mkPod({ ns: 'subteam2-team1', labels: podLabel, node: 'node1' })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'anti-affinity with matching all NamespaceSelector',
      pod: mkPod({
        ns: 'subteam1-team1',
        labels: podLabel2,
        anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone', { namespaceSelector: {} })],
      }),
      pods: [mkPod({ ns: 'subteam2-team1', labels: podLabel, node: 'node1' })],
      want: [Code.Unschedulable, ANTI],
    },
    {
      name: 'anti-affinity with non-matching NamespaceSelector',
      pod: mkPod({
        ns: 'subteam1-team1',
        labels: podLabel2,
        anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone', { namespaceSelector: sel('team', 'In', ['team1']) })],
      }),
      pods: [mkPod({ ns: 'subteam1-team2', labels: podLabel, node: 'node1' })],
      want: 'pass',
    },
    {
      name: 'existing pod anti-affinity with matching NamespaceSelector (symmetry)',
      pod: mkPod({ ns: 'subteam1-team1', labels: podLabel }),
      pods: [
        mkPod({
          ns: 'subteam2-team2',
          labels: podLabel2,
          node: 'node1',
          anti: [term(sel('service', 'Exists'), 'zone', { namespaceSelector: sel('team', 'In', ['team1']) })],
        }),
      ],
      want: [Code.Unschedulable, EXISTING],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = runFilter(node1(), c.pods, c.pod, teamNamespaces);
      if (c.want === 'skip') {
        expect(r.skipped).toBe(true);
        return;
      }
      expect(r.skipped).toBe(false);
      if (c.want === 'pass') expect(r.result).toEqual({ node1: 'pass' });
      else {
        expect(r.result).toEqual({ node1: [c.want[1]] });
        expect(r.codes.node1).toBe(c.want[0]);
      }
    });
  }

  it('PreFilter rejects a pod whose terms cannot be parsed (UnschedulableAndUnresolvable "parsing pod: ...")', () => {
    const pod = mkPod({ labels: podLabel, affinity: [term(sel('service', 'In', ['{{.bad-value.}}']), 'region')] });
    const r = runFilter(node1(), [], pod);
    expect(r.pre.status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(r.pre.status?.reasons[0]).toMatch(/^parsing pod: /);
  });
});

// ---- Filter: multiple nodes --------------------------------------------------------------------

describe('InterPodAffinity Filter: multiple nodes (TestRequiredAffinityMultipleNodes + corpus)', () => {
  const cases: { name: string; nodes: Node[]; pods: Pod[]; pod: Pod; want: FilterResult }[] = [
    {
      name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      nodes: [mkNode('node1', { region: 'China' }), mkNode('node2', { region: 'China', az: 'az1' }), mkNode('node3', { region: 'India' })],
      pods: [mkPod({ labels: { foo: 'bar' }, node: 'node1' })],
      pod: mkPod({ affinity: [term(sel('foo', 'In', ['bar']), 'region')] }),
      want: { node1: 'pass', node2: 'pass', node3: [AFF] },
    },
    {
      name: 'The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there\'s no existing pod that matches the rule anywhere.',
      nodes: [mkNode('node-a', { zone: 'az1', hostname: 'h1' }), mkNode('node-b', { zone: 'az2', hostname: 'h2' })],
      pods: [mkPod({ labels: { foo: 'bar' }, node: 'node-a' })],
      pod: mkPod({
        labels: { foo: 'bar', service: 'securityscan' },
        affinity: [term(sel('foo', 'In', ['bar']), 'zone'), term(sel('service', 'In', ['securityscan']), 'zone')],
      }),
      want: { 'node-a': 'pass', 'node-b': 'pass' },
    },
    {
      name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      nodes: [mkNode('node-a', { zoneLabel: 'az1', hostname: 'h1' }), mkNode('node-b', { zoneLabel: 'az2', hostname: 'h2' })],
      pods: [mkPod({ labels: { foo: 'bar' }, node: 'node-a' })],
      pod: mkPod({
        labels: { foo: 'bar', service: 'securityscan' },
        affinity: [term(sel('foo', 'In', ['bar']), 'zone'), term(sel('service', 'In', ['securityscan']), 'zone')],
      }),
      want: { 'node-a': [AFF], 'node-b': [AFF] },
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      nodes: [mkNode('node-a', { region: 'r1', hostname: 'nodeA' }), mkNode('node-b', { region: 'r1', hostname: 'nodeB' })],
      pods: [mkPod({ labels: { foo: 'abc' }, node: 'node-a' })],
      pod: mkPod({ anti: [term(sel('foo', 'In', ['abc']), 'region')] }),
      want: { 'node-a': [ANTI], 'node-b': [ANTI] },
    },
    {
      name: 'Test incoming pod\'s anti-affinity: even if labelSelector matches, we still check if topologyKey matches',
      nodes: [mkNode('node-a', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), mkNode('node-b', { region: 'r1', zone: 'z1', hostname: 'nodeB' })],
      pods: [mkPod({ labels: { foo: '' }, node: 'node-a' })],
      pod: mkPod({ anti: [term(sel('foo', 'Exists'), 'invalid-node-label')] }),
      want: { 'node-a': 'pass', 'node-b': 'pass' },
    },
    {
      name: 'Test existing pod\'s anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC',
      nodes: [
        mkNode('node-a', { region: 'r1', zone: 'z1', hostname: 'nodeA' }),
        mkNode('node-b', { region: 'r1', zone: 'z2', hostname: 'nodeB' }),
        mkNode('node-c', { region: 'r1', zone: 'z3', hostname: 'nodeC' }),
      ],
      pods: [
        mkPod({ node: 'node-a', anti: [term(sel('foo', 'Exists'), 'zone'), term(sel('labelA', 'Exists'), 'zone')] }),
        mkPod({ node: 'node-b', anti: [term(sel('bar', 'Exists'), 'zone'), term(sel('labelB', 'Exists'), 'zone')] }),
      ],
      pod: mkPod({ labels: { foo: '', bar: '' } }),
      want: { 'node-a': [EXISTING], 'node-b': [EXISTING], 'node-c': 'pass' },
    },
    {
      name: 'Test existing pod\'s anti-affinity: incoming pod wouldn\'t considered as a fit as it at least matches one term, even if topologyKey doesn\'t match',
      nodes: [mkNode('node-a', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), mkNode('node-b', { region: 'r1', zone: 'z2', hostname: 'nodeB' })],
      pods: [mkPod({ node: 'node-a', anti: [term(sel('foo', 'Exists'), 'zone'), term(sel('bar', 'Exists'), 'invalid-node-label')] })],
      pod: mkPod({ labels: { foo: '', bar: '' } }),
      want: { 'node-a': [EXISTING], 'node-b': 'pass' },
    },
    {
      name: 'existing pod anti-affinity on zone blocks only its zone (corpus: interpod-existing-pod-antiaffinity-zone-symmetry)',
      nodes: [mkNode('node1', { region: 'r1', zone: 'z11' }), mkNode('node2', { region: 'r1', zone: 'z12' })],
      pods: [
        mkPod({
          labels: { service: 'securityscan' },
          node: 'node1',
          anti: [term(sel('service', 'In', ['securityscan', 'value2']), 'zone')],
        }),
      ],
      pod: mkPod({ labels: { service: 'securityscan' } }),
      want: { node1: [EXISTING], node2: 'pass' },
    },
    {
      name: 'web-server 3rd replica: affinity rejects node-3, its own anti-affinity rejects node-1/node-2 (affinity checked first)',
      nodes: [mkNode('node-1', { 'kubernetes.io/hostname': 'node-1' }), mkNode('node-2', { 'kubernetes.io/hostname': 'node-2' }), mkNode('node-3', { 'kubernetes.io/hostname': 'node-3' })],
      pods: [
        mkPod({ labels: { app: 'store' }, node: 'node-1', anti: [term(sel('app', 'In', ['store']), 'kubernetes.io/hostname')] }),
        mkPod({ labels: { app: 'store' }, node: 'node-2', anti: [term(sel('app', 'In', ['store']), 'kubernetes.io/hostname')] }),
        mkPod({ labels: { app: 'web-store' }, node: 'node-1' }),
        mkPod({ labels: { app: 'web-store' }, node: 'node-2' }),
      ],
      pod: mkPod({
        labels: { app: 'web-store' },
        affinity: [term(sel('app', 'In', ['store']), 'kubernetes.io/hostname')],
        anti: [term(sel('app', 'In', ['web-store']), 'kubernetes.io/hostname')],
      }),
      want: { 'node-1': [ANTI], 'node-2': [ANTI], 'node-3': [AFF] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(runFilter(c.nodes, c.pods, c.pod).result).toEqual(c.want);
    });
  }
});

describe('InterPodAffinity PreFilter extensions (AddPod / RemovePod)', () => {
  it('adding/removing pods updates the three counts, and clones are independent', () => {
    const nodes = [mkNode('node-a', { region: 'r1', zone: 'z11', hostname: 'nodeA' }), mkNode('node-b', { region: 'r1', zone: 'z12', hostname: 'nodeB' })];
    const pod = mkPod({
      labels: { service: 'securityscan' },
      affinity: [term(sel('aaa', 'In', ['bbb']), 'region')],
      anti: [term(sel('foo', 'Exists'), 'zone')],
    });
    const r = runFilter(nodes, [], pod);
    // No pod matches the affinity and the pod doesn't match itself: both nodes fail on affinity.
    expect(r.result).toEqual({ 'node-a': [AFF], 'node-b': [AFF] });
    const clone = r.state.clone();
    const na = r.snap.get('node-a')!;
    const nb = r.snap.get('node-b')!;
    const target = newPodInfo(mkPod({ labels: { aaa: 'bbb' }, node: 'node-a' }));
    r.pl.addPod(clone, r.pi, target, na);
    expect(r.pl.filter(clone, r.pi, na)).toBeNull();
    expect(r.pl.filter(clone, r.pi, nb)).toBeNull();
    const hated = newPodInfo(mkPod({ labels: { foo: '' }, node: 'node-b' }));
    r.pl.addPod(clone, r.pi, hated, nb);
    expect(r.pl.filter(clone, r.pi, nb)?.reasons).toEqual([ANTI]);
    const hater = newPodInfo(mkPod({ node: 'node-a', anti: [term(sel('service', 'Exists'), 'zone')] }));
    r.pl.addPod(clone, r.pi, hater, na);
    expect(r.pl.filter(clone, r.pi, na)?.reasons).toEqual([EXISTING]);
    const s = clone.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(s.affinityCounts.toJSON()).toEqual({ region: { r1: 1 } });
    expect(s.antiAffinityCounts.toJSON()).toEqual({ zone: { z12: 1 } });
    expect(s.existingAntiAffinityCounts.toJSON()).toEqual({ zone: { z11: 1 } });
    // Remove them again: entries reaching zero are deleted (len() back to 0).
    r.pl.removePod(clone, r.pi, target, na);
    r.pl.removePod(clone, r.pi, hated, nb);
    r.pl.removePod(clone, r.pi, hater, na);
    expect(s.affinityCounts.size).toBe(0);
    expect(s.antiAffinityCounts.size).toBe(0);
    expect(s.existingAntiAffinityCounts.size).toBe(0);
    expect(r.pl.filter(clone, r.pi, na)?.reasons).toEqual([AFF]);
    // The original state never saw the additions.
    expect(r.state.read<PreFilterState>(PREFILTER_STATE_KEY)!.affinityCounts.size).toBe(0);
  });

  it('removing the only matching pod re-enables the first-pod-of-a-collection rule', () => {
    const nodes = [mkNode('node-a', { zone: 'z1' }), mkNode('node-b', { zone: 'z2' })];
    const existing = mkPod({ labels: { app: 'x' }, node: 'node-a' });
    const pod = mkPod({ labels: { app: 'x' }, affinity: [term(sel('app', 'In', ['x']), 'zone')] });
    const r = runFilter(nodes, [existing], pod);
    expect(r.result).toEqual({ 'node-a': 'pass', 'node-b': [AFF] });
    const na = r.snap.get('node-a')!;
    r.pl.removePod(r.state, r.pi, na.pods[0], na);
    expect(r.pl.filter(r.state, r.pi, r.snap.get('node-b')!)).toBeNull();
  });
});

// ---- Score -------------------------------------------------------------------------------------

describe('InterPodAffinity Score (TestPreferredAffinity)', () => {
  const S1 = { security: 'S1' };
  const S2 = { security: 'S2' };
  const rgChina = { region: 'China' };
  const rgIndia = { region: 'India' };
  const az1 = { az: 'az1' };
  const az2 = { az: 'az2' };
  const stayWithS1InRegion = [wterm(5, term(sel('security', 'In', ['S1']), 'region'))];
  const stayWithS2InRegion = [wterm(6, term(sel('security', 'In', ['S2']), 'region'))];
  const awayFromS1InAz = [wterm(5, term(sel('security', 'In', ['S1']), 'az'))];
  const awayFromS2InAz = [wterm(5, term(sel('security', 'In', ['S2']), 'az'))];
  const hardAffinity = [
    term(sel('security', 'In', ['S1', 'value2']), 'region'),
    term({ matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, 'region'),
  ];

  const cases: { name: string; nodes: Node[]; pods: Pod[]; pod: Pod; want: Record<string, number> | 'skip'; args?: Record<string, unknown>; namespaces?: Namespace[] }[] = [
    {
      name: 'all nodes are same priority as Affinity is nil',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [],
      pod: mkPod({ labels: S1 }),
      want: 'skip',
    },
    {
      name: 'Affinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn\'t match either pods in nodes or in topology key',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node2', labels: S2 }), mkPod({ node: 'node3', labels: S1 })],
      pod: mkPod({ labels: S1, prefAffinity: stayWithS1InRegion }),
      want: { node1: 100, node2: 0, node3: 0 },
    },
    {
      name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      nodes: [mkNode('node1', rgChina), mkNode('node2', { region: 'China', az: 'az1' }), mkNode('node3', rgIndia)],
      pods: [mkPod({ node: 'node1', labels: S1 })],
      pod: mkPod({ prefAffinity: stayWithS1InRegion }),
      want: { node1: 100, node2: 100, node3: 0 },
    },
    {
      name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', rgChina), mkNode('node4', rgChina), mkNode('node5', rgIndia)],
      pods: [
        mkPod({ node: 'node1', labels: S2 }),
        mkPod({ node: 'node1', labels: S2 }),
        mkPod({ node: 'node2', labels: S2 }),
        mkPod({ node: 'node3', labels: S2 }),
        mkPod({ node: 'node4', labels: S2 }),
        mkPod({ node: 'node5', labels: S2 }),
      ],
      pod: mkPod({ labels: S1, prefAffinity: stayWithS2InRegion }),
      want: { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 },
    },
    {
      name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [mkPod({ node: 'node1', labels: S1, prefAffinity: stayWithS1InRegion }), mkPod({ node: 'node2', labels: S2, prefAffinity: stayWithS2InRegion })],
      pod: mkPod({ labels: S2 }),
      want: { node1: 0, node2: 100, node3: 0 },
    },
    {
      name: 'AntiAffinity symmetry with namespace selector',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [
        mkPod({
          node: 'node1',
          labels: S1,
          prefAnti: [
            wterm(5, term(sel('security', 'In', ['S1']), 'region', { namespaces: ['subteam2-team2'], namespaceSelector: sel('team', 'In', ['team1']) })),
          ],
        }),
        mkPod({ node: 'node2', labels: S2, prefAffinity: stayWithS2InRegion }),
      ],
      pod: mkPod({ ns: 'subteam1-team1', labels: S1 }),
      namespaces: teamNamespaces,
      want: { node1: 0, node2: 100, node3: 100 },
    },
    {
      name: 'Affinity symmetry with namespace selector',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [
        mkPod({
          node: 'node1',
          labels: S1,
          prefAffinity: [
            wterm(5, term(sel('security', 'In', ['S1']), 'region', { namespaces: ['subteam2-team2'], namespaceSelector: sel('team', 'In', ['team1']) })),
          ],
        }),
        mkPod({ node: 'node2', labels: S2, prefAffinity: stayWithS2InRegion }),
      ],
      pod: mkPod({ ns: 'subteam1-team1', labels: S1 }),
      namespaces: teamNamespaces,
      want: { node1: 100, node2: 0, node3: 0 },
    },
    {
      name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [mkPod({ node: 'node1', labels: S1, affinity: hardAffinity }), mkPod({ node: 'node2', labels: S2, affinity: hardAffinity })],
      pod: mkPod({ labels: S1 }),
      want: { node1: 100, node2: 100, node3: 0 },
    },
    {
      name: 'Anti Affinity: pod that does not match existing pods in node will get high score',
      nodes: [mkNode('node1', az1), mkNode('node2', rgChina)],
      pods: [mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node2', labels: S2 })],
      pod: mkPod({ labels: S1, prefAnti: awayFromS1InAz }),
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others',
      nodes: [mkNode('node1', az1), mkNode('node2', rgChina)],
      pods: [mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node2', labels: S1 })],
      pod: mkPod({ labels: S1, prefAnti: awayFromS1InAz }),
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      nodes: [mkNode('node1', az1), mkNode('node2', rgIndia)],
      pods: [mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node2', labels: S2 })],
      pod: mkPod({ labels: S1, prefAnti: awayFromS1InAz }),
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      nodes: [mkNode('node1', az1), mkNode('node2', az2)],
      pods: [mkPod({ node: 'node1', labels: S1, prefAnti: awayFromS2InAz }), mkPod({ node: 'node2', labels: S2, prefAnti: awayFromS1InAz })],
      pod: mkPod({ labels: S2 }),
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Affinity and anti affinity: mixed weights normalize with a negative minimum',
      nodes: [mkNode('node1', { region: 'China', az: 'az1' }), mkNode('node2', { region: 'India', az: 'az2' }), mkNode('node3', { region: 'China', az: 'az3' })],
      pods: [mkPod({ node: 'node1', labels: S1 }), mkPod({ node: 'node2', labels: S2 })],
      // +5 for region China (node1, node3); -5 (x1) for az1 (node1) and -... for S2 in az2
      pod: mkPod({ prefAffinity: stayWithS1InRegion, prefAnti: [wterm(5, term(sel('security', 'In', ['S1']), 'az')), wterm(3, term(sel('security', 'In', ['S2']), 'az'))] }),
      // raw: node1 = 5 - 5 = 0, node2 = -3, node3 = 5 -> min -3, max 5: node1 = 100*3/8 = 37, node2 = 0, node3 = 100
      want: { node1: 37, node2: 0, node3: 100 },
    },
    {
      name: 'ignorePreferredTermsOfExistingPods: existing pods\' preferred terms are ignored when the pod has none',
      nodes: [mkNode('node1', az1), mkNode('node2', az2)],
      pods: [mkPod({ node: 'node1', labels: S1, prefAnti: awayFromS2InAz }), mkPod({ node: 'node2', labels: S2, prefAnti: awayFromS1InAz })],
      pod: mkPod({ labels: S2 }),
      args: { ignorePreferredTermsOfExistingPods: true },
      want: 'skip',
    },
    {
      name: 'hardPodAffinityWeight 0 ignores existing pods\' required affinity',
      nodes: [mkNode('node1', rgChina), mkNode('node2', rgIndia), mkNode('node3', az1)],
      pods: [mkPod({ node: 'node1', labels: S1, affinity: hardAffinity }), mkPod({ node: 'node2', labels: S2, affinity: hardAffinity })],
      pod: mkPod({ labels: S1 }),
      args: { hardPodAffinityWeight: 0 },
      want: 'skip',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(runScore(c.nodes, c.pods, c.pod, { args: c.args, namespaces: c.namespaces })).toEqual(c.want);
    });
  }
});

describe('InterPodAffinity Score (TestPreferredAffinityWithHardPodAffinitySymmetricWeight)', () => {
  const hardNs = (ns: string[], nsSel?: LabelSelector) => [
    term(sel('service', 'In', ['S1']), 'region', { namespaces: ns, ...(nsSel ? { namespaceSelector: nsSel } : {}) }),
  ];
  const nodes = () => [mkNode('node1', { region: 'China' }), mkNode('node2', { region: 'India' }), mkNode('node3', { az: 'az1' })];
  it('with matching NamespaceSelector', () => {
    const pods = [
      mkPod({ node: 'node1', affinity: hardNs(['default', 'subteam2-team2'], sel('team', 'In', ['team1'])) }),
      mkPod({ node: 'node2', affinity: hardNs(['default', 'subteam2-team2'], sel('team', 'In', ['team1'])) }),
    ];
    const got = runScore(nodes(), pods, mkPod({ ns: 'subteam1-team1', labels: { service: 'S1' } }), {
      args: { hardPodAffinityWeight: 1 },
      namespaces: teamNamespaces,
    });
    expect(got).toEqual({ node1: 100, node2: 100, node3: 0 });
  });
  it('with non-matching NamespaceSelector', () => {
    const pods = [
      mkPod({ node: 'node1', affinity: hardNs(['default', 'subteam2-team2'], sel('team', 'In', ['team2'])) }),
      mkPod({ node: 'node2', affinity: hardNs(['default', 'subteam2-team2'], sel('team', 'In', ['team2'])) }),
    ];
    const got = runScore(nodes(), pods, mkPod({ ns: 'subteam1-team1', labels: { service: 'S1' } }), {
      args: { hardPodAffinityWeight: 1 },
      namespaces: teamNamespaces,
    });
    expect(got).toBe('skip');
  });
  it('hard pod affinity symmetric weight 10', () => {
    const pods = [
      mkPod({ node: 'node1', affinity: [term(sel('service', 'In', ['S1']), 'region')] }),
      mkPod({ node: 'node2', affinity: [term(sel('service', 'In', ['S1']), 'region')] }),
    ];
    const got = runScore(nodes(), pods, mkPod({ labels: { service: 'S1' } }), { args: { hardPodAffinityWeight: 10 } });
    expect(got).toEqual({ node1: 100, node2: 100, node3: 0 });
  });
});

describe('InterPodAffinity at scale', () => {
  it('5000 nodes with required anti-affinity on hostname: PreFilter + Filter over every node stays correct at scale (timing lives in npm run bench)', () => {
    const HOST = 'kubernetes.io/hostname';
    const nodes: Node[] = [];
    for (let i = 0; i < 5000; i++) nodes.push(mkNode(`n${i}`, { [HOST]: `n${i}`, zone: `z${i % 3}` }));
    const anti = [term({ matchLabels: { app: 'web' } }, HOST)];
    const existing: Pod[] = [];
    for (let i = 0; i < 2500; i++) existing.push(mkPod({ name: `e${i}`, node: `n${i * 2}`, labels: { app: 'web' }, anti }));
    const { snap, handle } = setup(nodes, existing);
    const pl = factory(undefined, handle) as InterPodAffinity;
    const pod = newPodInfo(mkPod({ name: 'p', labels: { app: 'web' }, anti }));
    const list = snap.nodeInfoList;
    const rounds = 2;
    let fails = 0;
    for (let r = 0; r < rounds; r++) {
      const state = new CycleState();
      pl.preFilter(state, pod, list);
      for (let i = 0; i < list.length; i++) if (pl.filter(state, pod, list[i])) fails++;
    }
    expect(fails).toBe(2500 * rounds);
  });
});
