// The scheduler's view of a node update: which cluster events it fires
// (upstream pkg/scheduler/framework/events.go NodeSchedulingPropertiesChange, v1.35). The
// scheduler calls MoveAllToActiveOrBackoffQueue once per event, in this order.

import type { Node } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../api/quantity';
import type { ClusterEvent } from '../../framework/types';

/** equality.Semantic.DeepEqual for plain JSON values: nil and empty maps/slices are equal. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao).filter((k) => ao[k] !== undefined), ...Object.keys(bo).filter((k) => bo[k] !== undefined)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** Resource lists compared by quantity value (Quantity.Cmp), as Semantic.DeepEqual does. */
function resourceListsEqual(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!b || !(k in b)) return false;
    const x = parseQuantity(String((a as Record<string, unknown>)[k]));
    const y = parseQuantity(String(b[k]));
    if (x.nanos !== y.nanos) return false;
  }
  return true;
}

function conditionStatuses(n: Node): Record<string, string> {
  const m: Record<string, string> = {};
  for (const c of n.status?.conditions ?? []) m[c.type] = c.status;
  return m;
}

/** The UpdateNodeXYZ events of a node update. */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable && !newNode.spec?.unschedulable) {
    out.push({ resource: 'Node', action: 'UpdateNodeTaint' });
  }
  if (!resourceListsEqual(oldNode.status?.allocatable, newNode.status?.allocatable)) out.push({ resource: 'Node', action: 'UpdateNodeAllocatable' });
  if (!semanticEqual(newNode.metadata?.labels, oldNode.metadata?.labels)) out.push({ resource: 'Node', action: 'UpdateNodeLabel' });
  if (!semanticEqual(newNode.spec?.taints, oldNode.spec?.taints)) out.push({ resource: 'Node', action: 'UpdateNodeTaint' });
  if (!semanticEqual(conditionStatuses(oldNode), conditionStatuses(newNode))) out.push({ resource: 'Node', action: 'UpdateNodeCondition' });
  if (!semanticEqual(oldNode.metadata?.annotations, newNode.metadata?.annotations)) out.push({ resource: 'Node', action: 'UpdateNodeAnnotation' });
  return out;
}

export { semanticEqual };
