// The defaults kube-apiserver and its admission plugins add to objects on create, as far as
// scheduling can see them:
//   - metadata: namespace "default", deterministic uid, names for generateName-only objects;
//   - Pod (SetDefaults_Pod / SetDefaults_PodSpec): container requests default to limits,
//     pod-level requests/limits defaulting (PodLevelResources), hostNetwork ports become host
//     ports, port protocol TCP, schedulerName "default-scheduler", restartPolicy Always,
//     terminationGracePeriodSeconds 30;
//   - DefaultTolerationSeconds admission: not-ready / unreachable NoExecute tolerations for 300 s;
//   - Node (SetDefaults_NodeStatus): allocatable = capacity when absent;
//   - Namespace: the kubernetes.io/metadata.name label;
//   - PriorityClass: preemptionPolicy PreemptLowerPriority.
// Priority admission is in priority.ts. Objects here are the plain values read from YAML.

import { isPodLevelRequestsSet, isSupportedPodLevelResource, podLevelResources, podRequestsAmounts } from './podrequests';
import { deterministicUID, generateName } from './naming';
import { HUGEPAGES_PREFIX } from './resources';
import { clonePlain, setProp } from './yamlsource';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

const obj = (parent: Obj, key: string): Obj => {
  const v = parent[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const o: Obj = {};
  setProp(parent, key, o);
  return o;
};

/**
 * Fills metadata.namespace (for namespaced kinds), metadata.name (from generateName, unique
 * within `usedNames`) and metadata.uid. Returns the object's key "Kind/namespace/name".
 */
export function defaultMetadata(o: Obj, kind: string, namespaced: boolean, usedNames: Set<string>, seedText: string): string {
  const meta = obj(o, 'metadata');
  if (namespaced) {
    if (!meta.namespace) meta.namespace = DEFAULT_NAMESPACE;
  } else if (meta.namespace !== undefined) {
    delete meta.namespace;
  }
  const ns = namespaced ? (meta.namespace as string) : '';
  if (!meta.name && meta.generateName) {
    let attempt = 0;
    let name: string;
    do {
      name = generateName(meta.generateName as string, `${kind}/${ns}/${seedText}#${attempt++}`);
    } while (usedNames.has(`${kind}/${ns}/${name}`));
    meta.name = name;
  }
  const key = `${kind}/${ns}/${meta.name ?? ''}`;
  usedNames.add(key);
  if (!meta.uid) meta.uid = deterministicUID(key);
  return key;
}

function defaultContainerRequests(c: Obj): void {
  const res = c.resources as Obj | undefined;
  if (!res?.limits) return;
  const req = obj(res, 'requests');
  for (const k of Object.keys(res.limits)) if (req[k] === undefined) setProp(req, k, res.limits[k]);
}

function isOvercommitAllowed(name: string): boolean {
  // native (no domain or kubernetes.io/), not hugepages, not nvidia.com/gpu
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith(HUGEPAGES_PREFIX) && name !== 'nvidia.com/gpu';
}

function aggregateLimits(pod: Obj): Map<string, unknown> {
  // Container limits aggregated like requests: sum of containers + sidecars, max with init containers.
  const limitsPod: Obj = clonePlain(pod);
  for (const list of [limitsPod.spec?.containers, limitsPod.spec?.initContainers]) {
    for (const c of (list as Obj[] | undefined) ?? []) {
      c.resources = { requests: c.resources?.limits ?? {} };
    }
  }
  delete limitsPod.spec.resources;
  delete limitsPod.spec.overhead;
  const out = new Map<string, unknown>();
  for (const [k, v] of podRequestsAmounts(limitsPod as never, { skipStatusResources: true })) out.set(k, nanosToText(v));
  return out;
}

function nanosToText(n: bigint): string {
  return `${n}n`;
}

/** upstream defaultHugePagePodLimits + defaultPodRequests (PodLevelResources, beta in v1.35). */
function defaultPodLevelResources(pod: Obj): void {
  const res = podLevelResources(pod as never) as Obj | undefined;
  if (!res) return;
  // hugepage limits from containers
  if (Object.keys(res.limits ?? {}).length + Object.keys(res.requests ?? {}).length > 0) {
    const lims: Obj = res.limits ?? {};
    for (const [k, v] of aggregateLimits(pod)) {
      if (!isSupportedPodLevelResource(k) || !k.startsWith(HUGEPAGES_PREFIX)) continue;
      if (res.requests?.[k] !== undefined) continue;
      if (lims[k] === undefined) setProp(lims, k, v);
    }
    if (Object.keys(lims).length) res.limits = lims;
  }
  // requests from containers' effective requests, then from pod limits
  if (Object.keys(res.limits ?? {}).length === 0) return;
  const reqs: Obj = res.requests ?? {};
  const specOnly: Obj = clonePlain(pod);
  delete specOnly.spec.resources;
  delete specOnly.spec.overhead;
  for (const [k, v] of podRequestsAmounts(specOnly as never, { skipStatusResources: true })) {
    if (reqs[k] === undefined && isSupportedPodLevelResource(k) && isOvercommitAllowed(k)) setProp(reqs, k, nanosToText(v));
  }
  for (const k of Object.keys(res.limits)) {
    if (reqs[k] === undefined && isSupportedPodLevelResource(k)) setProp(reqs, k, res.limits[k]);
  }
  if (Object.keys(reqs).length) res.requests = reqs;
}

function hasNoExecuteTolerationFor(tols: Obj[], key: string): boolean {
  return tols.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

/** DefaultTolerationSeconds admission. */
export function addDefaultTolerations(spec: Obj): void {
  const tols: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const add: Obj[] = [];
  if (!hasNoExecuteTolerationFor(tols, TAINT_NODE_NOT_READY)) {
    add.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (!hasNoExecuteTolerationFor(tols, TAINT_NODE_UNREACHABLE)) {
    add.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (add.length) spec.tolerations = [...tols, ...add];
}

/** SetDefaults_Pod, SetDefaults_PodSpec and DefaultTolerationSeconds for a pod (in place). */
export function defaultPod(pod: Obj): void {
  const spec = obj(pod, 'spec');
  for (const list of [spec.containers, spec.initContainers] as (Obj[] | undefined)[]) {
    for (const c of list ?? []) {
      defaultContainerRequests(c);
      for (const p of (c.ports as Obj[] | undefined) ?? []) {
        if (!p.protocol) p.protocol = 'TCP';
        if (spec.hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
      }
    }
  }
  defaultPodLevelResources(pod);
  if (!spec.schedulerName) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  addDefaultTolerations(spec);
}

/** SetDefaults_NodeStatus: allocatable = capacity when absent. */
export function defaultNode(node: Obj): void {
  const status = obj(node, 'status');
  if (status.allocatable === undefined && status.capacity !== undefined) status.allocatable = clonePlain(status.capacity);
  obj(node, 'spec');
}

/** SetDefaults_Namespace. */
export function defaultNamespace(ns: Obj): void {
  const meta = obj(ns, 'metadata');
  if (meta.name) obj(meta, 'labels')[LABEL_METADATA_NAME] = meta.name;
}

/** SetDefaults_PriorityClass. */
export function defaultPriorityClass(pc: Obj): void {
  if (!pc.preemptionPolicy) pc.preemptionPolicy = 'PreemptLowerPriority';
}

export { isPodLevelRequestsSet };
