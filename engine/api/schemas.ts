// Schemas of the Kubernetes objects (the parts the scheduler and our controllers read), with the
// checks upstream's API validation applies to those fields.

import { compileLabelSelector, compileNodeSelectorTerm } from './labels';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';
import { parseQuantity } from './quantity';
import { INT32_MAX, INT32_MIN, type CheckCtx, type Schema } from './validate';
import { joinPath } from './diagnostics';

const str = (extra: Partial<Extract<Schema, { k: 'string' }>> = {}): Schema => ({ k: 'string', ...extra });
const int32 = (extra: Partial<Extract<Schema, { k: 'int' }>> = {}): Schema => ({ k: 'int', min: INT32_MIN, max: INT32_MAX, ...extra });
const int64: Schema = { k: 'int' };
const bool: Schema = { k: 'bool' };
const time: Schema = { k: 'time' };
const any: Schema = { k: 'any' };
const list = (items: Schema): Schema => ({ k: 'list', items });
const strList = list(str());

const labelsMap: Schema = {
  k: 'map',
  keyName: 'label key',
  keyCheck: isQualifiedName,
  values: { k: 'string', check: isValidLabelValue },
};
const annotationsMap: Schema = { k: 'map', keyName: 'annotation key', keyCheck: isQualifiedName, values: str() };
const stringMap: Schema = { k: 'map', values: str() };
export const resourceList: Schema = { k: 'map', keyName: 'resource name', keyCheck: resourceNameCheck, values: { k: 'quantity', nonNegative: true } };

function resourceNameCheck(name: string): string[] {
  return isQualifiedName(name);
}

const err = (ctx: CheckCtx, obj: Record<string, unknown>, path: string, key: string, msg: string) => {
  const p = joinPath(path, key);
  ctx.rep.error(ctx.ref, p, `${p}: ${msg}`, obj, key);
};

// ---- meta ----------------------------------------------------------------------------------------

export const ownerReference: Schema = {
  k: 'object',
  name: 'OwnerReference',
  fields: { apiVersion: str(), kind: str(), name: str(), uid: str(), controller: bool, blockOwnerDeletion: bool },
};

/** ObjectMeta; name syntax is checked by the loader per kind. */
export const objectMeta: Schema = {
  k: 'object',
  name: 'ObjectMeta',
  fields: {
    name: str(),
    generateName: str(),
    namespace: str({ check: isDNS1123Label }),
    uid: str(),
    labels: labelsMap,
    annotations: annotationsMap,
    ownerReferences: list(ownerReference),
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: int64,
    generation: int64,
    resourceVersion: str(),
  },
};

export const labelSelector: Schema = {
  k: 'object',
  name: 'LabelSelector',
  fields: {
    matchLabels: labelsMap,
    matchExpressions: list({
      k: 'object',
      name: 'LabelSelectorRequirement',
      fields: { key: str(), operator: str({ enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }), values: strList },
      required: ['key', 'operator'],
    }),
  },
  post: (obj, ctx, path) => {
    const sel = compileLabelSelector(obj);
    if (sel.error) ctx.rep.error(ctx.ref, path, `${path}: ${sel.error}`, obj);
  },
};

// ---- node affinity -----------------------------------------------------------------------------

const nodeSelectorRequirement: Schema = {
  k: 'object',
  name: 'NodeSelectorRequirement',
  fields: {
    key: str(),
    operator: str({ enum: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] }),
    values: strList,
  },
  required: ['key', 'operator'],
};

