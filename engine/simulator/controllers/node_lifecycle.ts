// The node lifecycle controller (upstream pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// kube-controller-manager v1.35), the part that turns node conditions into taints:
//
// NoSchedule ("TaintNodesByCondition", doNoScheduleTaintingPass), on every node add/update:
//   Ready=False -> node.kubernetes.io/not-ready, Ready=Unknown -> node.kubernetes.io/unreachable,
//   MemoryPressure / DiskPressure / PIDPressure / NetworkUnavailable = True ->
//   node.kubernetes.io/{memory,disk,pid}-pressure, node.kubernetes.io/network-unavailable,
//   spec.unschedulable -> node.kubernetes.io/unschedulable; taints of those keys whose cause is
//   gone are removed.
// NoExecute (monitorNodeHealth every --node-monitor-period = 5 s, then doNoExecuteTaintingPass):
//   Ready=False -> node.kubernetes.io/not-ready:NoExecute, Unknown -> unreachable:NoExecute (the
//   two swapped at once when one replaces the other), Ready=True -> both removed. Tainting goes
//   through a per-zone queue limited by a token bucket: --node-eviction-rate 0.1/s (one node
//   every 10 s per zone, the first at once); a zone with more than 2 not-ready nodes and at
//   least --unhealthy-zone-threshold 55% of them not ready is in PartialDisruption (rate 0, or
//   --secondary-node-eviction-rate 0.01/s above --large-cluster-size-threshold 50 nodes); when
//   every zone is fully not ready the controller stops tainting and removes these taints
//   ("master disruption mode").
//
// Modelling choices (the simulator has no kubelet heartbeats):
// - Node conditions change only by scenario changes (setNodeCondition) and by the simulated
//   kubelet (MemoryPressure). The controller manages the taints of nodes whose status reports
//   conditions; a node without any keeps its taints as written (scenarios that describe nodes
//   by hand, and the plugin-level conformance cases, write exactly the taints they mean) until
//   a condition is set on it. A node without a Ready condition is taken as Ready: its NoExecute
//   taints are left alone and it counts as ready for the zone states.
// - Monitor passes run at multiples of 5 s of virtual time, only when something they look at
//   changed; the 100 ms tainting pass runs right after, and again when a rate-limited zone gets
//   its next token (rounded up to 100 ms).

import type { Node, Taint } from 'kubernetes-types/core/v1';
import { getZoneKey } from '../../cache/snapshot';
import { type ControllerHost, conditionStatus } from './types';

export const NODE_LIFECYCLE_CONTROLLER = 'node-controller';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/** nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_PID_PRESSURE]);

export const NODE_MONITOR_PERIOD_MS = 5000;
export const NODE_EVICTION_PERIOD_MS = 100;
export const EVICTION_LIMITER_QPS = 0.1;
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
export const LARGE_CLUSTER_THRESHOLD = 50;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** flowcontrol.NewTokenBucketRateLimiter(qps, burst 1) on the virtual clock; qps 0 = never. */
class TokenBucket {
  private nextAt = -Infinity;
  constructor(readonly qps: number) {}
  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    if (now < this.nextAt) return false;
    this.nextAt = now + 1000 / this.qps;
    return true;
  }
  /** When the next token is there (null = never). */
  available(): number | null {
    return this.qps <= 0 ? null : this.nextAt;
  }
}

/** RateLimitedTimedQueue: a unique FIFO (a name stays "added" until Remove) behind a limiter. */
interface ZoneTainter {
  queue: string[];
  set: Set<string>;
  limiter: TokenBucket;
}

/** Whether the controller manages the node's condition taints: its status reports conditions. */
export const managed = (n: Node): boolean => (n.status?.conditions?.length ?? 0) > 0;

const match = (a: Taint, key: string, effect: string) => a.key === key && a.effect === effect;
const taintExists = (n: Node, key: string, effect: string) => (n.spec?.taints ?? []).some((t) => match(t, key, effect));

export class NodeLifecycleController {
  private readonly zones = new Map<string, ZoneTainter>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly known = new Set<string>();
  private monitorTimer: { id: number; at: number } | null = null;
  private passTimer: { id: number; at: number } | null = null;

  constructor(private readonly host: ControllerHost) {}

