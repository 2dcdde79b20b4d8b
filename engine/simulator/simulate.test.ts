import { describe, expect, it } from 'vitest';
import { loadScenario } from '../api/load';
import { explainCycle, simulate } from './simulate';
import type { TraceEvent } from '../trace/events';

const node = (name: string, cpu = '2', extra = '') => `
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {kubernetes.io/hostname: ${name}}
${extra}
status:
  allocatable: {cpu: "${cpu}", memory: 4Gi, pods: "110"}
  capacity: {cpu: "${cpu}", memory: 4Gi, pods: "110"}
---`;
const pod = (name: string, cpu: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
${extra}
  containers:
    - name: c
      image: registry.k8s.io/pause:3.10
      resources: {requests: {cpu: "${cpu}"}}
---`;

function load(text: string) {
  const r = loadScenario([{ name: 't.yaml', text }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.scenario;
}

describe('simulate', () => {
  const many = [node('n1', '4'), node('n2', '4'), node('n3', '4'), ...Array.from({ length: 9 }, (_, i) => pod(`p${i}`, '500m'))].join('\n');

  it('is deterministic: same scenario and seed, byte-identical trace', () => {
    const a = simulate(load(many), { trace: true, seed: 7 });
    const b = simulate(load(many), { trace: true, seed: 7 });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(a.cycles.map((c) => c.node)).toEqual(b.cycles.map((c) => c.node));
  });

  it('takes the same decisions with the trace off', () => {
    const a = simulate(load(many), { trace: true, seed: 3 });
    const b = simulate(load(many), { seed: 3 });
    expect(b.trace).toBeNull();
    expect(b.cycles.map((c) => [c.pod, c.node])).toEqual(a.cycles.map((c) => [c.pod, c.node]));
  });

  it('schedules pending pods in priority then file order', () => {
    const s = load([node('n1', '4'), pod('a', '1'), pod('b', '1', '  priority: 10'), pod('c', '1')].join('\n'));
    expect(simulate(s).cycles.map((c) => c.pod)).toEqual(['default/b', 'default/a', 'default/c']);
  });

  it('explainCycle reproduces one cycle in full detail', () => {
    const s = load(many);
    const full = simulate(s, { trace: true, seed: 5 });
    const ex = explainCycle(s, 4, { seed: 5 });
    expect(ex.cycle?.node).toBe(full.cycles[4].node);
    const mine = (full.trace ?? []).filter((e) => 'cycle' in e && (e as { cycle: number }).cycle === 4);
    const theirs = ex.events.filter((e) => 'cycle' in e && (e as { cycle: number }).cycle === 4);
    expect(JSON.stringify(theirs)).toBe(JSON.stringify(mine));
    expect(ex.cycle?.filter).toBeDefined();
  });

  it('leaves pods of an unknown schedulerName pending and says why', () => {
    const s = load([node('n1'), pod('x', '100m', '  schedulerName: other')].join('\n'));
    const r = simulate(s, { trace: true });
    expect(r.cycles).toEqual([]);
    expect(r.final['default/x']).toMatchObject({ node: null, phase: 'Pending' });
    expect(r.ignoredPods[0].reason).toContain('"other"');
    expect((r.trace ?? []).some((e: TraceEvent) => e.type === 'podIgnored')).toBe(true);
  });

  it('keeps gated pods out of the queue', () => {
    const s = load([node('n1'), pod('g', '100m', '  schedulingGates: [{name: example.com/wait}]')].join('\n'));
    const r = simulate(s, { trace: true });
    expect(r.cycles).toEqual([]);
    expect(r.final['default/g'].node).toBeNull();
    expect((r.trace ?? []).some((e: TraceEvent) => e.type === 'queueMove' && e.to === 'gated')).toBe(true);
  });

  it('preempts: victims terminate over their grace period, then the preemptor binds to the nominated node', () => {
    const s = load(
      [
        node('n1', '1'),
        pod('low', '800m', '  nodeName: n1\n  priority: 0\n  terminationGracePeriodSeconds: 10'),
        pod('high', '800m', '  priority: 100'),
      ].join('\n'),
    );
    const r = simulate(s, { trace: true });
    expect(r.cycles[0]).toMatchObject({ pod: 'default/high', result: 'Unschedulable', nominatedNode: 'n1', victims: ['default/low'] });
    const last = r.cycles[r.cycles.length - 1];
    expect(last).toMatchObject({ pod: 'default/high', result: 'Scheduled', node: 'n1', t: 10_000 });
    expect(r.final['default/low'].phase).toBe('Deleted');
    const deleted = (r.trace ?? []).find((e: TraceEvent) => e.type === 'podDeleted');
    expect(deleted?.t).toBe(10_000);
  });

  it('moves an unschedulable pod back when a node is added (timed change)', () => {
    const s = load(
      [
        node('n1', '1'),
        pod('big', '2'),
        `apiVersion: schedlab.dev/v1alpha1
kind: ClusterChanges
changes:
  - at: 60
    action: addNode
    data:
      apiVersion: v1
      kind: Node
      metadata: {name: n2}
      status: {allocatable: {cpu: "4", memory: 4Gi, pods: "110"}}`,
      ].join('\n'),
    );
    const r = simulate(s);
    expect(r.cycles.map((c) => [c.t, c.result, c.node])).toEqual([
      [0, 'Unschedulable', null],
      [60_000, 'Scheduled', 'n2'],
    ]);
  });

  it('reports invalid configuration as error diagnostics', () => {
    const s = load(
      [
        `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    plugins:
      filter:
        enabled: [{name: NoSuchPlugin}]
---`,
        node('n1'),
        pod('p', '100m'),
      ].join('\n'),
    );
    const r = simulate(s);
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.message.includes('NoSuchPlugin'))).toBe(true);
  });
  it('scales a deployment up and down (timed change)', () => {
    const s = load(
      [
        node('n1', '8'),
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]}
---
apiVersion: schedlab.dev/v1alpha1
kind: ClusterChanges
changes:
  - {at: 10, action: scale, target: Deployment/default/web, data: {replicas: 4}}
  - {at: 20, action: scale, target: Deployment/default/web, data: {replicas: 1}}`,
      ].join('\n'),
    );
    const r = simulate(s);
    expect(r.cycles.filter((c) => c.result === 'Scheduled').length).toBe(4);
    expect(r.cycles.filter((c) => c.t === 10_000).length).toBe(2);
    const running = Object.values(r.final).filter((f) => f.phase === 'Running').length;
    expect(running).toBe(1);
    expect(r.diagnostics).toEqual([]);
  });
  it("traceLevel 'cycles' leaves out the per-node events", () => {
    const s = load(many);
    const full = simulate(s, { trace: true, seed: 1 });
    const small = simulate(s, { trace: true, seed: 1, traceLevel: 'cycles' });
    const perNode = new Set(['filter', 'nodeVerdict', 'score', 'scoreTotals', 'nodesSkipped']);
    expect((small.trace ?? []).some((e) => perNode.has(e.type))).toBe(false);
    expect((full.trace ?? []).some((e) => e.type === 'filter')).toBe(true);
    expect(small.cycles.map((c) => c.node)).toEqual(full.cycles.map((c) => c.node));
  });
});
