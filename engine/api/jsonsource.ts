// The fast path for JSON input (`kubectl get ... -o json` dumps of hundreds of MB).
//
// readJson makes one pass over the text: a string, or bytes read from a ByteSource in chunks of
// 16 MB and decoded chunk by chunk, so a dump is never held whole, neither as text nor parsed.
// It finds the top-level values ("{...}{...}" streams as kubectl accepts them, or one value)
// and, in a top-level object, the elements of its `items` array (`kind: List`, `NodeList`, ...),
// or the elements of a top-level array, and hands each element's text to the consumer as soon
// as it is complete; the consumer JSON.parses it and keeps what it needs. Inside an element only
// quotes and brackets are looked at (found with indexOf), and lines are counted with indexOf.
//
// Positions of the fields inside an element are found only when a diagnostic needs them:
// registerJsonPositions re-reads that one element's text and records, for the objects and
// arrays of the (possibly already defaulted or slimmed) value, the same ranges yamlsource.ts
// records when it reads YAML (see posOf).
//
// Text that does not scan as JSON values (YAML, JSON with comments, scalars at the top level,
// unbalanced brackets) is reported as not JSON: the caller reads it the YAML way, which reads
// JSON too.

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

/**
 * A Blob (a dropped File) as a ByteSource, in a Web Worker (FileReaderSync): the page can hand
 * the engine's worker the File itself instead of its text, so a dump of hundreds of MB is read
 * in pieces there too.
 */
export function blobByteSource(blob: Blob): ByteSource {
  // (typed by hand: FileReaderSync is in the WebWorker library, not in the DOM one the app uses)
  const Sync = (globalThis as unknown as { FileReaderSync?: new () => { readAsArrayBuffer(b: Blob): ArrayBuffer } }).FileReaderSync;
  if (!Sync) throw new Error('blobByteSource needs FileReaderSync (a Web Worker)');
  const reader = new Sync();
  const readAt = (offset: number, length: number) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(offset, offset + length)));
  // each FileReaderSync read costs about a millisecond plus the copy: read blocks of BLOB_BLOCK
  // bytes and hand out views of them (a block is never reused, so the views stay valid)
  let block: Uint8Array | null = null;
  let blockStart = 0;
  const size = blob.size;
  return {
    size,
    read(offset, length) {
      const len = Math.max(0, Math.min(length, size - offset));
      if (block && offset >= blockStart && offset + len <= blockStart + block.length) return block.subarray(offset - blockStart, offset - blockStart + len);
      if (len >= BLOB_BLOCK) return readAt(offset, len);
      block = readAt(offset, Math.min(BLOB_BLOCK, size - offset));
      blockStart = offset;
      return block.subarray(0, len);
    },
  };
}
const BLOB_BLOCK = 16 << 20;

/** Where a value is: offsets in the text (UTF-16 code units from the start of the file) and its 1-based start line/column. */
export interface JsonSpan {
  start: number;
  end: number;
  line: number;
  col: number;
}

/** A top-level value. */
export interface JsonTop extends JsonSpan {
  /** 0-based index among the top-level values of the file. */
  index: number;
  /** A top-level array (its elements are handed over as items). */
  array: boolean;
  /** For an object: its `items` key holds an array (whose elements are handed over as items). */
  hasItems: boolean;
  /** String values of the top-level keys `kind` and `apiVersion`, when they come before `items`. */
  kind?: string;
  apiVersion?: string;
}

export interface JsonConsumer {
  /** A top-level value starts. */
  topStart(top: JsonTop): void;
  /** The text of element `index` of a top-level array or of a top-level object's `items`. */
  item(top: JsonTop, index: number, text: string, span: JsonSpan): void;
  /**
   * A top-level value ended. `text` is the whole value for objects without `items`; for objects
   * with `items` it is the object with an empty `items` array (`"items": []`); null for arrays.
   */
  topEnd(top: JsonTop, text: string | null): void;
}

/**
 * Bytes decoded at a time. Small, so that windows stay below V8's large-object size and die
 * young (big windows fill the old generation with garbage: hundreds of MB of RSS); a window
 * grows to at least the text still needed (a big element) so that reading stays linear.
 */
const CHUNK = 64 << 10;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether the input starts (after whitespace and a byte order mark) with `{` or `[`. */
export function looksLikeJson(input: string | ByteSource): boolean {
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || (c === 0xfeff && i === 0)) continue;
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

