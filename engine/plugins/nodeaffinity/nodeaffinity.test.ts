import type { NodeAffinity as V1NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState, QueueingHint, type Status } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith, nodeInfos, runScore, scoresByName } from '../helper/testutil';
import { ErrReasonConflict, ErrReasonEnforced, ErrReasonPod, NodeAffinity, factory } from './index';

const req = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, values });
const required = (...terms: NodeSelectorTerm[]): V1NodeAffinity => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } });
const nameIn = (...names: string[]): NodeSelectorRequirement => req('metadata.name', 'In', names);

interface Case {
  name: string;
  nodeSelector?: Record<string, string>;
  affinity?: V1NodeAffinity;
  labels?: Record<string, string>;
  nodeName?: string;
  args?: Record<string, unknown>;
  /** null: passes; a reason: rejected UnschedulableAndUnresolvable with it. */
  want: string | null;
  wantPreFilterResult?: string[] | null;
  wantPreFilterSkip?: boolean;
  wantPreFilterStatus?: string;
  disablePreFilter?: boolean;
}

function run(c: Case): { pre: { result: { nodeNames: Set<string> | null } | null; status: Status | null } | null; filter: Status | null } {
  const pl = factory(c.args, null as never) as NodeAffinity;
  const pod = makePod('p', { nodeSelector: c.nodeSelector, affinity: c.affinity ? { nodeAffinity: c.affinity } : undefined });
  const pi = newPodInfo(pod);
  const ni = nodeInfoWith(makeNode(c.nodeName ?? 'node1', { labels: c.labels }));
  const state = new CycleState();
  let pre = null;
  if (!c.disablePreFilter) {
    pre = pl.preFilter(state, pi, [ni]);
    if (pre.status && !pre.status.isSkip()) return { pre, filter: null };
  }
  return { pre, filter: pl.filter(state, pi, ni) };
}

