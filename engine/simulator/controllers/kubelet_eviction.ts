// The kubelet's eviction manager for memory (upstream pkg/kubelet/eviction/eviction_manager.go
// and helpers.go, v1.35), one per node, on a model of memory use:
//
// - A pod uses the memory it requests, unless it carries the annotation
//   `schedlab.dev/memory-usage: <quantity>` (schedlab's own; e.g. "3Gi"), which the setPodUsage
//   change can also set over time. The usage of a node is the sum over the pods bound to it.
// - The default hard threshold memory.available<100Mi, with node allocatable enforced, is met
//   when the pods use more than the node's allocatable memory: allocatable is capacity minus
//   the reservations minus that threshold, so allocatableMemory.available = allocatable + 100Mi
//   - usage falls under 100Mi exactly then. Nodes that list no memory are not modelled.
// - A MemoryPressure=True condition set by a change is read as the kubelet having seen
//   memory.available under the threshold by an amount the model does not know: the kubelet
//   evicts until it has reclaimed some memory (one pod whose usage is not 0) and the model is
//   not over-committed either. MemoryPressure=False set by a change clears it.
//
// The manager's loop (Start/synchronize), on the virtual clock:
// - It synchronizes every 10 s (housekeeping; phase 0 at the node's start) and, after killing a
//   pod, as soon as the pod is cleaned up (the kill takes the 1 s hard-eviction grace period,
//   raised to the runtime's 2 s minimum; cleanup is polled every 1 s: next sync 3 s later).
// - A sync that sees the threshold met sets MemoryPressure=True (the node lifecycle controller
//   then adds node.kubernetes.io/memory-pressure:NoSchedule), records "EvictionThresholdMet
//   Attempting to reclaim memory" and evicts at most one pod, the first of rankMemoryPressure:
//   pods whose usage exceeds their requests first, then lower priority first, then the larger
//   usage above requests first (BestEffort, requesting nothing, comes first among equals;
//   Guaranteed, using no more than it requests, last). Critical pods (priority >= 2000000000,
//   static or mirror pods) are never evicted. The pod ends Failed with reason Evicted and the
//   message "The node was low on resource: memory. Threshold quantity: 100Mi, available: ...".
// - The condition stays True until 5 minutes (evictionPressureTransitionPeriod) after the last
//   sync that saw the threshold met.
// Syncs that cannot change anything are skipped: a node is only looked at when a pod lands on
// it or leaves it, a usage or its allocatable changes, or a condition transition is due.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity, value } from '../../api/quantity';
import { SYSTEM_CRITICAL_PRIORITY } from '../../api/priority';
import type { NodeInfo } from '../../framework/types';
import { type ControlledPod, type ControllerHost, conditionStatus } from './types';

export const MEMORY_USAGE_ANNOTATION = 'schedlab.dev/memory-usage';
export const KUBELET = 'kubelet';
export const EVICTION_HARD_MEMORY_BYTES = 100 * 1024 * 1024;
export const HOUSEKEEPING_MS = 10_000;
export const PRESSURE_TRANSITION_MS = 300_000;
/** immediateEvictionGracePeriodSeconds (1), raised to the runtime's minimumGracePeriodInSeconds (2). */
export const KUBELET_KILL_SECONDS = 2;
export const CLEANUP_POLL_MS = 1000;

/** The pod's memory usage in bytes: the annotation when valid, else its memory request. */
export function podMemoryUsage(pod: ControlledPod): number {
  const a = pod.pi.pod.metadata?.annotations?.[MEMORY_USAGE_ANNOTATION];
  if (a !== undefined) {
    const q = parseQuantity(a);
    if (q.error === undefined && q.nanos >= 0n) return value(q);
  }
  return pod.pi.requests.memory;
}

/** A problem with the usage annotation, or null. */
export function usageAnnotationProblem(pod: Pod): string | null {
  const a = pod.metadata?.annotations?.[MEMORY_USAGE_ANNOTATION];
  if (a === undefined) return null;
  const q = parseQuantity(a);
  if (q.error !== undefined || q.nanos < 0n) return `annotation ${MEMORY_USAGE_ANNOTATION}: invalid quantity ${JSON.stringify(a)}; the pod's memory request is used instead`;
  return null;
}

/** resource.Quantity String() of a BinarySI byte count. */
export function formatBytes(n: number): string {
  if (n === 0) return '0';
  const sign = n < 0 ? '-' : '';
  let a = Math.abs(n);
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let u = 0;
  while (u < units.length - 1 && a % 1024 === 0) {
    a /= 1024;
    u++;
  }
  return `${sign}${a}${units[u]}`;
}

