// NodeUnschedulable (upstream pkg/scheduler/framework/plugins/nodeunschedulable): filters out
// nodes with spec.unschedulable=true (cordoned) unless the pod tolerates the
// node.kubernetes.io/unschedulable:NoSchedule taint.

import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { tolerationsTolerateTaint } from '../../api/tolerations';
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
import { FILTER_UNSCHEDULABLE, nodeFastFields } from '../../cache/nodeinfo';
import { samePod } from '../helper/pod';

export const Name = 'NodeUnschedulable';
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';

const unschedulableTaint: Taint = Object.freeze({ key: TaintNodeUnschedulable, effect: 'NoSchedule' }) as Taint;

/** Whether the pod tolerates node.kubernetes.io/unschedulable:NoSchedule (and so cordoned nodes). */
export function podToleratesUnschedulable(pod: Pod): boolean {
  return tolerationsTolerateTaint(pod.spec?.tolerations, unschedulableTaint);
}

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = Name;

  filter(_state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const f = nodeFastFields(nodeInfo);
    if (f !== null ? (f.fFlags & FILTER_UNSCHEDULABLE) === 0 : !nodeInfo.node.spec?.unschedulable) return null;
    if (podToleratesUnschedulable(pi.pod)) return null;
    return Status.unresolvable(ErrReasonUnschedulable);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Node', action: 'Add' }, hint: isSchedulableAfterNodeChange },
      { event: { resource: 'Node', action: 'UpdateNodeTaint' }, hint: isSchedulableAfterNodeChange },
      { event: { resource: 'Pod', action: 'UpdatePodToleration' }, hint: isSchedulableAfterPodTolerationChange },
    ];
  }
}

function isSchedulableAfterNodeChange(_pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = oldObj as Node | null | undefined;
  const modified = newObj as Node | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  // Queue when a node became schedulable, or a schedulable node was added.
  if (original != null && original.spec?.unschedulable && !modified.spec?.unschedulable) return QueueingHint.Queue;
  if (original == null && !modified.spec?.unschedulable) return QueueingHint.Queue;
  return QueueingHint.Skip;
}

function isSchedulableAfterPodTolerationChange(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const modified = newObj as Pod | null | undefined;
  if (modified == null) return QueueingHint.Queue;
  if (samePod(modified, pod) && podToleratesUnschedulable(modified)) return QueueingHint.Queue;
  return QueueingHint.Skip;
}

export const factory: PluginFactory = () => new NodeUnschedulable();
