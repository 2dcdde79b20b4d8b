// Upstream's FitError.Error() (pkg/scheduler/framework/types.go): the
// "0/N nodes are available: <PreFilterMsg>. <histogram of filter reasons>. <PostFilterMsg>"
// message of an unschedulable pod. Shared by the scheduling cycle and by DefaultPreemption, which
// builds a FitError of its own dry run ("preemption: 0/N nodes are available: ...").

import type { NodeToStatus, Status } from './types';

/** NoNodeAvailableMsg of upstream. */
export const NO_NODE_AVAILABLE_MSG = '0/%v nodes are available';

/** Go's sort.Strings order (byte-wise; identical to UTF-16 order for BMP text). */
function byteLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The FitError message.
 *
 * - `preFilterMsg` non-empty (a PreFilter plugin rejected the pod): only that message, the
 *   per-node statuses are not counted (they would repeat it).
 * - otherwise every reason of every explicitly recorded node counts once per node, and the
 *   reasons of `nodeToStatus.absent` count once per node not in the map
 *   (`numAllNodes - nodeToStatus.size` times), when there are such nodes.
 * - the histogram entries are "<count> <reason>", sorted as strings, joined with ", ", then ".".
 * - `postFilterMsg`, when non-empty, is appended after a space (no final period added).
 */
export function fitErrorMessage(
  numAllNodes: number,
  nodeToStatus: Pick<NodeToStatus, 'entries' | 'absent' | 'size'>,
  preFilterMsg = '',
  postFilterMsg = '',
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg !== '') {
    msg += ` ${preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [, status] of nodeToStatus.entries()) addReasons(counts, status, 1);
    if (nodeToStatus.size < numAllNodes && nodeToStatus.absent) {
      addReasons(counts, nodeToStatus.absent, numAllNodes - nodeToStatus.size);
    }
    if (counts.size > 0) {
      const parts: string[] = [];
      for (const [reason, n] of counts) parts.push(`${n} ${reason}`);
      parts.sort(byteLess);
      msg += ` ${parts.join(', ')}.`;
    }
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}`;
  return msg;
}

function addReasons(counts: Map<string, number>, status: Status, n: number): void {
  for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + n);
}
