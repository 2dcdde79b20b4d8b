// The simulation loop: the scheduler, its queue and the cluster on a virtual clock.
//
//   const r = simulate(scenario, { trace: false, seed: 1 });
//
// Pending pods enter the queue in file order (so equal priorities keep the file's order); each
// scheduling cycle takes no virtual time. When no pod can be popped, the clock jumps to the next
// timed event: a victim's termination grace period ending, a scenario change, the backoff flush
// of a pod whose retry could now succeed, the 5-minute flush of unschedulable pods. The run
// stops when nothing is left that could change an outcome (or at maxVirtualSeconds / maxCycles).
//
// The same scenario and seed give the same cycles and a byte-identical trace.
//
// Next to the scheduler run the cluster controllers that decide what happens after a "no"
// (engine/simulator/controllers/): taint eviction, node lifecycle (condition taints), the
// kubelet's memory-pressure eviction and the workload controllers that re-create pods. They
// act through ControllerHost (controllerHost() below) and are told about node and pod events
// through the Controllers hooks; hooks fired inside a scheduling cycle run right after it.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Diagnostic, Scenario, SourcePos } from '../api/scenario';
import { parseQuantity } from '../api/quantity';
import { compileLabelSelector } from '../api/labels';
import { newPodInfo } from '../api/podinfo';
import { addPod, cloneNodeInfo, newNodeInfo } from '../cache/nodeinfo';
import {
  buildSnapshot,
  snapshotAddNode,
  snapshotAddPod,
  snapshotRemoveNode,
  snapshotRemovePod,
  snapshotUpdateNode,
  type ClusterSnapshot,
} from '../cache/snapshot';
import { buildConfig, DEFAULT_SCHEDULER_NAME, type EffectiveConfig } from '../framework/config';
import { Framework, type FrameworkEnv } from '../framework/runtime';
import type { ClusterEvent, ClusterLister, NodeInfo, PdbInfo, PodInfo, TraceSink } from '../framework/types';
import { inTreeRegistry, type Registry } from '../plugins/registry';
import { PodNominator, type NominatingInfo } from '../queue/nominator';
import { SchedulingQueue, type QueueProfile, type QueuedPod } from '../queue/scheduling_queue';
import { Scheduler, type CycleRecord } from '../scheduler/schedule_one';
import { ArraySink, type TraceEvent } from '../trace/events';
import { Heap } from '../queue/heap';
import { Controllers, nodeSchedulingPropertiesChange, usageAnnotationProblem, MEMORY_USAGE_ANNOTATION } from './controllers';
import type { ControllerHost, EvictionInfo, PodCreatedInfo } from './controllers';

export interface SimulateOptions {
  /** Record trace events (SimResult.trace). */
  trace?: boolean;
  /**
   * 'full' (default): every event, including per-node ones (filter per plugin and node,
   * nodeVerdict, score, scoreTotals, nodesSkipped). 'cycles': without the per-node events,
   * much smaller for big runs (explainCycle gives the full detail of one cycle on demand).
   */
  traceLevel?: 'full' | 'cycles';
  /** Record per-node filter verdicts and scores in every CycleRecord (default: same as trace). */
  details?: boolean;
  /**
   * With `trace`: the sink to record into (default: a fresh ArraySink), e.g. a CompactSink
   * (engine/trace/compact.ts) that drops what its reader never needs as the events come.
   */
  traceSink?: ArraySink;
  /** Seed of the tie-breaking RNG (default: scenario.seed). */
  seed?: number;
  /** Stop the virtual clock here (default 3600 s). */
  maxVirtualSeconds?: number;
  /** Stop after this many scheduling cycles (default 1,000,000). */
  maxCycles?: number;
  /** Called every `progressEvery` cycles (default 1000) and at the end. */
  onProgress?: (p: SimProgress) => void;
  progressEvery?: number;
  /** Plugin registry (default: the in-tree plugins). */
  registry?: Registry;
  /** Record trace and details only for cycles with index in [from, to] (explainCycle). */
  traceCycles?: { from: number; to: number };
  /** Stop right after the cycle with this index. */
  stopAfterCycle?: number;
}

export interface SimProgress {
  cycles: number;
  /** Virtual time, ms. */
  t: number;
  scheduled: number;
  pending: number;
}

export interface PodFinal {
  /** Node the pod runs on at the end (null = not running). */
  node: string | null;
  phase: 'Running' | 'Pending' | 'Terminating' | 'Deleted' | 'Failed';
  /** status.nominatedNodeName at the end, for pending pods. */
  nominatedNode?: string;
  /** Why a pending pod was never tried (no matching profile, ...); 'Evicted' for a pod the kubelet evicted (phase Failed). */
  reason?: string;
  /** status.message of a Failed pod. */
  message?: string;
}

export interface SimResult {
  cycles: CycleRecord[];
  /** Every pod of the scenario (and added by changes), in order: where it ends. */
  final: Record<string, PodFinal>;
  /** Trace events, when recording was on; else null. */
  trace: TraceEvent[] | null;
  /** Configuration and runtime problems (errors mean a profile could not be built). */
  diagnostics: Diagnostic[];
  /** Pending pods never tried, and why. */
  ignoredPods: { pod: string; reason: string }[];
  /** Names of the profiles that run. */
  profiles: string[];
  /** Virtual time at the end, ms. */
  endTime: number;
  stoppedBy: 'idle' | 'maxVirtualSeconds' | 'maxCycles' | 'stopAfterCycle' | 'noProfiles';
  /** Epoch ms of virtual time 0 (pods bound at t get status.startTime = epoch + t). */
  epoch: number;
  /**
   * The Kubernetes Events the cluster's components recorded, in order (always recorded, even
   * with the trace off): what `kubectl get events` would list, except the scheduler's own
   * Scheduled / FailedScheduling ones (see `cycles`). NodeTaintAdded / NodeTaintRemoved are
   * schedlab's (the node lifecycle controller records no Event for them).
   */
  events: ClusterEventRecord[];
}

