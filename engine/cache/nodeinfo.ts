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

/** 2^30: the split of large integers into two small ones (hi * SPLIT + lo). */
export const SPLIT = 1073741824;
/** NodeFastFields.fFlags: node.spec.unschedulable is truthy. */
export const FILTER_UNSCHEDULABLE = 1;
/** NodeFastFields.fFlags: node.spec.taints is a non-empty array. */
export const FILTER_HAS_TAINTS = 2;
/** NodeFastFields.fFlags: the f* numbers are exact (else read the Resource fields). */
export const FILTER_EXACT = 4;
/** NodeFastFields.fFlags: the s* numbers are exact (else read the Resource fields). */
export const SCORE_EXACT = 8;

/**
 * What the per-node Filter and Score checks of the resource, taint and unschedulable plugins
 * read, as small integers (V8 Smis) in the NodeInfo object itself (nodeFastFields): reading them
 * touches no other object (the pods array, three Resource objects and their boxed doubles).
 * Large integers are split in two: x = xHi * SPLIT + xLo. Kept equal to what they are derived
 * from wherever that changes (in this file); ni.node is replaced, never changed in place
 * (setNodeInfoNode / snapshotUpdateNode).
 */
export interface NodeFastFields {
  /** Bits: FILTER_UNSCHEDULABLE, FILTER_HAS_TAINTS, FILTER_EXACT, SCORE_EXACT. */
  readonly fFlags: number;
  /** allocatable.allowedPodNumber - pods.length */
  readonly fPodsLeft: number;
  /** allocatable.milliCPU - requested.milliCPU */
  readonly fCpuFree: number;
  /** allocatable.memory - requested.memory */
  readonly fMemFreeHi: number;
  readonly fMemFreeLo: number;
  /** allocatable.ephemeralStorage - requested.ephemeralStorage */
  readonly fEphFreeHi: number;
  readonly fEphFreeLo: number;
  /** allocatable.milliCPU, requested.milliCPU, nonZeroRequested.milliCPU */
  readonly sAllocCpu: number;
  readonly sReqCpu: number;
  readonly sNzCpu: number;
  /** allocatable.memory, requested.memory, nonZeroRequested.memory */
  readonly sAllocMemHi: number;
  readonly sAllocMemLo: number;
  readonly sReqMemHi: number;
  readonly sReqMemLo: number;
  readonly sNzMemHi: number;
  readonly sNzMemLo: number;
}

/**
 * The NodeInfo implementation. `generation` is an accessor so that outside writes (which mean
 * "something changed in place") reach the observer; everything else is a plain field. The
 * NodeFastFields come first (the ones every Filter pass reads first), to share the object's
 * first cache line with its header; they only ever hold small integers (Smi).
 */
