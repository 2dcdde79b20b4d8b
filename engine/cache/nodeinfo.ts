// NodeInfo: what the scheduler knows of one node (upstream pkg/scheduler/framework NodeInfo):
// the pods on it and their aggregated requests, host ports and affinity subsets.
//
// Image states are filled in by the snapshot (engine/cache/snapshot.ts), which owns the
// cluster-wide image bookkeeping.

import type { Node } from 'kubernetes-types/core/v1';
import type { HostPortInfo, ImageStateSummary, NodeInfo, PodInfo, Resource } from '../framework/types';
import { podHasAffinity, podHasRequiredAntiAffinity, podHostPorts } from '../api/podinfo';
import { cloneResource, emptyResource, resourceFromList } from '../api/resources';
import { cloneHostPortInfo, hostPortAdd, hostPortRemove, newHostPortInfo } from './hostports';

// Generations come from one global counter in steps of GENERATION_STEP, so a NodeInfo's
// generation is unique to one state of one node even when code outside this file bumps it with
// `ni.generation++` (e.g. the simulator marking a pod on the node terminating): it would take
// GENERATION_STEP such bumps without any other change to reach a value nextGeneration() hands out.
const GENERATION_STEP = 65536;
let generation = 0;
/** A new, globally increasing generation number (upstream nextGeneration). */
export const nextGeneration = (): number => (generation += GENERATION_STEP);

/**
 * Told about every change of a NodeInfo it observes (the snapshot observes its NodeInfos, to keep
 * incremental indexes and change feeds; clones are never observed).
 */
export interface NodeInfoObserver {
  /** addPod: `pi` is the object now in ni.pods. */
  podAdded(ni: NodeInfo, pi: PodInfo): void;
  /** removePod: `pi` is the object that was in ni.pods. */
  podRemoved(ni: NodeInfo, pi: PodInfo): void;
  /**
   * The generation was set from outside addPod/removePod/setNodeInfoNode: something about the
   * pods changed in place (a pod marked terminating) — everything derived from them is stale.
   */
  nodeChanged(ni: NodeInfo): void;
  /** setNodeInfoNode: the node object (labels, taints, allocatable) was replaced. */
  nodeReplaced(ni: NodeInfo): void;
}

/**
 * Indexes into a NodeInfo's hot numbers (nodeInfoHot): copies of the numbers Filter and Score
 * read on every node, in one small typed array next to the NodeInfo, so a plugin reading them
 * touches one object instead of the pods array and three Resource objects (and their boxed
 * doubles). Always equal to the fields they copy (written wherever those change, in this file;
 * the node flags come from ni.node, which is replaced — never changed in place — through
 * setNodeInfoNode / snapshotUpdateNode).
 */
export const enum Hot {
  /** pods.length */
  NumPods = 0,
  /** allocatable.allowedPodNumber */
  AllowedPods = 1,
  AllocMilliCPU = 2,
  AllocMemory = 3,
  AllocEphemeralStorage = 4,
  ReqMilliCPU = 5,
  ReqMemory = 6,
  ReqEphemeralStorage = 7,
  NonZeroMilliCPU = 8,
  NonZeroMemory = 9,
  /** 1 when node.spec.unschedulable is truthy, else 0. */
  Unschedulable = 10,
  /** 1 when node.spec.taints is a non-empty array, else 0. */
  HasTaints = 11,
}
const HOT_SIZE = 12;

/**
 * The NodeInfo implementation. `generation` is an accessor so that outside writes (which mean
 * "something changed in place") reach the observer; everything else is a plain field.
 */