/** One Kubernetes Event (SimResult.events). */
export interface ClusterEventRecord {
  /** Virtual time, ms. */
  t: number;
  /** "Pod/ns/name", "Node/name", "ReplicaSet/ns/name", ... */
  object: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The recording component (kubectl's "From"). */
  source: string;
}

type PodState = 'pending' | 'running' | 'terminating' | 'deleted' | 'failed';

interface PodRec {
  key: string;
  pi: PodInfo;
  node: string | null;
  state: PodState;
  profile: string | null;
  reason?: string;
  /** changeSeq at the pod's last failed attempt. */
  lastFailSeq: number;
  /** Creation order (ControlledPod.order). */
  order: number;
  /** Being killed by the kubelet: ends Failed (status reason/message) instead of deleted. */
  failing?: boolean;
  fail?: { reason: string; message: string };
}

interface Timer {
  t: number;
  seq: number;
  kind: 'podGone' | 'change' | 'call';
  key?: string;
  change?: Scenario['changes'][number];
  fn?: () => void;
}

const DEFAULT_GRACE_SECONDS = 30;
const BASE_EPOCH = Date.UTC(2025, 0, 1);

const toIso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Runs the scheduler over the scenario. Never throws for bad input (problems become diagnostics). */
export function simulate(scenario: Scenario, opts: SimulateOptions = {}): SimResult {
  return new Simulation(scenario, opts).run();
}

/** Reproduces one cycle with full detail (trace events, verdicts, scores) by replaying the run. */
export function explainCycle(
  scenario: Scenario,
  cycleIndex: number,
  opts: Omit<SimulateOptions, 'trace' | 'traceCycles' | 'stopAfterCycle'> = {},
): { cycle: CycleRecord | null; events: TraceEvent[] } {
  const r = simulate(scenario, { ...opts, traceCycles: { from: cycleIndex, to: cycleIndex }, stopAfterCycle: cycleIndex });
  return { cycle: r.cycles[cycleIndex] ?? null, events: r.trace ?? [] };
}

export class Simulation {
  private clock = 0;
  private readonly epoch: number;
  private readonly rng;
  readonly snapshot: ClusterSnapshot;
  private readonly pods = new Map<string, PodRec>();
  private readonly frameworks = new Map<string, Framework>();
  private readonly queue: SchedulingQueue;
  private readonly nominator: PodNominator;
  private readonly scheduler: Scheduler;
  private readonly cycles: CycleRecord[] = [];
  private readonly timers = new Heap<Timer>(
    (t) => String(t.seq),
    (a, b) => (a.t !== b.t ? a.t < b.t : a.seq < b.seq),
  );
  private timerSeq = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly ignored: { pod: string; reason: string }[] = [];
  private readonly fullSink: ArraySink | null;
  private sink: TraceSink | null = null;
  private detailsOn = false;
  private traceNodes = true;
  private cycleIndex = -1;
  private cycleVictims: string[] = [];
  /** Bumped at every cluster change that could make a pending pod schedulable. */
  private changeSeq = 0;
  private scheduledCount = 0;
  private readonly config: EffectiveConfig;
  private readonly lister: ClusterLister;
  private readonly pdbList: PdbInfo[];
  private readonly invalidProfiles = new Set<string>();
  /** The cluster controllers (taint eviction, node lifecycle, kubelet eviction, workloads). */
  readonly ctrl: Controllers;
  private podOrder = 0;
  /** Controller hooks fired during a scheduling cycle, run right after it. */
  private deferred: (() => void)[] = [];
  private applyingChange = false;
  private readonly events: ClusterEventRecord[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: SimulateOptions,
  ) {
    const seed = opts.seed ?? scenario.seed ?? 0;
    this.rng = xoroshiro128plus(seed | 0);
    this.fullSink = opts.trace ? (opts.traceSink ?? new ArraySink()) : null;
    this.sink = this.fullSink;
    this.detailsOn = opts.details ?? !!opts.trace;
    this.traceNodes = (opts.traceLevel ?? 'full') === 'full';
    this.traceCycles = opts.traceCycles;
    this.stopAfterCycle = opts.stopAfterCycle;

    // Virtual epoch: after every start time in the input, so pods bound here are the youngest.
    let epoch = BASE_EPOCH;
    for (const p of scenario.pods) {
      const st = p.status?.startTime ? Date.parse(p.status.startTime) : NaN;
      if (!Number.isNaN(st) && st + 1000 > epoch) epoch = Math.ceil((st + 1000) / 1000) * 1000;
    }
    this.epoch = epoch;

    // Configuration.
    const cfgPos = this.findPos('KubeSchedulerConfiguration');
    const { config, diagnostics } = buildConfig(scenario.config, cfgPos);
    this.config = config;
    this.diagnostics.push(...diagnostics);
    const cfgProfiles = scenario.config?.profiles ?? [];
    cfgProfiles.forEach((p, i) => {
      if (!config.profiles.some((e) => e.index === i) && p.schedulerName) this.invalidProfiles.add(p.schedulerName);
    });

    // Cluster.
    const nodeInfos: NodeInfo[] = [];
    const byName = new Map<string, NodeInfo>();
    for (const n of scenario.nodes) {
      const ni = newNodeInfo(n);
      if (byName.has(ni.name)) continue;
      byName.set(ni.name, ni);
      nodeInfos.push(ni);
    }
    for (const pod of scenario.pods) {
      const pi = newPodInfo(pod);
      if (this.pods.has(pi.key)) continue;
      const nodeName = pod.spec?.nodeName || null;
      const rec: PodRec = { key: pi.key, pi, node: nodeName, state: nodeName ? 'running' : 'pending', profile: null, lastFailSeq: -1, order: this.podOrder++ };
      if (pod.metadata?.deletionTimestamp) rec.state = nodeName ? 'terminating' : 'deleted';
      const usageProblem = usageAnnotationProblem(pod);
      if (usageProblem) {
        this.diagnostics.push({
          ...(this.findPos(`Pod/${pi.namespace}/${pi.name}`) ?? cfgPos),
          path: `metadata.annotations[${MEMORY_USAGE_ANNOTATION}]`,
          severity: 'warning',
          message: `pod ${pi.key}: ${usageProblem}`,
        });
      }
      this.pods.set(pi.key, rec);
      if (nodeName) {
        const ni = byName.get(nodeName);
        if (ni) addPod(ni, pi);
        else
          this.diagnostics.push({
            ...(this.findPos(`Pod/${pi.namespace}/${pi.name}`) ?? cfgPos),
            severity: 'warning',
            message: `pod ${pi.key} is bound to node "${nodeName}", which does not exist; it is ignored`,
          });
      }
    }
    this.snapshot = buildSnapshot(nodeInfos, scenario.namespaces);
    this.lister = this.buildLister();
    this.pdbList = scenario.pdbs.map((p) => ({
      namespace: p.metadata?.namespace ?? 'default',
      name: p.metadata?.name ?? '',
      selector: compileLabelSelector(p.spec?.selector),
      disruptionsAllowed: p.status?.disruptionsAllowed ?? 0,
      disruptedPods: new Set(Object.keys(p.status?.disruptedPods ?? {})),
    }));

    this.nominator = new PodNominator((key) => this.pods.get(key)?.pi);
    const env = this.frameworkEnv();
    const registry = opts.registry ?? inTreeRegistry;
    for (const prof of config.profiles) {
      const { framework, errors } = Framework.create(prof, registry, env);
      for (const e of errors) {
        this.diagnostics.push({ ...cfgPos, path: `profiles[${prof.index}]`, severity: 'error', message: `profiles[${prof.index}]: ${e}` });
      }
      if (framework) this.frameworks.set(prof.schedulerName, framework);
      else this.invalidProfiles.add(prof.schedulerName);
    }

    const first = [...this.frameworks.values()][0];
    const profiles = new Map<string, QueueProfile>();
    for (const [name, fw] of this.frameworks) {
      profiles.set(name, {
        preEnqueue: (pod) => {
          const s = fw.runPreEnqueuePlugins(pod);
          return s ? { plugin: s.plugin, message: s.message() } : null;
        },
        hints: fw.enqueueExtensions.flatMap((e) => e.events.map((ev) => ({ plugin: e.plugin, event: ev.event, hint: ev.hint }))),
      });
    }
    this.queue = new SchedulingQueue({
      less: first ? first.queueSortLess() : (a, b) => a.seq < b.seq,
      initialBackoffMs: config.podInitialBackoffSeconds * 1000,
      maxBackoffMs: config.podMaxBackoffSeconds * 1000,
      maxInUnschedulableMs: config.podMaxInUnschedulablePodsSeconds * 1000,
      profiles,
      now: () => this.clock,
      trace: () => this.sink,
      namespaceLabels: (ns) => this.snapshot.namespaceLabels(ns),
    });
    this.scheduler = new Scheduler({
      snapshot: this.snapshot,
      queue: this.queue,
      frameworks: this.frameworks,
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      now: () => this.clock,
      trace: () => this.sink,
      traceNodes: () => this.traceNodes,
      randInt: (n) => (n <= 1 ? 0 : uniformInt(this.rng, 0, n - 1)),
      details: () => this.detailsOn,
      assume: (pi, node) => this.assume(pi, node),
      forget: (assumed, node) => this.forget(assumed, node),
      bound: (assumed, node) => this.bound(assumed, node),
      nominate: (pi, info) => this.nominate(pi, info),
      takeCycleVictims: () => {
        const v = this.cycleVictims;
        this.cycleVictims = [];
        return v;
      },
      onAssumedPodForgotten: (assumed, except) => {
        this.changeSeq++;
        this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete' }, assumed.pod, null, (p) =>
          except === null ? true : p.podInfo.key !== except,
        );
      },
    });

