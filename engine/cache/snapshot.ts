// The cluster as a scheduling cycle sees it (upstream internal/cache Snapshot + nodeTree +
// the cache's image states), built once and then kept up to date incrementally:
//
//   const snap = buildSnapshot(nodeInfos, namespaces);
//   snapshotAddPod(snap, 'node-a', podInfo);      // bind / assume
//   snapshotRemovePod(snap, 'node-a', podInfo);   // delete / evict
//   snapshotAddNode(snap, newNodeInfo(node));     // node added (or re-added with a new object)
//   snapshotUpdateNode(snap, node);               // labels/taints/allocatable/images changed
//   snapshotRemoveNode(snap, 'node-a');
//
// Node order (nodeInfoList) is upstream's nodeTree.list(): nodes are grouped by zone key
// (region + zone labels, falling back to the deprecated failure-domain.beta labels), zones in
// order of first appearance, nodes within a zone in insertion order, and the list takes one node
// from each zone in turn. havePodsWithAffinityList / havePodsWithRequiredAntiAffinityList follow
// that order and are recomputed lazily after a change.
//
// Image states: for every name in node.status.images[].names, the size of the first node that
// reported it and the number of nodes that have it (upstream imageState / ImageStateSummary).
// Names are kept as the node reports them; the ImageLocality plugin normalizes the pod's side.
// ImageStateSummary objects are shared by all NodeInfos that have the image and updated in place.

import type { Namespace, Node } from 'kubernetes-types/core/v1';
import type { ImageStateSummary, NodeInfo, PodInfo, Snapshot } from '../framework/types';
import { addPod, removePod, setNodeInfoNode, setNodeInfoObserver, type NodeInfoObserver } from './nodeinfo';
import { NodeChangeLog, PodIndex } from './podindex';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
export const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

/** upstream utilnode.GetZoneKey: "" when the node has neither region nor zone. */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (!labels) return '';
  const zone = Object.hasOwn(labels, LABEL_TOPOLOGY_ZONE) ? labels[LABEL_TOPOLOGY_ZONE] : (labels[LABEL_FAILURE_DOMAIN_BETA_ZONE] ?? '');
  const region = Object.hasOwn(labels, LABEL_TOPOLOGY_REGION)
    ? labels[LABEL_TOPOLOGY_REGION]
    : (labels[LABEL_FAILURE_DOMAIN_BETA_REGION] ?? '');
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/** upstream nodeTree: zone -> node names, zones in order of first appearance. */
export class NodeTree {
  readonly tree = new Map<string, string[]>();
  readonly zones: string[] = [];
  numNodes = 0;

  addNode(name: string, zone: string): void {
    const na = this.tree.get(zone);
    if (na) {
      if (na.includes(name)) return;
      na.push(name);
    } else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.numNodes++;
  }

  removeNode(name: string, zone: string): boolean {
    const na = this.tree.get(zone);
    if (!na) return false;
    const i = na.indexOf(name);
    if (i < 0) return false;
    na.splice(i, 1);
    if (na.length === 0) {
      this.tree.delete(zone);
      const zi = this.zones.indexOf(zone);
      if (zi >= 0) this.zones.splice(zi, 1);
    }
    this.numNodes--;
    return true;
  }

  /** Node names, one from each zone in turn. */
  list(): string[] {
    const out: string[] = [];
    if (this.zones.length === 0) return out;
    let nodeIndex = 0;
    while (out.length < this.numNodes) {
      let added = false;
      for (const z of this.zones) {
        const na = this.tree.get(z)!;
        if (nodeIndex < na.length) {
          out.push(na[nodeIndex]);
          added = true;
        }
      }
      if (!added) break;
      nodeIndex++;
    }
    return out;
  }
}

interface ImageState {
  summary: ImageStateSummary;
  nodes: Set<string>;
}