class NodeInfoRecord implements NodeInfo {
  /** See Hot. */
  readonly hot = new Float64Array(HOT_SIZE);
  #generation: number;
  #observer: NodeInfoObserver | null = null;
  constructor(
    public node: Node,
    public name: string,
    public labels: Record<string, string>,
    public pods: PodInfo[],
    public podsWithAffinity: PodInfo[],
    public podsWithRequiredAntiAffinity: PodInfo[],
    public usedPorts: HostPortInfo,
    public requested: Resource,
    public nonZeroRequested: Resource,
    public allocatable: Resource,
    public imageStates: Map<string, ImageStateSummary>,
    gen: number,
  ) {
    this.#generation = gen;
    refreshHot(this);
  }
  get generation(): number {
    return this.#generation;
  }
  set generation(v: number) {
    this.#generation = v;
    const o = this.#observer;
    if (o !== null) o.nodeChanged(this);
  }
  /** Sets the generation without telling the observer (the caller tells it what changed). */
  setGenerationQuiet(v: number): void {
    this.#generation = v;
  }
  get observer(): NodeInfoObserver | null {
    return this.#observer;
  }
  set observer(o: NodeInfoObserver | null) {
    this.#observer = o;
  }
}

/** Copies the hot numbers from the fields (see Hot). */
function refreshHot(ni: NodeInfo): void {
  if (!(ni instanceof NodeInfoRecord)) return;
  const h = ni.hot;
  const a = ni.allocatable;
  const r = ni.requested;
  const nz = ni.nonZeroRequested;
  h[Hot.NumPods] = ni.pods.length;
  h[Hot.AllowedPods] = a.allowedPodNumber;
  h[Hot.AllocMilliCPU] = a.milliCPU;
  h[Hot.AllocMemory] = a.memory;
  h[Hot.AllocEphemeralStorage] = a.ephemeralStorage;
  h[Hot.ReqMilliCPU] = r.milliCPU;
  h[Hot.ReqMemory] = r.memory;
  h[Hot.ReqEphemeralStorage] = r.ephemeralStorage;
  h[Hot.NonZeroMilliCPU] = nz.milliCPU;
  h[Hot.NonZeroMemory] = nz.memory;
  const spec = ni.node.spec;
  h[Hot.Unschedulable] = spec?.unschedulable ? 1 : 0;
  const taints = spec?.taints;
  h[Hot.HasTaints] = taints && taints.length > 0 ? 1 : 0;
}

/**
 * The hot numbers of a NodeInfo (indexes: Hot), or null for a NodeInfo not made by
 * newNodeInfo/cloneNodeInfo. Read-only for callers.
 */
export function nodeInfoHot(ni: NodeInfo): Float64Array | null {
  return ni instanceof NodeInfoRecord ? ni.hot : null;
}

function bump(ni: NodeInfo): void {
  if (ni instanceof NodeInfoRecord) ni.setGenerationQuiet(nextGeneration());
  else ni.generation = nextGeneration();
}

/** The observer of a NodeInfo (null for clones and nodes outside a snapshot). */
export function nodeInfoObserver(ni: NodeInfo): NodeInfoObserver | null {
  return ni instanceof NodeInfoRecord ? ni.observer : null;
}

/** Sets (or clears, with null) the observer of a NodeInfo made by newNodeInfo. Returns false for other objects. */
export function setNodeInfoObserver(ni: NodeInfo, o: NodeInfoObserver | null): boolean {
  if (!(ni instanceof NodeInfoRecord)) return false;
  ni.observer = o;
  return true;
}

/**
 * Marks the node as changed in place (what `ni.generation++` did): a new generation, and the
 * observer is told. Use it after changing a PodInfo on the node in place.
 */
export function touchNodeInfo(ni: NodeInfo): void {
  ni.generation = nextGeneration();
}

/** Allocatable of a node: status.allocatable, or status.capacity when allocatable is absent. */
export function nodeAllocatable(node: Node): Resource {
  const st = node.status;
  const list = st?.allocatable && Object.keys(st.allocatable).length > 0 ? st.allocatable : st?.capacity;
  return resourceFromList(list);
}

/** A NodeInfo for the node, without pods. */
export function newNodeInfo(node: Node): NodeInfo {
  return new NodeInfoRecord(
    node,
    node.metadata?.name ?? '',
    node.metadata?.labels ?? {},
    [],
    [],
    [],
    newHostPortInfo(),
    emptyResource(),
    emptyResource(),
    nodeAllocatable(node),
    new Map(),
    nextGeneration(),
  );
}

