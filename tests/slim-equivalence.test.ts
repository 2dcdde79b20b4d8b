// Slimming (app/share/slim.ts) must not change a single scheduling decision: every gallery
// scenario and a generated kubectl dump are simulated as given and slimmed, and the cycles (pod,
// result, node, message, victims) and final placements must be identical.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadScenario } from '../engine/api/load';
import { simulate } from '../engine/simulator/simulate';
import { Slimmer } from '../app/share/slim';
import { splitText } from '../app/share/stream';
import { generateKubectlJsonDump } from '../app/share/fixtures';

const dir = path.resolve(import.meta.dirname, '../public/gallery');

function outcome(text: string) {
  const { scenario, diagnostics } = loadScenario([{ name: 'x.yaml', text }]);
  const r = simulate(scenario, { seed: 3 });
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    cycles: r.cycles.map((c) => [c.pod, c.result, c.node, c.nominatedNode, c.message, c.victims.join(',')]),
    final: r.final,
  };
}

function slim(text: string): string {
  const s = new Slimmer();
  expect(splitText(text, (v, lk) => s.add(v, lk))).toEqual([]);
  return s.toYaml();
}

describe('slimming keeps every scheduling decision', () => {
  const cases: [string, string][] = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
  cases.push(['generated kubectl dump', generateKubectlJsonDump(12, 60, 7)]);
  it.each(cases)('%s', (_name, text) => {
    const slimmed = slim(text);
    expect(slimmed.length).toBeLessThanOrEqual(text.length * 1.2);
    expect(outcome(slimmed)).toEqual(outcome(text));
  });
});
