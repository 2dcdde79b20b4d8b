// The import worker: reads dropped files (File objects, streamed) or pasted text, and answers
// with the slimmed scenario. Files are also offered as bytes read in blocks (FileReaderSync), so
// JSON dumps take the engine's fast reader (see runImport). Progress messages every ~80 ms. To cancel, the page terminates the
// worker (nothing here needs cleaning up).
import { blobByteSource } from '../../engine/api/jsonsource';
import { runImport, textSource, type ImportOptions, type ImportProgress, type ImportResult, type ImportSource } from './importer';

export type ImportRequest = {
  files: File[];
  texts: { name: string; text: string }[];
  options: ImportOptions;
};

export type ImportReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; message: string };

function fileSource(f: File): ImportSource {
  return {
    name: f.name,
    size: f.size,
    bytes: () => blobByteSource(f),
    async *chunks() {
      const reader = f.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
}

const post = (m: ImportReply) => (self as unknown as { postMessage(m: ImportReply): void }).postMessage(m);

self.onmessage = async (ev: MessageEvent<ImportRequest>) => {
  const { files, texts, options } = ev.data;
  try {
    const sources = [...texts.map((t) => textSource(t.name, t.text)), ...files.map(fileSource)];
    const result = await runImport(sources, options, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', result });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
