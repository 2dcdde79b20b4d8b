// PodInfo: a pod with what the scheduler reads of it precomputed (upstream framework.NewPodInfo
// and PodInfo.CalculateResource), plus the resource helpers the plugins need:
// podRequests (component-helpers resource.PodRequests), qosClass (GetPodQOS), podHostPorts.
//
// Feature gates at their v1.35 defaults: PodLevelResources on, InPlacePodVerticalScaling on
// (container status resources are considered: max(spec, actuated, allocated)),
// InPlacePodLevelResourcesVerticalScaling off, DRANodeAllocatableResources off.

import type { Container, ContainerPort, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { AffinityTerm, PodInfo, Resource, WeightedAffinityTerm } from '../framework/types';
import { compileLabelSelector } from './labels';
import { isPodLevelRequestsSet, podLevelResources, podRequestsAmounts } from './podrequests';
import { nanosToMilli, nanosToValue } from './quantity';
import { addAmountsToResource, amountOf, emptyResource, RESOURCE_CPU, RESOURCE_MEMORY, type ResourceAmounts } from './resources';

export { podRequests, podRequestsAmounts, isPodLevelRequestsSet, type PodRequestsOptions } from './podrequests';

/** upstream schedutil.DefaultMilliCPURequest (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** upstream schedutil.DefaultMemoryRequest (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

// ---- affinity terms ---------------------------------------------------------------------------

function termNamespaces(pod: Pod, term: PodAffinityTerm): Set<string> {
  const ns = term.namespaces ?? [];
  if (ns.length === 0 && term.namespaceSelector == null) return new Set([pod.metadata?.namespace ?? 'default']);
  return new Set(ns);
}

function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm | string {
  const selector = compileLabelSelector(term.labelSelector);
  if (selector.error) return selector.error;
  const nsSel = term.namespaceSelector == null ? null : compileLabelSelector(term.namespaceSelector);
  if (nsSel?.error) return nsSel.error;
  return {
    namespaces: termNamespaces(pod, term),
    selector,
    topologyKey: term.topologyKey ?? '',
    namespaceSelector: nsSel,
  };
}

function getAffinityTerms(pod: Pod, terms: PodAffinityTerm[] | undefined): AffinityTerm[] | string {
  const out: AffinityTerm[] = [];
  for (const t of terms ?? []) {
    const r = newAffinityTerm(pod, t);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}

function getWeightedAffinityTerms(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] | string {
  const out: WeightedAffinityTerm[] = [];
  for (const t of terms ?? []) {
    const r = newAffinityTerm(pod, t.podAffinityTerm ?? ({} as PodAffinityTerm));
    if (typeof r === 'string') return r;
    out.push({ ...r, weight: t.weight ?? 0 });
  }
  return out;
}

// ---- requests ---------------------------------------------------------------------------------

export interface PodResource {
  requests: Resource;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

/** upstream PodInfo.CalculateResource: requests as framework.Resource plus the non-zero cpu/memory. */
export function calculatePodResource(pod: Pod): PodResource {
  const reqs = podRequestsAmounts(pod, {});
  const podLevel = isPodLevelRequestsSet(pod);
  let nonMissing: ResourceAmounts;
  if (!podLevel) {
    nonMissing = new Map([
      [RESOURCE_CPU, BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n],
      [RESOURCE_MEMORY, BigInt(DEFAULT_MEMORY_REQUEST) * 1_000_000_000n],
    ]);
  } else {
    nonMissing = new Map();
    if (!reqs.has(RESOURCE_CPU)) nonMissing.set(RESOURCE_CPU, BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n);
    if (!reqs.has(RESOURCE_MEMORY)) nonMissing.set(RESOURCE_MEMORY, BigInt(DEFAULT_MEMORY_REQUEST) * 1_000_000_000n);
  }
  const non0 = nonMissing.size > 0 ? podRequestsAmounts(pod, { nonMissingContainerRequests: nonMissing }) : reqs;
  const requests = emptyResource();
  addAmountsToResource(requests, reqs);
  return {
    requests,
    nonZeroMilliCPU: Number(nanosToMilli(non0.get(RESOURCE_CPU) ?? 0n)),
    nonZeroMemory: Number(nanosToValue(non0.get(RESOURCE_MEMORY) ?? 0n)),
  };
}

/** A PodInfo for the pod (upstream NewPodInfo + CalculateResource). Never throws. */
export function newPodInfo(pod: Pod): PodInfo {
  const meta = pod.metadata ?? {};
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  const aff = pod.spec?.affinity;
  const errors: string[] = [];
  const req = getAffinityTerms(pod, aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  if (typeof req === 'string') errors.push(`requiredAffinityTerms: ${req}`);
  const reqAnti = getAffinityTerms(pod, aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  if (typeof reqAnti === 'string') errors.push(`requiredAntiAffinityTerms: ${reqAnti}`);
  const pref = getWeightedAffinityTerms(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  if (typeof pref === 'string') errors.push(`preferredAffinityTerms: ${pref}`);
  const prefAnti = getWeightedAffinityTerms(pod, aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  if (typeof prefAnti === 'string') errors.push(`preferredAntiAffinityTerms: ${prefAnti}`);

  const res = calculatePodResource(pod);
  const startTime = pod.status?.startTime ? Date.parse(pod.status.startTime) : Number.NaN;
  const deletion = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : Number.NaN;
  const pi: PodInfo = {
    pod,
    key: `${namespace}/${name}`,
    uid: meta.uid ?? `${namespace}/${name}`,
    namespace,
    name,
    labels: meta.labels ?? {},
    priority: pod.spec?.priority ?? 0,
    requests: res.requests,
    nonZeroMilliCPU: res.nonZeroMilliCPU,
    nonZeroMemory: res.nonZeroMemory,
    requiredAffinityTerms: typeof req === 'string' ? [] : req,
    requiredAntiAffinityTerms: typeof reqAnti === 'string' ? [] : reqAnti,
    preferredAffinityTerms: typeof pref === 'string' ? [] : pref,
    preferredAntiAffinityTerms: typeof prefAnti === 'string' ? [] : prefAnti,
  };
  if (errors.length) pi.parseError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  if (!Number.isNaN(startTime)) pi.startTime = startTime;
  if (!Number.isNaN(deletion)) pi.deletionTime = deletion;
  return pi;
}

// ---- affinity predicates used by NodeInfo ------------------------------------------------------

/** upstream podWithAffinity: the pod has pod affinity or pod anti-affinity (any kind). */
export function podHasAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return a != null && (a.podAffinity != null || a.podAntiAffinity != null);
}

/** upstream podWithRequiredAntiAffinity. */
export function podHasRequiredAntiAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity?.podAntiAffinity;
  return a != null && (a.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) !== 0;
}

// ---- host ports ---------------------------------------------------------------------------------

/** upstream schedutil.GetHostPorts: ports with hostPort > 0 of sidecar init containers, then containers. */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  const spec = pod.spec;
  if (!spec) return out;
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  return out;
}

// ---- QoS --------------------------------------------------------------------------------------

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

function resourceQOS(requests: Record<string, unknown> | undefined, limits: Record<string, unknown> | undefined): QOSClass {
  const r = requests ?? {};
  const l = limits ?? {};
  if (Object.keys(r).length === 0 && Object.keys(l).length === 0) return 'BestEffort';
  let qos: QOSClass | '' = '';
  for (const res of [RESOURCE_CPU, RESOURCE_MEMORY]) {
    const req = amountOf(r[res]);
    const lim = amountOf(l[res]);
    if (req !== lim) return 'Burstable';
    const bestEffort = req === 0n;
    if (qos === '') qos = bestEffort ? 'BestEffort' : 'Guaranteed';
    else if (bestEffort !== (qos === 'BestEffort')) return 'Burstable';
  }
  return qos as QOSClass;
}

/** upstream GetPodQOS: status.qosClass when set, else computed (pod-level resources first). */
export function qosClass(pod: Pod): QOSClass {
  const st = pod.status?.qosClass;
  if (st === 'Guaranteed' || st === 'Burstable' || st === 'BestEffort') return st;
  const spec = pod.spec;
  const podLevel = podLevelResources(pod);
  if (podLevel) return resourceQOS(podLevel.requests, podLevel.limits);
  let podQOS: QOSClass | '' = '';
  const all: Container[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  for (const c of all) {
    const q = resourceQOS(c.resources?.requests, c.resources?.limits);
    if (q === 'Burstable') return q;
    if (podQOS === '') podQOS = q;
    else if (podQOS !== q) return 'Burstable';
  }
  return podQOS === '' ? 'BestEffort' : podQOS;
}
