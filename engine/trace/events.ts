// Trace events: what the engine records while it simulates, step by step.
//
// STABLE CONTRACT (the UI reads these). Every event is a plain, JSON-serializable object with a
// `type` discriminator and `t`, the virtual time in milliseconds since the start of the run.
// Events that belong to a scheduling cycle carry `cycle`, the 0-based index of that cycle in
// `SimResult.cycles`. Pods are named "namespace/name", nodes by name. Fields are only ever
// added, never renamed or removed; a consumer must ignore event types it does not know.
//
// Recording is off by default (the sink is `null` and every emit site is guarded by a null
// check, so an untraced run pays nothing). With recording on, the same scenario and seed give a
// byte-identical event list (JSON.stringify of it): no wall-clock time, no map iteration order
// that depends on anything but the input.
//
// SimulateOptions.traceLevel 'cycles' leaves out the per-node events (filter, nodeVerdict,
// score, scoreTotals, nodesSkipped); explainCycle() always records them for its cycle, and
// CycleExplainer (explain.ts) gives any cycle's full detail on demand from a paused simulation.
//
// Typical order inside one cycle:
//   cycleStart, preFilter*, (nominatedNode)?, filter* / nodeVerdict*, nodesSkipped?,
//   [unschedulable path] postFilter*, preemption/eviction events (from DefaultPreemption), cycleEnd
//   [feasible path] preScore*, score*, selectHost, reserve*, permit*, preBind*, bind, postBind*, cycleEnd
// and between cycles: clock, queueMove, podDeleted, clusterChange, and what the cluster's
// controllers do (engine/simulator/controllers/): nodeCondition, nodeTaint, eviction (with its
// cause), taintEvictionScheduled / taintEvictionCancelled, nodePressure, podCreated, jobBackoff,
// disruptionMode, and k8sEvent (the Kubernetes Events they record, as kubectl shows them).
// Controller reactions to a timed change come right after its clusterChange event; reactions to
// something that happened inside a cycle (a bind, a preemption) right after its cycleEnd.

import type { TraceSink } from '../framework/types';

/** Where a pod sits in the scheduling queue. */
export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'gated';

/** Status codes as strings (upstream framework.Code names). */
export type CodeName =
  | 'Success'
  | 'Error'
  | 'Unschedulable'
  | 'UnschedulableAndUnresolvable'
  | 'Wait'
  | 'Skip'
  | 'Pending';

interface Base {
  /** Virtual time in ms. */
  t: number;
}
interface InCycle extends Base {
  /** Index of the cycle in SimResult.cycles. */
  cycle: number;
}

/** A scheduling cycle starts: the pod just popped and what is left in the queue. */
export interface CycleStartEvent extends InCycle {
  type: 'cycleStart';
  pod: string;
  profile: string;
  /** 1 on the pod's first attempt. */
  attempt: number;
  priority: number;
  /** status.nominatedNodeName at the start of the cycle, if any. */
  nominatedNode: string | null;
  /**
   * Queue contents after the pop: at most 100 keys per sub-queue, `active` in pop order, the
   * others sorted by key; `counts` are the full sizes.
   */
  queue: {
    active: string[];
    backoff: string[];
    unschedulable: string[];
    counts: { active: number; backoff: number; unschedulable: number };
  };
}

/** One PreFilter plugin ran. `nodes` is its PreFilterResult (null = all nodes). */
export interface PreFilterEvent extends InCycle {
  type: 'preFilter';
  plugin: string;
  code: CodeName;
  reasons: string[];
  nodes: string[] | null;
}

/** PreFilter as a whole: the node set the cycle is restricted to, or the rejection. */
export interface PreFilterDoneEvent extends InCycle {
  type: 'preFilterDone';
  code: CodeName;
  /** The rejecting plugin, when PreFilter rejected the pod. */
  plugin: string | null;
  reasons: string[];
  /** Intersection of the plugins' PreFilterResults (null = all nodes). */
  nodes: string[] | null;
  /** Filter plugins skipped because their PreFilter returned Skip. */
  skippedFilterPlugins: string[];
}

