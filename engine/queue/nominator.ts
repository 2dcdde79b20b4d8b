// Pods nominated to nodes by preemption (upstream pkg/scheduler/backend/queue/nominator.go).

import type { Nominator, PodInfo } from '../framework/types';

/** How a scheduling attempt changes a pod's nomination (upstream NominatingInfo). */
export type NominatingInfo = { mode: 'noop' } | { mode: 'override'; nodeName: string };

export class PodNominator implements Nominator {
  private byNode = new Map<string, PodInfo[]>();
  private byPod = new Map<string, string>();
  /** Latest PodInfo of a pending pod (the nominator returns the queue's current version). */
  constructor(private readonly current: (key: string) => PodInfo | undefined) {}

  /** Number of nominated pods. */
  get count(): number {
    return this.byPod.size;
  }

  nominatedPodsForNode(nodeName: string): PodInfo[] {
    const list = this.byNode.get(nodeName);
    if (!list || list.length === 0) return [];
    return list.map((pi) => this.current(pi.key) ?? pi);
  }

  nominatedNodeFor(key: string): string | undefined {
    return this.byPod.get(key);
  }

  /**
   * upstream addNominatedPodUnlocked: `override` sets (or, with "", clears) the nomination;
   * `noop` keeps the pod's own status.nominatedNodeName. A pod already bound is not nominated.
   */
  add(pi: PodInfo, info: NominatingInfo, isBound: boolean): void {
    this.delete(pi.key);
    const nodeName = info.mode === 'override' ? info.nodeName : (pi.pod.status?.nominatedNodeName ?? '');
    if (!nodeName || isBound) return;
    this.byPod.set(pi.key, nodeName);
    let list = this.byNode.get(nodeName);
    if (!list) this.byNode.set(nodeName, (list = []));
    list.push(pi);
  }

  delete(key: string): void {
    const node = this.byPod.get(key);
    if (node === undefined) return;
    this.byPod.delete(key);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** Every nominated pod as [key, node], sorted by key (for traces and tests). */
  entries(): [string, string][] {
    return [...this.byPod.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
