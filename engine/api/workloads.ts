// Workload controllers, reduced to the pods they create at the start (names, labels,
// ownerReferences, and the pod changes the controllers make):
//   Deployment -> ReplicaSet "<deploy>-<pod-template-hash>" -> pods "<rs>-<5 chars>"
//   ReplicaSet / ReplicationController -> pods "<name>-<5 chars>"
//   StatefulSet -> pods "<name>-<ordinal>" (all replicas at once, i.e. Parallel semantics)
//   Job -> min(parallelism, completions) pods "<job>-<5 chars>" ("<job>-<index>-<5 chars>" when Indexed)
//   DaemonSet -> one pod per eligible node, pinned with node affinity matchFields metadata.name
//                and the tolerations the DaemonSet controller adds.
// Random suffixes and hashes are deterministic (see naming.ts). The pods are returned without
// apiserver defaults; the loader defaults them like any other pod.

import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';
import { defaultMetadata, type Obj } from './defaults';
import { compileLabelSelector } from './labels';
import { matchNodeSelectorTerms } from './labels';
import { templateHash } from './naming';
import { findMatchingUntoleratedTaint } from './tolerations';
import { clonePlain, copyPos } from './yamlsource';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const DAEMONSET_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export interface ExpandContext {
  /** Keys "Kind/namespace/name" already taken (pods get unique generated names). */
  usedNames: Set<string>;
}

export interface GeneratedPod {
  pod: Obj;
  /** The workload object the pod came from (for positions). */
  owner: Obj;
}

function ownerRef(kind: string, apiVersion: string, owner: Obj): Obj {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A pod from a template: labels/annotations copied, spec deep-copied (positions kept). */
function podFromTemplate(template: Obj, namespace: string, owner: Obj, ownerKind: string, ownerApiVersion: string): Obj {
  const tmeta: Obj = template.metadata ?? {};
  const spec = clonePlain(template.spec ?? {});
  const pod: Obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      labels: { ...(tmeta.labels ?? {}) },
      ownerReferences: [ownerRef(ownerKind, ownerApiVersion, owner)],
    },
    spec,
  };
  if (tmeta.annotations) pod.metadata.annotations = { ...tmeta.annotations };
  copyPos(template, pod);
  return pod;
}

const replicasOf = (spec: Obj): number => (typeof spec.replicas === 'number' ? spec.replicas : 1);

/** Whether the template's labels satisfy the selector (apiserver validation of workloads). */
export function selectorMatchesTemplate(selector: Obj | undefined, template: Obj | undefined): boolean {
  const sel = compileLabelSelector(selector as never);
  if (sel.error || sel.matchesAll) return false;
  return sel(template?.metadata?.labels ?? {});
}

function pods(
  count: number,
  base: string,
  make: (i: number) => Obj,
  owner: Obj,
  ctx: ExpandContext,
  kind: string,
): GeneratedPod[] {
  const out: GeneratedPod[] = [];
  for (let i = 0; i < count; i++) {
    const p = make(i);
    if (!p.metadata.name) p.metadata.generateName = p.metadata.generateName ?? `${base}-`;
    defaultMetadata(p, 'Pod', true, ctx.usedNames, `${kind}/${owner.metadata.namespace}/${owner.metadata.name}/${i}`);
    out.push({ pod: p, owner });
  }
  return out;
}

/** Pods of a ReplicaSet (or of a ReplicationController with kind/apiVersion given). */
export function expandReplicaSet(rs: Obj, ctx: ExpandContext, kind = 'ReplicaSet', apiVersion = 'apps/v1'): GeneratedPod[] {
  const ns = rs.metadata.namespace;
  return pods(replicasOf(rs.spec), rs.metadata.name, () => podFromTemplate(rs.spec.template, ns, rs, kind, apiVersion), rs, ctx, kind);
}

/** The ReplicaSet a Deployment creates first, and its pods. */
export function expandDeployment(d: Obj, ctx: ExpandContext): { replicaSet: Obj; pods: GeneratedPod[] } {
  const ns = d.metadata.namespace;
  const hash = templateHash(d.spec.template);
  const template = clonePlain(d.spec.template);
  template.metadata = { ...(template.metadata ?? {}) };
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = clonePlain(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: Obj = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: ns,
      labels: { ...(template.metadata.labels ?? {}) },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': String(replicasOf(d.spec)) },
      ownerReferences: [ownerRef('Deployment', 'apps/v1', d)],
    },
    spec: { replicas: replicasOf(d.spec), selector, template },
  };
  copyPos(d, rs);
  defaultMetadata(rs, 'ReplicaSet', true, ctx.usedNames, `Deployment/${ns}/${d.metadata.name}`);
  return { replicaSet: rs, pods: expandReplicaSet(rs, ctx) };
}

/** Pods of a StatefulSet: "<name>-<ordinal>". */
export function expandStatefulSet(ss: Obj, ctx: ExpandContext): GeneratedPod[] {
  const ns = ss.metadata.namespace;
  const name = ss.metadata.name as string;
  const start = typeof ss.spec.ordinals?.start === 'number' ? ss.spec.ordinals.start : 0;
  const revision = `${name}-${templateHash(ss.spec.template)}`;
  return pods(
    replicasOf(ss.spec),
    name,
    (i) => {
      const ordinal = start + i;
      const p = podFromTemplate(ss.spec.template, ns, ss, 'StatefulSet', 'apps/v1');
      const podName = `${name}-${ordinal}`;
      p.metadata.name = podName;
      p.metadata.labels[CONTROLLER_REVISION_HASH_LABEL] = revision;
      p.metadata.labels[STATEFULSET_POD_NAME_LABEL] = podName;
      p.metadata.labels[POD_INDEX_LABEL] = String(ordinal);
      p.spec.hostname = podName;
      if (ss.spec.serviceName) p.spec.subdomain = ss.spec.serviceName;
      return p;
    },
    ss,
    ctx,
    'StatefulSet',
  );
}

