// DynamicResources (upstream pkg/scheduler/framework/plugins/dynamicresources; DRA is GA and in
// the default profile since v1.34). Faithful for pods without resource claims, which is what the
// engine models so far:
// - PreEnqueue: a pod whose claims do not exist yet waits (UnschedulableAndUnresolvable).
// - PreFilter: records an empty state and returns Skip when the pod has no claims.
// - PostFilter: with no claims, returns Unschedulable "no new claims to deallocate". As it runs
//   before DefaultPreemption, every FitError message of the default profile reads
//   "... no new claims to deallocate, preemption: ...".
// ResourceClaims, ResourceSlices and DeviceClasses are not modeled: every claim lookup fails.

import type { Pod, PodResourceClaim } from 'kubernetes-types/core/v1';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type NodeToStatus,
  type PluginFactory,
  type PodInfo,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type ReservePlugin,
} from '../../framework/types';
import { samePod } from '../helper/pod';

export const Name = 'DynamicResources';
const stateKey = Name;

interface StateData {
  /** The pod's claims (always empty while claims are not modeled). */
  claims: unknown[];
}

/** k8s.io/dynamic-resource-allocation/resourceclaim.Name: the claim's name, null to skip, or an error. */
export function claimName(pod: Pod, podClaim: PodResourceClaim): { name: string | null; error?: string } {
  const ns = pod.metadata?.namespace ?? 'default';
  const podName = pod.metadata?.name ?? '';
  const c = podClaim as PodResourceClaim & { resourceClaimName?: string; resourceClaimTemplateName?: string };
  if (c.resourceClaimName != null) return { name: c.resourceClaimName };
  if (c.resourceClaimTemplateName != null) {
    for (const st of pod.status?.resourceClaimStatuses ?? []) {
      if (st.name === podClaim.name) return { name: st.resourceClaimName ?? null };
    }
    return { name: null, error: `pod "${ns}/${podName}": ResourceClaim not created yet` };
  }
  return { name: null, error: `pod "${ns}/${podName}", spec.resourceClaim "${podClaim.name}": none of the supported fields are set` };
}

/**
 * Upstream's foreachPodResourceClaim without a callback: the first reason why the pod's claims
 * cannot be used, or null. No ResourceClaim exists in the engine, so any named claim is missing.
 */
export function podClaimsProblem(pod: Pod): string | null {
  const ns = pod.metadata?.namespace ?? 'default';
  for (const rc of pod.spec?.resourceClaims ?? []) {
    const { name, error } = claimName(pod, rc);
    if (error !== undefined) return error;
    if (name === null) continue;
    return `could not find ResourceClaim "${ns}/${name}"`;
  }
  return null;
}

export class DynamicResources
  implements PreEnqueuePlugin, PreFilterPlugin, FilterPlugin, PostFilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions
{
  readonly name = Name;

  preEnqueue(pi: PodInfo): Status | null {
    const problem = podClaimsProblem(pi.pod);
    return problem === null ? null : Status.unresolvable(problem);
  }

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    // An empty state records "no claims" for the later extension points.
    state.write(stateKey, { claims: [] } satisfies StateData);
    const problem = podClaimsProblem(pi.pod);
    if (problem !== null) return { result: null, status: Status.unresolvable(problem) };
    // No claims: DynamicResources Filter has nothing to do with the pod.
    return { result: null, status: Status.skip() };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, _pi: PodInfo, _nodeInfo: NodeInfo): Status | null {
    const s = state.read<StateData>(stateKey);
    if (s === undefined) return Status.error(`reading "${stateKey}" from cycleState: not found`);
    return null;
  }

  postFilter(state: CycleState, _pi: PodInfo, _m: NodeToStatus): { result: PostFilterResult | null; status: Status | null } {
    const s = state.read<StateData>(stateKey);
    if (s === undefined) return { result: null, status: Status.error(`reading "${stateKey}" from cycleState: not found`) };
    // No claims attached: nothing could be deallocated to help.
    if (s.claims.length === 0) return { result: null, status: Status.unschedulable('no new claims to deallocate') };
    return { result: null, status: Status.unschedulable('still not schedulable') };
  }

  reserve(_state: CycleState, _pi: PodInfo, _nodeName: string): Status | null {
    return null;
  }

  unreserve(): void {}

  preBind(_state: CycleState, _pi: PodInfo, _nodeName: string): Status | null {
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Claims may depend on node labels (topology) and allocatable.
      { event: { resource: 'Node', action: 'Add' } },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' } },
      { event: { resource: 'Node', action: 'UpdateNodeAllocatable' } },
      // Allocation is tracked in ResourceClaims.
      { event: { resource: 'ResourceClaim', action: 'Add' }, hint: isSchedulableAfterClaimChange },
      { event: { resource: 'ResourceClaim', action: 'Update' }, hint: isSchedulableAfterClaimChange },
      // The claim name of a generated claim is added to the pod status.
      { event: { resource: 'Pod', action: 'UpdatePodGeneratedResourceClaim' }, hint: isSchedulableAfterPodChange },
      // A DeviceClass may get created or modified. (Upstream also registers ResourceSlice
      // Add|Update, which the engine's event resources do not have.)
      { event: { resource: 'DeviceClass', action: 'Add' } },
      { event: { resource: 'DeviceClass', action: 'Update' } },
    ];
  }
}

function isSchedulableAfterClaimChange(pod: Pod): QueueingHint {
  // Claims are not modeled: a pod still unable to find its claims is not helped.
  return podClaimsProblem(pod) === null ? QueueingHint.Queue : QueueingHint.Skip;
}

function isSchedulableAfterPodChange(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const modified = newObj as Pod | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  if (!samePod(modified, pod)) return QueueingHint.Skip;
  return podClaimsProblem(modified) === null ? QueueingHint.Queue : QueueingHint.Skip;
}

export const factory: PluginFactory = () => new DynamicResources();
