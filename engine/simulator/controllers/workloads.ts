// Workload controllers, reduced to what happens to their pods over time (upstream
// pkg/controller/replicaset, statefulset, job, daemon; kube-controller-manager v1.35):
//
// - ReplicaSet (and a Deployment's ReplicaSet) / ReplicationController: a pod that stops being
//   active (being deleted, Failed, or deleted while pending) is replaced at once by a new pod
//   from the template, named "<rs>-<5 random characters>" (replicaset-controller: "Normal
//   SuccessfulCreate Created pod: ..."). Scale changes create or delete pods; a scale-down
//   deletes pending pods first, then pods with a lower controller.kubernetes.io/pod-deletion-cost,
//   then pods sharing their node with more pods of the same set, then the newest
//   (getPodsToDelete / ActivePodsWithRanks, simplified: every running pod counts as ready).
// - StatefulSet: a pod is re-created under the same name once the old one is gone (deleted or
//   Failed); scale-down removes the highest ordinals first.
// - Job: a pod that fails or is deleted before it completes counts as a failure (pod
//   replacement policy TerminatingOrFailed); the replacement comes after the pod-failure
//   backoff, 10 s doubled per failure up to 10 min, counted from the failure; after more than
//   spec.backoffLimit (default 6) failures the Job fails ("BackoffLimitExceeded") and its active
//   pods are deleted. Pods never complete in the simulator.
// - DaemonSet: a pod for every node where the DaemonSet should run (nodes added or changed by a
//   change get one; a pod on a node where it may no longer run is deleted); a deleted daemon
//   pod is re-created on the same node once it is gone (without maxSurge a terminating pod
//   still holds the node), a Failed one at once unless failures come faster than the
//   failed-pods backoff (1 s doubling up to 15 min).
// New pods are made from the workload's template with the apiserver's defaults and priority
// admission, as the loader makes the first ones. Only workloads present in the scenario are
// managed: pods whose owner is not in the scenario are left alone. Nothing is reconciled at the
// start: the scenario is taken as the controllers left it.

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { defaultPod, type Obj } from '../../api/defaults';
import { generateName } from '../../api/naming';
import { PriorityResolver } from '../../api/priority';
import { findMatchingUntoleratedTaint } from '../../api/tolerations';
import {
  addDaemonPodTolerations,
  daemonShouldRun,
  expandDaemonSet,
  expandJob,
  expandReplicaSet,
  expandStatefulSet,
  JOB_COMPLETION_INDEX,
} from '../../api/workloads';
import type { ControlledPod, ControllerHost } from './types';

export const JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const JOB_MAX_POD_FAILURE_BACKOFF_MS = 600_000;
export const DAEMON_FAILED_BACKOFF_MS = 1000;
export const DAEMON_FAILED_MAX_BACKOFF_MS = 15 * 60_000;
/** Safety valve: pods one workload may create at one instant (an eviction loop would be endless). */
const MAX_CREATIONS_PER_INSTANT = 500;
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

type Kind = 'ReplicaSet' | 'ReplicationController' | 'StatefulSet' | 'Job' | 'DaemonSet';

interface Workload {
  key: string;
  kind: Kind;
  obj: Obj;
  namespace: string;
  name: string;
  /** Desired replicas (RS, RC, STS) or parallelism (Job). */
  desired: number;
  pods: Set<string>;
  source: string;
  // Job
  failures: number;
  lastFailure: number;
  finished: boolean;
  timer: { id: number; at: number } | null;
  // creation valve
  createdAt: number;
  createdNow: number;
  warned: boolean;
}

const SOURCES: Record<Kind, string> = {
  ReplicaSet: 'replicaset-controller',
  ReplicationController: 'replication-controller',
  StatefulSet: 'statefulset-controller',
  Job: 'job-controller',
  DaemonSet: 'daemonset-controller',
};

/** Active for a controller: not being deleted, not terminal (a pod the kubelet is killing is still Running). */
const isActive = (p: ControlledPod) => p.state === 'pending' || p.state === 'running' || (p.state === 'terminating' && !!p.failing);