    this.ctrl = new Controllers(this.controllerHost());

    // Timed changes.
    const changes = [...(scenario.changes ?? [])].sort((a, b) => a.at - b.at);
    for (const c of changes) this.addTimer({ t: Math.max(0, Math.round(c.at * 1000)), seq: 0, kind: 'change', change: c });
  }

  private findPos(prefix: string): SourcePos {
    for (const [k, v] of this.scenario.positions ?? []) if (k === prefix || k.startsWith(prefix + '/')) return v;
    return { file: '<input>', doc: 0, line: 1, col: 1, path: '' };
  }

  private addTimer(t: Timer): void {
    t.seq = this.timerSeq++;
    this.timers.addOrUpdate(t);
  }

  private emit(ev: Record<string, unknown> & { type: string }): void {
    if (this.sink) this.sink.emit({ t: this.clock, ...ev });
  }

  /** Records a Kubernetes Event (SimResult.events) and traces it as a k8sEvent. */
  private recordEvent(object: string, type: 'Normal' | 'Warning', reason: string, message: string, source: string): void {
    this.events.push({ t: this.clock, object, type, reason, message, source });
    this.emit({ type: 'k8sEvent', object, eventType: type, reason, message, source });
  }

  private buildLister(): ClusterLister {
    const by = <T extends { metadata?: { namespace?: string } }>(list: T[]) => {
      const m = new Map<string, T[]>();
      for (const o of list) {
        const ns = o.metadata?.namespace ?? 'default';
        let l = m.get(ns);
        if (!l) m.set(ns, (l = []));
        l.push(o);
      }
      return m;
    };
    const sc = this.scenario;
    const services = by(sc.services);
    const rcs = by(sc.replicationControllers);
    const rss = by(sc.replicaSets);
    const sss = by(sc.statefulSets);
    const cache = new Map<string, unknown>();
    const memo = <R>(key: string, f: () => R): R => {
      if (!cache.has(key)) cache.set(key, f());
      return cache.get(key) as R;
    };
    return {
      services: (ns) => memo(`svc/${ns}`, () => (services.get(ns) ?? []).map((s) => ({ selector: s.spec?.selector ?? {}, name: s.metadata?.name ?? '' }))),
      replicationControllers: (ns) =>
        memo(`rc/${ns}`, () => (rcs.get(ns) ?? []).map((s) => ({ selector: s.spec?.selector ?? {}, name: s.metadata?.name ?? '' }))),
      replicaSets: (ns) =>
        memo(`rs/${ns}`, () =>
          (rss.get(ns) ?? []).map((s) => ({
            selector: compileLabelSelector(s.spec?.selector),
            labels: s.metadata?.labels ?? {},
            name: s.metadata?.name ?? '',
          })),
        ),
      statefulSets: (ns) =>
        memo(`ss/${ns}`, () =>
          (sss.get(ns) ?? []).map((s) => ({
            selector: compileLabelSelector(s.spec?.selector),
            labels: s.metadata?.labels ?? {},
            name: s.metadata?.name ?? '',
          })),
        ),
    };
  }