/** The pod's nominated node is tried first (status.nominatedNodeName). */
export interface NominatedNodeEvent extends InCycle {
  type: 'nominatedNode';
  node: string;
  /** Whether it passed every filter. */
  passed: boolean;
}

/**
 * One Filter plugin ran on one node. Recorded for every plugin that ran on every examined node:
 * plugins run in order until the first rejection, so a node's last event names its verdict.
 * `pass` is the pass with nominated pods added (1) or without them (2); see RunFilterPluginsWithNominatedPods.
 */
export interface FilterEvent extends InCycle {
  type: 'filter';
  node: string;
  plugin: string;
  code: CodeName;
  reasons: string[];
  pass?: 1 | 2;
}

/** The verdict of one examined node: null plugin = it passed. */
export interface NodeVerdictEvent extends InCycle {
  type: 'nodeVerdict';
  node: string;
  plugin: string | null;
  code: CodeName;
  reasons: string[];
}

/** Nodes not examined in this cycle and why. */
export interface NodesSkippedEvent extends InCycle {
  type: 'nodesSkipped';
  /** 'enoughFeasible': numFeasibleNodesToFind reached; 'preFilterResult': excluded by PreFilter. */
  reason: 'enoughFeasible' | 'preFilterResult' | 'preFilterRejected';
  nodes: string[];
  /** numFeasibleNodesToFind of the cycle (only for enoughFeasible). */
  numFeasibleNodesToFind?: number;
  /** nextStartNodeIndex used by this cycle. */
  startIndex?: number;
}

/** One PostFilter plugin ran (after no node was feasible). */
export interface PostFilterEvent extends InCycle {
  type: 'postFilter';
  plugin: string;
  code: CodeName;
  reasons: string[];
  /** The nominated node it returned; '' clears the nomination; undefined = no result. */
  nominatedNode?: string | null;
}

/**
 * Emitted by the DefaultPreemption plugin through Handle.trace. `stage` tells which step:
 * 'eligible' | 'candidates' | 'victims' | 'pick' | 'notEligible' | ... Extra fields are free-form
 * but serializable.
 */
export interface PreemptionEvent extends InCycle {
  type: 'preemption';
  stage: string;
  [k: string]: unknown;
}

/** Why a pod was asked to stop. */
export type EvictionCause = 'preemption' | 'taint' | 'nodePressure' | 'drain' | 'delete' | 'scaleDown' | 'controller';

/**
 * A pod was asked to terminate: preemption victim, NoExecute taint (taint eviction controller),
 * node memory pressure (kubelet), drain, deletePod change, scale-down, a failed Job.
 */
export interface EvictionEvent extends Base {
  type: 'eviction';
  pod: string;
  node: string | null;
  /** The pod whose preemption evicted it, if any. */
  preemptor: string | null;
  reason: string;
  /** Virtual time (ms) at which it will be gone (after its termination grace period). */
  until: number;
  cycle?: number;
  /** Why (recorded when tracing). */
  cause?: EvictionCause;
  /** The acting component: 'default-scheduler', 'taint-eviction-controller', 'kubelet', ... */
  source?: string;
  /** true: the pod ends in phase Failed (kubelet eviction), not deleted. */
  failed?: boolean;
  /** The Kubernetes Event recorded for it: its reason ("Preempted", "TaintManagerEviction", "Evicted") and message. */
  eventReason?: string;
  message?: string;
  /**
   * Cause details. taint: {taint: {key, value?, effect}, taints: string[] (the node's NoExecute
   * taints), tolerated: boolean (false = not tolerated, evicted at once), tolerationSeconds:
   * number | null, taintedAt: ms, deadline: ms}. nodePressure: {resource: 'memory', available:
   * bytes, threshold: bytes, rank: 1-based position, ranking: NodePressureEvent['ranking'],
   * usage, request}.
   */
  details?: Record<string, unknown>;
}