/**
 * The text of an input, read in decoded chunks: `chunks()` for one pass, `text(start, end)`
 * for any range later (a string slice, or the chunks around it decoded again).
 */
export class InputText {
  /** For a ByteSource: byte and character offset where each chunk starts. */
  private readonly chunkBytes: number[] = [];
  private readonly chunkChars: number[] = [];
  private cache: { k: number; text: string } | null = null;

  constructor(
    readonly input: string | ByteSource,
    /** Bytes decoded at a time (see CHUNK). */
    private readonly chunkSize = CHUNK,
  ) {}

  /** Decodes chunk k (known start), cut before a partial UTF-8 sequence. */
  private decodeChunk(byteStart: number, size = this.chunkSize): { text: string; byteEnd: number } {
    const src = this.input as ByteSource;
    const want = Math.min(size, src.size - byteStart);
    const b = src.read(byteStart, Math.min(want + 4, src.size - byteStart));
    let cut = want;
    if (byteStart + want < src.size) while (cut > 0 && (b[cut] & 0xc0) === 0x80) cut--;
    if (cut === 0) {
      // a chunk smaller than one character: take the whole character
      cut = want;
      while (cut < b.length && (b[cut] & 0xc0) === 0x80) cut++;
    }
    return { text: decoder.decode(b.subarray(0, cut)), byteEnd: byteStart + cut };
  }

  /**
   * One pass over the text, chunk by chunk, with the character offset of each chunk; `minSize`
   * tells how big the next chunk should at least be.
   */
  *chunks(minSize: () => number = () => 0): Generator<{ text: string; start: number; last: boolean }> {
    const input = this.input;
    if (typeof input === 'string') {
      yield { text: input, start: 0, last: true };
      return;
    }
    let bytes = 0;
    let chars = 0;
    for (let k = 0; bytes < input.size || k === 0; k++) {
      const { text, byteEnd } = this.decodeChunk(bytes, Math.max(this.chunkSize, minSize()));
      this.chunkBytes[k] = bytes;
      this.chunkChars[k] = chars;
      bytes = byteEnd;
      chars += text.length;
      this.chunkChars[k + 1] = chars;
      this.chunkBytes[k + 1] = bytes;
      yield { text, start: this.chunkChars[k], last: bytes >= input.size };
    }
  }

