import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState, QueueingHint } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { ErrReasonUnschedulable, NodeUnschedulable } from './index';

// Upstream node_unschedulable_test.go TestNodeUnschedulable.
describe('NodeUnschedulable', () => {
  const pl = new NodeUnschedulable();
  const tolerating = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  const cases = [
    { name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', pod: makePod('p'), unschedulable: true, fail: true },
    { name: 'Schedule pod to normal node', pod: makePod('p'), unschedulable: false, fail: false },
    { name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)', pod: tolerating, unschedulable: true, fail: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = pl.filter(new CycleState(), newPodInfo(c.pod), nodeInfoWith(makeNode('n', { unschedulable: c.unschedulable })));
      if (!c.fail) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([ErrReasonUnschedulable]);
      }
    });
  }
  it('a NoExecute-only toleration does not tolerate the unschedulable taint', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] });
    expect(pl.filter(new CycleState(), newPodInfo(pod), nodeInfoWith(makeNode('n', { unschedulable: true })))).not.toBeNull();
  });
  it('queues when a node becomes schedulable or a schedulable node is added', () => {
    const hint = pl.eventsToRegister()[0].hint!;
    const p = makePod('p');
    expect(hint(p, undefined, makeNode('n'))).toBe(QueueingHint.Queue);
    expect(hint(p, undefined, makeNode('n', { unschedulable: true }))).toBe(QueueingHint.Skip);
    expect(hint(p, makeNode('n', { unschedulable: true }), makeNode('n'))).toBe(QueueingHint.Queue);
    expect(hint(p, makeNode('n'), makeNode('n', { labels: { a: 'b' } }))).toBe(QueueingHint.Skip);
  });
});
