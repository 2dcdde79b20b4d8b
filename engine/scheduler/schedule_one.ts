// One scheduling attempt (upstream pkg/scheduler/schedule_one.go, v1.35): schedulePod
// (findNodesThatFitPod with the nominated node first and numFeasibleNodesToFind, prioritizeNodes,
// selectHost), then assume, Reserve, Permit and the binding cycle (PreBind, Bind, PostBind),
// or PostFilter and the failure handling. Sequential and deterministic: the nodes are examined
// in order from the rotating nextStartNodeIndex, and ties are broken with the run's seeded RNG.

import { Code, CycleState, Status, type NodeInfo, type PodInfo, type TraceSink } from '../framework/types';
import { codeName, Diagnosis, fitErrorMessage, nodeIndexOf, type Framework, type ScoreTable } from '../framework/runtime';
import type { ClusterSnapshot } from '../cache/snapshot';
import type { QueuedPod, SchedulingQueue } from '../queue/scheduling_queue';
import type { NominatingInfo } from '../queue/nominator';

/** upstream minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** upstream minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** A node's verdict: null = passed, else the first rejecting plugin and its reasons. */
export interface FilterVerdict {
  plugin: string;
  reasons: string[];
}

export interface NodeScoreDetail {
  /** Weighted total. */
  total: number;
  /** Normalized score of each score plugin (before its weight). */
  plugins: Record<string, number>;
}

/** One scheduling attempt, as reported by simulate() and `schedlab explain --json`. */
export interface CycleRecord {
  index: number;
  /** Virtual time (ms). */
  t: number;
  pod: string;
  profile: string;
  attempt: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  node: string | null;
  /** Set when this cycle's PostFilter (preemption) nominated a node. */
  nominatedNode: string | null;
  /** Pods evicted by this cycle's preemption. */
  victims: string[];
  /** FitError text (or the error) when the pod was not scheduled. */
  message: string | null;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Nodes that shared the highest total (only when scoring ran, and with details or trace on). */
  ties?: string[];
  /** Every node examined by Filter (only with details on). */
  filter?: Record<string, FilterVerdict | null>;
  /** Every node scored (only with details on). */
  scores?: Record<string, NodeScoreDetail>;
}

/** What the scheduler needs from the simulator (the cache, the API, the clock). */
export interface SchedulerHost {
  snapshot: ClusterSnapshot;
  queue: SchedulingQueue;
  frameworks: Map<string, Framework>;
  /** Global percentageOfNodesToScore. */
  percentageOfNodesToScore: number;
  now(): number;
  trace(): TraceSink | null;
  /** Whether per-node events (nodeVerdict, score, nodesSkipped lists) are recorded too. */
  traceNodes(): boolean;
  /** Uniform integer in [0, n). */
  randInt(n: number): number;
  /** Whether to record per-node filter verdicts and scores in the CycleRecord. */
  details(): boolean;
  /** Puts the pod on the node in the cache (upstream assume); returns the assumed PodInfo. */
  assume(pod: PodInfo, node: string): PodInfo;
  /** Undoes assume (upstream ForgetPod); `afterBind` also emits an AssignedPodDelete event. */
  forget(assumed: PodInfo, node: string): void;
  /** The binding succeeded: the pod runs on the node. */
  bound(assumed: PodInfo, node: string): void;
  /** The pod's nomination changed (upstream AddNominatedPod + status.nominatedNodeName update). */
  nominate(pod: PodInfo, info: NominatingInfo): void;
  /** Victims evicted during the current cycle (filled by Handle.evictPod). */
  takeCycleVictims(): string[];
  /** A binding failure freed resources (upstream MoveAllToActiveOrBackoffQueue(AssignedPodDelete)). */
  onAssumedPodForgotten(assumed: PodInfo, exceptKey: string | null): void;
}

interface ScheduleResult {
  host: string;
  evaluatedNodes: number;
  feasibleNodes: number;
  ties: string[] | null;
}

class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}
  message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

class SchedError {
  constructor(
    readonly message: string,
    readonly code: Code = Code.Error,
  ) {}
}

/** Queue entries listed per sub-queue in a cycleStart trace event. */
export const TRACE_QUEUE_LIMIT = 100;

