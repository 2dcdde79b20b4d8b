// The scheduling queue (upstream pkg/scheduler/backend/queue: PriorityQueue with activeQ,
// backoffQ and unschedulablePods) on the simulator's virtual clock, with v1.35's defaults:
// SchedulerQueueingHints on (plugins' QueueingHints decide requeueing), SchedulerPopFromBackoffQ
// on (an empty activeQ pops from the backoffQ; backoff times aligned to 1 s windows).
//
// Everything is deterministic: map iteration is in insertion order and ties in the heaps are
// broken by `seq` (the order in which pods entered the queue).

import type { ClusterEvent, ClusterEventWithHint, PodInfo, QueuedPodInfo, TraceSink } from '../framework/types';
import { QueueingHint } from '../framework/types';
import { eventLabel, eventMatches } from '../framework/runtime';
import type { QueueName } from '../trace/events';
import { Heap } from './heap';

/** A pod in the queue (upstream framework.QueuedPodInfo plus the queue's own bookkeeping). */
export interface QueuedPod extends QueuedPodInfo {
  /** The pod's schedulerName (profile). */
  profile: string;
  /** Cached backoff expiration (ms), cleared at each pop. */
  backoffExpiration: number | null;
  /** The pod did not pass PreEnqueue. */
  gated: boolean;
  gatingPlugin: string;
}

export interface HintEntry {
  plugin: string;
  event: ClusterEvent;
  hint?: ClusterEventWithHint['hint'];
}

/** The profile-specific parts of the queue. */
export interface QueueProfile {
  /** upstream preEnqueuePluginMap: null = the pod passes, else the rejecting status' plugin. */
  preEnqueue(pod: PodInfo): { plugin: string; message: string } | null;
  hints: HintEntry[];
}

export interface QueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxInUnschedulableMs: number;
  profiles: Map<string, QueueProfile>;
  now: () => number;
  trace: () => TraceSink | null;
  /** Labels of a namespace (for affinity terms with a namespaceSelector). */
  namespaceLabels: (ns: string) => Record<string, string>;
}

type Strategy = 'skip' | 'afterBackoff' | 'immediately';

export const WILDCARD_EVENT = (label: string): ClusterEvent => ({ resource: '*', action: 'All', label });
export const EVENT_UNSCHEDULABLE_TIMEOUT = WILDCARD_EVENT('UnschedulableTimeout');
export const EVENT_FORCE_ACTIVATE = WILDCARD_EVENT('ForceActivate');
const isWildCard = (e: ClusterEvent) => e.resource === '*' && e.action === 'All';

/** Backoff window (upstream backoffQOrderingWindowDuration). */
export const BACKOFF_WINDOW_MS = 1000;
/** Interval of flushUnschedulablePodsLeftover. */
export const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 30_000;

interface InFlightEvent {
  event: ClusterEvent;
  oldObj: unknown;
  newObj: unknown;
}

export class SchedulingQueue {
  readonly activeQ: Heap<QueuedPod>;
  readonly podBackoffQ: Heap<QueuedPod>;
  readonly podErrorBackoffQ: Heap<QueuedPod>;
  readonly unschedulablePods = new Map<string, QueuedPod>();
  /** Pods popped and not Done yet, with the events seen meanwhile. */
  private inFlight = new Map<string, InFlightEvent[]>();
  private schedCycle = 0;
  private seqCounter = 0;
  private hintsInterested: { event: ClusterEvent }[] = [];

  constructor(private readonly o: QueueOptions) {
    const key = (p: QueuedPod) => p.podInfo.key;
    this.activeQ = new Heap<QueuedPod>(key, (a, b) => o.less(a, b));
    // podBackoffQ with PopFromBackoffQ: by backoff time, then as the activeQ.
    this.podBackoffQ = new Heap<QueuedPod>(key, (a, b) => {
      const ba = this.backoffTime(a);
      const bb = this.backoffTime(b);
      if (ba !== bb) return ba < bb;
      return o.less(a, b);
    });
    this.podErrorBackoffQ = new Heap<QueuedPod>(key, (a, b) => {
      const ba = this.backoffTime(a);
      const bb = this.backoffTime(b);
      if (ba !== bb) return ba < bb;
      return a.seq < b.seq;
    });
    for (const p of o.profiles.values()) for (const h of p.hints) this.hintsInterested.push(h);
  }

