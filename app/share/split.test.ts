// Reading a big kubectl list in two halves at once (engine/api/jsonsplit.ts, runImport's
// readSecondHalf) gives exactly what reading it in one piece gives; a cut that goes wrong is
// detected and the file is read in one piece.
import { describe, expect, it } from 'vitest';
import { bytesSource, type ByteSource } from '../../engine/api/jsonsource';
import { secondHalf, splitKubectlList } from '../../engine/api/jsonsplit';
import { readJsonSource, runImport, type ImportSource, type SecondHalfResult } from './importer';
import { generateKubectlJsonDump } from './fixtures';

const enc = new TextEncoder();

/** A source whose second half is read "elsewhere" (here, in process) when the importer asks. */
function source(bytes: Uint8Array, opts: { split: boolean; calls?: number[] }): ImportSource {
  const src: ByteSource = bytesSource(bytes);
  return {
    name: 'cluster.json',
    size: bytes.length,
    bytes: () => src,
    async *chunks() {
      yield bytes;
    },
    ...(opts.split
      ? {
          readSecondHalf: (header: Uint8Array, start: number) => {
            opts.calls?.push(start);
            const half = secondHalf(src, header, start);
            const problems: never[] = [];
            const s = readJsonSource('cluster.json', half, true, problems, 0, half.size, undefined, undefined, true);
            const result: SecondHalfResult = s ? JSON.parse(JSON.stringify({ ok: true, parts: s.renderParts(), summary: s.summary, problems })) : { ok: false };
            return { running: Promise.resolve(), result: Promise.resolve(result) };
          },
        }
      : {}),
  };
}

describe('a kubectl list read in two halves', () => {
  const dump = generateKubectlJsonDump(40, 400);
  const bytes = enc.encode(dump);

  it('is cut between two items near the middle, in two whole JSON texts', () => {
    const h = splitKubectlList(bytesSource(bytes), 0);
    expect(h).not.toBeNull();
    expect(Math.abs(h!.secondStart - bytes.length / 2)).toBeLessThan(bytes.length / 10);
    const text = (s: ByteSource) => new TextDecoder().decode(s.read(0, s.size));
    const a = JSON.parse(text(h!.first)) as { items: unknown[] };
    const b = JSON.parse(text(secondHalf(bytesSource(bytes), h!.header, h!.secondStart))) as { items: unknown[]; kind: string };
    const all = JSON.parse(dump) as { items: unknown[] };
    expect([...a.items, ...b.items]).toEqual(all.items);
    expect(a.items.length).toBeGreaterThan(100);
    expect(b.kind).toBe('List');
  });

  it('is not used below SPLIT_FROM', async () => {
    const calls: number[] = [];
    const whole = await runImport([source(bytes, { split: false })]);
    const offered = await runImport([source(bytes, { split: true, calls })]);
    expect(calls.length).toBe(0);
    expect(offered.yaml).toBe(whole.yaml);
  });

  it('is used for big files and gives the same YAML, summary and documents', async () => {
    const big = enc.encode(generateKubectlJsonDump(300, 12_000));
    expect(big.length).toBeGreaterThan(64 << 20);
    const calls: number[] = [];
    const whole = await runImport([source(big, { split: false })]);
    const split = await runImport([source(big, { split: true, calls })]);
    expect(calls.length).toBe(1);
    expect(split.yaml).toBe(whole.yaml);
    expect(split.summary).toEqual(whole.summary);
    expect(split.docs.length === whole.docs.length && split.docs.every((b, i) => b === whole.docs[i])).toBe(true);
    expect(split.problems).toEqual(whole.problems);
  }, 60_000);

  it('falls back to one piece when a half does not read as JSON, with the same problems reported', async () => {
    const big = generateKubectlJsonDump(300, 12_000);
    // damage the second half: an item loses a closing brace
    const at = big.indexOf('\n        },\n        {', Math.floor(big.length * 0.75));
    const damaged = enc.encode(big.slice(0, at) + big.slice(at + 10));
    const calls: number[] = [];
    const whole = await runImport([source(damaged, { split: false })]);
    const split = await runImport([source(damaged, { split: true, calls })]);
    expect(calls.length).toBe(1);
    expect(split.yaml).toBe(whole.yaml);
    expect(split.problems).toEqual(whole.problems);
  }, 60_000);

  it('is not cut when the file is not in kubectl layout', () => {
    const compact = enc.encode(JSON.stringify(JSON.parse(dump)));
    expect(splitKubectlList(bytesSource(compact), 0)).toBeNull();
    const yamlish = enc.encode('items:\n- kind: Node\n');
    expect(splitKubectlList(bytesSource(yamlish), 0)).toBeNull();
  });
});
