// A compact wire form of a trace, for the trip from the engine's worker to the page.
//
// A big run records about a million small events (filter, nodeVerdict and score events, one per
// node and plugin) whose JSON repeats the same keys and node names over and over: 87 MB for the
// 1,000-node import benchmark. Packed, each event is an array: the index of its shape (its keys,
// in order, and which of them hold strings) followed by its values, with top-level strings
// replaced by their index in one string table (also in arrays of strings, and arrays of objects
// are packed the same way). The same run packs to about a quarter of the size
// and decodes several times faster. `unpackTrace(JSON.parse(JSON.stringify(packTrace(t))))` gives
// back exactly `JSON.parse(JSON.stringify(t))`: same events, same keys in the same order.

export interface PackedTrace {
  /** Format version of this file. */
  v: 1;
  /** Interned strings (top-level string values of events). */
  strings: string[];
  /**
   * Shapes: the keys of an event in order, each prefixed with its kind of value: "s" an interned
   * string, "a" an array of interned strings, "o" an array of objects (packed rows, recursively),
   * "v" the value as it is.
   */
  shapes: string[][];
  /** One array per event: [shape index, ...values]. */
  events: unknown[][];
}

/** Packs trace events (plain JSON-able objects). Keys whose value is undefined are dropped, as JSON does. */
export function packTrace(events: readonly object[]): PackedTrace {
  const p = new TracePacker();
  for (const e of events) p.add(e);
  return p.result();
}

/** Packs events one at a time (a trace sink can pack them as they are emitted, keeping none). */
export class TracePacker {
  private readonly rows: unknown[][] = [];
  private readonly row: (ev: Record<string, unknown>) => unknown[];
  private readonly strings: string[] = [];
  private readonly shapes: string[][] = [];

  constructor() {
    this.row = makeRowPacker(this.strings, this.shapes);
  }

  add(event: object): void {
    this.rows.push(this.row(event as Record<string, unknown>));
  }

  get length(): number {
    return this.rows.length;
  }

  result(): PackedTrace {
    return { v: 1, strings: this.strings, shapes: this.shapes, events: this.rows };
  }
}

function makeRowPacker(strings: string[], shapes: string[][]): (ev: Record<string, unknown>) => unknown[] {
  const stringIndex = new Map<string, number>();
  const shapeIndex = new Map<string, number>();
  const intern = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  /** 'a' (all strings), 'o' (all plain objects) or 'v', for an array. */
  const arrayKind = (v: unknown[]): string => {
    if (v.length === 0) return 'v';
    if (typeof v[0] === 'string') {
      for (let i = 1; i < v.length; i++) if (typeof v[i] !== 'string') return 'v';
      return 'a';
    }
    for (let i = 0; i < v.length; i++) if (!isPlainObject(v[i])) return 'v';
    return 'o';
  };
  // The shape of the last event seen per `type`: most events of a type share one.
  const lastShape = new Map<unknown, { keys: string[]; kinds: string; si: number }>();
  const row = (ev: Record<string, unknown>): unknown[] => {
    const ks = Object.keys(ev);
    const r: unknown[] = [0];
    const used: string[] = [];
    let kinds = '';
    for (let j = 0; j < ks.length; j++) {
      const k = ks[j];
      const v = ev[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      used.push(k);
      if (typeof v === 'string') {
        kinds += 's';
        r.push(intern(v));
      } else if (Array.isArray(v)) {
        const kind = arrayKind(v);
        kinds += kind;
        if (kind === 'a') {
          const a = new Array<number>(v.length);
          for (let i = 0; i < v.length; i++) a[i] = intern(v[i] as string);
          r.push(a);
        } else if (kind === 'o') {
          const a = new Array<unknown[]>(v.length);
          for (let i = 0; i < v.length; i++) a[i] = row(v[i] as Record<string, unknown>);
          r.push(a);
        } else r.push(v);
      } else {
        kinds += 'v';
        r.push(v);
      }
    }
    const last = lastShape.get(ev.type);
    if (last && last.kinds === kinds && last.keys.length === used.length && last.keys.every((k, i) => k === used[i])) {
      r[0] = last.si;
      return r;
    }
    const shape = used.map((k, i) => kinds[i] + k);
    const sig = JSON.stringify(shape);
    let si = shapeIndex.get(sig);
    if (si === undefined) {
      si = shapes.length;
      shapes.push(shape);
      shapeIndex.set(sig, si);
    }
    lastShape.set(ev.type, { keys: used, kinds, si });
    r[0] = si;
    return r;
  };
  return row;
}

/** The events again, as plain objects. Throws on a malformed packed trace. */
export function unpackTrace(p: PackedTrace): Record<string, unknown>[] {
  if (!p || p.v !== 1 || !Array.isArray(p.strings) || !Array.isArray(p.shapes) || !Array.isArray(p.events)) throw new Error('not a packed trace');
  // Per shape: the plain keys and the kind of value each holds (s, a, o or v).
  const plain = p.shapes.map((s) => s.map((k) => k.slice(1)));
  const kinds = p.shapes.map((s) => s.map((k) => k[0]));
  const { strings } = p;
  const str = (i: unknown) => strings[i as number];
  const obj = (r: unknown[], where: number): Record<string, unknown> => {
    const si = r[0] as number;
    const ks = plain[si];
    const kd = kinds[si];
    if (!ks) throw new Error(`packed trace: event ${where} has an unknown shape`);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < ks.length; i++) {
      const v = r[i + 1];
      const k = kd[i];
      const value = k === 's' ? str(v) : k === 'a' ? (v as unknown[]).map(str) : k === 'o' ? (v as unknown[][]).map((x) => obj(x, where)) : v;
      if (ks[i] === '__proto__') Object.defineProperty(o, ks[i], { value, enumerable: true, writable: true, configurable: true });
      else o[ks[i]] = value;
    }
    return o;
  };
  const out = new Array<Record<string, unknown>>(p.events.length);
  for (let e = 0; e < p.events.length; e++) out[e] = obj(p.events[e], e);
  return out;
}