/** A Snapshot that can be updated in place. Use the snapshot* functions below to change it. */
export class ClusterSnapshot implements Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  readonly nodeTree = new NodeTree();
  /** Zone key each node was filed under. */
  readonly nodeZones = new Map<string, string>();
  readonly images = new Map<string, ImageState>();
  /** Namespace name -> labels (with kubernetes.io/metadata.name). */
  readonly namespaces = new Map<string, Record<string, string>>();
  private list: NodeInfo[] = [];
  private affinityList: NodeInfo[] = [];
  private antiAffinityList: NodeInfo[] = [];
  private listDirty = true;
  private affinityDirty = true;
  /**
   * Every change of a NodeInfo of the snapshot (pods added/removed, changed in place, node object
   * replaced), for consumers that keep per-node derived data up to date (see NodeChangeLog).
   */
  readonly changes = new NodeChangeLog();
  /** Bumped whenever a node is added, removed or its node object replaced (labels, taints, ...). */
  nodesVersion = 0;
  private index: PodIndex | null = null;
  /** Observes the snapshot's NodeInfos (addPod/removePod on them reach the change log and the index). */
  readonly observer: NodeInfoObserver = {
    podAdded: (ni, pi) => {
      this.changes.push(ni);
      if (this.index !== null) this.index.add(ni, pi);
    },
    podRemoved: (ni, pi) => {
      this.changes.push(ni);
      if (this.index !== null) this.index.remove(ni, pi);
    },
    nodeChanged: (ni) => {
      this.changes.push(ni);
    },
    nodeReplaced: (ni) => {
      this.nodesVersion++;
      this.changes.push(ni);
    },
  };

  get nodeInfoList(): NodeInfo[] {
    if (this.listDirty) {
      this.list = this.nodeTree.list().map((n) => this.nodeInfoMap.get(n)!);
      this.listDirty = false;
      this.affinityDirty = true;
    }
    return this.list;
  }

  get havePodsWithAffinityList(): NodeInfo[] {
    this.refreshAffinity();
    return this.affinityList;
  }

  get havePodsWithRequiredAntiAffinityList(): NodeInfo[] {
    this.refreshAffinity();
    return this.antiAffinityList;
  }

  private refreshAffinity(): void {
    const list = this.nodeInfoList;
    if (!this.affinityDirty) return;
    this.affinityList = list.filter((n) => n.podsWithAffinity.length > 0);
    this.antiAffinityList = list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    this.affinityDirty = false;
  }

  /** Marks the node order as changed (after adding/removing nodes or changing zones). */
  invalidateNodeList(): void {
    this.listDirty = true;
    this.affinityDirty = true;
  }

  /** Marks the affinity lists as changed (after adding/removing pods with affinity). */
  invalidateAffinityLists(): void {
    this.affinityDirty = true;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }

  namespaceLabels(namespace: string): Record<string, string> {
    return this.namespaces.get(namespace) ?? { [LABEL_METADATA_NAME]: namespace };
  }

  /** Number of nodes. */
  get numNodes(): number {
    return this.nodeTree.numNodes;
  }

  /**
   * The pod index of the snapshot's pods (built on first use, then kept up to date), or null when
   * it cannot be trusted (then scan nodeInfoList). Its content is exactly the pods of the nodes
   * of nodeInfoList.
   */
  podIndex(): PodIndex | null {
    let idx = this.index;
    if (idx === null) {
      idx = new PodIndex(() => this.nodeInfoMap.values());
      for (const ni of this.nodeInfoMap.values()) {
        const pods = ni.pods;
        for (let i = 0; i < pods.length; i++) idx.add(ni, pods[i]);
      }
      this.index = idx;
    }
    if (!idx.usable) {
      this.index = null; // rebuilt on the next call, in case the anomaly is gone
      return null;
    }
    return idx;
  }

  /** @internal snapshotAddNode / snapshotRemoveNode: keep the index in step with the node set. */
  indexNode(ni: NodeInfo, add: boolean): void {
    this.nodesVersion++;
    const idx = this.index;
    if (idx === null) return;
    const pods = ni.pods;
    for (let i = 0; i < pods.length; i++) {
      if (add) idx.add(ni, pods[i]);
      else idx.remove(ni, pods[i]);
    }
  }
}

function addImages(s: ClusterSnapshot, ni: NodeInfo): void {
  const sum = new Map<string, ImageStateSummary>();
  for (const image of ni.node.status?.images ?? []) {
    for (const name of image.names ?? []) {
      let st = s.images.get(name);
      if (!st) {
        st = { summary: { size: image.sizeBytes ?? 0, numNodes: 0 }, nodes: new Set() };
        s.images.set(name, st);
      }
      if (!st.nodes.has(ni.name)) {
        st.nodes.add(ni.name);
        st.summary.numNodes = st.nodes.size;
      }
      if (!sum.has(name)) sum.set(name, st.summary);
    }
  }
  ni.imageStates = sum;
}

function removeImages(s: ClusterSnapshot, ni: NodeInfo): void {
  for (const name of ni.imageStates.keys()) {
    const st = s.images.get(name);
    if (!st) continue;
    st.nodes.delete(ni.name);
    st.summary.numNodes = st.nodes.size;
    if (st.nodes.size === 0) s.images.delete(name);
  }
  ni.imageStates = new Map();
}