  /** Characters [start, end) of the text (after chunks() went past them, for a ByteSource). */
  text(start: number, end: number): string {
    const input = this.input;
    if (typeof input === 'string') return input.slice(start, end);
    if (end <= start) return '';
    const cc = this.chunkChars;
    let lo = 0;
    let hi = cc.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cc[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    const parts: string[] = [];
    for (let k = lo; k < cc.length - 1 && cc[k] < end; k++) {
      let t: string;
      if (this.cache?.k === k) t = this.cache.text;
      else {
        t = this.decodeChunk(this.chunkBytes[k], this.chunkBytes[k + 1] - this.chunkBytes[k]).text;
        this.cache = { k, text: t };
      }
      parts.push(t.slice(Math.max(0, start - cc[k]), Math.min(t.length, end - cc[k])));
    }
    return parts.join('');
  }

  /** The whole text (for the YAML path). */
  all(): string {
    if (typeof this.input === 'string') return this.input;
    const parts: string[] = [];
    for (const c of this.chunks()) parts.push(c.text);
    return parts.join('');
  }
}

/** Thrown by readJson when the text is not JSON values (nothing the consumer saw counts). */
export class NotJson extends Error {}

const enum Key {
  Expect,
  AfterKey,
  AfterColon,
  InValue,
}

/**
 * Reads JSON values from `src`, calling `consumer` as described above; with dropManagedFields
 * the elements' metadata.managedFields come out empty (`[]`), unparsed. Throws NotJson when the
 * text turns out not to be a sequence of JSON objects/arrays (the consumer must then discard
 * what it was given and read the text another way).
 */
export function readJson(src: InputText, consumer: JsonConsumer, opts: { dropManagedFields?: boolean } = {}): void {
  const r = new Reader(consumer, opts.dropManagedFields ?? false);
  let carry = '';
  let carryStart = 0;
  for (const chunk of src.chunks(() => carry.length)) {
    const w = carry ? carry + chunk.text : chunk.text;
    const ws = carry ? carryStart : chunk.start;
    const keep = r.scan(w, ws, chunk.last);
    carry = keep < ws + w.length ? w.slice(keep - ws) : '';
    carryStart = keep;
  }
  r.finish();
}

/** What is left out of elements before parsing when slimming (see slim.ts, which drops the same). */
interface CutNode {
  keys: Map<string, CutNode | 'cut'> | null;
  /** Bit n set: some key has n characters (a quick no for most keys). */
  lengths: number;
  items: CutNode | 'cut' | null;
}
const cutTree = (keys: Record<string, CutNode | 'cut'>): CutNode => ({
  keys: new Map(Object.entries(keys)),
  lengths: Object.keys(keys).reduce((m, k) => m | (1 << Math.min(k.length, 31)), 0),
  items: null,
});
const cutItems = (items: CutNode | 'cut'): CutNode => ({ keys: null, lengths: 0, items });
const CUT_META = cutTree({ managedFields: 'cut' });
const CUT_COMMON = cutTree({ metadata: CUT_META });
const CUT_CONTAINER = cutItems(
  cutTree(Object.fromEntries(['env', 'envFrom', 'command', 'args', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'securityContext'].map((k) => [k, 'cut' as const]))),
);
const CUT_CONTAINER_STATUS = cutItems(cutTree({ state: 'cut', lastState: 'cut', volumeMounts: 'cut', allocatedResourcesStatus: 'cut', user: 'cut' }));
const CUT_POD = cutTree({
  metadata: CUT_META,
  spec: cutTree({
    containers: CUT_CONTAINER,
    initContainers: CUT_CONTAINER,
    ephemeralContainers: 'cut',
    volumes: cutItems(cutTree({ projected: 'cut', configMap: 'cut', secret: 'cut', downwardAPI: 'cut' })),
  }),
  status: cutTree({ containerStatuses: CUT_CONTAINER_STATUS, initContainerStatuses: CUT_CONTAINER_STATUS, ephemeralContainerStatuses: 'cut', podIPs: 'cut', hostIPs: 'cut' }),
});
const CUT_NODE = cutTree({
  metadata: CUT_META,
  status: cutTree({ nodeInfo: 'cut', addresses: 'cut', daemonEndpoints: 'cut', volumesAttached: 'cut', volumesInUse: 'cut', config: 'cut' }),
});

class Reader {
  private index = 0;
  private depth = 0;
  private top: JsonTop | null = null;
  /** Depth of the elements handed over as items (0 = none at the moment). */
  private itemsDepth = 0;
  private itemOpen = false;
  private itemStart = 0;
  private itemIndex = 0;
  private itemLine = 0;
  private itemCol = 0;
  private lastNonWs = -1;
  private key = Key.Expect;
  /** The key just read at depth 1 of a top-level object: "items", "kind", "apiVersion" or null. */
  private keyName: string | null = null;
  private prefix: string | null = null;
  private itemsClose = -1;
  /** Earliest offset still needed. */
  private keepFrom = 0;
  // lines: `line` is the line of offset `counted`, which starts at `lineStart`
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  // the window being scanned
  private w = '';
  private ws = 0;
  private nq = -2;
  private nob = -2;
  private ncb = -2;
  private nosb = -2;
  private ncsb = -2;

  // leaving out parts of elements nobody reads (see CUT_*): per level inside the element
  // (1 = the element's own keys), the part of the tree of cuts we are in, and whether the
  // container there is an array
  private readonly cutTrie: (CutNode | null)[] = [];
  private readonly cutArr: boolean[] = [];
  private pendingChild: CutNode | 'cut' | null = null;
  private expectKind = false;
  /** Offsets [start, end) of the parts left out of the open element, in pairs. */
  private cuts: number[] = [];
  /** Depth whose container is being left out (-1: none). */
  private cutDepth = -1;

  constructor(
    private readonly consumer: JsonConsumer,
    /** Leave parts nobody reads out of the elements' text (CUT_*; they come out empty). */
    private readonly cut: boolean,
  ) {}

  /** Counts lines up to window offset `p` (global offsets from `counted` on are in the window). */
  private lineCol(abs: number): { line: number; col: number } {
    if (abs > this.nextNl) {
      // count the line breaks before abs (nextNl: the first one at or after `counted`, in the window)
      const w = this.w;
      const ws = this.ws;
      let nl = this.nextNl >= this.counted ? this.nextNl - ws : w.indexOf('\n', this.counted - ws);
      const end = abs - ws;
      while (nl >= 0 && nl < end) {
        this.line++;
        this.lineStart = ws + nl + 1;
        nl = w.indexOf('\n', nl + 1);
      }
      this.nextNl = nl < 0 ? ws + w.length : ws + nl;
    }
    this.counted = abs;
    return { line: this.line, col: abs - this.lineStart + 1 };
  }