  /** Start of the run: every node is new to the controller. */
  start(): void {
    for (const ni of this.host.snapshot.nodeInfoMap.values()) this.noScheduleTaintingPass(ni.name);
    this.requestMonitor();
  }

  nodeAdded(name: string): void {
    this.noScheduleTaintingPass(name);
    this.requestMonitor();
  }

  nodeRemoved(): void {
    this.requestMonitor();
  }

  nodeUpdated(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata?.name ?? '';
    this.noScheduleTaintingPass(name);
    if (
      conditionStatus(oldNode, 'Ready') !== conditionStatus(newNode, 'Ready') ||
      getZoneKey(oldNode) !== getZoneKey(newNode) ||
      (oldNode.metadata?.labels?.[LABEL_EXCLUDE_DISRUPTION] !== undefined) !== (newNode.metadata?.labels?.[LABEL_EXCLUDE_DISRUPTION] !== undefined) ||
      this.noExecuteTaintsDrifted(newNode)
    ) {
      this.requestMonitor();
    }
  }

  /** Someone removed or added a not-ready/unreachable NoExecute taint the controller would set otherwise. */
  private noExecuteTaintsDrifted(n: Node): boolean {
    const ready = conditionStatus(n, 'Ready');
    if (ready === '') return false;
    const nr = taintExists(n, TAINT_NOT_READY, 'NoExecute');
    const ur = taintExists(n, TAINT_UNREACHABLE, 'NoExecute');
    if (ready === 'True') return nr || ur;
    if (ready === 'False') return !nr || ur;
    return !ur || nr;
  }

  // ---- NoSchedule -----------------------------------------------------------------------------