  private frameworkEnv(): FrameworkEnv {
    return {
      snapshot: () => this.snapshot,
      lister: this.lister,
      nominator: this.nominatorProxy(),
      rand: () => uniformInt(this.rng, 0, 0x7fffffff) / 0x80000000,
      now: () => this.clock,
      trace: () => this.sink,
      traceNodes: () => this.traceNodes,
      cycle: () => this.cycleIndex,
      pdbs: () => this.pdbList,
      evictPod: (victim, reason, preemptor) => this.evict(victim.key, reason, preemptor ? preemptor.key : null),
      clearNominatedNodeName: (pod) => this.nominate(this.pods.get(pod.key)?.pi ?? pod, { mode: 'override', nodeName: '' }),
      allPods: () => {
        const out: PodInfo[] = [];
        for (const r of this.pods.values()) if (r.state !== 'deleted' && r.state !== 'failed') out.push(r.pi);
        return out;
      },
      cloneNodeInfo: (ni) => cloneNodeInfo(ni),
      addPodToNodeInfo: (ni, pi) => addPod(ni, pi),
    };
  }

  private nominatorProxy(): FrameworkEnv['nominator'] {
    const sim = this;
    return {
      get count() {
        return sim.nominator.count;
      },
      get version() {
        return sim.nominator.version;
      },
      changedNodesSince: (v) => sim.nominator.changedNodesSince(v),
      nominatedNodeFor: (key) => sim.nominator.nominatedNodeFor(key),
      nominatedPodsForNode: (n) => sim.nominator.nominatedPodsForNode(n),
    };
  }

  // ---- cluster operations used by the scheduler ---------------------------------------------

  private assume(pi: PodInfo, node: string): PodInfo {
    const pod: Pod = { ...pi.pod, spec: { ...(pi.pod.spec ?? { containers: [] }), nodeName: node } };
    const assumed: PodInfo = { ...pi, pod };
    snapshotAddPod(this.snapshot, node, assumed);
    this.nominator.delete(pi.key);
    return assumed;
  }

  private forget(assumed: PodInfo, node: string): void {
    snapshotRemovePod(this.snapshot, node, assumed);
  }

  private bound(assumed: PodInfo, node: string): void {
    const start = this.epoch + this.clock;
    assumed.pod = { ...assumed.pod, status: { ...(assumed.pod.status ?? {}), phase: 'Running', startTime: toIso(start) } };
    assumed.startTime = start;
    const rec = this.pods.get(assumed.key);
    if (rec) {
      rec.pi = assumed;
      rec.node = node;
      rec.state = 'running';
    }
    this.scheduledCount++;
    this.changeSeq++;
    this.queue.assignedPodAdded(assumed);
    if (rec) this.hook(() => this.ctrl.podBound(rec));
  }

  private nominate(pi: PodInfo, info: NominatingInfo): void {
    const rec = this.pods.get(pi.key);
    if (!rec || rec.state !== 'pending') return;
    this.nominator.add(rec.pi, info, false);
    if (info.mode === 'override') {
      const cur = rec.pi.pod.status?.nominatedNodeName ?? '';
      if (cur !== info.nodeName) {
        const status = { ...(rec.pi.pod.status ?? {}) };
        if (info.nodeName) status.nominatedNodeName = info.nodeName;
        else delete status.nominatedNodeName;
        rec.pi.pod = { ...rec.pi.pod, status };
      }
    }
  }

  /**
   * Starts the deletion of a running pod: it terminates over its grace period, then is gone.
   * A pending pod is gone at once. `info` (controllers) tells the cause for the trace, may
   * override the grace period, and makes a kubelet eviction end in phase Failed.
   */
  private evict(key: string, reason: string, preemptor: string | null, info?: EvictionInfo): void {
    const rec = this.pods.get(key);
    if (!rec) return;
    const cause = info ?? { cause: preemptor ? 'preemption' : 'delete', reason, source: preemptor ? 'default-scheduler' : 'schedlab' };
    const extra = this.evictionFields(cause, preemptor);
    if (rec.state === 'pending') {
      this.queue.delete(key);
      this.nominator.delete(key);
      rec.state = 'deleted';
      this.emit({ type: 'eviction', pod: key, node: null, preemptor, reason, until: this.clock, cycle: this.cycleIndex, ...extra });
      if (info?.event) this.recordEvent(`Pod/${key}`, info.event.type, info.event.reason, info.event.message, info.source);
      this.emit({ type: 'podDeleted', pod: key, node: null });
      this.hook(() => this.ctrl.podGone(rec, null, false, false));
      return;
    }
    if (rec.state !== 'running') return;
    const grace = info?.graceSeconds ?? rec.pi.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const now = this.epoch + this.clock;
    if (info?.fail) {
      // The kubelet kills the pod: no deletionTimestamp, it ends Failed.
      rec.failing = true;
      rec.fail = info.fail;
    } else {
      rec.pi.pod = {
        ...rec.pi.pod,
        metadata: { ...(rec.pi.pod.metadata ?? {}), deletionTimestamp: toIso(now), deletionGracePeriodSeconds: grace },
      };
      rec.pi.deletionTime = now;
    }
    rec.state = 'terminating';
    if (rec.node) {
      const ni = this.snapshot.get(rec.node);
      if (ni) ni.generation++;
    }
    const until = this.clock + Math.max(0, grace) * 1000;
    if (this.cycleIndex >= 0 && preemptor) this.cycleVictims.push(key);
    this.emit({
      type: 'eviction',
      pod: key,
      node: rec.node,
      preemptor,
      reason,
      until,
      ...(preemptor ? { cycle: this.cycleIndex } : {}),
      ...extra,
    });
    if (info?.event) this.recordEvent(`Pod/${key}`, info.event.type, info.event.reason, info.event.message, info.source);
    else if (preemptor) this.recordEvent(`Pod/${key}`, 'Normal', 'Preempted', `Preempted by pod ${preemptor}`, 'default-scheduler');
    this.addTimer({ t: until, seq: 0, kind: 'podGone', key });
    if (!rec.failing) this.hook(() => this.ctrl.podTerminating(rec));
  }

  /** The cause fields of an EvictionEvent (additive to the original ones). */
  private evictionFields(info: EvictionInfo, preemptor: string | null): Record<string, unknown> {
    if (!this.sink) return {};
    return {
      cause: info.cause,
      source: info.source,
      ...(info.fail ? { failed: true } : {}),
      ...(info.event ? { eventReason: info.event.reason, message: info.event.message } : preemptor ? { eventReason: 'Preempted', message: `Preempted by pod ${preemptor}` } : {}),
      ...(info.details ? { details: info.details } : {}),
    };
  }

