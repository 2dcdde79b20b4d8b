// The scheduling framework's plugin-facing contract, mirroring upstream's
// pkg/scheduler/framework (interface.go, types.go, cycle_state.go) for kube-scheduler v1.35.
//
// Performance rule for the hot path (Filter and Score run per node per cycle): success is
// `null`, never an allocated Status; plugins precompute in PreFilter/PreScore and read the
// CycleState in Filter/Score.

import type { Node, Pod } from 'kubernetes-types/core/v1';

/** Status codes, same numbering as upstream's framework.Code. */
export const enum Code {
  Success = 0,
  Error = 1,
  Unschedulable = 2,
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
  Pending = 6,
}

export const CODE_NAMES = [
  'Success',
  'Error',
  'Unschedulable',
  'UnschedulableAndUnresolvable',
  'Wait',
  'Skip',
  'Pending',
] as const;

/** A non-success result of a plugin. `null` stands for Success everywhere. */
export class Status {
  plugin = '';
  constructor(
    readonly code: Code,
    readonly reasons: string[] = [],
  ) {}
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }
  static error(message: string): Status {
    return new Status(Code.Error, [message]);
  }
  static skip(): Status {
    return new Status(Code.Skip);
  }
  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }
  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  /** Reasons joined with ", " as upstream's Status.Message(). */
  message(): string {
    return this.reasons.join(', ');
  }
}

export const isSuccess = (s: Status | null | undefined): boolean => s == null || s.code === Code.Success;

/** Per-cycle scratch space shared by the plugins of one scheduling attempt. */
export class CycleState {
  private data = new Map<string, unknown>();
  /** Filter plugins whose PreFilter returned Skip. */
  skipFilterPlugins = new Set<string>();
  /** Score plugins whose PreScore returned Skip. */
  skipScorePlugins = new Set<string>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  /** Shallow copy; values that plugins mutate in AddPod/RemovePod must implement clone(). */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cl = (v as { clone?: () => unknown } | null)?.clone;
      c.data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    return c;
  }
}

/** Upstream's framework.Resource. cpu in millicores, everything else in base units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended, hugepages-* and attachable-volumes-* resources. */
  scalar: Map<string, number>;
}

/** An affinity term with its selector pre-parsed (upstream framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector is set). */
  namespaces: Set<string>;
  selector: LabelSelectorFn;
  topologyKey: string;
  /** null = no namespaceSelector (matches no namespace); an empty selector matches all. */
  namespaceSelector: LabelSelectorFn | null;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** A compiled label selector. */
export type LabelSelectorFn = ((labels: Record<string, string> | undefined) => boolean) & {
  /** true for a selector that matches everything (empty, non-nil). */
  readonly matchesAll?: boolean;
  /** true for a selector that matches nothing (nil). */
  readonly matchesNothing?: boolean;
  /**
   * Optional, for indexes: a label every matching label set has, with one of these values
   * (labels[key] is one of values). Absent when the selector has no such requirement.
   */
  readonly indexHint?: { readonly key: string; readonly values: readonly string[] };
};

/** A pod with what scheduling reads of it precomputed (upstream framework.PodInfo). */
export interface PodInfo {
  pod: Pod;
  /** "namespace/name" */
  key: string;
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Resolved priority (spec.priority after admission). */
  priority: number;
  /** Effective requests: max(init) vs sum(containers)+sidecars, plus overhead. */
  requests: Resource;
  /** Requests with upstream's non-zero defaults (100m cpu, 200Mi memory) for cpu/memory. */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** A problem found while compiling the pod's affinity terms, if any. */
  parseError?: string;
  /**
   * When the pod started running, in epoch ms (Date.parse of status.startTime; pods bound by the
   * simulator get the run's virtual epoch + virtual time, and their status.startTime is set).
   */
  startTime?: number;
  /** Set while the pod is terminating (deletion requested), epoch ms like startTime. */
  deletionTime?: number;
}

export interface HostPortInfo {
  /** ip -> set of "protocol/port" */
  byIP: Map<string, Set<string>>;
}

export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

