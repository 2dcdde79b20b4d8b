// Streaming splitters for big cluster dumps: text arrives in chunks (from File.stream() in the
// import worker) and whole Kubernetes objects come out one at a time, so a dump of hundreds of MB
// is never held as one parsed tree. Pure TS, no DOM.
//
// JSON: any sequence of top-level values. A top-level object's `items` array (kubectl's
// `kind: List`, a raw `NodeList`) is split element by element; everything else is parsed whole.
// A top-level array is split element by element.
//
// YAML: documents are split on `---` lines; inside a document, a top-level `items:` block
// sequence (what `kubectl get ... -o yaml` prints) is split item by item.

import { parse as parseYaml } from 'yaml';

/** Receives each object (or a list skeleton without its items) and the list's kind, if known. */
export type ObjectSink = (value: unknown, listKind?: string) => void;

export interface SplitError {
  /** Where: "line 120" (YAML) or "byte 52,300" (JSON). */
  where: string;
  message: string;
}

export interface Splitter {
  push(chunk: string): void;
  end(): void;
  readonly errors: SplitError[];
}

const MAX_ERRORS = 20;

/** Picks the splitter from the first non-blank character of the input. */
export function createSplitter(firstChunk: string, sink: ObjectSink): Splitter {
  const m = /\S/.exec(firstChunk);
  const c = m ? m[0] : '';
  return c === '{' || c === '[' ? new JsonSplitter(sink) : new YamlSplitter(sink);
}

// ---- JSON -----------------------------------------------------------------------------------

export class JsonSplitter implements Splitter {
  readonly errors: SplitError[] = [];
  private depth = 0;
  private inStr = false;
  private esc = false;
  private topIsArray = false;
  private offset = 0; // characters before the current chunk
  // skeleton of the current top-level object (without the items array's content)
  private skel: string[] = [];
  private skelOn = false;
  private skelStart = 0;
  // inside the top-level object's items array
  private inItems = false;
  private listKind: string | undefined;
  // the current element (of `items`, or of a top-level array)
  private el: string[] = [];
  private elOn = false;
  private elStart = 0;
  private elOffset = 0;
  private fatal = false;

  constructor(private readonly sink: ObjectSink) {}

  push(s: string): void {
    if (this.fatal) return;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (this.inStr) {
        // Skip to the next quote or backslash.
        while (i < n) {
          c = s.charCodeAt(i);
          if (this.esc) {
            this.esc = false;
          } else if (c === 92 /* \ */) {
            this.esc = true;
          } else if (c === 34 /* " */) {
            this.inStr = false;
            break;
          }
          i++;
        }
        continue;
      }
      switch (c) {
        case 34: // "
          this.inStr = true;
          break;
        case 123: // {
        case 91: // [
          if (this.depth === 0) {
            if (c === 123) {
              this.topIsArray = false;
              this.skelOn = true;
              this.skelStart = i;
              this.skel = [];
            } else {
              this.topIsArray = true;
            }
          } else if (this.depth === 1 && !this.topIsArray && c === 91 && this.precededByItemsKey(s, i)) {
            this.skel.push(s.slice(this.skelStart, i + 1));
            this.skelOn = false;
            this.inItems = true;
            this.listKind = /"kind"\s*:\s*"([^"]*)"/.exec(this.skel.join(''))?.[1];
          } else if ((this.depth === 1 && this.topIsArray) || (this.depth === 2 && this.inItems)) {
            this.elOn = true;
            this.elStart = i;
            this.el = [];
            this.elOffset = this.offset + i;
          }
          this.depth++;
          break;
        case 125: // }
        case 93: // ]
          this.depth--;
          if (this.depth < 0) {
            this.fail(this.offset + i, 'unexpected closing bracket');
            return;
          }
          if (this.elOn && ((this.topIsArray && this.depth === 1) || (this.inItems && this.depth === 2))) {
            this.el.push(s.slice(this.elStart, i + 1));
            this.elOn = false;
            this.emit(this.el.join(''), this.elOffset, this.listKind);
            this.el = [];
          } else if (this.inItems && this.depth === 1) {
            this.inItems = false;
            this.skelOn = true;
            this.skelStart = i;
          } else if (this.depth === 0 && !this.topIsArray) {
            this.skel.push(s.slice(this.skelStart, i + 1));
            this.skelOn = false;
            this.emit(this.skel.join(''), this.offset + i, undefined);
            this.skel = [];
          }
          break;
        default:
          if (this.depth === 0 && c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) {
            this.fail(this.offset + i, 'this is not JSON (a value outside any object)');
            return;
          }
      }
    }
    if (this.skelOn) {
      this.skel.push(s.slice(this.skelStart));
      this.skelStart = 0;
    }
    if (this.elOn) {
      this.el.push(s.slice(this.elStart));
      this.elStart = 0;
    }
    this.offset += n;
  }

  end(): void {
    if (this.fatal) return;
    if (this.depth !== 0 || this.inStr) this.fail(this.offset, 'the JSON ends early (is the file cut short?)');
  }

  private precededByItemsKey(s: string, i: number): boolean {
    let tail = s.slice(Math.max(this.skelStart, i - 64), i);
    if (tail.length < 64 && this.skel.length) tail = this.skel.join('').slice(-64) + tail;
    return /"items"\s*:\s*$/.test(tail);
  }

  private emit(text: string, at: number, listKind: string | undefined): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.error(at, `malformed JSON (${(e as Error).message})`);
      return;
    }
    this.sink(v, listKind);
  }

  private error(at: number, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ where: `character ${at.toLocaleString('en-US')}`, message });
  }

  private fail(at: number, message: string): void {
    this.error(at, message);
    this.fatal = true;
  }
}

