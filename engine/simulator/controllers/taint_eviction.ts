// The taint eviction controller (upstream pkg/controller/tainteviction/taint_eviction.go and
// timed_workers.go, kube-controller-manager v1.35): pods on a node with NoExecute taints they
// do not tolerate are deleted at once; pods that tolerate every NoExecute taint, some of them
// only for tolerationSeconds, are deleted when the shortest of those runs out, counted from the
// moment the controller saw the taints; pods that tolerate them all without a time limit stay.
//
// Upstream details kept:
// - A node update is only looked at when its list of NoExecute taints changed; a pod when it is
//   bound to a node (or deleted).
// - The tolerations "used" are, per taint, the first toleration (in pod order) that tolerates
//   it; the deadline is the smallest tolerationSeconds among them (<= 0: now).
// - A deletion scheduled earlier is kept as it is when the taints change again (upstream keeps
//   the work whenever createdAt + newMin < now + newMin, i.e. whenever it was created before
//   now): a later NoExecute taint never moves its deadline. Only an untolerated taint (delete
//   now) or the cancellations below change it.
// - Removing every NoExecute taint, or a toleration without tolerationSeconds for them all,
//   cancels the deletion ("Cancelling deletion of Pod ...").
// - Deletion: "Marking for deletion Pod ns/name" (Normal TaintManagerEviction), a
//   DisruptionTarget condition and an ordinary delete: the pod terminates over its grace period.

import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';
import { tolerationToleratesTaint } from '../../api/tolerations';
import { semanticEqual } from './nodechange';
import { type ControlledPod, type ControllerHost, taintString } from './types';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

interface Work {
  createdAt: number;
  fireAt: number;
  timer: number;
  node: string;
  taints: Taint[];
  tolerationSeconds: number;
}

export function noExecuteTaints(node: Node | null | undefined): Taint[] {
  const out: Taint[] = [];
  for (const t of node?.spec?.taints ?? []) if (t.effect === 'NoExecute') out.push(t);
  return out;
}

/** upstream v1helper.GetMatchingTolerations. */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { all: boolean; used: Toleration[]; untolerated: Taint | null } {
  if (taints.length === 0) return { all: true, used: [], untolerated: null };
  const tols = tolerations ?? [];
  if (tols.length === 0) return { all: false, used: [], untolerated: taints[0] };
  const used: Toleration[] = [];
  for (const t of taints) {
    const tol = tols.find((x) => tolerationToleratesTaint(x, t));
    if (!tol) return { all: false, used: [], untolerated: t };
    used.push(tol);
  }
  return { all: true, used, untolerated: null };
}

