// A fast reader for the plain block YAML that tools write (`kubectl get -o yaml`, yaml.stringify,
// hand-written manifests): block mappings and sequences, plain / single-quoted / double-quoted
// scalars on one line, `|` literal block scalars, `{}` and `[]`, comments, `---` between
// documents. The values are those the `yaml` library gives (YAML 1.2 core schema, as
// yamlsource.ts reads it); no positions are recorded, except where each document and each
// element of a top-level list are, so positions inside them can be found later, when a
// diagnostic needs them, by reading just that piece with the `yaml` library.
//
// Anything else (anchors, aliases, tags, flow collections with content, folded or multi-line
// scalars, `? ` keys, `<<` merge keys, duplicate keys, directives, tabs in indentation, ...)
// makes fastYaml return null: the caller then reads the text with the `yaml` library, which
// also reports any error. The `yaml` library's parser is slow (about 2 MB/s); this is ~50x faster.

/** A document: its value, where its root node starts and ends, and the lines it spans. */
export interface FastDoc {
  /** 0-based index of the document in the file (as the yaml library counts, empty ones included). */
  index: number;
  value: unknown;
  /** Offsets of the root node: [start, end). */
  start: number;
  end: number;
  /** Offset of the first line of the document (after a `---` line) and after its last line. */
  linesStart: number;
  linesEnd: number;
}

/**
 * Documents read elsewhere, in the compact form the page's import hands to the engine: the
 * [start, end) offsets of each document's root node (and lines: the same, a document written
 * as "---\n" + block YAML), and their values, in order.
 */
export interface PreparedDocs {
  offsets: number[];
  values: unknown[];
}

/** PreparedDocs as FastDocs (document i has index i: the import's text has no empty documents). */
export function preparedToFastDocs(p: PreparedDocs): FastDoc[] {
  if (!p || !Array.isArray(p.offsets) || !Array.isArray(p.values) || p.offsets.length !== 2 * p.values.length) throw new Error('malformed prepared documents');
  return p.values.map((value, index) => {
    const start = p.offsets[2 * index];
    const end = p.offsets[2 * index + 1];
    return { index, value, start, end, linesStart: start, linesEnd: end };
  });
}

