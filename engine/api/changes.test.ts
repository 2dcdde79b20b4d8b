// The ClusterChanges kind: the change actions the controllers added (setNodeResources,
// setPodUsage, setNodeCondition with reason/message).
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load';

const load = (changes: string) =>
  loadScenario([{ name: 'c.yaml', text: `apiVersion: schedlab.dev/v1alpha1\nkind: ClusterChanges\nchanges:\n${changes}` }]);

describe('ClusterChanges', () => {
  it('reads setNodeResources, setPodUsage and setNodeCondition with reason and message', () => {
    const r = load(`  - {at: 5, action: setNodeResources, target: n1, data: {allocatable: {memory: 2Gi}, capacity: {memory: 3Gi}}}
  - {at: 6, action: setPodUsage, target: web-0, data: {memory: 3Gi}}
  - {at: 7, action: setNodeCondition, target: n1, data: {type: Ready, status: "False", reason: KubeletNotReady, message: PLEG is not healthy}}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.scenario.changes.map((c) => [c.at, c.action, c.target, c.data])).toEqual([
      [5, 'setNodeResources', 'n1', { allocatable: { memory: '2Gi' }, capacity: { memory: '3Gi' } }],
      [6, 'setPodUsage', 'default/web-0', { memory: '3Gi' }],
      [7, 'setNodeCondition', 'n1', { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy' }],
    ]);
  });

  it('rejects bad data', () => {
    const r = load(`  - {at: 5, action: setNodeResources, target: n1, data: {}}
  - {at: 6, action: setPodUsage, target: default/p, data: {memory: lots}}
  - {at: 7, action: setNodeResources, target: n1, data: {allocatable: {memory: -1Gi}}}
  - {at: 8, action: setPodUsage, target: default/p}`);
    const msgs = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(msgs).toHaveLength(4);
    expect(msgs[0]).toContain('setNodeResources needs capacity or allocatable');
    expect(msgs[1]).toContain('changes[1].data.memory');
    expect(msgs[2]).toContain('must be greater than or equal to 0');
    expect(msgs[3]).toContain('setPodUsage needs data');
    expect(r.scenario.changes).toEqual([]);
  });
});
