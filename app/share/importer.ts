// Importing a cluster dump: files (or pasted text) in, one slimmed multi-document YAML out.
// Streams: bytes are decoded chunk by chunk (gzip is recognised and inflated on the fly), split
// into objects (stream.ts) and slimmed (slim.ts) as they arrive. Pure TS, no DOM: it runs in
// app/share/import.worker.ts and under vitest.

import { Gunzip } from 'fflate';
import { Slimmer, type SlimSummary } from './slim';
import { createSplitter, type Splitter } from './stream';

export interface ImportSource {
  name: string;
  /** Size in bytes when known (for progress). */
  size: number;
  /** The content, as text or as byte chunks. */
  chunks: () => AsyncIterable<Uint8Array | string>;
}

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
  const slimmer = new Slimmer(opts.slim !== false);
  const problems: ImportProblem[] = [];
  const totalBytes = sources.reduce((a, s) => a + s.size, 0);
  let bytesRead = 0;
  let lastReport = 0;
  const objects = () => Object.values(slimmer.summary.kept).reduce((a, b) => a + b, 0);
  for (const src of sources) {
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
  slimmer.summary.bytesIn = bytesRead;
  onProgress?.({ file: sources.at(-1)?.name ?? '', bytesRead, totalBytes, objects: objects() });
  const names = sources.map((s) => s.name);
  const header = `Imported from ${names.join(', ')} by schedlab.`;
  return { yaml: slimmer.toYaml(header), summary: slimmer.summary, problems, files: names };
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
