// PrioritySort (upstream pkg/scheduler/framework/plugins/queuesort/priority_sort.go): the
// default QueueSort plugin. Higher priority first; among equal priorities the pod that entered
// the queue earlier. `seq` (order of arrival) is our final tie-break so that the order is total
// and deterministic (upstream's heap has no defined order for equal timestamps).

import type { PluginFactory, QueuedPodInfo, QueueSortPlugin } from '../../framework/types';

export const Name = 'PrioritySort';

export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = a.podInfo.priority;
  const p2 = b.podInfo.priority;
  if (p1 !== p2) return p1 > p2;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

export class PrioritySort implements QueueSortPlugin {
  readonly name = Name;
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return less(a, b);
  }
}

export const factory: PluginFactory = () => new PrioritySort();