// ---- YAML -----------------------------------------------------------------------------------

export class YamlSplitter implements Splitter {
  readonly errors: SplitError[] = [];
  private rest = ''; // partial line carried over between chunks
  private line = 0; // lines seen
  private doc: string[] = [];
  private docLine = 1;
  private inItems = false;
  private itemIndent = -1;
  private item: string[] = [];
  private itemLine = 0;
  private listKind: string | undefined;

  constructor(private readonly sink: ObjectSink) {}

  push(chunk: string): void {
    const s = this.rest + chunk;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      this.onLine(s.charCodeAt(nl - 1) === 13 ? s.slice(start, nl - 1) : s.slice(start, nl));
      start = nl + 1;
    }
    this.rest = s.slice(start);
  }

  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
    this.finishDoc();
  }

  private onLine(line: string): void {
    this.line++;
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.startsWith('---') && (line.length === 3 || line[3] === ' ' || line[3] === '\t')) {
      this.finishDoc();
      const after = line.slice(3).trim();
      if (after && !after.startsWith('#')) this.doc.push(after);
      this.docLine = this.line + (after ? 0 : 1);
      return;
    }
    if (line === '...' || line.startsWith('... ')) {
      this.finishDoc();
      this.docLine = this.line + 1;
      return;
    }
    if (this.inItems) {
      const indent = leadingSpaces(line);
      const blank = indent === line.length || line[indent] === '#';
      if (this.itemIndent < 0) {
        if (blank) return;
        if (isDash(line, indent)) {
          this.itemIndent = indent;
          this.startItem(line);
          return;
        }
        this.inItems = false; // `items:` followed by something that is not a block sequence
      } else if (blank || indent > this.itemIndent) {
        if (this.item.length) this.item.push(line);
        return;
      } else if (indent === this.itemIndent && isDash(line, indent)) {
        this.finishItem();
        this.startItem(line);
        return;
      } else {
        this.finishItem();
        this.inItems = false;
      }
    }
    if (/^items:\s*(#.*)?$/.test(line)) {
      this.inItems = true;
      this.itemIndent = -1;
      this.listKind = /^kind:\s*["']?([A-Za-z]+)/m.exec(this.doc.join('\n'))?.[1];
      this.doc.push('items: []');
      return;
    }
    this.doc.push(line);
  }

  private startItem(line: string): void {
    const cut = this.itemIndent + 1;
    this.item = [' '.repeat(cut) + line.slice(cut)];
    this.itemLine = this.line;
  }

  private finishItem(): void {
    if (!this.item.length) return;
    const cut = this.itemIndent + 2;
    const text = this.item.map((l) => (leadingSpaces(l) >= cut ? l.slice(cut) : l.trimStart())).join('\n');
    this.item = [];
    this.parse(text, this.itemLine, this.listKind);
  }

  private finishDoc(): void {
    if (this.inItems) this.finishItem();
    this.inItems = false;
    this.listKind = undefined;
    const lines = this.doc;
    this.doc = [];
    if (lines.every((l) => /^\s*(#.*)?$/.test(l))) return; // only blanks and comments
    const text = lines.join('\n');
    this.parse(text, this.docLine, undefined); // a whole object, or a list without its items
  }

  private parse(text: string, line: number, listKind: string | undefined): void {
    let v: unknown;
    try {
      v = parseYaml(text, { maxAliasCount: 1000, merge: true });
    } catch (e) {
      if (this.errors.length < MAX_ERRORS) {
        this.errors.push({ where: `line ${line.toLocaleString('en-US')}`, message: firstLine((e as Error).message) });
      }
      return;
    }
    if (v === null || v === undefined) return;
    this.sink(v, listKind);
  }
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i;
}

function isDash(line: string, indent: number): boolean {
  return line[indent] === '-' && (line.length === indent + 1 || line[indent + 1] === ' ');
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** Splits a whole text (for tests and small pastes) in one go. */
export function splitText(text: string, sink: ObjectSink, chunkSize = 1 << 16): SplitError[] {
  if (!text.trim()) return [];
  const sp = createSplitter(text.slice(0, 4096), sink);
  for (let i = 0; i < text.length; i += chunkSize) sp.push(text.slice(i, i + chunkSize));
  sp.end();
  return sp.errors;
}