/** upstream parallelize.DefaultParallelism (KubeSchedulerConfiguration.parallelism default). */
export const PARALLELISM = 16;

/** upstream parallelize chunkSizeFor: min(sqrt(n), n/parallelism + 1), at least 1. */
export function chunkSizeFor(n: number, parallelism: number): number {
  let s = Math.trunc(Math.sqrt(n));
  const r = Math.trunc(n / parallelism) + 1;
  if (s > r) s = r;
  if (s < 1) s = 1;
  return s;
}

/** upstream numFeasibleNodesToFind. */
export function numFeasibleNodesToFind(profilePct: number | null, globalPct: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = profilePct ?? globalPct;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  if (numNodes < MIN_FEASIBLE_NODES_TO_FIND) return MIN_FEASIBLE_NODES_TO_FIND;
  return numNodes;
}

export class Scheduler {
  /** upstream nextStartNodeIndex. */
  nextStartNodeIndex = 0;
  private cycleIndex = 0;
  private verdicts: (string | Status | null)[] | null = null;
  /** The diagnosis of the cycle being run, whose statuses array is recycled when it ends. */
  private lastDiagnosis: Diagnosis | null = null;
  private statusBuffer: (Status | undefined)[] | null = null;
  private scoreDetail: Record<string, NodeScoreDetail> | null = null;

  constructor(private readonly h: SchedulerHost) {}

  private emit(ev: Record<string, unknown> & { type: string }): void {
    const t = this.h.trace();
    if (t) t.emit({ t: this.h.now(), cycle: this.cycleIndex, ...ev });
  }

  /** upstream ScheduleOne for a popped pod. Returns the attempt's record. */
  scheduleOne(qp: QueuedPod, index: number): CycleRecord {
    this.cycleIndex = index;
    const h = this.h;
    const pi = qp.podInfo;
    const fw = h.frameworks.get(qp.profile)!;
    const details = h.details();
    this.verdicts = details ? [] : null;
    this.scoreDetail = details ? {} : null;
    const rec: CycleRecord = {
      index,
      t: h.now(),
      pod: pi.key,
      profile: qp.profile,
      attempt: qp.attempts,
      result: 'Unschedulable',
      node: null,
      nominatedNode: null,
      victims: [],
      message: null,
      evaluatedNodes: 0,
      feasibleNodes: 0,
    };
    if (h.trace()) {
      this.emit({
        type: 'cycleStart',
        pod: pi.key,
        profile: qp.profile,
        attempt: qp.attempts,
        priority: pi.priority,
        nominatedNode: pi.pod.status?.nominatedNodeName || null,
        queue: h.queue.lists(TRACE_QUEUE_LIMIT),
      });
    }
    const state = new CycleState();
    let out: ScheduleResult | FitError | SchedError;
    try {
      out = this.schedulePod(fw, state, pi);
    } catch (e) {
      out = new SchedError(e instanceof Error ? e.message : String(e));
    }

    if (out instanceof FitError || out instanceof SchedError) {
      let nominating: NominatingInfo = { mode: 'override', nodeName: '' };
      let message: string;
      if (out instanceof FitError) {
        rec.evaluatedNodes = out.diagnosis.nodeToStatus.size;
        if (fw.hasPostFilterPlugins()) {
          const { result, status } = fw.runPostFilterPlugins(state, pi, out.diagnosis.nodeToStatus);
          out.diagnosis.postFilterMsg = status ? status.message() : '';
          nominating = result ? { mode: 'override', nodeName: result.nominatedNodeName ?? '' } : { mode: 'noop' };
          if (result && result.nominatedNodeName) rec.nominatedNode = result.nominatedNodeName;
        }
        message = out.message();
        qp.unschedulablePlugins = new Set(out.diagnosis.unschedulablePlugins);
        qp.pendingPlugins = new Set(out.diagnosis.pendingPlugins);
        rec.result = 'Unschedulable';
      } else {
        message = out.message;
        rec.result = out.code === Code.UnschedulableAndUnresolvable ? 'Unschedulable' : 'Error';
      }
      rec.message = message;
      rec.victims = h.takeCycleVictims();
      this.fillDetails(rec);
      this.failure(qp, nominating);
      this.end(rec);
      return rec;
    }

    // Scheduled in this cycle: assume, Reserve, Permit.
    const host = out.host;
    rec.evaluatedNodes = out.evaluatedNodes;
    rec.feasibleNodes = out.feasibleNodes;
    if (out.ties) rec.ties = out.ties;
    rec.victims = h.takeCycleVictims();
    this.fillDetails(rec);
    const assumed = h.assume(pi, host);
    const rs = fw.runReservePluginsReserve(state, assumed, host);
    if (rs) {
      fw.runReservePluginsUnreserve(state, assumed, host);
      h.forget(assumed, host);
      this.singleNodeFailure(qp, rec, rs, host);
      this.end(rec);
      return rec;
    }
    const permit = fw.runPermitPlugins(state, assumed, host);
    if (permit.status && permit.status.code !== Code.Wait) {
      fw.runReservePluginsUnreserve(state, assumed, host);
      h.forget(assumed, host);
      this.singleNodeFailure(qp, rec, permit.status, host);
      this.end(rec);
      return rec;
    }
    // Binding cycle (synchronous here). A waiting pod is let through (no in-tree plugin waits).
    h.queue.done(pi.key);
    let bs = fw.runPreBindPlugins(state, assumed, host);
    if (!bs) bs = fw.runBindPlugins(state, assumed, host).status;
    if (bs) {
      // upstream handleBindingCycleError
      fw.runReservePluginsUnreserve(state, assumed, host);
      h.forget(assumed, host);
      h.onAssumedPodForgotten(assumed, bs.isRejected() ? pi.key : null);
      rec.result = bs.isRejected() ? 'Unschedulable' : 'Error';
      rec.node = null;
      rec.message = bs.message();
      if (bs.isRejected() && bs.plugin) {
        qp.unschedulablePlugins = new Set([bs.plugin]);
        rec.message = this.singleNodeMessage(bs, host);
      }
      this.failure(qp, { mode: 'override', nodeName: '' });
      this.end(rec);
      return rec;
    }
    h.bound(assumed, host);
    fw.runPostBindPlugins(state, assumed, host);
    rec.result = 'Scheduled';
    rec.node = host;
    this.end(rec);
    return rec;
  }