/** upstream getMinTolerationTime, in ms: -1 = forever. */
export function getMinTolerationTime(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds == null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

export class TaintEvictionController {
  /** Node name -> its NoExecute taints (only nodes that have some). */
  private readonly taintedNodes = new Map<string, Taint[]>();
  /** Scheduled (delayed) deletions by pod key. */
  private readonly work = new Map<string, Work>();

  constructor(private readonly host: ControllerHost) {}

  /** The deletion scheduled for a pod, if any (for tests and the UI). */
  scheduled(key: string): { createdAt: number; fireAt: number } | null {
    const w = this.work.get(key);
    return w ? { createdAt: w.createdAt, fireAt: w.fireAt } : null;
  }

  /** Node added (old null), updated, or deleted (new null). upstream NodeUpdated + handleNodeUpdate. */
  nodeUpdated(oldNode: Node | null, newNode: Node | null): void {
    const oldT = noExecuteTaints(oldNode);
    const newT = noExecuteTaints(newNode);
    if (oldNode && newNode && semanticEqual(oldT, newT)) return;
    const name = newNode?.metadata?.name ?? oldNode?.metadata?.name ?? '';
    if (!newNode) {
      this.taintedNodes.delete(name);
      return;
    }
    if (newT.length === 0) {
      this.taintedNodes.delete(name);
      if (this.work.size === 0) return;
    } else this.taintedNodes.set(name, newT);
    const pods = this.host.podsOnNode(name).filter((p) => p.state === 'running');
    if (pods.length === 0) return;
    if (newT.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent(p.key, 'taintsRemoved');
      return;
    }
    const now = this.host.now();
    for (const p of pods) this.processPodOnNode(p, name, newT, now);
  }

  /** A pod was bound to a node (upstream PodUpdated with a new nodeName + handlePodUpdate). */
  podBound(pod: ControlledPod): void {
    if (!pod.node || pod.state !== 'running') return;
    const taints = this.taintedNodes.get(pod.node);
    if (!taints) return;
    this.processPodOnNode(pod, pod.node, taints, this.host.now());
  }

  /** A pod is gone (upstream PodUpdated(pod, nil)). */
  podDeleted(key: string): void {
    this.cancelWorkWithEvent(key, 'podDeleted');
  }

  /** A pod ended Failed: its object stays, but there is nothing left to delete. */
  podFailed(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    this.host.cancelTimer(w.timer);
  }

  private processPodOnNode(pod: ControlledPod, node: string, taints: Taint[], now: number): void {
    const { all, used, untolerated } = getMatchingTolerations(taints, pod.pi.pod.spec?.tolerations);
    if (!all) {
      this.cancelWorkWithEvent(pod.key, 'untolerated');
      this.deletePod(pod.key, node, { untolerated: untolerated!, taints, createdAt: now, fireAt: now, tolerationSeconds: null });
      return;
    }
    const min = getMinTolerationTime(used);
    if (min < 0) {
      this.cancelWorkWithEvent(pod.key, 'toleratedForever');
      return;
    }
    let start = now;
    const trigger = now + min;
    const existing = this.work.get(pod.key);
    if (existing) {
      start = existing.createdAt;
      if (start + min < trigger) return;
      this.cancelWorkWithEvent(pod.key, 'rescheduled');
    }
    this.addWork(pod.key, node, taints, start, trigger, min / 1000);
  }

  private addWork(key: string, node: string, taints: Taint[], createdAt: number, fireAt: number, tolerationSeconds: number): void {
    if (this.work.has(key)) return;
    if (fireAt <= this.host.now()) {
      this.deletePod(key, node, { untolerated: null, taints, createdAt, fireAt, tolerationSeconds });
      return;
    }
    const timer = this.host.setTimer(fireAt, () => {
      this.work.delete(key);
      this.deletePod(key, node, { untolerated: null, taints, createdAt, fireAt, tolerationSeconds });
    });
    this.work.set(key, { createdAt, fireAt, timer, node, taints, tolerationSeconds });
    this.host.emit({
      type: 'taintEvictionScheduled',
      pod: key,
      node,
      taints: taints.map(taintString),
      tolerationSeconds,
      taintedAt: createdAt,
      at: fireAt,
    });
  }

  private cancelWorkWithEvent(key: string, reason: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    this.host.cancelTimer(w.timer);
    this.host.emit({
      type: 'taintEvictionCancelled',
      pod: key,
      node: w.node,
      reason,
      at: w.fireAt,
      source: TAINT_EVICTION_CONTROLLER,
    });
    this.host.emit({ type: 'k8sEvent', object: `Pod/${key}`, eventType: 'Normal', reason: 'TaintManagerEviction', message: `Cancelling deletion of Pod ${key}`, source: TAINT_EVICTION_CONTROLLER });
  }

  private deletePod(
    key: string,
    node: string,
    why: { untolerated: Taint | null; taints: Taint[]; createdAt: number; fireAt: number; tolerationSeconds: number | null },
  ): void {
    const pod = this.host.getPod(key);
    if (!pod || pod.state !== 'running') return;
    const taint = why.untolerated ?? why.taints[0];
    this.host.evictPod(key, {
      cause: 'taint',
      reason: why.untolerated
        ? `NoExecute taint ${taintString(why.untolerated)} not tolerated`
        : `NoExecute taint(s) ${why.taints.map(taintString).join(', ')} tolerated for ${why.tolerationSeconds}s`,
      source: TAINT_EVICTION_CONTROLLER,
      event: { type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${key}` },
      details: {
        taint: { key: taint.key, ...(taint.value ? { value: taint.value } : {}), effect: taint.effect },
        taints: why.taints.map(taintString),
        tolerated: why.untolerated === null,
        tolerationSeconds: why.tolerationSeconds,
        taintedAt: why.createdAt,
        deadline: why.fireAt,
        evictedNode: node,
      },
    });
  }
}
