// Test helpers for DefaultPreemption: object builders (like upstream's st.MakePod/MakeNode) and
// a fake Handle that runs real PreFilter/Filter plugins, including upstream's
// RunFilterPluginsWithNominatedPods two-pass logic. Used by the tests of this folder only.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  Code,
  CycleState,
  Status,
  isSuccess,
  type ClusterLister,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type NodeToStatus,
  type PdbInfo,
  type PodInfo,
  type PreFilterPlugin,
  type TraceSink,
} from '../../framework/types';
import { newPodInfo } from '../../api/podinfo';
import { addPod, cloneNodeInfo, newNodeInfo } from '../../cache/nodeinfo';
import { buildSnapshot, type ClusterSnapshot } from '../../cache/snapshot';
import { compileLabelSelector } from '../../api/labels';

export interface PodOpts {
  ns?: string;
  uid?: string;
  node?: string;
  priority?: number;
  cpu?: string;
  mem?: string;
  labels?: Record<string, string>;
  /** ISO time, or a number of ms since the epoch. */
  start?: string | number;
  policy?: 'Never' | 'PreemptLowerPriority';
  nominated?: string;
  terminating?: boolean;
  /** Adds the DisruptionTarget/PreemptionByScheduler condition. */
  preemptedCondition?: boolean;
  /** Required pod anti-affinity: label `key` Exists over topology `topologyKey`. */
  antiAffinityExists?: { key: string; topologyKey: string };
  /** DoNotSchedule spread constraints, maxSkew 1, selector Exists(key). */
  spread?: { topologyKey: string; key: string }[];
  schedulerName?: string;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.mem) requests.memory = o.mem;
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      uid: o.uid ?? name,
      labels: o.labels,
      ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: o.node,
      priority: o.priority ?? 0,
      preemptionPolicy: o.policy,
      schedulerName: o.schedulerName ?? 'default-scheduler',
      containers: [{ name: 'c', image: 'pause', resources: Object.keys(requests).length ? { requests } : {} }],
    },
    status: {},
  };
  if (o.start !== undefined) {
    pod.status!.startTime = typeof o.start === 'number' ? new Date(o.start).toISOString() : o.start;
  }
  if (o.nominated) pod.status!.nominatedNodeName = o.nominated;
  if (o.preemptedCondition) {
    pod.status!.conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }];
  }
  if (o.antiAffinityExists) {
    pod.spec!.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchExpressions: [{ key: o.antiAffinityExists.key, operator: 'Exists' }] },
            topologyKey: o.antiAffinityExists.topologyKey,
          },
        ],
      },
    };
  }
  if (o.spread) {
    pod.spec!.topologySpreadConstraints = o.spread.map((s) => ({
      maxSkew: 1,
      topologyKey: s.topologyKey,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchExpressions: [{ key: s.key, operator: 'Exists' }] },
    }));
  }
  return pod;
}

export function makeNode(
  name: string,
  cap: { cpu?: string; mem?: string; pods?: string } = {},
  labels: Record<string, string> = {},
): Node {
  const list: Record<string, string> = { pods: cap.pods ?? '32' };
  if (cap.cpu) list.cpu = cap.cpu;
  if (cap.mem) list.memory = cap.mem;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { ...labels } },
    status: { capacity: { ...list }, allocatable: { ...list } },
  };
}

export const smallRes = { cpu: '100m', mem: '100' };
export const mediumRes = { cpu: '200m', mem: '200' };
export const largeRes = { cpu: '300m', mem: '300' };
export const veryLargeRes = { cpu: '500m', mem: '500' };

export function makePdb(
  name: string,
  matchLabels: Record<string, string>,
  disruptionsAllowed: number,
  disruptedPods: string[] = [],
  namespace = 'default',
): PdbInfo {
  return {
    namespace,
    name,
    selector: compileLabelSelector({ matchLabels }),
    disruptionsAllowed,
    disruptedPods: new Set(disruptedPods),
  };
}

/** A NodeToStatus from explicit entries and an absent status (upstream NewNodeToStatus). */
export class TestNodeToStatus implements NodeToStatus {
  private readonly m: Map<string, Status>;
  constructor(
    entries: Record<string, Status> | Map<string, Status>,
    public absent: Status | null = Status.unresolvable(),
  ) {
    this.m = entries instanceof Map ? entries : new Map(Object.entries(entries));
  }
  get(n: string): Status | undefined {
    return this.m.get(n);
  }
  entries(): Iterable<[string, Status]> {
    return this.m.entries();
  }
  get size(): number {
    return this.m.size;
  }
}

