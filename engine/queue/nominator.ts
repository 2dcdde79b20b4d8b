// Pods nominated to nodes by preemption (upstream pkg/scheduler/backend/queue/nominator.go).

import type { Nominator, PodInfo } from '../framework/types';

/** How a scheduling attempt changes a pod's nomination (upstream NominatingInfo). */
export type NominatingInfo = { mode: 'noop' } | { mode: 'override'; nodeName: string };

/** Entries kept in the change log (halved when full). */
const LOG_LIMIT = 8192;

const EMPTY = Object.freeze([]) as unknown as PodInfo[];

export class PodNominator implements Nominator {
  private byNode = new Map<string, PodInfo[]>();
  private byPod = new Map<string, string>();
  /** Latest PodInfo of a pending pod (the nominator returns the queue's current version). */
  constructor(private readonly current: (key: string) => PodInfo | undefined) {}

  /** Number of nominated pods. */
  get count(): number {
    return this.byPod.size;
  }

  /**
   * Change log for caches: the names of the nodes whose nominated pods changed (a pod nominated
   * to or removed from them, or a nominated pod's PodInfo replaced), in order. `version` counts
   * the changes so far; changedNodesSince(v) lists those after v, or null when they are no longer
   * kept (then every node must be considered changed).
   */
  private log: string[] = [];
  private logBase = 0;
  get version(): number {
    return this.logBase + this.log.length;
  }
  changedNodesSince(v: number): readonly string[] | null {
    if (v < this.logBase || v > this.version) return null;
    return this.log.slice(v - this.logBase);
  }
  private logChange(nodeName: string): void {
    if (this.log.length >= LOG_LIMIT) {
      const drop = LOG_LIMIT / 2;
      this.log = this.log.slice(drop);
      this.logBase += drop;
    }
    this.log.push(nodeName);
  }

  /**
   * The pods nominated to the node, in nomination order, each in its latest version. The list is
   * the nominator's own (no copy on this hot path): read it right away, never change or keep it.
   */
  nominatedPodsForNode(nodeName: string): PodInfo[] {
    const list = this.byNode.get(nodeName);
    if (!list || list.length === 0) return EMPTY;
    for (let i = 0; i < list.length; i++) {
      const cur = this.current(list[i].key);
      if (cur !== undefined && cur !== list[i]) {
        list[i] = cur;
        this.logChange(nodeName);
      }
    }
    return list;
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
    this.logChange(nodeName);
  }

  delete(key: string): void {
    const node = this.byPod.get(key);
    if (node === undefined) return;
    this.byPod.delete(key);
    this.logChange(node);
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
