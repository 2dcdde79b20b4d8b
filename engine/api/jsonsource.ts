// The fast path for JSON input (`kubectl get ... -o json` dumps of hundreds of MB).
//
// 1. scanJson: one pass over the text (a string, or bytes read in chunks from a ByteSource) finds
//    the top-level values ("{...}{...}" streams as kubectl accepts them, or one value), and in a
//    top-level object the elements of its `items` array (a `kind: List` / `NodeList` ...), or the
//    elements of a top-level array: their offsets and the line/column where each starts. Nothing
//    is parsed and no position is recorded beyond that.
// 2. The loader then hands each element's text to JSON.parse, one at a time, so a dump is never
//    held as one parsed tree.
// 3. Positions of the fields inside an element are found only when a diagnostic needs them:
//    registerJsonPositions re-scans that one element's text and records, for the objects and
//    arrays of the (possibly already defaulted or slimmed) value, the same ranges that
//    yamlsource.ts records when it reads YAML (see posOf).
//
// Anything that does not scan as JSON goes the YAML way (yamlsource.ts), which reads JSON too.

import { setPos, SourceText, type Range } from './yamlsource';

/** Bytes that can be read at any offset: a file in Node (fs.readSync), a Blob in a worker (FileReaderSync). */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer only at the end), in an array that later reads do not overwrite. */
  read(offset: number, length: number): Uint8Array;
}

/** A Uint8Array as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Where a value starts and ends: offsets (characters of a string input, bytes of a ByteSource) and its 1-based start line/column. */
export interface JsonSpan {
  start: number;
  end: number;
  line: number;
  col: number;
}

export interface JsonTop extends JsonSpan {
  /** The top-level value is an array (its elements are in `items`). */
  array: boolean;
  /** Elements of the `items` array of a top-level object, or of a top-level array; null when there is none. */
  items: JsonSpan[] | null;
  /** Offsets of the `items` array itself (`[` to `]` inclusive) in a top-level object. */
  itemsRange: Range | null;
}

const CHUNK = 16 << 20;

/** Whether the input starts (after whitespace and a byte order mark) with `{` or `[`. */
export function looksLikeJson(input: string | ByteSource): boolean {
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
      return c === 123 || c === 91;
    }
    return false;
  }
  for (let off = 0; off < input.size; off += 4096) {
    const b = input.read(off, Math.min(4096, input.size - off));
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (off + i === 0 && c === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
        i += 2;
        continue;
      }
      return c === 123 || c === 91;
    }
  }
  return false;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Scans JSON text for its top-level values and list elements (see the file comment). Returns
 * null when the text is not a sequence of JSON objects/arrays (unbalanced brackets, text or
 * scalars at the top level, an unterminated string): the caller reads it as YAML instead.
 */
export function scanJson(input: string | ByteSource): JsonTop[] | null {
  const s = new Scanner(input);
  if (typeof input === 'string') {
    s.feedString(input);
  } else {
    for (let off = 0; off < input.size; off += CHUNK) {
      const b = input.read(off, Math.min(CHUNK, input.size - off));
      s.feedBytes(b, off);
      if (s.failed) return null;
    }
  }
  return s.finish();
}

class Scanner {
  failed = false;
  readonly tops: JsonTop[] = [];
  private depth = 0;
  private inString = false;
  /** Backslashes right before the end of the previous chunk, inside a string. */
  private bsCarry = 0;
  private stringStart = 0;
  private top: JsonTop | null = null;
  /** Depth inside the items array (0 = not in one). */
  private itemsDepth = 0;
  private itemOpen = false;
  private lastNonWs = -1;
  /** In a top-level object, at depth 1: 0 = expecting a key, 1 = after a key, 2 = after ':', 3 = in a value. */
  private keyState = 0;
  private keyIsItems = false;
  // line counting: lines before `lineAbs`, the start of the line containing it
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  private str: string | null = null;
  private bytes: Uint8Array | null = null;
  private base = 0;
  private first = true;

  constructor(private readonly input: string | ByteSource) {}