  private singleNodeMessage(s: Status, host: string): string {
    const d = new Diagnosis();
    d.nodeToStatus.set(host, s);
    d.addPluginStatus(s);
    return fitErrorMessage(1, d);
  }

  /** A Reserve/Permit rejection: FitError over the one chosen node; errors as they are. */
  private singleNodeFailure(qp: QueuedPod, rec: CycleRecord, s: Status, host: string): void {
    rec.node = null;
    if (s.isRejected()) {
      rec.result = 'Unschedulable';
      rec.message = this.singleNodeMessage(s, host);
      qp.unschedulablePlugins = s.plugin ? new Set([s.plugin]) : new Set();
    } else {
      rec.result = 'Error';
      rec.message = s.message();
    }
    this.failure(qp, { mode: 'override', nodeName: '' });
  }

  /** upstream handleSchedulingFailure (the queue part and the nomination). */
  private failure(qp: QueuedPod, nominating: NominatingInfo): void {
    this.h.queue.addUnschedulableIfNotPresent(qp);
    this.h.nominate(qp.podInfo, nominating);
  }

  private end(rec: CycleRecord): void {
    if (this.h.trace()) {
      this.emit({
        type: 'cycleEnd',
        pod: rec.pod,
        result: rec.result,
        node: rec.node,
        nominatedNode: rec.nominatedNode,
        victims: rec.victims,
        message: rec.message,
        evaluatedNodes: rec.evaluatedNodes,
        feasibleNodes: rec.feasibleNodes,
      });
    }
    this.verdicts = null;
    this.scoreDetail = null;
    if (this.lastDiagnosis !== null) {
      this.statusBuffer = this.lastDiagnosis.nodeToStatus.takeBuffer();
      this.lastDiagnosis = null;
    }
  }

