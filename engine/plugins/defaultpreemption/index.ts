// DefaultPreemption (upstream pkg/scheduler/framework/plugins/defaultpreemption and the generic
// evaluator in pkg/scheduler/framework/preemption), kube-scheduler v1.35.
//
// PostFilter: when no node passed Filter, find nodes where evicting lower-priority pods lets the
// pod fit, pick one, evict the victims and nominate the node.
//
//   1. Eligibility: preemptionPolicy Never -> "not eligible due to preemptionPolicy=Never."; a pod
//      whose nominated node still holds a lower-priority pod terminating because of preemption
//      (DisruptionTarget/PreemptionByScheduler) waits: "not eligible due to a terminating pod on
//      the nominated node." (unless that node is now UnschedulableAndUnresolvable).
//   2. Candidates: only nodes whose filter status is Unschedulable are dry-run (the others get
//      "Preemption is not helpful for scheduling"), starting at a random offset, until enough
//      candidates are found: max(minCandidateNodesAbsolute, n*minCandidateNodesPercentage/100)
//      (capped at n), and at least one that violates no PDB if any was found so far.
//      Dry run on a node: clone NodeInfo and CycleState, remove every lower-priority pod
//      (PreFilter RemovePod extensions), check the pod fits (Filter with nominated pods), then
//      reprieve greedily: PDB-violating pods first, then the others, each most important first
//      (MoreImportantPod: priority, then older start time), keeping back each pod the preemptor
//      still fits with.
//   3. No candidate: Unschedulable "0/N nodes are available: ..." (FitError of the dry run) and
//      the pod's nomination is cleared.
//   4. Pick (pickOneNodeForPreemption): fewest PDB violations, lowest highest victim priority,
//      lowest sum of (priority + 2^31), fewest victims, latest start time of the highest-priority
//      victims; remaining ties: upstream takes Go map order (arbitrary), here a seeded random pick.
//   5. Prepare: evict the victims (Handle.evictPod; those already terminating are skipped), clear
//      the nominations of lower-priority pods nominated to that node, and return the node as the
//      pod's nominated node.
//
// Async preemption (SchedulerAsyncPreemption, beta and on by default since v1.33): upstream runs
// step 5's API calls in a goroutine and PreEnqueue keeps the preemptor out of the queue
// ("waiting for the preemption for this pod to be finished") until they are done. Evictions
// through Handle.evictPod complete synchronously here, so the preemptor is never blocked by the
// time PostFilter returns; the order of the async path is kept (nominations cleared before the
// evictions, nothing at all when every victim is already terminating).
//
// Determinism (upstream runs the dry run on 16 goroutines and cancels when enough candidates are
// found): nodes are examined one by one in offset order, which is upstream's result with
// parallelism 1 (as its own tests run the candidate-limit cases). Victims are sorted with a port
// of Go's sort.Slice (gosort.ts), so equal-priority pods without a start time (compared through
// time.Now() upstream) come out in upstream's order.
//
// Speed-ups that never change a result (tests compare them on and off):
//   - resource precheck: a node where NodeResourcesFit rejects the pod even without any
//     lower-priority pod is not dry-run; its exact status is computed only if no candidate exists;
//   - reprieve fast-fail: a pod whose return provably breaks NodeResourcesFit stays a victim
//     without the add/filter/remove round trip (not while tracing, whose steps show the status);
//   - memo: with only node-local filters running (NODE_LOCAL_FILTERS; needs
//     Handle.filterPluginNames), a node's dry-run result is reused for the next preemptor with the
//     same spec while the node's generation, its nominated pods and the PDBs are unchanged.

import {
  Code,
  QueueingHint,
  Status,
  isSuccess,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type Handle,
  type NodeInfo,
  type NodeToStatus,
  type PdbInfo,
  type PluginFactory,
  type PodInfo,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreEnqueuePlugin,
} from '../../framework/types';
import { fitErrorMessage } from '../../framework/fiterror';
import { addPod, cloneNodeInfo, removePod } from '../../cache/nodeinfo';
import { goSortSlice } from './gosort';
import {
  earliestStartTimeOfHighestPriority,
  filterPodsWithPDBViolation,
  moreImportantPod as defaultMoreImportantPod,
} from './victims';
import type {
  PickCriterion,
  PreemptionNode,
  PreemptionPick,
  PreemptionTraceEvent,
  ReprieveStep,
  TraceStatus,
} from './trace';

export * from './trace';
export { moreImportantPod, filterPodsWithPDBViolation, earliestStartTimeOfHighestPriority, podStartTime } from './victims';
export { goSortSlice } from './gosort';

export const Name = 'DefaultPreemption';

/** Reasons and messages, exactly as upstream. */
export const MSG_PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const MSG_TERMINATING_ON_NOMINATED = 'not eligible due to a terminating pod on the nominated node.';
export const REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
export const REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NO_CANDIDATE = 'no candidate node for preemption';
export const MSG_WAITING = 'waiting for the preemption for this pod to be finished';
export const MSG_NO_NODES = 'no nodes available';

/** DefaultPreemptionArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

export const DEFAULT_ARGS: Readonly<DefaultPreemptionArgs> = {
  minCandidateNodesPercentage: 10,
  minCandidateNodesAbsolute: 100,
};

/** Upstream ValidateDefaultPreemptionArgs; returns the error messages (empty = valid). */
export function validateArgs(args: DefaultPreemptionArgs): string[] {
  const errs: string[] = [];
  const p = args.minCandidateNodesPercentage;
  const a = args.minCandidateNodesAbsolute;
  if (!Number.isInteger(p) || p < 0 || p > 100) errs.push('minCandidateNodesPercentage: not in valid range [0, 100]');
  if (!Number.isInteger(a) || a < 0) errs.push('minCandidateNodesAbsolute: not in valid range [0, inf)');
  if (p === 0 && a === 0) {
    errs.push('minCandidateNodesPercentage and minCandidateNodesAbsolute: cannot both be zero');
  }
  return errs;
}

/** A node where the preemptor fits once `victims` are gone. */
export interface Candidate {
  name: string;
  /** Most important first (upstream keeps them sorted that way). */
  victims: PodInfo[];
  numPDBViolations: number;
}

export interface SelectVictimsResult {
  victims: PodInfo[];
  numPDBViolations: number;
  /** null = the pod fits with `victims` evicted. */
  status: Status | null;
}

/** Upstream IsEligiblePodFunc: extra victim filtering on top of "lower priority". */
export type IsEligiblePodFunc = (nodeInfo: NodeInfo, victim: PodInfo, preemptor: PodInfo) => boolean;
/** Upstream MoreImportantPodFunc. */
export type MoreImportantPodFunc = (a: PodInfo, b: PodInfo) => boolean;

export interface DefaultPreemptionOptions {
  /** Feature gate SchedulerAsyncPreemption (default true in v1.35). */
  enableAsyncPreemption?: boolean;
  /**
   * Skip the dry run on nodes where NodeResourcesFit provably rejects the pod even without any
   * lower-priority pod (the exact status is computed later, only if no candidate is found).
   * Default true; it never changes results.
   */
  resourcePrecheck?: boolean;
  /**
   * Reuse a node's dry-run result for the next preemptor with the same spec while the node, its
   * nominated pods and the PDBs are unchanged, when every Filter plugin that runs is node-local
   * (see NODE_LOCAL_FILTERS). Default true; it never changes results. Off while tracing.
   */
  memoize?: boolean;
}

/**
 * In-tree Filter plugins whose verdict on a node depends only on that node (its NodeInfo and Node
 * object) and on the pod's spec: with only these running (the others skipped by their PreFilter),
 * a dry run on an unchanged node gives the same result for pods with the same spec.
 */
export const NODE_LOCAL_FILTERS: ReadonlySet<string> = new Set([
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
]);

interface MemoEntry {
  generation: number;
  /** The node's nominated pods (other than the preemptor) when the result was computed. */
  nominated: PodInfo[];
  result: SelectVictimsResult | typeof DEFERRED;
  /** The Candidate made of `result`, once made (candidates are never changed). */
  candidate?: Candidate;
}

const NO_VICTIMS_STATUS = Status.unresolvable(REASON_NO_VICTIMS);
const NO_PODS: PodInfo[] = [];

const allEligible: IsEligiblePodFunc = () => true;

/** NodeToStatus of the dry run (upstream framework.NodeToStatus). */
export class DryRunNodeToStatus implements NodeToStatus {
  private readonly map = new Map<string, Status>();
  absent: Status | null = Status.unresolvable();
  get(nodeName: string): Status | undefined {
    return this.map.get(nodeName);
  }
  set(nodeName: string, status: Status): void {
    this.map.set(nodeName, status);
  }
  entries(): Iterable<[string, Status]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
}

