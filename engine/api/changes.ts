// Timed cluster changes: schedlab's own kind, so a scenario can say what happens over time.
//
//   apiVersion: schedlab.dev/v1alpha1
//   kind: ClusterChanges
//   metadata: {name: autumn}            # optional
//   changes:
//     - at: 30                          # virtual seconds from the start (number >= 0)
//       action: cordon                  # see below
//       target: node-a                  # node name, "namespace/name" of a pod, or
//                                       # "Kind/namespace/name" of a workload
//       data: ...                       # action-specific
//
// actions and their data:
//   addNode           data: a Node object (target may be omitted: taken from data.metadata.name)
//   removeNode, cordon, uncordon, drain     no data
//   addTaint          data: {key, value?, effect}
//   removeTaint       data: {key, effect?}     (effect omitted = every taint with that key)
//   setLabel          data: {key, value}
//   removeLabel       data: {key}
//   setNodeCondition  data: {type, status, reason?, message?}   (the kubelet's report; the node
//                     lifecycle controller turns Ready=False/Unknown and the pressure conditions
//                     into taints, see engine/simulator/controllers/node_lifecycle.ts)
//   setNodeResources  data: {capacity?, allocatable?}   (resource lists merged into the node's
//                     status; a resource given only in capacity moves allocatable by the same
//                     amount, as the kubelet's reservations stay)
//   setPodUsage       data: {memory}   (target "namespace/name": the pod's memory usage for the
//                     kubelet's eviction model, the annotation schedlab.dev/memory-usage; null
//                     removes it, the usage is then the pod's memory request)
//   addPod            data: a Pod object (target may be omitted)
//   deletePod         no data (target "namespace/name", or "name" in namespace default)
//   scale             data: {replicas}        (target "Deployment/ns/name", "ReplicaSet/...",
//                                              "StatefulSet/...", "ReplicationController/...")
// Nodes and pods given in data get the same validation and defaults as top-level ones (the
// loader does that); the other data shapes are checked here.

import type { ClusterChange } from './scenario';
import { joinPath } from './diagnostics';
import { isQualifiedName, isValidLabelValue } from './names';
import { checkValue, type CheckCtx, type Schema } from './validate';
import { resourceList, taint } from './schemas';

export const CLUSTER_CHANGES_API_VERSION = 'schedlab.dev/v1alpha1';

export const CHANGE_ACTIONS: readonly ClusterChange['action'][] = [
  'addNode',
  'removeNode',
  'cordon',
  'uncordon',
  'drain',
  'addTaint',
  'removeTaint',
  'setLabel',
  'removeLabel',
  'deletePod',
  'addPod',
  'scale',
  'setNodeCondition',
  'setNodeResources',
  'setPodUsage',
];

const dataSchemas: Partial<Record<ClusterChange['action'], Schema>> = {
  addTaint: taint,
  removeTaint: {
    k: 'object',
    name: 'TaintRef',
    fields: { key: { k: 'string', check: isQualifiedName }, effect: { k: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] } },
    required: ['key'],
  },
  setLabel: {
    k: 'object',
    name: 'Label',
    fields: { key: { k: 'string', check: isQualifiedName }, value: { k: 'string', check: isValidLabelValue } },
    required: ['key'],
  },
  removeLabel: { k: 'object', name: 'LabelRef', fields: { key: { k: 'string', check: isQualifiedName } }, required: ['key'] },
  setNodeCondition: {
    k: 'object',
    name: 'NodeCondition',
    fields: { type: { k: 'string' }, status: { k: 'string', enum: ['True', 'False', 'Unknown'] }, reason: { k: 'string' }, message: { k: 'string' } },
    required: ['type', 'status'],
  },
  setNodeResources: { k: 'object', name: 'NodeResources', fields: { capacity: resourceList, allocatable: resourceList } },
  setPodUsage: { k: 'object', name: 'PodUsage', fields: { memory: { k: 'quantity', nonNegative: true } } },
  scale: { k: 'object', name: 'Scale', fields: { replicas: { k: 'int', min: 0 } }, required: ['replicas'] },
};

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

