// NodeResourcesBalancedAllocation (upstream balanced_allocation.go): favors nodes whose
// requested/allocatable fractions of the configured resources (cpu and memory by default) are
// close to each other after placing the pod. Uses the plain requests (not the non-zero defaults)
// of the node's pods plus the incoming pod; skipped for pods that request none of the resources.

import {
  Status,
  type CycleState,
  type Handle,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/types';
import { balancedAllocationArgs, type NodeResourcesBalancedAllocationArgs } from './args';
import { balancedResourceScorer, ResourceAllocationScorer } from './resource_allocation';

export const BalancedAllocationName = 'NodeResourcesBalancedAllocation';
const preScoreStateKey = 'PreScore' + BalancedAllocationName;

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = BalancedAllocationName;
  readonly scorer: ResourceAllocationScorer;

  constructor(
    readonly args: NodeResourcesBalancedAllocationArgs,
    _handle?: Handle,
  ) {
    this.scorer = new ResourceAllocationScorer(args.resources, balancedResourceScorer, true);
  }

  preScore(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): Status | null {
    const podRequests = this.scorer.podRequests(pi);
    // Best-effort pods are not scored, so that they do not all pile onto one node
    // (kubernetes/kubernetes#129138).
    if (ResourceAllocationScorer.isBestEffort(podRequests)) return Status.skip();
    state.write(preScoreStateKey, podRequests);
    return null;
  }

  score(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): number {
    let podRequests = state.read<number[]>(preScoreStateKey);
    if (podRequests === undefined) {
      podRequests = this.scorer.podRequests(pi);
      if (ResourceAllocationScorer.isBestEffort(podRequests)) return 0;
    }
    return this.scorer.score(nodeInfo, podRequests);
  }
}

export const balancedAllocationFactory: PluginFactory = (args, handle) =>
  new BalancedAllocation(balancedAllocationArgs(args), handle);