/** For a sequence: per element, [node start, node end, start of the element's first line, end of its last line]. */
export const sequenceSpans = new WeakMap<unknown[], number[]>();

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar as the core schema resolves it (first test that matches, in the yaml library's order). */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // most scalars start with a letter other than n/t/f/N/T/F or are obviously strings: quick exit
  if (s.length > 0 && !((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 48)) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return s[0] === 't' || s[0] === 'T';
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/** Characters a plain scalar may not start with (or only before a space: `-`, `?`, `:`). */
function badPlainStart(s: string): boolean {
  const c = s[0];
  if ('[]{},#&*!|>\'"%@`'.includes(c)) return true;
  if ((c === '-' || c === '?' || c === ':') && (s.length === 1 || s[1] === ' ' || s[1] === '\t')) return true;
  return false;
}

const setKey = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  if (Object.hasOwn(obj, key)) bail(); // duplicate keys are errors: the yaml library reports them
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
};

class Reader {
  // the current line: [ls, le) without the line break; content starts at cs (after the indent)
  private ls = 0;
  private le = 0;
  private cs = 0;
  private indent = 0;
  /** Next line's start. */
  private next = 0;
  private eof = false;
  /** The current line is a document marker `---`. */
  private marker = false;
  /** Where the last scalar read ends (its own range's end). */
  private valueEnd = 0;
  /** Where the last value read ends, as the yaml library's ranges of collections end: after its line's break. */
  private end = 0;

  constructor(private readonly t: string) {}

  /** Moves to line starting at offset `at`; skips blank and comment lines. */
  private seek(at: number): void {
    const t = this.t;
    const n = t.length;
    for (;;) {
      if (at >= n) {
        this.eof = true;
        this.ls = this.le = this.cs = this.next = n;
        this.indent = 0;
        this.marker = false;
        return;
      }
      let le = t.indexOf('\n', at);
      const next = le < 0 ? n : le + 1;
      if (le < 0) le = n;
      if (le > at && t.charCodeAt(le - 1) === 13) le--;
      let i = at;
      while (i < le && t.charCodeAt(i) === 32) i++;
      if (i < le && t.charCodeAt(i) === 9) {
        // a tab: fine in a blank line, not in indentation
        let k = i;
        while (k < le && (t.charCodeAt(k) === 9 || t.charCodeAt(k) === 32)) k++;
        if (k < le && t.charCodeAt(k) !== 35) bail();
        at = next;
        continue;
      }
      if (i === le || t.charCodeAt(i) === 35) {
        at = next;
        continue;
      }
      this.ls = at;
      this.le = le;
      this.cs = i;
      this.indent = i - at;
      this.next = next;
      this.eof = false;
      this.marker = false;
      if (i === at) {
        const c = t.charCodeAt(at);
        if (c === 37) bail(); // % directive
        if ((c === 45 || c === 46) && t.startsWith(c === 45 ? '---' : '...', at) && (le === at + 3 || t.charCodeAt(at + 3) === 32 || t.charCodeAt(at + 3) === 9)) {
          if (c === 46) bail(); // ... document end
          // `---` alone (or with a comment) separates documents
          let k = at + 3;
          while (k < le && (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 9)) k++;
          if (k < le && t.charCodeAt(k) !== 35) bail();
          this.marker = true;
        }
      }
      return;
    }
  }

  private atContent(): boolean {
    return !this.eof && !this.marker;
  }

  /** The documents of the text. */
  docs(): FastDoc[] {
    const out: FastDoc[] = [];
    const t = this.t;
    let at = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.seek(at);
    let index = 0;
    // a `---` before any content opens the first document
    if (this.marker) {
      at = this.next;
      this.seek(at);
    }
    for (;;) {
      const linesStart = at;
      if (this.atContent()) {
        const start = this.cs;
        const value = this.node(-1, true);
        if (this.atContent()) bail(); // content left over (less indented than the root, ...)
        const linesEnd = this.eof ? t.length : this.ls;
        // (a document that is just null is skipped, as yamlsource.ts skips it)
        if (value !== null) out.push({ index, value, start, end: this.end, linesStart, linesEnd });
      }
      index++;
      if (this.eof) break;
      // at a `---` marker
      at = this.next;
      this.seek(at);
      if (this.eof) break; // a trailing `---` makes an empty document: nothing to read
    }
    return out;
  }

  /**
   * A node whose lines are indented more than `parent`: a block collection, or (for the root) a
   * scalar. `root`: the document's root (its sequence, or its mapping's `items`, is a list whose
   * elements' lines are recorded in sequenceSpans).
   */
  private node(parent: number, root = false, list = false): unknown {
    const t = this.t;
    const cs = this.cs;
    const c = t.charCodeAt(cs);
    if (c === 45 && (cs + 1 === this.le || t.charCodeAt(cs + 1) === 32)) return this.seq(this.indent, root || list);
    if (this.keyEnd(cs) >= 0) return this.map(this.indent, cs, root);
    if (!root) bail(); // a scalar on its own line under a key: a multi-line form
    return this.inlineValue(cs, parent, true);
  }

  /**
   * If a mapping key starts at `p` on the current line: the offset of its `:`. -1 otherwise.
   * Sets keyValue.
   */
  private keyValue = '';
  private keyEnd(p: number): number {
    const t = this.t;
    const le = this.le;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const q = c === 34 ? this.dqEnd(p) : this.sqEnd(p);
      if (q < 0) return -1;
      const k = q + 1;
      if (k < le && t.charCodeAt(k) === 58 && (k + 1 === le || t.charCodeAt(k + 1) === 32 || t.charCodeAt(k + 1) === 9)) {
        this.keyValue = c === 34 ? this.dq(p, q) : t.slice(p + 1, q).replace(/''/g, "'");
        return k;
      }
      return -1;
    }
    // plain key: up to the first ": " (or ":" at the end of the line)
    let k = p;
    for (; k < le; k++) {
      if (t.charCodeAt(k) === 58 && (k + 1 === le || t.charCodeAt(k + 1) === 32 || t.charCodeAt(k + 1) === 9)) break;
    }
    if (k >= le) return -1;
    const key = t.slice(p, k);
    if (key.includes(' #') || key.includes('\t') || key.endsWith(' ')) bail();
    if (key === '' || badPlainStart(key)) bail();
    if (key === '<<') bail(); // merge keys
    const v = resolvePlain(key);
    this.keyValue = v == null ? '' : String(v);
    return k;
  }

  private map(indent: number, first: number, root = false): Record<string, unknown> {
    const t = this.t;
    const obj: Record<string, unknown> = {};
    let p = first;
    for (;;) {
      const colon = this.keyEnd(p);
      if (colon < 0) bail();
      const key = this.keyValue;
      let v = colon + 1;
      while (v < this.le && (t.charCodeAt(v) === 32 || t.charCodeAt(v) === 9)) v++;
      let value: unknown;
      if (v >= this.le || t.charCodeAt(v) === 35) {
        // the value is on the next lines (or null)
        this.end = this.next;
        this.seek(this.next);
        const list = root && key === 'items';
        if (this.atContent() && this.indent > indent) value = this.node(indent, false, list);
        else if (this.atContent() && this.indent === indent && t.charCodeAt(this.cs) === 45 && (this.cs + 1 === this.le || t.charCodeAt(this.cs + 1) === 32)) {
          value = this.seq(indent, list);
        } else value = null;
      } else {
        value = this.inlineValue(v, indent, false);
      }
      setKey(obj, key, value);
      if (!this.atContent() || this.indent < indent) return obj;
      if (this.indent > indent) bail();
      p = this.cs;
    }
  }

  private seq(indent: number, record: boolean): unknown[] {
    const t = this.t;
    const arr: unknown[] = [];
    const spans: number[] = [];
    for (;;) {
      if (!this.atContent() || this.indent !== indent) break;
      const cs = this.cs;
      if (!(t.charCodeAt(cs) === 45 && (cs + 1 === this.le || t.charCodeAt(cs + 1) === 32))) break;
      const lineStart = this.ls;
      let v = cs + 1;
      while (v < this.le && t.charCodeAt(v) === 32) v++;
      if (v < this.le && t.charCodeAt(v) === 9) bail();
      let value: unknown;
      let start: number;
      if (v >= this.le || t.charCodeAt(v) === 35) {
        this.end = this.next;
        this.seek(this.next);
        start = this.cs;
        if (this.atContent() && this.indent > indent) value = this.node(indent);
        else {
          value = null;
          start = cs + 1;
          this.valueEnd = cs + 1;
        }
      } else {
        start = v;
        const c = t.charCodeAt(v);
        if (c === 45 && (v + 1 === this.le || t.charCodeAt(v + 1) === 32)) bail(); // `- - x`
        if (this.keyEnd(v) >= 0) {
          // a mapping starting on the dash's line: its keys are at the column of the first
          const col = v - this.ls;
          this.indent = col;
          this.cs = v;
          value = this.map(col, v);
        } else value = this.inlineValue(v, indent, false);
      }
      arr.push(value);
      const isCollection = typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);
      if (record) spans.push(start, isCollection ? this.end : this.valueEnd, lineStart, this.ls);
    }
    if (record) {
      // an element's lines end where the next element's begin
      for (let i = 0; i + 4 < spans.length; i += 4) spans[i + 3] = spans[i + 6];
      sequenceSpans.set(arr, spans);
    }
    return arr;
  }

  /**
   * A value starting at `p` on the current line (after `key: ` or `- `): a scalar, `{}`, `[]`
   * or a `|` block scalar. Moves past it. `indent` is the parent collection's indentation.
   */
  private inlineValue(p: number, indent: number, root: boolean): unknown {
    const t = this.t;
    const le = this.le;
    const c = t.charCodeAt(p);
    let value: unknown;
    let end: number;
    if (c === 34 || c === 39) {
      const q = c === 34 ? this.dqEnd(p) : this.sqEnd(p);
      if (q < 0) bail(); // continues on the next line
      value = c === 34 ? this.dq(p, q) : t.slice(p + 1, q).replace(/''/g, "'");
      end = q + 1;
      this.restIsComment(end);
    } else if (c === 123 || c === 91) {
      const close = c === 123 ? 125 : 93;
      let k = p + 1;
      while (k < le && t.charCodeAt(k) === 32) k++;
      if (t.charCodeAt(k) !== close) bail(); // flow collections with content
      value = c === 123 ? {} : [];
      end = k + 1;
      this.restIsComment(end);
    } else if (c === 124) {
      if (root) bail();
      return this.literal(p, indent);
    } else {
      // plain scalar: to the end of the line or a ` #` comment
      let e = le;
      for (let h = p + 1; h < le; h++) {
        if (t.charCodeAt(h) === 35 && (t.charCodeAt(h - 1) === 32 || t.charCodeAt(h - 1) === 9)) {
          e = h - 1;
          break;
        }
      }
      while (e > p && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 9)) e--;
      const s = t.slice(p, e);
      if (badPlainStart(s)) bail();
      if (s.includes(': ') || s.includes(':\t') || s.endsWith(':') || s.includes('\t')) bail();
      value = resolvePlain(s);
      end = e;
    }
    // (a collection's range ends after the line break of its last value's line)
    this.end = root ? end : this.next;
    this.valueEnd = end;
    this.seek(this.next);
    // a more indented line after a scalar continues it (a multi-line scalar): not handled here
    if (this.atContent() && (root || this.indent > indent)) bail();
    return value;
  }

  private restIsComment(k: number): void {
    const t = this.t;
    const le = this.le;
    let i = k;
    while (i < le && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
    if (i < le && (t.charCodeAt(i) !== 35 || i === k)) bail();
  }

  /** Index of the closing quote of a double-quoted scalar opening at p on this line, or -1. */
  private dqEnd(p: number): number {
    const t = this.t;
    let i = p + 1;
    for (;;) {
      const q = t.indexOf('"', i);
      if (q < 0 || q >= this.le) return -1;
      let k = q - 1;
      while (t.charCodeAt(k) === 92) k--;
      if ((q - 1 - k) % 2 === 0) return q;
      i = q + 1;
    }
  }

  private sqEnd(p: number): number {
    const t = this.t;
    let i = p + 1;
    for (;;) {
      const q = t.indexOf("'", i);
      if (q < 0 || q >= this.le) return -1;
      if (t.charCodeAt(q + 1) === 39) {
        i = q + 2;
        continue;
      }
      return q;
    }
  }

  /** The value of a one-line double-quoted scalar from p to q (the quotes). */
  private dq(p: number, q: number): string {
    const t = this.t;
    const raw = t.slice(p + 1, q);
    if (raw.indexOf('\\') < 0) return raw;
    let res = '';
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i];
      if (ch !== '\\') {
        res += ch;
        continue;
      }
      const next = raw[++i];
      const cc = ESCAPES[next];
      if (cc !== undefined) res += cc;
      else if (next === 'x' || next === 'u' || next === 'U') {
        const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = raw.substr(i + 1, len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) bail();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) bail();
        res += String.fromCodePoint(code);
        i += len;
      } else bail();
    }
    return res;
  }

  /** A `|` or `|-` literal block scalar whose header is at p; `indent` is the parent's. */
  private literal(p: number, indent: number): string {
    const t = this.t;
    let h = p + 1;
    let chomp = '';
    if (t.charCodeAt(h) === 45) {
      chomp = '-';
      h++;
    }
    this.restIsCommentOrEnd(h);
    // the content: following lines more indented than the parent
    const lines: string[] = [];
    let trim = -1;
    let at = this.next;
    const n = t.length;
    let lastEnd = this.le;
    let blanks = 0;
    for (;;) {
      if (at >= n) break;
      let le = t.indexOf('\n', at);
      const next = le < 0 ? n : le + 1;
      if (le < 0) le = n;
      if (le > at && t.charCodeAt(le - 1) === 13) bail(); // CRLF in block scalars: not handled here
      let i = at;
      while (i < le && t.charCodeAt(i) === 32) i++;
      if (i === le) {
        // an empty line: part of the scalar if more content follows
        if (trim >= 0 && i - at > trim) bail(); // more-indented empty lines
        blanks++;
        at = next;
        continue;
      }
      const ind = i - at;
      if (ind <= indent) break;
      if (trim < 0) {
        if (blanks > 0) bail(); // leading empty lines
        trim = ind;
      } else if (ind < trim) bail();
      for (; blanks > 0; blanks--) lines.push('');
      if (t.charCodeAt(i) === 9) bail();
      lines.push(t.slice(at + trim, le));
      lastEnd = le;
      at = next;
    }
    if (trim < 0) bail(); // empty block scalar
    // the scalar's range ends after its last line break (as the yaml library's range does)
    this.end = this.valueEnd = Math.min(n, lastEnd + 1);
    this.seek(at);
    const body = lines.join('\n');
    return chomp === '-' ? body : `${body}\n`;
  }

  private restIsCommentOrEnd(k: number): void {
    const t = this.t;
    const le = this.le;
    let i = k;
    if (i < le && t.charCodeAt(i) !== 32 && t.charCodeAt(i) !== 9) bail(); // indentation indicators, `+`
    while (i < le && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
    if (i < le && t.charCodeAt(i) !== 35) bail();
  }
}

/** The documents of a YAML text, or null when it uses anything this reader does not handle. */
export function fastYaml(text: string): FastDoc[] | null {
  // Merge keys (`<<`, plain or quoted) follow the yaml library's own rules: leave them to it.
  if (text.includes('<<')) return null;
  try {
    return new Reader(text).docs();
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return null;
    throw e;
  }
}