const emptyLister: ClusterLister = {
  services: () => [],
  replicaSets: () => [],
  statefulSets: () => [],
  replicationControllers: () => [],
};

export interface FakeHandleOpts {
  nodes: Node[];
  pods: Pod[];
  pdbs?: PdbInfo[];
  /** Plugins run at PreFilter (and for their AddPod/RemovePod extensions), in order. */
  preFilter?: PreFilterPlugin[];
  /** Plugins run at Filter, in order. */
  filter?: FilterPlugin[];
  /** Values returned by rand(), in turn (then 0). */
  rand?: number[];
  now?: number;
  trace?: TraceSink | null;
}

/** A Handle over a fixed snapshot, running the given plugins like upstream's frameworkImpl. */
export class FakeHandle implements Handle {
  snap: ClusterSnapshot;
  readonly podInfos = new Map<string, PodInfo>();
  readonly evicted: { victim: string; reason: string; preemptor: string | null }[] = [];
  readonly cleared: string[] = [];
  /** Number of RunFilterPlugins passes (each runs the first filter plugin once). */
  filterCalls = 0;
  readonly nominated = new Map<string, PodInfo[]>();
  private randSeq: number[];
  profileName = 'default-scheduler';
  lister = emptyLister;
  trace: TraceSink | null;
  readonly preFilterPlugins: PreFilterPlugin[];
  readonly filterPlugins: FilterPlugin[];
  private pdbList: PdbInfo[];
  private readonly clock: number;

  nominator = {
    nominatedPodsForNode: (nodeName: string): PodInfo[] => this.nominated.get(nodeName) ?? [],
  };

  constructor(o: FakeHandleOpts) {
    const nis = new Map<string, NodeInfo>();
    for (const n of o.nodes) nis.set(n.metadata!.name!, newNodeInfo(n));
    for (const p of o.pods) {
      const pi = newPodInfo(p);
      this.podInfos.set(pi.name, pi);
      const nn = p.spec?.nodeName;
      if (nn && nis.has(nn)) addPod(nis.get(nn)!, pi);
    }
    this.snap = buildSnapshot([...nis.values()], []);
    this.pdbList = o.pdbs ?? [];
    this.preFilterPlugins = o.preFilter ?? [];
    this.filterPlugins = o.filter ?? [];
    this.randSeq = [...(o.rand ?? [])];
    this.clock = o.now ?? Date.parse('2030-01-01T00:00:00Z');
    this.trace = o.trace ?? null;
  }

  /** The PodInfo of a pod added at construction, by name. */
  pi(name: string): PodInfo {
    const p = this.podInfos.get(name);
    if (!p) throw new Error(`no pod ${name}`);
    return p;
  }

  setRand(seq: number[]): void {
    this.randSeq = [...seq];
  }

  snapshot() {
    return this.snap;
  }
  rand(): number {
    return this.randSeq.length ? this.randSeq.shift()! : 0;
  }
  now(): number {
    return this.clock;
  }
  pdbs(): PdbInfo[] {
    return this.pdbList;
  }
  evictPod(victim: PodInfo, reason: string, preemptor: PodInfo | null): void {
    this.evicted.push({ victim: victim.key, reason, preemptor: preemptor?.key ?? null });
  }
  clearNominatedNodeName(pod: PodInfo): void {
    this.cleared.push(pod.key);
  }
  pendingPods(): PodInfo[] {
    return [];
  }
  hasFilterPlugin(name: string): boolean {
    return this.filterPlugins.some((p) => p.name === name);
  }
  filterPluginNames(): readonly string[] {
    return this.filterPlugins.map((p) => p.name);
  }

