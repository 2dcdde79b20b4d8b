// The engine's worker loads an import's documents without slimming them again (engine/worker.ts:
// the import kept only what scheduling reads): that must change nothing, on the real manifests
// and cluster dumps too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport, textSource } from '../app/share/importer';
import { generateKubectlJsonDump } from '../app/share/fixtures';
import { loadScenario } from '../engine/api/load';
import { preparedToFastDocs, type PreparedDocs } from '../engine/api/yamlfast';

describe("the engine's slimming after an import's", () => {
  const root = path.resolve(import.meta.dirname, 'real-manifests');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(e.name)) files.push(p);
    }
  };
  walk(root);
  const texts: [string, string][] = [
    ...files.map((f): [string, string] => [path.relative(root, f), fs.readFileSync(f, 'utf8')]),
    ['generated dump', generateKubectlJsonDump(30, 300)],
  ];

  it('finds files to check', () => expect(files.length).toBeGreaterThan(20));

  it.each(texts)('%s: changes nothing', async (name, text) => {
    const r = await runImport([textSource(name, text)]);
    if (!r.summary.kept.Node && !r.summary.kept.Pod) return; // nothing the slimming touches
    const docs = () => preparedToFastDocs(JSON.parse(new TextDecoder().decode(r.docs)) as PreparedDocs);
    const a = loadScenario([{ name: 's.yaml', text: r.yaml, fastDocs: docs() }], { slim: true });
    const b = loadScenario([{ name: 's.yaml', text: r.yaml, fastDocs: docs() }], { slim: false });
    const plain = (s: typeof a.scenario) => JSON.stringify({ ...s, positions: [...s.positions] });
    expect(plain(b.scenario)).toBe(plain(a.scenario));
    expect(b.diagnostics).toEqual(a.diagnostics);
  });
});
