// VolumeBinding (upstream pkg/scheduler/framework/plugins/volumebinding): binds the pod's
// PersistentVolumeClaims. Faithful for pods without claims (PreFilter Skip) and for claims that
// do not exist (PreFilter rejects the pod with upstream's message); PersistentVolumes and
// StorageClasses are not modeled yet.
//
// Score: only with the StorageCapacityScoring feature gate, alpha and off in v1.35, so PreScore
// returns Skip and the plugin never contributes a score.

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
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ReservePlugin,
  type ScorePlugin,
} from '../../framework/types';
import { ephemeralVolumeClaimName, lookupPVC, NotFoundError } from '../helper/volumes';

export const Name = 'VolumeBinding';
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
const stateKey = Name;
/** Default VolumeBindingArgs.bindTimeoutSeconds. */
export const DefaultBindTimeoutSeconds = 600;
/** Default of the StorageCapacityScoring feature gate in v1.35 (alpha). */
export const STORAGE_CAPACITY_SCORING_DEFAULT = false;

interface StateData {
  /** The pod has no claims at all. */
  skip: boolean;
}

export class VolumeBinding
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions
{
  readonly name = Name;
  readonly bindTimeoutSeconds: number;
  constructor(
    private readonly handle: Handle | null,
    args: Record<string, unknown> | undefined,
  ) {
    const t = args?.bindTimeoutSeconds;
    this.bindTimeoutSeconds = typeof t === 'number' && t > 0 ? t : DefaultBindTimeoutSeconds;
  }

  /** Upstream's podHasPVCs: whether the pod uses claims, or why they cannot be used. */
  podHasPVCs(pod: Pod, namespace: string): { hasPVC: boolean; error?: string } {
    let hasPVC = false;
    for (const v of pod.spec?.volumes ?? []) {
      let claimName: string;
      let isEphemeral = false;
      if (v.persistentVolumeClaim != null) claimName = v.persistentVolumeClaim.claimName ?? '';
      else if (v.ephemeral != null) {
        claimName = ephemeralVolumeClaimName(pod, v);
        isEphemeral = true;
      } else continue;
      hasPVC = true;
      const pvc = lookupPVC(this.handle, namespace, claimName);
      if (pvc instanceof NotFoundError) {
        // Normal right after creating a pod with a generic ephemeral volume.
        if (isEphemeral) return { hasPVC, error: `waiting for ephemeral volume controller to create the persistentvolumeclaim "${claimName}"` };
        return { hasPVC, error: pvc.message };
      }
      if (pvc.status?.phase === 'Lost') {
        return { hasPVC, error: `persistentvolumeclaim "${claimName}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"` };
      }
      if (pvc.metadata?.deletionTimestamp) return { hasPVC, error: `persistentvolumeclaim "${claimName}" is being deleted` };
    }
    return { hasPVC };
  }

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const { hasPVC, error } = this.podHasPVCs(pi.pod, pi.namespace);
    if (error !== undefined) return { result: null, status: Status.unresolvable(error) };
    if (!hasPVC) {
      state.write(stateKey, { skip: true } satisfies StateData);
      return { result: null, status: Status.skip() };
    }
    // Unreachable while claims are not modeled (every claim is "not found" above).
    state.write(stateKey, { skip: false } satisfies StateData);
    return { result: null, status: null };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, _pi: PodInfo, _nodeInfo: NodeInfo): Status | null {
    const s = state.read<StateData>(stateKey);
    if (s === undefined) return Status.error(`reading "${stateKey}" from cycleState: not found`);
    return null;
  }

  preScore(_state: CycleState, _pi: PodInfo, _nodes: NodeInfo[]): Status | null {
    // No scorer without StorageCapacityScoring.
    return Status.skip();
  }

  score(): number {
    return 0;
  }

  reserve(_state: CycleState, _pi: PodInfo, _nodeName: string): Status | null {
    return null;
  }

  unreserve(): void {}

  preBind(_state: CycleState, _pi: PodInfo, _nodeName: string): Status | null {
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Claims, volumes and storage classes that appear or change may make the pod schedulable.
      { event: { resource: 'StorageClass', action: 'Add' } },
      { event: { resource: 'StorageClass', action: 'Update' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Update' } },
      { event: { resource: 'PersistentVolume', action: 'Add' } },
      { event: { resource: 'PersistentVolume', action: 'Update' } },
      { event: { resource: 'Node', action: 'Add' } },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' } },
      { event: { resource: 'Node', action: 'UpdateNodeTaint' } },
      { event: { resource: 'CSINode', action: 'Add' } },
      { event: { resource: 'CSINode', action: 'Update' } },
    ];
  }
}

export const factory: PluginFactory = (args, handle) => new VolumeBinding(handle ?? null, args);
