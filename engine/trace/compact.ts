// The trace the page reads: every event except the `filter` events of nodes that passed a
// plugin, other than those of the first examined node of each cycle (which keep the plugins'
// order). Every rejection, every verdict and every score stays. On big clusters this is a tenth
// of the filter events; CompactSink drops them as they are emitted, so they are never kept.
import { ArraySink, type TraceEvent } from './events';
import { TracePacker, type PackedTrace } from './wire';

type Ev = { type: string; node?: unknown; code?: unknown };

/** The compaction rule over a recorded trace. */
export function compactTrace<T extends Ev>(events: readonly T[]): T[] {
  const sink = new CompactSink();
  for (const e of events) sink.emit(e as unknown as { type: string } & Record<string, unknown>);
  return sink.events as unknown as T[];
}

/** An ArraySink that keeps only what compactTrace keeps. */
export class CompactSink extends ArraySink {
  private firstNode: unknown = null;

  override emit(event: { type: string } & Record<string, unknown>): void {
    const e = event as Ev;
    if (e.type === 'cycleStart') this.firstNode = null;
    else if (e.type === 'filter') {
      if (this.firstNode === null) this.firstNode = e.node;
      if (e.code === 'Success' && e.node !== this.firstNode) return;
    }
    this.keep(event);
  }

  keepsFilter(node: string, success: boolean): boolean {
    if (this.firstNode === null) this.firstNode = node;
    return !success || node === this.firstNode;
  }

  protected keep(event: { type: string } & Record<string, unknown>): void {
    this.events.push(event as unknown as TraceEvent);
  }
}

/**
 * A CompactSink that packs what it keeps as it comes (engine/trace/wire.ts) instead of keeping
 * the events: a big run's trace is never held as objects. `events` stays empty; `packed()` is
 * packTrace of what a CompactSink would have kept. For traces whose events are not changed after
 * they are emitted (the simulator's; checked by engine/simulator/details.test.ts).
 */
export class PackingCompactSink extends CompactSink {
  private readonly packer = new TracePacker();

  protected override keep(event: { type: string } & Record<string, unknown>): void {
    this.packer.add(event);
  }

  get kept(): number {
    return this.packer.length;
  }

  packed(): PackedTrace {
    return this.packer.result();
  }
}