export class WorkloadControllers {
  private readonly workloads = new Map<string, Workload>();
  /** "Deployment/ns/name" -> key of its ReplicaSet. */
  private readonly deployments = new Map<string, string>();
  private readonly podOwner = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private readonly resolver: PriorityResolver;
  /** Workloads whose sync is running (their own deletions do not re-enter it). */
  private readonly syncing = new Set<string>();
  /** DaemonSet failed-pods backoff by "dsKey|node". */
  private readonly dsBackoff = new Map<string, { d: number; last: number }>();

  constructor(private readonly host: ControllerHost) {
    const sc = host.scenario;
    this.resolver = new PriorityResolver(sc.priorityClasses ?? []);
    const add = (kind: Kind, o: Obj, desired: number) => {
      const ns = o.metadata?.namespace ?? 'default';
      const name = o.metadata?.name ?? '';
      const key = `${kind}/${ns}/${name}`;
      if (this.workloads.has(key)) return;
      this.workloads.set(key, {
        key,
        kind,
        obj: o,
        namespace: ns,
        name,
        desired,
        pods: new Set(),
        source: SOURCES[kind],
        failures: 0,
        lastFailure: 0,
        finished: false,
        timer: null,
        createdAt: -1,
        createdNow: 0,
        warned: false,
      });
    };
    for (const rs of sc.replicaSets ?? []) {
      add('ReplicaSet', rs as Obj, rs.spec?.replicas ?? 1);
      const dep = (rs.metadata?.ownerReferences ?? []).find((o) => o.kind === 'Deployment' && o.controller !== false);
      if (dep) this.deployments.set(`Deployment/${rs.metadata?.namespace ?? 'default'}/${dep.name}`, `ReplicaSet/${rs.metadata?.namespace ?? 'default'}/${rs.metadata?.name}`);
    }
    for (const rc of sc.replicationControllers ?? []) add('ReplicationController', rc as Obj, rc.spec?.replicas ?? 1);
    for (const ss of sc.statefulSets ?? []) add('StatefulSet', ss as Obj, ss.spec?.replicas ?? 1);
    for (const j of sc.jobs ?? []) {
      const par = j.spec?.parallelism ?? 1;
      const comp = j.spec?.completions;
      add('Job', j as Obj, j.spec?.suspend ? 0 : comp == null ? par : Math.min(par, comp));
    }
    for (const ds of sc.daemonSets ?? []) add('DaemonSet', ds as Obj, 0);
    for (const p of host.allPods()) this.podAdded(p);
  }

  /** A pod entered the simulation (scenario, addPod change, or created here). */
  podAdded(p: ControlledPod): void {
    this.usedNames.add(`Pod/${p.pi.namespace}/${p.pi.name}`);
    const refs = p.pi.pod.metadata?.ownerReferences ?? [];
    const ref = refs.find((o) => o.controller) ?? refs[0];
    if (!ref) return;
    const key = `${ref.kind}/${p.pi.namespace}/${ref.name}`;
    const w = this.workloads.get(key);
    if (!w) return;
    w.pods.add(p.key);
    this.podOwner.set(p.key, key);
  }

  /** The workload's pods that still exist (deleted and Failed ones are dropped from its set). */
  private owned(w: Workload): ControlledPod[] {
    const out: ControlledPod[] = [];
    for (const k of w.pods) {
      const p = this.host.getPod(k);
      if (!p || p.state === 'deleted' || p.state === 'failed' || this.podOwner.get(k) !== w.key) {
        w.pods.delete(k);
        continue;
      }
      out.push(p);
    }
    return out.sort((a, b) => a.order - b.order);
  }