/**
 * Fills in what the apiserver adds to a Job without manualSelector: the controller-uid and
 * job-name labels on the template and the selector. Call before validating the selector.
 */
export function defaultJob(job: Obj): void {
  if (job.spec.manualSelector === true) return;
  const uid = job.metadata.uid as string;
  const name = job.metadata.name as string;
  const labels = { [JOB_CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, [LEGACY_JOB_CONTROLLER_UID_LABEL]: uid, [LEGACY_JOB_NAME_LABEL]: name };
  job.spec.template.metadata = { ...(job.spec.template.metadata ?? {}) };
  job.spec.template.metadata.labels = { ...(job.spec.template.metadata.labels ?? {}), ...labels };
  job.spec.selector = { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
}

/** The pods a Job starts with. */
export function expandJob(job: Obj, ctx: ExpandContext): GeneratedPod[] {
  const ns = job.metadata.namespace;
  const name = job.metadata.name as string;
  if (job.spec.suspend === true) return [];
  const parallelism = typeof job.spec.parallelism === 'number' ? job.spec.parallelism : 1;
  const completions = typeof job.spec.completions === 'number' ? job.spec.completions : null;
  const count = completions === null ? parallelism : Math.min(parallelism, completions);
  const indexed = job.spec.completionMode === 'Indexed';
  return pods(
    count,
    name,
    (i) => {
      const p = podFromTemplate(job.spec.template, ns, job, 'Job', 'batch/v1');
      if (indexed) {
        p.metadata.generateName = `${name}-${i}-`;
        p.metadata.labels[JOB_COMPLETION_INDEX] = String(i);
        p.metadata.annotations = { ...(p.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(i) };
        p.spec.hostname = `${name}-${i}`;
      }
      return p;
    },
    job,
    ctx,
    'Job',
  );
}

/** upstream AddOrUpdateTolerationInPodSpec. */
function addOrUpdateToleration(tols: Obj[], t: Obj): Obj[] {
  const same = (a: Obj) => (a.key ?? '') === t.key && (a.effect ?? '') === t.effect && (a.operator ?? '') === t.operator && (a.value ?? '') === (t.value ?? '');
  if (tols.some(same)) return tols.map((x) => (same(x) ? { ...t } : x));
  return [...tols, { ...t }];
}

/** The tolerations the DaemonSet controller adds (AddOrUpdateDaemonPodTolerations). */
export function addDaemonPodTolerations(spec: Obj): void {
  let tols: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const add = (key: string, effect: string) => (tols = addOrUpdateToleration(tols, { key, operator: 'Exists', effect }));
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  spec.tolerations = tols;
}

/** upstream ReplaceDaemonSetPodNodeNameNodeAffinity. */
export function pinToNode(spec: Obj, nodeName: string): void {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const aff: Obj = spec.affinity ?? {};
  const na: Obj = aff.nodeAffinity ?? {};
  const req: Obj = na.requiredDuringSchedulingIgnoredDuringExecution ?? {};
  req.nodeSelectorTerms = [term];
  na.requiredDuringSchedulingIgnoredDuringExecution = req;
  aff.nodeAffinity = na;
  spec.affinity = aff;
}

/**
 * Whether a DaemonSet should run a pod on the node (NodeShouldRunDaemonPod's "should run"):
 * template nodeName, nodeSelector + required node affinity, and NoSchedule/NoExecute taints
 * against the template tolerations plus the daemon tolerations.
 */
export function daemonShouldRun(ds: Obj, node: Node): boolean {
  const spec: Obj = ds.spec.template.spec ?? {};
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return false;
  const labels = node.metadata?.labels ?? {};
  const nodeSelector: Record<string, string> = spec.nodeSelector ?? {};
  for (const k of Object.keys(nodeSelector)) if (labels[k] !== nodeSelector[k]) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !matchNodeSelectorTerms(node, required.nodeSelectorTerms ?? [])) return false;
  const probe: Obj = { tolerations: clonePlain(spec.tolerations ?? []), hostNetwork: spec.hostNetwork };
  addDaemonPodTolerations(probe);
  const untolerated = findMatchingUntoleratedTaint(
    (node.spec?.taints ?? []) as Taint[],
    probe.tolerations as Toleration[],
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  return untolerated === null;
}

/** One pod per eligible node (in the given node order). */
export function expandDaemonSet(ds: Obj, nodes: Node[], ctx: ExpandContext): GeneratedPod[] {
  const ns = ds.metadata.namespace;
  const name = ds.metadata.name as string;
  const revision = templateHash(ds.spec.template);
  const eligible = nodes.filter((n) => daemonShouldRun(ds, n));
  return pods(
    eligible.length,
    name,
    (i) => {
      const p = podFromTemplate(ds.spec.template, ns, ds, 'DaemonSet', 'apps/v1');
      p.metadata.labels[CONTROLLER_REVISION_HASH_LABEL] = revision;
      p.metadata.labels[DAEMONSET_TEMPLATE_GENERATION_LABEL] = '1';
      addDaemonPodTolerations(p.spec);
      pinToNode(p.spec, eligible[i].metadata?.name ?? '');
      return p;
    },
    ds,
    ctx,
    'DaemonSet',
  );
}
