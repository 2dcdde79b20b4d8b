// Workload controllers re-creating pods over virtual time (times in ms).
import { describe, expect, it } from 'vitest';
import { simulate, type SimResult } from '../simulate';
import type { TraceEvent } from '../../trace/events';
import { changes, load, node, pod } from './testutil';

type Ev = TraceEvent & Record<string, unknown>;
const ev = (r: SimResult, type: string) => (r.trace ?? []).filter((e: TraceEvent) => e.type === type) as Ev[];
const running = (r: SimResult, prefix: string) =>
  Object.entries(r.final)
    .filter(([k, f]) => k.startsWith(prefix) && f.phase === 'Running')
    .map(([k, f]) => [k, f.node]);

const deployment = (name: string, replicas: number, extraSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {terminationGracePeriodSeconds: 10, ${extraSpec}containers: [{name: c, image: nginx, resources: {requests: {cpu: 500m}}}]}
---`;

describe('workload controllers', () => {
  it('ReplicaSet: a deleted pod is replaced at once by a new pod with a new random suffix', () => {
    const s = load(node('n1'), node('n2'), deployment('web', 2));
    const pods0 = s.pods.map((p) => `default/${p.metadata!.name}`);
    const victim = pods0[0];
    s.changes.push({ at: 30, action: 'deletePod', target: victim });
    const r = simulate(s, { trace: true });
    const created = ev(r, 'podCreated');
    expect(created.map((e) => [e.t, e.replaces, e.reason, e.source])).toEqual([[30_000, victim, 'replacement', 'replicaset-controller']]);
    const repl = String(created[0].pod);
    expect(repl).toMatch(/^default\/web-[a-z0-9]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods0).not.toContain(repl);
    // Created while the old pod still terminates (it has a deletionTimestamp): scheduled at 30 s.
    expect(r.cycles.filter((c) => c.pod === repl).map((c) => [c.t, c.result])).toEqual([[30_000, 'Scheduled']]);
    expect(r.final[victim].phase).toBe('Deleted');
    expect(running(r, 'default/web-').length).toBe(2);
    // The replacement comes from the template, with the apiserver's defaults.
    const obj = created[0].object as { metadata: { labels: Record<string, string>; ownerReferences: { kind: string }[] }; spec: { tolerations: unknown[]; schedulerName: string } };
    expect(obj.metadata.labels['pod-template-hash']).toBeDefined();
    expect(obj.metadata.ownerReferences[0].kind).toBe('ReplicaSet');
    expect(obj.spec.schedulerName).toBe('default-scheduler');
    expect(obj.spec.tolerations).toHaveLength(2);
  });

  it("Deployment: a drained node's pods come back on the other nodes; scale still works, also from 0", () => {
    const s = load(node('n1', { cpu: '2' }), node('n2', { cpu: '2' }), deployment('web', 2));
    s.changes.push(
      { at: 10, action: 'drain', target: 'n1' },
      { at: 100, action: 'scale', target: 'Deployment/default/web', data: { replicas: 0 } },
      { at: 200, action: 'scale', target: 'Deployment/default/web', data: { replicas: 3 } },
    );
    const r = simulate(s, { trace: true });
    const at10 = r.cycles.filter((c) => c.t === 10_000);
    expect(at10.every((c) => c.result === 'Scheduled' && c.node === 'n2')).toBe(true);
    expect(ev(r, 'podCreated').filter((e) => e.t === 10_000).length).toBe(at10.length);
    expect(ev(r, 'podCreated').filter((e) => e.t === 100_000)).toEqual([]);
    const up = ev(r, 'podCreated').filter((e) => e.t === 200_000);
    expect(up.map((e) => e.reason)).toEqual(['scaleUp', 'scaleUp', 'scaleUp']);
    // n1 is cordoned (drain): the three go to n2, which holds 4 x 500m.
    expect(running(r, 'default/web-').map((x) => x[1])).toEqual(['n2', 'n2', 'n2']);
    expect(r.diagnostics).toEqual([]);
  });

  it('StatefulSet: the same name comes back once the old pod is gone', () => {
    const s = load(
      node('n1'),
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {terminationGracePeriodSeconds: 30, containers: [{name: c, image: postgres, resources: {requests: {cpu: 100m}}}]}
---`,
      changes(['{at: 60, action: deletePod, target: default/db-1}']),
    );
    const r = simulate(s, { trace: true });
    expect(ev(r, 'podCreated').map((e) => [e.pod, e.t, e.replaces])).toEqual([['default/db-1', 90_000, 'default/db-1']]);
    expect(r.cycles.filter((c) => c.pod === 'default/db-1').map((c) => [c.t, c.result])).toEqual([
      [0, 'Scheduled'],
      [90_000, 'Scheduled'],
    ]);
    expect(r.final['default/db-1']).toMatchObject({ phase: 'Running', node: 'n1' });
  });

  it('Job: a failed pod is replaced after the pod-failure backoff (10 s, 20 s, ...); past backoffLimit the Job fails', () => {
    const job = (limit: number) => `apiVersion: batch/v1
kind: Job
metadata: {name: batch, namespace: default}
spec:
  backoffLimit: ${limit}
  template:
    spec: {restartPolicy: Never, terminationGracePeriodSeconds: 0, containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]}
---`;
    const s = load(node('n1'), job(6));
    const first = `default/${s.pods[0].metadata!.name}`;
    s.changes.push({ at: 5, action: 'deletePod', target: first });
    const r = simulate(s, { trace: true });
    const created = ev(r, 'podCreated');
    expect(created.map((e) => [e.t, e.owner])).toEqual([[15_000, 'Job/default/batch']]);
    expect(ev(r, 'jobBackoff').map((e) => [e.t, e.at, e.failures])).toEqual([[5_000, 15_000, 1]]);
    // Second failure: 20 s after it.
    const second = String(created[0].pod);
    const s2 = load(node('n1'), job(6));
    s2.changes.push({ at: 5, action: 'deletePod', target: first }, { at: 40, action: 'deletePod', target: second });
    const r2 = simulate(s2, { trace: true });
    expect(ev(r2, 'podCreated').map((e) => e.t)).toEqual([15_000, 60_000]);
    // backoffLimit 1: the second failure fails the Job.
    const s3 = load(node('n1'), job(1));
    s3.changes.push({ at: 5, action: 'deletePod', target: first }, { at: 40, action: 'deletePod', target: second });
    const r3 = simulate(s3, { trace: true });
    expect(ev(r3, 'podCreated').map((e) => e.t)).toEqual([15_000]);
    expect(r3.events.filter((e) => e.object === 'Job/default/batch').map((e) => [e.t, e.reason])).toEqual([
      [15_000, 'SuccessfulCreate'],
      [40_000, 'BackoffLimitExceeded'],
    ]);
  });

  it('DaemonSet: a pod for an added node, a deleted daemon pod comes back once gone, a node it may no longer run on loses it', () => {
    const s = load(
      node('n1'),
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {nodeSelector: {kubernetes.io/os: linux}, terminationGracePeriodSeconds: 5, containers: [{name: c, image: agent, resources: {requests: {cpu: 50m}}}]}
---`,
    );
    // n1 has no kubernetes.io/os label: no pod yet.
    expect(s.pods).toEqual([]);
    s.changes.push(
      { at: 10, action: 'setLabel', target: 'n1', data: { key: 'kubernetes.io/os', value: 'linux' } },
      {
        at: 20,
        action: 'addNode',
        target: 'n2',
        data: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2', labels: { 'kubernetes.io/os': 'linux' } }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } },
      },
    );
    const r = simulate(s, { trace: true });
    const created = ev(r, 'podCreated');
    expect(created.map((e) => [e.t, e.reason])).toEqual([
      [10_000, 'daemonSetNode'],
      [20_000, 'daemonSetNode'],
    ]);
    expect(r.cycles.map((c) => [c.pod, c.t, c.node])).toEqual([
      [created[0].pod, 10_000, 'n1'],
      [created[1].pod, 20_000, 'n2'],
    ]);
    const s2 = load(
      node('n1'),
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {nodeSelector: {kubernetes.io/hostname: n1}, terminationGracePeriodSeconds: 5, containers: [{name: c, image: agent}]}
---`,
    );
    const dsPod = `default/${s2.pods[0].metadata!.name}`;
    s2.changes.push({ at: 10, action: 'deletePod', target: dsPod }, { at: 50, action: 'setLabel', target: 'n1', data: { key: 'kubernetes.io/hostname', value: 'other' } });
    const r2 = simulate(s2, { trace: true });
    const c2 = ev(r2, 'podCreated');
    // The replacement comes once the old pod is gone (grace period 5 s).
    expect(c2.map((e) => [e.t, e.replaces])).toEqual([[15_000, dsPod]]);
    expect(ev(r2, 'eviction').map((e) => [e.pod, e.t, e.cause])).toEqual([
      [dsPod, 10_000, 'delete'],
      [c2[0].pod, 50_000, 'scaleDown'],
    ]);
  });

  it('preemption victims owned by a ReplicaSet are replaced (and wait, pending)', () => {
    const s = load(
      node('n1', { cpu: '1' }),
      deployment('low', 1),
      changes([`{at: 10, action: addPod, data: {apiVersion: v1, kind: Pod, metadata: {name: high, namespace: default}, spec: {priority: 100, containers: [{name: c, image: pause, resources: {requests: {cpu: 800m}}}]}}}`]),
    );
    const r = simulate(s, { trace: true });
    const victim = r.cycles.find((c) => c.pod === 'default/high')!.victims[0];
    expect(r.cycles.find((c) => c.pod === 'default/high')!.t).toBe(10_000);
    expect(victim).toMatch(/^default\/low-/);
    const created = ev(r, 'podCreated');
    expect(created.map((e) => [e.replaces, e.reason])).toEqual([[victim, 'replacement']]);
    expect(r.final[String(created[0].pod)].phase).toBe('Pending');
    expect(r.final['default/high']).toMatchObject({ phase: 'Running', node: 'n1' });
    // The replacement's queue entry comes after the cycle that preempted.
    const trace = r.trace ?? [];
    const endOfPreemptingCycle = trace.findIndex((e) => e.type === 'cycleEnd' && e.victims.length > 0);
    expect(trace.findIndex((e) => e.type === 'podCreated')).toBeGreaterThan(endOfPreemptingCycle);
  });
});