/** upstream IsCriticalPod: static, mirror, or system-critical priority. */
function isCriticalPod(pod: Pod): boolean {
  const ann = pod.metadata?.annotations ?? {};
  const src = ann['kubernetes.io/config.source'];
  if (src !== undefined && src !== 'api') return true;
  if (ann['kubernetes.io/config.mirror'] !== undefined) return true;
  return (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

export interface RankedPod {
  pod: string;
  usage: number;
  request: number;
  exceedsRequests: boolean;
  priority: number;
}

/** rankMemoryPressure: orderedBy(exceedMemoryRequests, priority, memory), stable on creation order. */
export function rankMemoryPressure(pods: ControlledPod[]): RankedPod[] {
  const rows = pods
    .map((p) => {
      const usage = podMemoryUsage(p);
      const request = p.pi.requests.memory;
      return { p, r: { pod: p.key, usage, request, exceedsRequests: usage > request, priority: p.pi.priority } };
    })
    .sort((a, b) => {
      if (a.r.exceedsRequests !== b.r.exceedsRequests) return a.r.exceedsRequests ? -1 : 1;
      if (a.r.priority !== b.r.priority) return a.r.priority - b.r.priority;
      const da = a.r.usage - a.r.request;
      const db = b.r.usage - b.r.request;
      if (da !== db) return db - da;
      return a.p.order - b.p.order;
    });
  return rows.map((x) => x.r);
}

interface NodeState {
  anchor: number;
  sync: { id: number; at: number } | null;
  lastObserved: number | null;
  forced: boolean;
  killing: { pod: string; usage: number } | null;
}

/** Memory of a node as the kubelet sees it; null when the node lists no memory. */
export function nodeMemory(ni: NodeInfo, pods: ControlledPod[]): { allocatable: number; usage: number; available: number } | null {
  const st = ni.node.status;
  if (st?.allocatable?.memory === undefined && st?.capacity?.memory === undefined) return null;
  let usage = 0;
  for (const p of pods) usage += podMemoryUsage(p);
  const allocatable = ni.allocatable.memory;
  return { allocatable, usage, available: allocatable + EVICTION_HARD_MEMORY_BYTES - usage };
}

export class KubeletEvictionManager {
  private readonly nodes = new Map<string, NodeState>();

  constructor(private readonly host: ControllerHost) {}

  private state(node: string): NodeState {
    let s = this.nodes.get(node);
    if (!s) {
      s = { anchor: 0, sync: null, lastObserved: null, forced: false, killing: null };
      this.nodes.set(node, s);
    }
    return s;
  }

  start(): void {
    for (const name of this.host.snapshot.nodeInfoMap.keys()) this.wake(name);
  }

  nodeAdded(name: string): void {
    const s = this.state(name);
    s.anchor = this.host.now();
    this.wake(name);
  }

  nodeRemoved(name: string): void {
    const s = this.nodes.get(name);
    if (s?.sync) this.host.cancelTimer(s.sync.id);
    this.nodes.delete(name);
  }

  /** A MemoryPressure condition was set by a scenario change. */
  conditionSetByChange(name: string, status: string): void {
    const s = this.state(name);
    if (status === 'True') {
      s.forced = true;
      s.lastObserved = this.host.now();
    } else {
      s.forced = false;
      s.lastObserved = null;
    }
    this.wake(name);
  }

  /** Something on the node changed that could start (or end) memory pressure. */
  wake(name: string): void {
    const ni = this.host.snapshot.get(name);
    if (!ni) return;
    const s = this.state(name);
    if (s.killing || s.sync) return;
    const m = nodeMemory(ni, this.active(name, true));
    const pressure = (m !== null && m.usage > m.allocatable) || s.forced;
    if (!pressure) return;
    this.scheduleSync(name, this.nextGrid(s, this.host.now()));
  }

  private nextGrid(s: NodeState, t: number): number {
    return s.anchor + Math.ceil(Math.max(0, t - s.anchor) / HOUSEKEEPING_MS) * HOUSEKEEPING_MS;
  }

  private scheduleSync(name: string, at: number): void {
    const s = this.state(name);
    if (s.sync && s.sync.at <= at) return;
    if (s.sync) this.host.cancelTimer(s.sync.id);
    const id = this.host.setTimer(at, () => {
      s.sync = null;
      this.synchronize(name);
    });
    s.sync = { id, at };
  }

  /** Pods holding memory on the node (bound), or only those that can still be evicted. */
  private active(name: string, includeTerminating: boolean): ControlledPod[] {
    return this.host.podsOnNode(name).filter((p) => p.state === 'running' || (includeTerminating && p.state === 'terminating'));
  }

  private synchronize(name: string): void {
    const ni = this.host.snapshot.get(name);
    if (!ni) return;
    const s = this.state(name);
    const now = this.host.now();
    s.anchor = now;
    if (s.killing) {
      if (s.killing.usage > 0) s.forced = false;
      s.killing = null;
    }
    const m = nodeMemory(ni, this.active(name, true));
    const overCommitted = m !== null && m.usage > m.allocatable;
    const observed = overCommitted || s.forced;
    if (observed) s.lastObserved = now;
    const condTrue = s.lastObserved !== null && now - s.lastObserved < PRESSURE_TRANSITION_MS;
    this.setMemoryPressure(name, condTrue);
    if (!observed) {
      if (condTrue) this.scheduleSync(name, this.nextGrid(s, s.lastObserved! + PRESSURE_TRANSITION_MS));
      return;
    }
    const ranking = rankMemoryPressure(this.active(name, false));
    const available = m ? m.available : EVICTION_HARD_MEMORY_BYTES - 1;
    this.host.emit({
      type: 'nodePressure',
      node: name,
      resource: 'memory',
      signal: 'allocatableMemory.available',
      threshold: EVICTION_HARD_MEMORY_BYTES,
      available,
      allocatable: m?.allocatable ?? null,
      usage: m?.usage ?? null,
      forced: s.forced,
      ranking,
      source: KUBELET,
    });
    this.host.emit({ type: 'k8sEvent', object: `Node/${name}`, eventType: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', source: KUBELET });
    for (const r of ranking) {
      const pod = this.host.getPod(r.pod);
      if (!pod || isCriticalPod(pod.pi.pod)) continue;
      const message = this.evictionMessage(pod, r, available);
      s.killing = { pod: pod.key, usage: r.usage };
      this.host.evictPod(pod.key, {
        cause: 'nodePressure',
        reason: 'node memory pressure',
        source: KUBELET,
        event: { type: 'Warning', reason: 'Evicted', message },
        graceSeconds: KUBELET_KILL_SECONDS,
        fail: { reason: 'Evicted', message },
        details: { resource: 'memory', available, threshold: EVICTION_HARD_MEMORY_BYTES, rank: ranking.indexOf(r) + 1, ranking, usage: r.usage, request: r.request },
      });
      this.scheduleSync(name, now + KUBELET_KILL_SECONDS * 1000 + CLEANUP_POLL_MS);
      return;
    }
    // Nothing can be evicted: wait for something to change on the node.
  }

  private evictionMessage(pod: ControlledPod, r: RankedPod, available: number): string {
    let msg = `The node was low on resource: memory. Threshold quantity: ${formatBytes(EVICTION_HARD_MEMORY_BYTES)}, available: ${formatBytes(available)}. `;
    if (r.usage > r.request) {
      const containers = pod.pi.pod.spec?.containers ?? [];
      if (containers.length === 1) {
        const req = containers[0].resources?.requests?.memory;
        msg += `Container ${containers[0].name} was using ${formatBytes(r.usage)}, request is ${req === undefined ? '0' : String(req)}, has larger consumption of memory. `;
      } else {
        msg += `Pod ${pod.pi.name} was using ${formatBytes(r.usage)}, request is ${formatBytes(r.request)}, has larger consumption of memory. `;
      }
    }
    return msg;
  }

  /** The kubelet's MemoryPressure condition (setters.MemoryPressureCondition). */
  private setMemoryPressure(name: string, on: boolean): void {
    const node = this.host.snapshot.get(name)?.node;
    if (!node) return;
    const cur = conditionStatus(node, 'MemoryPressure');
    if (on ? cur === 'True' : cur !== 'True') return;
    this.host.emit({
      type: 'k8sEvent',
      object: `Node/${name}`,
      eventType: 'Normal',
      reason: on ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory',
      message: `Node ${name} status is now: ${on ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory'}`,
      source: KUBELET,
    });
    setNodeCondition(this.host, name, {
      type: 'MemoryPressure',
      status: on ? 'True' : 'False',
      reason: on ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory',
      message: on ? 'kubelet has insufficient memory available' : 'kubelet has sufficient memory available',
      source: KUBELET,
    });
  }
}

/** Sets one condition of a node (replacing the one of the same type) and traces it. */
export function setNodeCondition(
  host: ControllerHost,
  name: string,
  c: { type: string; status: string; reason?: string; message?: string; source: string },
): void {
  const node = host.snapshot.get(name)?.node;
  if (!node) return;
  const previous = conditionStatus(node, c.type);
  const ts = new Date(host.epoch + host.now()).toISOString().replace('.000Z', 'Z');
  host.emit({ type: 'nodeCondition', node: name, condition: c.type, status: c.status, previous: previous || null, source: c.source, ...(c.reason ? { reason: c.reason } : {}) });
  host.updateNode(name, (n: Node) => {
    const conditions = [...(n.status?.conditions ?? [])];
    const i = conditions.findIndex((x) => x.type === c.type);
    const next = {
      type: c.type,
      status: c.status,
      lastHeartbeatTime: ts,
      lastTransitionTime: i >= 0 && conditions[i].status === c.status ? conditions[i].lastTransitionTime : ts,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
    if (i >= 0) conditions[i] = next;
    else conditions.push(next);
    return { ...n, status: { ...(n.status ?? {}), conditions } };
  });
}
