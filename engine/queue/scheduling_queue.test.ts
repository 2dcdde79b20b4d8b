import { describe, expect, it } from 'vitest';
import { less } from '../plugins/prioritysort';
import { QueueingHint, type PodInfo } from '../framework/types';
import { SchedulingQueue, type QueueProfile } from './scheduling_queue';
import { Heap } from './heap';

const pi = (name: string, priority = 0): PodInfo =>
  ({ pod: { metadata: { name, namespace: 'default' }, spec: { containers: [] } }, key: `default/${name}`, uid: name, namespace: 'default', name, labels: {}, priority, requiredAffinityTerms: [] }) as unknown as PodInfo;

function queue(profile: Partial<QueueProfile> = {}) {
  let now = 0;
  const q = new SchedulingQueue({
    less,
    initialBackoffMs: 1000,
    maxBackoffMs: 10_000,
    maxInUnschedulableMs: 300_000,
    profiles: new Map([['default-scheduler', { preEnqueue: () => null, hints: [], ...profile }]]),
    now: () => now,
    trace: () => null,
    namespaceLabels: () => ({}),
  });
  return { q, setNow: (t: number) => (now = t) };
}

describe('Heap', () => {
  it('pops in order and supports delete/update', () => {
    const h = new Heap<{ k: string; v: number }>((x) => x.k, (a, b) => a.v < b.v);
    for (const [k, v] of [['a', 5], ['b', 1], ['c', 3], ['d', 4]] as const) h.addOrUpdate({ k, v });
    h.delete('c');
    h.addOrUpdate({ k: 'a', v: 0 });
    expect([h.pop()!.k, h.pop()!.k, h.pop()!.k, h.pop()]).toEqual(['a', 'b', 'd', undefined]);
  });
});

describe('SchedulingQueue', () => {
  it('pops by priority, then order of arrival', () => {
    const { q } = queue();
    for (const [n, p] of [['a', 0], ['b', 5], ['c', 0], ['d', 5]] as const) q.add(q.newQueuedPod(pi(n, p), 'default-scheduler'));
    const order: string[] = [];
    for (let p = q.pop(); p; p = q.pop()) order.push(p.podInfo.name);
    expect(order).toEqual(['b', 'd', 'a', 'c']);
  });

  it('backs off 1s doubling up to 10s', () => {
    const { q } = queue();
    const p = q.newQueuedPod(pi('a'), 'default-scheduler');
    expect([1, 2, 3, 4, 5, 6].map((attempts) => q.backoffDuration({ ...p, attempts }))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('keeps a rejected pod in unschedulablePods until an event its plugin cares about', () => {
    const hint = (_pod: unknown, _o: unknown, n: unknown) => ((n as { metadata: { name: string } }).metadata.name === 'good' ? QueueingHint.Queue : QueueingHint.Skip);
    const { q } = queue({ hints: [{ plugin: 'NodeResourcesFit', event: { resource: 'Node', action: 'Add' }, hint }] });
    q.add(q.newQueuedPod(pi('a'), 'default-scheduler'));
    const p = q.pop()!;
    p.unschedulablePlugins.add('NodeResourcesFit');
    expect(q.addUnschedulableIfNotPresent(p)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, null, { metadata: { name: 'bad' } });
    expect(q.sizes()).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'UpdateNodeLabel' }, null, { metadata: { name: 'good' } });
    expect(q.sizes().unschedulable).toBe(1);
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, null, { metadata: { name: 'good' } });
    // Still backing off at t=0: to the backoffQ, from which an empty activeQ pops (PopFromBackoffQ).
    expect(q.sizes()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    expect(q.canPop()).toBe(true);
    expect(q.pop()!.attempts).toBe(2);
  });

  it('requeues a pod whose in-flight attempt saw a relevant event', () => {
    const { q } = queue({ hints: [{ plugin: 'X', event: { resource: 'Node', action: 'Add' } }] });
    q.add(q.newQueuedPod(pi('a'), 'default-scheduler'));
    const p = q.pop()!;
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, null, {});
    p.unschedulablePlugins.add('X');
    expect(q.addUnschedulableIfNotPresent(p)).toBe('backoff');
  });

  it('flushes completed backoff on the 1s windows and leftovers after 5 minutes', () => {
    const { q, setNow } = queue({ hints: [{ plugin: 'X', event: { resource: 'Node', action: 'Add' } }] });
    q.add(q.newQueuedPod(pi('a'), 'default-scheduler'));
    const p = q.pop()!;
    q.addUnschedulableIfNotPresent(p); // no rejector plugins: error backoff
    expect(q.podErrorBackoffQ.length).toBe(1);
    expect(q.nextBackoffFlush()).toBe(2000);
    setNow(1000);
    q.flushBackoffQCompleted();
    expect(q.sizes().active).toBe(0);
    setNow(2000);
    q.flushBackoffQCompleted();
    expect(q.sizes().active).toBe(1);
    const p2 = q.pop()!;
    p2.unschedulablePlugins.add('X');
    q.addUnschedulableIfNotPresent(p2);
    expect(q.nextUnschedulableFlush()).toBe(330_000);
    setNow(330_000);
    q.flushUnschedulablePodsLeftover();
    expect(q.sizes().active).toBe(1);
  });

  it('gates pods that fail PreEnqueue', () => {
    const { q } = queue({ preEnqueue: () => ({ plugin: 'SchedulingGates', message: 'waiting' }) });
    q.add(q.newQueuedPod(pi('a'), 'default-scheduler'));
    expect(q.canPop()).toBe(false);
    expect(q.unschedulablePods.get('default/a')?.gated).toBe(true);
  });
});
