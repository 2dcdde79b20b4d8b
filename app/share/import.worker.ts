// The import worker: reads dropped files (File objects, streamed) or pasted text, and answers
// with the slimmed scenario. A big kubectl JSON list is read in two halves at once, the second
// by a worker of its own (importHalf.worker.ts). Files are also offered as bytes read in blocks (FileReaderSync), so
// JSON dumps take the engine's fast reader (see runImport). Progress messages every ~80 ms. To cancel, the page terminates the
// worker (nothing here needs cleaning up).
import { blobByteSource } from '../../engine/api/jsonsource';
import { runImport, textSource, type ImportOptions, type ImportProgress, type ImportResult, type ImportSource, type SecondHalfReading, type SecondHalfResult } from './importer';
import type { HalfReply, HalfRequest } from './importHalf.worker';

export type ImportRequest = {
  files: File[];
  texts: { name: string; text: string }[];
  options: ImportOptions;
};

export type ImportReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; message: string };

/** Reads the second half in a worker of its own (terminated with this one on Cancel). */
function readSecondHalf(file: File, slim: boolean) {
  return (header: Uint8Array, secondStart: number): SecondHalfReading => {
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    const result = new Promise<SecondHalfResult>((resolve) => {
      const fail = () => {
        running();
        resolve({ ok: false });
      };
      let w: Worker;
      try {
        w = new Worker(new URL('./importHalf.worker.ts', import.meta.url), { type: 'module', name: 'schedlab-import-half' });
      } catch {
        return fail(); // no nested workers here: the file is read in one piece
      }
      w.onmessage = (ev: MessageEvent<HalfReply>) => {
        if (ev.data.type === 'running') return running();
        w.terminate();
        running();
        resolve(ev.data.result);
      };
      w.onerror = (e) => {
        e.preventDefault();
        w.terminate();
        fail();
      };
      const req: HalfRequest = { file, header, secondStart, slim };
      w.postMessage(req);
    });
    // a worker that has not started within 3 s is not waited for any longer
    return { running: Promise.race([started, new Promise<void>((r) => setTimeout(r, 3000))]), result };
  };
}

function fileSource(f: File, slim: boolean): ImportSource {
  return {
    name: f.name,
    size: f.size,
    bytes: () => blobByteSource(f),
    readSecondHalf: readSecondHalf(f, slim),
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
    const sources = [...texts.map((t) => textSource(t.name, t.text)), ...files.map((f) => fileSource(f, options.slim !== false))];
    const result = await runImport(sources, options, (progress) => post({ type: 'progress', progress }));
    (self as unknown as { postMessage(m: ImportReply, transfer: Transferable[]): void }).postMessage({ type: 'done', result }, [result.docs.buffer as ArrayBuffer]);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
