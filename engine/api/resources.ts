// Resource names and exact resource-list arithmetic (upstream v1.ResourceList with Quantity
// values), plus the conversion to the scheduler's integer framework.Resource.
//
// A ResourceAmounts maps a resource name to its exact amount in nano units (BigInt), so sums and
// maxima are exact like upstream's Quantity.Add/Cmp, and rounding happens only once, when
// converting to framework.Resource (MilliValue for cpu, Value for the rest).

import type { Resource } from '../framework/types';
import { isQualifiedName } from './names';
import { nanosToMilli, nanosToValue, parseQuantity } from './quantity';

export type ResourceAmounts = Map<string, bigint>;

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_PODS = 'pods';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const HUGEPAGES_PREFIX = 'hugepages-';
export const ATTACHABLE_VOLUMES_PREFIX = 'attachable-volumes-';
const DEFAULT_NAMESPACE_PREFIX = 'kubernetes.io/';
const REQUESTS_PREFIX = 'requests.';

/** upstream IsPrefixedNativeResource: the name is in the *kubernetes.io/ namespace. */
export const isPrefixedNativeResource = (name: string): boolean => name.includes(DEFAULT_NAMESPACE_PREFIX);
/** upstream IsNativeResource: no domain prefix, or a *kubernetes.io/ one. */
export const isNativeResource = (name: string): boolean => !name.includes('/') || isPrefixedNativeResource(name);
export const isHugePageResourceName = (name: string): boolean => name.startsWith(HUGEPAGES_PREFIX);
export const isAttachableVolumeResourceName = (name: string): boolean => name.startsWith(ATTACHABLE_VOLUMES_PREFIX);

const extendedCache = new Map<string, boolean>();
/** upstream IsExtendedResourceName: a domain-prefixed, non-native name valid as "requests.<name>". */
export function isExtendedResourceName(name: string): boolean {
  let r = extendedCache.get(name);
  if (r === undefined) {
    r = !isNativeResource(name) && !name.startsWith(REQUESTS_PREFIX) && isQualifiedName(REQUESTS_PREFIX + name).length === 0;
    extendedCache.set(name, r);
  }
  return r;
}

/** upstream schedutil.IsScalarResourceName: extended, hugepages, prefixed native, attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    isHugePageResourceName(name) ||
    isPrefixedNativeResource(name) ||
    isAttachableVolumeResourceName(name)
  );
}

const quantityCache = new Map<string, bigint>();

/** The exact amount of one quantity value as written in YAML (string or number); invalid = 0. */
export function amountOf(v: unknown): bigint {
  if (typeof v !== 'string' && typeof v !== 'number') return 0n;
  const key = typeof v === 'number' ? `#${v}` : v;
  let n = quantityCache.get(key);
  if (n === undefined) {
    const q = parseQuantity(v);
    n = q.error === undefined ? q.nanos : 0n;
    if (quantityCache.size > 10_000) quantityCache.clear();
    quantityCache.set(key, n);
  }
  return n;
}

/** Reads a v1.ResourceList object (values are quantity strings or numbers). */
export function readResourceList(list: Record<string, unknown> | null | undefined): ResourceAmounts {
  const m: ResourceAmounts = new Map();
  if (!list) return m;
  for (const k of Object.keys(list)) m.set(k, amountOf(list[k]));
  return m;
}

/** list += other (upstream addResourceList). */
export function addAmounts(list: ResourceAmounts, other: ResourceAmounts): void {
  for (const [k, v] of other) list.set(k, (list.get(k) ?? 0n) + v);
}

/** list = max(list, other) per resource present in other (upstream maxResourceList). */
export function maxAmounts(list: ResourceAmounts, other: ResourceAmounts): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (cur === undefined || v > cur) list.set(k, v);
  }
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

export function cloneResource(r: Resource): Resource {
  return {
    milliCPU: r.milliCPU,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    allowedPodNumber: r.allowedPodNumber,
    scalar: new Map(r.scalar),
  };
}

/** upstream framework Resource.Add(ResourceList): cpu by MilliValue, others by Value; unknown names ignored. */
export function addAmountsToResource(r: Resource, list: ResourceAmounts): void {
  for (const [name, nanos] of list) {
    switch (name) {
      case RESOURCE_CPU:
        r.milliCPU += Number(nanosToMilli(nanos));
        break;
      case RESOURCE_MEMORY:
        r.memory += Number(nanosToValue(nanos));
        break;
      case RESOURCE_PODS:
        r.allowedPodNumber += Number(nanosToValue(nanos));
        break;
      case RESOURCE_EPHEMERAL_STORAGE:
        r.ephemeralStorage += Number(nanosToValue(nanos));
        break;
      default:
        if (isScalarResourceName(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0) + Number(nanosToValue(nanos)));
    }
  }
}

/** upstream NewResource(ResourceList). */
export function resourceFromList(list: Record<string, unknown> | null | undefined): Resource {
  const r = emptyResource();
  addAmountsToResource(r, readResourceList(list));
  return r;
}
