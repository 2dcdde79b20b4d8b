// What the volume plugins need to know about PersistentVolumeClaims and in-tree volumes.
//
// The engine does not model PersistentVolumeClaims / PersistentVolumes / StorageClasses /
// CSINodes yet: every claim lookup answers "not found", which is exactly what upstream's
// listers answer in a cluster without those objects. `lookupPVC` is the one place to wire a
// real lister in later.

import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { Handle } from '../../framework/types';

/** A failed lookup, carrying upstream's apierrors.NewNotFound message. */
export class NotFoundError extends Error {
  constructor(resource: string, name: string) {
    super(`${resource} "${name}" not found`);
  }
}

/** The claim, or a NotFoundError (`persistentvolumeclaim "<name>" not found`). */
export function lookupPVC(_handle: Handle | null, _namespace: string, name: string): PersistentVolumeClaim | NotFoundError {
  return new NotFoundError('persistentvolumeclaim', name);
}

/** Upstream's ephemeral.VolumeClaimName: "<pod name>-<volume name>". */
export function ephemeralVolumeClaimName(pod: Pod, vol: Volume): string {
  return `${pod.metadata?.name ?? ''}-${vol.name}`;
}

/**
 * csi-translation-lib's IsInlineMigratable: in-tree inline volumes whose plugin supports CSI
 * migration (AWS EBS, GCE PD, Azure Disk, Azure File, Cinder, vSphere, Portworx).
 */
export function isInlineMigratable(vol: Volume): boolean {
  const v = vol as Volume & { cinder?: unknown };
  return (
    v.awsElasticBlockStore != null ||
    v.gcePersistentDisk != null ||
    v.azureDisk != null ||
    v.azureFile != null ||
    v.cinder != null ||
    v.vsphereVolume != null ||
    v.portworxVolume != null
  );
}