  private fillDetails(rec: CycleRecord): void {
    if (this.verdicts) {
      const f: Record<string, FilterVerdict | null> = {};
      const v = this.verdicts;
      for (let i = 0; i < v.length; i += 2) {
        const s = v[i + 1] as Status | null;
        f[v[i] as string] = s ? { plugin: s.plugin, reasons: [...s.reasons] } : null;
      }
      rec.filter = f;
    }
    if (this.scoreDetail) rec.scores = this.scoreDetail;
  }

  // ---- schedulePod ------------------------------------------------------------------------

  /** upstream schedulePod. */
  private schedulePod(fw: Framework, state: CycleState, pi: PodInfo): ScheduleResult | FitError | SchedError {
    const snap = this.h.snapshot;
    const numNodes = snap.numNodes;
    if (numNodes === 0) return new SchedError(ERR_NO_NODES_AVAILABLE, Code.UnschedulableAndUnresolvable);
    const found = this.findNodesThatFitPod(fw, state, pi);
    if (found instanceof SchedError) return found;
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return new FitError(numNodes, diagnosis);
    if (feasible.length === 1) {
      const node = feasible[0].name;
      if (this.h.trace()) this.emit({ type: 'selectHost', node, score: 0, ties: [node], scoringSkipped: true });
      return { host: node, evaluatedNodes: 1 + diagnosis.nodeToStatus.size, feasibleNodes: 1, ties: null };
    }
    const pr = this.prioritizeNodes(fw, state, pi, feasible);
    if (pr instanceof SchedError) return pr;
    const sel = this.selectHost(feasible, pr);
    return {
      host: sel.host,
      evaluatedNodes: feasible.length + diagnosis.nodeToStatus.size,
      feasibleNodes: feasible.length,
      ties: sel.ties,
    };
  }