  private noScheduleTaintingPass(name: string): void {
    const node = this.host.snapshot.get(name)?.node;
    if (!node) return;
    if (!managed(node)) return;
    const want: { key: string; reason: string }[] = [];
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, reason: `${c.type}=${c.status}` });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, reason: 'spec.unschedulable' });
    const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    const add = want.filter((w) => !have.some((t) => t.key === w.key));
    const del = have.filter((t) => !want.some((w) => w.key === t.key));
    if (add.length === 0 && del.length === 0) return;
    this.swapTaints(
      name,
      add.map((a) => ({ taint: { key: a.key, effect: 'NoSchedule' }, reason: a.reason })),
      del.map((t) => ({ taint: t, reason: t.key === TAINT_UNSCHEDULABLE ? 'spec.unschedulable=false' : 'condition cleared' })),
    );
  }

  /**
   * upstream SwapNodeControllerTaint: the taints to add get timeAdded = now (a taint of the same
   * key and effect is replaced in place, others are appended), then the taints to remove go.
   * Upstream makes two API calls; here it is one node update. The trace tells the controller's
   * intent before the update, so that the reactions to it (evictions, queue moves) follow.
   */
  private swapTaints(name: string, add: { taint: Taint; reason: string }[], del: { taint: Taint; reason: string }[]): void {
    const node = this.host.snapshot.get(name)?.node;
    if (!node) return;
    const now = this.host.now();
    let taints = [...(node.spec?.taints ?? [])];
    for (const a of add) {
      const t: Taint = { ...a.taint, timeAdded: new Date(this.host.epoch + now).toISOString().replace('.000Z', 'Z') };
      const i = taints.findIndex((x) => match(x, t.key, t.effect));
      if (i >= 0) taints[i] = t;
      else taints.push(t);
      this.host.emit({ type: 'nodeTaint', node: name, action: 'add', taint: t, reason: a.reason, source: NODE_LIFECYCLE_CONTROLLER });
    }
    for (const d of del) {
      const i = taints.findIndex((x) => match(x, d.taint.key, d.taint.effect));
      if (i < 0) continue;
      this.host.emit({ type: 'nodeTaint', node: name, action: 'remove', taint: taints[i], reason: d.reason, source: NODE_LIFECYCLE_CONTROLLER });
      taints = taints.filter((_, j) => j !== i);
    }
    this.host.updateNode(name, (n) => {
      const { taints: _old, ...rest } = n.spec ?? {};
      return { ...n, spec: taints.length ? { ...rest, taints } : rest };
    });
  }

  // ---- NoExecute: monitor pass ----------------------------------------------------------------

  private requestMonitor(): void {
    const now = this.host.now();
    const at = Math.ceil(now / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS;
    if (this.monitorTimer && this.monitorTimer.at <= at) return;
    if (this.monitorTimer) this.host.cancelTimer(this.monitorTimer.id);
    const id = this.host.setTimer(at, () => {
      this.monitorTimer = null;
      this.monitorNodeHealth();
    });
    this.monitorTimer = { id, at };
  }

  private zone(key: string): ZoneTainter {
    let z = this.zones.get(key);
    if (!z) {
      z = { queue: [], set: new Set(), limiter: new TokenBucket(EVICTION_LIMITER_QPS) };
      this.zones.set(key, z);
    }
    return z;
  }

  private nodes(): Node[] {
    const out: Node[] = [];
    for (const ni of this.host.snapshot.nodeInfoMap.values()) out.push(ni.node);
    return out;
  }

  private monitorNodeHealth(): void {
    const nodes = this.nodes();
    const names = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const k of [...this.known]) if (!names.has(k)) this.known.delete(k);
    for (const n of nodes) {
      const name = n.metadata?.name ?? '';
      this.zone(getZoneKey(n));
      if (!this.known.has(name)) {
        this.known.add(name);
        if (conditionStatus(n, 'Ready') !== '') this.markNodeAsReachable(name);
      }
    }
    const zoneToConditions = new Map<string, string[]>();
    for (const n0 of nodes) {
      const name = n0.metadata?.name ?? '';
      const n = this.host.snapshot.get(name)?.node;
      if (!n) continue;
      const ready = conditionStatus(n, 'Ready');
      if (n.metadata?.labels?.[LABEL_EXCLUDE_DISRUPTION] === undefined) {
        const zk = getZoneKey(n);
        let l = zoneToConditions.get(zk);
        if (!l) zoneToConditions.set(zk, (l = []));
        l.push(ready === '' ? 'True' : ready);
      }
      if (ready !== '') this.processTaintBaseEviction(name, ready);
    }
    this.handleDisruption(zoneToConditions);
    this.noExecuteTaintingPass();
  }

  private processTaintBaseEviction(name: string, ready: string): void {
    const n = this.host.snapshot.get(name)?.node;
    if (!n) return;
    if (ready === 'False') {
      if (taintExists(n, TAINT_UNREACHABLE, 'NoExecute')) {
        this.swapTaints(name, [{ taint: { key: TAINT_NOT_READY, effect: 'NoExecute' }, reason: 'Ready=False' }], [{ taint: { key: TAINT_UNREACHABLE, effect: 'NoExecute' }, reason: 'Ready=False' }]);
      } else this.markNodeForTainting(n, 'False');
    } else if (ready === 'Unknown') {
      if (taintExists(n, TAINT_NOT_READY, 'NoExecute')) {
        this.swapTaints(name, [{ taint: { key: TAINT_UNREACHABLE, effect: 'NoExecute' }, reason: 'Ready=Unknown' }], [{ taint: { key: TAINT_NOT_READY, effect: 'NoExecute' }, reason: 'Ready=Unknown' }]);
      } else this.markNodeForTainting(n, 'Unknown');
    } else if (ready === 'True') {
      this.markNodeAsReachable(name);
    }
  }

  private markNodeForTainting(n: Node, status: 'False' | 'Unknown'): void {
    const name = n.metadata?.name ?? '';
    const z = this.zone(getZoneKey(n));
    const key = status === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
    if (!taintExists(n, key, 'NoExecute')) this.removeFromZone(z, name);
    if (z.set.has(name)) return;
    z.set.add(name);
    z.queue.push(name);
  }

  private removeFromZone(z: ZoneTainter, name: string): void {
    z.set.delete(name);
    const i = z.queue.indexOf(name);
    if (i >= 0) z.queue.splice(i, 1);
  }

  private markNodeAsReachable(name: string): void {
    const n = this.host.snapshot.get(name)?.node;
    if (!n) return;
    const del: { taint: Taint; reason: string }[] = [];
    for (const key of [TAINT_UNREACHABLE, TAINT_NOT_READY]) {
      const t = (n.spec?.taints ?? []).find((x) => match(x, key, 'NoExecute'));
      if (t) del.push({ taint: t, reason: 'Ready=True' });
    }
    if (del.length) this.swapTaints(name, [], del);
    const z = this.zones.get(getZoneKey(n));
    if (z) this.removeFromZone(z, name);
  }

  private computeZoneState(conds: string[]): ZoneState {
    let ready = 0;
    let notReady = 0;
    for (const c of conds) {
      if (c === 'True') ready++;
      else notReady++;
    }
    if (ready === 0 && notReady > 0) return 'FullDisruption';
    if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
    return 'Normal';
  }

  private swapLimiter(zone: string, qps: number): void {
    const z = this.zone(zone);
    if (z.limiter.qps === qps) return;
    const now = this.host.now();
    const next = new TokenBucket(qps);
    if (qps > 0 && !z.limiter.tryAccept(now)) next.tryAccept(now);
    z.limiter = next;
  }

  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    if (state === 'Normal' || state === 'FullDisruption') this.swapLimiter(zone, EVICTION_LIMITER_QPS);
    else if (state === 'PartialDisruption') this.swapLimiter(zone, size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0);
  }

  private handleDisruption(zoneToConditions: Map<string, string[]>): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [k, v] of zoneToConditions) {
      const s = this.computeZoneState(v);
      if (s !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(k, s);
      if (!this.zoneStates.has(k)) this.zoneStates.set(k, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [k, v] of [...this.zoneStates]) {
      if (!zoneToConditions.has(k)) {
        this.zoneStates.delete(k);
        continue;
      }
      if (v !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      for (const n of this.nodes()) this.markNodeAsReachable(n.metadata?.name ?? '');
      for (const k of this.zoneStates.keys()) this.swapLimiter(k, 0);
      for (const k of this.zoneStates.keys()) this.zoneStates.set(k, 'FullDisruption');
      this.host.emit({ type: 'disruptionMode', entering: true, message: 'Controller detected that all Nodes are not-Ready. Entering master disruption mode', source: NODE_LIFECYCLE_CONTROLLER });
      return;
    }
    if (allWasFullyDisrupted) {
      this.host.emit({ type: 'disruptionMode', entering: false, message: 'Controller detected that some Nodes are Ready. Exiting master disruption mode', source: NODE_LIFECYCLE_CONTROLLER });
      for (const k of this.zoneStates.keys()) {
        this.setLimiterInZone(k, zoneToConditions.get(k)?.length ?? 0, newStates.get(k)!);
        this.zoneStates.set(k, newStates.get(k)!);
      }
      return;
    }
    for (const [k, v] of this.zoneStates) {
      const s = newStates.get(k)!;
      if (v === s) continue;
      this.setLimiterInZone(k, zoneToConditions.get(k)?.length ?? 0, s);
      this.zoneStates.set(k, s);
    }
  }

  // ---- NoExecute: tainting pass (RateLimitedTimedQueue.Try) -----------------------------------

  private noExecuteTaintingPass(): void {
    const now = this.host.now();
    let retry: number | null = null;
    for (const zk of [...this.zones.keys()].sort()) {
      const z = this.zones.get(zk)!;
      while (z.queue.length > 0) {
        if (!z.limiter.tryAccept(now)) {
          const a = z.limiter.available();
          if (a !== null && (retry === null || a < retry)) retry = a;
          break;
        }
        const name = z.queue.shift()!;
        const n = this.host.snapshot.get(name)?.node;
        if (!n) continue;
        const ready = conditionStatus(n, 'Ready');
        if (ready === 'False') {
          this.swapTaints(name, [{ taint: { key: TAINT_NOT_READY, effect: 'NoExecute' }, reason: 'Ready=False' }], [{ taint: { key: TAINT_UNREACHABLE, effect: 'NoExecute' }, reason: 'Ready=False' }]);
        } else if (ready === 'Unknown') {
          this.swapTaints(name, [{ taint: { key: TAINT_UNREACHABLE, effect: 'NoExecute' }, reason: 'Ready=Unknown' }], [{ taint: { key: TAINT_NOT_READY, effect: 'NoExecute' }, reason: 'Ready=Unknown' }]);
        }
      }
    }
    if (retry !== null) {
      const at = Math.max(now, Math.ceil(retry / NODE_EVICTION_PERIOD_MS) * NODE_EVICTION_PERIOD_MS);
      if (this.passTimer && this.passTimer.at <= at) return;
      if (this.passTimer) this.host.cancelTimer(this.passTimer.id);
      const id = this.host.setTimer(at, () => {
        this.passTimer = null;
        this.noExecuteTaintingPass();
      });
      this.passTimer = { id, at };
    }
  }
}