export interface DryRunResult {
  candidates: Candidate[];
  nodeStatuses: DryRunNodeToStatus;
  /** Messages of Error statuses met on the way (upstream's aggregated error). */
  errors: string[];
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in "[a, b]". */
export function aggregateErrors(errs: string[]): string {
  if (errs.length === 1) return errs[0];
  const seen: string[] = [];
  for (const e of errs) if (!seen.includes(e)) seen.push(e);
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

function podKey(pi: PodInfo): string {
  return pi.key;
}

function traceStatus(s: Status): TraceStatus {
  return { code: CODE_NAME[s.code] ?? String(s.code), plugin: s.plugin, reasons: [...s.reasons] };
}

const CODE_NAME: Record<number, string> = {
  0: 'Success',
  1: 'Error',
  2: 'Unschedulable',
  3: 'UnschedulableAndUnresolvable',
  4: 'Wait',
  5: 'Skip',
  6: 'Pending',
};

/** Upstream podTerminatingByPreemption: deletion started and DisruptionTarget=True/PreemptionByScheduler. */
export function podTerminatingByPreemption(pi: PodInfo): boolean {
  if (!isTerminating(pi)) return false;
  for (const c of pi.pod.status?.conditions ?? []) {
    if (c.type === 'DisruptionTarget') return c.status === 'True' && c.reason === 'PreemptionByScheduler';
  }
  return false;
}

function isTerminating(pi: PodInfo): boolean {
  return pi.deletionTime != null || pi.pod.metadata?.deletionTimestamp != null;
}

/** Internal marker: a node skipped by the resource precheck (it cannot become a candidate). */
const DEFERRED = Symbol('deferred');

export class DefaultPreemption implements PostFilterPlugin, PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Name;
  readonly args: DefaultPreemptionArgs;
  readonly enableAsyncPreemption: boolean;
  resourcePrecheck: boolean;
  memoize: boolean;
  /** Upstream's IsEligiblePod hook (default: every lower-priority pod is eligible). */
  isEligiblePod: IsEligiblePodFunc = allEligible;
  /** Upstream's MoreImportantPod hook. */
  moreImportantPod: MoreImportantPodFunc = defaultMoreImportantPod;
  /** UIDs of preemptors whose victims are being evicted (upstream Evaluator.preempting). */
  private readonly preempting = new Set<string>();
  /** Dry-run results of the last preemptor spec, by node name (see DefaultPreemptionOptions.memoize). */
  private memo: {
    sig: string;
    nodes: Map<string, MemoEntry>;
    /** Nominator version the entries are up to date with (-1: nominations compared per node). */
    nomVersion: number;
    /** A node whose entry was computed for a preemptor nominated to it (valid for it only). */
    podSpecific: string | null;
  } | null = null;
  /** Whether the active memo follows nominations through the nominator's change log. */
  private memoByLog = false;
  /** The memo table in use during the current preempt() call, if reuse is allowed. */
  private activeMemo: Map<string, MemoEntry> | null = null;
  /** The memo entry of the node checkNodeMemo last looked at (the candidate made of it is kept there). */
  private lastEntry: MemoEntry | undefined = undefined;
  /** Scratch space of pickOneNodeForPreemption. */
  private pickScores = new Float64Array(0);
  /** Whether the reprieve loop may use the NodeResourcesFit proof (set per preempt() call). */
  private fitProof = false;

  constructor(
    args: Partial<DefaultPreemptionArgs> | undefined,
    private readonly handle: Handle,
    opts: DefaultPreemptionOptions = {},
  ) {
    this.args = {
      minCandidateNodesPercentage: args?.minCandidateNodesPercentage ?? DEFAULT_ARGS.minCandidateNodesPercentage,
      minCandidateNodesAbsolute: args?.minCandidateNodesAbsolute ?? DEFAULT_ARGS.minCandidateNodesAbsolute,
    };
    const errs = validateArgs(this.args);
    if (errs.length > 0) throw new Error(errs.join('; '));
    this.enableAsyncPreemption = opts.enableAsyncPreemption ?? true;
    this.resourcePrecheck = opts.resourcePrecheck ?? true;
    this.memoize = opts.memoize ?? true;
  }

  // ---- PreEnqueue / EnqueueExtensions ---------------------------------------------------------

  preEnqueue(pod: PodInfo): Status | null {
    if (!this.enableAsyncPreemption) return null;
    if (this.preempting.has(pod.uid)) return Status.unresolvable(MSG_WAITING);
    return null;
  }

  /** Whether the preemptor's eviction calls are still running (upstream IsPodRunningPreemption). */
  isPodRunningPreemption(uid: string): boolean {
    return this.preempting.has(uid);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    if (!this.enableAsyncPreemption) return [];
    // Pods are only ever rejected by PreEnqueue while their preemption runs; the plugins whose
    // failures preemption resolves decide requeueing, hence Skip.
    return [{ event: { resource: 'AssignedPod', action: 'Delete' }, hint: () => QueueingHint.Skip }];
  }

  // ---- PostFilter -----------------------------------------------------------------------------

  postFilter(
    state: CycleState,
    pod: PodInfo,
    filteredNodeStatusMap: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status | null } {
    const { result, status } = this.preempt(state, pod, filteredNodeStatusMap);
    if (status && status.code !== Code.Success) {
      const msg = status.message();
      if (msg.length > 0) return { result, status: new Status(status.code, ['preemption: ' + msg]) };
    }
    return { result, status };
  }

  /** Upstream Evaluator.Preempt. Status messages here are without the "preemption: " prefix. */
  preempt(
    state: CycleState,
    pod: PodInfo,
    m: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status | null } {
    const h = this.handle;
    // 1) Eligibility.
    const nominatedName = pod.pod.status?.nominatedNodeName ?? '';
    const nominatedStatus = nominatedName ? (m.get(nominatedName) ?? m.absent) : null;
    const [eligible, why] = this.podEligibleToPreemptOthers(pod, nominatedStatus);
    if (!eligible) {
      this.emit({ type: 'preemption', stage: 'notEligible', t: h.now(), pod: podKey(pod), reason: why });
      return { result: null, status: Status.unschedulable(why) };
    }

    // 2) Candidates.
    const snapshot = h.snapshot();
    const allNodes = snapshot.nodeInfoList;
    if (allNodes.length === 0) return this.fail(pod, MSG_NO_NODES);
    const potential: NodeInfo[] = [];
    const byPos = m.statusesFor?.(allNodes) ?? null;
    for (let i = 0; i < allNodes.length; i++) {
      const ni = allNodes[i];
      const s = byPos !== null ? (byPos[i] ?? m.absent) : (m.get(ni.name) ?? m.absent);
      if (s && s.code === Code.Unschedulable) potential.push(ni);
    }
    let dry: DryRunResult;
    if (potential.length === 0) {
      dry = { candidates: [], nodeStatuses: new DryRunNodeToStatus(), errors: [] };
      this.emitStart(pod, allNodes.length, 0, 0, 0, 0);
    } else {
      const pdbs = h.pdbs();
      const [offset, numCandidates] = this.getOffsetAndNumCandidates(potential.length);
      this.emitStart(pod, allNodes.length, potential.length, offset, numCandidates, pdbs.length);
      dry = this.dryRunPreemption(state, pod, potential, pdbs, offset, numCandidates);
    }
    if (dry.errors.length > 0 && dry.candidates.length === 0) return this.fail(pod, aggregateErrors(dry.errors));

    // A FitError only when no candidate lets the pod fit; the pod's nomination is cleared.
    if (dry.candidates.length === 0) {
      dry.nodeStatuses.absent = Status.unresolvable(REASON_NOT_HELPFUL);
      const message = fitErrorMessage(allNodes.length, dry.nodeStatuses);
      this.emit({ type: 'preemption', stage: 'noCandidates', t: h.now(), pod: podKey(pod), message });
      return { result: { nominatedNodeName: null }, status: Status.unschedulable(message) };
    }

    // 3) Extenders: none in this simulator.
    // 4) The best candidate.
    const best = this.selectCandidate(dry.candidates, pod);
    if (!best || best.name === '') return { result: null, status: Status.unschedulable(MSG_NO_CANDIDATE) };

    // 5) Evict, clear lower-priority nominations, nominate.
    this.prepareCandidate(best, pod);
    return { result: { nominatedNodeName: best.name }, status: null };
  }

  private fail(pod: PodInfo, message: string): { result: null; status: Status } {
    this.emit({ type: 'preemption', stage: 'error', t: this.handle.now(), pod: podKey(pod), message });
    return { result: null, status: Status.error(message) };
  }

  /** Upstream PodEligibleToPreemptOthers. */
  podEligibleToPreemptOthers(pod: PodInfo, nominatedNodeStatus: Status | null | undefined): [boolean, string] {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return [false, MSG_PREEMPTION_POLICY_NEVER];
    const nomName = pod.pod.status?.nominatedNodeName;
    if (nomName) {
      // A nominated node that the filters now call UnschedulableAndUnresolvable: preempt again.
      if (nominatedNodeStatus?.code === Code.UnschedulableAndUnresolvable) return [true, ''];
      const ni = this.handle.snapshot().get(nomName);
      if (ni) {
        for (const p of ni.pods) {
          if (this.isPreemptionAllowed(ni, p, pod) && podTerminatingByPreemption(p)) {
            return [false, MSG_TERMINATING_ON_NOMINATED];
          }
        }
      }
    }
    return [true, ''];
  }

  isPreemptionAllowed(nodeInfo: NodeInfo, victim: PodInfo, preemptor: PodInfo): boolean {
    return victim.priority < preemptor.priority && this.isEligiblePod(nodeInfo, victim, preemptor);
  }

  /** Upstream calculateNumCandidates (int32 arithmetic). */
  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.args.minCandidateNodesPercentage) / 100);
    if (n < this.args.minCandidateNodesAbsolute) n = this.args.minCandidateNodesAbsolute;
    if (n > numNodes) n = numNodes;
    return n;
  }

  /** Upstream GetOffsetAndNumCandidates: rand.Int31n(numNodes) as the offset. */
  getOffsetAndNumCandidates(numNodes: number): [number, number] {
    let offset = Math.floor(this.handle.rand() * numNodes);
    if (offset >= numNodes) offset = numNodes - 1;
    if (offset < 0) offset = 0;
    return [offset, this.calculateNumCandidates(numNodes)];
  }

  /**
   * Upstream DryRunPreemption with parallelism 1: nodes from `offset` on (wrapping), stopping once
   * at least one non-violating candidate exists and the candidates number `numCandidates`. Each
   * candidate list keeps at most `numCandidates` entries (upstream candidateList).
   */
  dryRunPreemption(
    state: CycleState,
    pod: PodInfo,
    potentialNodes: NodeInfo[],
    pdbs: PdbInfo[],
    offset: number,
    numCandidates: number,
  ): DryRunResult {
    const deferred: { ni: NodeInfo; index: number }[] = [];
    const fitRuns = this.fitPrecheckApplies(state);
    const precheck = this.resourcePrecheck && fitRuns;
    this.fitProof = precheck && !this.handle.trace;
    this.activeMemo = this.memoize ? this.memoTable(state, pod, pdbs, precheck) : null;
    try {
      return this.dryRun(state, pod, potentialNodes, pdbs, offset, numCandidates, precheck, deferred);
    } finally {
      this.activeMemo = null;
      this.fitProof = false;
    }
  }

  private dryRun(
    state: CycleState,
    pod: PodInfo,
    potentialNodes: NodeInfo[],
    pdbs: PdbInfo[],
    offset: number,
    numCandidates: number,
    precheck: boolean,
    deferred: { ni: NodeInfo; index: number }[],
  ): DryRunResult {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const nodeStatuses = new DryRunNodeToStatus();
    const errors: string[] = [];
    const n = potentialNodes.length;
    const memo = this.activeMemo;
    for (let i = 0; i < n; i++) {
      const ni = potentialNodes[(offset + i) % n];
      const r = this.checkNodeMemo(state, pod, ni, pdbs, i, precheck);
      if (r === DEFERRED) {
        deferred.push({ ni, index: i });
        continue;
      }
      if (isSuccess(r.status) && r.victims.length > 0) {
        let c: Candidate;
        const e = memo !== null ? this.lastEntry : undefined;
        if (e !== undefined && e.result === r) {
          c = e.candidate ??= new CandidateRecord(ni.name, r.victims, r.numPDBViolations);
        } else {
          c = new CandidateRecord(ni.name, r.victims, r.numPDBViolations);
        }
        if (r.numPDBViolations === 0) {
          if (nonViolating.length < numCandidates) nonViolating.push(c);
        } else if (violating.length < numCandidates) {
          violating.push(c);
        }
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      const status = isSuccess(r.status)
        ? Status.error(`expected at least one victim pod on node ${JSON.stringify(ni.name)}`)
        : (r.status as Status);
      if (status.code === Code.Error) errors.push(status.message());
      nodeStatuses.set(ni.name, status);
    }
    const candidates = nonViolating.concat(violating);
    if (candidates.length === 0) {
      // The precheck proved these nodes cannot host the pod; their exact statuses are needed now.
      for (const { ni, index } of deferred) {
        const r = this.checkNode(state, pod, ni, pdbs, index, false);
        if (r === DEFERRED) continue;
        const status = isSuccess(r.status)
          ? Status.error(`expected at least one victim pod on node ${JSON.stringify(ni.name)}`)
          : (r.status as Status);
        if (status.code === Code.Error) errors.push(status.message());
        nodeStatuses.set(ni.name, status);
      }
    }
    return { candidates, nodeStatuses, errors };
  }

  /** The NodeResourcesFit filter runs in this cycle (enabled and not skipped by its PreFilter). */
  private fitPrecheckApplies(state: CycleState): boolean {
    return this.handle.hasFilterPlugin('NodeResourcesFit') && !state.skipFilterPlugins.has('NodeResourcesFit');
  }

  /**
   * The memo table for this preemptor, or null when reuse is not provably safe: tracing, custom
   * hooks, no list of filter plugins, or a non-node-local filter that runs for this pod.
   */
  private memoTable(state: CycleState, pod: PodInfo, pdbs: PdbInfo[], precheck: boolean): Map<string, MemoEntry> | null {
    const h = this.handle;
    if (h.trace) return null;
    if (this.isEligiblePod !== allEligible || this.moreImportantPod !== defaultMoreImportantPod) return null;
    const names = h.filterPluginNames?.();
    if (!names) return null;
    for (const name of names) {
      if (!NODE_LOCAL_FILTERS.has(name) && !state.skipFilterPlugins.has(name)) return null;
    }
    const pdbKey = pdbs.map((p) => [p.namespace, p.name, p.disruptionsAllowed, [...p.disruptedPods].sort()]);
    const skipped = [...state.skipFilterPlugins].sort();
    const sig = JSON.stringify([pod.namespace, pod.priority, pod.labels, pod.pod.spec ?? null, pdbKey, skipped, precheck]);
    if (!this.memo || this.memo.sig !== sig) this.memo = { sig, nodes: new Map(), nomVersion: -1, podSpecific: null };
    const memo = this.memo;
    // With the nominator's change log, entries of nodes whose nominations changed are dropped
    // here, and a lookup only compares the node's generation. The node the preemptor itself is
    // nominated to is recomputed (its own nomination does not count) and dropped afterwards.
    const nom = h.nominator;
    const v = nom.version;
    this.memoByLog = v !== undefined && nom.changedNodesSince !== undefined;
    if (this.memoByLog) {
      if (v !== memo.nomVersion) {
        const changed = memo.nomVersion < 0 ? null : nom.changedNodesSince!(memo.nomVersion);
        if (changed === null) memo.nodes.clear();
        else for (const name of changed) memo.nodes.delete(name);
        memo.nomVersion = v!;
      }
      if (memo.podSpecific !== null) {
        memo.nodes.delete(memo.podSpecific);
        memo.podSpecific = null;
      }
      const own = nom.nominatedNodeFor?.(pod.key) ?? pod.pod.status?.nominatedNodeName;
      if (own) {
        memo.nodes.delete(own);
        memo.podSpecific = own;
      }
    } else {
      memo.nomVersion = -1;
    }
    return memo.nodes;
  }

  private checkNodeMemo(
    state: CycleState,
    pod: PodInfo,
    ni: NodeInfo,
    pdbs: PdbInfo[],
    index: number,
    precheck: boolean,
  ): SelectVictimsResult | typeof DEFERRED {
    const memo = this.activeMemo;
    if (!memo) return this.checkNode(state, pod, ni, pdbs, index, precheck);
    if (this.memoByLog) {
      let e = memo.get(ni.name);
      this.lastEntry = e;
      if (e && e.generation === ni.generation) return e.result;
      const result = this.checkNode(state, pod, ni, pdbs, index, precheck);
      if (e) {
        e.generation = ni.generation;
        e.result = result;
        e.candidate = undefined;
      } else {
        e = { generation: ni.generation, nominated: NO_PODS, result };
        memo.set(ni.name, e);
      }
      this.lastEntry = e;
      return result;
    }
    const all = this.handle.nominator.nominatedPodsForNode(ni.name);
    const e = memo.get(ni.name);
    this.lastEntry = e;
    if (e && e.generation === ni.generation && sameNominated(e.nominated, all, pod)) return e.result;
    const result = this.checkNode(state, pod, ni, pdbs, index, precheck);
    const entry: MemoEntry = { generation: ni.generation, nominated: withoutPod(all, pod), result };
    memo.set(ni.name, entry);
    this.lastEntry = entry;
    return result;
  }

  private checkNode(
    state: CycleState,
    pod: PodInfo,
    ni: NodeInfo,
    pdbs: PdbInfo[],
    index: number,
    precheck: boolean,
  ): SelectVictimsResult | typeof DEFERRED {
    const trace = this.handle.trace;
    const potential: PodInfo[] = [];
    for (const p of ni.pods) if (this.isPreemptionAllowed(ni, p, pod)) potential.push(p);
    if (potential.length === 0) {
      // Nothing to remove: the node's state would not change, no dry run.
      if (trace) this.emitNode(pod, ni, index, 'noVictims', potential, null, [], NO_VICTIMS_STATUS);
      return { victims: [], numPDBViolations: 0, status: NO_VICTIMS_STATUS };
    }
    if (precheck && cannotFitEvenWithout(pod, ni, potential)) {
      if (trace) this.emitNode(pod, ni, index, 'cannotFit', potential, null, [], null);
      return DEFERRED;
    }
    const steps: ReprieveStep[] | null = trace ? [] : null;
    const r = this.selectVictimsOnNode(state.clone(), pod, cloneNodeInfo(ni), pdbs, potential, steps);
    if (trace) {
      const outcome = isSuccess(r.status)
        ? 'candidate'
        : (r.status as Status).code === Code.Error
          ? 'error'
          : 'doesNotFit';
      this.emitNode(pod, ni, index, outcome, potential, r, steps ?? [], r.status);
    }
    return r;
  }

  /**
   * Upstream SelectVictimsOnNode, on a copy of the node and of the cycle state (both are
   * mutated). `potential` may be given (the lower-priority pods of the node, in node order);
   * `steps` collects the reprieve decisions for the trace.
   */
  selectVictimsOnNode(
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
    pdbs: PdbInfo[],
    potential?: PodInfo[],
    steps?: ReprieveStep[] | null,
  ): SelectVictimsResult {
    const h = this.handle;
    let potentialVictims: PodInfo[];
    if (potential) {
      potentialVictims = potential.slice();
    } else {
      potentialVictims = [];
      for (const p of nodeInfo.pods) if (this.isPreemptionAllowed(nodeInfo, p, pod)) potentialVictims.push(p);
    }
    const fail = (s: Status): SelectVictimsResult => ({ victims: [], numPDBViolations: 0, status: s });

    // Remove every eligible pod, then check the pod fits without them.
    for (const pi of potentialVictims) {
      removePod(nodeInfo, pi);
      const s = h.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
      if (!isSuccess(s)) return fail(Status.error((s as Status).message()));
    }
    if (potentialVictims.length === 0) return fail(NO_VICTIMS_STATUS);

    // Not fitting even without them: not a candidate (pod affinity to one of the victims is
    // deliberately not handled, as upstream).
    const fitStatus = h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (!isSuccess(fitStatus)) return fail(fitStatus as Status);

    // Most important first, then PDB-violating pods reprieved before the others.
    const less = this.moreImportantPod;
    goSortSlice(potentialVictims, less);
    const split = filterPodsWithPDBViolation(potentialVictims, pdbs, steps != null);
    const victims: PodInfo[] = [];
    let numViolating = 0;
    let err: Status | null = null;

    const proof = this.fitProof && !steps;
    const reprieve = (pi: PodInfo, violating: boolean): boolean => {
      // NodeResourcesFit provably rejects the pod with pi back: it stays a victim, and the
      // add/filter/remove round trip (which leaves node and state as they are) is skipped.
      if (proof && cannotFitWith(pod, nodeInfo, pi)) {
        victims.push(pi);
        return false;
      }
      addPod(nodeInfo, pi);
      const sa = h.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
      if (!isSuccess(sa)) {
        err = Status.error((sa as Status).message());
        return false;
      }
      const s = h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
      const fits = isSuccess(s);
      if (!fits) {
        removePod(nodeInfo, pi);
        const sr = h.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
        if (!isSuccess(sr)) {
          err = Status.error((sr as Status).message());
          return false;
        }
        victims.push(pi);
      }
      if (steps) {
        steps.push({
          pod: pi.key,
          priority: pi.priority,
          pdbViolating: violating,
          pdbs: split.violated?.get(pi.uid) ?? [],
          reprieved: fits,
          ...(fits ? {} : { status: traceStatus(s as Status) }),
        });
      }
      return fits;
    };
    for (const pi of split.violating) {
      const fits = reprieve(pi, true);
      if (err) return fail(err);
      if (!fits) numViolating++;
    }
    for (const pi of split.nonViolating) {
      reprieve(pi, false);
      if (err) return fail(err);
    }
    // Keep the victims ordered by importance (upstream re-sorts only when both groups were non-empty).
    if (split.violating.length !== 0 && split.nonViolating.length !== 0) goSortSlice(victims, less);
    return { victims, numPDBViolations: numViolating, status: null };
  }

  /** Upstream SelectCandidate + pickOneNodeForPreemption. */
  selectCandidate(candidates: Candidate[], pod?: PodInfo): Candidate | null {
    if (candidates.length === 0) return null;
    if (candidates.length === 1) {
      if (pod && this.handle.trace) this.emitPick(pod, candidates, candidates[0], 'single', undefined);
      return candidates[0];
    }
    const { chosen, decidedBy, tied } = this.pickOneNodeForPreemption(candidates);
    if (pod && this.handle.trace) this.emitPick(pod, candidates, chosen, decidedBy, tied);
    return chosen;
  }

  /**
   * pickOneNodeForPreemption: each criterion keeps the candidates with the best score; the first
   * criterion that leaves one decides. Candidates' victims are ordered most important first.
   */
  pickOneNodeForPreemption(candidates: Candidate[]): { chosen: Candidate; decidedBy: PickCriterion; tied?: string[] } {
    let remaining = candidates;
    let scores = this.pickScores;
    for (let k = 0; k < PICK_CRITERIA.length; k++) {
      const n = remaining.length;
      if (scores.length < n) scores = this.pickScores = new Float64Array(Math.max(n, scores.length * 2));
      let best = Number.NEGATIVE_INFINITY;
      let bestAt = -1;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const sc = pickScore(k, remaining[i]);
        scores[i] = sc;
        if (sc > best) {
          best = sc;
          bestAt = i;
          count = 1;
        } else if (sc === best) count++;
      }
      if (count === 1) return { chosen: remaining[bestAt], decidedBy: PICK_CRITERIA[k] };
      if (count < n) {
        const selected: Candidate[] = [];
        for (let i = 0; i < n; i++) if (scores[i] === best) selected.push(remaining[i]);
        remaining = selected;
      }
    }
    // Still tied: upstream returns the first of a list built from Go map iteration (arbitrary).
    let idx = Math.floor(this.handle.rand() * remaining.length);
    if (idx >= remaining.length) idx = remaining.length - 1;
    const tiedOnes = remaining;
    return {
      chosen: remaining[idx],
      decidedBy: 'tie',
      // Names only when read (tracing): the tie may be among thousands of nodes.
      get tied() {
        return tiedOnes.map((c) => c.name);
      },
    };
  }

  /** Upstream prepareCandidate / prepareCandidateAsync (with synchronous API calls). */
  prepareCandidate(c: Candidate, pod: PodInfo): void {
    const h = this.handle;
    const reason = `${pod.pod.spec?.schedulerName || 'default-scheduler'}: preempting to accommodate a higher priority pod`;
    const toEvict: PodInfo[] = [];
    const alreadyTerminating: string[] = [];
    for (const v of c.victims) {
      if (isTerminating(v)) alreadyTerminating.push(v.key);
      else toEvict.push(v);
    }
    const cleared: string[] = [];
    const clearNominations = () => {
      for (const p of this.getLowerPriorityNominatedPods(pod, c.name)) {
        h.clearNominatedNodeName(p);
        cleared.push(p.key);
      }
    };
    if (this.enableAsyncPreemption) {
      if (toEvict.length > 0) {
        this.preempting.add(pod.uid);
        try {
          clearNominations();
          for (const v of toEvict) h.evictPod(v, reason, pod);
        } finally {
          this.preempting.delete(pod.uid);
        }
      }
    } else {
      for (const v of toEvict) h.evictPod(v, reason, pod);
      clearNominations();
    }
    this.emit({
      type: 'preemption',
      stage: 'prepare',
      t: h.now(),
      pod: podKey(pod),
      node: c.name,
      victims: c.victims.map(podKey),
      alreadyTerminating,
      clearedNominations: cleared,
    });
  }

  /** Upstream getLowerPriorityNominatedPods. */
  getLowerPriorityNominatedPods(pod: PodInfo, nodeName: string): PodInfo[] {
    const out: PodInfo[] = [];
    for (const p of this.handle.nominator.nominatedPodsForNode(nodeName)) {
      if (p.priority < pod.priority) out.push(p);
    }
    return out;
  }

  // ---- trace helpers --------------------------------------------------------------------------

  private emit(e: PreemptionTraceEvent): void {
    const sink = this.handle.trace;
    if (sink) sink.emit(e as unknown as { type: string } & Record<string, unknown>);
  }

  private emitStart(
    pod: PodInfo,
    allNodes: number,
    potentialNodes: number,
    offset: number,
    numCandidates: number,
    pdbs: number,
  ): void {
    if (!this.handle.trace) return;
    this.emit({
      type: 'preemption',
      stage: 'start',
      t: this.handle.now(),
      pod: podKey(pod),
      priority: pod.priority,
      allNodes,
      potentialNodes,
      notHelpful: allNodes - potentialNodes,
      offset,
      numCandidates,
      pdbs,
    });
  }

  private emitNode(
    pod: PodInfo,
    ni: NodeInfo,
    index: number,
    outcome: PreemptionNode['outcome'],
    potential: PodInfo[],
    r: SelectVictimsResult | null,
    steps: ReprieveStep[],
    status: Status | null,
  ): void {
    // Potential victims in reprieve order (most important first), as the dry run sorted them.
    const ordered = potential.slice();
    goSortSlice(ordered, this.moreImportantPod);
    this.emit({
      type: 'preemption',
      stage: 'node',
      t: this.handle.now(),
      pod: podKey(pod),
      node: ni.name,
      index,
      outcome,
      potentialVictims: ordered.map(podKey),
      victims: r && isSuccess(r.status) ? r.victims.map(podKey) : [],
      numPDBViolations: r && isSuccess(r.status) ? r.numPDBViolations : 0,
      steps,
      ...(status ? { status: traceStatus(status) } : {}),
    });
  }

  private emitPick(
    pod: PodInfo,
    candidates: Candidate[],
    chosen: Candidate,
    decidedBy: PickCriterion,
    tied: string[] | undefined,
  ): void {
    const e: PreemptionPick = {
      type: 'preemption',
      stage: 'pick',
      t: this.handle.now(),
      pod: podKey(pod),
      node: chosen.name,
      decidedBy,
      ...(tied ? { tied } : {}),
      candidates: candidates.map((c) => {
        const est = earliestStartTimeOfHighestPriority(c.victims);
        return {
          node: c.name,
          victims: c.victims.map(podKey),
          numPDBViolations: c.numPDBViolations,
          highestPriority: c.victims[0].priority,
          sumPriorities: sumPriorities(c.victims),
          numVictims: c.victims.length,
          earliestStartTime: est === undefined ? null : est,
        };
      }),
    };
    this.emit(e);
  }
}

