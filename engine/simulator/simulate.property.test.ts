// Property tests of the simulation loop on small random clusters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../api/load';
import { simulate } from './simulate';

const clusterArb: fc.Arbitrary<Cluster> = fc.record({
  nodes: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8 }), zone: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 6 }),
  pods: fc.array(
    fc.record({
      milli: fc.integer({ min: 1, max: 40 }).map((x) => x * 100),
      priority: fc.constantFrom(0, 0, 10, 100),
      running: fc.boolean(),
      app: fc.constantFrom('x', 'y'),
      spread: fc.boolean(),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

interface Cluster {
  nodes: { cpu: number; zone: string }[];
  pods: { milli: number; priority: number; running: boolean; app: string; spread: boolean }[];
  seed: number;
}

function yamlOf(c: Cluster): string {
  const docs: string[] = [];
  c.nodes.forEach((n, i) =>
    docs.push(`apiVersion: v1
kind: Node
metadata: {name: n${i}, labels: {kubernetes.io/hostname: n${i}, topology.kubernetes.io/zone: ${n.zone}}}
status: {allocatable: {cpu: "${n.cpu}", memory: 8Gi, pods: "110"}}`),
  );
  // Running pods are placed first-fit so that the starting state is within capacity.
  const free = c.nodes.map((n) => n.cpu * 1000);
  c.pods.forEach((p, i) => {
    let nodeName = '';
    if (p.running) {
      const k = free.findIndex((f) => f >= p.milli);
      if (k >= 0) {
        free[k] -= p.milli;
        nodeName = `n${k}`;
      }
    }
    const spread = p.spread
      ? `  topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: ${p.app}}}}]\n`
      : '';
    docs.push(`apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: default, labels: {app: ${p.app}}}
spec:
  priority: ${p.priority}
${nodeName ? `  nodeName: ${nodeName}\n` : ''}${spread}  containers: [{name: c, image: pause, resources: {requests: {cpu: ${p.milli}m}}}]`);
  });
  return docs.join('\n---\n');
}

function run(c: Cluster, trace: boolean) {
  const loaded = loadScenario([{ name: 'gen.yaml', text: yamlOf(c) }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { scenario: loaded.scenario, result: simulate(loaded.scenario, { trace, seed: c.seed, maxVirtualSeconds: 600 }) };
}

describe('simulate (properties)', () => {
  it('is deterministic and the trace does not change decisions', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const a = run(c, true).result;
        const b = run(c, true).result;
        const off = run(c, false).result;
        expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
        expect(JSON.stringify(off.cycles.map((x) => [x.pod, x.result, x.node, x.message, x.victims]))).toBe(
          JSON.stringify(a.cycles.map((x) => [x.pod, x.result, x.node, x.message, x.victims])),
        );
        expect(off.final).toEqual(a.final);
      }),
      { numRuns: 40 },
    );
  });

  it('never over-commits a node and binds each pod at most once', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { result } = run(c, false);
        const used = new Map<string, number>();
        c.pods.forEach((p, i) => {
          const f = result.final[`default/p${i}`];
          if (f.node) used.set(f.node, (used.get(f.node) ?? 0) + p.milli);
        });
        for (const [node, milli] of used) expect(milli).toBeLessThanOrEqual(c.nodes[Number(node.slice(1))].cpu * 1000);
        const bound = new Map<string, number>();
        for (const cy of result.cycles) if (cy.result === 'Scheduled') bound.set(cy.pod, (bound.get(cy.pod) ?? 0) + 1);
        for (const n of bound.values()) expect(n).toBe(1);
        // A pod that ends pending had a last attempt that failed (or was never tried).
        for (const [key, f] of Object.entries(result.final)) {
          if (f.phase !== 'Pending') continue;
          const mine = result.cycles.filter((cy) => cy.pod === key);
          if (mine.length) expect(mine[mine.length - 1].result).not.toBe('Scheduled');
        }
        expect(result.stoppedBy).toBe('idle');
      }),
      { numRuns: 60 },
    );
  });
});
