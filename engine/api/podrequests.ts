// Effective pod requests as upstream's k8s.io/component-helpers/resource PodRequests:
//   sum(containers) + sum(restartable init containers), maxed against every init container's
//   use (its own requests + the restartable init containers before it), then pod-level
//   requests (spec.resources.requests for cpu, memory, hugepages-*) replace the aggregate,
//   then spec.overhead is added.
// With InPlacePodVerticalScaling (GA, on) container status resources count too:
//   max(spec, actuated, allocated), or max(actuated, allocated) when the resize is Infeasible.

import type { Container, ContainerStatus, Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import { addAmounts, amountOf, HUGEPAGES_PREFIX, maxAmounts, readResourceList, type ResourceAmounts } from './resources';

export interface PodRequestsOptions {
  /** Leave spec.overhead out. */
  excludeOverhead?: boolean;
  /** Ignore spec.resources (the PodLevelResources feature gate off). */
  skipPodLevelResources?: boolean;
  /** Ignore container statuses (the InPlacePodVerticalScaling feature gate off). Default false. */
  skipStatusResources?: boolean;
  /** Amounts to use for a container that does not name a resource (explicit zeros stay). */
  nonMissingContainerRequests?: ResourceAmounts;
}

/** spec.resources (pod-level resources; newer than the kubernetes-types version we use). */
export function podLevelResources(pod: Pod): ResourceRequirements | undefined {
  return (pod.spec as { resources?: ResourceRequirements } | undefined)?.resources;
}

const SUPPORTED_POD_LEVEL = new Set(['cpu', 'memory']);
/** upstream IsSupportedPodLevelResource: cpu, memory, hugepages-*. */
export const isSupportedPodLevelResource = (name: string): boolean =>
  SUPPORTED_POD_LEVEL.has(name) || name.startsWith(HUGEPAGES_PREFIX);

/** upstream IsPodLevelRequestsSet. */
export function isPodLevelRequestsSet(pod: Pod): boolean {
  const reqs = podLevelResources(pod)?.requests;
  if (!reqs) return false;
  return Object.keys(reqs).some(isSupportedPodLevelResource);
}

/** upstream IsPodResizeInfeasible. */
export function isPodResizeInfeasible(pod: Pod): boolean {
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'PodResizePending') return c.reason === 'Infeasible';
  }
  return false;
}

type Getter = (c: Container, cs: ContainerStatus | undefined, infeasible: boolean) => ResourceAmounts | null;

const specRequests: Getter = (c) => readResourceList(c.resources?.requests);
const allocatedRequests: Getter = (c, cs, infeasible) => {
  if (cs?.allocatedResources) return readResourceList(cs.allocatedResources);
  if (infeasible) return null;
  return readResourceList(c.resources?.requests);
};
const actuatedRequests: Getter = (c, cs, infeasible) => {
  if (cs?.resources?.requests) return readResourceList(cs.resources.requests);
  if (cs?.allocatedResources) return readResourceList(cs.allocatedResources);
  if (infeasible) return null;
  return readResourceList(c.resources?.requests);
};

function findStatus(pod: Pod, name: string): ContainerStatus | undefined {
  return (
    pod.status?.containerStatuses?.find((s) => s.name === name) ??
    pod.status?.initContainerStatuses?.find((s) => s.name === name)
  );
}

function applyNonMissing(reqs: ResourceAmounts | null, nonMissing: ResourceAmounts): ResourceAmounts {
  const out: ResourceAmounts = new Map(reqs ?? []);
  for (const [k, v] of nonMissing) if (!reqs?.has(k)) out.set(k, v);
  return out;
}

function aggregate(pod: Pod, opts: PodRequestsOptions, get: Getter, useStatus: boolean): ResourceAmounts {
  const infeasible = useStatus && isPodResizeInfeasible(pod);
  const nonMissing = opts.nonMissingContainerRequests;
  const one = (c: Container): ResourceAmounts => {
    const cs = useStatus ? findStatus(pod, c.name) : undefined;
    let r = get(c, cs, infeasible);
    if (nonMissing && nonMissing.size > 0) r = applyNonMissing(r, nonMissing);
    return r ?? new Map();
  };
  const result: ResourceAmounts = new Map();
  for (const c of pod.spec?.containers ?? []) addAmounts(result, one(c));
  const restartable: ResourceAmounts = new Map();
  const initMax: ResourceAmounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    let r = one(c);
    if (c.restartPolicy === 'Always') {
      addAmounts(result, r);
      addAmounts(restartable, r);
      r = restartable;
    } else {
      const combined: ResourceAmounts = new Map(r);
      addAmounts(combined, restartable);
      r = combined;
    }
    maxAmounts(initMax, r);
  }
  maxAmounts(result, initMax);
  return result;
}

/** Effective requests of the pod, exact, as resource name -> nanos. */
export function podRequestsAmounts(pod: Pod, opts: PodRequestsOptions = {}): ResourceAmounts {
  let reqs: ResourceAmounts;
  if (opts.skipStatusResources) {
    reqs = aggregate(pod, opts, specRequests, false);
  } else {
    const infeasible = isPodResizeInfeasible(pod);
    const spec = aggregate(pod, opts, specRequests, true);
    const allocated = aggregate(pod, opts, allocatedRequests, true);
    const actuated = aggregate(pod, opts, actuatedRequests, true);
    if (infeasible) {
      reqs = new Map(actuated);
      maxAmounts(reqs, allocated);
    } else {
      reqs = new Map(spec);
      maxAmounts(reqs, actuated);
      maxAmounts(reqs, allocated);
    }
  }
  if (!opts.skipPodLevelResources && isPodLevelRequestsSet(pod)) {
    const podReqs = podLevelResources(pod)?.requests ?? {};
    for (const k of Object.keys(podReqs)) {
      if (isSupportedPodLevelResource(k)) reqs.set(k, amountOf(podReqs[k]));
    }
  }
  if (!opts.excludeOverhead && pod.spec?.overhead) addAmounts(reqs, readResourceList(pod.spec.overhead));
  return reqs;
}

/** Effective requests of the pod as upstream's PodRequests, as quantities in nanos (bigint). */
export const podRequests = podRequestsAmounts;