  /** The first line break at or after `counted` (or the window's end when there is none in it). */
  private nextNl = -1;

  /** Index of the quote closing the string that opens at p, or -1 when the window ends first. */
  private closeQuote(p: number): number {
    const w = this.w;
    let from = p + 1;
    for (;;) {
      const q = w.indexOf('"', from);
      if (q < 0) return -1;
      let k = q - 1;
      while (w.charCodeAt(k) === 92) k--;
      if ((q - 1 - k) % 2 === 0) return q;
      from = q + 1;
    }
  }

  /** A string from j to q (window indices) at level L of the open element, in a container the tree of cuts follows. */
  private keyAt(j: number, q: number, L: number, T: CutNode): void {
    const w = this.w;
    let k = q + 1;
    for (let c = w.charCodeAt(k); c === 32 || c === 10 || c === 13 || c === 9; c = w.charCodeAt(++k));
    if (w.charCodeAt(k) !== 58) {
      // a value
      if (L === 1 && this.expectKind) {
        const kind = w.slice(j + 1, q);
        this.cutTrie[1] = kind === 'Pod' ? CUT_POD : kind === 'Node' ? CUT_NODE : CUT_COMMON;
      }
      this.expectKind = false;
      this.pendingChild = null;
      return;
    }
    const len = q - j - 1;
    this.expectKind = L === 1 && len === 4 && w.startsWith('kind', j + 1);
    this.pendingChild = len < 31 && (T.lengths & (1 << len)) !== 0 ? (T.keys?.get(w.slice(j + 1, q)) ?? null) : null;
  }

  private openItem(abs: number): void {
    if (this.cut) {
      this.cuts = [];
      this.cutDepth = -1;
      this.pendingChild = null;
      this.expectKind = false;
      const hint = this.top?.kind;
      this.cutTrie[1] = hint === 'PodList' ? CUT_POD : hint === 'NodeList' ? CUT_NODE : CUT_COMMON;
      this.cutArr[1] = false;
    }
    this.itemOpen = true;
    this.itemStart = abs;
    this.keepFrom = abs;
    const p = this.lineCol(abs);
    this.itemLine = p.line;
    this.itemCol = p.col;
  }

  private closeItem(): void {
    this.itemOpen = false;
    const end = this.lastNonWs + 1;
    const w = this.w;
    const ws = this.ws;
    let text: string;
    const cuts = this.cuts;
    if (cuts.length === 0) text = w.slice(this.itemStart - ws, end - ws);
    else {
      // parts nobody reads (managedFields, env, probes, ...: most of a kubectl dump) are left
      // out before parsing: they come out as [] or {}
      const parts: string[] = [];
      let at = this.itemStart;
      for (let i = 0; i < cuts.length; i += 2) {
        parts.push(w.slice(at - ws, cuts[i] - ws), w.charCodeAt(cuts[i] - ws) === 91 ? '[]' : '{}');
        at = cuts[i + 1];
      }
      parts.push(w.slice(at - ws, end - ws));
      text = parts.join('');
      this.cuts = [];
    }
    this.keepFrom = end;
    this.consumer.item(this.top!, this.itemIndex++, text, { start: this.itemStart, end, line: this.itemLine, col: this.itemCol });
  }

  private startTop(abs: number, array: boolean): void {
    const p = this.lineCol(abs);
    const top: JsonTop = { index: this.index++, start: abs, end: abs, line: p.line, col: p.col, array, hasItems: array };
    this.top = top;
    this.key = Key.Expect;
    this.keyName = null;
    this.prefix = null;
    this.itemsClose = -1;
    this.itemIndex = 0;
    this.itemsDepth = array ? 1 : 0;
    this.keepFrom = array ? abs + 1 : abs;
    this.consumer.topStart(top);
  }

  private endTop(abs: number): void {
    const top = this.top!;
    top.end = abs + 1;
    let text: string | null = null;
    if (!top.array) {
      const w = this.w;
      if (top.hasItems) text = `${this.prefix}[]${w.slice(this.itemsClose + 1 - this.ws, abs + 1 - this.ws)}`;
      else text = w.slice(top.start - this.ws, abs + 1 - this.ws);
    }
    this.top = null;
    this.itemsDepth = 0;
    this.keepFrom = abs + 1;
    this.consumer.topEnd(top, text);
  }

