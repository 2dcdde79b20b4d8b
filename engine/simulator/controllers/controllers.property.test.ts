// Property tests of the simulator with its controllers, on small random clusters with random
// timed changes: it never throws, it is deterministic, a node's allocatable is never exceeded by
// the pods bound to it, and every bound pod passed every Filter on its node when it was bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { loadScenario } from '../../api/load';
import { newPodInfo } from '../../api/podinfo';
import { simulate } from '../simulate';

interface GenNode {
  cpu: number;
  memGi: number;
  zone: 'a' | 'b';
  ready: boolean;
}
interface GenPod {
  milli: number;
  memMi: number;
  priority: number;
  running: boolean;
  tolerate: 0 | 1 | 2;
  usageMi: number | null;
}
interface GenChange {
  at: number;
  kind: number;
  node: number;
  pod: number;
  n: number;
}
interface Cluster {
  nodes: GenNode[];
  pods: GenPod[];
  replicas: number;
  changes: GenChange[];
  seed: number;
}

const clusterArb: fc.Arbitrary<Cluster> = fc.record({
  nodes: fc.array(
    fc.record({ cpu: fc.integer({ min: 1, max: 4 }), memGi: fc.integer({ min: 1, max: 4 }), zone: fc.constantFrom('a' as const, 'b' as const), ready: fc.boolean() }),
    { minLength: 1, maxLength: 5 },
  ),
  pods: fc.array(
    fc.record({
      milli: fc.integer({ min: 1, max: 15 }).map((x) => x * 100),
      memMi: fc.constantFrom(0, 128, 512, 1024),
      priority: fc.constantFrom(0, 0, 10, 100),
      running: fc.boolean(),
      tolerate: fc.constantFrom(0 as const, 1 as const, 2 as const),
      usageMi: fc.option(fc.constantFrom(256, 1024, 3072), { nil: null }),
    }),
    { maxLength: 10 },
  ),
  replicas: fc.integer({ min: 0, max: 3 }),
  changes: fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 400 }), kind: fc.integer({ min: 0, max: 16 }), node: fc.nat(), pod: fc.nat(), n: fc.nat(4) }),
    { maxLength: 8 },
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function yamlOf(c: Cluster): string {
  const docs: string[] = [];
  c.nodes.forEach((n, i) =>
    docs.push(`apiVersion: v1
kind: Node
metadata: {name: n${i}, labels: {kubernetes.io/hostname: n${i}, topology.kubernetes.io/zone: ${n.zone}}}
status:
  allocatable: {cpu: "${n.cpu}", memory: ${n.memGi}Gi, pods: "110"}
${n.ready ? '  conditions: [{type: Ready, status: "True"}]' : ''}`),
  );
  const freeCpu = c.nodes.map((n) => n.cpu * 1000);
  const freeMem = c.nodes.map((n) => n.memGi * 1024);
  c.pods.forEach((p, i) => {
    let nodeName = '';
    if (p.running) {
      const k = freeCpu.findIndex((f, j) => f >= p.milli && freeMem[j] >= p.memMi);
      if (k >= 0) {
        freeCpu[k] -= p.milli;
        freeMem[k] -= p.memMi;
        nodeName = `n${k}`;
      }
    }
    const tol =
      p.tolerate === 1
        ? '  tolerations: [{key: k1, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]\n'
        : p.tolerate === 2
          ? '  tolerations: [{key: k1, operator: Exists}]\n'
          : '';
    const mem = p.memMi ? `, memory: ${p.memMi}Mi` : '';
    docs.push(`apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: default${p.usageMi !== null ? `, annotations: {schedlab.dev/memory-usage: ${p.usageMi}Mi}` : ''}}
spec:
  priority: ${p.priority}
  terminationGracePeriodSeconds: 5
${nodeName ? `  nodeName: ${nodeName}\n` : ''}${tol}  containers: [{name: c, image: pause, resources: {requests: {cpu: ${p.milli}m${mem}}}}]`);
  });
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: ${c.replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {terminationGracePeriodSeconds: 3, containers: [{name: c, image: nginx, resources: {requests: {cpu: 300m, memory: 256Mi}}}]}`);
  const ch: string[] = [];
  let added = 0;
  for (const g of c.changes) {
    const n = `n${g.node % c.nodes.length}`;
    const p = c.pods.length ? `default/p${g.pod % c.pods.length}` : null;
    const at = `at: ${g.at}`;
    switch (g.kind) {
      case 0:
        ch.push(`{${at}, action: cordon, target: ${n}}`);
        break;
      case 1:
        ch.push(`{${at}, action: uncordon, target: ${n}}`);
        break;
      case 2:
        ch.push(`{${at}, action: addTaint, target: ${n}, data: {key: k1, effect: NoExecute}}`);
        break;
      case 3:
        ch.push(`{${at}, action: addTaint, target: ${n}, data: {key: k2, effect: NoSchedule}}`);
        break;
      case 4:
        ch.push(`{${at}, action: removeTaint, target: ${n}, data: {key: k${1 + (g.n % 2)}}}`);
        break;
      case 5:
        ch.push(`{${at}, action: setNodeCondition, target: ${n}, data: {type: Ready, status: "${['False', 'Unknown', 'True'][g.n % 3]}"}}`);
        break;
      case 6:
        ch.push(`{${at}, action: setNodeCondition, target: ${n}, data: {type: MemoryPressure, status: "${g.n % 2 ? 'True' : 'False'}"}}`);
        break;
      case 7:
        if (p) ch.push(`{${at}, action: setPodUsage, target: ${p}, data: {memory: ${(g.n + 1) * 1024}Mi}}`);
        break;
      case 8:
        ch.push(`{${at}, action: setNodeResources, target: ${n}, data: {allocatable: {cpu: "${(g.n + 1) * 4}", memory: ${(g.n + 1) * 4}Gi}}}`);
        break;
      case 9:
        ch.push(`{${at}, action: scale, target: Deployment/default/web, data: {replicas: ${g.n}}}`);
        break;
      case 10:
        ch.push(`{${at}, action: drain, target: ${n}}`);
        break;
      case 11:
        ch.push(
          `{${at}, action: addNode, data: {apiVersion: v1, kind: Node, metadata: {name: extra${added++}, labels: {topology.kubernetes.io/zone: a}}, status: {allocatable: {cpu: "2", memory: 2Gi, pods: "110"}, conditions: [{type: Ready, status: "True"}]}}}`,
        );
        break;
      case 12:
        ch.push(`{${at}, action: addPod, data: {apiVersion: v1, kind: Pod, metadata: {name: new${g.pod}-${g.at}}, spec: {containers: [{name: c, image: pause, resources: {requests: {cpu: ${(g.n + 1) * 200}m}}}]}}}`);
        break;
      default:
        // deletePod (several kinds map here to make it common)
        if (p) ch.push(`{${at}, action: deletePod, target: ${p}}`);
        break;
    }
  }
  if (ch.length) docs.push(`apiVersion: schedlab.dev/v1alpha1\nkind: ClusterChanges\nchanges:\n${ch.map((x) => `  - ${x}`).join('\n')}`);
  return docs.join('\n---\n');
}

function run(c: Cluster, trace: boolean) {
  const loaded = loadScenario([{ name: 'gen.yaml', text: yamlOf(c) }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { scenario: loaded.scenario, result: simulate(loaded.scenario, { trace, details: true, seed: c.seed, maxVirtualSeconds: 1200 }) };
}

describe('simulate with controllers (properties)', () => {
  it('is deterministic, never over-commits a node at any time, and binds only where every Filter passed', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { scenario, result: a } = run(c, true);
        const b = run(c, true).result;
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
        expect(JSON.stringify(b.final)).toBe(JSON.stringify(a.final));
        expect(a.stoppedBy === 'idle' || a.stoppedBy === 'maxVirtualSeconds').toBe(true);
        // The trace does not change what happens.
        const off = run(c, false).result;
        expect(off.trace).toBeNull();
        expect(JSON.stringify(off.final)).toBe(JSON.stringify(a.final));
        expect(JSON.stringify(off.events)).toBe(JSON.stringify(a.events));
        expect(off.cycles.map((x) => [x.pod, x.t, x.result, x.node])).toEqual(a.cycles.map((x) => [x.pod, x.t, x.result, x.node]));

        // Requests of every pod that ever existed; allocatable of every node (changes only raise it).
        const req = new Map<string, { cpu: number; mem: number }>();
        const addPod = (p: Pod) => {
          const pi = newPodInfo(p);
          req.set(pi.key, { cpu: pi.requests.milliCPU, mem: pi.requests.memory });
        };
        scenario.pods.forEach(addPod);
        for (const ch of scenario.changes) if (ch.action === 'addPod') addPod(ch.data as Pod);
        const alloc = new Map<string, { cpu: number; mem: number }>();
        const allocOf = (n: { metadata?: { name?: string }; status?: { allocatable?: Record<string, string> } }) => {
          const cpu = String(n.status?.allocatable?.cpu ?? '0');
          const mem = String(n.status?.allocatable?.memory ?? '0');
          alloc.set(n.metadata?.name ?? '', { cpu: Number(cpu) * 1000, mem: Number(mem.replace('Gi', '')) * 1024 ** 3 });
        };
        scenario.nodes.forEach((n) => allocOf(n as never));
        // Timed changes, in the order the clusterChange events report them.
        const changesInOrder = [...scenario.changes].sort((x, y) => x.at - y.at);
        let nextChange = 0;

        const placed = new Map<string, string>();
        for (const p of scenario.pods) if (p.spec?.nodeName) placed.set(`default/${p.metadata?.name}`, p.spec.nodeName);
        const check = (node: string) => {
          let cpu = 0;
          let mem = 0;
          for (const [k, n] of placed) {
            if (n !== node) continue;
            cpu += req.get(k)!.cpu;
            mem += req.get(k)!.mem;
          }
          const al = alloc.get(node)!;
          expect(cpu, `cpu on ${node}`).toBeLessThanOrEqual(al.cpu);
          expect(mem, `memory on ${node}`).toBeLessThanOrEqual(al.mem);
        };
        for (const e of a.trace ?? []) {
          if (e.type === 'clusterChange') {
            const ch = changesInOrder[nextChange++];
            expect(ch.action).toBe(e.action);
            if (e.ok && ch.action === 'addNode') allocOf(ch.data as never);
            if (e.ok && ch.action === 'setNodeResources') allocOf({ metadata: { name: ch.target }, status: ch.data as never });
          } else if (e.type === 'podCreated') addPod(e.object as Pod);
          else if (e.type === 'bind' && e.code === 'Success') {
            const pod = a.cycles[e.cycle].pod;
            placed.set(pod, e.node);
            check(e.node);
          } else if (e.type === 'podDeleted') placed.delete(e.pod);
        }
        for (const cy of a.cycles) {
          if (cy.result !== 'Scheduled') continue;
          expect(cy.filter?.[cy.node!], `${cy.pod} on ${cy.node} at cycle ${cy.index}`).toBeNull();
        }
        // A pod that ends Running is on a node that exists.
        for (const f of Object.values(a.final)) if (f.phase === 'Running') expect(alloc.has(f.node!)).toBe(true);
      }),
      { numRuns: Number(process.env.SCHEDLAB_PROPERTY_RUNS ?? 120) },
    );
  });
});
