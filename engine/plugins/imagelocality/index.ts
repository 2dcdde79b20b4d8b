// ImageLocality (upstream pkg/scheduler/framework/plugins/imagelocality): favors nodes that
// already have the pod's images (init containers included), scaled by how widely each image has
// spread over the cluster, between the 23MB floor and 1000MB per container.

import {
  MAX_NODE_SCORE,
  type CycleState,
  type Handle,
  type ImageStateSummary,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type ScorePlugin,
} from '../../framework/types';
import { ClusterSnapshot } from '../../cache/snapshot';

export const Name = 'ImageLocality';

const mb = 1024 * 1024;
export const minThreshold = 23 * mb;
export const maxContainerThreshold = 1000 * mb;

/** Upstream's normalizedImageName: appends ":latest" when the name has no tag. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return name + ':latest';
  return name;
}

/** The image size scaled by the fraction of nodes that have it (truncated as int64). */
export function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  const spread = state.numNodes / totalNumNodes;
  return Math.trunc(state.size * spread);
}

/** Upstream's calculatePriority: the clamped sum mapped onto 0..MaxNodeScore. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  if (sumScores < minThreshold) sumScores = minThreshold;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sumScores - minThreshold)) / (maxThreshold - minThreshold));
}

/** Normalized image names of the pod's init containers and containers, computed once per pod object. */
const imageNamesCache = new WeakMap<object, string[]>();
function podImageNames(pi: PodInfo): string[] {
  let names = imageNamesCache.get(pi.pod);
  if (names === undefined) {
    names = [];
    const spec = pi.pod.spec;
    for (const c of spec?.initContainers ?? []) names.push(normalizedImageName(c.image ?? ''));
    for (const c of spec?.containers ?? []) names.push(normalizedImageName(c.image ?? ''));
    imageNamesCache.set(pi.pod, names);
  }
  return names;
}

/** Upstream's sumImageScores over init containers and containers. */
export function sumImageScores(nodeInfo: NodeInfo, pi: PodInfo, totalNumNodes: number): number {
  const names = podImageNames(pi);
  let sum = 0;
  for (let i = 0; i < names.length; i++) {
    const state = nodeInfo.imageStates.get(names[i]);
    if (state !== undefined) sum += scaledImageScore(state, totalNumNodes);
  }
  return sum;
}

export class ImageLocality implements ScorePlugin {
  readonly name = Name;
  // The image names of the last pod scored (Score runs for many nodes with the same pod).
  private lastPod: object | null = null;
  private lastNames: string[] = [];
  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): number {
    const snap = this.handle.snapshot();
    const totalNumNodes = snap.nodeInfoList.length;
    if (pi.pod !== this.lastPod) {
      this.lastNames = podImageNames(pi);
      this.lastPod = pi.pod;
    }
    // One entry per init container and container.
    const numContainers = this.lastNames.length;
    // No node of the cluster reports any image: every sum is 0 (without reading the node).
    if (snap instanceof ClusterSnapshot && snap.images.size === 0) return calculatePriority(0, numContainers);
    return calculatePriority(sumImageScores(nodeInfo, pi, totalNumNodes), numContainers);
  }
}

export const factory: PluginFactory = (_args, handle) => new ImageLocality(handle);