/**
 * The criteria of pickOneNodeForPreemption, in order; each keeps the candidates with the highest
 * pickScore: fewest PDB violations, lowest highest victim priority, lowest sum of priorities,
 * fewest victims, latest start time of the highest-priority victims (no start time = "now").
 */
const PICK_CRITERIA: readonly PickCriterion[] = [
  'minPDBViolations',
  'minHighestPriority',
  'minSumPriorities',
  'minNumVictims',
  'latestStartTime',
];

/** A Candidate with its pickOneNodeForPreemption scores computed once (candidates are never changed). */
class CandidateRecord implements Candidate {
  readonly scores: Float64Array;
  constructor(
    readonly name: string,
    readonly victims: PodInfo[],
    readonly numPDBViolations: number,
  ) {
    this.scores = new Float64Array(PICK_CRITERIA.length);
    for (let k = 0; k < PICK_CRITERIA.length; k++) this.scores[k] = computePickScore(k, this);
  }
}

function pickScore(k: number, c: Candidate): number {
  return c instanceof CandidateRecord ? c.scores[k] : computePickScore(k, c);
}

function computePickScore(k: number, c: Candidate): number {
  switch (k) {
    case 0:
      return -c.numPDBViolations;
    case 1:
      return -c.victims[0].priority;
    case 2:
      return -sumPriorities(c.victims);
    case 3:
      return -c.victims.length;
    default: {
      const t = earliestStartTimeOfHighestPriority(c.victims);
      return t === undefined ? Number.POSITIVE_INFINITY : t;
    }
  }
}