// Upstream node_affinity_test.go TestNodeAffinity.
describe('NodeAffinity Filter', () => {
  const cases: Case[] = [
    { name: 'missing labels', nodeSelector: { foo: 'bar' }, want: ErrReasonPod },
    { name: 'same labels', nodeSelector: { foo: 'bar' }, labels: { foo: 'bar' }, want: null },
    { name: 'node labels are superset', nodeSelector: { foo: 'bar' }, labels: { foo: 'bar', baz: 'blah' }, want: null },
    { name: 'node labels are subset', nodeSelector: { foo: 'bar', baz: 'blah' }, labels: { foo: 'bar' }, want: ErrReasonPod },
    { name: 'Pod with matchExpressions using In operator that matches the existing node', affinity: required({ matchExpressions: [req('foo', 'In', ['bar', 'value2'])] }), labels: { foo: 'bar' }, want: null },
    { name: 'Pod with matchExpressions using Gt operator that matches the existing node', affinity: required({ matchExpressions: [req('kernel-version', 'Gt', ['0204'])] }), labels: { 'kernel-version': '0206' }, want: null },
    { name: 'Pod with matchExpressions using NotIn operator that matches the existing node', affinity: required({ matchExpressions: [req('mem-type', 'NotIn', ['DDR', 'DDR2'])] }), labels: { 'mem-type': 'DDR3' }, want: null },
    { name: 'Pod with matchExpressions using Exists operator that matches the existing node', affinity: required({ matchExpressions: [req('GPU', 'Exists')] }), labels: { GPU: 'NVIDIA-GRID-K1' }, want: null },
    { name: "Pod with affinity that don't match node's labels won't schedule onto the node", affinity: required({ matchExpressions: [req('foo', 'In', ['value1', 'value2'])] }), labels: { foo: 'bar' }, want: ErrReasonPod },
    { name: 'Pod with empty MatchExpressions is not a valid value will match no objects and won\'t schedule onto the node', affinity: required({ matchExpressions: [] }), labels: { foo: 'bar' }, want: ErrReasonPod },
    { name: 'Pod with no Affinity will schedule onto a node', labels: { foo: 'bar' }, want: null, wantPreFilterSkip: true },
    { name: 'Pod with Affinity but nil NodeSelector will schedule onto a node', affinity: {}, labels: { foo: 'bar' }, want: null, wantPreFilterSkip: true },
    { name: 'Pod with multiple matchExpressions ANDed that matches the existing node', affinity: required({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'NotIn', ['AMD', 'INTER'])] }), labels: { GPU: 'NVIDIA-GRID-K1' }, want: null },
    { name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node", affinity: required({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'In', ['AMD', 'INTER'])] }), labels: { GPU: 'NVIDIA-GRID-K1' }, want: ErrReasonPod },
    { name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node", affinity: required({ matchExpressions: [req('foo', 'In', ['bar', 'value2'])] }, { matchExpressions: [req('diffkey', 'In', ['wrong', 'value2'])] }), labels: { foo: 'bar' }, want: null },
    { name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node', nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'Exists')] }), labels: { foo: 'bar' }, want: null },
    { name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node", nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'Exists')] }), labels: { foo: 'barrrrrr' }, want: ErrReasonPod },
    { name: "Pod with an invalid value in Affinity term won't be scheduled onto the node", affinity: required({ matchExpressions: [req('foo', 'NotIn', ['invalid value: ___@#$%^'])] }), labels: { foo: 'bar' }, want: ErrReasonPod },
    { name: 'Pod with matchFields using In operator that matches the existing node', affinity: required({ matchFields: [nameIn('node1')] }), want: null, wantPreFilterResult: ['node1'] },
    { name: 'Pod with matchFields using In operator that does not match the existing node', affinity: required({ matchFields: [nameIn('node1')] }), nodeName: 'node2', want: ErrReasonPod, wantPreFilterResult: ['node1'] },
    { name: 'Pod with two terms: matchFields does not match, but matchExpressions matches', affinity: required({ matchFields: [nameIn('node1')] }, { matchExpressions: [req('foo', 'In', ['bar'])] }), nodeName: 'node2', labels: { foo: 'bar' }, want: null, wantPreFilterResult: null },
    { name: 'Pod with one term: matchFields does not match, but matchExpressions matches', affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [req('foo', 'In', ['bar'])] }), nodeName: 'node2', labels: { foo: 'bar' }, want: ErrReasonPod, wantPreFilterResult: ['node1'] },
    { name: 'Pod with one term: both matchFields and matchExpressions match', affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [req('foo', 'In', ['bar'])] }), labels: { foo: 'bar' }, want: null, wantPreFilterResult: ['node1'] },
    { name: 'Pod with two terms: both matchFields and matchExpressions do not match', affinity: required({ matchFields: [nameIn('node1')] }, { matchExpressions: [req('foo', 'In', ['not-match-to-bar'])] }), nodeName: 'node2', labels: { foo: 'bar' }, want: ErrReasonPod, wantPreFilterResult: null },
    { name: 'Pod with two terms of node.Name affinity', affinity: required({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }), nodeName: 'node2', want: null, wantPreFilterResult: ['node1', 'node2'] },
    { name: 'Pod with two conflicting mach field requirements', affinity: required({ matchFields: [nameIn('node1'), nameIn('node2')] }), nodeName: 'node2', want: null, wantPreFilterStatus: ErrReasonConflict },
    { name: 'Matches added affinity and Pod\'s node affinity', affinity: required({ matchExpressions: [req('zone', 'In', ['foo'])] }), labels: { zone: 'foo' }, args: { addedAffinity: required({ matchExpressions: [req('zone', 'In', ['foo'])] }) }, want: null },
    { name: "Matches added affinity but not Pod's node affinity", affinity: required({ matchExpressions: [req('zone', 'In', ['bar'])] }), labels: { zone: 'foo' }, args: { addedAffinity: required({ matchExpressions: [req('zone', 'In', ['foo'])] }) }, want: ErrReasonPod },
    { name: "Doesn't match added affinity", labels: { zone: 'foo' }, args: { addedAffinity: required({ matchExpressions: [req('zone', 'In', ['bar'])] }) }, want: ErrReasonEnforced },
    { name: 'Matches node selector correctly even if PreFilter is not called', nodeSelector: { foo: 'bar' }, labels: { foo: 'bar', baz: 'blah' }, want: null, disablePreFilter: true },
    { name: 'Matches node affinity correctly even if PreFilter is not called', affinity: required({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'NotIn', ['AMD', 'INTER'])] }), labels: { GPU: 'NVIDIA-GRID-K1' }, want: null, disablePreFilter: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { pre, filter } = run(c);
      if (c.wantPreFilterStatus !== undefined) {
        expect(pre?.status?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(pre?.status?.reasons).toEqual([c.wantPreFilterStatus]);
        return;
      }
      if (c.wantPreFilterSkip) expect(pre?.status?.isSkip()).toBe(true);
      if (c.wantPreFilterResult !== undefined) {
        const names = pre?.result?.nodeNames;
        expect(names ? [...names].sort() : null).toEqual(c.wantPreFilterResult);
      }
      if (c.want === null) expect(filter).toBeNull();
      else {
        expect(filter?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(filter?.reasons).toEqual([c.want]);
      }
    });
  }
});

