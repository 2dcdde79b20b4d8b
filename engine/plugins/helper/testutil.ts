// Builders for the plugins' unit tests (no DOM, no node:*; safe to ship in the engine bundle).

import type { Container, ContainerPort, Node, Pod, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1';
import { newPodInfo } from '../../api/podinfo';
import { addPod, newNodeInfo } from '../../cache/nodeinfo';
import { buildSnapshot } from '../../cache/snapshot';
import {
  CycleState,
  type Handle,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type Snapshot,
} from '../../framework/types';

export interface NodeOpts {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** allocatable (and capacity); `pods` defaults to 110 when cpu or memory is given. */
  allocatable?: Record<string, string | number>;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.allocatable ?? {})) alloc[k] = String(v);
  if (alloc.pods === undefined && (alloc.cpu !== undefined || alloc.memory !== undefined)) alloc.pods = '110';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: o.labels },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable: alloc, capacity: alloc, images: o.images },
  };
}

export interface ContainerOpts {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
  ports?: ContainerPort[];
  image?: string;
  restartPolicy?: string;
}

export function container(o: ContainerOpts = {}, name = 'c'): Container {
  const q = (r?: Record<string, string | number>) =>
    r ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])) : undefined;
  const c: Container = { name, image: o.image ?? 'registry.k8s.io/pause:3.10' };
  if (o.requests || o.limits) c.resources = { requests: q(o.requests), limits: q(o.limits) };
  if (o.ports) c.ports = o.ports;
  if (o.restartPolicy) c.restartPolicy = o.restartPolicy;
  return c;
}

export interface PodOpts extends Partial<PodSpec> {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  /** Shorthand for containers: one container per entry. */
  requests?: Record<string, string | number>[];
  tolerationsList?: Toleration[];
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const { namespace, uid, labels, requests, tolerationsList, ...spec } = o;
  const containers = spec.containers ?? (requests ?? [{}]).map((r, i) => container({ requests: Object.keys(r).length ? r : undefined }, `c${i}`));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: namespace ?? 'default', uid: uid ?? `uid-${name}`, labels },
    spec: { ...spec, containers, tolerations: spec.tolerations ?? tolerationsList },
  };
}

/** A NodeInfo with the given pods on it. */
export function nodeInfoWith(node: Node, pods: Pod[] = []): NodeInfo {
  const ni = newNodeInfo(node);
  for (const p of pods) addPod(ni, newPodInfo(p));
  return ni;
}

/** NodeInfos for nodes, placing each pod on the node named by its spec.nodeName. */
export function nodeInfos(nodes: Node[], pods: Pod[] = []): NodeInfo[] {
  return nodes.map((n) => nodeInfoWith(n, pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
}

export function snapshotOf(nis: NodeInfo[]): Snapshot {
  return buildSnapshot(nis, []);
}

/** A Handle with just a snapshot (enough for the plugins of this folder set). */
export function fakeHandle(snapshot: Snapshot): Handle {
  return {
    snapshot: () => snapshot,
    lister: {
      services: () => [],
      replicaSets: () => [],
      statefulSets: () => [],
      replicationControllers: () => [],
    },
    nominator: { nominatedPodsForNode: () => [] },
    runFilterPluginsWithNominatedPods: () => null,
    runPreFilterExtensionAddPod: () => null,
    runPreFilterExtensionRemovePod: () => null,
    rand: () => 0,
    now: () => 0,
    trace: null,
    pdbs: () => [],
    evictPod: () => {},
    pendingPods: () => [],
    profileName: 'default-scheduler',
    hasFilterPlugin: () => true,
  } as unknown as Handle;
}

/**
 * Runs PreScore, Score and NormalizeScore over the nodes as the framework does. Returns null when
 * PreScore returned Skip.
 */
export function runScore(plugin: ScorePlugin & Partial<PreScorePlugin>, pi: PodInfo, nis: NodeInfo[], state = new CycleState()): NodeScore[] | null {
  if (plugin.preScore) {
    const s = plugin.preScore(state, pi, nis);
    if (s?.isSkip()) return null;
    if (s) throw new Error(`PreScore failed: ${s.message()}`);
  }
  const scores = nis.map((ni) => ({ name: ni.name, score: plugin.score(state, pi, ni) }));
  if (plugin.normalizeScore) {
    const s = plugin.normalizeScore(state, pi, scores);
    if (s) throw new Error(`NormalizeScore failed: ${s.message()}`);
  }
  return scores;
}

export const scoresByName = (scores: NodeScore[] | null): Record<string, number> | null =>
  scores === null ? null : Object.fromEntries(scores.map((s) => [s.name, s.score]));
