// CycleExplainer gives, for every cycle, exactly what a fully traced run records for it: the
// events from its cycleStart to its cycleEnd and its record with the per-node details. Checked
// on every conformance case and on random clusters with preemption and timed changes, asking
// for the cycles forwards, backwards and twice.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../api/load';
import type { Scenario } from '../api/scenario';
import { simulate, Simulation } from '../simulator/simulate';
import { CycleExplainer } from './explain';
import type { TraceEvent } from './events';

const CASES = fileURLToPath(new URL('../../tests/conformance/cases', import.meta.url));

function caseDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = join(dir, e.name);
    if (existsSync(join(p, 'expected.json'))) out.push(p);
    else out.push(...caseDirs(p));
  }
  return out.sort();
}

function loadDir(dir: string): Scenario {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$|\.json$/.test(f) && f !== 'expected.json')
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
  return loadScenario(files).scenario;
}

/** The events of cycle k in a full trace: from its cycleStart to its cycleEnd. */
function slice(trace: TraceEvent[], k: number): TraceEvent[] {
  const from = trace.findIndex((e) => e.type === 'cycleStart' && (e as { cycle?: number }).cycle === k);
  const to = trace.findIndex((e, i) => i > from && e.type === 'cycleEnd' && (e as { cycle?: number }).cycle === k);
  return trace.slice(from, to + 1);
}

function check(sc: Scenario, seed: number, order: (n: number) => number[]): void {
  const full = simulate(sc, { trace: true, seed, maxVirtualSeconds: 600 });
  const trace = full.trace ?? [];
  const ex = new CycleExplainer(sc, { seed, maxVirtualSeconds: 600 });
  ex.prepare();
  for (const k of order(full.cycles.length)) {
    const d = ex.explain(k);
    expect(d, `cycle ${k}`).not.toBeNull();
    expect(JSON.stringify(d!.events)).toBe(JSON.stringify(slice(trace, k)));
    expect(JSON.stringify(d!.cycle)).toBe(JSON.stringify(full.cycles[k]));
  }
  expect(ex.explain(full.cycles.length)).toBeNull();
}

const forwardBackward = (n: number) => (n === 0 ? [] : [...Array(n).keys(), ...[...Array(n).keys()].reverse(), 0]);

describe('CycleExplainer', () => {
  const dirs = caseDirs(CASES);
  it.each(dirs.map((d) => [d.slice(CASES.length + 1), d]))('matches a traced run: %s', (_name, dir) => {
    check(loadDir(dir), 0, forwardBackward);
  });

  it('matches a traced run on random clusters with preemption and changes', () => {
    const arb = fc.record({
      nodes: fc.integer({ min: 1, max: 5 }),
      pods: fc.array(fc.record({ milli: fc.constantFrom(500, 1000, 2000), priority: fc.constantFrom(0, 100, 1000), running: fc.boolean() }), {
        minLength: 1,
        maxLength: 12,
      }),
      cordon: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      seed: fc.integer({ min: 0, max: 100 }),
      picks: fc.array(fc.nat(), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(arb, (g) => {
        const items: unknown[] = [];
        for (let i = 0; i < g.nodes; i++) {
          items.push({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: `n${i}`, labels: { 'kubernetes.io/hostname': `n${i}` } },
            status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' } },
          });
        }
        const free = Array.from({ length: g.nodes }, () => 2000);
        g.pods.forEach((p, i) => {
          const k = p.running ? free.findIndex((f) => f >= p.milli) : -1;
          if (k >= 0) free[k] -= p.milli;
          items.push({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `p${i}`, namespace: 'default' },
            spec: {
              priority: p.priority,
              ...(k >= 0 ? { nodeName: `n${k}` } : {}),
              containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: `${p.milli}m` } } }],
            },
          });
        });
        const sc = loadScenario([{ name: 'g.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]).scenario;
        if (g.cordon !== null) sc.changes = [{ at: g.cordon, action: 'cordon', target: 'n0' } as Scenario['changes'][number]];
        check(sc, g.seed, (n) => [...g.picks.map((p) => p % Math.max(n, 1)).filter(() => n > 0), ...forwardBackward(n)]);
      }),
      { numRuns: 40 },
    );
  });

  it('pauses a simulation between cycles without changing the run', () => {
    const dir = caseDirs(CASES).find((d) => d.includes('preemption'));
    if (!dir) return;
    const sc = loadDir(dir);
    const whole = simulate(sc, {});
    const sim = new Simulation(sc, {});
    for (let k = 0; k < whole.cycles.length; k += 2) expect(sim.explainCycle(k)).not.toBeNull();
    const rest = sim.run();
    expect(JSON.stringify(rest.cycles.map((c) => [c.pod, c.result, c.node, c.message, c.victims]))).toBe(
      JSON.stringify(whole.cycles.map((c) => [c.pod, c.result, c.node, c.message, c.victims])),
    );
    expect(rest.final).toEqual(whole.final);
    // On a simulation that records everything, the cycle's part of its trace.
    const traced = simulate(sc, { trace: true });
    const sim2 = new Simulation(sc, { trace: true });
    for (let k = 0; k < traced.cycles.length; k++) {
      expect(JSON.stringify(sim2.explainCycle(k)!.events)).toBe(JSON.stringify(slice(traced.trace ?? [], k)));
    }
  });
});
