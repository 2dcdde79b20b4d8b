// A Scenario is what the engine reads: plain Kubernetes objects (after the defaults that
// kube-apiserver and admission would add), plus the scheduler configuration and a seed.
// It is produced by engine/api/load.ts from YAML/JSON text and is what a link encodes.

import type { Namespace, Node, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';

/** Where a problem or an object is in the source text. Lines and columns are 1-based. */
export interface SourcePos {
  /** File name as given (or "<input>"). */
  file: string;
  /** 0-based index of the YAML document (or of the item in a `kind: List`). */
  doc: number;
  line: number;
  col: number;
  /** Field path, e.g. "spec.containers[0].resources.requests.cpu". Empty for the whole object. */
  path: string;
}

export interface Diagnostic extends SourcePos {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** End of the marked range, when known (1-based, inclusive line, exclusive column). */
  endLine?: number;
  endCol?: number;
}

/** Raw KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), as parsed and validated. */
export interface PluginRef {
  name: string;
  weight?: number;
}
export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}
export type ExtensionPointName =
  | 'preEnqueue'
  | 'queueSort'
  | 'preFilter'
  | 'filter'
  | 'postFilter'
  | 'preScore'
  | 'score'
  | 'reserve'
  | 'permit'
  | 'preBind'
  | 'bind'
  | 'postBind'
  | 'multiPoint';
export interface ProfileConfig {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  plugins?: Partial<Record<ExtensionPointName, PluginSet>>;
  pluginConfig?: { name: string; args: Record<string, unknown> }[];
}
export interface SchedulerConfig {
  /** Global percentageOfNodesToScore (0 or absent = adaptive). */
  percentageOfNodesToScore?: number;
  /** podInitialBackoffSeconds (default 1) and podMaxBackoffSeconds (default 10). */
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles: ProfileConfig[];
}

/** A timed change to the cluster (issue 4). `at` is virtual seconds from the start. */
export interface ClusterChange {
  at: number;
  action:
    | 'addNode'
    | 'removeNode'
    | 'cordon'
    | 'uncordon'
    | 'drain'
    | 'addTaint'
    | 'removeTaint'
    | 'setLabel'
    | 'removeLabel'
    | 'deletePod'
    | 'addPod'
    | 'scale'
    | 'setNodeCondition'
    | 'setNodeResources'
    | 'setPodUsage';
  /** Target: node name, "namespace/name" of a pod or "Kind/namespace/name" of a workload. */
  target: string;
  /** Action-specific data (a taint, a label, a replica count, a Node or Pod object, ...). */
  data?: unknown;
  pos?: SourcePos;
}

export interface Scenario {
  nodes: Node[];
  /** Every pod: running ones have spec.nodeName, pending ones do not. Defaults applied. */
  pods: Pod[];
  namespaces: Namespace[];
  priorityClasses: PriorityClass[];
  pdbs: PodDisruptionBudget[];
  services: Service[];
  replicationControllers: ReplicationController[];
  /** Workloads as given; their pods are already expanded into `pods` with ownerReferences. */
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  jobs: Job[];
  /** null = the default configuration (one profile "default-scheduler"). */
  config: SchedulerConfig | null;
  /** Timed cluster changes (issue 4); empty for a static scenario. */
  changes: ClusterChange[];
  seed: number;
  /** Where each object came from, keyed by "Kind/namespace/name" (namespace empty for cluster-scoped). */
  positions: Map<string, SourcePos>;
  /** Kinds that were present but are not read by the scheduler, with counts. */
  ignored: Record<string, number>;
}

export interface LoadResult {
  scenario: Scenario;
  /** Problems found. Any 'error' means the scenario may be incomplete (bad objects are skipped). */
  diagnostics: Diagnostic[];
}
