// The cluster controllers the simulator runs next to the scheduler, and the hooks the
// Simulation calls (engine/simulator/simulate.ts). Each hook fans out to the controllers in a
// fixed order; the node lifecycle controller comes last because it may update the node again
// (its update goes through the same hooks).
//
//   taint eviction     controllers/taint_eviction.ts   (kube-controller-manager)
//   node lifecycle     controllers/node_lifecycle.ts   (kube-controller-manager)
//   kubelet eviction   controllers/kubelet_eviction.ts (kubelet, one per node)
//   workloads          controllers/workloads.ts        (ReplicaSet, StatefulSet, Job, DaemonSet)

import type { Node } from 'kubernetes-types/core/v1';
import { KubeletEvictionManager } from './kubelet_eviction';
import { nodeSchedulingPropertiesChange } from './nodechange';
import { NodeLifecycleController } from './node_lifecycle';
import { TaintEvictionController } from './taint_eviction';
import type { ControlledPod, ControllerHost } from './types';
import { WorkloadControllers } from './workloads';

export type { ControlledPod, ControllerHost, EvictionInfo, EvictionCause, PodCreatedInfo } from './types';
export { nodeSchedulingPropertiesChange };
export { MEMORY_USAGE_ANNOTATION, podMemoryUsage, usageAnnotationProblem } from './kubelet_eviction';

export class Controllers {
  readonly taintEviction: TaintEvictionController;
  readonly lifecycle: NodeLifecycleController;
  readonly kubelet: KubeletEvictionManager;
  readonly workloads: WorkloadControllers;

  constructor(host: ControllerHost) {
    this.taintEviction = new TaintEvictionController(host);
    this.lifecycle = new NodeLifecycleController(host);
    this.kubelet = new KubeletEvictionManager(host);
    this.workloads = new WorkloadControllers(host);
    this.host = host;
  }

  private readonly host: ControllerHost;

  /** Virtual time 0: the controllers see every node and pod for the first time. */
  start(): void {
    for (const ni of [...this.host.snapshot.nodeInfoMap.values()]) this.taintEviction.nodeUpdated(null, ni.node);
    this.kubelet.start();
    this.lifecycle.start();
  }

  nodeAdded(node: Node): void {
    const name = node.metadata?.name ?? '';
    this.taintEviction.nodeUpdated(null, node);
    this.workloads.nodeAdded(name);
    this.kubelet.nodeAdded(name);
    this.lifecycle.nodeAdded(name);
  }

  nodeRemoved(node: Node): void {
    this.taintEviction.nodeUpdated(node, null);
    this.kubelet.nodeRemoved(node.metadata?.name ?? '');
    this.lifecycle.nodeRemoved();
  }

  nodeUpdated(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata?.name ?? '';
    this.taintEviction.nodeUpdated(oldNode, newNode);
    this.workloads.nodeUpdated(oldNode, newNode);
    if (JSON.stringify(oldNode.status?.allocatable ?? {}) !== JSON.stringify(newNode.status?.allocatable ?? {})) this.kubelet.wake(name);
    this.lifecycle.nodeUpdated(oldNode, newNode);
  }

  /** A scenario change set a node condition (the kubelet's report). */
  nodeConditionSetByChange(name: string, type: string, status: string): void {
    if (type === 'MemoryPressure') this.kubelet.conditionSetByChange(name, status);
  }

  /** A pod entered the simulation (addPod change or created by a controller). */
  podAdded(pod: ControlledPod): void {
    this.workloads.podAdded(pod);
  }

  /** A pod was bound to its node (or added already bound). */
  podBound(pod: ControlledPod): void {
    this.taintEviction.podBound(pod);
    if (pod.node) this.kubelet.wake(pod.node);
  }

  /** A pod's memory usage changed (setPodUsage). */
  podUsageChanged(pod: ControlledPod): void {
    if (pod.node) this.kubelet.wake(pod.node);
  }

  /** A pod got its deletionTimestamp (it terminates over its grace period). */
  podTerminating(pod: ControlledPod): void {
    this.workloads.podLeft(pod, 'terminating', false, pod.node);
  }

  /** A pod is gone from its node: deleted, or Failed (kubelet eviction). */
  podGone(pod: ControlledPod, node: string | null, failed: boolean, wasTerminating: boolean): void {
    if (!failed) this.taintEviction.podDeleted(pod.key);
    else this.taintEviction.podFailed(pod.key);
    this.workloads.podLeft(pod, failed ? 'failed' : 'gone', wasTerminating, node);
  }

  /** The `scale` change: an error message, or the action to run. */
  scale(target: string, replicas: number): string | (() => void) {
    return this.workloads.scale(target, replicas);
  }
}
