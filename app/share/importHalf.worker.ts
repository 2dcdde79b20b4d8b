// The second import worker: reads the second half of a big kubectl list dump (the file's bytes
// from `secondStart` on, after the list's header) while the import worker reads the first half
// (engine/api/jsonsplit.ts, app/share/importer.ts), and answers with the objects it kept.
import { blobByteSource } from '../../engine/api/jsonsource';
import { secondHalf } from '../../engine/api/jsonsplit';
import { readJsonSource, type ImportProblem, type SecondHalfResult } from './importer';

export interface HalfRequest {
  file: File;
  header: Uint8Array;
  secondStart: number;
  slim: boolean;
}

export type HalfReply = { type: 'running' } | { type: 'done'; result: SecondHalfResult };

const post = (m: HalfReply) => (self as unknown as { postMessage(m: HalfReply): void }).postMessage(m);

self.onmessage = (ev: MessageEvent<HalfRequest>) => {
  const { file, header, secondStart, slim } = ev.data;
  post({ type: 'running' });
  const problems: ImportProblem[] = [];
  let reply: SecondHalfResult;
  try {
    const src = secondHalf(blobByteSource(file), header, secondStart);
    const s = readJsonSource(file.name, src, slim, problems, 0, src.size, undefined, undefined, true);
    // written out here too, at the same time as the first half (strings are cheap to post)
    reply = s ? { ok: true, parts: s.renderParts(), summary: s.summary, problems } : { ok: false };
  } catch {
    reply = { ok: false };
  }
  post({ type: 'done', result: reply });
};