  /** A terminating (or running) pod is gone: its node is freed and the queue woken. */
  private podGone(key: string): void {
    const rec = this.pods.get(key);
    if (!rec || rec.state === 'deleted' || rec.state === 'failed') return;
    const node = rec.node;
    const wasTerminating = rec.state === 'terminating' && !rec.failing;
    if (node) snapshotRemovePod(this.snapshot, node, rec.pi);
    const failed = !!rec.failing;
    rec.state = failed ? 'failed' : 'deleted';
    rec.node = null;
    if (failed) {
      rec.pi.pod = { ...rec.pi.pod, status: { ...(rec.pi.pod.status ?? {}), phase: 'Failed', reason: rec.fail?.reason, message: rec.fail?.message } };
      this.emit({ type: 'podDeleted', pod: key, node, phase: 'Failed', reason: rec.fail?.reason ?? 'Evicted' });
    } else this.emit({ type: 'podDeleted', pod: key, node });
    this.changeSeq++;
    this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete' }, rec.pi.pod, null);
    this.hook(() => this.ctrl.podGone(rec, node, failed, wasTerminating));
  }

  /** Runs a controller hook now, or right after the current scheduling cycle or timed change. */
  private hook(fn: () => void): void {
    if (this.cycleIndex >= 0 || this.applyingChange) this.deferred.push(fn);
    else fn();
  }

  private flushDeferred(): void {
    while (this.deferred.length) {
      const list = this.deferred;
      this.deferred = [];
      for (const fn of list) fn();
    }
  }

  /** What the controllers may see and do. */
  private controllerHost(): ControllerHost {
    const sim = this;
    return {
      now: () => sim.clock,
      epoch: sim.epoch,
      emit: (ev) => {
        if (ev.type === 'k8sEvent') {
          sim.recordEvent(String(ev.object), ev.eventType === 'Warning' ? 'Warning' : 'Normal', String(ev.reason), String(ev.message), String(ev.source));
          return;
        }
        if (ev.type === 'nodeTaint') {
          const t = ev.taint as { key: string; value?: string; effect: string };
          const ts = t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
          sim.events.push({
            t: sim.clock,
            object: `Node/${String(ev.node)}`,
            type: 'Normal',
            reason: ev.action === 'add' ? 'NodeTaintAdded' : 'NodeTaintRemoved',
            message: `${ev.action === 'add' ? 'Added' : 'Removed'} taint ${ts} (${String(ev.reason)})`,
            source: String(ev.source),
          });
        }
        sim.emit(ev);
      },
      snapshot: sim.snapshot,
      scenario: sim.scenario,
      getPod: (key) => sim.pods.get(key),
      allPods: () => sim.pods.values(),
      podsOnNode: (node) => {
        const ni = sim.snapshot.get(node);
        if (!ni) return [];
        const out: PodRec[] = [];
        for (const pi of ni.pods) {
          const r = sim.pods.get(pi.key);
          if (r && r.node === node && (r.state === 'running' || r.state === 'terminating')) out.push(r);
        }
        return out.sort((a, b) => a.order - b.order);
      },
      setTimer: (t, fn) => {
        const timer: Timer = { t: Math.max(t, sim.clock), seq: 0, kind: 'call', fn };
        sim.addTimer(timer);
        return timer.seq;
      },
      cancelTimer: (id) => {
        sim.timers.delete(String(id));
      },
      updateNode: (name, update) => sim.updateNode(name, update) === null,
      evictPod: (key, info) => sim.evict(key, info.reason, null, info),
      createPod: (pod, info) => sim.createPod(pod, info),
      warn: (message) => sim.diagnostics.push({ file: '<simulation>', doc: 0, line: 1, col: 1, path: '', severity: 'warning', message }),
    };
  }

  /** A pod made by a controller: pending, queued. Returns its key, or null when the name is taken. */
  private createPod(pod: Pod, info: PodCreatedInfo): string | null {
    const pi = newPodInfo(pod);
    const cur = this.pods.get(pi.key);
    if (cur && cur.state !== 'deleted' && cur.state !== 'failed') return null;
    const rec: PodRec = { key: pi.key, pi, node: null, state: 'pending', profile: null, lastFailSeq: -1, order: this.podOrder++ };
    this.pods.delete(pi.key);
    this.pods.set(pi.key, rec);
    this.emit({ type: 'podCreated', pod: pi.key, owner: info.owner, replaces: info.replaces, reason: info.reason, source: info.source, object: pod });
    this.ctrl.podAdded(rec);
    const nodeName = pod.spec?.nodeName || null;
    if (nodeName && this.snapshot.get(nodeName)) {
      // spec.nodeName in the template: the pod is bound without the scheduler.
      rec.node = nodeName;
      rec.state = 'running';
      snapshotAddPod(this.snapshot, nodeName, pi);
      this.changeSeq++;
      this.queue.assignedPodAdded(pi);
      this.hook(() => this.ctrl.podBound(rec));
    } else this.enqueueNew(rec);
    return pi.key;
  }

  // ---- the loop -----------------------------------------------------------------------------

  run(): SimResult {
    const stoppedBy = this.advance();
    if (this.opts.onProgress) this.opts.onProgress(this.progress());
    return this.result(stoppedBy);
  }

  /** Starts the run (once): pending pods enter the queue in file order, the controllers start. */
  begin(): void {
    if (this.started) return;
    this.started = true;
    for (const rec of this.pods.values()) {
      if (rec.state !== 'pending') continue;
      this.enqueueNew(rec);
    }
    if (this.frameworks.size > 0) this.ctrl.start();
  }

  /** Number of scheduling cycles run so far. */
  get cyclesRun(): number {
    return this.cycles.length;
  }