/** Sum of (priority + 2^31) over the victims (upstream makes every term non-negative). */
function sumPriorities(victims: PodInfo[]): number {
  let s = 0;
  for (const v of victims) s += v.priority + 2147483648;
  return s;
}

/**
 * A proof that NodeResourcesFit rejects the pod on this node even after every lower-priority pod
 * is removed (nominated pods only add usage): too many pods, or cpu / memory / ephemeral storage
 * short, computed as upstream's fitsRequest does.
 */
export function cannotFitEvenWithout(pod: PodInfo, ni: NodeInfo, removed: PodInfo[]): boolean {
  const alloc = ni.allocatable;
  if (ni.pods.length - removed.length + 1 > alloc.allowedPodNumber) return true;
  const req = pod.requests;
  if (req.milliCPU > 0) {
    let used = ni.requested.milliCPU;
    for (const p of removed) used -= p.requests.milliCPU;
    if (req.milliCPU > alloc.milliCPU - used) return true;
  }
  if (req.memory > 0) {
    let used = ni.requested.memory;
    for (const p of removed) used -= p.requests.memory;
    if (req.memory > alloc.memory - used) return true;
  }
  if (req.ephemeralStorage > 0) {
    let used = ni.requested.ephemeralStorage;
    for (const p of removed) used -= p.requests.ephemeralStorage;
    if (req.ephemeralStorage > alloc.ephemeralStorage - used) return true;
  }
  return false;
}

