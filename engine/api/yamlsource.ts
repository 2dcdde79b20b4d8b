// Reading YAML / JSON text into plain JS values while remembering where every value came from.
//
// Every object and array produced here is registered in a WeakMap with its own source range and
// the ranges of its keys/items, so later stages (validation, defaults) work on plain values and
// look positions up only when they report a problem.
//
// Accepted inputs: multi-document YAML streams (anchors, aliases, `<<` merge keys, flow style),
// JSON, and concatenated JSON values ("{...}{...}", as kubectl accepts).
//
// This is the exact, general and slow way (the yaml library reads ~2 MB/s). loadScenario reads
// JSON with jsonsource.ts and plain block YAML with yamlfast.ts, without positions; when a
// diagnostic needs a position inside an object, that one object (or document) is read again
// (registerJsonPositions, or readPiece here) and its positions are carried over to the value as
// it is by then (transferPositions). SourceText computes its line index only when asked.

import { Composer, isAlias, isMap, isScalar, isSeq, parseDocument, Parser, type Document, type Node as YNode } from 'yaml';

/** A [start, end) character offset range in the source text. */
export interface Range {
  start: number;
  end: number;
}

export interface ValuePos {
  /** Range of the whole value. */
  range: Range;
  /** For objects: key -> ranges of the key and of its value. */
  keys?: Map<string, { key: Range; value: Range }>;
  /** For arrays: range of each item. */
  items?: Range[];
  /** Source this value came from. */
  source: SourceText;
}

/** A source text with a line index; shared by all values read from it. */
export class SourceText {
  private lineStarts: number[] | null = null;
  private textValue: string | null;
  private readonly getText: (() => string) | null;
  constructor(
    readonly file: string,
    /** The text, or a function that produces it when first needed (for big inputs read in pieces). */
    text: string | (() => string),
    /** Maps an offset of this text to a position in an enclosing text (for embedded documents). */
    readonly parent?: { source: SourceText; map: (line: number, col: number) => { line: number; col: number } },
    /**
     * Where this text starts in its file (1-based line and column), when it is a piece of a
     * bigger text (one item of a big JSON list), and its length: the start is known without the text.
     */
    readonly base?: { line: number; col: number; length: number },
  ) {
    this.textValue = typeof text === 'string' ? text : null;
    this.getText = typeof text === 'string' ? null : text;
  }

  get text(): string {
    if (this.textValue === null) this.textValue = this.getText!();
    return this.textValue;
  }

  /** 1-based line and column of an offset (in the outermost text for embedded sources). */
  pos(offset: number): { line: number; col: number } {
    const b = this.base;
    if (b && offset <= 0) return { line: b.line, col: b.col };
    const text = this.text;
    let starts = this.lineStarts;
    if (starts === null) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    let p = { line: lo + 1, col: o - starts[lo] + 1 };
    if (b) p = p.line === 1 ? { line: b.line, col: b.col + p.col - 1 } : { line: b.line + p.line - 1, col: p.col };
    return this.parent ? this.parent.map(p.line, p.col) : p;
  }
}

const positions = new WeakMap<object, ValuePos>();

/** Where an object or array was read from, if it was read by this module. */
export function posOf(value: unknown): ValuePos | undefined {
  return typeof value === 'object' && value !== null ? positions.get(value) : undefined;
}

/** Records the position of a value built elsewhere (e.g. copies made by defaulting). */
export function setPos(value: object, pos: ValuePos): void {
  positions.set(value, pos);
}

/** Copies the position record of `from` to `to` (for cloned objects). */
export function copyPos(from: unknown, to: unknown): void {
  const p = posOf(from);
  if (p && typeof to === 'object' && to !== null) positions.set(to, p);
}

/**
 * Records on `live` (and inside it, by key and index) the positions recorded on `fresh`, a
 * copy of the same input read again with positions. Parts of `live` changed since (defaults,
 * slimming) are skipped.
 */
export function transferPositions(fresh: unknown, live: unknown, depth = 0): void {
  if (typeof fresh !== 'object' || fresh === null || typeof live !== 'object' || live === null || depth > MAX_DEPTH) return;
  const p = positions.get(fresh);
  if (Array.isArray(fresh)) {
    if (!Array.isArray(live)) return;
    if (p) positions.set(live, p);
    for (let i = 0; i < fresh.length && i < live.length; i++) transferPositions(fresh[i], live[i], depth + 1);
    return;
  }
  if (Array.isArray(live)) return;
  if (p) positions.set(live, p);
  const l = live as Record<string, unknown>;
  const f = fresh as Record<string, unknown>;
  for (const k of Object.keys(f)) if (Object.hasOwn(l, k)) transferPositions(f[k], l[k], depth + 1);
}