  /**
   * The full detail of cycle `index` (its trace events with the per-node ones, its record with
   * the filter verdicts and scores of every node), on demand: the cycles before it run with the
   * trace off, that one traced, and the simulation pauses right after it, so that a later cycle
   * can be explained next without starting over (engine/trace/explain.ts keeps one paused).
   * Same result as a traced run: tracing never changes decisions. null when the cycle already
   * ran or the run ends before it.
   */
  explainCycle(index: number): { cycle: CycleRecord; events: TraceEvent[] } | null {
    if (index < this.cycles.length) return null;
    const saved = { traceCycles: this.traceCycles, stopAfterCycle: this.stopAfterCycle, windowSink: this.windowSink };
    this.traceCycles = { from: index, to: index };
    this.stopAfterCycle = index;
    this.windowSink = null;
    let events: TraceEvent[] = [];
    const fullFrom = this.fullSink ? this.fullSink.events.length : 0;
    try {
      this.advance();
      if (this.fullSink) {
        // Recording everything: the cycle's part of the full trace.
        const evs = this.fullSink.events;
        let a = fullFrom;
        while (a < evs.length && !(evs[a].type === 'cycleStart' && (evs[a] as { cycle?: number }).cycle === index)) a++;
        let b = a;
        while (b < evs.length && !(evs[b].type === 'cycleEnd' && (evs[b] as { cycle?: number }).cycle === index)) b++;
        events = evs.slice(a, b + 1);
      } else events = (this.windowSink as ArraySink | null)?.events ?? [];
    } finally {
      this.traceCycles = saved.traceCycles;
      this.stopAfterCycle = saved.stopAfterCycle;
      this.windowSink = saved.windowSink;
    }
    const cycle = this.cycles[index];
    return cycle ? { cycle, events } : null;
  }

  /**
   * Runs until the next step is scheduling cycle `index` (its pod about to be popped, every timer
   * due before it run), or the run ends first. Explaining that cycle then only costs the cycle.
   */
  pauseBefore(index: number): void {
    if (index < this.cycles.length) return;
    const saved = this.stopBeforeCycle;
    this.stopBeforeCycle = index;
    try {
      this.advance();
    } finally {
      this.stopBeforeCycle = saved;
    }
  }

  private stopBeforeCycle = -1;
  private started = false;
  /** opts.traceCycles and opts.stopAfterCycle, or explainCycle's. */
  private traceCycles: SimulateOptions['traceCycles'];
  private stopAfterCycle: number | undefined;

  /** The loop, until idle or a limit; it can be resumed after stopping at stopAfterCycle. */
  private advance(): SimResult['stoppedBy'] {
    const maxT = (this.opts.maxVirtualSeconds ?? 3600) * 1000;
    const maxCycles = this.opts.maxCycles ?? 1_000_000;
    const every = this.opts.progressEvery ?? 1000;
    let stoppedBy: SimResult['stoppedBy'] = 'idle';
    this.begin();
    if (this.frameworks.size === 0) stoppedBy = 'noProfiles';

    while (this.frameworks.size > 0) {
      this.runDueTimers();
      if (this.queue.canPop()) {
        if (this.cycles.length >= maxCycles) {
          stoppedBy = 'maxCycles';
          break;
        }
        if (this.cycles.length === this.stopBeforeCycle) break;
        const qp = this.queue.pop()!;
        this.runCycle(qp);
        if (this.opts.onProgress && this.cycles.length % every === 0) this.opts.onProgress(this.progress());
        if (this.stopAfterCycle !== undefined && this.cycles.length > this.stopAfterCycle) {
          stoppedBy = 'stopAfterCycle';
          break;
        }
        continue;
      }
      const next = this.nextEventTime();
      if (next === null) break;
      if (next > maxT) {
        stoppedBy = 'maxVirtualSeconds';
        break;
      }
      this.advanceTo(next);
    }
    return stoppedBy;
  }

  private progress(): SimProgress {
    const s = this.queue.sizes();
    return { cycles: this.cycles.length, t: this.clock, scheduled: this.scheduledCount, pending: s.active + s.backoff + s.unschedulable };
  }

  private enqueueNew(rec: PodRec): void {
    const pod = rec.pi.pod;
    const schedulerName = pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME;
    if (!this.frameworks.has(schedulerName)) {
      rec.reason = this.invalidProfiles.has(schedulerName)
        ? `the profile for schedulerName "${schedulerName}" is invalid; the pod is not scheduled`
        : `no scheduler profile has schedulerName "${schedulerName}"; the pod is not scheduled`;
      this.ignored.push({ pod: rec.key, reason: rec.reason });
      this.emit({ type: 'podIgnored', pod: rec.key, reason: rec.reason });
      return;
    }
    rec.profile = schedulerName;
    const qp = this.queue.newQueuedPod(rec.pi, schedulerName);
    this.queue.add(qp);
    if (pod.status?.nominatedNodeName) this.nominator.add(rec.pi, { mode: 'noop' }, false);
  }

  private runCycle(qp: QueuedPod): void {
    const index = this.cycles.length;
    const tc = this.traceCycles;
    const inWindow = tc ? index >= tc.from && index <= tc.to : false;
    if (tc) {
      this.sink = inWindow ? (this.fullSink ?? new ArraySink()) : null;
      if (inWindow && !this.windowSink) this.windowSink = this.sink as ArraySink;
      this.traceNodes = inWindow || (this.opts.traceLevel ?? 'full') === 'full';
      this.detailsOn = inWindow || (this.opts.details ?? false);
    }
    this.cycleIndex = index;
    this.cycleVictims = [];
    const rec = this.scheduler.scheduleOne(qp, index);
    this.cycleIndex = -1;
    this.cycles.push(rec);
    const prec = this.pods.get(qp.podInfo.key);
    if (prec && rec.result !== 'Scheduled') prec.lastFailSeq = this.changeSeq;
    if (tc) {
      this.sink = this.fullSink;
      this.detailsOn = this.opts.details ?? !!this.opts.trace;
      this.traceNodes = (this.opts.traceLevel ?? 'full') === 'full';
    }
    this.flushDeferred();
  }

  private windowSink: ArraySink | null = null;

  private runDueTimers(): void {
    for (;;) {
      const t = this.timers.peek();
      if (!t || t.t > this.clock) break;
      this.timers.pop();
      if (t.kind === 'podGone') this.podGone(t.key!);
      else if (t.kind === 'call') t.fn!();
      else if (t.change) this.applyChange(t.change);
    }
  }

  /** Whether some pod waiting in `list` failed before the last cluster change. */
  private anyFresh(list: Iterable<QueuedPod>): boolean {
    for (const p of list) {
      const rec = this.pods.get(p.podInfo.key);
      if (!rec || rec.lastFailSeq < this.changeSeq) return true;
    }
    return false;
  }

