// The page's engine worker simulates with the trace on, the per-cycle records off (details:
// false) and a CompactSink: the trace must not depend on the records, and the sink must keep
// exactly what compacting the whole trace keeps.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../api/load';
import { simulate } from './simulate';
import { CompactSink, PackingCompactSink, compactTrace } from '../trace/compact';
import { unpackTrace, type PackedTrace } from '../trace/wire';

const dir = path.resolve(__dirname, '../../public/gallery');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('the trace with and without per-cycle details', () => {
  it.each(files)('%s: the same events and diagnostics', (f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const run = (details: boolean) => simulate(loadScenario([{ name: f, text }]).scenario, { trace: true, details });
    const a = run(true);
    const b = run(false);
    expect((a.trace ?? []).length).toBeGreaterThan(0);
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(b.diagnostics).toEqual(a.diagnostics);
  });
});

describe('the compact trace, recorded as it comes', () => {
  it.each(files)('%s: the same as compacting the whole trace', (f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const full = simulate(loadScenario([{ name: f, text }]).scenario, { trace: true }).trace ?? [];
    const sink = new CompactSink();
    const compact = simulate(loadScenario([{ name: f, text }]).scenario, { trace: true, details: false, traceSink: sink }).trace ?? [];
    expect(compact).toBe(sink.events);
    expect(JSON.stringify(compact)).toBe(JSON.stringify(compactTrace(full)));
    // only passing filter events of later nodes are left out
    const dropped = full.length - compact.length;
    expect(dropped).toBe(full.filter((e) => e.type === 'filter').length - compact.filter((e) => e.type === 'filter').length);
    expect(compact.filter((e) => e.type !== 'filter').length).toBe(full.filter((e) => e.type !== 'filter').length);
  });
});

describe('the compact trace, packed as it comes', () => {
  it.each(files)('%s: the same events as the compact trace (none changes after it is emitted)', (f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const full = simulate(loadScenario([{ name: f, text }]).scenario, { trace: true }).trace ?? [];
    const sink = new PackingCompactSink();
    simulate(loadScenario([{ name: f, text }]).scenario, { trace: true, details: false, traceSink: sink });
    expect(sink.events).toEqual([]);
    expect(sink.kept).toBeGreaterThan(0);
    expect(JSON.stringify(unpackTrace(JSON.parse(JSON.stringify(sink.packed())) as PackedTrace))).toBe(JSON.stringify(compactTrace(full)));
  });
});