  get schedulingCycle(): number {
    return this.schedCycle;
  }

  /** A fresh sequence number (order of entering the queue); also used for the initial pods. */
  nextSeq(): number {
    return this.seqCounter++;
  }

  private emitMove(p: QueuedPod, from: QueueName | 'new' | 'inFlight', to: QueueName, event: string): void {
    const t = this.o.trace();
    if (t) t.emit({ type: 'queueMove', t: this.o.now(), pod: p.podInfo.key, from, to, event });
  }

  private where(p: QueuedPod): QueueName | 'new' | 'inFlight' {
    const k = p.podInfo.key;
    if (this.activeQ.has(k)) return 'active';
    if (this.podBackoffQ.has(k) || this.podErrorBackoffQ.has(k)) return 'backoff';
    if (this.unschedulablePods.has(k)) return p.gated ? 'gated' : 'unschedulable';
    if (this.inFlight.has(k)) return 'inFlight';
    return 'new';
  }

  // ---- backoff ----------------------------------------------------------------------------

  private align(t: number): number {
    return Math.floor(t / BACKOFF_WINDOW_MS) * BACKOFF_WINDOW_MS;
  }

  /** upstream calculateBackoffDuration: initial * 2^(attempts-1), capped at max. */
  backoffDuration(p: QueuedPodInfo): number {
    if (p.attempts === 0) return 0;
    let d = this.o.initialBackoffMs;
    for (let i = 1; i < p.attempts; i++) {
      if (d > this.o.maxBackoffMs - d) return this.o.maxBackoffMs;
      d += d;
    }
    return d;
  }

  /** upstream getBackoffTime (aligned to the 1 s window). */
  backoffTime(p: QueuedPod): number {
    if (p.attempts === 0) return -Infinity;
    if (p.backoffExpiration === null) p.backoffExpiration = this.align(p.timestamp + this.backoffDuration(p));
    return p.backoffExpiration;
  }

  isPodBackingoff(p: QueuedPod): boolean {
    return !(this.backoffTime(p) < this.align(this.o.now()));
  }

  // ---- adding -----------------------------------------------------------------------------

  newQueuedPod(pi: PodInfo, profile: string): QueuedPod {
    return {
      podInfo: pi,
      timestamp: this.o.now(),
      attempts: 0,
      initialAttemptTimestamp: null,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      seq: this.nextSeq(),
      profile,
      backoffExpiration: null,
      gated: false,
      gatingPlugin: '',
    };
  }

  /** upstream moveToActiveQ: runs PreEnqueue; a gated pod goes to unschedulablePods. */
  private moveToActiveQ(p: QueuedPod, event: string): boolean {
    const from = this.where(p);
    const wasGated = p.gated;
    const prof = this.o.profiles.get(p.profile);
    const gate = prof ? prof.preEnqueue(p.podInfo) : null;
    p.gated = gate !== null;
    const key = p.podInfo.key;
    if (gate) {
      p.gatingPlugin = gate.plugin;
      p.unschedulablePlugins.add(gate.plugin);
      if (this.activeQ.has(key) || this.podBackoffQ.has(key) || this.podErrorBackoffQ.has(key)) return false;
      this.unschedulablePods.set(key, p);
      if (!wasGated || from !== 'gated') this.emitMove(p, from, 'gated', event);
      return false;
    }
    p.gatingPlugin = '';
    if (p.initialAttemptTimestamp === null) p.initialAttemptTimestamp = this.o.now();
    this.activeQ.addOrUpdate(p);
    this.unschedulablePods.delete(key);
    this.podBackoffQ.delete(key);
    this.podErrorBackoffQ.delete(key);
    this.emitMove(p, from, 'active', event);
    return true;
  }

  /** upstream Add: a new pending pod. */
  add(p: QueuedPod): void {
    this.moveToActiveQ(p, 'UnscheduledPodAdd');
  }

