// NodeResourcesFit (upstream pkg/scheduler/framework/plugins/noderesources/fit.go): Filter checks
// that the node has room for the pod's requests; Score applies the configured scoring strategy
// (LeastAllocated by default).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { FILTER_EXACT, newNodeInfo, nodeFastFields, SPLIT } from '../../cache/nodeinfo';
import { newPodInfo } from '../../api/podinfo';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type Resource,
  type ScorePlugin,
} from '../../framework/types';
import { fitArgs, type NodeResourcesFitArgs } from './args';
import {
  leastResourceScorer,
  mostResourceScorer,
  requestedToCapacityRatioScorer,
  ResourceAllocationScorer,
  type Scorer,
} from './resource_allocation';
import { isExtendedResourceName, isScalarResourceName } from './resource_names';
import { samePod } from '../helper/pod';

export const FitName = 'NodeResourcesFit';
const preFilterStateKey = 'PreFilter' + FitName;
const preScoreStateKey = 'PreScore' + FitName;

/** One resource the node lacks for the pod (upstream InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The pod's request exceeds the node's allocatable: preemption cannot help on this node. */
  unresolvable: boolean;
}

/**
 * Upstream's fitsRequest: what the node lacks for a pod with the given requests. `ignored` and
 * `ignoredGroups` apply to extended resources only.
 */
export function fitsRequest(
  podRequest: Resource,
  nodeInfo: NodeInfo,
  ignored: ReadonlySet<string> | null,
  ignoredGroups: ReadonlySet<string> | null,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: alloc.allowedPodNumber,
      unresolvable: false,
    });
  }
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({
      resourceName: 'cpu',
      reason: 'Insufficient cpu',
      requested: podRequest.milliCPU,
      used: used.milliCPU,
      capacity: alloc.milliCPU,
      unresolvable: podRequest.milliCPU > alloc.milliCPU,
    });
  }
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) {
    out.push({
      resourceName: 'memory',
      reason: 'Insufficient memory',
      requested: podRequest.memory,
      used: used.memory,
      capacity: alloc.memory,
      unresolvable: podRequest.memory > alloc.memory,
    });
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: podRequest.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: podRequest.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  for (const [name, quant] of podRequest.scalar) {
    if (quant === 0) continue;
    if (isIgnored(name, ignored, ignoredGroups)) continue;
    const a = alloc.scalar.get(name) ?? 0;
    const u = used.scalar.get(name) ?? 0;
    if (quant > a - u) {
      out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: quant, used: u, capacity: a, unresolvable: quant > a });
    }
  }
  return out;
}

function isIgnored(name: string, ignored: ReadonlySet<string> | null, ignoredGroups: ReadonlySet<string> | null): boolean {
  if (!isExtendedResourceName(name)) return false;
  if (ignored !== null && ignored.has(name)) return true;
  if (ignoredGroups !== null && ignoredGroups.size > 0) {
    const slash = name.indexOf('/');
    if (ignoredGroups.has(slash < 0 ? name : name.slice(0, slash))) return true;
  }
  return false;
}