/** What the scheduler knows of one node (upstream framework.NodeInfo). */
export interface NodeInfo {
  node: Node;
  name: string;
  labels: Record<string, string>;
  pods: PodInfo[];
  podsWithAffinity: PodInfo[];
  podsWithRequiredAntiAffinity: PodInfo[];
  usedPorts: HostPortInfo;
  requested: Resource;
  nonZeroRequested: Resource;
  allocatable: Resource;
  imageStates: Map<string, ImageStateSummary>;
  /** Bumped on every change. */
  generation: number;
}

/** The cluster as one scheduling cycle sees it (upstream's cache Snapshot). */
export interface Snapshot {
  /** Nodes in upstream's node-tree order (zones interleaved). */
  nodeInfoList: NodeInfo[];
  havePodsWithAffinityList: NodeInfo[];
  havePodsWithRequiredAntiAffinityList: NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** Labels of a namespace (an undeclared namespace has only kubernetes.io/metadata.name). */
  namespaceLabels(namespace: string): Record<string, string>;
}

export interface NodeScore {
  name: string;
  score: number;
}

/** Nodes PreFilter restricted the cycle to; null means all nodes. */
export type PreFilterResult = { nodeNames: Set<string> | null } | null;

/**
 * What a PostFilter plugin asks for. A null result (instead of this object) leaves the pod's
 * nomination as it is (upstream ModeNoop); a result with nominatedNodeName null or '' clears it
 * (ModeOverride with ""); a node name nominates the pod to that node.
 */
export interface PostFilterResult {
  nominatedNodeName: string | null;
}

/** Statuses of the nodes that did not pass Filter; absent nodes share `absent`. */
export interface NodeToStatus {
  /** The node's status; for a node not in the map, `absent` (as upstream NodeToStatus.Get). */
  get(nodeName: string): Status | undefined;
  entries(): Iterable<[string, Status]>;
  /** Status of nodes not in the map (e.g. nodes PreFilter excluded). */
  absent: Status | null;
  size: number;
  /**
   * Optional fast path: when `nodes` is the list the statuses are indexed by (the snapshot's
   * nodeInfoList of the cycle), the recorded statuses by position in it (undefined = not
   * recorded, i.e. `absent`); otherwise null. Read it right away; never change it.
   */
  statusesFor?(nodes: readonly NodeInfo[]): readonly (Status | undefined)[] | null;
}

/** Everything beyond the snapshot that plugins may read (upstream's framework.Handle). */
export interface Handle {
  snapshot(): Snapshot;
  /** Services, ReplicaSets, StatefulSets, ReplicationControllers: for default spread selectors. */
  lister: ClusterLister;
  /** Pods nominated to nodes by earlier preemptions. */
  nominator: Nominator;
  /** Runs the profile's Filter plugins (with nominated pods) — used by preemption's dry run. */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
  /** Deterministic random numbers for this run. */
  rand(): number;
  /** Current virtual time in ms. */
  now(): number;
  /** Records a trace event if recording is on (cheap no-op otherwise). */
  trace: TraceSink | null;
  /** PodDisruptionBudgets in the cluster. */
  pdbs(): PdbInfo[];
  /** Ask the simulator to delete (evict) a pod; it terminates over its grace period. */
  evictPod(victim: PodInfo, reason: string, preemptor: PodInfo | null): void;
  /**
   * Clear a pending pod's status.nominatedNodeName (preemption does it for lower-priority pods
   * nominated to the node it picked; upstream clearNominatedNodeName): the pod leaves the
   * nominator and, as an update of an unscheduled pod, may be requeued.
   */
  clearNominatedNodeName(pod: PodInfo): void;
  /** All pods of the cluster (bound and pending), for preemption's nominated-pod checks. */
  pendingPods(): PodInfo[];
  /** Name of the profile this plugin instance belongs to. */
  profileName: string;
  /** The profile's enabled score plugin names. */
  hasFilterPlugin(name: string): boolean;
  /**
   * Optional: names of the profile's enabled Filter plugins, in order. DefaultPreemption uses it
   * to tell when every filter that runs is node-local, which lets it reuse dry-run results across
   * identical preemptors (a pure speed-up; without it that reuse is off).
   */
  filterPluginNames?(): readonly string[];
}