/** A pod is gone from the cluster (its node freed). */
export interface PodDeletedEvent extends Base {
  type: 'podDeleted';
  pod: string;
  node: string | null;
  /** 'Failed' when the pod ended Failed (kubelet eviction) rather than being deleted. */
  phase?: 'Failed';
  /** Status reason of a Failed pod ("Evicted"). */
  reason?: string;
}

/** A node condition changed: set by a timed change (source 'change') or by the kubelet. */
export interface NodeConditionEvent extends Base {
  type: 'nodeCondition';
  node: string;
  condition: string;
  status: string;
  /** The status before ('' / null when the condition was absent). */
  previous: string | null;
  source: string;
  reason?: string;
}

/** The node lifecycle controller added or removed a taint (condition taints, unschedulable, not-ready/unreachable NoExecute). */
export interface NodeTaintEvent extends Base {
  type: 'nodeTaint';
  node: string;
  action: 'add' | 'remove';
  taint: { key: string; value?: string; effect: string; timeAdded?: string };
  /** What it follows from: "Ready=False", "MemoryPressure=True", "spec.unschedulable", "condition cleared", ... */
  reason: string;
  source: string;
}

/** The taint eviction controller scheduled a pod's deletion for when its tolerationSeconds run out. */
export interface TaintEvictionScheduledEvent extends Base {
  type: 'taintEvictionScheduled';
  pod: string;
  node: string;
  /** The node's NoExecute taints ("key=value:NoExecute"). */
  taints: string[];
  /** The smallest tolerationSeconds of the tolerations used. */
  tolerationSeconds: number;
  /** When the taints were seen (ms): the deadline counts from there. */
  taintedAt: number;
  /** When the pod will be deleted (ms). */
  at: number;
}

/** A scheduled taint eviction was cancelled (taints removed, tolerated forever, pod gone, rescheduled). */
export interface TaintEvictionCancelledEvent extends Base {
  type: 'taintEvictionCancelled';
  pod: string;
  node: string;
  reason: 'taintsRemoved' | 'toleratedForever' | 'podDeleted' | 'untolerated' | 'rescheduled';
  /** The deadline that was cancelled (ms). */
  at: number;
  source: string;
}

/** The kubelet's eviction manager found the memory threshold met on a node, and its ranking of the pods. */
export interface NodePressureEvent extends Base {
  type: 'nodePressure';
  node: string;
  resource: 'memory';
  signal: string;
  /** Bytes. */
  threshold: number;
  available: number;
  allocatable: number | null;
  usage: number | null;
  /** true when a MemoryPressure=True change (not the usage model) keeps the threshold met. */
  forced: boolean;
  /** Eviction order (rankMemoryPressure): first = next to go. Bytes. */
  ranking: { pod: string; usage: number; request: number; exceedsRequests: boolean; priority: number }[];
  source: string;
}

/** A workload controller created a pod (a replacement, a scale-up, a daemon pod for a node). */
export interface PodCreatedEvent extends Base {
  type: 'podCreated';
  pod: string;
  /** "Kind/namespace/name" of the workload. */
  owner: string;
  /** The pod it replaces, if any. */
  replaces: string | null;
  reason: 'replacement' | 'scaleUp' | 'daemonSetNode';
  source: string;
  /** The new Pod object (defaults applied), for views that list the cluster's pods. */
  object: unknown;
}

/** A Job waits out its pod-failure backoff before creating a replacement. */
export interface JobBackoffEvent extends Base {
  type: 'jobBackoff';
  job: string;
  failures: number;
  /** When the replacement will be created (ms). */
  at: number;
  source: string;
}

/** The node lifecycle controller entered (every zone fully not ready) or left "master disruption mode". */
export interface DisruptionModeEvent extends Base {
  type: 'disruptionMode';
  entering: boolean;
  message: string;
  source: string;
}

/** A Kubernetes Event, as `kubectl get events` would show it (also in SimResult.events). */
export interface K8sEventEvent extends Base {
  type: 'k8sEvent';
  /** "Pod/ns/name", "Node/name", "ReplicaSet/ns/name", ... */
  object: string;
  eventType: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: string;
}