  /** upstream findNodesThatFitPod. */
  private findNodesThatFitPod(
    fw: Framework,
    state: CycleState,
    pi: PodInfo,
  ): { feasible: NodeInfo[]; diagnosis: Diagnosis } | SchedError {
    const snap = this.h.snapshot;
    const allNodes = snap.nodeInfoList;
    // The statuses-by-node array of the last cycle's diagnosis is cleared and reused.
    let buffer = this.statusBuffer;
    this.statusBuffer = null;
    if (buffer !== null) {
      if (buffer.length === allNodes.length) buffer.fill(undefined);
      else buffer = null;
    }
    const diagnosis = new Diagnosis(nodeIndexOf(allNodes), buffer);
    this.lastDiagnosis = diagnosis;
    const pre = fw.runPreFilterPlugins(state, pi);
    diagnosis.unschedulablePlugins = new Set(pre.pluginsWithNodes);
    const tracing = this.h.trace() !== null;
    if (tracing) {
      this.emit({
        type: 'preFilterDone',
        code: codeName(pre.status),
        plugin: pre.status?.plugin || null,
        reasons: pre.status ? [...pre.status.reasons] : [],
        nodes: pre.nodeNames ? [...pre.nodeNames] : null,
        skippedFilterPlugins: [...state.skipFilterPlugins],
      });
    }
    if (pre.status && pre.status.code !== Code.Success) {
      if (!pre.status.isRejected()) return new SchedError(pre.status.message());
      diagnosis.nodeToStatus.absent = pre.status;
      diagnosis.preFilterMsg = pre.status.message();
      diagnosis.addPluginStatus(pre.status);
      if (tracing && this.h.traceNodes()) {
        this.emit({ type: 'nodesSkipped', reason: 'preFilterRejected', nodes: allNodes.map((n) => n.name) });
      }
      return { feasible: [], diagnosis };
    }

    const nnn = pi.pod.status?.nominatedNodeName;
    if (nnn) {
      const ni = snap.get(nnn);
      if (ni) {
        const feasible = this.findNodesThatPassFilters(fw, state, pi, diagnosis, [ni]);
        if (feasible instanceof SchedError) {
          // upstream logs the error and goes on with all nodes
        } else {
          if (tracing) this.emit({ type: 'nominatedNode', node: nnn, passed: feasible.length > 0 });
          if (feasible.length > 0) return { feasible, diagnosis };
        }
      }
    }

    let nodes = allNodes;
    if (pre.nodeNames !== null) {
      nodes = [];
      for (const name of pre.nodeNames) {
        const ni = snap.get(name);
        if (ni) nodes.push(ni);
      }
      const list = [...pre.pluginsWithNodes].sort();
      diagnosis.nodeToStatus.absent = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${list.join(' ')}]`);
      if (tracing && this.h.traceNodes()) {
        this.emit({
          type: 'nodesSkipped',
          reason: 'preFilterResult',
          nodes: allNodes.filter((n) => !pre.nodeNames!.has(n.name)).map((n) => n.name),
        });
      }
    }
    const feasible = this.findNodesThatPassFilters(fw, state, pi, diagnosis, nodes);
    const processed = (feasible instanceof SchedError ? 0 : feasible.length) + diagnosis.nodeToStatus.size;
    if (allNodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    if (feasible instanceof SchedError) return feasible;
    return { feasible, diagnosis };
  }

  /** upstream findNodesThatPassFilters, sequentially from nextStartNodeIndex. */
  private findNodesThatPassFilters(
    fw: Framework,
    state: CycleState,
    pi: PodInfo,
    diagnosis: Diagnosis,
    nodes: NodeInfo[],
  ): NodeInfo[] | SchedError {
    const numAll = nodes.length;
    let numToFind = numFeasibleNodesToFind(fw.percentageOfNodesToScore, this.h.percentageOfNodesToScore, numAll);
    if (!fw.hasScorePlugins()) numToFind = 1;
    const start = this.nextStartNodeIndex;
    const feasible: NodeInfo[] = [];
    const verdicts = this.verdicts;
    if (!fw.hasFilterPlugins()) {
      for (let i = 0; i < numToFind; i++) {
        const ni = nodes[(start + i) % numAll];
        feasible.push(ni);
        if (verdicts) verdicts.push(ni.name, null);
      }
      return feasible;
    }
    const tracing = this.h.trace() !== null && this.h.traceNodes();
    // Upstream checks the nodes with 16 workers over chunks of pieces (parallelize.Until) and
    // cancels when one more feasible node than needed is found. We run that schedule in
    // lockstep: at step j every worker checks the j-th piece of its chunk (workers in order),
    // and the step in which the search is cancelled still completes.
    const cs = chunkSizeFor(numAll, PARALLELISM);
    const numChunks = Math.ceil(numAll / cs);
    let found = 0;
    let cancelled = false;
    const examined = tracing ? new Uint8Array(numAll) : null;
    // Positions in the snapshot's node list (for the per-node arrays), when examining that list.
    const index = diagnosis.nodeToStatus.index;
    const indexed = index !== null && nodes === index.list;
    const runFilters = fw.filterRunner(state, pi, indexed ? index : null);
    // Every node known to fail (the filter memo's verdicts, see FilterRunner.allFailing): the
    // lockstep search would examine them all and find none; record them at once.
    if (indexed && !tracing && verdicts === null && runFilters.allFailing) {
      const all = runFilters.allFailing();
      if (all !== null && diagnosis.nodeToStatus.fillAll(all.statuses, all.counts)) {
        for (const s of all.counts.keys()) diagnosis.addPluginStatus(s);
        return feasible;
      }
    }
    for (let round = 0; round * PARALLELISM < numChunks && !cancelled; round++) {
      for (let j = 0; j < cs && !cancelled; j++) {
        for (let w = 0; w < PARALLELISM; w++) {
          const chunk = round * PARALLELISM + w;
          if (chunk >= numChunks) break;
          const piece = chunk * cs + j;
          if (piece >= numAll || j >= cs) continue;
          const pos = (start + piece) % numAll;
          const ni = nodes[pos];
          if (examined) examined[piece] = 1;
          const s = runFilters(ni, indexed ? pos : -1);
          if (s !== null && s.code === Code.Error) return new SchedError(s.message());
          if (tracing) {
            this.h.trace()?.emit({
              t: this.h.now(),
              cycle: this.cycleIndex,
              type: 'nodeVerdict',
              node: ni.name,
              plugin: s ? s.plugin : null,
              code: codeName(s),
              reasons: s ? [...s.reasons] : [],
            });
          }
          if (verdicts) verdicts.push(ni.name, s && s.code !== Code.Success ? s : null);
          if (s === null || s.code === Code.Success) {
            found++;
            if (found > numToFind) cancelled = true;
            else feasible.push(ni);
          } else {
            if (indexed) diagnosis.nodeToStatus.setAt(pos, s);
            else diagnosis.nodeToStatus.set(ni.name, s);
            diagnosis.addPluginStatus(s);
          }
        }
      }
    }
    if (examined && cancelled) {
      const skipped: string[] = [];
      for (let p = 0; p < numAll; p++) if (!examined[p]) skipped.push(nodes[(start + p) % numAll].name);
      if (skipped.length) {
        this.emit({ type: 'nodesSkipped', reason: 'enoughFeasible', nodes: skipped, numFeasibleNodesToFind: numToFind, startIndex: start });
      }
    }
    return feasible;
  }

  /** upstream prioritizeNodes: totals per feasible node (1 each when no score plugin). */
  private prioritizeNodes(fw: Framework, state: CycleState, pi: PodInfo, nodes: NodeInfo[]): Float64Array | SchedError {
    if (!fw.hasScorePlugins()) {
      const t = new Float64Array(nodes.length).fill(1);
      if (this.scoreDetail) for (const ni of nodes) this.scoreDetail[ni.name] = { total: 1, plugins: {} };
      return t;
    }
    const ps = fw.runPreScorePlugins(state, pi, nodes);
    if (ps) return new SchedError(ps.message());
    const { table, status } = fw.runScorePlugins(state, pi, nodes);
    if (status || !table) return new SchedError(status ? status.message() : 'scoring failed');
    this.recordScores(nodes, table);
    return table.totals;
  }

  private recordScores(nodes: NodeInfo[], table: ScoreTable): void {
    const n = table.n;
    if (this.scoreDetail) {
      for (let i = 0; i < n; i++) {
        const plugins: Record<string, number> = {};
        for (let p = 0; p < table.plugins.length; p++) plugins[table.plugins[p].name] = table.normalized[p * n + i];
        this.scoreDetail[nodes[i].name] = { total: table.totals[i], plugins };
      }
    }
    const sink = this.h.trace();
    if (sink && this.h.traceNodes()) {
      const t = this.h.now();
      const cycle = this.cycleIndex;
      for (let p = 0; p < table.plugins.length; p++) {
        const plugin = table.plugins[p].name;
        const weight = table.weights[p];
        for (let i = 0; i < n; i++) {
          const v = table.normalized[p * n + i];
          // The event as emit() would build it ({t, cycle, ...ev}), in one object.
          sink.emit({
            t,
            cycle,
            type: 'score',
            plugin,
            node: nodes[i].name,
            raw: table.raw ? table.raw[p * n + i] : v,
            normalized: v,
            weight,
            weighted: v * weight,
          });
        }
      }
      const totals: { node: string; total: number }[] = [];
      for (let i = 0; i < n; i++) totals.push({ node: nodes[i].name, total: table.totals[i] });
      this.emit({ type: 'scoreTotals', totals });
    }
  }

  /** upstream selectHost: reservoir sampling among the nodes with the highest total. */
  private selectHost(nodes: NodeInfo[], totals: Float64Array): { host: string; ties: string[] | null } {
    let max = -Infinity;
    for (let i = 0; i < totals.length; i++) if (totals[i] > max) max = totals[i];
    let selected = -1;
    let cnt = 0;
    const wantTies = this.verdicts !== null || this.h.trace() !== null;
    const ties: string[] | null = wantTies ? [] : null;
    for (let i = 0; i < totals.length; i++) {
      if (totals[i] !== max) continue;
      cnt++;
      if (ties) ties.push(nodes[i].name);
      if (cnt === 1) selected = i;
      else if (this.h.randInt(cnt) === 0) selected = i;
    }
    const host = nodes[selected].name;
    if (this.h.trace()) this.emit({ type: 'selectHost', node: host, score: max, ties, scoringSkipped: false });
    return { host, ties };
  }

}