const changeSchema: Schema = {
  k: 'object',
  name: 'ClusterChange',
  fields: {
    at: { k: 'number' },
    action: { k: 'string', enum: CHANGE_ACTIONS },
    target: { k: 'string' },
    data: { k: 'any' },
  },
  required: ['action'],
};

export const clusterChangesSchema: Schema = {
  k: 'object',
  name: 'ClusterChanges',
  fields: { changes: { k: 'list', items: changeSchema } },
  required: ['changes'],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export interface RawChange {
  change: ClusterChange;
  /** The raw change object (for positions). */
  raw: Obj;
  index: number;
}

/**
 * Checks a ClusterChanges object; returns its changes (those without errors). Node/Pod data of
 * addNode/addPod is returned as-is for the loader to validate and default.
 */
export function readClusterChanges(o: Obj, ctx: CheckCtx): RawChange[] {
  const before = ctx.rep.errors;
  checkValue(ctx, o, clusterChangesSchema, '', undefined, undefined);
  if (ctx.rep.errors > before) return [];
  const out: RawChange[] = [];
  (o.changes as Obj[]).forEach((c, i) => {
    const path = `changes[${i}]`;
    const errs0 = ctx.rep.errors;
    const at = c.at ?? 0;
    if (typeof at !== 'number' || !(at >= 0) || !Number.isFinite(at)) {
      ctx.rep.error(ctx.ref, `${path}.at`, `${path}.at: Invalid value: ${String(at)}: must be a number of seconds >= 0`, c, 'at');
    }
    const action = c.action as ClusterChange['action'];
    const ds = dataSchemas[action];
    if (ds) {
      if (c.data == null) ctx.rep.error(ctx.ref, `${path}.data`, `${path}.data: Required value: ${action} needs data`, o.changes, i);
      else checkValue(ctx, c.data, ds, joinPath(path, 'data'), c, 'data');
    }
    if ((action === 'addNode' || action === 'addPod') && (c.data == null || typeof c.data !== 'object' || Array.isArray(c.data))) {
      ctx.rep.error(ctx.ref, `${path}.data`, `${path}.data: Required value: ${action} needs a ${action === 'addNode' ? 'Node' : 'Pod'} object`, o.changes, i);
    }
    let target: string = c.target ?? '';
    if (!target && (action === 'addNode' || action === 'addPod')) {
      const meta = c.data?.metadata ?? {};
      target = action === 'addNode' ? (meta.name ?? '') : `${meta.namespace ?? 'default'}/${meta.name ?? ''}`;
    }
    if (!target && action !== 'addNode' && action !== 'addPod') {
      ctx.rep.error(ctx.ref, `${path}.target`, `${path}.target: Required value`, o.changes, i);
    }
    if (action === 'scale' && target && !SCALABLE.includes(target.split('/')[0])) {
      ctx.rep.error(
        ctx.ref,
        `${path}.target`,
        `${path}.target: Invalid value: ${JSON.stringify(target)}: scale needs "Kind/namespace/name" with Kind one of ${SCALABLE.join(', ')}`,
        c,
        'target',
      );
    }
    if ((action === 'deletePod' || action === 'setPodUsage') && target && !target.includes('/')) target = `default/${target}`;
    if (action === 'setNodeResources' && c.data && typeof c.data === 'object' && c.data.capacity == null && c.data.allocatable == null) {
      ctx.rep.error(ctx.ref, `${path}.data`, `${path}.data: Required value: setNodeResources needs capacity or allocatable`, c, 'data');
    }
    if (ctx.rep.errors > errs0) return;
    const change: ClusterChange = { at: at as number, action, target };
    if (c.data !== undefined) change.data = c.data;
    out.push({ change, raw: c, index: i });
  });
  return out;
}
