// The filter memo (Framework.filterRunner), the nominated-pods overlay and DefaultPreemption's
// memo are pure speed-ups: random clusters with identical replicas (memo hits), priorities
// (preemption, nominations), taints, node selectors, host ports and timed node changes give the
// same cycles (verdicts of every node, scores, messages, victims) and the same end state with
// them on and off.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterChange } from '../api/scenario';
import { loadScenario } from '../api/load';
import type { Plugin, PluginFactory } from '../framework/types';
import { inTreeRegistry, type Registry } from '../plugins/registry';
import { simulate } from '../simulator/simulate';

interface Gen {
  nodes: { cpu: number; zone: number; taint: boolean; disk: boolean }[];
  groups: {
    replicas: number;
    milli: number;
    priority: number;
    tolerate: boolean;
    ssd: boolean;
    port: boolean;
    running: number;
    /** Pending replicas come nominated to this node (index modulo the node count), or not (-1). */
    nominated: number;
  }[];
  changes: { at: number; action: 'cordon' | 'uncordon' | 'addTaint' | 'removeTaint' | 'setLabel'; node: number }[];
  seed: number;
}

const genArb: fc.Arbitrary<Gen> = fc.record({
  nodes: fc.array(
    fc.record({ cpu: fc.integer({ min: 1, max: 4 }), zone: fc.integer({ min: 0, max: 2 }), taint: fc.boolean(), disk: fc.boolean() }),
    { minLength: 2, maxLength: 12 },
  ),
  groups: fc.array(
    fc.record({
      replicas: fc.integer({ min: 1, max: 6 }),
      milli: fc.constantFrom(300, 500, 1000, 1500),
      priority: fc.constantFrom(0, 10, 100, 1000),
      tolerate: fc.boolean(),
      ssd: fc.boolean(),
      port: fc.boolean(),
      running: fc.integer({ min: 0, max: 3 }),
      nominated: fc.integer({ min: -1, max: 11 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  changes: fc.array(
    fc.record({
      at: fc.integer({ min: 1, max: 90 }),
      action: fc.constantFrom('cordon' as const, 'uncordon' as const, 'addTaint' as const, 'removeTaint' as const, 'setLabel' as const),
      node: fc.integer({ min: 0, max: 11 }),
    }),
    { maxLength: 4 },
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function scenarioOf(g: Gen) {
  const items: Record<string, unknown>[] = [];
  g.nodes.forEach((n, i) =>
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `n${i}`,
        labels: { 'kubernetes.io/hostname': `n${i}`, 'topology.kubernetes.io/zone': `z${n.zone}`, ...(n.disk ? { disk: 'ssd' } : {}) },
      },
      spec: n.taint ? { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } : {},
      status: { allocatable: { cpu: String(n.cpu), memory: '8Gi', pods: '110' } },
    }),
  );
  const free = g.nodes.map((n) => n.cpu * 1000);
  g.groups.forEach((grp, gi) => {
    for (let r = 0; r < grp.replicas; r++) {
      let nodeName: string | undefined;
      if (r < grp.running) {
        const k = free.findIndex((f) => f >= grp.milli);
        if (k >= 0) {
          free[k] -= grp.milli;
          nodeName = `n${k}`;
        }
      }
      const nominated = !nodeName && grp.nominated >= 0 ? `n${grp.nominated % g.nodes.length}` : undefined;
      items.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `g${gi}-${r}`, namespace: 'default', labels: { app: `g${gi}` } },
        ...(nominated ? { status: { nominatedNodeName: nominated } } : {}),
        spec: {
          priority: grp.priority,
          ...(nodeName ? { nodeName } : {}),
          ...(grp.tolerate ? { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
          ...(grp.ssd ? { nodeSelector: { disk: 'ssd' } } : {}),
          containers: [
            {
              name: 'c',
              image: 'pause',
              resources: { requests: { cpu: `${grp.milli}m` } },
              ...(grp.port ? { ports: [{ containerPort: 80, hostPort: 8080 }] } : {}),
            },
          ],
        },
      });
    }
  });
  const loaded = loadScenario([{ name: 'gen.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const sc = loaded.scenario;
  sc.changes = g.changes.map((c): ClusterChange => {
    const target = `n${c.node % g.nodes.length}`;
    const data =
      c.action === 'addTaint' || c.action === 'removeTaint'
        ? { key: 'dedicated', value: 'x', effect: 'NoSchedule' }
        : c.action === 'setLabel'
          ? { key: 'disk', value: 'ssd' }
          : undefined;
    return { at: c.at, action: c.action, target, ...(data ? { data } : {}) } as ClusterChange;
  });
  return sc;
}

/** The in-tree plugins behind wrapper factories (the filter memo only trusts the in-tree ones), preemption memo off. */
const noMemoRegistry: Registry = new Map(
  [...inTreeRegistry].map(([name, f]): [string, PluginFactory] => [
    name,
    (args, handle) => {
      const p = f(args, handle) as Plugin & { memoize?: boolean };
      if (typeof p.memoize === 'boolean') p.memoize = false;
      return p;
    },
  ]),
);

const view = (r: ReturnType<typeof simulate>) =>
  JSON.stringify({ cycles: r.cycles, final: r.final, endTime: r.endTime, stoppedBy: r.stoppedBy });

describe('filter memo and nominated-pods overlay', () => {
  it('change nothing (details on, trace off)', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const sc = scenarioOf(g);
        const opts = { details: true, seed: g.seed, maxVirtualSeconds: 300 };
        const on = simulate(sc, opts);
        const off = simulate(sc, { ...opts, registry: noMemoRegistry });
        expect(view(on)).toBe(view(off));
      }),
      { numRuns: 60 },
    );
  });

  it('change nothing (details off: the all-nodes-fail shortcut may run)', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const sc = scenarioOf(g);
        const opts = { seed: g.seed, maxVirtualSeconds: 300 };
        const on = simulate(sc, opts);
        const off = simulate(sc, { ...opts, registry: noMemoRegistry });
        expect(view(on)).toBe(view(off));
      }),
      { numRuns: 80 },
    );
  });

  it('change nothing against a traced run (no memo while tracing)', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const sc = scenarioOf(g);
        const opts = { details: true, seed: g.seed, maxVirtualSeconds: 300 };
        const on = simulate(sc, opts);
        const traced = simulate(sc, { ...opts, trace: true });
        expect(view(on)).toBe(view(traced));
      }),
      { numRuns: 30 },
    );
  });

  it('get hits on identical replicas with nominations (sanity: the scenario preempts)', () => {
    const g: Gen = {
      nodes: [
        { cpu: 2, zone: 0, taint: false, disk: false },
        { cpu: 2, zone: 1, taint: false, disk: true },
        { cpu: 2, zone: 2, taint: true, disk: false },
      ],
      groups: [
        { replicas: 6, milli: 1000, priority: 0, tolerate: true, ssd: false, port: false, running: 6, nominated: -1 },
        { replicas: 5, milli: 1000, priority: 1000, tolerate: false, ssd: false, port: false, running: 0, nominated: -1 },
      ],
      changes: [],
      seed: 3,
    };
    const sc = scenarioOf(g);
    const on = simulate(sc, { details: true, seed: 3 });
    const off = simulate(sc, { details: true, seed: 3, registry: noMemoRegistry });
    expect(on.cycles.some((c) => c.nominatedNode)).toBe(true);
    expect(view(on)).toBe(view(off));
  });

  it('follow nominations that change while nodes do not (a nominated pod deleted)', () => {
    const pod = (name: string, extra: Record<string, unknown>, cpu: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      ...extra,
      spec: {
        priority: 100,
        ...((extra.spec as object) ?? {}),
        containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu } } }],
      },
    });
    const items = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'x' }, status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } } },
      // Gated (never tried) and nominated to x: it holds x's cpu for pods of lower or equal priority.
      pod('holder', { status: { nominatedNodeName: 'x' }, spec: { schedulingGates: [{ name: 'wait' }] } }, '2'),
      pod('a', {}, '1'),
    ];
    const sc = loadScenario([{ name: 'n.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]).scenario;
    // "b": a copy of "a" as loaded (same spec: the same filter signature), tried after the
    // nomination is gone.
    const a = sc.pods.find((p) => p.metadata?.name === 'a')!;
    const b = { ...a, metadata: { ...a.metadata, name: 'b', uid: 'default/b' } };
    sc.changes = [
      { at: 5, action: 'deletePod', target: 'holder' } as ClusterChange,
      { at: 10, action: 'addPod', target: 'b', data: b } as ClusterChange,
    ];
    const on = simulate(sc, { details: true, maxVirtualSeconds: 60 });
    const off = simulate(sc, { details: true, maxVirtualSeconds: 60, registry: noMemoRegistry });
    expect(view(on)).toBe(view(off));
    expect(on.cycles.map((c) => [c.pod, c.result])).toEqual([
      ['default/a', 'Unschedulable'],
      ['default/b', 'Scheduled'],
    ]);
  });

  it("follow nominations in DefaultPreemption's memo (a nominated pod deleted between two preemptors)", () => {
    const pod = (name: string, priority: number, cpu: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      ...extra,
      spec: {
        priority,
        ...((extra.spec as object) ?? {}),
        containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu } } }],
      },
    });
    const items = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'x' }, status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' } } },
      pod('low', 0, '2', { spec: { nodeName: 'x' } }),
      // Gated and nominated to x with a higher priority than the preemptors: x is no help to them.
      pod('holder', 1000, '2', { status: { nominatedNodeName: 'x' }, spec: { schedulingGates: [{ name: 'wait' }] } }),
      pod('a', 500, '1'),
    ];
    const sc = loadScenario([{ name: 'p.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]).scenario;
    const a = sc.pods.find((p) => p.metadata?.name === 'a')!;
    const b = { ...a, metadata: { ...a.metadata, name: 'b', uid: 'default/b' } };
    sc.changes = [
      { at: 5, action: 'deletePod', target: 'holder' } as ClusterChange,
      { at: 10, action: 'addPod', target: 'b', data: b } as ClusterChange,
    ];
    const on = simulate(sc, { details: true, maxVirtualSeconds: 20 });
    const off = simulate(sc, { details: true, maxVirtualSeconds: 20, registry: noMemoRegistry });
    expect(view(on)).toBe(view(off));
    expect(on.cycles.map((c) => [c.pod, c.result, c.nominatedNode])).toEqual([
      ['default/a', 'Unschedulable', null],
      ['default/b', 'Unschedulable', 'x'],
    ]);
  });

  it('see nodes that changed since a cycle where every node failed (details off)', () => {
    const pod = (name: string, cpu: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { ...extra, containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu } } }] },
    });
    const items: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `n${i}` }, status: { allocatable: { cpu: '1', memory: '8Gi', pods: '110' } } });
      items.push(pod(`run${i}`, '1', { nodeName: `n${i}` }));
    }
    items.push(pod('a', '1', { preemptionPolicy: 'Never' }));
    const sc = loadScenario([{ name: 'f.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]).scenario;
    const a = sc.pods.find((p) => p.metadata?.name === 'a')!;
    const b = { ...a, metadata: { ...a.metadata, name: 'b', uid: 'default/b' } };
    const c = { ...a, metadata: { ...a.metadata, name: 'c', uid: 'default/c' } };
    sc.changes = [
      { at: 5, action: 'addPod', target: 'b', data: b } as ClusterChange,
      { at: 10, action: 'deletePod', target: 'run1' } as ClusterChange,
      { at: 50, action: 'addPod', target: 'c', data: c } as ClusterChange,
    ];
    const on = simulate(sc, { maxVirtualSeconds: 60 });
    const off = simulate(sc, { maxVirtualSeconds: 60, registry: noMemoRegistry });
    expect(view(on)).toBe(view(off));
    expect(on.final['default/a'].node ?? on.final['default/b'].node ?? on.final['default/c'].node).toBe('n1');
  });
});