export interface PdbInfo {
  namespace: string;
  name: string;
  selector: LabelSelectorFn;
  disruptionsAllowed: number;
  disruptedPods: Set<string>;
}

export interface ClusterLister {
  // `name` (optional, added for PodTopologySpread): upstream helper.DefaultSelector looks the
  // pod's controller (its controller ownerReference) up by name; without names the plugin
  // falls back to every RS/SS/RC of the namespace whose selector matches the pod.
  services(namespace: string): { selector: Record<string, string>; name?: string }[];
  replicaSets(namespace: string): { selector: LabelSelectorFn; labels: Record<string, string>; name?: string }[];
  statefulSets(namespace: string): { selector: LabelSelectorFn; labels: Record<string, string>; name?: string }[];
  replicationControllers(namespace: string): { selector: Record<string, string>; name?: string }[];
}

export interface Nominator {
  /** Pods nominated to this node (status.nominatedNodeName), any priority. Read it right away; never change it. */
  nominatedPodsForNode(nodeName: string): PodInfo[];
  /**
   * Optional change log, for caches keyed by node: `version` counts the changes of the
   * nominations so far; changedNodesSince(v) names the nodes whose nominated pods changed after
   * version v (a pod nominated to or removed from them, or a nominated pod's PodInfo replaced),
   * or null when that is no longer known (then every node counts as changed).
   */
  readonly version?: number;
  changedNodesSince?(v: number): readonly string[] | null;
  /** Optional: the node a pending pod ("namespace/name") is nominated to. */
  nominatedNodeFor?(podKey: string): string | undefined;
}

export interface TraceSink {
  emit(event: { type: string } & Record<string, unknown>): void;
  /**
   * Optional: whether the sink keeps the `filter` event of `node` (of the current cycle) with a
   * passing (`success`) or failing verdict; false lets the runtime skip building it. A sink that
   * answers must answer as its emit() would decide.
   */
  keepsFilter?(node: string, success: boolean): boolean;
}

/** A pod waiting in the queue (upstream framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** Virtual time (ms) the pod was added to the queue (for QueueSort ties). */
  timestamp: number;
  attempts: number;
  initialAttemptTimestamp: number | null;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Order of arrival, the last tie-breaker so that ordering is total and deterministic. */
  seq: number;
}

// ---- Cluster events (queueing hints) ---------------------------------------------------------

export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'ResourceClaim'
  | 'DeviceClass'
  | 'PodDisruptionBudget'
  | 'Namespace'
  | '*';

export type ActionType =
  | 'Add'
  | 'Delete'
  | 'UpdateNodeAllocatable'
  | 'UpdateNodeLabel'
  | 'UpdateNodeTaint'
  | 'UpdateNodeCondition'
  | 'UpdateNodeAnnotation'
  | 'UpdatePodLabel'
  | 'UpdatePodScaleDown'
  | 'UpdatePodToleration'
  | 'UpdatePodSchedulingGatesEliminated'
  | 'UpdatePodGeneratedResourceClaim'
  | 'Update'
  | 'All';

export interface ClusterEvent {
  resource: EventResource;
  action: ActionType;
  label?: string;
}

export const enum QueueingHint {
  Skip = 0,
  Queue = 1,
}

export interface ClusterEventWithHint {
  event: ClusterEvent;
  /** Omitted: always Queue. */
  hint?: (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;
}

// ---- Plugin interfaces ----------------------------------------------------------------------

export interface Plugin {
  readonly name: string;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status | null;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEventWithHint[];
}

export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod(state: CycleState, podToSchedule: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null };
  preFilterExtensions?(): PreFilterExtensions | null;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filteredNodeStatusMap: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status | null };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** Raw score of a node; throw to report an error. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /** Optional: rewrite scores in place to 0..100. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): Status | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Status | null; timeoutMs: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
/** Upstream framework.MaxTotalScore (math.MaxInt64) is not representable; totals stay far below. */

/** A plugin factory: plugin args (already defaulted and validated) and the handle. */
export type PluginFactory = (args: Record<string, unknown> | undefined, handle: Handle) => Plugin;