class NodeInfoRecord implements NodeInfo, NodeFastFields {
  fFlags = 0;
  fPodsLeft = 0;
  fCpuFree = 0;
  fMemFreeHi = 0;
  fMemFreeLo = 0;
  /** nodeLabel's memo: the last key asked for and its value (labels are replaced, never changed in place). */
  lKey: string | null = null;
  lVal: string | undefined = undefined;
  fEphFreeHi = 0;
  fEphFreeLo = 0;
  sAllocCpu = 0;
  sReqCpu = 0;
  sNzCpu = 0;
  sAllocMemHi = 0;
  sAllocMemLo = 0;
  sReqMemHi = 0;
  sReqMemLo = 0;
  sNzMemHi = 0;
  sNzMemLo = 0;
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
    refreshFast(this);
    refreshNodeFlags(this);
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

const isInt32 = (x: number): boolean => (x | 0) === x;
/** x splits exactly into two Smis (hi * SPLIT + lo). */
const splits = (x: number): boolean => Number.isSafeInteger(x);
// `| 0` below is exact (every value is a 32-bit integer there) and keeps the fields Smis, stored
// in the object itself; a double would be boxed in a separate heap object.
const hiOf = (x: number): number => Math.floor(x / SPLIT) | 0;
const loOf = (x: number): number => (x - Math.floor(x / SPLIT) * SPLIT) | 0;

/** Recomputes the numbers of NodeFastFields from the Resource fields and the pods. */
function refreshFast(ni: NodeInfo): void {
  if (!(ni instanceof NodeInfoRecord)) return;
  const a = ni.allocatable;
  const r = ni.requested;
  const nz = ni.nonZeroRequested;
  let flags = ni.fFlags & (FILTER_UNSCHEDULABLE | FILTER_HAS_TAINTS);

  const podsLeft = a.allowedPodNumber - ni.pods.length;
  const cpuFree = a.milliCPU - r.milliCPU;
  const memFree = a.memory - r.memory;
  const ephFree = a.ephemeralStorage - r.ephemeralStorage;
  if (
    Number.isSafeInteger(a.allowedPodNumber) &&
    isInt32(podsLeft) &&
    isInt32(cpuFree) &&
    splits(memFree) &&
    splits(ephFree)
  ) {
    ni.fPodsLeft = podsLeft | 0;
    ni.fCpuFree = cpuFree | 0;
    ni.fMemFreeHi = hiOf(memFree);
    ni.fMemFreeLo = loOf(memFree);
    ni.fEphFreeHi = hiOf(ephFree);
    ni.fEphFreeLo = loOf(ephFree);
    flags |= FILTER_EXACT;
  } else {
    ni.fPodsLeft = 0;
    ni.fCpuFree = 0;
    ni.fMemFreeHi = 0;
    ni.fMemFreeLo = 0;
    ni.fEphFreeHi = 0;
    ni.fEphFreeLo = 0;
  }

  if (isInt32(a.milliCPU) && isInt32(r.milliCPU) && isInt32(nz.milliCPU) && splits(a.memory) && splits(r.memory) && splits(nz.memory)) {
    ni.sAllocCpu = a.milliCPU | 0;
    ni.sReqCpu = r.milliCPU | 0;
    ni.sNzCpu = nz.milliCPU | 0;
    ni.sAllocMemHi = hiOf(a.memory);
    ni.sAllocMemLo = loOf(a.memory);
    ni.sReqMemHi = hiOf(r.memory);
    ni.sReqMemLo = loOf(r.memory);
    ni.sNzMemHi = hiOf(nz.memory);
    ni.sNzMemLo = loOf(nz.memory);
    flags |= SCORE_EXACT;
  } else {
    ni.sAllocCpu = 0;
    ni.sReqCpu = 0;
    ni.sNzCpu = 0;
    ni.sAllocMemHi = 0;
    ni.sAllocMemLo = 0;
    ni.sReqMemHi = 0;
    ni.sReqMemLo = 0;
    ni.sNzMemHi = 0;
    ni.sNzMemLo = 0;
  }
  ni.fFlags = flags;
}

/** Copies the node flags from ni.node (see NodeFastFields). */
function refreshNodeFlags(ni: NodeInfo): void {
  if (!(ni instanceof NodeInfoRecord)) return;
  const spec = ni.node.spec;
  const taints = spec?.taints;
  ni.fFlags =
    (ni.fFlags & (FILTER_EXACT | SCORE_EXACT)) |
    (spec?.unschedulable ? FILTER_UNSCHEDULABLE : 0) |
    (taints && taints.length > 0 ? FILTER_HAS_TAINTS : 0);
}

/**
 * ni.labels[key] when it is a string, else undefined (Go's map lookup "ok"); remembers the last
 * key asked for per node, so that a Filter asking every node for the same topology key reads no
 * labels object.
 */
export function nodeLabel(ni: NodeInfo, key: string): string | undefined {
  if (ni instanceof NodeInfoRecord) {
    if (ni.lKey === key) return ni.lVal;
    const v = ni.labels[key];
    const r = typeof v === 'string' ? v : undefined;
    ni.lKey = key;
    ni.lVal = r;
    return r;
  }
  const v = ni.labels[key];
  return typeof v === 'string' ? v : undefined;
}

/** The NodeFastFields of a NodeInfo, or null for one not made by newNodeInfo/cloneNodeInfo. */
export function nodeFastFields(ni: NodeInfo): NodeFastFields | null {
  return ni instanceof NodeInfoRecord ? ni : null;
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
  if (ni instanceof NodeInfoRecord) ni.lKey = null;
  ni.allocatable = nodeAllocatable(node);
  refreshFast(ni);
  refreshNodeFlags(ni);
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
  refreshFast(ni);
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
