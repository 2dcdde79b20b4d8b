// VolumeRestrictions (upstream pkg/scheduler/framework/plugins/volumerestrictions): rejects nodes
// where an existing pod mounts the same GCE PD / AWS EBS / ISCSI / RBD volume in a conflicting
// way, and pods whose ReadWriteOncePod PVC is already in use. PreFilter returns Skip for pods
// with neither such volumes nor conflicting ReadWriteOncePod claims.

import type { Pod, Volume } from 'kubernetes-types/core/v1';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/types';
import { lookupPVC, NotFoundError } from '../helper/volumes';

export const Name = 'VolumeRestrictions';
export const ErrReasonDiskConflict = 'node(s) had no available disk';
export const ErrReasonReadWriteOncePodConflict =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const preFilterStateKey = 'PreFilter' + Name;

class PreFilterState {
  constructor(
    /** "namespace/claim" of the pod's ReadWriteOncePod claims. */
    readonly readWriteOncePodPVCs: Set<string>,
    /** Number of scheduled pods that use one of those claims. */
    public conflictingPVCRefCount: number,
  ) {}
  updateWithPod(pi: PodInfo, multiplier: number): void {
    this.conflictingPVCRefCount += multiplier * conflictingClaimRefs(pi.pod, this.readWriteOncePodPVCs);
  }
  clone(): PreFilterState {
    return new PreFilterState(this.readWriteOncePodPVCs, this.conflictingPVCRefCount);
  }
}

function conflictingClaimRefs(pod: Pod, claims: Set<string>): number {
  let n = 0;
  if (claims.size === 0) return n;
  const ns = pod.metadata?.namespace ?? 'default';
  for (const v of pod.spec?.volumes ?? []) {
    const c = v.persistentVolumeClaim?.claimName;
    if (c && claims.has(`${ns}/${c}`)) n++;
  }
  return n;
}

/** Volumes this plugin checks for conflicts. */
export function needsRestrictionsCheck(v: Volume): boolean {
  return v.gcePersistentDisk != null || v.awsElasticBlockStore != null || v.rbd != null || v.iscsi != null;
}

function haveOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length > b.length) return haveOverlap(b, a);
  const set = new Set(a);
  for (const x of b) if (set.has(x)) return true;
  return false;
}

