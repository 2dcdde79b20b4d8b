// SchedulingGates (upstream pkg/scheduler/framework/plugins/schedulinggates): a PreEnqueue plugin
// that keeps pods with .spec.schedulingGates out of the active queue.

import type { Pod } from 'kubernetes-types/core/v1';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type PluginFactory,
  type PodInfo,
  type PreEnqueuePlugin,
} from '../../framework/types';
import { samePod } from '../helper/pod';

export const Name = 'SchedulingGates';

/** Go's fmt "%v" of a []string: "[a b c]". */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Name;

  preEnqueue(pi: PodInfo): Status | null {
    const gates = pi.pod.spec?.schedulingGates;
    if (!gates || gates.length === 0) return null;
    return Status.unresolvable(`waiting for scheduling gates: ${goStringSlice(gates.map((g) => g.name))}`);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    // Pods can become schedulable once their gates are removed (QueueingHint enabled in v1.35).
    return [
      {
        event: { resource: 'Pod', action: 'UpdatePodSchedulingGatesEliminated' },
        hint: isSchedulableAfterUpdatePodSchedulingGatesEliminated,
      },
    ];
  }
}

function isSchedulableAfterUpdatePodSchedulingGatesEliminated(
  pod: Pod,
  _oldObj: unknown,
  newObj: unknown,
): QueueingHint {
  const modified = newObj as Pod | null | undefined;
  if (!samePod(modified, pod)) return QueueingHint.Skip;
  return QueueingHint.Queue;
}

export const factory: PluginFactory = () => new SchedulingGates();
