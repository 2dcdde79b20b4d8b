// VolumeZone (upstream pkg/scheduler/framework/plugins/volumezone): a node fits when its zone and
// region labels match the topology of the PersistentVolumes bound to the pod's claims.
// PreFilter returns Skip for pods without such volumes; a claim that does not exist rejects the
// pod (UnschedulableAndUnresolvable). PersistentVolumes are not modeled yet (no topology to check).

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
import { lookupPVC, NotFoundError } from '../helper/volumes';

export const Name = 'VolumeZone';
export const ErrReasonConflict = 'node(s) had no available volume zone';
const preFilterStateKey = 'PreFilter' + Name;

interface PVTopology {
  pvName: string;
  key: string;
  values: Set<string>;
}

export class VolumeZone implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Name;
  constructor(private readonly handle: Handle | null) {}

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const topologies: PVTopology[] = [];
    for (const v of pi.pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim == null) continue;
      const claimName = v.persistentVolumeClaim.claimName ?? '';
      if (claimName === '') return { result: null, status: Status.unresolvable('PersistentVolumeClaim had no name') };
      const pvc = lookupPVC(this.handle, pi.namespace, claimName);
      if (pvc instanceof NotFoundError) return { result: null, status: Status.unresolvable(pvc.message) };
      // Bound PersistentVolumes (and their zone labels) are not modeled yet.
    }
    if (topologies.length === 0) return { result: null, status: Status.skip() };
    state.write(preFilterStateKey, topologies);
    return { result: null, status: null };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, _pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const topologies = state.read<PVTopology[]>(preFilterStateKey);
    if (!topologies || topologies.length === 0) return null;
    const labels = nodeInfo.labels;
    for (const t of topologies) {
      const v = labels[t.key];
      if (v === undefined || !t.values.has(v)) return Status.unresolvable(ErrReasonConflict);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // A new StorageClass with WaitForFirstConsumer may make the pod schedulable.
      { event: { resource: 'StorageClass', action: 'Add' } },
      // A node's zone labels may start to match.
      { event: { resource: 'Node', action: 'Add' } },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' } },
      // The claim may be created or bound.
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Update' } },
      { event: { resource: 'PersistentVolume', action: 'Add' } },
      { event: { resource: 'PersistentVolume', action: 'Update' } },
    ];
  }
}

export const factory: PluginFactory = (_args, handle) => new VolumeZone(handle ?? null);