/** Upstream's isVolumeConflict: does `volume` conflict with any volume of the existing pod? */
export function isVolumeConflict(volume: Volume, pod: Pod): boolean {
  for (const ev of pod.spec?.volumes ?? []) {
    // The same GCE disk mounted by several pods conflicts unless all mount it read-only.
    if (volume.gcePersistentDisk && ev.gcePersistentDisk) {
      const d = volume.gcePersistentDisk;
      const e = ev.gcePersistentDisk;
      if (d.pdName === e.pdName && !(d.readOnly && e.readOnly)) return true;
    }
    if (volume.awsElasticBlockStore && ev.awsElasticBlockStore) {
      if (volume.awsElasticBlockStore.volumeID === ev.awsElasticBlockStore.volumeID) return true;
    }
    // ISCSI volumes are the same when they share the IQN; only one read-write mount is allowed.
    if (volume.iscsi && ev.iscsi) {
      if (volume.iscsi.iqn === ev.iscsi.iqn && !(volume.iscsi.readOnly && ev.iscsi.readOnly)) return true;
    }
    // RBD images are the same when they share a monitor, the pool and the image name.
    if (volume.rbd && ev.rbd) {
      const r = volume.rbd;
      const e = ev.rbd;
      if (
        haveOverlap(r.monitors ?? [], e.monitors ?? []) &&
        (r.pool || 'rbd') === (e.pool || 'rbd') &&
        r.image === e.image &&
        !(r.readOnly && e.readOnly)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Upstream's satisfyVolumeConflicts. */
export function satisfyVolumeConflicts(pod: Pod, nodeInfo: NodeInfo): boolean {
  const vols = pod.spec?.volumes;
  if (!vols) return true;
  for (const v of vols) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const ev of nodeInfo.pods) if (isVolumeConflict(v, ev.pod)) return false;
  }
  return true;
}

export class VolumeRestrictions implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Name;
  constructor(private readonly handle: Handle | null) {}

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const pod = pi.pod;
    let needsCheck = false;
    for (const v of pod.spec?.volumes ?? []) {
      if (needsRestrictionsCheck(v)) {
        needsCheck = true;
        break;
      }
    }
    // readWriteOncePodPVCsForPod: every referenced claim must exist to read its access modes.
    const rwop = new Set<string>();
    for (const v of pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (v.persistentVolumeClaim == null) continue;
      const pvc = lookupPVC(this.handle, pi.namespace, claim ?? '');
      if (pvc instanceof NotFoundError) return { result: null, status: Status.unresolvable(pvc.message) };
      if (pvc.spec?.accessModes?.includes('ReadWriteOncePod')) rwop.add(`${pi.namespace}/${claim}`);
    }
    let conflicting = 0;
    if (rwop.size > 0 && this.handle) {
      for (const ni of this.handle.snapshot().nodeInfoList) {
        for (const p of ni.pods) conflicting += conflictingClaimRefs(p.pod, rwop);
      }
    }
    if (!needsCheck && conflicting === 0) return { result: null, status: Status.skip() };
    state.write(preFilterStateKey, new PreFilterState(rwop, conflicting));
    return { result: null, status: null };
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (state, _pod, toAdd) => {
        state.read<PreFilterState>(preFilterStateKey)?.updateWithPod(toAdd, 1);
        return null;
      },
      removePod: (state, _pod, toRemove) => {
        state.read<PreFilterState>(preFilterStateKey)?.updateWithPod(toRemove, -1);
        return null;
      },
    };
  }

  filter(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (!satisfyVolumeConflicts(pi.pod, nodeInfo)) return Status.unschedulable(ErrReasonDiskConflict);
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (s === undefined) return Status.error(`reading "${preFilterStateKey}" from cycleState: not found`);
    if (s.conflictingPVCRefCount > 0) return Status.unschedulable(ErrReasonReadWriteOncePodConflict);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Volumes are immutable, so only deletions of pods can release a conflicting volume.
      { event: { resource: 'Pod', action: 'Delete' }, hint: isSchedulableAfterPodDeleted },
      // Any new node may make the pod schedulable.
      { event: { resource: 'Node', action: 'Add' } },
      // The pod may wait for its PVC to be created (its access modes are needed).
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' }, hint: isSchedulableAfterPersistentVolumeClaimAdded },
    ];
  }
}

function isSchedulableAfterPodDeleted(pod: Pod, oldObj: unknown): QueueingHint {
  const deleted = oldObj as Pod | null | undefined;
  if (!deleted) return QueueingHint.Queue;
  if ((deleted.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return QueueingHint.Skip;
  for (const v of pod.spec?.volumes ?? []) {
    if (needsRestrictionsCheck(v) && isVolumeConflict(v, deleted)) return QueueingHint.Queue;
  }
  // A deleted pod that used the same claim may have held it with ReadWriteOncePod.
  const claims = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName) claims.add(v.persistentVolumeClaim.claimName);
  for (const v of deleted.spec?.volumes ?? []) {
    const c = v.persistentVolumeClaim?.claimName;
    if (c && claims.has(c)) return QueueingHint.Queue;
  }
  return QueueingHint.Skip;
}

function isSchedulableAfterPersistentVolumeClaimAdded(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const pvc = newObj as { metadata?: { namespace?: string; name?: string } } | null | undefined;
  if (!pvc) return QueueingHint.Queue;
  if ((pvc.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return QueueingHint.Skip;
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName === pvc.metadata?.name) return QueueingHint.Queue;
  }
  return QueueingHint.Skip;
}

export const factory: PluginFactory = (_args, handle) => new VolumeRestrictions(handle ?? null);