  /** RunPreFilterPlugins (results ignored except Skip, which marks the filter plugin skipped). */
  runPreFilter(state: CycleState, pod: PodInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      const { status } = pl.preFilter(state, pod, this.snap.nodeInfoList);
      if (status?.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(status)) return status;
    }
    return null;
  }

  runFilterPlugins(state: CycleState, pod: PodInfo, ni: NodeInfo): Status | null {
    this.filterCalls++;
    for (const pl of this.filterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.filter(state, pod, ni);
      if (!isSuccess(s)) return (s as Status).withPlugin(pl.name);
    }
    return null;
  }

  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, ni: NodeInfo): Status | null {
    let status: Status | null = null;
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let st = state;
      let n = ni;
      if (i === 0) {
        const nominated = (this.nominated.get(ni.name) ?? []).filter(
          (p) => p.priority >= pod.priority && p.uid !== pod.uid,
        );
        if (nominated.length > 0) {
          podsAdded = true;
          st = state.clone();
          n = cloneNodeInfo(ni);
          for (const p of nominated) {
            addPod(n, p);
            const s = this.runPreFilterExtensionAddPod(st, pod, p, n);
            if (!isSuccess(s)) return s;
          }
        }
      } else if (!podsAdded || !isSuccess(status)) {
        break;
      }
      status = this.runFilterPlugins(st, pod, n);
      if (!isSuccess(status) && !(status as Status).isRejected()) return status;
    }
    return status;
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, ni: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, pod, toAdd, ni);
      if (!isSuccess(s)) {
        return Status.error(`running AddPod on PreFilter plugin ${JSON.stringify(pl.name)}: ${(s as Status).message()}`);
      }
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, ni: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, pod, toRemove, ni);
      if (!isSuccess(s)) {
        return Status.error(`running RemovePod on PreFilter plugin ${JSON.stringify(pl.name)}: ${(s as Status).message()}`);
      }
    }
    return null;
  }

  /** A fresh cycle state with PreFilter run for the pod. */
  cycleState(pod: PodInfo): CycleState {
    const s = new CycleState();
    const st = this.runPreFilter(s, pod);
    if (!isSuccess(st)) throw new Error(`PreFilter failed: ${st?.message()}`);
    return s;
  }

  /** Filter statuses of every node (for a NodeToStatus as the scheduling cycle would build it). */
  filterAll(state: CycleState, pod: PodInfo): Map<string, Status> {
    const m = new Map<string, Status>();
    for (const ni of this.snap.nodeInfoList) {
      const s = this.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (!isSuccess(s)) m.set(ni.name, s as Status);
    }
    return m;
  }
}

// ---- small fake plugins (upstream tf.* test plugins) -------------------------------------------

/** Always Unschedulable (tf.NewFalseFilterPlugin). */
export const falseFilter: FilterPlugin = {
  name: 'FalseFilter',
  filter: () => Status.unschedulable('injecting failure for pod'),
};
/** Always passes (tf.NewTrueFilterPlugin). */
export const trueFilter: FilterPlugin = { name: 'TrueFilter', filter: () => null };
/** Passes only the node named like the pod (tf.NewMatchFilterPlugin). */
export const matchFilter: FilterPlugin = {
  name: 'MatchFilter',
  filter: (_s, pod, ni) => (ni.name === pod.name ? null : Status.unschedulable('injecting failure for pod')),
};
/** Returns `code` for every node (tf.FakeFilterPlugin with one code for all nodes). */
export function fakeFilter(code: number): FilterPlugin {
  return {
    name: 'FakeFilter',
    filter: () => (code === 0 ? null : new Status(code as Code, ['injecting failure for pod'])),
  };
}

/**
 * Node-local required anti-affinity of existing pods (enough for upstream's "pod with
 * anti-affinity is preempted"): a node is rejected while one of its pods has a required
 * anti-affinity term selecting the incoming pod.
 */
export const existingAntiAffinityFilter: FilterPlugin = {
  name: 'ExistingAntiAffinity',
  filter: (_s, pod, ni) => {
    for (const p of ni.pods) {
      for (const t of p.requiredAntiAffinityTerms) {
        if (t.namespaces.has(pod.namespace) && t.selector(pod.labels)) {
          return Status.unschedulable("node(s) didn't match pod anti-affinity rules");
        }
      }
    }
    return null;
  },
};

/** A PreFilter plugin whose AddPod/RemovePod fail on nodes labelled error=true (upstream TestPlugin). */
export const errorOnLabelPlugin: PreFilterPlugin = {
  name: 'test-plugin',
  preFilter: () => ({ result: null, status: null }),
  preFilterExtensions: () => ({
    addPod: (_s, pod, _a, ni) =>
      ni.labels['error'] === 'true' ? Status.error(`failed to add pod: ${pod.name}`) : null,
    removePod: (_s, pod, _r, ni) =>
      ni.labels['error'] === 'true' ? Status.error(`failed to remove pod: ${pod.name}`) : null,
  }),
};
