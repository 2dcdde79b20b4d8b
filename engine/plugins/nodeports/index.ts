// NodePorts (upstream pkg/scheduler/framework/plugins/nodeports): a node fits when none of the
// pod's host ports (containers, and init containers with restartPolicy Always) is already in use
// there. A wildcard host IP (0.0.0.0, or empty) conflicts with the same protocol/port on any IP.

import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import {
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type HostPortInfo,
  type NodeInfo,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/types';
import { podHostPorts } from '../../api/podinfo';

export const Name = 'NodePorts';
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";
const preFilterStateKey = 'PreFilter' + Name;

export const DefaultBindAllHostIP = '0.0.0.0';
const DefaultProtocol = 'TCP';

/** A wanted host port, sanitized as upstream's HostPortInfo does (empty IP = 0.0.0.0, empty protocol = TCP). */
export interface WantedPort {
  ip: string;
  /** "protocol/port", the key of HostPortInfo's sets. */
  key: string;
}

/** Upstream's util.GetHostPorts: host ports of containers and of restartable (sidecar) init containers. */
export function getHostPorts(pod: Pod | null | undefined): ContainerPort[] {
  return pod ? podHostPorts(pod) : [];
}

export function portKey(protocol: string | undefined, port: number): string {
  return `${protocol || DefaultProtocol}/${port}`;
}

export function toWanted(ports: ContainerPort[]): WantedPort[] {
  return ports.map((p) => ({ ip: p.hostIP || DefaultBindAllHostIP, key: portKey(p.protocol, p.hostPort ?? 0) }));
}

/** Upstream's HostPortInfo.CheckConflict for an already sanitized port. */
export function checkConflict(used: HostPortInfo, ip: string, key: string): boolean {
  if (ip === DefaultBindAllHostIP) {
    for (const set of used.byIP.values()) if (set.has(key)) return true;
    return false;
  }
  const any = used.byIP.get(DefaultBindAllHostIP);
  if (any !== undefined && any.has(key)) return true;
  const exact = used.byIP.get(ip);
  return exact !== undefined && exact.has(key);
}

/** True when none of the wanted ports conflicts with the ports in use. */
export function fitsPorts(want: readonly WantedPort[], used: HostPortInfo): boolean {
  for (let i = 0; i < want.length; i++) {
    if (checkConflict(used, want[i].ip, want[i].key)) return false;
  }
  return true;
}

/** Upstream's Fits(pod, nodeInfo). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  return fitsPorts(toWanted(getHostPorts(pod)), nodeInfo.usedPorts);
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Name;

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const ports = getHostPorts(pi.pod);
    // Skip if the pod has no host ports.
    if (ports.length === 0) return { result: null, status: Status.skip() };
    state.write(preFilterStateKey, toWanted(ports));
    return { result: null, status: null };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, _pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const want = state.read<WantedPort[]>(preFilterStateKey);
    if (want === undefined) {
      return Status.error(`reading "${preFilterStateKey}" from cycleState: not found`);
    }
    if (fitsPorts(want, nodeInfo.usedPorts)) return null;
    return Status.unschedulable(ErrReason);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // Ports of a pod are immutable, so pod updates are ignored.
      { event: { resource: 'Pod', action: 'Delete' }, hint: isSchedulableAfterPodDeleted },
      // No hint: a new node is always worth a retry (Queue).
      { event: { resource: 'Node', action: 'Add' } },
    ];
  }
}

function isSchedulableAfterPodDeleted(pod: Pod, oldObj: unknown): QueueingHint {
  const deleted = oldObj as Pod | null | undefined;
  if (!deleted) return QueueingHint.Queue;
  // An unscheduled pod's deletion frees nothing.
  if (!deleted.spec?.nodeName && !deleted.status?.nominatedNodeName) return QueueingHint.Skip;
  const ports = getHostPorts(deleted);
  if (ports.length === 0) return QueueingHint.Skip;
  const inUse: HostPortInfo = { byIP: new Map() };
  for (const w of toWanted(ports)) {
    let set = inUse.byIP.get(w.ip);
    if (!set) inUse.byIP.set(w.ip, (set = new Set()));
    set.add(w.key);
  }
  // No common port: deleting that pod cannot make this one schedulable.
  if (fitsPorts(toWanted(getHostPorts(pod)), inUse)) return QueueingHint.Skip;
  return QueueingHint.Queue;
}

export const factory: PluginFactory = () => new NodePorts();
