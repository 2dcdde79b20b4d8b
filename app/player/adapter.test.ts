// The playback model built from a real engine trace: steps in reading order, and frames that
// replay (never re-decide) what the engine recorded.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/api/load';
import { simulate } from '../../engine/simulator/simulate';
import { buildPlayback, ALL_FILTERS } from './adapter';
import { FrameBuilder } from './frame';
import type { ClusterModel } from '../worker/protocol';

const SRC = `apiVersion: v1
kind: Node
metadata: { name: big }
status: { allocatable: { cpu: "4", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: small }
status: { allocatable: { cpu: "1", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: default }
spec:
  containers: [{ name: c, image: x, resources: { requests: { cpu: "2" } } }]
---
apiVersion: v1
kind: Pod
metadata: { name: huge, namespace: default }
spec:
  containers: [{ name: c, image: x, resources: { requests: { cpu: "64" } } }]
`;

function run() {
  const { scenario } = loadScenario([{ name: 'test.yaml', text: SRC }]);
  const sim = simulate(scenario, { trace: true });
  const pb = buildPlayback(sim.trace ?? []);
  return { pb, frames: new FrameBuilder(clusterOf(scenario), pb) };
}

/** The cluster as drawn, reduced to what frames read: names, and every pod pending at the start. */
function clusterOf(scenario: ReturnType<typeof loadScenario>['scenario']): ClusterModel {
  return {
    nodes: scenario.nodes.map((n) => ({ name: n.metadata!.name!, labels: {}, taints: [], unschedulable: false, allocatable: { cpu: 0, memory: 0, pods: 0 } })),
    pods: scenario.pods.map((p) => ({
      key: `default/${p.metadata!.name}`,
      namespace: 'default',
      name: p.metadata!.name!,
      nodeName: null,
      nominatedNodeName: null,
      priority: 0,
      qos: 'Burstable' as const,
      requests: { cpu: 0, memory: 0 },
      owner: 'x',
      labels: {},
    })),
    ignored: {},
  };
}

describe('buildPlayback', () => {
  it('cuts each cycle into the steps a person takes', () => {
    const { pb } = run();
    expect(pb.cycles.map((c) => [c.pod, c.result])).toEqual([
      ['default/web', 'Scheduled'],
      ['default/huge', 'Unschedulable'],
    ]);
    const kinds = (ci: number) => pb.steps.filter((s) => s.cycle === ci).map((s) => (s.plugin ? `${s.kind}:${s.plugin}` : s.kind));
    const web = kinds(0);
    expect(web[0]).toBe('pop');
    expect(web).toContain('filter:NodeResourcesFit');
    expect(web).toContain(`filter:${ALL_FILTERS}`);
    expect(web.indexOf('filter:NodeResourcesFit')).toBeLessThan(web.indexOf(`filter:${ALL_FILTERS}`));
    expect(web.slice(-2)).toEqual(['select', 'bind']);
    expect(web.some((k) => k.startsWith('score:'))).toBe(false); // one feasible node: scoring skipped
    const huge = kinds(1);
    expect(huge.at(-1)).toBe('unschedulable');
    expect(pb.cycles[1].message).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./);
    // Steps cover the events in order, without gaps or overlaps going backwards.
    for (let i = 1; i < pb.steps.length; i++) expect(pb.steps[i].from).toBeGreaterThanOrEqual(pb.steps[i - 1].from);
  });

  it('frames replay verdicts and placements step by step', () => {
    const { pb, frames } = run();
    const at = (label: RegExp) => pb.steps.findIndex((s) => label.test(s.label));
    const fit = at(/NodeResourcesFit rejects 1 node/);
    expect(fit).toBeGreaterThan(0);
    const f = frames.frame(fit);
    expect(f.nodes.get('small')).toMatchObject({ state: 'rejected', rejection: { plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] } });
    expect(f.nodes.get('big')?.state).toBe('examining');
    expect(f.queue.inFlight).toBe('default/web');
    expect(f.placements.has('default/web')).toBe(false);

    const bind = at(/^Bind default\/web/);
    const b = frames.frame(bind);
    expect(b.nodes.get('big')?.state).toBe('chosen');
    expect(b.placements.get('default/web')?.node).toBe('big');
    expect(b.moving).toEqual({ pod: 'default/web', node: 'big' });
    // Going back undoes the bind.
    expect(frames.frame(fit).placements.has('default/web')).toBe(false);
    expect(frames.frame(-1).queue.active).toEqual(['default/web', 'default/huge']);
  });
});

describe('FrameBuilder', () => {
  it('gives the same frame for a step however it is reached (in order, jumping, backwards)', () => {
    // enough steps for several checkpoints (every 64 steps): 30 pods on 6 nodes, some pending
    const docs: string[] = [];
    for (let i = 0; i < 6; i++) docs.push(`apiVersion: v1\nkind: Node\nmetadata: { name: n${i} }\nstatus: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" } }`);
    for (let i = 0; i < 30; i++) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: default }\nspec:\n  containers: [{ name: c, image: x, resources: { requests: { cpu: 700m } } }]`);
    const { scenario } = loadScenario([{ name: 'many.yaml', text: docs.join('\n---\n') }]);
    const pb = buildPlayback(simulate(scenario, { trace: true }).trace ?? []);
    expect(pb.steps.length).toBeGreaterThan(3 * 64);
    const cluster = clusterOf(scenario);
    const plain = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x instanceof Set ? [...x] : x));
    const inOrder = new FrameBuilder(cluster, pb);
    const expected = pb.steps.map((_, c) => plain(inOrder.frame(c)));
    // the end first (a pasted or imported scenario opens there), then back and forth
    const jumping = new FrameBuilder(cluster, pb);
    const n = pb.steps.length;
    const order = [n - 1, 0, 130, 129, 64, 63, 200, 5, n - 2, 65, ...Array.from({ length: 40 }, (_, i) => (i * 37) % n)];
    for (const c of order) expect(plain(jumping.frame(c))).toBe(expected[c]);
    expect(plain(jumping.frame(-1))).toBe(plain(inOrder.frame(-1)));
    // the frame at the end has every pod the engine bound on its node: 2 per node (700m of 2 cpu)
    const scheduled = pb.cycles.filter((c) => c.result === 'Scheduled').length;
    expect(scheduled).toBe(12);
    expect(inOrder.frame(n - 1).placements.size).toBe(scheduled);
  });
});