/** A deep clone of a plain JSON-like value that keeps position records. */
export function clonePlain<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map((x) => clonePlain(x));
    copyPos(v, out);
    return out as T;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setProp(out, k, clonePlain((v as Record<string, unknown>)[k]));
    copyPos(v, out);
    return out as T;
  }
  return v;
}

/** Sets a property, also for the key "__proto__". */
export function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export interface RawDoc {
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  range: Range;
  source: SourceText;
}

export interface RawProblem {
  severity: 'error' | 'warning';
  message: string;
  range: Range;
  source: SourceText;
  doc: number;
}

export interface ReadResult {
  docs: RawDoc[];
  problems: RawProblem[];
}

const MAX_DEPTH = 200;

function rangeOf(node: YNode | null | undefined, offset: number): Range | null {
  const r = node?.range;
  if (!r) return null;
  return { start: r[0] + offset, end: r[1] + offset };
}

function isMergeKeyNode(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

function keyString(key: unknown, doc: Document, offset: number, source: SourceText): string {
  if (key == null) return '';
  if (isScalar(key)) return key.value == null ? '' : String(key.value);
  const v = toPlain(key as YNode, doc, offset, source, 0);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function toPlain(node: YNode | null | undefined, doc: Document, offset: number, source: SourceText, depth: number): unknown {
  if (node == null) return null;
  if (depth > MAX_DEPTH) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc) as YNode | undefined;
    return toPlain(target, doc, offset, source, depth + 1);
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'symbol') return v.description ?? '';
    return v ?? null;
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, { key: Range; value: Range }>();
    const merges: unknown[] = [];
    for (const pair of node.items) {
      if (isMergeKeyNode(pair.key)) {
        merges.push(toPlain(pair.value as YNode, doc, offset, source, depth + 1));
        continue;
      }
      const k = keyString(pair.key, doc, offset, source);
      const kr = rangeOf(pair.key as YNode, offset) ?? rangeOf(node, offset) ?? { start: offset, end: offset };
      const vr = rangeOf(pair.value as YNode, offset) ?? kr;
      setProp(obj, k, toPlain(pair.value as YNode, doc, offset, source, depth + 1));
      keys.set(k, { key: kr, value: vr });
    }
    // `<<` merge keys: explicit keys win, then earlier merge sources win over later ones.
    for (const m of merges) {
      const sources = Array.isArray(m) ? m : [m];
      for (const src of sources) {
        if (typeof src !== 'object' || src === null || Array.isArray(src)) continue;
        const srcPos = posOf(src);
        for (const k of Object.keys(src)) {
          if (Object.hasOwn(obj, k)) continue;
          setProp(obj, k, (src as Record<string, unknown>)[k]);
          const p = srcPos?.keys?.get(k);
          if (p) keys.set(k, p);
        }
      }
    }
    positions.set(obj, { range: rangeOf(node, offset) ?? { start: offset, end: offset }, keys, source });
    return obj;
  }
  if (isSeq(node)) {
    const arr: unknown[] = [];
    const items: Range[] = [];
    const whole = rangeOf(node, offset) ?? { start: offset, end: offset };
    for (const item of node.items) {
      arr.push(toPlain(item as YNode, doc, offset, source, depth + 1));
      items.push(rangeOf(item as YNode, offset) ?? whole);
    }
    positions.set(arr, { range: whole, items, source });
    return arr;
  }
  return null;
}

const PARSE_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true, strict: false } as const;

