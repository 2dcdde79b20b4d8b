// The node lifecycle controller: condition taints, NoExecute tainting with its rate limit and
// disruption modes, and the default 300 s tolerations (times in ms).
import { describe, expect, it } from 'vitest';
import { simulate, type SimResult } from '../simulate';
import type { TraceEvent } from '../../trace/events';
import { changes, load, node, pod } from './testutil';

type Ev = TraceEvent & Record<string, unknown>;
const ev = (r: SimResult, type: string) => (r.trace ?? []).filter((e: TraceEvent) => e.type === type) as Ev[];
const taintLog = (r: SimResult) =>
  ev(r, 'nodeTaint').map((e) => {
    const t = e.taint as { key: string; effect: string };
    return [e.t, e.node, e.action, `${t.key.replace('node.kubernetes.io/', '')}:${t.effect}`];
  });
const cond = (at: number, n: string, type: string, status: string) => `{at: ${at}, action: setNodeCondition, target: ${n}, data: {type: ${type}, status: "${status}"}}`;

describe('node lifecycle controller', () => {
  it('Ready=False: not-ready taints, pods leave after their default 300 s toleration, a ReplicaSet replaces them elsewhere', () => {
    const s = load(
      node('n1', { ready: 'True' }),
      node('n2', { ready: 'True' }),
      `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {nodeName: n2, terminationGracePeriodSeconds: 10, containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]}
---`,
      changes([cond(30, 'n2', 'Ready', 'False')]),
    );
    // The template pins the first pod to n2 (nodeName); give replacements a free choice.
    delete s.replicaSets[0].spec!.template!.spec!.nodeName;
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([
      [30_000, 'n2', 'add', 'not-ready:NoSchedule'],
      [30_000, 'n2', 'add', 'not-ready:NoExecute'],
    ]);
    const first = Object.keys(r.final).find((k) => k.startsWith('default/web-'))!;
    const sched = ev(r, 'taintEvictionScheduled');
    expect(sched.map((e) => [e.pod, e.t, e.at, e.tolerationSeconds])).toEqual([[first, 30_000, 330_000, 300]]);
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t, e.until])).toEqual([[first, 330_000, 340_000]]);
    const created = ev(r, 'podCreated');
    expect(created.map((e) => [e.t, e.owner, e.replaces, e.reason])).toEqual([[330_000, 'ReplicaSet/default/web', first, 'replacement']]);
    const repl = String(created[0].pod);
    expect(repl).toMatch(/^default\/web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(repl).not.toBe(first);
    expect(r.cycles.map((c) => [c.pod, c.t, c.node])).toEqual([[repl, 330_000, 'n1']]);
    expect(r.final[first].phase).toBe('Deleted');
    expect(r.events.find((e) => e.object === 'ReplicaSet/default/web')).toMatchObject({ reason: 'SuccessfulCreate', message: `Created pod: ${repl.slice(8)}` });
  });

  it('Ready=Unknown then False: unreachable taints, swapped for not-ready at the next monitor pass; the 300 s deadline does not move', () => {
    const s = load(node('n1', { ready: 'True' }), node('n2', { ready: 'True' }), pod('p', { node: 'n2' }), changes([cond(10, 'n2', 'Ready', 'Unknown'), cond(62, 'n2', 'Ready', 'False')]));
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([
      [10_000, 'n2', 'add', 'unreachable:NoSchedule'],
      [10_000, 'n2', 'add', 'unreachable:NoExecute'],
      [62_000, 'n2', 'add', 'not-ready:NoSchedule'],
      [62_000, 'n2', 'remove', 'unreachable:NoSchedule'],
      [65_000, 'n2', 'add', 'not-ready:NoExecute'],
      [65_000, 'n2', 'remove', 'unreachable:NoExecute'],
    ]);
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t])).toEqual([['default/p', 310_000]]);
  });

  it('Ready=True again before the deadline removes the taints and cancels the evictions', () => {
    const s = load(node('n1', { ready: 'True' }), node('n2', { ready: 'True' }), pod('p', { node: 'n2' }), changes([cond(30, 'n2', 'Ready', 'False'), cond(100, 'n2', 'Ready', 'True')]));
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([
      [30_000, 'n2', 'add', 'not-ready:NoSchedule'],
      [30_000, 'n2', 'add', 'not-ready:NoExecute'],
      [100_000, 'n2', 'remove', 'not-ready:NoSchedule'],
      [100_000, 'n2', 'remove', 'not-ready:NoExecute'],
    ]);
    expect(ev(r, 'taintEvictionCancelled').map((e) => [e.pod, e.t, e.reason])).toEqual([['default/p', 100_000, 'taintsRemoved']]);
    expect(r.final['default/p']).toMatchObject({ node: 'n2', phase: 'Running' });
  });

  it('adds NoSchedule taints at once but NoExecute ones at the next 5 s monitor pass', () => {
    const s = load(node('n1', { ready: 'True' }), node('n2', { ready: 'True' }), changes([cond(32, 'n2', 'Ready', 'False')]));
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([
      [32_000, 'n2', 'add', 'not-ready:NoSchedule'],
      [35_000, 'n2', 'add', 'not-ready:NoExecute'],
    ]);
  });

  it('taints one not-ready node per zone every 10 s (--node-eviction-rate 0.1)', () => {
    const s = load(
      node('a1', { ready: 'True', zone: 'a' }),
      node('a2', { ready: 'True', zone: 'a' }),
      node('a3', { ready: 'True', zone: 'a' }),
      node('b1', { ready: 'True', zone: 'b' }),
      changes([cond(20, 'a1', 'Ready', 'False'), cond(20, 'a2', 'Ready', 'False'), cond(20, 'b1', 'Ready', 'False')]),
    );
    const r = simulate(s, { trace: true });
    expect(taintLog(r).filter((x) => String(x[3]).endsWith('NoExecute'))).toEqual([
      [20_000, 'a1', 'add', 'not-ready:NoExecute'],
      [20_000, 'b1', 'add', 'not-ready:NoExecute'],
      [30_000, 'a2', 'add', 'not-ready:NoExecute'],
    ]);
  });

  it('stops NoExecute tainting when every node is not ready (master disruption mode)', () => {
    const s = load(node('n1', { ready: 'True' }), pod('p', { node: 'n1' }), changes([cond(10, 'n1', 'Ready', 'False')]));
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([[10_000, 'n1', 'add', 'not-ready:NoSchedule']]);
    expect(ev(r, 'disruptionMode').map((e) => [e.t, e.entering])).toEqual([[10_000, true]]);
    expect(r.final['default/p'].phase).toBe('Running');
  });

  it('stops it in a zone with more than 2 not-ready nodes and >= 55% of them not ready (PartialDisruption)', () => {
    const docs = ['a1', 'a2', 'a3', 'a4'].map((n) => node(n, { ready: 'True', zone: 'a' }));
    const s = load(...docs, node('b1', { ready: 'True', zone: 'b' }), changes(['a1', 'a2', 'a3'].map((n) => cond(10, n, 'Ready', 'False'))));
    const r = simulate(s, { trace: true, maxVirtualSeconds: 200 });
    expect(taintLog(r).filter((x) => String(x[3]).endsWith('NoExecute'))).toEqual([]);
  });

  it('turns pressure conditions and spec.unschedulable into NoSchedule taints, and removes them', () => {
    const s = load(
      node('n1', { ready: 'True' }),
      changes([
        cond(10, 'n1', 'DiskPressure', 'True'),
        cond(20, 'n1', 'PIDPressure', 'True'),
        cond(30, 'n1', 'NetworkUnavailable', 'True'),
        '{at: 40, action: cordon, target: n1}',
        cond(50, 'n1', 'DiskPressure', 'False'),
        '{at: 60, action: uncordon, target: n1}',
      ]),
    );
    const r = simulate(s, { trace: true });
    expect(taintLog(r)).toEqual([
      [10_000, 'n1', 'add', 'disk-pressure:NoSchedule'],
      [20_000, 'n1', 'add', 'pid-pressure:NoSchedule'],
      [30_000, 'n1', 'add', 'network-unavailable:NoSchedule'],
      [40_000, 'n1', 'add', 'unschedulable:NoSchedule'],
      [50_000, 'n1', 'remove', 'disk-pressure:NoSchedule'],
      [60_000, 'n1', 'remove', 'unschedulable:NoSchedule'],
    ]);
  });

  it('leaves nodes without status conditions as written', () => {
    const s = load(node('n1', { taints: '[{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]' }), changes(['{at: 10, action: cordon, target: n1}']));
    const r = simulate(s, { trace: true });
    expect(ev(r, 'nodeTaint')).toEqual([]);
  });

  it('wakes pods waiting for the node: Ready again removes not-ready, the pod is scheduled then', () => {
    const s = load(node('n1', { ready: 'False', taints: '[{key: node.kubernetes.io/not-ready, effect: NoSchedule}]' }), pod('w', { cpu: '100m' }), changes([cond(50, 'n1', 'Ready', 'True')]));
    const r = simulate(s, { trace: true });
    expect(r.cycles.map((c) => [c.t, c.result])).toEqual([
      [0, 'Unschedulable'],
      [50_000, 'Scheduled'],
    ]);
    const moved = ev(r, 'queueMove').filter((e) => e.t === 50_000);
    expect(moved.map((e) => [e.pod, e.to])).toEqual([['default/w', 'active']]);
    expect(String(moved[0].event)).toMatch(/Taint/);
  });
});
