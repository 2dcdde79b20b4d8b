// Importing a cluster dump: files (or pasted text) in, one slimmed multi-document YAML out.
// Streams: bytes are decoded chunk by chunk (gzip is recognised and inflated on the fly), split
// into objects (stream.ts) and slimmed (slim.ts) as they arrive. Pure TS, no DOM: it runs in
// app/share/import.worker.ts and under vitest. JSON files offered as bytes (ImportSource.bytes)
// take the engine's reader instead (engine/api/jsonsource.ts), several times faster; the YAML
// is written by yamlout.ts (same text as the yaml library's, faster).

import { Gunzip } from 'fflate';
import { Slimmer, type RenderedParts, type SlimSummary } from './slim';
import { splitKubectlList } from '../../engine/api/jsonsplit';
import { createSplitter, type Splitter } from './stream';
import { InputText, looksLikeJson, NotJson, readJson, type ByteSource } from '../../engine/api/jsonsource';

export interface ImportSource {
  name: string;
  /** Size in bytes when known (for progress). */
  size: number;
  /** The content, as text or as byte chunks. */
  chunks: () => AsyncIterable<Uint8Array | string>;
  /**
   * The content as bytes readable at any offset (a File in the worker: FileReaderSync). A JSON
   * file given this way takes the engine's fast path (engine/api/jsonsource.ts: one scan, each
   * `items` element parsed alone with the parts nobody reads cut out first); `chunks` stays the
   * way for gzip, YAML and text that is not JSON after all.
   */
  bytes?: () => ByteSource;
  /**
   * Reads the second half of a big kubectl list dump elsewhere (another worker) while this one
   * reads the first (engine/api/jsonsplit.ts): the file's bytes from `secondStart` on, after
   * `header`. Without it, the file is read in one piece.
   */
  readSecondHalf?: (header: Uint8Array, secondStart: number) => SecondHalfReading;
}

/**
 * A second half being read: `running` resolves once the other reader has started (a nested
 * worker only starts while its parent's event loop turns, so the first half waits for it).
 */
export interface SecondHalfReading {
  running: Promise<void>;
  result: Promise<SecondHalfResult>;
}

/** What a second-half reader answers: the objects it kept, or `ok: false` when its half was not JSON. */
export type SecondHalfResult = { ok: true; parts: RenderedParts; summary: SlimSummary; problems: ImportProblem[] } | { ok: false };

export interface ImportOptions {
  /** Keep only the fields scheduling reads (default true). */
  slim?: boolean;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  objects: number;
}

export interface ImportProblem {
  file: string;
  where: string;
  message: string;
}

export interface ImportResult {
  yaml: string;
  /**
   * The documents of `yaml` as the engine's fast reader reads them (PreparedDocs, as UTF-8 JSON):
   * handed to the engine with the text so it does not read the text again (app/worker/prepared.ts).
   * Bytes, so that they are transferred from worker to worker, never copied nor held by the page.
   */
  docs: Uint8Array;
  /** Time spent reading and slimming, and writing the YAML (ms). */
  timings: { readMs: number; writeMs: number } & Record<string, number>;
  summary: SlimSummary;
  problems: ImportProblem[];
  files: string[];
}

export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
    this.name = 'ImportCancelled';
  }
}

