import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, QueueingHint } from '../../framework/types';
import { makePod } from '../helper/testutil';
import { SchedulingGates } from './index';

// Upstream scheduling_gates_test.go TestPreEnqueue / TestEventsToRegister.
describe('SchedulingGates', () => {
  const pl = new SchedulingGates();
  it('lets a pod without gates through', () => {
    expect(pl.preEnqueue(newPodInfo(makePod('p')))).toBeNull();
    expect(pl.preEnqueue(newPodInfo(makePod('p', { schedulingGates: [] })))).toBeNull();
  });
  it('gates a pod with gates, naming them as Go prints a []string', () => {
    const s = pl.preEnqueue(newPodInfo(makePod('p', { schedulingGates: [{ name: 'foo' }, { name: 'bar' }] })));
    expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(s?.reasons).toEqual(['waiting for scheduling gates: [foo bar]']);
  });
  it('queues only on its own pod losing the gates', () => {
    const [ev] = pl.eventsToRegister();
    expect(ev.event).toEqual({ resource: 'Pod', action: 'UpdatePodSchedulingGatesEliminated' });
    const p = makePod('p', { uid: 'a' });
    expect(ev.hint!(p, p, makePod('p', { uid: 'a' }))).toBe(QueueingHint.Queue);
    expect(ev.hint!(p, p, makePod('q', { uid: 'b' }))).toBe(QueueingHint.Skip);
  });
});