  private active(w: Workload): ControlledPod[] {
    return this.owned(w).filter(isActive);
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * A pod stopped being active: 'terminating' (it got a deletionTimestamp), 'failed' (the kubelet
   * ended it), 'gone' (deleted, after terminating or at once when pending).
   */
  podLeft(p: ControlledPod, how: 'terminating' | 'failed' | 'gone', wasTerminating: boolean, node: string | null): void {
    const wk = this.podOwner.get(p.key);
    const w = wk ? this.workloads.get(wk) : undefined;
    if (!w || this.syncing.has(w.key)) return;
    this.syncing.add(w.key);
    try {
      this.podLeftOf(w, p, how, wasTerminating, node);
    } finally {
      this.syncing.delete(w.key);
    }
  }

  private podLeftOf(w: Workload, p: ControlledPod, how: 'terminating' | 'failed' | 'gone', wasTerminating: boolean, node: string | null): void {
    switch (w.kind) {
      case 'ReplicaSet':
      case 'ReplicationController':
        if (how === 'gone' && wasTerminating) return;
        this.syncReplicaSet(w, p.key);
        return;
      case 'StatefulSet':
        if (how === 'terminating') return;
        this.syncStatefulSetPod(w, p);
        return;
      case 'Job':
        if (how === 'gone' && wasTerminating) return;
        this.jobPodFailed(w);
        return;
      case 'DaemonSet':
        // A pod being deleted still counts as the node's daemon pod (without surge the
        // controller creates nothing while it is there): the replacement comes once it is gone.
        if (how === 'terminating') return;
        if (node) this.syncDaemonNode(w, node, p.key, how === 'failed');
        return;
    }
  }

  nodeAdded(name: string): void {
    for (const w of this.workloads.values()) if (w.kind === 'DaemonSet') this.syncDaemonNode(w, name, null, false);
  }

  nodeUpdated(oldNode: Node, newNode: Node): void {
    const same =
      JSON.stringify(oldNode.metadata?.labels ?? {}) === JSON.stringify(newNode.metadata?.labels ?? {}) &&
      JSON.stringify(oldNode.spec?.taints ?? []) === JSON.stringify(newNode.spec?.taints ?? []);
    if (same) return;
    for (const w of this.workloads.values()) if (w.kind === 'DaemonSet') this.syncDaemonNode(w, newNode.metadata?.name ?? '', null, false);
  }

  // ---- scale ----------------------------------------------------------------------------------

  /** The `scale` change: an error message, or the action that scales. */
  scale(target: string, replicas: number): string | (() => void) {
    const parts = target.split('/');
    const kind = parts[0];
    const ns = parts.length === 3 ? parts[1] : 'default';
    const name = parts[parts.length - 1];
    if (!Number.isInteger(replicas) || replicas < 0) return `invalid replicas ${replicas}`;
    const key = kind === 'Deployment' ? this.deployments.get(`Deployment/${ns}/${name}`) : `${kind}/${ns}/${name}`;
    const w = key ? this.workloads.get(key) : undefined;
    if (!w || (w.kind !== 'ReplicaSet' && w.kind !== 'ReplicationController' && w.kind !== 'StatefulSet')) return `${target} not found`;
    return () => {
      w.desired = replicas;
      this.syncing.add(w.key);
      try {
        if (w.kind === 'StatefulSet') this.syncStatefulSet(w, 'scaleUp');
        else this.syncReplicaSet(w, null, 'scaleUp');
      } finally {
        this.syncing.delete(w.key);
      }
    };
  }

  // ---- ReplicaSet -----------------------------------------------------------------------------

  private syncReplicaSet(w: Workload, replaces: string | null, reason: 'replacement' | 'scaleUp' = 'replacement'): void {
    const active = this.active(w);
    const diff = active.length - w.desired;
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        const pod = this.templatePod(w, {});
        if (!pod || !this.create(w, pod, i === 0 ? replaces : null, replaces ? 'replacement' : reason)) break;
      }
    } else if (diff > 0) {
      for (const v of this.podsToDelete(active, diff)) this.deletePod(w, v);
    }
  }

  /** upstream getPodsToDelete (simplified ranks). */
  private podsToDelete(active: ControlledPod[], n: number): ControlledPod[] {
    const onNode = new Map<string, number>();
    for (const p of active) if (p.node) onNode.set(p.node, (onNode.get(p.node) ?? 0) + 1);
    const cost = (p: ControlledPod) => {
      const v = Number(p.pi.pod.metadata?.annotations?.[POD_DELETION_COST] ?? 0);
      return Number.isFinite(v) ? v : 0;
    };
    return [...active]
      .sort((a, b) => {
        const ua = a.node === null ? 0 : 1;
        const ub = b.node === null ? 0 : 1;
        if (ua !== ub) return ua - ub;
        if (cost(a) !== cost(b)) return cost(a) - cost(b);
        const ra = a.node ? onNode.get(a.node)! : 0;
        const rb = b.node ? onNode.get(b.node)! : 0;
        if (ra !== rb) return rb - ra;
        return b.order - a.order;
      })
      .slice(0, n);
  }

  private deletePod(w: Workload, p: ControlledPod): void {
    if (!isActive(p)) return;
    this.host.emit({ type: 'k8sEvent', object: `${w.kind}/${w.namespace}/${w.name}`, eventType: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.pi.name}`, source: w.source });
    this.host.evictPod(p.key, { cause: 'scaleDown', reason: `scaled down ${w.kind}/${w.namespace}/${w.name}`, source: w.source });
  }

  // ---- StatefulSet ----------------------------------------------------------------------------

  private ordinalStart(w: Workload): number {
    const s = w.obj.spec?.ordinals?.start;
    return typeof s === 'number' ? s : 0;
  }

  private syncStatefulSetPod(w: Workload, gone: ControlledPod): void {
    const ord = Number(gone.pi.name.slice(w.name.length + 1));
    const start = this.ordinalStart(w);
    if (!Number.isInteger(ord) || ord < start || ord >= start + w.desired) return;
    const cur = this.host.getPod(gone.key);
    if (cur && cur !== gone && cur.state !== 'deleted' && cur.state !== 'failed') return;
    const pod = this.templatePod(w, { ordinal: ord });
    if (pod) this.create(w, pod, gone.key, 'replacement');
  }

  private syncStatefulSet(w: Workload, reason: 'scaleUp'): void {
    const start = this.ordinalStart(w);
    const owned = this.owned(w);
    const byName = new Map(owned.map((p) => [p.pi.name, p]));
    // Scale down: highest ordinals first.
    const extra = owned
      .filter((p) => {
        const o = Number(p.pi.name.slice(w.name.length + 1));
        return isActive(p) && (o < start || o >= start + w.desired);
      })
      .sort((a, b) => Number(b.pi.name.slice(w.name.length + 1)) - Number(a.pi.name.slice(w.name.length + 1)));
    for (const p of extra) this.deletePod(w, p);
    for (let o = start; o < start + w.desired; o++) {
      if (byName.has(`${w.name}-${o}`)) continue;
      const pod = this.templatePod(w, { ordinal: o });
      if (!pod || !this.create(w, pod, null, reason)) break;
    }
  }

  // ---- Job ------------------------------------------------------------------------------------

  private jobBackoff(w: Workload): number {
    let d = JOB_POD_FAILURE_BACKOFF_MS;
    for (let i = 1; i < w.failures; i++) {
      d *= 2;
      if (d >= JOB_MAX_POD_FAILURE_BACKOFF_MS) return JOB_MAX_POD_FAILURE_BACKOFF_MS;
    }
    return d;
  }

  private jobPodFailed(w: Workload): void {
    if (w.finished) return;
    w.failures++;
    w.lastFailure = this.host.now();
    const limit = typeof w.obj.spec?.backoffLimit === 'number' ? w.obj.spec.backoffLimit : 6;
    if (w.failures > limit) {
      w.finished = true;
      if (w.timer) this.host.cancelTimer(w.timer.id);
      this.host.emit({ type: 'k8sEvent', object: w.key, eventType: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', source: w.source });
      for (const p of this.active(w)) this.host.evictPod(p.key, { cause: 'controller', reason: `Job ${w.namespace}/${w.name} failed`, source: w.source });
      return;
    }
    this.syncJob(w);
  }

  private syncJob(w: Workload): void {
    if (w.finished) return;
    const want = w.desired - this.active(w).length;
    if (want <= 0) return;
    const now = this.host.now();
    const due = w.failures > 0 ? w.lastFailure + this.jobBackoff(w) : now;
    if (due > now) {
      if (w.timer && w.timer.at === due) return;
      if (w.timer) this.host.cancelTimer(w.timer.id);
      const id = this.host.setTimer(due, () => {
        w.timer = null;
        this.syncJob(w);
      });
      w.timer = { id, at: due };
      this.host.emit({ type: 'jobBackoff', job: w.key, failures: w.failures, at: due, source: w.source });
      return;
    }
    const indexes = this.missingJobIndexes(w, want);
    for (let i = 0; i < want; i++) {
      const pod = this.templatePod(w, { index: indexes[i] });
      if (!pod || !this.create(w, pod, null, 'replacement')) break;
    }
  }

  /** Indexed Jobs: the completion indexes without an active pod, lowest first. */
  private missingJobIndexes(w: Workload, n: number): (number | undefined)[] {
    if (w.obj.spec?.completionMode !== 'Indexed') return Array.from({ length: n }, () => undefined);
    const taken = new Set(this.active(w).map((p) => Number(p.pi.pod.metadata?.annotations?.[JOB_COMPLETION_INDEX])));
    const out: number[] = [];
    const total = typeof w.obj.spec?.completions === 'number' ? w.obj.spec.completions : Infinity;
    for (let i = 0; out.length < n && i < total; i++) if (!taken.has(i)) out.push(i);
    return out;
  }

  // ---- DaemonSet ------------------------------------------------------------------------------

  /** upstream NodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning]. */
  private nodeShouldRunDaemonPod(w: Workload, node: Node): [boolean, boolean] {
    if (daemonShouldRun(w.obj, node)) return [true, true];
    const untainted: Node = { ...node, spec: { ...(node.spec ?? {}), taints: [] } };
    if (!daemonShouldRun(w.obj, untainted)) return [false, false];
    const probe: Obj = { tolerations: structuredClone(w.obj.spec?.template?.spec?.tolerations ?? []), hostNetwork: w.obj.spec?.template?.spec?.hostNetwork };
    addDaemonPodTolerations(probe);
    const bad = findMatchingUntoleratedTaint((node.spec?.taints ?? []) as Taint[], probe.tolerations as Toleration[], (t) => t.effect === 'NoExecute');
    return [false, bad === null];
  }

  private daemonPodNode(p: ControlledPod): string | null {
    if (p.node) return p.node;
    const terms = p.pi.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.length === 1) return f.values[0];
    return null;
  }

  private syncDaemonNode(w: Workload, nodeName: string, replaces: string | null, failed: boolean): void {
    const ni = this.host.snapshot.get(nodeName);
    if (!ni) return;
    const [shouldRun, shouldContinue] = this.nodeShouldRunDaemonPod(w, ni.node);
    const mine = this.active(w).filter((p) => this.daemonPodNode(p) === nodeName);
    if (!shouldContinue) {
      for (const p of mine) this.deletePod(w, p);
      return;
    }
    if (!shouldRun || mine.length > 0) return;
    if (failed && replaces) {
      const now = this.host.now();
      const bk = `${w.key}|${nodeName}`;
      const e = this.dsBackoff.get(bk);
      if (e && now - e.last < e.d) {
        this.host.setTimer(now + e.d, () => this.syncDaemonNode(w, nodeName, replaces, true));
        return;
      }
      const d = !e || now - e.last > 2 * DAEMON_FAILED_MAX_BACKOFF_MS ? DAEMON_FAILED_BACKOFF_MS : Math.min(e.d * 2, DAEMON_FAILED_MAX_BACKOFF_MS);
      this.dsBackoff.set(bk, { d, last: now });
      this.host.emit({
        type: 'k8sEvent',
        object: w.key,
        eventType: 'Warning',
        reason: 'FailedDaemonPod',
        message: `Found failed daemon pod ${replaces} on node ${nodeName}, will try to kill it`,
        source: w.source,
      });
    }
    const pod = this.templatePod(w, { node: nodeName });
    if (pod) this.create(w, pod, replaces, replaces ? 'replacement' : 'daemonSetNode');
  }

  // ---- pods -----------------------------------------------------------------------------------

  private templatePod(w: Workload, opt: { ordinal?: number; node?: string; index?: number }): Pod | null {
    const ctx = { usedNames: this.usedNames };
    const o = w.obj;
    let gen: { pod: Obj }[] = [];
    try {
      switch (w.kind) {
        case 'ReplicaSet':
          gen = expandReplicaSet({ ...o, spec: { ...o.spec, replicas: 1 } }, ctx);
          break;
        case 'ReplicationController':
          gen = expandReplicaSet({ ...o, spec: { ...o.spec, replicas: 1 } }, ctx, 'ReplicationController', 'v1');
          break;
        case 'StatefulSet':
          gen = expandStatefulSet({ ...o, spec: { ...o.spec, replicas: 1, ordinals: { start: opt.ordinal ?? 0 } } }, ctx);
          break;
        case 'Job':
          gen = expandJob({ ...o, spec: { ...o.spec, parallelism: 1, completions: 1, completionMode: 'NonIndexed', suspend: false } }, ctx);
          if (gen[0] && opt.index !== undefined) {
            const p = gen[0].pod;
            const idx = String(opt.index);
            this.usedNames.delete(`Pod/${w.namespace}/${p.metadata.name}`);
            let name: string;
            let attempt = 0;
            do name = generateName(`${w.name}-${idx}-`, `Pod/${w.namespace}/Job/${w.namespace}/${w.name}/${idx}#${attempt++}`);
            while (this.usedNames.has(`Pod/${w.namespace}/${name}`));
            this.usedNames.add(`Pod/${w.namespace}/${name}`);
            p.metadata.name = name;
            p.metadata.labels[JOB_COMPLETION_INDEX] = idx;
            p.metadata.annotations = { ...(p.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: idx };
            p.spec.hostname = `${w.name}-${idx}`;
          }
          break;
        case 'DaemonSet': {
          const n = opt.node ? this.host.snapshot.get(opt.node)?.node : undefined;
          gen = n ? expandDaemonSet(o, [n], ctx) : [];
          break;
        }
      }
    } catch (e) {
      this.host.warn(`${w.key}: could not make a pod from the template: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    const pod = gen[0]?.pod;
    if (!pod) return null;
    defaultPod(pod);
    const r = this.resolver.resolve(pod.spec);
    if (r.error) {
      this.host.warn(`${w.key}: ${r.error}; no pod created`);
      return null;
    }
    pod.spec.priority = r.priority;
    pod.spec.preemptionPolicy = r.preemptionPolicy;
    if (r.className) pod.spec.priorityClassName = r.className;
    pod.status = { phase: 'Pending' };
    return pod as Pod;
  }

  private create(w: Workload, pod: Pod, replaces: string | null, reason: 'replacement' | 'scaleUp' | 'daemonSetNode'): boolean {
    const now = this.host.now();
    if (w.createdAt !== now) {
      w.createdAt = now;
      w.createdNow = 0;
    }
    if (++w.createdNow > MAX_CREATIONS_PER_INSTANT) {
      if (!w.warned) this.host.warn(`${w.key}: more than ${MAX_CREATIONS_PER_INSTANT} pods created at t=${now / 1000}s; stopped (the pods are evicted as fast as they are created)`);
      w.warned = true;
      return false;
    }
    const key = this.host.createPod(pod, { owner: w.key, replaces, reason, source: w.source });
    if (!key) return false;
    const name = pod.metadata?.name ?? '';
    this.host.emit({
      type: 'k8sEvent',
      object: w.key,
      eventType: 'Normal',
      reason: 'SuccessfulCreate',
      message: w.kind === 'StatefulSet' ? `create Pod ${name} in StatefulSet ${w.name} successful` : `Created pod: ${name}`,
      source: w.source,
    });
    return true;
  }
}
