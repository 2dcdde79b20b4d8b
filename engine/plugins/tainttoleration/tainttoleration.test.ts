import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith, runScore, scoresByName } from '../helper/testutil';
import { ErrReasonUntolerated, TaintToleration, untoleratedTaint } from './index';

const pod = (tolerations?: Toleration[]) => newPodInfo(makePod('p', { tolerations }));
const node = (name: string, taints?: Taint[]) => nodeInfoWith(makeNode(name, { taints }));

// Upstream taint_toleration_test.go TestTaintTolerationFilter.
describe('TaintToleration Filter', () => {
  const pl = new TaintToleration();
  const cases: { name: string; tolerations?: Toleration[]; taints: Taint[]; fits: boolean }[] = [
    { name: 'A pod having no tolerations can\'t be scheduled onto a node with nonempty taints', taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], fits: false },
    { name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule', tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], fits: true },
    { name: 'A pod which can\'t be scheduled on a dedicated node assigned to user2 with effect NoSchedule', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], fits: false },
    { name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node', tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], fits: true },
    { name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }], fits: true },
    { name: 'A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn\'t match, can\'t be scheduled onto the node', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], fits: false },
    { name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], fits: true },
    { name: 'The pod has a toleration that key and value don\'t match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], fits: true },
    { name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node', taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], fits: true },
    { name: 'The pod has a toleration and toleration.Key is empty and the taint on node has key', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], fits: true },
    { name: 'NoExecute taints are filtered too', taints: [{ key: 'foo', value: 'bar', effect: 'NoExecute' }], fits: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = pl.filter(new CycleState(), pod(c.tolerations), node('n', c.taints));
      if (c.fits) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([ErrReasonUntolerated]);
      }
    });
  }
  it('untoleratedTaint names the first untolerated NoSchedule/NoExecute taint for the UI', () => {
    const n = makeNode('n', { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }, { key: 'b', value: '2', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }] });
    expect(untoleratedTaint(makePod('p'), n)).toEqual({ key: 'b', value: '2', effect: 'NoSchedule' });
    expect(untoleratedTaint(makePod('p', { tolerations: [{ key: 'b', operator: 'Exists' }] }), n)?.key).toBe('c');
    expect(untoleratedTaint(makePod('p', { tolerations: [{ operator: 'Exists' }] }), n)).toBeNull();
  });
});

// Upstream taint_toleration_test.go TestTaintTolerationScore.
describe('TaintToleration Score', () => {
  const pl = new TaintToleration();
  const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
  const cases: { name: string; tolerations: Toleration[]; nodes: [string, Taint[]][]; want: Record<string, number> }[] = [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      nodes: [['nodeA', [pns('foo', 'bar')]], ['nodeB', [pns('foo', 'blah')]]],
      want: { nodeA: 100, nodeB: 0 },
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' }],
      nodes: [['nodeA', []], ['nodeB', [pns('cpu-type', 'arm64')]], ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]]],
      want: { nodeA: 100, nodeB: 100, nodeC: 100 },
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      nodes: [['nodeA', []], ['nodeB', [pns('cpu-type', 'arm64')]], ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]]],
      want: { nodeA: 100, nodeB: 50, nodeC: 0 },
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by prioritizer.',
      tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }, { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' }],
      nodes: [['nodeA', []], ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]], ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]]],
      want: { nodeA: 100, nodeB: 100, nodeC: 0 },
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      tolerations: [],
      nodes: [['nodeA', []], ['nodeB', [pns('cpu-type', 'arm64')]]],
      want: { nodeA: 100, nodeB: 0 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nis = c.nodes.map(([n, t]) => node(n, t));
      expect(scoresByName(runScore(pl, pod(c.tolerations), nis))).toEqual(c.want);
    });
  }
});