  private nextEventTime(): number | null {
    let best: number | null = null;
    const take = (t: number | null) => {
      if (t !== null && (best === null || t < best)) best = t;
    };
    const t0 = this.timers.peek();
    if (t0) take(t0.t);
    if (this.anyFresh([...this.queue.podBackoffQ.list(), ...this.queue.podErrorBackoffQ.list()])) take(this.queue.nextBackoffFlush());
    if (this.anyFresh([...this.queue.unschedulablePods.values()].filter((p) => !p.gated))) take(this.queue.nextUnschedulableFlush());
    if (best !== null && best < this.clock) best = this.clock;
    return best;
  }

  private advanceTo(t: number): void {
    if (t > this.clock) {
      const from = this.clock;
      this.clock = t;
      this.emit({ type: 'clock', from });
    }
    this.runDueTimers();
    this.queue.flushBackoffQCompleted();
    this.queue.flushUnschedulablePodsLeftover();
  }

  // ---- timed changes ------------------------------------------------------------------------

  private nodeEvent(action: ClusterEvent['action'], oldNode: Node | null, newNode: Node | null): void {
    this.changeSeq++;
    this.queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', action }, oldNode, newNode);
  }

  /**
   * Replaces a node object: the cache is updated, the queue woken with the events upstream's
   * scheduler derives from the change (NodeSchedulingPropertiesChange), the controllers told.
   */
  private updateNode(name: string, f: (n: Node) => Node): string | null {
    const ni = this.snapshot.get(name);
    if (!ni) return `node "${name}" not found`;
    const old = ni.node;
    const nn = f(structuredClone(old));
    snapshotUpdateNode(this.snapshot, nn);
    for (const ev of nodeSchedulingPropertiesChange(nn, old)) this.nodeEvent(ev.action, old, nn);
    this.hook(() => this.ctrl.nodeUpdated(old, nn));
    return null;
  }

  private applyChange(c: Scenario['changes'][number]): void {
    let err: string | null = null;
    const data = (c.data ?? {}) as Record<string, unknown>;
    const kv = () => ({ key: String(data.key ?? ''), value: data.value == null ? undefined : String(data.value) });
    this.applyingChange = true;
    try {
      switch (c.action) {
        case 'addNode': {
          const node = (c.data ?? { metadata: { name: c.target } }) as Node;
          const ni = newNodeInfo(node);
          if (this.snapshot.get(ni.name)) {
            err = `node "${ni.name}" already exists`;
            break;
          }
          snapshotAddNode(this.snapshot, ni);
          this.nodeEvent('Add', null, node);
          this.hook(() => this.ctrl.nodeAdded(node));
          break;
        }
        case 'removeNode': {
          const ni = this.snapshot.get(c.target);
          if (!ni) {
            err = `node "${c.target}" not found`;
            break;
          }
          const node = ni.node;
          const keys = ni.pods.map((p) => p.key);
          for (const k of keys) this.podGone(k);
          snapshotRemoveNode(this.snapshot, c.target);
          this.changeSeq++;
          this.hook(() => this.ctrl.nodeRemoved(node));
          break;
        }
        case 'cordon':
        case 'uncordon':
          err = this.updateNode(c.target, (n) => ({ ...n, spec: { ...(n.spec ?? {}), unschedulable: c.action === 'cordon' } }));
          break;
        case 'drain': {
          err = this.updateNode(c.target, (n) => ({ ...n, spec: { ...(n.spec ?? {}), unschedulable: true } }));
          if (err) break;
          const ni = this.snapshot.get(c.target)!;
          for (const p of [...ni.pods]) this.evict(p.key, 'drain', null, { cause: 'drain', reason: 'drain', source: 'kubectl drain' });
          break;
        }
        case 'addTaint':
          err = this.updateNode(c.target, (n) => ({
            ...n,
            spec: {
              ...(n.spec ?? {}),
              taints: [
                ...(n.spec?.taints ?? []).filter((t) => !(t.key === data.key && t.effect === data.effect)),
                { key: String(data.key ?? ''), value: data.value == null ? undefined : String(data.value), effect: String(data.effect ?? 'NoSchedule') },
              ],
            },
          }));
          break;
        case 'removeTaint':
          err = this.updateNode(c.target, (n) => ({
            ...n,
            spec: {
              ...(n.spec ?? {}),
              taints: (n.spec?.taints ?? []).filter((t) => !(t.key === data.key && (data.effect == null || t.effect === data.effect))),
            },
          }));
          break;
        case 'setLabel': {
          const { key, value } = kv();
          err = this.updateNode(c.target, (n) => ({ ...n, metadata: { ...(n.metadata ?? {}), labels: { ...(n.metadata?.labels ?? {}), [key]: value ?? '' } } }));
          break;
        }
        case 'removeLabel': {
          const { key } = kv();
          err = this.updateNode(c.target, (n) => {
            const labels = { ...(n.metadata?.labels ?? {}) };
            delete labels[key];
            return { ...n, metadata: { ...(n.metadata ?? {}), labels } };
          });
          break;
        }
        case 'setNodeCondition': {
          const type = String(data.type ?? 'Ready');
          const status = String(data.status ?? 'True');
          const ni = this.snapshot.get(c.target);
          const previous = ni?.node.status?.conditions?.find((x) => x.type === type)?.status ?? null;
          const ts = toIso(this.epoch + this.clock);
          if (ni) this.emit({ type: 'nodeCondition', node: c.target, condition: type, status, previous, source: 'change' });
          err = this.updateNode(c.target, (n) => {
            const conditions = [...(n.status?.conditions ?? [])];
            const i = conditions.findIndex((x) => x.type === type);
            const next = {
              type,
              status,
              lastHeartbeatTime: ts,
              lastTransitionTime: i >= 0 && conditions[i].status === status ? conditions[i].lastTransitionTime : ts,
              ...(data.reason != null ? { reason: String(data.reason) } : {}),
              ...(data.message != null ? { message: String(data.message) } : {}),
            };
            if (i >= 0) conditions[i] = next;
            else conditions.push(next);
            return { ...n, status: { ...(n.status ?? {}), conditions } };
          });
          if (!err) this.hook(() => this.ctrl.nodeConditionSetByChange(c.target, type, status));
          break;
        }
        case 'setNodeResources': {
          const cap = (data.capacity ?? null) as Record<string, string | number> | null;
          const alloc = (data.allocatable ?? null) as Record<string, string | number> | null;
          err = this.updateNode(c.target, (n) => {
            const st = { ...(n.status ?? {}) };
            const oldCap = { ...(st.capacity ?? {}) };
            const newCap = { ...oldCap };
            const newAlloc = { ...(st.allocatable ?? {}) };
            for (const [r, v] of Object.entries(cap ?? {})) {
              newCap[r] = String(v);
              if (alloc && r in alloc) continue;
              // Reservations stay: allocatable moves with capacity.
              const ov = oldCap[r] !== undefined ? parseQuantity(String(oldCap[r])) : null;
              const nv = parseQuantity(String(v));
              const av = newAlloc[r] !== undefined ? parseQuantity(String(newAlloc[r])) : null;
              if (ov && av && ov.error === undefined && av.error === undefined && nv.error === undefined) {
                const nanos = av.nanos + (nv.nanos - ov.nanos);
                newAlloc[r] = quantityText(r, nanos < 0n ? 0n : nanos);
              } else newAlloc[r] = String(v);
            }
            for (const [r, v] of Object.entries(alloc ?? {})) newAlloc[r] = String(v);
            st.capacity = newCap;
            st.allocatable = newAlloc;
            return { ...n, status: st };
          });
          break;
        }
        case 'setPodUsage': {
          const rec = this.pods.get(c.target.includes('/') ? c.target : `default/${c.target}`);
          if (!rec || rec.state === 'deleted' || rec.state === 'failed') {
            err = `pod "${c.target}" not found`;
            break;
          }
          const annotations = { ...(rec.pi.pod.metadata?.annotations ?? {}) };
          if (data.memory == null) delete annotations[MEMORY_USAGE_ANNOTATION];
          else annotations[MEMORY_USAGE_ANNOTATION] = String(data.memory);
          rec.pi.pod = { ...rec.pi.pod, metadata: { ...(rec.pi.pod.metadata ?? {}), annotations } };
          this.hook(() => this.ctrl.podUsageChanged(rec));
          break;
        }
        case 'deletePod': {
          const rec = this.pods.get(c.target.includes('/') ? c.target : `default/${c.target}`);
          if (!rec || rec.state === 'deleted' || rec.state === 'failed') {
            err = `pod "${c.target}" not found`;
            break;
          }
          this.evict(rec.key, 'deleted', null, { cause: 'delete', reason: 'deleted', source: 'kubectl delete' });
          break;
        }
        case 'addPod': {
          const pod = c.data as Pod;
          const pi = newPodInfo(pod);
          const cur = this.pods.get(pi.key);
          if (cur && cur.state !== 'deleted' && cur.state !== 'failed') {
            err = `pod "${pi.key}" already exists`;
            break;
          }
          const nodeName = pod.spec?.nodeName || null;
          const rec: PodRec = { key: pi.key, pi, node: nodeName, state: nodeName ? 'running' : 'pending', profile: null, lastFailSeq: -1, order: this.podOrder++ };
          this.pods.delete(pi.key);
          this.pods.set(pi.key, rec);
          this.hook(() => this.ctrl.podAdded(rec));
          if (nodeName) {
            if (!snapshotAddPod(this.snapshot, nodeName, pi)) {
              err = `node "${nodeName}" not found`;
              rec.state = 'deleted';
              break;
            }
            this.changeSeq++;
            this.queue.assignedPodAdded(pi);
            this.hook(() => this.ctrl.podBound(rec));
          } else this.enqueueNew(rec);
          break;
        }
        case 'scale': {
          const r = this.ctrl.scale(c.target, Number(data.replicas));
          if (typeof r === 'string') err = r;
          else this.hook(r);
          break;
        }
        default:
          err = `change "${c.action}" is not supported yet`;
      }
    } catch (e) {
      err = e instanceof Error ? e.message : String(e);
    }
    this.applyingChange = false;
    this.emit({ type: 'clusterChange', action: c.action, target: c.target, ok: err === null, ...(err ? { message: err } : {}) });
    if (err) {
      this.diagnostics.push({
        ...(c.pos ?? { file: '<changes>', doc: 0, line: 1, col: 1, path: '' }),
        severity: 'warning',
        message: `at ${c.at}s, ${c.action} ${c.target}: ${err}`,
      });
    }
    this.flushDeferred();
  }