// Upstream node_affinity_test.go TestNodeAffinityPriority.
describe('NodeAffinity Score', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const pref = (weight: number, ...exprs: NodeSelectorRequirement[]): PreferredSchedulingTerm => ({ weight, preference: { matchExpressions: exprs } });
  const affinity1: V1NodeAffinity = { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, req('foo', 'In', ['bar']))] };
  const affinity2: V1NodeAffinity = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      pref(2, req('foo', 'In', ['bar'])),
      pref(4, req('key', 'In', ['value'])),
      pref(5, req('foo', 'In', ['bar']), req('key', 'In', ['value']), req('az', 'In', ['az1'])),
    ],
  };
  const cases: { name: string; affinity?: V1NodeAffinity; nodes: [string, Record<string, string>][]; args?: Record<string, unknown>; want: Record<string, number> | null }[] = [
    { name: 'all nodes are same priority as NodeAffinity is nil (PreScore skips)', nodes: [['node1', label1], ['node2', label2], ['node3', label3]], want: null },
    { name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", affinity: affinity1, nodes: [['node1', label4], ['node2', label2], ['node3', label3]], want: { node1: 0, node2: 0, node3: 0 } },
    { name: 'only node1 matches the preferred scheduling requirements of pod', affinity: affinity1, nodes: [['node1', label1], ['node2', label2], ['node3', label3]], want: { node1: 100, node2: 0, node3: 0 } },
    { name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities', affinity: affinity2, nodes: [['node1', label1], ['node5', label5], ['node2', label2]], want: { node1: 18, node5: 100, node2: 36 } },
    { name: 'added affinity', nodes: [['node1', label1], ['node2', label2]], args: { addedAffinity: affinity1 }, want: { node1: 100, node2: 0 } },
    {
      name: 'added affinity and pod has default affinity',
      affinity: affinity1,
      nodes: [['node1', label1], ['node2', label2], ['node3', label5]],
      args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(3, req('key', 'In', ['value']))] } },
      want: { node1: 40, node2: 60, node3: 100 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pl = factory(c.args, null as never) as NodeAffinity;
      const nis = nodeInfos(c.nodes.map(([n, labels]) => makeNode(n, { labels })));
      const pi = newPodInfo(makePod('p', { affinity: c.affinity ? { nodeAffinity: c.affinity } : undefined }));
      expect(scoresByName(runScore(pl, pi, nis))).toEqual(c.want);
    });
  }
  it('rejects invalid addedAffinity at construction', () => {
    expect(() => factory({ addedAffinity: required({ matchExpressions: [req('foo', 'Bogus', ['x'])] }) }, null as never)).toThrow(/addedAffinity/);
  });
});

// Upstream TestIsSchedulableAfterNodeChange (subset).
describe('NodeAffinity queueing hint', () => {
  const pl = new NodeAffinity({});
  const hint = pl.eventsToRegister()[0].hint!;
  const pod = makePod('p', { affinity: { nodeAffinity: required({ matchExpressions: [req('foo', 'In', ['bar'])] }) } });
  it('queues a new matching node, skips a non-matching one', () => {
    expect(hint(pod, null, makeNode('n', { labels: { foo: 'bar' } }))).toBe(QueueingHint.Queue);
    expect(hint(pod, null, makeNode('n'))).toBe(QueueingHint.Skip);
  });
  it('queues only unmatch -> match updates', () => {
    expect(hint(pod, makeNode('n'), makeNode('n', { labels: { foo: 'bar' } }))).toBe(QueueingHint.Queue);
    expect(hint(pod, makeNode('n', { labels: { foo: 'bar' } }), makeNode('n', { labels: { foo: 'bar', x: 'y' } }))).toBe(QueueingHint.Skip);
  });
});