export const nodeSelectorTerm: Schema = {
  k: 'object',
  name: 'NodeSelectorTerm',
  fields: { matchExpressions: list(nodeSelectorRequirement), matchFields: list(nodeSelectorRequirement) },
  post: (obj, ctx, path) => {
    const fields = (obj.matchFields as { key?: string }[] | undefined) ?? [];
    fields.forEach((f, i) => {
      if (f.key !== 'metadata.name') {
        const p = `${path}.matchFields[${i}].key`;
        ctx.rep.error(ctx.ref, p, `${p}: Invalid value: ${JSON.stringify(f.key)}: not a valid field selector key (only "metadata.name" is supported)`, f, 'key');
      }
    });
    const c = compileNodeSelectorTerm(obj, path ? `${path}.` : '');
    for (const e of c.errors) ctx.rep.error(ctx.ref, path, e, obj);
  },
};

const nodeSelector: Schema = {
  k: 'object',
  name: 'NodeSelector, with nodeSelectorTerms',
  fields: { nodeSelectorTerms: list(nodeSelectorTerm) },
  listHint:
    'a list of {weight, preference} is the shape of preferredDuringSchedulingIgnoredDuringExecution; required rules go under nodeSelectorTerms: [{matchExpressions: [...]}]',
  post: (obj, ctx, path) => {
    const terms = obj.nodeSelectorTerms as unknown[] | undefined;
    if (!terms || terms.length === 0) err(ctx, obj, path, 'nodeSelectorTerms', 'Required value: must have at least one node selector term');
  },
};

const weight1to100 = int32({ min: 1, max: 100, minMessage: 'must be in the range 1-100' });

const preferredSchedulingTerm: Schema = {
  k: 'object',
  name: 'PreferredSchedulingTerm',
  fields: { weight: weight1to100, preference: nodeSelectorTerm },
  required: ['weight', 'preference'],
};

const nodeAffinity: Schema = {
  k: 'object',
  name: 'NodeAffinity',
  fields: {
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
    preferredDuringSchedulingIgnoredDuringExecution: list(preferredSchedulingTerm),
  },
};

// ---- pod affinity ----------------------------------------------------------------------------------

export const podAffinityTerm: Schema = {
  k: 'object',
  name: 'PodAffinityTerm',
  fields: {
    labelSelector,
    namespaces: list(str({ check: isDNS1123Label })),
    topologyKey: str({ check: isQualifiedName }),
    namespaceSelector: labelSelector,
    matchLabelKeys: strList,
    mismatchLabelKeys: strList,
  },
  required: ['topologyKey'],
};

const weightedPodAffinityTerm: Schema = {
  k: 'object',
  name: 'WeightedPodAffinityTerm',
  fields: { weight: weight1to100, podAffinityTerm },
  required: ['weight', 'podAffinityTerm'],
};

const podAffinity: Schema = {
  k: 'object',
  name: 'PodAffinity',
  fields: {
    requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
    preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTerm),
  },
};

const affinity: Schema = {
  k: 'object',
  name: 'Affinity',
  fields: { nodeAffinity, podAffinity, podAntiAffinity: { ...podAffinity, name: 'PodAntiAffinity' } as Schema },
};

// ---- taints and tolerations ----------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export const taint: Schema = {
  k: 'object',
  name: 'Taint',
  fields: { key: str({ check: isQualifiedName }), value: str({ check: isValidLabelValue }), effect: str({ enum: EFFECTS }), timeAdded: time },
  required: ['key', 'effect'],
};

