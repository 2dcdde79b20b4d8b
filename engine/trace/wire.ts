// A compact wire form of a trace, for the trip from the engine's worker to the page.
//
// A big run records about a million small events (filter, nodeVerdict and score events, one per
// node and plugin) whose JSON repeats the same keys and node names over and over: 87 MB for the
// 1,000-node import benchmark. Packed, each event is an array: the index of its shape (its keys,
// in order, and which of them hold strings) followed by its values, with top-level strings
// replaced by their index in one string table. The same run packs to about a quarter of the size
// and decodes several times faster. `unpackTrace(JSON.parse(JSON.stringify(packTrace(t))))` gives
// back exactly `JSON.parse(JSON.stringify(t))`: same events, same keys in the same order.

export interface PackedTrace {
  /** Format version of this file. */
  v: 1;
  /** Interned strings (top-level string values of events). */
  strings: string[];
  /** Shapes: the keys of an event in order, each prefixed with "s" (holds an interned string) or "v" (holds the value). */
  shapes: string[][];
  /** One array per event: [shape index, ...values]. */
  events: unknown[][];
}

/** Packs trace events (plain JSON-able objects). Keys whose value is undefined are dropped, as JSON does. */
export function packTrace(events: readonly object[]): PackedTrace {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const out: unknown[][] = new Array(events.length);
  const intern = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const keys: string[] = [];
  const values: unknown[] = [];
  for (let e = 0; e < events.length; e++) {
    const ev = events[e] as Record<string, unknown>;
    keys.length = 0;
    values.length = 0;
    for (const k in ev) {
      if (!Object.prototype.hasOwnProperty.call(ev, k)) continue;
      const v = ev[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (typeof v === 'string') {
        keys.push(`s${k}`);
        values.push(intern(v));
      } else {
        keys.push(`v${k}`);
        values.push(v);
      }
    }
    const sig = keys.join('\u0000');
    let si = shapeIndex.get(sig);
    if (si === undefined) {
      si = shapes.length;
      shapes.push(keys.slice());
      shapeIndex.set(sig, si);
    }
    const row = new Array<unknown>(values.length + 1);
    row[0] = si;
    for (let i = 0; i < values.length; i++) row[i + 1] = values[i];
    out[e] = row;
  }
  return { v: 1, strings, shapes, events: out };
}

/** The events again, as plain objects. Throws on a malformed packed trace. */
export function unpackTrace(p: PackedTrace): Record<string, unknown>[] {
  if (!p || p.v !== 1 || !Array.isArray(p.strings) || !Array.isArray(p.shapes) || !Array.isArray(p.events)) throw new Error('not a packed trace');
  // Per shape: the plain keys and whether each holds an interned string.
  const plain = p.shapes.map((s) => s.map((k) => k.slice(1)));
  const interned = p.shapes.map((s) => s.map((k) => k[0] === 's'));
  const { strings } = p;
  const out = new Array<Record<string, unknown>>(p.events.length);
  for (let e = 0; e < p.events.length; e++) {
    const row = p.events[e];
    const si = row[0] as number;
    const ks = plain[si];
    const is = interned[si];
    if (!ks) throw new Error(`packed trace: event ${e} has an unknown shape`);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < ks.length; i++) {
      const v = row[i + 1];
      const value = is[i] ? strings[v as number] : v;
      if (ks[i] === '__proto__') Object.defineProperty(o, ks[i], { value, enumerable: true, writable: true, configurable: true });
      else o[ks[i]] = value;
    }
    out[e] = o;
  }
  return out;
}
