// The kubelet's memory-pressure eviction (times in ms).
import { describe, expect, it } from 'vitest';
import { simulate, type SimResult } from '../simulate';
import type { TraceEvent } from '../../trace/events';
import { changes, load, node, pod } from './testutil';
import { formatBytes } from './kubelet_eviction';

type Ev = TraceEvent & Record<string, unknown>;
const ev = (r: SimResult, type: string) => (r.trace ?? []).filter((e: TraceEvent) => e.type === type) as Ev[];

describe('kubelet eviction manager (memory)', () => {
  // node-2: 8Gi. Guaranteed db 2Gi, Burstable web (256Mi request, using 512Mi), BestEffort scratch.
  const base = () => [
    node('n1', { ready: 'True' }),
    node('n2', { ready: 'True' }),
    pod('db', { node: 'n2', cpu: '1', memory: '2Gi', limitsCpu: '1', limitsMemory: '2Gi' }),
    pod('web', { node: 'n2', cpu: '250m', memory: '256Mi', limitsMemory: '1Gi', usage: '512Mi' }),
    pod('scratch', { node: 'n2' }),
  ];

  it('evicts in rankMemoryPressure order, one pod per sync, until the node is no longer over-committed', () => {
    const s = load(...base(), changes(['{at: 25, action: setPodUsage, target: default/scratch, data: {memory: 5Gi}}', '{at: 25, action: setPodUsage, target: default/web, data: {memory: 2Gi}}']));
    const r = simulate(s, { trace: true });
    // usage 2Gi + 2Gi + 5Gi = 9Gi > 8Gi. Syncs every 10 s: the first one after 25 s is at 30 s.
    const press = ev(r, 'nodePressure');
    expect(press[0].t).toBe(30_000);
    expect((press[0].ranking as { pod: string }[]).map((x) => x.pod)).toEqual(['default/scratch', 'default/web', 'default/db']);
    // scratch goes (Failed 2 s later, after the kill); the next sync (3 s later) finds 4Gi in use: done.
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t, e.until, e.cause, e.failed])).toEqual([['default/scratch', 30_000, 32_000, 'nodePressure', true]]);
    expect(ev(r, 'podDeleted').map((e) => [e.pod, e.t, e.phase, e.reason])).toEqual([['default/scratch', 32_000, 'Failed', 'Evicted']]);
    expect(r.final['default/scratch']).toMatchObject({ phase: 'Failed', reason: 'Evicted', node: null });
    expect(r.final['default/scratch'].message).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: -924Mi. Container c was using 5Gi, request is 0, has larger consumption of memory. ',
    );
    // MemoryPressure and its taint: from the first sync to 5 minutes after the last one that saw the pressure.
    const conds = ev(r, 'nodeCondition').filter((e) => e.condition === 'MemoryPressure');
    expect(conds.map((e) => [e.t, e.status, e.source])).toEqual([
      [30_000, 'True', 'kubelet'],
      [333_000, 'False', 'kubelet'],
    ]);
    expect(ev(r, 'nodeTaint').map((e) => [e.t, e.action, (e.taint as { key: string }).key])).toEqual([
      [30_000, 'add', 'node.kubernetes.io/memory-pressure'],
      [333_000, 'remove', 'node.kubernetes.io/memory-pressure'],
    ]);
    expect(r.events.filter((e) => e.object === 'Node/n2').map((e) => [e.t, e.type, e.reason])).toEqual([
      [30_000, 'Normal', 'NodeHasInsufficientMemory'],
      [30_000, 'Normal', 'NodeTaintAdded'],
      [30_000, 'Warning', 'EvictionThresholdMet'],
      [333_000, 'Normal', 'NodeHasSufficientMemory'],
      [333_000, 'Normal', 'NodeTaintRemoved'],
    ]);
  });

  it('keeps evicting while the pressure lasts: the next pod as soon as the previous one is cleaned up (3 s)', () => {
    const s = load(...base(), changes(['{at: 10, action: setPodUsage, target: default/web, data: {memory: 7Gi}}']));
    const r = simulate(s, { trace: true });
    // 2Gi + 7Gi + 0 = 9Gi: web goes, and that is enough.
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t])).toEqual([['default/web', 10_000]]);
    // allocatable reduced to 2Gi, scratch using 1Gi: 3.5Gi in use. scratch is 1Gi over its
    // request, web 256Mi: scratch goes at 10 s, web at 13 s; db (2Gi, as requested) fits.
    const s2 = load(...base(), changes(['{at: 10, action: setPodUsage, target: default/scratch, data: {memory: 1Gi}}', '{at: 10, action: setNodeResources, target: n2, data: {allocatable: {memory: 2Gi}}}']));
    const r2 = simulate(s2, { trace: true });
    expect(ev(r2, 'eviction').map((e) => [e.pod, e.t, e.until])).toEqual([
      ['default/scratch', 10_000, 12_000],
      ['default/web', 13_000, 15_000],
    ]);
    expect(ev(r2, 'nodePressure').map((e) => e.t)).toEqual([10_000, 13_000]);
    expect(r2.final['default/db'].phase).toBe('Running');
  });

  it('ranks by priority among pods that all exceed their requests, and never evicts critical pods', () => {
    const s = load(
      node('n2', { ready: 'True', memory: '4Gi' }),
      pod('hi', { node: 'n2', memory: '1Gi', usage: '2Gi', priority: 1000 }),
      pod('lo', { node: 'n2', memory: '1Gi', usage: '1500Mi', priority: 10 }),
      pod('crit', { node: 'n2', memory: '100Mi', usage: '1Gi', priority: 2000000000 }),
    );
    const r = simulate(s, { trace: true });
    // 4.5Gi used of 4Gi at t = 0: lo first (lower priority), then 3Gi: done.
    expect((ev(r, 'nodePressure')[0].ranking as { pod: string }[]).map((x) => x.pod)).toEqual(['default/lo', 'default/hi', 'default/crit']);
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t])).toEqual([['default/lo', 0]]);
    const s2 = load(node('n2', { ready: 'True', memory: '1Gi' }), pod('crit', { node: 'n2', memory: '100Mi', usage: '2Gi', priority: 2000000000 }));
    const r2 = simulate(s2, { trace: true });
    expect(ev(r2, 'eviction')).toEqual([]);
    expect(ev(r2, 'nodePressure').length).toBe(1);
  });

  it('a MemoryPressure=True change: the kubelet evicts until it has reclaimed some memory', () => {
    const s = load(...base(), changes(['{at: 20, action: setNodeCondition, target: n2, data: {type: MemoryPressure, status: "True"}}']));
    const r = simulate(s, { trace: true });
    // scratch (usage 0) reclaims nothing; web (512Mi) does.
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t])).toEqual([
      ['default/web', 20_000],
    ]);
    // Ranking: web exceeds its request; db and scratch do not (both 0 above it, same priority:
    // creation order).
    expect((ev(r, 'nodePressure')[0].ranking as { pod: string }[]).map((x) => x.pod)).toEqual(['default/web', 'default/db', 'default/scratch']);
  });

  it('does not model nodes that list no memory', () => {
    const s = load(
      `apiVersion: v1
kind: Node
metadata: {name: n}
status: {allocatable: {cpu: "4", pods: "110"}}
---`,
      pod('p', { node: 'n', usage: '1Gi' }),
    );
    const r = simulate(s, { trace: true });
    expect(ev(r, 'nodePressure')).toEqual([]);
  });

  it('formats bytes as resource.Quantity does (BinarySI)', () => {
    expect(formatBytes(0)).toBe('0');
    expect(formatBytes(104857600)).toBe('100Mi');
    expect(formatBytes(-432013312)).toBe('-412Mi');
    expect(formatBytes(1500)).toBe('1500');
    expect(formatBytes(6442450944)).toBe('6Gi');
  });
});
