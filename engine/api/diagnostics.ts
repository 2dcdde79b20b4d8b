// Collecting located diagnostics while reading objects.

import type { Diagnostic, SourcePos } from './scenario';
import { posOf, type Range, type SourceText } from './yamlsource';

/** Where the object being read lives: its file, document index and root value. */
export interface ObjectRef {
  file: string;
  doc: number;
  source: SourceText;
  /** Range of the whole object (fallback position). */
  range: Range;
  /** Prefix for field paths (e.g. "data[config.yaml]." for embedded documents); usually "". */
  pathPrefix?: string;
  /** Positions inside the object not recorded yet (JSON fast path): found when first needed. */
  lazy?: LazyPositions;
}

/** Records the positions of `root` (the object as it is now: defaulted, slimmed) when called. */
export interface LazyPositions {
  root: unknown;
  done: boolean;
  materialize(root: unknown): void;
}

/** Makes sure the positions inside the object of `ref` are recorded (see posOf). */
export function ensurePositions(ref: ObjectRef): void {
  const l = ref.lazy;
  if (!l || l.done) return;
  l.done = true;
  l.materialize(l.root);
}

/** Joins a field path with an object key: `a.b`, or `a[key]` when the key is not a plain identifier. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${key}]`;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  errors = 0;

  /** Position of `parent[key]` (its value, or its key when `onKey`), or of `parent` itself. */
  locate(ref: ObjectRef, parent: unknown, key?: string | number, onKey = false): { range: Range; source: SourceText } {
    let p = posOf(parent);
    if (!p && parent !== undefined && ref.lazy && !ref.lazy.done) {
      ensurePositions(ref);
      p = posOf(parent);
    }
    if (p) {
      if (key !== undefined) {
        if (typeof key === 'number' && p.items && p.items[key]) return { range: p.items[key], source: p.source };
        if (typeof key === 'string' && p.keys?.has(key)) {
          const k = p.keys.get(key)!;
          return { range: onKey ? k.key : k.value, source: p.source };
        }
      }
      return { range: p.range, source: p.source };
    }
    return { range: ref.range, source: ref.source };
  }

  posFor(ref: ObjectRef, path: string, parent?: unknown, key?: string | number, onKey = false): SourcePos & { endLine: number; endCol: number } {
    const { range, source } = this.locate(ref, parent, key, onKey);
    const s = source.pos(range.start);
    const e = source.pos(Math.max(range.start, range.end));
    return {
      file: ref.file,
      doc: ref.doc,
      line: s.line,
      col: s.col,
      endLine: e.line,
      endCol: e.col,
      path: (ref.pathPrefix ?? '') + path,
    };
  }

  /** Like posFor, without the end (which may need to read the object's text). */
  startFor(ref: ObjectRef, path: string, parent?: unknown, key?: string | number): SourcePos {
    const { range, source } = this.locate(ref, parent, key);
    const s = source.pos(range.start);
    return { file: ref.file, doc: ref.doc, line: s.line, col: s.col, path: (ref.pathPrefix ?? '') + path };
  }

  report(
    severity: Diagnostic['severity'],
    ref: ObjectRef,
    path: string,
    message: string,
    parent?: unknown,
    key?: string | number,
    onKey = false,
  ): void {
    const pos = this.posFor(ref, path, parent, key, onKey);
    this.diagnostics.push({ ...pos, severity, message });
    if (severity === 'error') this.errors++;
  }

  error(ref: ObjectRef, path: string, message: string, parent?: unknown, key?: string | number, onKey = false): void {
    this.report('error', ref, path, message, parent, key, onKey);
  }

  warn(ref: ObjectRef, path: string, message: string, parent?: unknown, key?: string | number, onKey = false): void {
    this.report('warning', ref, path, message, parent, key, onKey);
  }

  info(ref: ObjectRef, path: string, message: string, parent?: unknown, key?: string | number): void {
    this.report('info', ref, path, message, parent, key);
  }

  push(d: Diagnostic): void {
    this.diagnostics.push(d);
    if (d.severity === 'error') this.errors++;
  }
}