  /** A string at depth 1 of a top-level object, from p to the closing quote q. */
  private topString(p: number, q: number): void {
    if (this.key === Key.Expect) {
      this.key = Key.AfterKey;
      const len = q - p - 1;
      const w = this.w;
      this.keyName =
        len === 5 && w.startsWith('items', p + 1) ? 'items' : len === 4 && w.startsWith('kind', p + 1) ? 'kind' : len === 10 && w.startsWith('apiVersion', p + 1) ? 'apiVersion' : null;
    } else if (this.key === Key.AfterColon) {
      this.key = Key.InValue;
      const top = this.top!;
      if ((this.keyName === 'kind' || this.keyName === 'apiVersion') && !top.hasItems) {
        try {
          top[this.keyName] = JSON.parse(this.w.slice(p, q + 1)) as string;
        } catch {
          // not valid JSON: reported when the value is parsed
        }
      }
    }
  }

  /**
   * Skips from window index p while inside an element (or deep in a top-level value), looking
   * only at quotes and brackets (found with indexOf). Returns where the rest of the scan goes
   * on (or the window's length), or ~j when the string starting at j runs past the window.
   */
  private fast(p: number): number {
    const w = this.w;
    const n = w.length;
    const D = this.itemsDepth;
    const cut = this.cut && D > 0;
    let depth = this.depth;
    // next quote and brackets at or after p (n: none); nb = the nearest bracket
    let nq = this.nq;
    let nob = this.nob;
    let ncb = this.ncb;
    let nosb = this.nosb;
    let ncsb = this.ncsb;
    let nb = -1;
    let last = -1;
    let result: number;
    for (;;) {
      if (depth < 2 || depth === D) {
        result = p;
        break;
      }
      if (nq < p) {
        nq = w.indexOf('"', p);
        if (nq < 0) nq = n;
      }
      if (nb < p) {
        if (nob < p) {
          nob = w.indexOf('{', p);
          if (nob < 0) nob = n;
        }
        if (ncb < p) {
          ncb = w.indexOf('}', p);
          if (ncb < 0) ncb = n;
        }
        if (nosb < p) {
          nosb = w.indexOf('[', p);
          if (nosb < 0) nosb = n;
        }
        if (ncsb < p) {
          ncsb = w.indexOf(']', p);
          if (ncsb < 0) ncsb = n;
        }
        nb = nob < ncb ? nob : ncb;
        if (nosb < nb) nb = nosb;
        if (ncsb < nb) nb = ncsb;
      }
      const j = nq < nb ? nq : nb;
      if (j >= n) {
        result = n;
        break;
      }
      const c = w.charCodeAt(j);
      if (c === 34) {
        let from = j + 1;
        let q: number;
        for (;;) {
          q = w.indexOf('"', from);
          if (q < 0) break;
          let k = q - 1;
          while (w.charCodeAt(k) === 92) k--;
          if (((q - 1 - k) & 1) === 0) break;
          from = q + 1;
        }
        if (q < 0) {
          result = ~j;
          break;
        }
        if (cut && this.cutDepth < 0) {
          const L = depth - D;
          const T = this.cutTrie[L];
          if (T && !this.cutArr[L]) this.keyAt(j, q, L, T);
        }
        last = q;
        p = q + 1;
        continue;
      }
      last = j;
      p = j + 1;
      if (c === 123 || c === 91) {
        if (cut && this.cutDepth < 0) {
          const L = depth - D;
          const T = this.cutTrie[L];
          const child = T ? (this.cutArr[L] ? T.items : this.pendingChild) : null;
          this.pendingChild = null;
          this.expectKind = false;
          if (child === 'cut') {
            this.cutDepth = depth;
            this.cuts.push(this.ws + j, -1);
          } else {
            this.cutTrie[L + 1] = child;
            this.cutArr[L + 1] = c === 91;
          }
        }
        depth++;
        continue;
      }
      depth--;
      if (depth === this.cutDepth) {
        this.cuts[this.cuts.length - 1] = this.ws + j + 1;
        this.cutDepth = -1;
      }
    }
    this.depth = depth;
    this.nq = nq;
    this.nob = nob;
    this.ncb = ncb;
    this.nosb = nosb;
    this.ncsb = ncsb;
    if (last >= 0) this.lastNonWs = this.ws + last;
    return result;
  }

