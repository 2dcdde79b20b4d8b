import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { parseAllDocuments } from 'yaml';
import { runImport, textSource, ImportCancelled, type ImportSource } from './importer';
import { generateKubectlJsonDump } from './fixtures';
import { bytesSource as engineBytes } from '../../engine/api/jsonsource';

function bytesSource(name: string, bytes: Uint8Array, chunk = 1000): ImportSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
  };
}

describe('runImport', () => {
  it('imports several files (YAML, JSON, gzip) into one slimmed scenario', async () => {
    const nodesYaml = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: nöde-ü\n  labels: { zone: "ä" }\nstatus: { allocatable: { cpu: "2" } }\n';
    const json = generateKubectlJsonDump(2, 4);
    const progress: number[] = [];
    const r = await runImport(
      [
        bytesSource('nodes.yaml', strToU8(nodesYaml), 7), // multi-byte characters split across chunks
        bytesSource('dump.json.gz', gzipSync(strToU8(json)), 512),
        textSource('pasted', 'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n'),
      ],
      {},
      (p) => progress.push(p.bytesRead),
    );
    expect(r.problems).toEqual([]);
    expect(r.summary.kept).toEqual({ Node: 3, Pod: 3, Service: 1 });
    expect(r.summary.ignored).toEqual({ 'Pod (Succeeded)': 1, ConfigMap: 1, Secret: 1 });
    expect(r.files).toEqual(['nodes.yaml', 'dump.json.gz', 'pasted']);
    expect(r.yaml.split('\n')[0]).toBe('# Imported from nodes.yaml, dump.json.gz, pasted by schedlab.');
    const docs = parseAllDocuments(r.yaml).map((d) => d.toJS());
    expect(docs[0].metadata).toEqual({ name: 'nöde-ü', labels: { zone: 'ä' } });
    expect(progress.at(-1)).toBe(r.summary.bytesIn);
  });

  it('reads JSON files given as bytes the fast way, with the same result', async () => {
    const json = generateKubectlJsonDump(3, 7);
    const slow = await runImport([bytesSource('dump.json', strToU8(json), 4096)]);
    const fast = await runImport([{ ...bytesSource('dump.json', strToU8(json)), bytes: () => engineBytes(strToU8(json)), chunks: () => { throw new Error('not read'); } }]);
    expect(fast.yaml).toBe(slow.yaml);
    expect(fast.summary).toEqual(slow.summary);
    expect(fast.problems).toEqual([]);
    // YAML given as bytes, and JSON that does not scan (unbalanced), go the general way
    const yaml = 'kind: Node\nmetadata: { name: n }\n';
    expect((await runImport([{ ...bytesSource('n.yaml', strToU8(yaml)), bytes: () => engineBytes(strToU8(yaml)) }])).summary.kept).toEqual({ Node: 1 });
    const bad = '{"items": [{"kind": "Node"';
    const r = await runImport([{ ...bytesSource('bad.json', strToU8(bad)), bytes: () => engineBytes(strToU8(bad)) }]);
    expect(r.problems).toEqual([{ file: 'bad.json', where: expect.stringMatching(/character/), message: expect.stringMatching(/ends early/) }]);
  });

  it('keeps objects whole when asked not to slim', async () => {
    const r = await runImport([textSource('a.json', generateKubectlJsonDump(1, 1))], { slim: false });
    expect(r.yaml).toContain('managedFields');
    expect(r.summary.ignored).toEqual({ 'Pod (Succeeded)': 1, ConfigMap: 1 });
  });

  it('reports problems per file and can be cancelled', async () => {
    const r = await runImport([textSource('bad.json', '{"items": [{"kind": "Node"')]);
    expect(r.problems).toEqual([{ file: 'bad.json', where: expect.stringMatching(/character/), message: expect.stringMatching(/ends early/) }]);
    const signal = { aborted: true };
    await expect(runImport([textSource('x', 'kind: Node')], {}, undefined, signal)).rejects.toBeInstanceOf(ImportCancelled);
    expect((await runImport([textSource('empty', '  \n ')])).summary.kept).toEqual({});
  });
});