export interface PreScoreEvent extends InCycle {
  type: 'preScore';
  plugin: string;
  code: CodeName;
  reasons: string[];
}

/** One score plugin on one node: raw Score, after NormalizeScore, and times the plugin weight. */
export interface ScoreEvent extends InCycle {
  type: 'score';
  plugin: string;
  node: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

/** Per-node totals, in the order the nodes were found feasible. */
export interface ScoreTotalsEvent extends InCycle {
  type: 'scoreTotals';
  totals: { node: string; total: number }[];
}

/** The host chosen among the nodes with the highest total (reservoir sampling over `ties`). */
export interface SelectHostEvent extends InCycle {
  type: 'selectHost';
  node: string;
  score: number;
  /** Every node that had the highest total, in feasible order (length 1 = no tie). */
  ties: string[];
  /** true when exactly one node was feasible and scoring was skipped. */
  scoringSkipped: boolean;
}

/** Reserve, Permit, PreBind, Bind, PostBind, Unreserve: one plugin ran. */
export interface BindingStepEvent extends InCycle {
  type: 'reserve' | 'unreserve' | 'permit' | 'preBind' | 'bind' | 'postBind';
  plugin: string;
  node: string;
  code: CodeName;
  reasons: string[];
}

/** A cycle ends. Mirrors the CycleRecord summary. */
export interface CycleEndEvent extends InCycle {
  type: 'cycleEnd';
  pod: string;
  result: 'Scheduled' | 'Unschedulable' | 'Error';
  node: string | null;
  nominatedNode: string | null;
  victims: string[];
  message: string | null;
  /** Nodes examined by Filter and nodes found feasible. */
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** The virtual clock jumped forward (idle time skipped). */
export interface ClockEvent extends Base {
  type: 'clock';
  from: number;
}

/** A pod moved between the scheduling queue's sub-queues. */
export interface QueueMoveEvent extends Base {
  type: 'queueMove';
  pod: string;
  from: QueueName | 'new' | 'inFlight';
  to: QueueName;
  /** What caused it: a cluster event label ("AssignedPodAdd", "NodeAdd", ...), "BackoffComplete",
   *  "UnschedulableTimeout", "ScheduleAttemptFailure", "PopFromBackoffQ"... */
  event: string;
}

/** A timed change of the scenario was applied. */
export interface ClusterChangeEvent extends Base {
  type: 'clusterChange';
  action: string;
  target: string;
  ok: boolean;
  message?: string;
}

/** A pod that is never scheduled (no profile with its schedulerName, or being deleted). */
export interface PodIgnoredEvent extends Base {
  type: 'podIgnored';
  pod: string;
  reason: string;
}

export type TraceEvent =
  | CycleStartEvent
  | PreFilterEvent
  | PreFilterDoneEvent
  | NominatedNodeEvent
  | FilterEvent
  | NodeVerdictEvent
  | NodesSkippedEvent
  | PostFilterEvent
  | PreemptionEvent
  | EvictionEvent
  | PodDeletedEvent
  | PreScoreEvent
  | ScoreEvent
  | ScoreTotalsEvent
  | SelectHostEvent
  | BindingStepEvent
  | CycleEndEvent
  | ClockEvent
  | QueueMoveEvent
  | ClusterChangeEvent
  | PodIgnoredEvent
  | NodeConditionEvent
  | NodeTaintEvent
  | TaintEvictionScheduledEvent
  | TaintEvictionCancelledEvent
  | NodePressureEvent
  | PodCreatedEvent
  | JobBackoffEvent
  | DisruptionModeEvent
  | K8sEventEvent;

export type TraceEventType = TraceEvent['type'];

/** A sink that keeps every event in memory, in order. */
export class ArraySink implements TraceSink {
  readonly events: TraceEvent[] = [];
  emit(event: { type: string } & Record<string, unknown>): void {
    this.events.push(event as unknown as TraceEvent);
  }
}

/** A sink that drops everything (for tests; the engine uses `null` for "off"). */
export const NULL_SINK: TraceSink = { emit() {} };
