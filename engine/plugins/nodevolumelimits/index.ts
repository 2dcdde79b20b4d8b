// NodeVolumeLimits (upstream pkg/scheduler/framework/plugins/nodevolumelimits, CSILimits): a node
// fits when attaching the pod's new CSI volumes keeps it within its CSINode's per-driver limits.
//
// Faithful for what the engine models: PreFilter returns Skip for pods without PVC, ephemeral
// or migratable in-tree volumes; a PVC that does not exist rejects the node as
// UnschedulableAndUnresolvable with upstream's message. Without CSINode objects no driver has a
// limit and in-tree volumes are not migrated, so nothing else is counted.

import type { Pod } from 'kubernetes-types/core/v1';
import {
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/types';
import { ephemeralVolumeClaimName, isInlineMigratable, lookupPVC, NotFoundError } from '../helper/volumes';

export const Name = 'NodeVolumeLimits';
export const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';

export class CSILimits implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Name;
  constructor(private readonly handle: Handle | null) {}

  preFilter(_state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    for (const v of pi.pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim != null || v.ephemeral != null || isInlineMigratable(v)) {
        return { result: null, status: null };
      }
    }
    return { result: null, status: Status.skip() };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(_state: CycleState, pi: PodInfo, _nodeInfo: NodeInfo): Status | null {
    const pod: Pod = pi.pod;
    const vols = pod.spec?.volumes;
    // A pod without volumes always fits.
    if (!vols || vols.length === 0) return null;
    // filterAttachableVolumes for the new pod: its claims must exist.
    for (const v of vols) {
      let claimName: string;
      if (v.persistentVolumeClaim != null) claimName = v.persistentVolumeClaim.claimName ?? '';
      else if (v.ephemeral != null) claimName = ephemeralVolumeClaimName(pod, v);
      else continue;
      if (claimName === '') return Status.unresolvable('PersistentVolumeClaim had no name');
      const pvc = lookupPVC(this.handle, pi.namespace, claimName);
      if (pvc instanceof NotFoundError) {
        // The pod can never be scheduled until the PVC is created.
        return Status.unresolvable(`looking up PVC ${pi.namespace}/${claimName}: ${pvc.message}`);
      }
    }
    // No CSINode objects: no driver reports a limit, in-tree volumes are not migrated.
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'CSINode', action: 'Add' } },
      { event: { resource: 'CSINode', action: 'Update' } },
      { event: { resource: 'Pod', action: 'Delete' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
    ];
  }
}

export const factory: PluginFactory = (_args, handle) => new CSILimits(handle ?? null);
