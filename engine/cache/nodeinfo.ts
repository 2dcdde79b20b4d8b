// NodeInfo: what the scheduler knows of one node (upstream pkg/scheduler/framework NodeInfo):
// the pods on it and their aggregated requests, host ports and affinity subsets.
//
// Image states are filled in by the snapshot (engine/cache/snapshot.ts), which owns the
// cluster-wide image bookkeeping.

import type { Node } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo, Resource } from '../framework/types';
import { podHasAffinity, podHasRequiredAntiAffinity, podHostPorts } from '../api/podinfo';
import { cloneResource, emptyResource, resourceFromList } from '../api/resources';
import { cloneHostPortInfo, hostPortAdd, hostPortRemove, newHostPortInfo } from './hostports';

let generation = 0;
/** A new, globally increasing generation number (upstream nextGeneration). */
export const nextGeneration = (): number => ++generation;

/** Allocatable of a node: status.allocatable, or status.capacity when allocatable is absent. */
export function nodeAllocatable(node: Node): Resource {
  const st = node.status;
  const list = st?.allocatable && Object.keys(st.allocatable).length > 0 ? st.allocatable : st?.capacity;
  return resourceFromList(list);
}

/** A NodeInfo for the node, without pods. */
export function newNodeInfo(node: Node): NodeInfo {
  return {
    node,
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    pods: [],
    podsWithAffinity: [],
    podsWithRequiredAntiAffinity: [],
    usedPorts: newHostPortInfo(),
    requested: emptyResource(),
    nonZeroRequested: emptyResource(),
    allocatable: nodeAllocatable(node),
    imageStates: new Map(),
    generation: nextGeneration(),
  };
}

/** Replaces the node object (labels, taints, allocatable may have changed); pods stay (upstream SetNode). */
export function setNodeInfoNode(ni: NodeInfo, node: Node): void {
  ni.node = node;
  ni.name = node.metadata?.name ?? '';
  ni.labels = node.metadata?.labels ?? {};
  ni.allocatable = nodeAllocatable(node);
  ni.generation = nextGeneration();
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
  ni.generation = nextGeneration();
}

/** Adds a pod to the node (upstream AddPodInfo). */
export function addPod(ni: NodeInfo, pi: PodInfo): void {
  ni.pods.push(pi);
  if (podHasAffinity(pi.pod)) ni.podsWithAffinity.push(pi);
  if (podHasRequiredAntiAffinity(pi.pod)) ni.podsWithRequiredAntiAffinity.push(pi);
  updateUsage(ni, pi, 1);
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
  return true;
}

/** A copy that can be changed without touching the original (upstream NodeInfo.Snapshot()). */
export function cloneNodeInfo(ni: NodeInfo): NodeInfo {
  return {
    node: ni.node,
    name: ni.name,
    labels: ni.labels,
    pods: ni.pods.slice(),
    podsWithAffinity: ni.podsWithAffinity.slice(),
    podsWithRequiredAntiAffinity: ni.podsWithRequiredAntiAffinity.slice(),
    usedPorts: cloneHostPortInfo(ni.usedPorts),
    requested: cloneResource(ni.requested),
    nonZeroRequested: cloneResource(ni.nonZeroRequested),
    allocatable: cloneResource(ni.allocatable),
    imageStates: new Map([...ni.imageStates].map(([k, v]) => [k, { size: v.size, numNodes: v.numNodes }])),
    generation: ni.generation,
  };
}