/** Adds a node (with the pods already on its NodeInfo). Replaces a node of the same name. */
export function snapshotAddNode(s: ClusterSnapshot, ni: NodeInfo): void {
  if (s.nodeInfoMap.has(ni.name)) snapshotRemoveNode(s, ni.name);
  s.nodeInfoMap.set(ni.name, ni);
  setNodeInfoObserver(ni, s.observer);
  s.indexNode(ni, true);
  const zone = getZoneKey(ni.node);
  s.nodeZones.set(ni.name, zone);
  s.nodeTree.addNode(ni.name, zone);
  addImages(s, ni);
  s.invalidateNodeList();
}

/** Removes a node and its NodeInfo. Returns the removed NodeInfo. */
export function snapshotRemoveNode(s: ClusterSnapshot, nodeName: string): NodeInfo | undefined {
  const ni = s.nodeInfoMap.get(nodeName);
  if (!ni) return undefined;
  removeImages(s, ni);
  setNodeInfoObserver(ni, null);
  s.indexNode(ni, false);
  s.nodeTree.removeNode(nodeName, s.nodeZones.get(nodeName) ?? '');
  s.nodeZones.delete(nodeName);
  s.nodeInfoMap.delete(nodeName);
  s.invalidateNodeList();
  return ni;
}

/**
 * A node object changed (labels, taints, allocatable, images). Keeps the pods; moves the node
 * in the tree when its zone changed (to the end of its new zone, as upstream).
 */
export function snapshotUpdateNode(s: ClusterSnapshot, node: Node): NodeInfo | undefined {
  const name = node.metadata?.name ?? '';
  const ni = s.nodeInfoMap.get(name);
  if (!ni) return undefined;
  removeImages(s, ni);
  setNodeInfoNode(ni, node);
  addImages(s, ni);
  const oldZone = s.nodeZones.get(name) ?? '';
  const newZone = getZoneKey(node);
  if (oldZone !== newZone) {
    s.nodeTree.removeNode(name, oldZone);
    s.nodeTree.addNode(name, newZone);
    s.nodeZones.set(name, newZone);
    s.invalidateNodeList();
  }
  return ni;
}

/** Adds a pod to a node of the snapshot. Returns false when there is no such node. */
export function snapshotAddPod(s: ClusterSnapshot, nodeName: string, pi: PodInfo): boolean {
  const ni = s.nodeInfoMap.get(nodeName);
  if (!ni) return false;
  const hadAff = ni.podsWithAffinity.length;
  const hadAnti = ni.podsWithRequiredAntiAffinity.length;
  addPod(ni, pi);
  if ((hadAff === 0) !== (ni.podsWithAffinity.length === 0) || (hadAnti === 0) !== (ni.podsWithRequiredAntiAffinity.length === 0)) {
    s.invalidateAffinityLists();
  }
  return true;
}

/** Removes a pod from a node of the snapshot. Returns false when it was not there. */
export function snapshotRemovePod(s: ClusterSnapshot, nodeName: string, pi: PodInfo): boolean {
  const ni = s.nodeInfoMap.get(nodeName);
  if (!ni) return false;
  const hadAff = ni.podsWithAffinity.length;
  const hadAnti = ni.podsWithRequiredAntiAffinity.length;
  const ok = removePod(ni, pi);
  if ((hadAff === 0) !== (ni.podsWithAffinity.length === 0) || (hadAnti === 0) !== (ni.podsWithRequiredAntiAffinity.length === 0)) {
    s.invalidateAffinityLists();
  }
  return ok;
}

/** Replaces the known namespaces (labels get kubernetes.io/metadata.name as the apiserver adds it). */
export function snapshotSetNamespaces(s: ClusterSnapshot, namespaces: Namespace[]): void {
  s.namespaces.clear();
  for (const ns of namespaces) snapshotSetNamespace(s, ns);
}

/** Adds or replaces one namespace. */
export function snapshotSetNamespace(s: ClusterSnapshot, ns: Namespace): void {
  const name = ns.metadata?.name ?? '';
  s.namespaces.set(name, { ...(ns.metadata?.labels ?? {}), [LABEL_METADATA_NAME]: name });
}

/** Builds a snapshot from NodeInfos (with their pods already added), in the given order. */
export function buildSnapshot(nodeInfos: NodeInfo[], namespaces: Namespace[]): ClusterSnapshot {
  const s = new ClusterSnapshot();
  for (const ni of nodeInfos) snapshotAddNode(s, ni);
  snapshotSetNamespaces(s, namespaces);
  return s;
}