  // ---- result -------------------------------------------------------------------------------

  private result(stoppedBy: SimResult['stoppedBy']): SimResult {
    const final: Record<string, PodFinal> = {};
    for (const rec of this.pods.values()) {
      const f: PodFinal = {
        node: rec.state === 'running' || rec.state === 'terminating' ? rec.node : null,
        phase:
          rec.state === 'running'
            ? 'Running'
            : rec.state === 'terminating'
              ? 'Terminating'
              : rec.state === 'deleted'
                ? 'Deleted'
                : rec.state === 'failed'
                  ? 'Failed'
                  : 'Pending',
      };
      if (rec.state === 'failed' && rec.fail) {
        f.reason = rec.fail.reason;
        f.message = rec.fail.message;
      }
      const nnn = rec.state === 'pending' ? rec.pi.pod.status?.nominatedNodeName : undefined;
      if (nnn) f.nominatedNode = nnn;
      if (rec.reason && !f.reason) f.reason = rec.reason;
      final[rec.key] = f;
    }
    let trace: TraceEvent[] | null = null;
    if (this.fullSink) trace = this.fullSink.events;
    else if (this.windowSink) trace = this.windowSink.events;
    return {
      cycles: this.cycles,
      final,
      trace,
      diagnostics: this.diagnostics,
      ignoredPods: this.ignored,
      profiles: [...this.frameworks.keys()],
      endTime: this.clock,
      stoppedBy,
      epoch: this.epoch,
      events: this.events,
    };
  }
}

/** A quantity's text for a resource: bytes in binary units when exact, cpu in millicores. */
function quantityText(resource: string, nanos: bigint): string {
  if (resource === 'cpu') {
    const milli = nanos / 1_000_000n;
    return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
  }
  let v = nanos / 1_000_000_000n;
  if (v === 0n) return '0';
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let u = 0;
  while (u < units.length - 1 && v % 1024n === 0n) {
    v /= 1024n;
    u++;
  }
  return `${v}${units[u]}`;
}