  /**
   * Scans window `w` (global offset `ws`); returns the offset from which text must be kept for
   * the next window.
   */
  scan(w: string, ws: number, last: boolean): number {
    this.w = w;
    this.ws = ws;
    this.nq = this.nob = this.ncb = this.nosb = this.ncsb = -2;
    this.nextNl = -1;
    const n = w.length;
    let p = Math.max(0, this.resume - ws);
    if (ws === 0 && p === 0 && w.charCodeAt(0) === 0xfeff) p = 1;
    let waitAt = -1;
    while (p < n) {
      const depth = this.depth;
      if (depth >= 2 && depth !== this.itemsDepth) {
        // inside an element (or deep in a top-level value): only quotes and brackets matter
        const r = this.fast(p);
        if (r < 0) {
          waitAt = ~r;
          break;
        }
        p = r;
        continue;
      }
      const c = w.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        p++;
        continue;
      }
      const abs = ws + p;
      if (depth === 0) {
        if (c === 123 || c === 91) {
          this.startTop(abs, c === 91);
          this.depth = 1;
          this.lastNonWs = abs;
          p++;
          continue;
        }
        throw new NotJson();
      }
      const inTopObject = depth === 1 && !this.top!.array;
      if (c === 34) {
        if (depth === this.itemsDepth && !this.itemOpen) this.openItem(abs);
        const q = this.closeQuote(p);
        if (q < 0) {
          waitAt = p;
          break;
        }
        if (inTopObject) this.topString(p, q);
        this.lastNonWs = ws + q;
        p = q + 1;
        continue;
      }
      if (inTopObject) {
        if (c === 58) {
          if (this.key === Key.AfterKey) this.key = Key.AfterColon;
          this.lastNonWs = abs;
          p++;
          continue;
        }
        if (c === 44) {
          this.key = Key.Expect;
          this.lastNonWs = abs;
          p++;
          continue;
        }
        if (this.key === Key.AfterColon) {
          this.key = Key.InValue;
          if (c === 91 && this.keyName === 'items' && !this.top!.hasItems) {
            const top = this.top!;
            top.hasItems = true;
            this.prefix = w.slice(top.start - ws, p);
            this.itemsDepth = 2;
            this.depth = 2;
            this.keepFrom = abs + 1;
            this.lastNonWs = abs;
            p++;
            continue;
          }
        }
      }
      if (c === 123 || c === 91) {
        if (depth === this.itemsDepth && !this.itemOpen) this.openItem(abs);
        this.depth = depth + 1;
        this.lastNonWs = abs;
        p++;
        continue;
      }
      if (c === 125 || c === 93) {
        if (depth === this.itemsDepth) {
          if (this.itemOpen) this.closeItem();
          if (!this.top!.array) {
            this.itemsClose = abs;
            this.itemsDepth = 0;
            this.keepFrom = abs;
          }
        }
        this.depth = depth - 1;
        this.lastNonWs = abs;
        p++;
        if (depth === 1) this.endTop(abs);
        else if (depth === 2 && !this.top!.array) this.key = Key.InValue;
        continue;
      }
      if (depth === this.itemsDepth) {
        if (c === 44) {
          if (this.itemOpen) this.closeItem();
          this.lastNonWs = abs;
          p++;
          continue;
        }
        if (!this.itemOpen) this.openItem(abs);
      }
      this.lastNonWs = abs;
      p++;
    }
    if (last && (waitAt >= 0 || this.depth !== 0)) throw new NotJson();
    // keep what is still needed: the open element or top-level value, or the string to finish
    this.resume = waitAt >= 0 ? ws + waitAt : ws + n;
    let keep = Math.min(this.resume, this.depth === 0 ? this.resume : this.keepFrom);
    if (keep > ws + n) keep = ws + n;
    // count the lines of what is dropped
    this.lineCol(Math.max(this.counted, keep));
    return keep;
  }

  private resume = 0;

  finish(): void {
    if (this.index === 0 || this.depth !== 0) throw new NotJson();
  }
}

/** Decodes a whole ByteSource (for the YAML path). */
export function decodeAll(src: ByteSource): string {
  return new InputText(src).all();
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
  (globalThis as any).__dbg?.(text);
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