export const toleration: Schema = {
  k: 'object',
  name: 'Toleration',
  fields: {
    key: str({ check: isQualifiedName }),
    operator: str(),
    value: str(),
    effect: str({ enum: EFFECTS }),
    tolerationSeconds: int64,
  },
  post: (obj, ctx, path) => {
    const key = (obj.key as string | undefined) ?? '';
    const op = (obj.operator as string | undefined) ?? '';
    const value = (obj.value as string | undefined) ?? '';
    if (op === 'Lt' || op === 'Gt') {
      err(
        ctx,
        obj,
        path,
        'operator',
        `Unsupported value: ${JSON.stringify(op)}: supported values: "Equal", "Exists" (the numeric operators need the TaintTolerationComparisonOperators feature gate, alpha and off by default in v1.35)`,
      );
      return;
    }
    if (op !== '' && op !== 'Equal' && op !== 'Exists') {
      err(ctx, obj, path, 'operator', `Unsupported value: ${JSON.stringify(op)}: supported values: "Equal", "Exists"`);
      return;
    }
    if (key === '' && op !== 'Exists') {
      err(ctx, obj, path, 'operator', `Invalid value: ${JSON.stringify(op)}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`);
    }
    if (op === 'Exists' && value !== '') {
      err(ctx, obj, path, 'operator', 'Invalid value: "Exists": value must be empty when `operator` is \'Exists\'');
    }
    if ((op === '' || op === 'Equal') && value !== '') {
      const e = isValidLabelValue(value);
      if (e.length) err(ctx, obj, path, 'value', `Invalid value: ${JSON.stringify(value)}: ${e.join('; ')}`);
    }
    if (obj.tolerationSeconds !== undefined && obj.effect !== 'NoExecute') {
      err(ctx, obj, path, 'effect', `Invalid value: ${JSON.stringify(obj.effect ?? '')}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`);
    }
  },
};

// ---- topology spread -------------------------------------------------------------------------------

const topologySpreadConstraint: Schema = {
  k: 'object',
  name: 'TopologySpreadConstraint',
  fields: {
    maxSkew: int32({ min: 1, minMessage: 'must be greater than zero' }),
    topologyKey: str({ check: isQualifiedName }),
    whenUnsatisfiable: str({ enum: ['DoNotSchedule', 'ScheduleAnyway'] }),
    labelSelector,
    minDomains: int32({ min: 1, minMessage: 'must be greater than zero' }),
    nodeAffinityPolicy: str({ enum: ['Honor', 'Ignore'] }),
    nodeTaintsPolicy: str({ enum: ['Honor', 'Ignore'] }),
    matchLabelKeys: strList,
  },
  required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  post: (obj, ctx, path) => {
    if (obj.minDomains !== undefined && obj.whenUnsatisfiable !== 'DoNotSchedule') {
      err(ctx, obj, path, 'minDomains', `Invalid value: ${String(obj.minDomains)}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${String(obj.whenUnsatisfiable)}`);
    }
  },
};

// ---- containers --------------------------------------------------------------------------------------

const resourceRequirements: Schema = {
  k: 'object',
  name: 'ResourceRequirements',
  fields: { requests: resourceList, limits: resourceList, claims: any },
  post: (obj, ctx, path) => {
    const req = (obj.requests ?? {}) as Record<string, string | number>;
    const lim = (obj.limits ?? {}) as Record<string, string | number>;
    for (const name of Object.keys(req)) {
      if (lim[name] === undefined) continue;
      const r = parseQuantity(req[name]);
      const l = parseQuantity(lim[name]);
      if (r.nanos > l.nanos) {
        const p = joinPath(joinPath(path, 'requests'), name);
        ctx.rep.error(ctx.ref, p, `${p}: Invalid value: ${JSON.stringify(req[name])}: must be less than or equal to ${name} limit of ${String(lim[name])}`, req, name);
      }
    }
  },
};

const containerPort: Schema = {
  k: 'object',
  name: 'ContainerPort',
  fields: {
    name: str(),
    containerPort: int32({ min: 1, max: 65535 }),
    hostPort: int32({ min: 0, max: 65535 }),
    hostIP: str(),
    protocol: str({ enum: ['TCP', 'UDP', 'SCTP'] }),
  },
  required: ['containerPort'],
};

const container: Schema = {
  k: 'object',
  name: 'Container',
  fields: {
    name: str({ check: isDNS1123Label }),
    image: str(),
    resources: resourceRequirements,
    ports: list(containerPort),
    restartPolicy: str({ enum: ['Always', 'OnFailure', 'Never'] }),
  },
  required: ['name'],
};