/** Reads, splits and slims every source in order. */
export async function runImport(
  sources: ImportSource[],
  opts: ImportOptions = {},
  onProgress?: (p: ImportProgress) => void,
  signal?: { aborted: boolean },
): Promise<ImportResult> {
  const t0 = Date.now();
  let split: Record<string, number> = {};
  const slimFields = opts.slim !== false;
  // The objects, in order: Slimmers still collecting, and parts already written out (the two
  // halves of a split list, written by their own workers at the same time).
  let slimmer = new Slimmer(slimFields);
  const segments: (Slimmer | { parts: RenderedParts; summary: SlimSummary })[] = [slimmer];
  const problems: ImportProblem[] = [];
  const totalBytes = sources.reduce((a, s) => a + s.size, 0);
  let bytesRead = 0;
  let lastReport = 0;
  const count = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const objects = () => segments.reduce((n, s) => n + count(s.summary.kept), 0);
  for (const src of sources) {
    const bytes = src.bytes?.();
    if (bytes && bytes.size >= 2) {
      const head = bytes.read(0, 2);
      if (!(head[0] === 0x1f && head[1] === 0x8b) && looksLikeJson(bytes)) {
        const halves = src.readSecondHalf ? splitKubectlList(bytes) : null;
        if (halves && src.readSecondHalf) {
          const second = src.readSecondHalf(halves.header, halves.secondStart);
          await second.running;
          // progress of the first half, counted for the whole file (the halves go at the same pace)
          const scale = bytes.size / halves.firstBytes;
          const before = bytesRead;
          const scaled = onProgress && ((p: ImportProgress) => onProgress({ ...p, bytesRead: Math.round(before + (p.bytesRead - before) * scale) }));
          const firstProblems: ImportProblem[] = [];
          const tA = Date.now();
          const first = readJsonSource(src.name, halves.first, slimFields, firstProblems, bytesRead, totalBytes, scaled, signal, true);
          // written out while the other worker still reads or writes its half
          const tA1 = Date.now();
          const firstParts = first?.renderParts();
          const tA2 = Date.now();
          const b = await second.result;
          split = { firstReadMs: tA1 - tA, firstWriteMs: tA2 - tA1, secondWaitMs: Date.now() - tA2 };
          if (first && firstParts && b.ok) {
            slimmer = new Slimmer(slimFields);
            segments.push({ parts: firstParts, summary: first.summary }, { parts: b.parts, summary: b.summary }, slimmer);
            problems.push(...firstProblems);
            if (b.problems.length) {
              const lines = lineOf(bytes, halves.secondStart) - 1 - HEADER_LINES;
              for (const pr of b.problems) problems.push({ ...pr, where: pr.where.replace(/^line (\d+)/, (_, l: string) => `line ${Number(l) + lines}`) });
            }
            bytesRead += bytes.size;
            continue;
          }
          // a cut that was not between two items (or a half that is not JSON): read it in one piece
        }
        const done = readJsonSource(src.name, bytes, slimFields, problems, bytesRead, totalBytes, onProgress, signal);
        if (done) {
          slimmer.merge(done);
          bytesRead += bytes.size;
          continue;
        }
      }
    }
    let splitter: Splitter | null = null;
    let pending = '';
    const feed = (text: string) => {
      if (!splitter) {
        pending += text;
        if (!/\S/.test(pending) && pending.length < 1 << 20) return;
        splitter = createSplitter(pending.slice(0, 4096), (v, lk) => slimmer.add(v, lk));
        text = pending;
        pending = '';
      }
      splitter.push(text);
    };
    const decoder = new TextDecoder('utf-8');
    let gunzip: Gunzip | null = null;
    let first = true;
    for await (const chunk of src.chunks()) {
      if (signal?.aborted) throw new ImportCancelled();
      if (typeof chunk === 'string') {
        bytesRead += chunk.length;
        feed(chunk);
      } else {
        bytesRead += chunk.length;
        if (first && chunk[0] === 0x1f && chunk[1] === 0x8b) {
          gunzip = new Gunzip((data) => feed(decoder.decode(data, { stream: true })));
        }
        if (gunzip) gunzip.push(chunk);
        else feed(decoder.decode(chunk, { stream: true }));
      }
      first = false;
      const now = Date.now();
      if (onProgress && now - lastReport > 80) {
        lastReport = now;
        onProgress({ file: src.name, bytesRead, totalBytes, objects: objects() });
      }
    }
    if (gunzip) {
      try {
        gunzip.push(new Uint8Array(0), true);
      } catch (e) {
        problems.push({ file: src.name, where: 'end', message: `the gzip data is damaged (${(e as Error).message})` });
      }
    }
    feed(decoder.decode());
    const sp = splitter as Splitter | null; // (assigned inside `feed`)
    if (sp) {
      sp.end();
      for (const e of sp.errors) problems.push({ file: src.name, ...e });
    }
  }
  onProgress?.({ file: sources.at(-1)?.name ?? '', bytesRead, totalBytes, objects: objects() });
  const names = sources.map((s) => s.name);
  const header = `Imported from ${names.join(', ')} by schedlab.`;
  const t1 = Date.now();
  const summary: SlimSummary = { kept: {}, ignored: {}, bytesIn: bytesRead };
  for (const seg of segments) {
    for (const which of ['kept', 'ignored'] as const) for (const [k, n] of Object.entries(seg.summary[which])) summary[which][k] = (summary[which][k] ?? 0) + n;
  }
  const { yaml, docsJson } = Slimmer.assemble(
    slimmer.headerLines(summary, header),
    segments.map((s) => (s instanceof Slimmer ? s.renderParts() : s.parts)),
  );
  const docs = new TextEncoder().encode(docsJson);
  return { yaml, docs, summary, problems, files: names, timings: { readMs: t1 - t0, writeMs: Date.now() - t1, ...split } };
}

