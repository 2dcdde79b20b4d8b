// NodeName (upstream pkg/scheduler/framework/plugins/nodename): a pod that names a node in
// .spec.nodeName fits only that node.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
} from '../../framework/types';

export const Name = 'NodeName';
export const ErrReason = "node(s) didn't match the requested node name";

/** Upstream's Fits: true when the pod names no node or names this one. */
export function fits(pod: Pod, nodeName: string): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === nodeName;
}

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = Name;

  filter(_state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (fits(pi.pod, nodeInfo.name)) return null;
    return Status.unresolvable(ErrReason);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', action: 'Add' }, hint: isSchedulableAfterNodeAdd }];
  }
}

function isSchedulableAfterNodeAdd(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const node = newObj as Node | null | undefined;
  return fits(pod, node?.metadata?.name ?? '') ? QueueingHint.Queue : QueueingHint.Skip;
}

export const factory: PluginFactory = () => new NodeName();