const volume: Schema = {
  k: 'object',
  name: 'Volume',
  fields: {
    name: str(),
    persistentVolumeClaim: { k: 'object', name: 'PersistentVolumeClaimVolumeSource', fields: { claimName: str(), readOnly: bool } },
  },
  required: ['name'],
};

export const podSpec: Schema = {
  k: 'object',
  name: 'PodSpec',
  fields: {
    nodeName: str(),
    nodeSelector: labelsMap,
    schedulerName: str(),
    priority: int32(),
    priorityClassName: str(),
    preemptionPolicy: str({ enum: ['PreemptLowerPriority', 'Never'] }),
    hostNetwork: bool,
    tolerations: list(toleration),
    affinity,
    topologySpreadConstraints: list(topologySpreadConstraint),
    schedulingGates: list({ k: 'object', name: 'PodSchedulingGate', fields: { name: str({ check: isQualifiedName }) }, required: ['name'] }),
    containers: list(container),
    initContainers: list(container),
    overhead: resourceList,
    resources: resourceRequirements,
    volumes: list(volume),
    terminationGracePeriodSeconds: int64,
    activeDeadlineSeconds: int64,
    restartPolicy: str({ enum: ['Always', 'OnFailure', 'Never'] }),
    runtimeClassName: str(),
    resourceClaims: any,
  },
  post: (obj, ctx, path) => {
    const cs = obj.containers as unknown[] | undefined;
    if (!cs || cs.length === 0) err(ctx, obj, path, 'containers', 'Required value: a pod needs at least one container');
  },
};

const containerStatus: Schema = {
  k: 'object',
  name: 'ContainerStatus',
  fields: {
    name: str(),
    allocatedResources: resourceList,
    resources: { k: 'object', name: 'ResourceRequirements', fields: { requests: resourceList, limits: resourceList } },
  },
};

const podStatus: Schema = {
  k: 'object',
  name: 'PodStatus',
  fields: {
    phase: str({ enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] }),
    startTime: time,
    nominatedNodeName: str(),
    qosClass: str(),
    conditions: list({ k: 'object', name: 'PodCondition', fields: { type: str(), status: str(), reason: str() } }),
    containerStatuses: list(containerStatus),
    initContainerStatuses: list(containerStatus),
  },
};

export const pod: Schema = {
  k: 'object',
  name: 'Pod',
  fields: { metadata: objectMeta, spec: podSpec, status: podStatus },
  required: ['spec'],
};

export const podTemplateSpec: Schema = {
  k: 'object',
  name: 'PodTemplateSpec',
  fields: { metadata: objectMeta, spec: podSpec },
  required: ['spec'],
};

// ---- cluster objects -------------------------------------------------------------------------------

export const node: Schema = {
  k: 'object',
  name: 'Node',
  fields: {
    metadata: objectMeta,
    spec: { k: 'object', name: 'NodeSpec', fields: { unschedulable: bool, taints: list(taint), podCIDR: str(), providerID: str() } },
    status: {
      k: 'object',
      name: 'NodeStatus',
      fields: {
        capacity: resourceList,
        allocatable: resourceList,
        images: list({ k: 'object', name: 'ContainerImage', fields: { names: strList, sizeBytes: int64 } }),
        conditions: list({ k: 'object', name: 'NodeCondition', fields: { type: str(), status: str() } }),
      },
    },
  },
};

export const namespace: Schema = { k: 'object', name: 'Namespace', fields: { metadata: objectMeta } };

export const priorityClass: Schema = {
  k: 'object',
  name: 'PriorityClass',
  fields: {
    metadata: objectMeta,
    value: int32(),
    globalDefault: bool,
    preemptionPolicy: str({ enum: ['PreemptLowerPriority', 'Never'] }),
    description: str(),
  },
  required: ['value'],
};