/** Replaces the node object (labels, taints, allocatable may have changed); pods stay (upstream SetNode). */
export function setNodeInfoNode(ni: NodeInfo, node: Node): void {
  ni.node = node;
  ni.name = node.metadata?.name ?? '';
  ni.labels = node.metadata?.labels ?? {};
  ni.allocatable = nodeAllocatable(node);
  refreshHot(ni);
  bump(ni);
  nodeInfoObserver(ni)?.nodeReplaced(ni);
}

function updateUsage(ni: NodeInfo, pi: PodInfo, sign: 1 | -1): void {
  const r = pi.requests;
  const req = ni.requested;
  req.milliCPU += sign * r.milliCPU;
  req.memory += sign * r.memory;
  req.ephemeralStorage += sign * r.ephemeralStorage;
  if (r.scalar.size > 0) {
    for (const [name, v] of r.scalar) req.scalar.set(name, (req.scalar.get(name) ?? 0) + sign * v);
  }
  ni.nonZeroRequested.milliCPU += sign * pi.nonZeroMilliCPU;
  ni.nonZeroRequested.memory += sign * pi.nonZeroMemory;
  for (const p of podHostPorts(pi.pod)) {
    if (sign > 0) hostPortAdd(ni.usedPorts, p.hostIP, p.protocol, p.hostPort ?? 0);
    else hostPortRemove(ni.usedPorts, p.hostIP, p.protocol, p.hostPort ?? 0);
  }
  refreshHot(ni);
  bump(ni);
}

/** Adds a pod to the node (upstream AddPodInfo). */
export function addPod(ni: NodeInfo, pi: PodInfo): void {
  ni.pods.push(pi);
  if (podHasAffinity(pi.pod)) ni.podsWithAffinity.push(pi);
  if (podHasRequiredAntiAffinity(pi.pod)) ni.podsWithRequiredAntiAffinity.push(pi);
  updateUsage(ni, pi, 1);
  nodeInfoObserver(ni)?.podAdded(ni, pi);
}

const sameP = (a: PodInfo, b: PodInfo): boolean => a === b || (a.uid !== '' && a.uid === b.uid);

/** Removes by swapping the last element in, as upstream's removeFromSlice. */
function removeFromList(list: PodInfo[], pi: PodInfo): PodInfo | null {
  for (let i = 0; i < list.length; i++) {
    if (sameP(list[i], pi)) {
      const removed = list[i];
      list[i] = list[list.length - 1];
      list.pop();
      return removed;
    }
  }
  return null;
}

/** Removes a pod (matched by uid) from the node (upstream RemovePod). Returns false if it was not there. */
export function removePod(ni: NodeInfo, pi: PodInfo): boolean {
  if (podHasAffinity(pi.pod)) removeFromList(ni.podsWithAffinity, pi);
  if (podHasRequiredAntiAffinity(pi.pod)) removeFromList(ni.podsWithRequiredAntiAffinity, pi);
  const removed = removeFromList(ni.pods, pi);
  if (!removed) return false;
  updateUsage(ni, removed, -1);
  nodeInfoObserver(ni)?.podRemoved(ni, removed);
  return true;
}

/** A copy that can be changed without touching the original (upstream NodeInfo.Snapshot()); not observed. */
export function cloneNodeInfo(ni: NodeInfo): NodeInfo {
  const images = new Map<string, ImageStateSummary>();
  for (const [k, v] of ni.imageStates) images.set(k, { size: v.size, numNodes: v.numNodes });
  return new NodeInfoRecord(
    ni.node,
    ni.name,
    ni.labels,
    ni.pods.slice(),
    ni.podsWithAffinity.slice(),
    ni.podsWithRequiredAntiAffinity.slice(),
    cloneHostPortInfo(ni.usedPorts),
    cloneResource(ni.requested),
    cloneResource(ni.nonZeroRequested),
    cloneResource(ni.allocatable),
    images,
    ni.generation,
  );
}