  /** 1-based line and column of absolute offset `abs` (in the current chunk, at or after every earlier call). */
  private lineCol(abs: number): { line: number; col: number } {
    const str = this.str;
    if (str !== null) {
      let nl = str.indexOf('\n', this.counted);
      while (nl >= 0 && nl < abs) {
        this.line++;
        this.lineStart = nl + 1;
        nl = str.indexOf('\n', nl + 1);
      }
      this.counted = abs;
      return { line: this.line, col: abs - this.lineStart + 1 };
    }
    const b = this.bytes!;
    let nl = b.indexOf(10, this.counted - this.base);
    while (nl >= 0 && nl + this.base < abs) {
      this.line++;
      this.lineStart = nl + this.base + 1;
      nl = b.indexOf(10, nl + 1);
    }
    this.counted = abs;
    // columns count UTF-16 code units, like offsets in a JS string
    let ascii = true;
    if (this.lineStart >= this.base) {
      for (let i = this.lineStart - this.base; i < abs - this.base; i++) {
        if (b[i] >= 0x80) {
          ascii = false;
          break;
        }
      }
    } else ascii = false;
    if (ascii) return { line: this.line, col: abs - this.lineStart + 1 };
    const src = this.input as ByteSource;
    const prefix = src.read(this.lineStart, abs - this.lineStart);
    return { line: this.line, col: decoder.decode(prefix).length + 1 };
  }

  /** Counts the rest of the chunk's lines (the next chunk starts after it). */
  private endChunk(end: number): void {
    if (this.bytes) {
      const b = this.bytes;
      let nl = b.indexOf(10, this.counted - this.base);
      while (nl >= 0) {
        this.line++;
        this.lineStart = nl + this.base + 1;
        nl = b.indexOf(10, nl + 1);
      }
    }
    this.counted = end;
  }

  private itemsKeyMatches(start: number, end: number): boolean {
    // start = opening quote, end = closing quote
    if (end - start !== 6) return false;
    if (this.str !== null) return this.str.startsWith('items', start + 1);
    let b: Uint8Array;
    let off: number;
    if (start >= this.base) {
      b = this.bytes!;
      off = start + 1 - this.base;
    } else {
      b = (this.input as ByteSource).read(start + 1, 5);
      off = 0;
    }
    return b[off] === 105 && b[off + 1] === 116 && b[off + 2] === 101 && b[off + 3] === 109 && b[off + 4] === 115;
  }

  feedString(s: string): void {
    this.str = s;
    this.base = 0;
    this.run(s.length, s, null);
    this.endChunk(s.length);
  }

  feedBytes(b: Uint8Array, base: number): void {
    this.str = null;
    this.bytes = b;
    this.base = base;
    this.counted = base;
    this.run(b.length, null, b);
    this.endChunk(base + b.length);
  }

  private openItem(abs: number): void {
    this.itemOpen = true;
    const p = this.lineCol(abs);
    this.top!.items!.push({ start: abs, end: abs, line: p.line, col: p.col });
  }

  private closeItem(): void {
    this.itemOpen = false;
    const items = this.top!.items!;
    items[items.length - 1].end = this.lastNonWs + 1;
  }