/** Upstream's Fits(pod, nodeInfo) (no ignored resources). */
export function fits(pod: PodInfo, nodeInfo: NodeInfo): InsufficientResource[] {
  return fitsRequest(pod.requests, nodeInfo, null, null);
}

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = FitName;
  readonly args: NodeResourcesFitArgs;
  private readonly ignored: Set<string>;
  private readonly ignoredGroups: Set<string>;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs, _handle?: Handle) {
    this.args = args;
    this.ignored = new Set(args.ignoredResources);
    this.ignoredGroups = new Set(args.ignoredResourceGroups);
    const ss = args.scoringStrategy;
    let fn: Scorer;
    switch (ss.type) {
      case 'MostAllocated':
        fn = mostResourceScorer(ss.resources);
        break;
      case 'RequestedToCapacityRatio':
        fn = requestedToCapacityRatioScorer(ss.resources, ss.requestedToCapacityRatio?.shape ?? []);
        break;
      default:
        fn = leastResourceScorer(ss.resources);
    }
    this.scorer = new ResourceAllocationScorer(ss.resources, fn, false);
  }

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    // SidecarContainers is GA (locked on): upstream's rejection of restartable init containers
    // when the gate is off never fires.
    state.write(preFilterStateKey, pi.requests);
    return { result: null, status: null };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, _pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const req = state.read<Resource>(preFilterStateKey);
    if (req === undefined) {
      return Status.error(`error reading "${preFilterStateKey}" from cycleState: not found`);
    }
    // Fast path without allocation for the common case where everything fits.
    if (!this.anyInsufficient(req, nodeInfo)) return null;
    const insufficient = fitsRequest(req, nodeInfo, this.ignored, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    let unresolvable = false;
    const reasons = new Array<string>(insufficient.length);
    for (let i = 0; i < insufficient.length; i++) {
      reasons[i] = insufficient[i].reason;
      if (insufficient[i].unresolvable) unresolvable = true;
    }
    return unresolvable ? Status.unresolvable(...reasons) : Status.unschedulable(...reasons);
  }

  /** Allocation-free pre-check: could fitsRequest report anything? */
  private anyInsufficient(req: Resource, ni: NodeInfo): boolean {
    const f = nodeFastFields(ni);
    if (f !== null && (f.fFlags & FILTER_EXACT) !== 0) {
      // The same comparisons on the differences the NodeInfo keeps in itself (no other object
      // to read): pods.length + 1 > allowed <=> allowed - pods.length < 1 for integers.
      if (f.fPodsLeft < 1) return true;
      if (req.milliCPU > 0 && req.milliCPU > f.fCpuFree) return true;
      if (req.memory > 0 && req.memory > f.fMemFreeHi * SPLIT + f.fMemFreeLo) return true;
      if (req.ephemeralStorage > 0 && req.ephemeralStorage > f.fEphFreeHi * SPLIT + f.fEphFreeLo) return true;
      if (req.scalar.size === 0) return false;
    }
    const alloc = ni.allocatable;
    const used = ni.requested;
    if (ni.pods.length + 1 > alloc.allowedPodNumber) return true;
    if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) return true;
    if (req.memory > 0 && req.memory > alloc.memory - used.memory) return true;
    if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return true;
    if (req.scalar.size > 0) {
      for (const [name, q] of req.scalar) {
        if (q === 0) continue;
        if (q > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) return true;
      }
    }
    return false;
  }

  preScore(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): Status | null {
    state.write(preScoreStateKey, this.scorer.podRequests(pi));
    return null;
  }

  score(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): number {
    const podRequests = state.read<number[]>(preScoreStateKey) ?? this.scorer.podRequests(pi);
    return this.scorer.score(nodeInfo, podRequests);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    // InPlacePodVerticalScaling and SchedulingQueueHint are on in v1.35.
    const podHint = (pod: Pod, o: unknown, n: unknown) => isSchedulableAfterPodEvent(pod, o, n);
    const nodeHint = (pod: Pod, o: unknown, n: unknown) => isSchedulableAfterNodeChange(pod, o, n);
    return [
      { event: { resource: 'Pod', action: 'Delete' }, hint: podHint },
      { event: { resource: 'Pod', action: 'UpdatePodScaleDown' }, hint: podHint },
      { event: { resource: 'Node', action: 'Add' }, hint: nodeHint },
      { event: { resource: 'Node', action: 'UpdateNodeAllocatable' }, hint: nodeHint },
    ];
  }
}

// ---- queueing hints ------------------------------------------------------------------------

function isSchedulableAfterPodEvent(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = oldObj as Pod | null | undefined;
  const modified = newObj as Pod | null | undefined;
  if (modified == null) {
    if (original == null) return QueueingHint.Queue;
    // Deleting a pod that was neither bound nor nominated frees nothing.
    if (!original.spec?.nodeName && !original.status?.nominatedNodeName) return QueueingHint.Skip;
    return QueueingHint.Queue;
  }
  if (original == null) return QueueingHint.Queue;
  return isSchedulableAfterPodScaleDown(pod, original, modified) ? QueueingHint.Queue : QueueingHint.Skip;
}

function resourceOf(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    default:
      return r.scalar.get(name) ?? 0;
  }
}

function requestedNames(r: Resource): string[] {
  const names: string[] = [];
  if (r.milliCPU !== 0) names.push('cpu');
  if (r.memory !== 0) names.push('memory');
  if (r.ephemeralStorage !== 0) names.push('ephemeral-storage');
  for (const [n, q] of r.scalar) if (q !== 0) names.push(n);
  return names;
}

function isSchedulableAfterPodScaleDown(target: Pod, original: Pod, modified: Pod): boolean {
  if (samePod(modified, target)) return true;
  if (!modified.spec?.nodeName) return false;
  const o = newPodInfo(original).requests;
  const m = newPodInfo(modified).requests;
  const t = newPodInfo(target).requests;
  for (const name of requestedNames(t)) {
    if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && !isScalarResourceName(name)) continue;
    if (resourceOf(o, name) > resourceOf(m, name)) return true;
  }
  return false;
}

function isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = oldObj as Node | null | undefined;
  const modified = newObj as Node | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  const pi = newPodInfo(pod);
  // The pod does not fit the modified node even when it is empty.
  if (fits(pi, newNodeInfo(modified)).length !== 0) return QueueingHint.Skip;
  if (original == null) return QueueingHint.Queue;
  return haveAnyRequestedResourcesIncreased(pi, newNodeInfo(original), newNodeInfo(modified))
    ? QueueingHint.Queue
    : QueueingHint.Skip;
}

function haveAnyRequestedResourcesIncreased(pi: PodInfo, original: NodeInfo, modified: NodeInfo): boolean {
  const req = pi.requests;
  const o = original.allocatable;
  const m = modified.allocatable;
  if (m.allowedPodNumber > o.allowedPodNumber) return true;
  if (req.milliCPU > 0 && m.milliCPU > o.milliCPU) return true;
  if (req.memory > 0 && m.memory > o.memory) return true;
  if (req.ephemeralStorage > 0 && m.ephemeralStorage > o.ephemeralStorage) return true;
  for (const [name, q] of req.scalar) {
    if (q === 0) continue;
    if ((m.scalar.get(name) ?? 0) > (o.scalar.get(name) ?? 0)) return true;
  }
  return false;
}

export const fitFactory: PluginFactory = (args, handle) => new Fit(fitArgs(args), handle);
