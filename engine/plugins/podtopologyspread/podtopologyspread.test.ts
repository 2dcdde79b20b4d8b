// Table tests ported from upstream podtopologyspread/filtering_test.go and scoring_test.go
// (TestSingleConstraint, TestMultipleConstraints, TestPreFilterState, TestPodTopologySpreadScore,
// TestPreScoreStateEmptyNodes) plus the conformance corpus cases: exact reasons and scores.

import { describe, expect, it } from 'vitest';
import type { Node, Pod, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { compileLabelSelector } from '../../api/labels';
import { newPodInfo } from '../../api/podinfo';
import { addPod, newNodeInfo } from '../../cache/nodeinfo';
import { buildSnapshot, type ClusterSnapshot } from '../../cache/snapshot';
import { Code, CycleState, type ClusterLister, type Handle, type NodeScore, type PodInfo } from '../../framework/types';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH as NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH as MISSING,
  explainTopologySpread,
  factory,
  PodTopologySpread,
  PREFILTER_STATE_KEY,
  PreFilterState,
} from './index';

// ---- builders ----------------------------------------------------------------------------------

const HOST = 'kubernetes.io/hostname';

function mkNode(name: string, labels: Record<string, string>, spec?: Node['spec']): Node {
  return { metadata: { name, labels }, spec, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } };
}

interface PodOpts {
  ns?: string;
  labels?: Record<string, string>;
  node?: string;
  spread?: TopologySpreadConstraint[];
  nodeSelector?: Record<string, string>;
  affinityIn?: { key: string; values: string[] };
  affinityNotIn?: { key: string; values: string[] };
  tolerations?: Toleration[];
  terminating?: boolean;
  owner?: { kind: string; apiVersion: string; name: string };
}

function mkPod(name: string, o: PodOpts = {}): Pod {
  const pod: Pod = {
    metadata: { name, namespace: o.ns ?? 'default', uid: `${o.ns ?? 'default'}/${name}`, labels: o.labels ?? {} },
    spec: { containers: [{ name: 'c', image: 'pause' }] },
  };
  if (o.node) pod.spec!.nodeName = o.node;
  if (o.spread) pod.spec!.topologySpreadConstraints = o.spread;
  if (o.nodeSelector) pod.spec!.nodeSelector = o.nodeSelector;
  if (o.tolerations) pod.spec!.tolerations = o.tolerations;
  const naff = o.affinityIn ?? o.affinityNotIn;
  if (naff) {
    pod.spec!.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: naff.key, operator: o.affinityIn ? 'In' : 'NotIn', values: naff.values }] }],
        },
      },
    };
  }
  if (o.terminating) pod.metadata = { ...pod.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' };
  if (o.owner) pod.metadata!.ownerReferences = [{ ...o.owner, uid: 'owner-uid', controller: true }];
  return pod;
}

const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });
const fooSel = exists('foo');
const barSel = exists('bar');

function sc(
  maxSkew: number,
  topologyKey: string,
  when: 'DoNotSchedule' | 'ScheduleAnyway',
  labelSelector: LabelSelector | undefined,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable: when, labelSelector, ...extra };
}

/** `name@node` pods with the given labels (4 nodes a,b,x,y with zones). */
function pods(spec: string, labels: Record<string, string> = { foo: '' }, ns = 'default'): Pod[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => {
      const [name, node] = s.split('@');
      return mkPod(name, { node, labels, ns });
    });
}

const zoneNodes = (): Node[] => [
  mkNode('node-a', { zone: 'zone1', node: 'node-a' }),
  mkNode('node-b', { zone: 'zone1', node: 'node-b' }),
  mkNode('node-x', { zone: 'zone2', node: 'node-x' }),
  mkNode('node-y', { zone: 'zone2', node: 'node-y' }),
];

const hostNodes = (names: string[], extra: (n: string) => Record<string, string> = () => ({})): Node[] =>
  names.map((n) => mkNode(n, { [HOST]: n, ...extra(n) }));

interface Listed {
  services?: { selector: Record<string, string>; name?: string }[];
  replicaSets?: { selector: LabelSelector; name: string }[];
}

function setup(nodes: Node[], existing: Pod[], listed: Listed = {}) {
  const nis = nodes.map((n) => newNodeInfo(n));
  const byName = new Map(nis.map((n) => [n.name, n]));
  for (const p of existing) addPod(byName.get(p.spec!.nodeName!)!, newPodInfo(p));
  const snap: ClusterSnapshot = buildSnapshot(nis, []);
  const lister: ClusterLister = {
    services: () => listed.services ?? [],
    replicaSets: () => (listed.replicaSets ?? []).map((r) => ({ name: r.name, selector: compileLabelSelector(r.selector), labels: {} })),
    statefulSets: () => [],
    replicationControllers: () => [],
  };
  const handle = { snapshot: () => snap, lister } as unknown as Handle;
  return { snap, handle };
}