  private run(n: number, s: string | null, b: Uint8Array | null): void {
    const base = this.base;
    let i = 0;
    if (this.first) {
      this.first = false;
      if (s !== null && s.charCodeAt(0) === 0xfeff) i = 1;
      if (b !== null && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    }
    if (this.inString) {
      i = this.skipString(0, s, b);
      if (i < 0) return;
      i++;
    }
    for (; i < n; i++) {
      const c = s !== null ? s.charCodeAt(i) : b![i];
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      const depth = this.depth;
      if (c === 34) {
        const abs = base + i;
        if (depth === 0) {
          this.failed = true;
          return;
        }
        if (depth === this.itemsDepth && !this.itemOpen) this.openItem(abs);
        this.stringStart = abs;
        this.inString = true;
        this.bsCarry = 0;
        i = this.skipString(i + 1, s, b);
        if (i < 0) return;
        continue;
      }
      if (depth === 1 && this.top !== null && !this.top.array) {
        // keys of the top-level object: find "items": [
        if (this.keyState === 2) {
          this.keyState = 3;
          if (this.keyIsItems && c === 91) {
            this.top.itemsRange = { start: base + i, end: base + i };
            this.top.items = [];
            this.itemsDepth = 2;
            this.depth = 2;
            this.lastNonWs = base + i;
            continue;
          }
        } else if (c === 58 && this.keyState === 1) {
          this.keyState = 2;
          this.lastNonWs = base + i;
          continue;
        } else if (c === 44) {
          this.keyState = 0;
          this.lastNonWs = base + i;
          continue;
        }
      }
      if (c === 123 || c === 91) {
        if (depth === 0) {
          const p = this.lineCol(base + i);
          const top: JsonTop = { start: base + i, end: base + i, line: p.line, col: p.col, array: c === 91, items: null, itemsRange: null };
          this.top = top;
          this.tops.push(top);
          this.keyState = 0;
          this.keyIsItems = false;
          if (c === 91) {
            top.items = [];
            this.itemsDepth = 1;
          } else this.itemsDepth = 0;
        } else if (depth === this.itemsDepth && !this.itemOpen) this.openItem(base + i);
        this.depth = depth + 1;
        this.lastNonWs = base + i;
        continue;
      }
      if (c === 125 || c === 93) {
        if (depth === this.itemsDepth && this.itemOpen) this.closeItem();
        if (depth === 0) {
          this.failed = true;
          return;
        }
        this.depth = depth - 1;
        this.lastNonWs = base + i;
        if (depth === this.itemsDepth) {
          // the items array (or the top-level array) ends
          if (this.top!.itemsRange) this.top!.itemsRange.end = base + i + 1;
          this.itemsDepth = 0;
        }
        if (depth === 1) {
          this.top!.end = base + i + 1;
          this.top = null;
        }
        continue;
      }
      if (depth === 0) {
        this.failed = true;
        return;
      }
      if (depth === this.itemsDepth) {
        if (c === 44) {
          if (this.itemOpen) this.closeItem();
          this.lastNonWs = base + i;
          continue;
        }
        if (!this.itemOpen) this.openItem(base + i);
      }
      this.lastNonWs = base + i;
    }
  }

  /** Skips string content from chunk index `i`; returns the index of the closing quote, or -1 when the chunk ends inside the string. */
  private skipString(i: number, s: string | null, b: Uint8Array | null): number {
    const n = s !== null ? s.length : b!.length;
    let from = i;
    for (;;) {
      const q = s !== null ? s.indexOf('"', from) : b!.indexOf(34, from);
      if (q < 0) {
        // the chunk ends inside the string: remember trailing backslashes
        let k = n - 1;
        while (k >= i && (s !== null ? s.charCodeAt(k) : b![k]) === 92) k--;
        const run = n - 1 - k;
        this.bsCarry = k < i ? this.bsCarry + run : run;
        return -1;
      }
      let k = q - 1;
      while (k >= i && (s !== null ? s.charCodeAt(k) : b![k]) === 92) k--;
      let run = q - 1 - k;
      if (k < i) run += this.bsCarry;
      if (run % 2 === 0) {
        this.inString = false;
        this.bsCarry = 0;
        const abs = this.base + q;
        if (this.depth === 1 && this.top !== null && !this.top.array && this.keyState === 0) {
          this.keyState = 1;
          this.keyIsItems = this.itemsKeyMatches(this.stringStart, abs);
        }
        this.lastNonWs = abs;
        return q;
      }
      from = q + 1;
      // a quote escaped by backslashes seen in this chunk: carry no longer applies
      this.bsCarry = 0;
      i = q + 1;
    }
  }

  finish(): JsonTop[] | null {
    if (this.failed || this.inString || this.depth !== 0 || this.tops.length === 0) return null;
    return this.tops;
  }
}

/** Reads pieces of the input as text: slices of a string, or decoded byte ranges through a read window. */
export class JsonText {
  private win: Uint8Array | null = null;
  private winStart = 0;
  constructor(private readonly input: string | ByteSource) {}

