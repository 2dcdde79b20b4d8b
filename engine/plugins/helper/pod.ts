// Small pod helpers for the plugins' queueing hints.

import type { Pod } from 'kubernetes-types/core/v1';

/** The pod's UID, or "namespace/name" when it has none (as engine/api/podinfo keys pods). */
export function podUID(pod: Pod | null | undefined): string {
  const m = pod?.metadata;
  return m?.uid ?? `${m?.namespace ?? 'default'}/${m?.name ?? ''}`;
}

/** Same pod (by UID). */
export function samePod(a: Pod | null | undefined, b: Pod | null | undefined): boolean {
  return podUID(a) === podUID(b);
}
