// The import's documents (Slimmer.toYamlDocs) must be exactly what the engine's fast YAML reader
// reads from the text: the engine takes them instead of reading the text (app/worker/prepared.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Slimmer } from './slim';
import { runImport, textSource } from './importer';
import { generateKubectlJsonDump } from './fixtures';
import { fastYaml } from '../../engine/api/yamlfast';
import { loadScenario } from '../../engine/api/load';
import { preparedToFastDocs, type FastDoc, type PreparedDocs } from '../../engine/api/yamlfast';

const strip = (docs: FastDoc[]) => docs.map(({ index, value, start, end, linesStart, linesEnd }) => ({ index, value, start, end, linesStart, linesEnd }));

describe('prepared documents of an import', () => {
  it('equal what yamlfast reads from the YAML, and load to the same scenario', async () => {
    const dump = generateKubectlJsonDump(12, 80);
    const r = await runImport([textSource('cluster.json', dump)]);
    const docs = preparedToFastDocs(JSON.parse(new TextDecoder().decode(r.docs)) as PreparedDocs);
    const fast = fastYaml(r.yaml);
    expect(fast).not.toBeNull();
    expect(docs.length).toBeGreaterThan(80);
    expect(strip(docs)).toEqual(strip(fast!));
    const a = loadScenario([{ name: 's.yaml', text: r.yaml }]);
    const b = loadScenario([{ name: 's.yaml', text: r.yaml, fastDocs: docs }]);
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(JSON.stringify(b.scenario.pods)).toBe(JSON.stringify(a.scenario.pods));
    expect(JSON.stringify(b.scenario.nodes)).toBe(JSON.stringify(a.scenario.nodes));
    expect([...b.scenario.positions]).toEqual([...a.scenario.positions]);
  });

  it('give the same diagnostics, at the same places, for objects the engine rejects', () => {
    const s = new Slimmer(false);
    s.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: 'lots', memory: '1Gi' } } });
    s.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '-1' } } }], priority: 'high' } });
    const { yaml, docs } = s.toYamlDocs('test');
    const viaJson = JSON.parse(JSON.stringify(docs)) as FastDoc[];
    const a = loadScenario([{ name: 's.yaml', text: yaml }]);
    const b = loadScenario([{ name: 's.yaml', text: yaml, fastDocs: viaJson }]);
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(b.diagnostics).toEqual(a.diagnostics);
  });

  it('equal what yamlfast reads for arbitrary JSON objects (when it reads them at all)', () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('name', 'true', 'null', '- x', 'a: b', '#c', '1', ''));
    const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constantFrom('yes', '0x1F', '1e3', '~', 'a\nb', ' x', '"q"', "'", '- y', '{}'));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
    })).v;
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { minLength: 1, maxLength: 4 }), (objs) => {
        const s = new Slimmer(false);
        for (const o of objs) s.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, ...o });
        const { yaml, docs } = s.toYamlDocs('h');
        const fast = fastYaml(yaml);
        if (fast === null) return; // the engine reads it with the yaml library: values only, compared below
        expect(strip(JSON.parse(JSON.stringify(docs)) as FastDoc[])).toEqual(strip(fast));
        compared++;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(60); // about half the texts take the fast reader (~145 of 300)
  });
});