export const podDisruptionBudget: Schema = {
  k: 'object',
  name: 'PodDisruptionBudget',
  fields: {
    metadata: objectMeta,
    spec: {
      k: 'object',
      name: 'PodDisruptionBudgetSpec',
      fields: {
        minAvailable: { k: 'intOrString' },
        maxUnavailable: { k: 'intOrString' },
        selector: labelSelector,
        unhealthyPodEvictionPolicy: str({ enum: ['IfHealthyBudget', 'AlwaysAllow'] }),
      },
      post: (obj, ctx, path) => {
        if (obj.minAvailable !== undefined && obj.maxUnavailable !== undefined) {
          err(ctx, obj, path, 'minAvailable', 'Invalid value: minAvailable and maxUnavailable cannot be both set');
        }
      },
    },
    status: {
      k: 'object',
      name: 'PodDisruptionBudgetStatus',
      fields: {
        disruptionsAllowed: int32({ min: 0 }),
        currentHealthy: int32(),
        desiredHealthy: int32(),
        expectedPods: int32(),
        disruptedPods: { k: 'map', values: time },
      },
    },
  },
};

export const service: Schema = {
  k: 'object',
  name: 'Service',
  fields: { metadata: objectMeta, spec: { k: 'object', name: 'ServiceSpec', fields: { selector: stringMap, type: str() } } },
};

const replicas = int32({ min: 0 });

export const replicationController: Schema = {
  k: 'object',
  name: 'ReplicationController',
  fields: {
    metadata: objectMeta,
    spec: { k: 'object', name: 'ReplicationControllerSpec', fields: { replicas, selector: labelsMap, template: podTemplateSpec } },
  },
};

const workloadSpec = (name: string, extra: Record<string, Schema> = {}, required: string[] = ['selector', 'template']): Schema => ({
  k: 'object',
  name,
  fields: { replicas, selector: labelSelector, template: podTemplateSpec, ...extra },
  required,
});

export const replicaSet: Schema = { k: 'object', name: 'ReplicaSet', fields: { metadata: objectMeta, spec: workloadSpec('ReplicaSetSpec') }, required: ['spec'] };
export const deployment: Schema = { k: 'object', name: 'Deployment', fields: { metadata: objectMeta, spec: workloadSpec('DeploymentSpec') }, required: ['spec'] };
export const statefulSet: Schema = {
  k: 'object',
  name: 'StatefulSet',
  fields: {
    metadata: objectMeta,
    spec: workloadSpec('StatefulSetSpec', {
      serviceName: str(),
      podManagementPolicy: str({ enum: ['OrderedReady', 'Parallel'] }),
      ordinals: { k: 'object', name: 'StatefulSetOrdinals', fields: { start: int32({ min: 0 }) } },
    }),
  },
  required: ['spec'],
};
export const daemonSet: Schema = {
  k: 'object',
  name: 'DaemonSet',
  fields: {
    metadata: objectMeta,
    spec: { k: 'object', name: 'DaemonSetSpec', fields: { selector: labelSelector, template: podTemplateSpec }, required: ['selector', 'template'] },
  },
  required: ['spec'],
};
export const job: Schema = {
  k: 'object',
  name: 'Job',
  fields: {
    metadata: objectMeta,
    spec: {
      k: 'object',
      name: 'JobSpec',
      fields: {
        parallelism: int32({ min: 0 }),
        completions: int32({ min: 0 }),
        completionMode: str({ enum: ['NonIndexed', 'Indexed'] }),
        selector: labelSelector,
        manualSelector: bool,
        suspend: bool,
        template: podTemplateSpec,
      },
      required: ['template'],
    },
  },
  required: ['spec'],
};

/** Name syntax per kind (upstream's ValidateXName functions). */
export function nameCheckFor(kind: string): (name: string) => string[] {
  switch (kind) {
    case 'Namespace':
    case 'Service':
      return isDNS1123Label;
    default:
      return isDNS1123Subdomain;
  }
}