  text(start: number, end: number): string {
    const input = this.input;
    if (typeof input === 'string') return input.slice(start, end);
    if (end <= start) return '';
    if (!this.win || start < this.winStart || end > this.winStart + this.win.length) {
      const len = Math.min(input.size - start, Math.max(CHUNK, end - start));
      this.win = input.read(start, len);
      this.winStart = start;
    }
    return decoder.decode(this.win.subarray(start - this.winStart, end - this.winStart));
  }

  /** Drops the read window (between phases, to keep memory low). */
  release(): void {
    this.win = null;
  }
}

/** Decodes a whole ByteSource (for the YAML path). */
export function decodeAll(src: ByteSource): string {
  if (src.size <= CHUNK) return decoder.decode(src.read(0, src.size));
  const d = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  for (let off = 0; off < src.size; off += CHUNK) {
    parts.push(d.decode(src.read(off, Math.min(CHUNK, src.size - off)), { stream: off + CHUNK < src.size }));
  }
  return parts.join('');
}

/** A SourceText for one element of a big input: it knows where it starts; its text is read only if a position inside it is needed. */
export function pieceSource(file: string, span: JsonSpan, text: () => string): SourceText {
  return new SourceText(file, text, undefined, { line: span.line, col: span.col, length: span.end - span.start });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Records positions (see posOf) for the objects and arrays of `root` from the JSON text it was
 * parsed from, walking both together by key and index. Parts of the value that were replaced,
 * added or removed since parsing are skipped; the text must be valid JSON.
 */
export function registerJsonPositions(text: string, root: unknown, source: SourceText): void {
  const n = text.length;
  let i = 0;
  const ws = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) return;
    }
  };
  // at an opening quote; leaves i after the closing quote
  const skipStr = (): void => {
    let from = i + 1;
    for (;;) {
      const q = text.indexOf('"', from);
      if (q < 0) throw new Error('unterminated string');
      let k = q - 1;
      while (text.charCodeAt(k) === 92) k--;
      if ((q - 1 - k) % 2 === 0) {
        i = q + 1;
        return;
      }
      from = q + 1;
    }
  };
  const readKey = (): string => {
    const s = i;
    skipStr();
    const raw = text.slice(s, i);
    return raw.indexOf('\\') < 0 ? raw.slice(1, -1) : (JSON.parse(raw) as string);
  };
  const value = (live: unknown): void => {
    ws();
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const obj = isPlainObject(live) ? live : null;
      const keys = obj ? new Map<string, { key: Range; value: Range }>() : null;
      ws();
      if (text.charCodeAt(i) === 125) i++;
      else {
        for (;;) {
          ws();
          const ks = i;
          const k = readKey();
          const ke = i;
          ws();
          i++; // ':'
          ws();
          const vs = i;
          value(obj && Object.hasOwn(obj, k) ? obj[k] : undefined);
          keys?.set(k, { key: { start: ks, end: ke }, value: { start: vs, end: i } });
          ws();
          const d = text.charCodeAt(i++);
          if (d !== 44) break;
        }
      }
      if (obj) setPos(obj, { range: { start, end: i }, keys: keys!, source });
      return;
    }
    if (c === 91) {
      i++;
      const arr = Array.isArray(live) ? live : null;
      const items: Range[] | null = arr ? [] : null;
      ws();
      if (text.charCodeAt(i) === 93) i++;
      else {
        for (let idx = 0; ; idx++) {
          ws();
          const vs = i;
          value(arr ? arr[idx] : undefined);
          items?.push({ start: vs, end: i });
          ws();
          const d = text.charCodeAt(i++);
          if (d !== 44) break;
        }
      }
      if (arr) setPos(arr, { range: { start, end: i }, items: items!, source });
      return;
    }
    if (c === 34) {
      skipStr();
      return;
    }
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) return;
    }
  };
  try {
    value(root);
  } catch {
    // not valid JSON after all (or nested too deeply): the positions found so far stay
  }
}