function readDocs(source: SourceText, text: string, offset: number, firstIndex: number, out: ReadResult): number {
  // Streaming: each Document is converted and dropped at once (keeps memory flat on big inputs).
  const composer = new Composer(PARSE_OPTIONS);
  const parser = new Parser();
  let index = firstIndex;
  const handle = (doc: Document.Parsed) => {
    const docIndex = index++;
    for (const e of doc.errors) {
      out.problems.push({
        severity: 'error',
        message: e.message,
        range: { start: e.pos[0] + offset, end: e.pos[1] + offset },
        source,
        doc: docIndex,
      });
    }
    for (const w of doc.warnings) {
      out.problems.push({
        severity: 'warning',
        message: w.message,
        range: { start: w.pos[0] + offset, end: w.pos[1] + offset },
        source,
        doc: docIndex,
      });
    }
    if (doc.errors.length) return;
    const contents = doc.contents as YNode | null;
    if (contents == null || (isScalar(contents) && contents.value == null)) return;
    const value = toPlain(contents, doc, offset, source, 0);
    out.docs.push({ index: docIndex, value, range: rangeOf(contents, offset) ?? { start: offset, end: offset }, source });
  };
  for (const doc of composer.compose(parser.parse(text))) handle(doc);
  for (const doc of composer.end()) handle(doc);
  return index;
}

/**
 * Splits concatenated top-level JSON values ("{...}{...}" or "{...}\n[...]") into ranges.
 * Returns null when the text is not such a stream.
 */
function splitJsonStream(text: string): Range[] | null {
  const ranges: Range[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      if (depth === 0) return null;
      inString = true;
    } else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < 0) return null;
      if (depth === 0) ranges.push({ start, end: i + 1 });
    } else if (depth === 0 && !/\s/.test(ch)) {
      return null;
    }
  }
  return depth === 0 && ranges.length > 1 ? ranges : null;
}

/** Reads all documents of a file. Never throws. */
export function readSource(file: string, text: string): ReadResult {
  const source = new SourceText(file, text);
  const out: ReadResult = { docs: [], problems: [] };
  try {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const parts = splitJsonStream(text);
      if (parts) {
        let index = 0;
        for (const r of parts) index = readDocs(source, text.slice(r.start, r.end), r.start, index, out);
        return out;
      }
    }
    readDocs(source, text, 0, 0, out);
  } catch (e) {
    out.problems.push({
      severity: 'error',
      message: `could not read the text: ${e instanceof Error ? e.message : String(e)}`,
      range: { start: 0, end: 0 },
      source,
      doc: 0,
    });
  }
  return out;
}

/** Reads one piece of a bigger input (a JSON value that JSON.parse rejected) the YAML way, with positions. Never throws. */
export function readPiece(source: SourceText, firstIndex: number): ReadResult {
  const out: ReadResult = { docs: [], problems: [] };
  try {
    readDocs(source, source.text, 0, firstIndex, out);
  } catch (e) {
    out.problems.push({ severity: 'error', message: `could not read the text: ${e instanceof Error ? e.message : String(e)}`, range: { start: 0, end: 0 }, source, doc: firstIndex });
  }
  return out;
}

/**
 * Reads a YAML text embedded in a string scalar of another document (e.g. a ConfigMap's data).
 * Positions are mapped back into the enclosing text for literal block scalars (`|`); otherwise
 * everything maps to the scalar's start.
 */
export function readEmbedded(outer: SourceText, scalarRange: Range, text: string, label: string): ReadResult {
  const startPos = outer.pos(scalarRange.start);
  const raw = outer.text.slice(scalarRange.start, scalarRange.end);
  let map: (line: number, col: number) => { line: number; col: number } = () => startPos;
  if (raw.startsWith('|') || raw.startsWith('>')) {
    const nl = raw.indexOf('\n');
    if (nl >= 0) {
      const firstContent = raw.slice(nl + 1).split('\n').find((l) => l.trim().length > 0) ?? '';
      const indent = firstContent.length - firstContent.trimStart().length;
      const contentLine = outer.pos(scalarRange.start + nl + 1).line;
      if (raw.startsWith('|')) map = (line, col) => ({ line: contentLine + line - 1, col: col + indent });
      else map = () => ({ line: contentLine, col: indent + 1 });
    }
  }
  const source = new SourceText(label, text, { source: outer, map });
  const out: ReadResult = { docs: [], problems: [] };
  try {
    readDocs(source, text, 0, 0, out);
  } catch (e) {
    out.problems.push({ severity: 'error', message: String(e), range: { start: 0, end: 0 }, source, doc: 0 });
  }
  return out;
}

/** Parses a single YAML value from text (no positions needed), or returns undefined. */
export function parseYamlValue(text: string): unknown {
  try {
    return parseDocument(text, PARSE_OPTIONS).toJS();
  } catch {
    return undefined;
  }
}
