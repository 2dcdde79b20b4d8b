// Slimming: dropping what scheduling never reads from objects, so that a `kubectl get nodes,pods
// -A -o json` dump of a big cluster (mostly managedFields, env, probes, annotations such as
// last-applied-configuration, and status the kubelet writes) fits in memory and loads fast.
//
// What is dropped is listed by name (everything else stays, so a field read by some plugin is
// never lost by accident):
//   - metadata: managedFields, selfLink, and annotations except KEPT_ANNOTATIONS;
//   - Pod spec: dnsPolicy/dnsConfig, hostAliases, imagePullSecrets, securityContext,
//     serviceAccount(Name), automountServiceAccountToken, readinessGates, ephemeralContainers
//     (not counted by kube-scheduler), and in every container: env, envFrom, command, args,
//     volumeMounts/volumeDevices, probes, lifecycle, securityContext, terminationMessage*,
//     imagePullPolicy, workingDir, stdin/tty; the content of configMap, secret, projected and
//     downwardAPI volumes (no volume plugin reads it; the volume and its type stay);
//   - Pod status: IPs, message, container statuses except name + allocatedResources + resources
//     (in-place resize), conditions except type + status + reason;
//   - Node status: addresses, daemonEndpoints, nodeInfo, volumes in use / attached, config,
//     conditions except type + status + reason, images except names + sizeBytes.
// Workload templates are kept whole (the pod-template-hash of a Deployment is computed from them).
//
// The loader slims each object right after it was checked, so diagnostics are the same with or
// without slimming, and so are scheduling results. Pure TS; positions recorded for the input
// (posOf) are carried over to the slimmed copies.

import { copyPos, setProp } from './yamlsource';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Annotations kept: the ones scheduling or the simulation around it reads, plus a few people
 * look for next to scheduling decisions (same list as the link scrubber's).
 */
export const KEPT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'controller.kubernetes.io/pod-deletion-cost',
  'kubernetes.io/config.mirror',
  'kubernetes.io/config.source',
  'scheduler.alpha.kubernetes.io/critical-pod',
  'scheduler.alpha.kubernetes.io/preferAvoidPods',
  'cluster-autoscaler.kubernetes.io/safe-to-evict',
]);
const KEPT_ANNOTATION_PREFIXES = ['schedlab.io/', 'schedlab.dev/'];

export function isKeptAnnotation(key: string): boolean {
  return KEPT_ANNOTATIONS.has(key) || KEPT_ANNOTATION_PREFIXES.some((p) => key.startsWith(p));
}

const DROP_META = new Set(['managedFields', 'selfLink']);
const DROP_POD_SPEC = new Set([
  'dnsPolicy',
  'dnsConfig',
  'hostAliases',
  'imagePullSecrets',
  'securityContext',
  'serviceAccount',
  'serviceAccountName',
  'automountServiceAccountToken',
  'readinessGates',
  'ephemeralContainers',
]);
const DROP_CONTAINER = new Set([
  'env',
  'envFrom',
  'command',
  'args',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'securityContext',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'workingDir',
  'stdin',
  'stdinOnce',
  'tty',
]);
/** Volume sources whose content no scheduling plugin reads. */
const OPAQUE_VOLUME_SOURCES = new Set(['configMap', 'secret', 'projected', 'downwardAPI']);
const DROP_POD_STATUS = new Set(['podIP', 'podIPs', 'hostIP', 'hostIPs', 'message', 'ephemeralContainerStatuses']);
const DROP_NODE_STATUS = new Set(['addresses', 'daemonEndpoints', 'nodeInfo', 'volumesInUse', 'volumesAttached', 'config']);
const CONDITION_KEYS = ['type', 'status', 'reason'];
const CONTAINER_STATUS_KEYS = ['name', 'allocatedResources', 'resources'];
const IMAGE_KEYS = ['names', 'sizeBytes'];

/** A copy of `src` without the keys in `drop`, with `map` applied to some values; positions carried over. */
function without(src: Obj, drop: ReadonlySet<string>, map?: Record<string, (v: unknown) => unknown>): Obj {
  const out: Obj = {};
  for (const k of Object.keys(src)) {
    if (drop.has(k)) continue;
    const f = map?.[k];
    setProp(out, k, f ? f(src[k]) : src[k]);
  }
  copyPos(src, out);
  return out;
}

function only(src: unknown, keys: readonly string[]): unknown {
  if (!isObj(src)) return src;
  const out: Obj = {};
  for (const k of keys) if (Object.hasOwn(src, k)) out[k] = src[k];
  copyPos(src, out);
  return out;
}

function mapList(v: unknown, f: (x: unknown) => unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out = v.map(f);
  copyPos(v, out);
  return out;
}

function slimAnnotations(a: unknown): unknown {
  if (!isObj(a)) return a;
  const out: Obj = {};
  for (const k of Object.keys(a)) if (isKeptAnnotation(k)) setProp(out, k, a[k]);
  copyPos(a, out);
  return out;
}

function slimMeta(m: unknown): unknown {
  if (!isObj(m)) return m;
  const out = without(m, DROP_META, { annotations: slimAnnotations });
  if (isObj(out.annotations) && Object.keys(out.annotations).length === 0) delete out.annotations;
  return out;
}

const slimContainer = (c: unknown): unknown => (isObj(c) ? without(c, DROP_CONTAINER) : c);

function slimVolume(v: unknown): unknown {
  if (!isObj(v)) return v;
  let opaque = false;
  for (const k of Object.keys(v)) if (OPAQUE_VOLUME_SOURCES.has(k)) opaque = true;
  if (!opaque) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) setProp(out, k, OPAQUE_VOLUME_SOURCES.has(k) && isObj(v[k]) ? {} : v[k]);
  copyPos(v, out);
  return out;
}

function slimPodSpec(s: unknown): unknown {
  if (!isObj(s)) return s;
  return without(s, DROP_POD_SPEC, {
    containers: (v) => mapList(v, slimContainer),
    initContainers: (v) => mapList(v, slimContainer),
    volumes: (v) => mapList(v, slimVolume),
  });
}

function slimPodStatus(s: unknown): unknown {
  if (!isObj(s)) return s;
  return without(s, DROP_POD_STATUS, {
    conditions: (v) => mapList(v, (c) => only(c, CONDITION_KEYS)),
    containerStatuses: (v) => mapList(v, (c) => only(c, CONTAINER_STATUS_KEYS)),
    initContainerStatuses: (v) => mapList(v, (c) => only(c, CONTAINER_STATUS_KEYS)),
  });
}

function slimNodeStatus(s: unknown): unknown {
  if (!isObj(s)) return s;
  return without(s, DROP_NODE_STATUS, {
    conditions: (v) => mapList(v, (c) => only(c, CONDITION_KEYS)),
    images: (v) => mapList(v, (c) => only(c, IMAGE_KEYS)),
  });
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The object without what scheduling never reads (see the file comment); `kind` defaults to
 * the object's own. Returns a new object (the input is not changed); kinds other than Pod and
 * Node only lose metadata noise.
 */
export function slimObject(o: Obj, kind: string = typeof o.kind === 'string' ? o.kind : ''): Obj {
  switch (kind) {
    case 'Pod':
      return without(o, NONE, { metadata: slimMeta, spec: slimPodSpec, status: slimPodStatus });
    case 'Node':
      return without(o, NONE, { metadata: slimMeta, status: slimNodeStatus });
    default:
      return isObj(o.metadata) ? without(o, NONE, { metadata: slimMeta }) : o;
  }
}