type FilterResult = Record<string, 'pass' | string[]>;

function runFilter(
  nodes: Node[],
  existing: Pod[],
  pod: Pod,
  args: Record<string, unknown> = { defaultingType: 'List' },
  listed: Listed = {},
): { result: FilterResult; codes: Record<string, Code>; skipped: boolean; state: CycleState; pi: PodInfo; snap: ClusterSnapshot } {
  const { snap, handle } = setup(nodes, existing, listed);
  const pl = factory(args, handle) as PodTopologySpread;
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
  return { result, codes, skipped, state, pi, snap };
}

function runScore(
  nodes: Node[],
  existing: Pod[],
  pod: Pod,
  opts: { args?: Record<string, unknown>; failed?: string[]; listed?: Listed } = {},
): Record<string, number> | 'skip' {
  const { snap, handle } = setup(nodes, existing, opts.listed);
  const pl = factory(opts.args ?? { defaultingType: 'System' }, handle) as PodTopologySpread;
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const failed = new Set(opts.failed ?? []);
  const feasible = snap.nodeInfoList.filter((n) => !failed.has(n.name));
  const st = pl.preScore(state, pi, feasible);
  if (st?.code === Code.Skip) return 'skip';
  expect(st).toBeNull();
  const scores: NodeScore[] = feasible.map((ni) => ({ name: ni.name, score: pl.score(state, pi, ni) }));
  expect(pl.normalizeScore(state, pi, scores)).toBeNull();
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

// ---- Filter ------------------------------------------------------------------------------------

describe('PodTopologySpread Filter: single constraint', () => {
  const zone1 = (skew = 1, extra: Partial<TopologySpreadConstraint> = {}) => [sc(skew, 'zone', 'DoNotSchedule', fooSel, extra)];
  const node1 = (skew = 1, extra: Partial<TopologySpreadConstraint> = {}) => [sc(skew, 'node', 'DoNotSchedule', fooSel, extra)];

  const cases: { name: string; nodes: Node[]; existing: Pod[]; pod: Pod; want: FilterResult }[] = [
    {
      name: 'no existing pods',
      nodes: zoneNodes(),
      existing: [],
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1() }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'no existing pods, incoming pod doesn\'t match itself',
      nodes: zoneNodes(),
      existing: [],
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'DoNotSchedule', barSel)] }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'existing pods in a different namespace do not count',
      nodes: zoneNodes(),
      existing: [...pods('p-a1@node-a', { foo: '' }, 'ns1'), ...pods('p-b1@node-a', { foo: '' }, 'ns2'), ...pods('p-x1@node-x p-y1@node-y')],
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1() }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1() }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'pods spread across zones as 1/2 due to absence of label \'zone\' on node-b',
      nodes: [
        mkNode('node-a', { zone: 'zone1', node: 'node-a' }),
        mkNode('node-b', { zon: 'zone1', node: 'node-b' }),
        mkNode('node-x', { zone: 'zone2', node: 'node-x' }),
        mkNode('node-y', { zone: 'zone2', node: 'node-y' }),
      ],
      existing: pods('p-a1@node-a p-b1@node-b p-x1@node-x p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1() }),
      want: { 'node-a': 'pass', 'node-b': [MISSING], 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'pod cannot be scheduled as all nodes don\'t have label \'rack\'',
      nodes: [mkNode('node-a', { zone: 'zone1', node: 'node-a' }), mkNode('node-x', { zone: 'zone2', node: 'node-x' })],
      existing: [],
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'rack', 'DoNotSchedule', fooSel)] }),
      want: { 'node-a': [MISSING], 'node-x': [MISSING] },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1() }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1(2) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': 'pass', 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, but pod doesn\'t match itself',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { bar: '' }, spread: node1() }),
      want: { 'node-a': [NOT_MATCH], 'node-b': 'pass', 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1(), affinityIn: { key: 'node', values: ['node-a', 'node-y'] } }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
      nodes: zoneNodes(),
      existing: pods('p-b1@node-b p-b2@node-b p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1(), affinityNotIn: { key: 'node', values: ['node-b'] } }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'terminating Pods should be excluded',
      nodes: [mkNode('node-a', { node: 'node-a' }), mkNode('node-b', { node: 'node-b' })],
      existing: [mkPod('p-a', { node: 'node-a', labels: { foo: '' }, terminating: true }), ...pods('p-b@node-b')],
      pod: mkPod('p', { labels: { foo: '' }, spread: node1() }),
      want: { 'node-a': 'pass', 'node-b': [NOT_MATCH] },
    },
    {
      name: 'existing pods do not match null selector',
      nodes: zoneNodes(),
      existing: pods('p-x1@node-x p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'DoNotSchedule', undefined)] }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      nodes: zoneNodes(),
      existing: pods('p-b1@node-a p-b2@node-b p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: zone1(2, { minDomains: 3 }) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      nodes: [mkNode('node-a', { node: 'node-a' }), mkNode('node-b', { node: 'node-b' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-b2@node-b p-c1@node-c'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1(2, { minDomains: 2 }) }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-c': 'pass' },
    },
    {
      name: 'pods spread across nodes as 1/1/1, maxSkew 1, minDomains 4 (> 3 domains): global min is 0, no node fits',
      nodes: [mkNode('node-a', { node: 'node-a' }), mkNode('node-b', { node: 'node-b' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-b1@node-b p-c1@node-c'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1(1, { minDomains: 4 }) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-c': [NOT_MATCH] },
    },
    {
      name: 'NodeTaintsPolicy honored',
      nodes: [
        mkNode('node-a', { node: 'node-a', foo: '' }),
        mkNode('node-b', { node: 'node-b', foo: '' }),
        mkNode('node-x', { node: 'node-x', foo: '' }),
        mkNode('node-y', { node: 'node-y' }, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      existing: pods('p-b1@node-a p-b2@node-b p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1(1, { nodeTaintsPolicy: 'Honor' }) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      nodes: [
        mkNode('node-a', { node: 'node-a', foo: '' }),
        mkNode('node-b', { node: 'node-b', foo: '' }),
        mkNode('node-x', { node: 'node-x', foo: '' }),
        mkNode('node-y', { node: 'node-y' }, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      existing: pods('p-b1@node-a p-b2@node-b p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: node1() }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'NodeTaintsPolicy honored, the pod tolerates the taint',
      nodes: [
        mkNode('node-a', { node: 'node-a', foo: '' }),
        mkNode('node-b', { node: 'node-b', foo: '' }),
        mkNode('node-x', { node: 'node-x', foo: '' }),
        mkNode('node-y', { node: 'node-y' }, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      existing: pods('p-b1@node-a p-b2@node-b p-y1@node-y'),
      pod: mkPod('p', {
        labels: { foo: '' },
        spread: node1(1, { nodeTaintsPolicy: 'Honor' }),
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeSelector: the domain excluded by the selector still counts',
      nodes: [mkNode('node-a', { node: 'node-a', foo: '' }), mkNode('node-b', { node: 'node-b', foo: '' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-b1@node-b'),
      pod: mkPod('p', { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: node1(1, { nodeAffinityPolicy: 'Ignore' }) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-c': 'pass' },
    },
    {
      name: 'NodeAffinityPolicy honored with nodeSelector: node-c is not a domain',
      nodes: [mkNode('node-a', { node: 'node-a', foo: '' }), mkNode('node-b', { node: 'node-b', foo: '' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-b1@node-b'),
      pod: mkPod('p', { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: node1() }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-c': 'pass' },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y', { foo: 'a' }),
      pod: mkPod('p', { labels: { foo: 'a' }, spread: [sc(1, 'zone', 'DoNotSchedule', {}, { matchLabelKeys: ['foo'] })] }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector isn\'t empty',
      nodes: zoneNodes(),
      existing: [
        ...pods('p-a1@node-a', { foo: '' }),
        ...pods('p-a2@node-a', { foo: '', bar: 'a' }),
        ...pods('p-b1@node-b', { foo: '' }),
        ...pods('p-y1@node-y', { foo: '', bar: 'a' }),
        ...pods('p-y2@node-y', { bar: '' }),
      ],
      pod: mkPod('p', { labels: { foo: '', bar: 'a' }, spread: [sc(1, 'zone', 'DoNotSchedule', fooSel, { matchLabelKeys: ['bar'] })] }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
    {
      name: 'empty (non-nil) selector counts no pods (upstream countPodsMatchSelector: selector.Empty())',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-a3@node-a'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'DoNotSchedule', {})] }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': 'pass', 'node-y': 'pass' },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const { result } = runFilter(c.nodes, c.existing, c.pod);
      expect(result).toEqual(c.want);
    });
  }

  it('uses UnschedulableAndUnresolvable for a missing label and Unschedulable for skew', () => {
    const nodes = [mkNode('node-a', { zone: 'zone1' }), mkNode('node-b', {}), mkNode('node-x', { zone: 'zone2' })];
    const { codes } = runFilter(nodes, pods('p-a1@node-a p-a2@node-a'), mkPod('p', { labels: { foo: '' }, spread: zone1() }));
    expect(codes).toEqual({ 'node-a': Code.Unschedulable, 'node-b': Code.UnschedulableAndUnresolvable });
  });

  it('PreFilter returns Skip without DoNotSchedule constraints', () => {
    const r = runFilter(zoneNodes(), [], mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel)] }));
    expect(r.skipped).toBe(true);
  });
});

describe('PodTopologySpread Filter: multiple constraints', () => {
  const both = (zoneSel: LabelSelector, nodeSel: LabelSelector, zExtra = {}, nExtra = {}) => [
    sc(1, 'zone', 'DoNotSchedule', zoneSel, zExtra),
    sc(1, 'node', 'DoNotSchedule', nodeSel, nExtra),
  ];
  const cases: { name: string; nodes: Node[]; existing: Pod[]; pod: Pod; want: FilterResult }[] = [
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: both(fooSel, fooSel) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      nodes: zoneNodes(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y p-y4@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: both(fooSel, fooSel) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
      nodes: zoneNodes(),
      existing: [...pods('p-a1@node-a', { foo: '' }), ...pods('p-y1@node-y', { bar: '' })],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: both(fooSel, barSel) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
      nodes: zoneNodes(),
      existing: [...pods('p-a1@node-a', { foo: '' }), ...pods('p-x1@node-x p-y1@node-y', { bar: '' })],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: both(fooSel, barSel) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
      nodes: zoneNodes(),
      existing: [
        ...pods('p-a1@node-a', { foo: '' }),
        ...pods('p-a2@node-a', { foo: '', bar: '' }),
        ...pods('p-y1@node-y', { foo: '' }),
        ...pods('p-y2@node-y', { foo: '', bar: '' }),
        ...pods('p-y3@node-y', { foo: '' }),
      ],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: both(fooSel, barSel) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': 'pass', 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'Constraints hold different labelSelectors but pod doesn\'t match itself on \'zone\' constraint',
      nodes: zoneNodes(),
      existing: [...pods('p-a1@node-a', { foo: '' }), ...pods('p-x1@node-x p-y1@node-y', { bar: '' })],
      pod: mkPod('p', { labels: { bar: '' }, spread: both(fooSel, barSel) }),
      want: { 'node-a': 'pass', 'node-b': 'pass', 'node-x': [NOT_MATCH], 'node-y': [NOT_MATCH] },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      nodes: [
        mkNode('node-a', { zone: 'zone1', node: 'node-a', foo: '' }),
        mkNode('node-b', { zone: 'zone1', node: 'node-b', foo: '' }),
        mkNode('node-x', { zone: 'zone2', node: 'node-x', foo: '' }),
        mkNode('node-y', { zone: 'zone2', node: 'node-y' }, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      existing: pods('p-a1@node-a p-b1@node-b p-y1@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: both(fooSel, fooSel, { nodeTaintsPolicy: 'Honor' }) }),
      want: { 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
    {
      name: 'two constraints with the same topologyKey but different selectors are counted separately',
      nodes: zoneNodes(),
      existing: [...pods('p-a1@node-a p-a2@node-a', { foo: '' }), ...pods('p-y1@node-y', { bar: '' })],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: [sc(1, 'node', 'DoNotSchedule', fooSel), sc(1, 'node', 'DoNotSchedule', barSel)] }),
      want: { 'node-a': [NOT_MATCH], 'node-b': 'pass', 'node-x': 'pass', 'node-y': [NOT_MATCH] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(runFilter(c.nodes, c.existing, c.pod).result).toEqual(c.want);
    });
  }
});

describe('PodTopologySpread PreFilter state', () => {
  it('normal case with two spreadConstraints', () => {
    const { state } = runFilter(
      zoneNodes(),
      pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y p-y4@node-y'),
      mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'DoNotSchedule', fooSel), sc(1, 'node', 'DoNotSchedule', fooSel)] }),
    );
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(Object.fromEntries(s.tpValueToMatchNum[0])).toEqual({ zone1: 3, zone2: 4 });
    expect(Object.fromEntries(s.tpValueToMatchNum[1])).toEqual({ 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 });
    expect([s.criticalPaths[0].v0, s.criticalPaths[0].n0, s.criticalPaths[0].v1, s.criticalPaths[0].n1]).toEqual(['zone1', 3, 'zone2', 4]);
    expect([s.criticalPaths[1].v0, s.criticalPaths[1].n0, s.criticalPaths[1].n1]).toEqual(['node-x', 0, 1]);
  });

  it('soft spreadConstraints should be bypassed', () => {
    const { state } = runFilter(
      [mkNode('node-a', { zone: 'zone1', node: 'node-a' }), mkNode('node-b', { zone: 'zone1', node: 'node-b' }), mkNode('node-y', { zone: 'zone2', node: 'node-y' })],
      pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y p-y4@node-y'),
      mkPod('p', {
        labels: { foo: '' },
        spread: [
          sc(1, 'zone', 'ScheduleAnyway', fooSel),
          sc(1, 'zone', 'DoNotSchedule', fooSel),
          sc(1, 'node', 'ScheduleAnyway', fooSel),
          sc(1, 'node', 'DoNotSchedule', fooSel),
        ],
      }),
    );
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(s.constraints.map((c) => c.topologyKey)).toEqual(['zone', 'node']);
    expect(Object.fromEntries(s.tpValueToMatchNum[1])).toEqual({ 'node-a': 2, 'node-b': 1, 'node-y': 4 });
  });

  it('AddPod / RemovePod update counts and critical paths (preemption)', () => {
    const pod = mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'DoNotSchedule', fooSel), sc(1, 'node', 'DoNotSchedule', fooSel)] });
    const { snap, handle } = setup(zoneNodes(), pods('p-a1@node-a p-b1@node-b p-b2@node-b p-y1@node-y'));
    const pl = factory({ defaultingType: 'List' }, handle) as PodTopologySpread;
    const state = new CycleState();
    const pi = newPodInfo(pod);
    pl.preFilter(state, pi, snap.nodeInfoList);
    // node-x: zone2 has 1, zone1 has 3 -> passes
    expect(pl.filter(state, pi, snap.get('node-x')!)).toBeNull();
    const clone = state.clone();
    const x1 = newPodInfo(mkPod('p-x1', { node: 'node-x', labels: { foo: '' } }));
    const x2 = newPodInfo(mkPod('p-x2', { node: 'node-x', labels: { foo: '' } }));
    expect(pl.addPod(clone, pi, x1, snap.get('node-x')!)).toBeNull();
    expect(pl.filter(clone, pi, snap.get('node-x')!)).toBeNull();
    expect(pl.addPod(clone, pi, x2, snap.get('node-x')!)).toBeNull();
    const s = clone.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(Object.fromEntries(s.tpValueToMatchNum[0])).toEqual({ zone1: 3, zone2: 3 });
    expect(Object.fromEntries(s.tpValueToMatchNum[1])).toEqual({ 'node-a': 1, 'node-b': 2, 'node-x': 2, 'node-y': 1 });
    expect(s.minMatchNum(1)).toBe(1);
    expect(pl.filter(clone, pi, snap.get('node-x')!)?.reasons).toEqual([NOT_MATCH]);
    // The original state is untouched by the clone's update.
    expect(state.read<PreFilterState>(PREFILTER_STATE_KEY)!.tpValueToMatchNum[0].get('zone2')).toBe(1);
    // Remove the two pods of node-b: zone1 drops to 1, node-b to 0.
    const nb = snap.get('node-b')!;
    const [b1, b2] = nb.pods;
    pl.removePod(clone, pi, b1, nb);
    pl.removePod(clone, pi, b2, nb);
    const s2 = clone.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(Object.fromEntries(s2.tpValueToMatchNum[0])).toEqual({ zone1: 1, zone2: 3 });
    expect(s2.minMatchNum(0)).toBe(1);
    expect(s2.minMatchNum(1)).toBe(0);
    // Pods of other namespaces are ignored.
    pl.addPod(clone, pi, newPodInfo(mkPod('o', { ns: 'other', node: 'node-a', labels: { foo: '' } })), snap.get('node-a')!);
    expect(clone.read<PreFilterState>(PREFILTER_STATE_KEY)!.tpValueToMatchNum[1].get('node-a')).toBe(1);
  });
});

describe('PodTopologySpread default constraints', () => {
  it('List defaulting: default constraints and a service (filter-list-default-constraints-from-service)', () => {
    const nodes = [
      mkNode('node-a', { node: 'node-a', rack: 'rack1' }),
      mkNode('node-b', { node: 'node-b', rack: 'rack1' }),
      mkNode('node-c', { node: 'node-c', rack: 'rack2' }),
      mkNode('node-d', { node: 'node-d' }),
    ];
    const existing = [
      ...pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-a5@node-a', { foo: 'bar' }),
      ...pods('p-c1@node-c', { baz: 'kar' }),
      ...pods('p-d1@node-d p-d2@node-d', { foo: 'bar' }),
    ];
    const args = {
      defaultingType: 'List',
      defaultConstraints: [
        { maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' },
        { maxSkew: 5, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
      ],
    };
    const { result, state } = runFilter(nodes, existing, mkPod('p', { labels: { foo: 'bar', baz: 'kar' } }), args, {
      services: [{ selector: { foo: 'bar' } }],
    });
    expect(result).toEqual({ 'node-a': [NOT_MATCH], 'node-b': [NOT_MATCH], 'node-c': 'pass', 'node-d': [MISSING] });
    const s = state.read<PreFilterState>(PREFILTER_STATE_KEY)!;
    expect(s.constraints.map((c) => [c.topologyKey, c.maxSkew])).toEqual([
      ['node', 3],
      ['rack', 5],
    ]);
    expect(Object.fromEntries(s.tpValueToMatchNum[0])).toEqual({ 'node-a': 5, 'node-b': 0, 'node-c': 0 });
    expect(Object.fromEntries(s.tpValueToMatchNum[1])).toEqual({ rack1: 5, rack2: 0 });
  });

  it('List defaulting: a service that doesn\'t match -> Skip', () => {
    const r = runFilter(
      [mkNode('node-a', { node: 'node-a' }), mkNode('node-b', {})],
      pods('p-a1@node-a p-a2@node-a', { foo: 'bar' }),
      mkPod('p', { labels: { foo: 'bar' } }),
      { defaultingType: 'List', defaultConstraints: [{ maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] },
      { services: [{ selector: { baz: 'kep' } }] },
    );
    expect(r.skipped).toBe(true);
    expect(r.result).toEqual({ 'node-a': 'pass', 'node-b': 'pass' });
  });

  it('System defaulting, nodes don\'t have zone, pods match service (scores 44/66/77/100)', () => {
    const existing = pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-b1@node-b p-b2@node-b p-b3@node-b p-c1@node-c p-c2@node-c p-d1@node-d');
    const got = runScore(hostNodes(['node-a', 'node-b', 'node-c', 'node-d']), existing, mkPod('p', { labels: { foo: '' } }), {
      listed: { services: [{ selector: { foo: '' } }] },
    });
    expect(got).toEqual({ 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 });
  });

  it('System defaulting without a selecting service or controller -> PreScore Skip', () => {
    const got = runScore(hostNodes(['node-a', 'node-b']), pods('p-a1@node-a'), mkPod('p', { labels: { foo: '' } }));
    expect(got).toBe('skip');
  });

  it('List defaulting: default constraints and a replicaset (nodes missing a soft key score 0)', () => {
    const nodes = [
      mkNode('node-a', { [HOST]: 'node-a', rack: 'rack1', planet: 'mars' }),
      mkNode('node-b', { [HOST]: 'node-b', rack: 'rack1', planet: 'mars' }),
      mkNode('node-c', { [HOST]: 'node-c', rack: 'rack2', planet: 'venus' }),
      mkNode('node-d', { [HOST]: 'node-d', rack: 'rack2' }),
    ];
    const existing = [
      ...pods('p-a1@node-a', { foo: 'x' }),
      ...pods('p-a2@node-a', { foo: 'y' }),
      ...pods('p-c1@node-c', { foo: 'z' }),
      ...pods('p-c2@node-c', { bar: '1' }),
    ];
    const args = {
      defaultingType: 'List',
      defaultConstraints: [
        { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
        { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    };
    const pod = mkPod('p', { labels: { foo: 'tar', baz: 'sup' }, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1' } });
    const got = runScore(nodes, existing, pod, { args, listed: { replicaSets: [{ name: 'rs1', selector: fooSel }] } });
    expect(got).toEqual({ 'node-a': 57, 'node-b': 100, 'node-c': 100, 'node-d': 0 });
  });
});

// ---- Score -------------------------------------------------------------------------------------

describe('PodTopologySpread Score', () => {
  const hostSel = (skew: number, sel: LabelSelector = fooSel, extra = {}) => [sc(skew, HOST, 'ScheduleAnyway', sel, extra)];
  const abcd = () => hostNodes(['node-a', 'node-b', 'node-c', 'node-d']);
  const zoneHost = (names: string[]) => names.map((n) => mkNode(n, { zone: n === 'node-a' || n === 'node-b' ? 'zone1' : 'zone2', [HOST]: n }));

  const cases: { name: string; nodes: Node[]; existing: Pod[]; pod: Pod; failed?: string[]; want: Record<string, number> }[] = [
    {
      name: 'one constraint on node, all 4 nodes are candidates',
      nodes: abcd(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-d1@node-d p-d2@node-d p-d3@node-d'),
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(1) }),
      want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      nodes: abcd(),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-d1@node-d p-d2@node-d p-d3@node-d'),
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(2) }),
      want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      nodes: abcd(),
      existing: pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-b1@node-b p-b2@node-b p-b3@node-b p-c1@node-c p-c2@node-c p-d1@node-d'),
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(3) }),
      want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates',
      nodes: hostNodes(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-b1@node-b p-b2@node-b p-x1@node-x p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(1) }),
      failed: ['node-y'],
      want: { 'node-a': 33, 'node-b': 83, 'node-x': 100 },
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates, one node doesn\'t match topology key',
      nodes: [
        mkNode('node-a', { [HOST]: 'node-a' }),
        mkNode('node-b', { n: 'node-b' }),
        mkNode('node-x', { [HOST]: 'node-x' }),
        mkNode('node-y', { [HOST]: 'node-y' }),
      ],
      existing: pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-b1@node-b p-b2@node-b p-x1@node-x p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(1) }),
      failed: ['node-y'],
      want: { 'node-a': 16, 'node-b': 0, 'node-x': 100 },
    },
    {
      name: 'one constraint on zone, 3 out of 4 nodes are candidates',
      nodes: zoneHost(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: pods('p-a1@node-a p-a2@node-a p-a3@node-a p-a4@node-a p-b1@node-b p-b2@node-b p-x1@node-x p-y1@node-y p-y2@node-y p-y3@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel)] }),
      failed: ['node-y'],
      want: { 'node-a': 75, 'node-b': 75, 'node-x': 100 },
    },
    {
      name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
      nodes: zoneHost(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-x1@node-x p-x2@node-x p-y1@node-y p-y2@node-y p-y3@node-y p-y4@node-y'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel), sc(1, HOST, 'ScheduleAnyway', fooSel)] }),
      failed: ['node-b', 'node-y'],
      want: { 'node-a': 100, 'node-x': 63 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors',
      nodes: zoneHost(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: [
        ...pods('p-a1@node-a', { foo: '' }),
        ...pods('p-b1@node-b', { foo: '', bar: '' }),
        ...pods('p-y1@node-y', { foo: '' }),
        ...pods('p-y2@node-y', { bar: '' }),
      ],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel), sc(1, HOST, 'ScheduleAnyway', barSel)] }),
      want: { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      nodes: zoneHost(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: [...pods('p-b1@node-b', { bar: '' }), ...pods('p-x1@node-x', { foo: '' }), ...pods('p-y1@node-y', { foo: '', bar: '' })],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel), sc(1, HOST, 'ScheduleAnyway', barSel)] }),
      want: { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      nodes: zoneHost(['node-a', 'node-b', 'node-x', 'node-y']),
      existing: [
        ...pods('p-a1@node-a', { foo: '' }),
        ...pods('p-b1@node-b', { foo: '', bar: '' }),
        ...pods('p-y1@node-y', { foo: '' }),
        ...pods('p-y2@node-y', { bar: '' }),
      ],
      pod: mkPod('p', { labels: { foo: '', bar: '' }, spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel), sc(1, HOST, 'ScheduleAnyway', barSel)] }),
      failed: ['node-y'],
      want: { 'node-a': 50, 'node-b': 25, 'node-x': 100 },
    },
    {
      name: 'existing pods in a different namespace do not count',
      nodes: hostNodes(['node-a', 'node-b']),
      existing: [...pods('p-a1@node-a', { foo: '' }, 'ns1'), ...pods('p-a2@node-a p-b1@node-b p-b2@node-b')],
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(1) }),
      want: { 'node-a': 100, 'node-b': 33 },
    },
    {
      name: 'terminating Pods should be excluded',
      nodes: hostNodes(['node-a', 'node-b']),
      existing: [mkPod('p-a', { node: 'node-a', labels: { foo: '' }, terminating: true }), ...pods('p-b@node-b')],
      pod: mkPod('p', { labels: { foo: '' }, spread: hostSel(1) }),
      want: { 'node-a': 100, 'node-b': 0 },
    },
    {
      name: 'minDomains has no effect when ScheduleAnyway',
      nodes: [mkNode('node-a', { node: 'node-a' }), mkNode('node-b', { node: 'node-b' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-b2@node-b p-c1@node-c'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(2, 'node', 'ScheduleAnyway', fooSel, { minDomains: 10 })] }),
      want: { 'node-a': 75, 'node-b': 75, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy honoed with labelSelectors',
      nodes: [mkNode('node-a', { node: 'node-a', foo: '' }), mkNode('node-b', { node: 'node-b', foo: '' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-c1@node-c'),
      pod: mkPod('p', { labels: { foo: '' }, nodeSelector: { foo: '' }, spread: [sc(1, 'node', 'ScheduleAnyway', fooSel)] }),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      nodes: [mkNode('node-a', { node: 'node-a', foo: '' }), mkNode('node-b', { node: 'node-b', foo: '' }), mkNode('node-c', { node: 'node-c' })],
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-c1@node-c'),
      pod: mkPod('p', {
        labels: { foo: '' },
        nodeSelector: { foo: '' },
        spread: [sc(1, 'node', 'ScheduleAnyway', fooSel, { nodeAffinityPolicy: 'Ignore' })],
      }),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      nodes: [
        mkNode('node-a', { node: 'node-a' }),
        mkNode('node-b', { node: 'node-b' }),
        mkNode('node-c', { node: 'node-c' }, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
      ],
      existing: pods('p-a1@node-a p-a2@node-a p-b1@node-b p-c1@node-c'),
      pod: mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'node', 'ScheduleAnyway', fooSel)] }),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector isn\'t empty',
      nodes: zoneHost(['node-a', 'node-b']).concat([
        mkNode('node-c', { [HOST]: 'node-c', zone: 'zone2' }),
        mkNode('node-d', { [HOST]: 'node-d', zone: 'zone2' }),
      ]),
      existing: [
        ...pods('p-a1@node-a', { foo: '' }),
        ...pods('p-b1@node-b', { foo: '', bar: '', baz: '' }),
        ...pods('p-c1@node-c', { foo: '' }),
        ...pods('p-c2@node-c', { bar: '' }),
        ...pods('p-d3@node-c', { bar: '', baz: '' }),
      ],
      pod: mkPod('p', {
        labels: { foo: '', bar: '', baz: '' },
        spread: [sc(1, 'zone', 'ScheduleAnyway', fooSel), sc(1, HOST, 'ScheduleAnyway', barSel, { matchLabelKeys: ['baz'] })],
      }),
      want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(runScore(c.nodes, c.existing, c.pod, { failed: c.failed })).toEqual(c.want);
    });
  }
});

describe('PodTopologySpread explain', () => {
  it('reports counts, min and per-node skew', () => {
    const { state, pi, snap } = runFilter(
      zoneNodes(),
      pods('p-a1@node-a p-a2@node-a p-b1@node-b p-y1@node-y p-y2@node-y p-y3@node-y'),
      mkPod('p', { labels: { foo: '' }, spread: [sc(1, 'node', 'DoNotSchedule', fooSel)] }),
    );
    const e = explainTopologySpread(state, pi, snap.nodeInfoList)!;
    expect(e.constraints).toHaveLength(1);
    const c = e.constraints[0];
    expect(c.counts).toEqual({ 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 3 });
    expect(c.min).toBe(0);
    expect(c.maxSkew).toBe(1);
    expect(c.nodes['node-a']).toMatchObject({ skew: 3, pass: false, reason: NOT_MATCH });
    expect(c.nodes['node-x']).toMatchObject({ skew: 1, pass: true });
  });
});

describe('PodTopologySpread at scale', () => {
  it('5000 nodes, zone spread: PreFilter + Filter over every node stays correct at scale (timing lives in npm run bench)', () => {
    const nodes: Node[] = [];
    for (let i = 0; i < 5000; i++) nodes.push(mkNode(`n${i}`, { [HOST]: `n${i}`, zone: `z${i % 3}` }));
    const existing: Pod[] = [];
    for (let i = 0; i < 5000; i++) existing.push(mkPod(`e${i}`, { node: `n${i}`, labels: { app: 'web' } }));
    const { snap, handle } = setup(nodes, existing);
    const pl = factory({ defaultingType: 'System' }, handle) as PodTopologySpread;
    const pod = newPodInfo(
      mkPod('p', { labels: { app: 'web' }, spread: [sc(1, 'zone', 'DoNotSchedule', { matchLabels: { app: 'web' } })] }),
    );
    const list = snap.nodeInfoList;
    const rounds = 2;
    let fails = 0;
    for (let r = 0; r < rounds; r++) {
      const state = new CycleState();
      pl.preFilter(state, pod, list);
      for (let i = 0; i < list.length; i++) if (pl.filter(state, pod, list[i])) fails++;
    }
    // Zones z0, z1 hold 1667 matching pods, z2 1666: only z2's 1666 nodes keep the skew within 1.
    expect(fails).toBe((5000 - 1666) * rounds);
  });
});