/**
 * A proof that NodeResourcesFit rejects the pod on the dry-run node once `added` is put back
 * (pod count, cpu, memory, ephemeral storage, as upstream's fitsRequest).
 */
export function cannotFitWith(pod: PodInfo, ni: NodeInfo, added: PodInfo): boolean {
  const alloc = ni.allocatable;
  if (ni.pods.length + 2 > alloc.allowedPodNumber) return true;
  const req = pod.requests;
  const a = added.requests;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - (ni.requested.milliCPU + a.milliCPU)) return true;
  if (req.memory > 0 && req.memory > alloc.memory - (ni.requested.memory + a.memory)) return true;
  if (
    req.ephemeralStorage > 0 &&
    req.ephemeralStorage > alloc.ephemeralStorage - (ni.requested.ephemeralStorage + a.ephemeralStorage)
  ) {
    return true;
  }
  return false;
}

function withoutPod(list: PodInfo[], pod: PodInfo): PodInfo[] {
  const out: PodInfo[] = [];
  for (const p of list) if (p.uid !== pod.uid) out.push(p);
  return out;
}

/** Same nominated PodInfo objects (by identity, in order), ignoring the preemptor itself. */
function sameNominated(saved: PodInfo[], current: PodInfo[], pod: PodInfo): boolean {
  let j = 0;
  for (const p of current) {
    if (p.uid === pod.uid) continue;
    if (j >= saved.length || saved[j] !== p) return false;
    j++;
  }
  return j === saved.length;
}

export const factory: PluginFactory = (args, handle) =>
  new DefaultPreemption(args as Partial<DefaultPreemptionArgs> | undefined, handle);
