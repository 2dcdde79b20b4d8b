// Cutting a big `kubectl get ... -o json` dump in two, so that two workers can read it at once.
//
// kubectl writes a list in one fixed layout (4-space indentation):
//
//   {                                  head: the header up to the items array's `[`
//       "apiVersion": "v1",
//       "items": [
//           { ...item... },            the items, at 8 spaces: "\n        },\n        {"
//           { ...item... }             between two of them (raw newlines never occur in JSON strings)
//       ],
//       "kind": "List",                trailer: scalars only
//       "metadata": { "resourceVersion": "" }
//   }
//
// Near the middle, the first "\n        },\n        {" is taken as the boundary between two items.
// The first half is the file up to that `}` followed by "]}"; the second half is the header
// followed by the rest of the file from the next item on. Both are whole JSON texts. With the
// header and the trailer checked, a cut that is not between two items leaves a bracket unclosed
// in one half or the other, so readJson rejects that half (NotJson) and the caller reads the file
// in one piece instead: a cut is either right or detected. The two halves' items, one after the
// other, are the items of the file, in order.

import type { ByteSource } from './jsonsource';

/** Files below this are read in one piece (a second worker costs more than it saves). */
export const SPLIT_FROM = 64 << 20;

const HEADER = /^\{\n {4}"apiVersion": "v1",\n {4}"items": \[\n/;
const TRAILER = /\n {8}\}\n {4}\],\n {4}"kind": "List",\n {4}"metadata": \{[^{}[\]]*\}\n\}\s*$/;
const BOUNDARY = '\n        },\n        {';
// one character per byte (windows-1252), so that string offsets are byte offsets
const latin1 = new TextDecoder('latin1');
const ascii = (b: Uint8Array) => latin1.decode(b);

export interface JsonHalves {
  /** The first half: the file's bytes [0, cut) followed by "]}". */
  first: ByteSource;
  /** Byte offset where the second half's own bytes start in the file (the second item's `{`). */
  secondStart: number;
  /** The header bytes that come before the second half's bytes. */
  header: Uint8Array;
  /** Number of bytes of the file each half covers (for progress). */
  firstBytes: number;
}

/** A ByteSource made of pieces (byte arrays and ranges of another source), one after the other. */
export function joinedSource(parts: (Uint8Array | { src: ByteSource; start: number; end: number })[]): ByteSource {
  const lens = parts.map((p) => (p instanceof Uint8Array ? p.length : p.end - p.start));
  const starts: number[] = [];
  let size = 0;
  for (const l of lens) {
    starts.push(size);
    size += l;
  }
  return {
    size,
    read(offset, length) {
      const end = Math.min(size, offset + length);
      const out: Uint8Array[] = [];
      for (let i = 0; i < parts.length && offset < end; i++) {
        const ps = starts[i];
        const pe = ps + lens[i];
        if (pe <= offset || ps >= end) continue;
        const from = Math.max(offset, ps) - ps;
        const to = Math.min(end, pe) - ps;
        const p = parts[i];
        out.push(p instanceof Uint8Array ? p.subarray(from, to) : p.src.read(p.start + from, to - from));
      }
      if (out.length === 1) return out[0];
      const total = out.reduce((a, b) => a + b.length, 0);
      const buf = new Uint8Array(total);
      let at = 0;
      for (const b of out) {
        buf.set(b, at);
        at += b.length;
      }
      return buf;
    },
  };
}

/**
 * The two halves of a kubectl list dump, or null when the file is small, not in kubectl's layout,
 * or has no item boundary near its middle.
 */
export function splitKubectlList(src: ByteSource, minSize = SPLIT_FROM): JsonHalves | null {
  if (src.size < minSize) return null;
  const headBytes = src.read(0, Math.min(256, src.size));
  const head = HEADER.exec(ascii(headBytes));
  if (!head) return null;
  const tailStart = Math.max(0, src.size - 4096);
  if (!TRAILER.test(new TextDecoder().decode(src.read(tailStart, src.size - tailStart)))) return null;
  const header = headBytes.slice(0, head[0].length);
  // the first boundary after the middle, searched in windows (it is within one item's length)
  const win = 1 << 20;
  for (let at = src.size >> 1; at < tailStart; at += win - BOUNDARY.length) {
    const text = ascii(src.read(at, Math.min(win, tailStart - at)));
    const i = text.indexOf(BOUNDARY);
    if (i < 0) continue;
    const close = at + i + 9; // the item's closing `}`: "\n" + 8 spaces
    const secondStart = at + i + BOUNDARY.length - 1; // the next item's `{`
    const suffix = new TextEncoder().encode('\n    ]\n}\n');
    return {
      first: joinedSource([{ src, start: 0, end: close + 1 }, suffix]),
      secondStart,
      header,
      firstBytes: secondStart,
    };
  }
  return null;
}

/** The second half as a ByteSource: the header, then the file from `secondStart` on. */
export function secondHalf(src: ByteSource, header: Uint8Array, secondStart: number): ByteSource {
  return joinedSource([header, { src, start: secondStart, end: src.size }]);
}
