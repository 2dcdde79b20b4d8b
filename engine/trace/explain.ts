// The full detail of one scheduling cycle, on demand.
//
//   const ex = new CycleExplainer(scenario, { seed });   // next to a run made with the trace off
//   ex.prepare();                                          // when idle: build the paused simulation
//   const { cycle, events } = ex.explain(17)!;             // cycle 17: every event, verdict, score
//
// A run with the trace off (or traceLevel 'cycles') keeps big simulations fast and small; the
// detail of a cycle (per-node filter events, verdicts, raw and normalized scores, preemption's
// dry run) is produced when asked for, by the same code on the same state: the explainer keeps a
// Simulation paused at a cycle boundary (a checkpoint) and runs it up to the cycle asked for,
// that cycle with full tracing. Tracing never changes a decision, so the detail is the one a
// fully traced run would have recorded.
//
// Cost: explaining cycle k from a checkpoint paused at cycle j <= k runs the k - j cycles in
// between (trace off, at full speed) plus cycle k traced; stepping forward through a run costs
// one traced cycle per step. The checkpoint moves past k; an earlier cycle needs a new
// simulation (construction plus the replay up to it). prepare() builds one ahead of time.
// Results are cached (the last few cycles asked for).

import type { Scenario } from '../api/scenario';
import type { CycleRecord } from '../scheduler/schedule_one';
import { Simulation, type SimulateOptions } from '../simulator/simulate';
import type { TraceEvent } from './events';

export interface CycleDetail {
  /** The cycle's record with `filter` (every examined node's verdict) and `scores` filled. */
  cycle: CycleRecord;
  /** Every trace event of the cycle, the per-node ones included. */
  events: TraceEvent[];
}

/** Options of the run being explained (those that change decisions must match the run's). */
export type ExplainOptions = Omit<SimulateOptions, 'trace' | 'traceLevel' | 'details' | 'traceCycles' | 'stopAfterCycle' | 'onProgress' | 'progressEvery'>;

/** Cycle details kept by an explainer. */
const CACHE_SIZE = 8;

export class CycleExplainer {
  private cursor: Simulation | null = null;
  private readonly cache = new Map<number, CycleDetail>();

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: ExplainOptions = {},
  ) {}

  /**
   * Gets the checkpoint ready ahead of time (when idle): builds the simulation if there is none
   * and runs it up to its next cycle (timers due before it included), with the snapshot's lazily
   * built structures (node list, pod index) made. explain() of that cycle then costs the cycle.
   */
  prepare(): void {
    if (this.cursor === null) this.cursor = this.fresh();
    const sim = this.cursor;
    sim.pauseBefore(sim.cyclesRun);
    void sim.snapshot.nodeInfoList;
    sim.snapshot.podIndex();
  }

  /** Whether explain(index) would run from the checkpoint (no new simulation). */
  isReady(index: number): boolean {
    return this.cache.has(index) || (this.cursor !== null && this.cursor.cyclesRun <= index);
  }

  /** The full detail of cycle `index`, or null when the run has no such cycle. */
  explain(index: number): CycleDetail | null {
    if (!Number.isInteger(index) || index < 0) return null;
    const hit = this.cache.get(index);
    if (hit) {
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit;
    }
    if (this.cursor === null || this.cursor.cyclesRun > index) this.cursor = this.fresh();
    const r = this.cursor.explainCycle(index);
    if (r === null) return null;
    this.cache.set(index, r);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return r;
  }

  private fresh(): Simulation {
    const sim = new Simulation(this.scenario, { ...this.opts, trace: false, details: false });
    sim.begin();
    return sim;
  }
}