/**
 * The fast path for one JSON file: a Slimmer with its objects, or null when the text turns out
 * not to be JSON values (the caller then reads it the general way; nothing was kept).
 */
export function readJsonSource(
  file: string,
  bytes: ByteSource,
  slim: boolean,
  problems: ImportProblem[],
  before: number,
  totalBytes: number,
  onProgress?: (p: ImportProgress) => void,
  signal?: { aborted: boolean },
  /** Accept only one top-level object with `items` (a half of a split list): null otherwise. */
  oneList = false,
): Slimmer | null {
  const slimmer = new Slimmer(slim);
  let tops = 0;
  let lists = 0;
  const mine: ImportProblem[] = [];
  let objects = 0;
  let lastReport = 0;
  // characters read ≈ bytes read (dumps are mostly ASCII); capped at the file's size
  const report = (chars: number) => {
    const now = Date.now();
    if (now - lastReport <= 80) return;
    if (signal?.aborted) throw new ImportCancelled();
    lastReport = now;
    onProgress?.({ file, bytesRead: before + Math.min(chars, bytes.size), totalBytes, objects });
  };
  const add = (text: string, where: { line: number; col: number }, listKind?: string) => {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      mine.push({ file, where: `line ${where.line}, column ${where.col}`, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    slimmer.add(v, listKind);
    objects++;
  };
  try {
    readJson(
      new InputText(bytes),
      {
        topStart() {
          tops++;
        },
        item(top, _i, text, span) {
          add(text, span, top.kind);
          report(span.end);
        },
        topEnd(top, text) {
          if (top.hasItems) lists++;
          if (text !== null && !top.hasItems) add(text, top);
          report(top.end);
        },
      },
      { dropManagedFields: slim },
    );
  } catch (e) {
    if (e instanceof NotJson) return null;
    throw e;
  }
  if (oneList && (tops !== 1 || lists !== 1)) return null;
  problems.push(...mine);
  return slimmer;
}

/** Lines of the header a second half starts with (engine/api/jsonsplit.ts). */
const HEADER_LINES = 3;

/** 1-based line of a byte offset. */
function lineOf(bytes: ByteSource, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at += 1 << 20) {
    const b = bytes.read(at, Math.min(1 << 20, offset - at));
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) line++;
  }
  return line;
}

/** A source over a string (pasted text), cut in chunks so progress and cancellation work. */
export function textSource(name: string, text: string, chunkSize = 1 << 20): ImportSource {
  return {
    name,
    size: text.length,
    async *chunks() {
      for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
    },
  };
}