  private backoffAdd(p: QueuedPod, event: string): void {
    const from = this.where(p);
    const key = p.podInfo.key;
    if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0) {
      this.podBackoffQ.delete(key);
      this.podErrorBackoffQ.addOrUpdate(p);
    } else {
      this.podErrorBackoffQ.delete(key);
      this.podBackoffQ.addOrUpdate(p);
    }
    this.unschedulablePods.delete(key);
    this.emitMove(p, from, 'backoff', event);
  }

  // ---- popping ----------------------------------------------------------------------------

  /** Whether a pop would return a pod (activeQ or, PopFromBackoffQ, the podBackoffQ). */
  canPop(): boolean {
    return this.activeQ.length > 0 || this.podBackoffQ.length > 0;
  }

  /** upstream Pop (activeQueue.unlockedPop with the backoffQ popper). */
  pop(): QueuedPod | null {
    let p = this.activeQ.pop();
    if (!p) {
      p = this.podBackoffQ.pop();
      if (p) this.emitMove(p, 'backoff', 'active', 'PopFromBackoffQ');
    }
    if (!p) return null;
    p.attempts++;
    p.backoffExpiration = null;
    this.inFlight.set(p.podInfo.key, []);
    this.schedCycle++;
    p.unschedulablePlugins.clear();
    p.pendingPlugins.clear();
    return p;
  }

  /** upstream Done. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  isInFlight(key: string): boolean {
    return this.inFlight.has(key);
  }

  // ---- requeueing -------------------------------------------------------------------------

  private isEventOfInterest(event: ClusterEvent): boolean {
    if (isWildCard(event)) return true;
    for (const h of this.hintsInterested) if (eventMatches(h.event, event)) return true;
    return false;
  }

  /** upstream isPodWorthRequeuing. */
  private isPodWorthRequeuing(p: QueuedPod, event: ClusterEvent, oldObj: unknown, newObj: unknown): Strategy {
    const rejectors = new Set([...p.unschedulablePlugins, ...p.pendingPlugins]);
    if (rejectors.size === 0) return 'afterBackoff';
    if (isWildCard(event)) {
      const np = newObj as { metadata?: { uid?: string; namespace?: string; name?: string } } | null;
      if (np && np.metadata) {
        const k = `${np.metadata.namespace ?? 'default'}/${np.metadata.name ?? ''}`;
        if (k !== p.podInfo.key) return 'skip';
      }
      return 'afterBackoff';
    }
    const prof = this.o.profiles.get(p.profile);
    if (!prof) return 'afterBackoff';
    let strategy: Strategy = 'skip';
    for (const h of prof.hints) {
      if (!eventMatches(h.event, event)) continue;
      if (!rejectors.has(h.plugin)) continue;
      let hint: QueueingHint = QueueingHint.Queue;
      if (h.hint) {
        try {
          hint = h.hint(p.podInfo.pod, oldObj, newObj);
        } catch {
          hint = QueueingHint.Queue;
        }
      }
      if (hint === QueueingHint.Skip) continue;
      if (p.pendingPlugins.has(h.plugin)) return 'immediately';
      if (p.pendingPlugins.size === 0) return 'afterBackoff';
      strategy = 'afterBackoff';
    }
    return strategy;
  }

  /** upstream requeuePodViaQueueingHint. Returns where the pod went. */
  private requeue(p: QueuedPod, strategy: Strategy, event: string): QueueName {
    const key = p.podInfo.key;
    if (strategy === 'skip') {
      const from = this.where(p);
      this.unschedulablePods.set(key, p);
      if (from !== 'unschedulable') this.emitMove(p, from, 'unschedulable', event);
      return 'unschedulable';
    }
    if (strategy === 'afterBackoff' && this.isPodBackingoff(p)) {
      this.backoffAdd(p, event);
      return 'backoff';
    }
    if (this.moveToActiveQ(p, event)) return 'active';
    if (p.gated) return 'gated';
    this.unschedulablePods.set(key, p);
    return 'unschedulable';
  }

  /**
   * upstream AddUnschedulableIfNotPresent (with queueing hints): the pod failed its attempt;
   * events seen while it was in flight decide whether it waits in unschedulablePods.
   */
  addUnschedulableIfNotPresent(p: QueuedPod): QueueName {
    const key = p.podInfo.key;
    const events = this.inFlight.get(key) ?? [];
    this.inFlight.delete(key);
    if (this.unschedulablePods.has(key) || this.activeQ.has(key) || this.podBackoffQ.has(key) || this.podErrorBackoffQ.has(key)) {
      return this.where(p) as QueueName;
    }
    p.timestamp = this.o.now();
    p.seq = this.nextSeq();
    p.backoffExpiration = null;
    let strategy: Strategy;
    if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0) strategy = 'afterBackoff';
    else {
      strategy = 'skip';
      for (const e of events) {
        const s = this.isPodWorthRequeuing(p, e.event, e.oldObj, e.newObj);
        if (s === 'skip') continue;
        if (s === 'immediately') {
          strategy = s;
          break;
        }
        strategy = 'afterBackoff';
        if (p.pendingPlugins.size === 0) break;
      }
    }
    return this.requeue(p, strategy, 'ScheduleAttemptFailure');
  }

  /** upstream movePodsToActiveOrBackoffQueue. */
  private movePods(list: QueuedPod[], event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (!this.isEventOfInterest(event)) return;
    const label = eventLabel(event);
    for (const p of list) {
      if (p.gated && p.unschedulablePlugins.has('SchedulingGates')) continue;
      const s = this.isPodWorthRequeuing(p, event, oldObj, newObj);
      if (s === 'skip') continue;
      this.unschedulablePods.delete(p.podInfo.key);
      this.requeue(p, s, label);
    }
    if (this.inFlight.size > 0) {
      for (const evs of this.inFlight.values()) evs.push({ event, oldObj, newObj });
    }
  }

  /** upstream MoveAllToActiveOrBackoffQueue. */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (p: QueuedPod) => boolean,
  ): void {
    if (!this.isEventOfInterest(event)) return;
    const list: QueuedPod[] = [];
    for (const p of this.unschedulablePods.values()) if (!preCheck || preCheck(p)) list.push(p);
    this.movePods(list, event, oldObj, newObj);
  }

  /** upstream AssignedPodAdded: only pods whose affinity matches it, or rejected by PodTopologySpread. */
  assignedPodAdded(pod: PodInfo): void {
    const event: ClusterEvent = { resource: 'AssignedPod', action: 'Add' };
    if (!this.isEventOfInterest(event)) return;
    this.movePods(this.crossTopology(pod), event, null, pod.pod);
  }

  /** upstream AssignedPodUpdated. */
  assignedPodUpdated(oldPod: PodInfo, newPod: PodInfo, event: ClusterEvent): void {
    if (event.action === 'UpdatePodScaleDown') this.moveAllToActiveOrBackoffQueue(event, oldPod.pod, newPod.pod);
    else this.movePods(this.crossTopology(newPod), event, oldPod.pod, newPod.pod);
  }

  /** upstream getUnschedulablePodsWithCrossTopologyTerm. */
  private crossTopology(pod: PodInfo): QueuedPod[] {
    const out: QueuedPod[] = [];
    let nsLabels: Record<string, string> | null = null;
    for (const p of this.unschedulablePods.values()) {
      if (p.unschedulablePlugins.has('PodTopologySpread') && pod.namespace === p.podInfo.namespace) {
        out.push(p);
        continue;
      }
      for (const term of p.podInfo.requiredAffinityTerms) {
        let nsOk = term.namespaces.has(pod.namespace);
        if (!nsOk && term.namespaceSelector) {
          nsLabels ??= this.o.namespaceLabels(pod.namespace);
          nsOk = term.namespaceSelector(nsLabels);
        }
        if (nsOk && term.selector(pod.labels)) {
          out.push(p);
          break;
        }
      }
    }
    return out;
  }

  /** upstream Activate. */
  activate(keys: string[]): void {
    for (const k of keys) {
      const p = this.unschedulablePods.get(k) ?? this.podBackoffQ.get(k) ?? this.podErrorBackoffQ.get(k);
      if (p) this.moveToActiveQ(p, 'ForceActivate');
      else if (this.inFlight.has(k)) this.inFlight.get(k)!.push({ event: EVENT_FORCE_ACTIVATE, oldObj: null, newObj: null });
    }
  }

  /** upstream Update for a pending pod (e.g. its scheduling gates removed). */
  update(key: string, newPod: PodInfo, events: ClusterEvent[], oldPodObj: unknown): void {
    if (this.inFlight.has(key)) {
      for (const e of events) this.inFlight.get(key)!.push({ event: e, oldObj: oldPodObj, newObj: newPod.pod });
      return;
    }
    for (const q of [this.activeQ, this.podBackoffQ, this.podErrorBackoffQ]) {
      const p = q.get(key);
      if (p) {
        p.podInfo = newPod;
        q.addOrUpdate(p);
        return;
      }
    }
    const p = this.unschedulablePods.get(key);
    if (p) {
      p.podInfo = newPod;
      for (const e of events) {
        const s = this.isPodWorthRequeuing(p, e, oldPodObj, newPod.pod);
        const q = this.requeue(p, s, eventLabel(e));
        if (q === 'active') break;
      }
    }
  }

  /** upstream Delete: the pod is gone. */
  delete(key: string): void {
    this.activeQ.delete(key);
    this.podBackoffQ.delete(key);
    this.podErrorBackoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  /** The queued record of a pending pod (any sub-queue). */
  get(key: string): QueuedPod | undefined {
    return (
      this.activeQ.get(key) ?? this.podBackoffQ.get(key) ?? this.podErrorBackoffQ.get(key) ?? this.unschedulablePods.get(key)
    );
  }

  // ---- timers -----------------------------------------------------------------------------

  /** upstream flushBackoffQCompleted (run at each 1 s tick). */
  flushBackoffQCompleted(): void {
    for (const q of [this.podBackoffQ, this.podErrorBackoffQ]) {
      for (;;) {
        const p = q.peek();
        if (!p || this.isPodBackingoff(p)) break;
        q.pop();
        this.moveToActiveQ(p, 'BackoffComplete');
      }
    }
  }

  /** upstream flushUnschedulablePodsLeftover (run every 30 s). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.o.now();
    const list: QueuedPod[] = [];
    for (const p of this.unschedulablePods.values()) {
      if (now - p.timestamp > this.o.maxInUnschedulableMs) list.push(p);
    }
    if (list.length) this.movePods(list, EVENT_UNSCHEDULABLE_TIMEOUT, null, null);
  }

  /** The earliest time (ms) at which a backoff flush would move a pod, or null. */
  nextBackoffFlush(): number | null {
    let best: number | null = null;
    for (const q of [this.podBackoffQ, this.podErrorBackoffQ]) {
      const p = q.peek();
      if (!p) continue;
      // isPodBackingoff is false once align(now) > backoffTime: at the next window after it.
      const bt = this.backoffTime(p);
      const t = bt === -Infinity ? this.o.now() : this.align(bt) + BACKOFF_WINDOW_MS;
      if (best === null || t < best) best = t;
    }
    return best;
  }

  /** Earliest time some unschedulable pod passes podMaxInUnschedulablePodsDuration (at a 30 s tick). */
  nextUnschedulableFlush(): number | null {
    let min: number | null = null;
    for (const p of this.unschedulablePods.values()) {
      if (p.gated) continue;
      if (min === null || p.timestamp < min) min = p.timestamp;
    }
    if (min === null) return null;
    const due = min + this.o.maxInUnschedulableMs + 1;
    return Math.ceil(due / UNSCHEDULABLE_FLUSH_INTERVAL_MS) * UNSCHEDULABLE_FLUSH_INTERVAL_MS;
  }

  // ---- views ------------------------------------------------------------------------------

  sizes(): { active: number; backoff: number; unschedulable: number } {
    return {
      active: this.activeQ.length,
      backoff: this.podBackoffQ.length + this.podErrorBackoffQ.length,
      unschedulable: this.unschedulablePods.size,
    };
  }

  /**
   * Keys per sub-queue, at most `limit` each: active in pop order, the others sorted by key;
   * `counts` has the full sizes.
   */
  lists(limit = Infinity): {
    active: string[];
    backoff: string[];
    unschedulable: string[];
    counts: { active: number; backoff: number; unschedulable: number };
  } {
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const less = this.o.less;
    return {
      active: topK(this.activeQ.list(), limit, (a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0)).map((p) => p.podInfo.key),
      backoff: topK(
        [...this.podBackoffQ.list(), ...this.podErrorBackoffQ.list()].map((p) => p.podInfo.key),
        limit,
        byKey,
      ),
      unschedulable: topK([...this.unschedulablePods.keys()], limit, byKey),
      counts: this.sizes(),
    };
  }

  /** Every pending pod the queue holds (not the in-flight one). */
  all(): QueuedPod[] {
    return [
      ...this.activeQ.list(),
      ...this.podBackoffQ.list(),
      ...this.podErrorBackoffQ.list(),
      ...this.unschedulablePods.values(),
    ];
  }
}

/** The `k` smallest items in order (a bounded insertion sort: O(n log k) comparisons on average). */
function topK<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (items.length <= k) return items.sort(cmp);
  const out: T[] = [];
  for (const it of items) {
    if (out.length === k && cmp(it, out[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(out[mid], it) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, it);
    if (out.length > k) out.pop();
  }
  return out;
}
