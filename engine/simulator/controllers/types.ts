// What the cluster controllers of the simulator (taint eviction, node lifecycle, kubelet
// eviction manager, workload controllers) see of the simulation, and what they may do to it.
//
// The controllers are plain objects driven by the Simulation (engine/simulator/simulate.ts):
// it tells them about node and pod events (hooks in controllers/index.ts) and gives them this
// host to read the cluster, set timers on the virtual clock and act (update a node, evict or
// create a pod). Every action goes through the host, so the scheduler's cache, its queue and the
// trace stay consistent whoever acts.

import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import type { Scenario } from '../../api/scenario';
import type { ClusterSnapshot } from '../../cache/snapshot';
import type { PodInfo } from '../../framework/types';

/** A pod as the simulation tracks it (structurally the Simulation's PodRec). */
export interface ControlledPod {
  key: string;
  pi: PodInfo;
  node: string | null;
  state: 'pending' | 'running' | 'terminating' | 'deleted' | 'failed';
  /** Creation order (scenario pods in file order first). */
  order: number;
  /** Being killed by the kubelet (no deletionTimestamp: it will end Failed). */
  failing?: boolean;
}

/** Why a pod is asked to stop (EvictionEvent.cause). */
export type EvictionCause =
  | 'preemption'
  | 'taint'
  | 'nodePressure'
  | 'drain'
  | 'delete'
  | 'scaleDown'
  | 'controller';

/** How a controller asks for a pod to stop, and what the trace should say about it. */
export interface EvictionInfo {
  cause: EvictionCause;
  /** Free-text reason kept in EvictionEvent.reason. */
  reason: string;
  /** The component that acts, as kubectl's Events "From" column shows it. */
  source: string;
  /** The kubectl event the component records: type, reason, message. */
  event?: { type: 'Normal' | 'Warning'; reason: string; message: string };
  /** Overrides the pod's terminationGracePeriodSeconds. */
  graceSeconds?: number;
  /** The pod ends in phase Failed with this status reason/message (kubelet evictions) instead of being deleted. */
  fail?: { reason: string; message: string };
  /** Extra, serializable fields for the trace (taint, toleration deadline, ranking, ...). */
  details?: Record<string, unknown>;
}

/** Why a pod was created by a controller (PodCreatedEvent). */
export interface PodCreatedInfo {
  /** "Kind/namespace/name" of the workload. */
  owner: string;
  /** The pod it replaces, if any. */
  replaces: string | null;
  reason: 'replacement' | 'scaleUp' | 'daemonSetNode';
  source: string;
}

export interface ControllerHost {
  /** Virtual time, ms. */
  now(): number;
  /** Epoch ms of virtual time 0. */
  readonly epoch: number;
  /** Records a trace event (no-op when tracing is off). */
  emit(ev: { type: string } & Record<string, unknown>): void;
  readonly snapshot: ClusterSnapshot;
  readonly scenario: Scenario;
  getPod(key: string): ControlledPod | undefined;
  /** Every pod the simulation knows, in creation order. */
  allPods(): Iterable<ControlledPod>;
  /** Pods bound to the node (running or terminating), in creation order. */
  podsOnNode(node: string): ControlledPod[];
  /** Calls fn at virtual time t (>= now); returns an id for cancelTimer. */
  setTimer(t: number, fn: () => void): number;
  cancelTimer(id: number): void;
  /**
   * Changes a node object (`update` gets a deep copy and returns the new node): the scheduler's
   * cache is updated, the queue woken with the cluster events upstream's scheduler derives from
   * the change, and the controllers told. Returns false when there is no such node.
   */
  updateNode(name: string, update: (n: Node) => Node): boolean;
  /** Starts the termination of a pod (running: over its grace period; pending: at once). */
  evictPod(key: string, info: EvictionInfo): void;
  /** Creates a pod (pending, queued for scheduling). Returns its key, or null when the name is taken. */
  createPod(pod: Pod, info: PodCreatedInfo): string | null;
  /** A warning for SimResult.diagnostics. */
  warn(message: string): void;
}

export const isBound = (p: ControlledPod): boolean => (p.state === 'running' || p.state === 'terminating') && p.node !== null;

/** A node's condition status by type ('' when absent). */
export function conditionStatus(node: Node, type: string): string {
  for (const c of node.status?.conditions ?? []) if (c.type === type) return c.status ?? '';
  return '';
}

export const taintKey = (t: Taint): string => `${t.key}:${t.effect}`;
export const taintString = (t: Taint): string => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`);
