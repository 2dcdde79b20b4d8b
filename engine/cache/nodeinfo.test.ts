import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { newPodInfo } from '../api/podinfo';
import { hostPortConflicts } from './hostports';
import {
  addPod,
  cloneNodeInfo,
  FILTER_EXACT,
  FILTER_HAS_TAINTS,
  FILTER_UNSCHEDULABLE,
  newNodeInfo,
  nodeFastFields,
  removePod,
  SCORE_EXACT,
  SPLIT,
} from './nodeinfo';
import {
  buildSnapshot,
  getZoneKey,
  snapshotAddNode,
  snapshotAddPod,
  snapshotRemoveNode,
  snapshotRemovePod,
  snapshotUpdateNode,
} from './snapshot';

const node = (name: string, labels: Record<string, string> = {}, status: Node['status'] = {}): Node => ({
  metadata: { name, labels },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110', 'nvidia.com/gpu': '2' }, ...status },
});
const pod = (name: string, spec: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m', memory: '1Gi' } } }], ...spec },
});

describe('NodeInfo', () => {
  it('reads allocatable, falling back to capacity', () => {
    const ni = newNodeInfo(node('n1'));
    expect(ni.allocatable.milliCPU).toBe(4000);
    expect(ni.allocatable.allowedPodNumber).toBe(110);
    expect(ni.allocatable.scalar.get('nvidia.com/gpu')).toBe(2);
    const cap = newNodeInfo({ metadata: { name: 'n2' }, status: { capacity: { cpu: '2' } } });
    expect(cap.allocatable.milliCPU).toBe(2000);
  });

  it('adds and removes pods', () => {
    const ni = newNodeInfo(node('n1'));
    const g0 = ni.generation;
    const a = newPodInfo(pod('a'));
    const b = newPodInfo(
      pod('b', {
        containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }],
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'h', labelSelector: {} }] } },
      }),
    );
    const c = newPodInfo(pod('c'));
    addPod(ni, a);
    addPod(ni, b);
    addPod(ni, c);
    expect(ni.generation).toBeGreaterThan(g0);
    expect(ni.requested.milliCPU).toBe(1000);
    expect(ni.nonZeroRequested.milliCPU).toBe(1100);
    expect(ni.nonZeroRequested.memory).toBe(2 * 1024 ** 3 + 200 * 1024 ** 2);
    expect(ni.podsWithAffinity).toEqual([b]);
    expect(ni.podsWithRequiredAntiAffinity).toEqual([b]);
    expect(hostPortConflicts(ni.usedPorts, '', 'TCP', 8080)).toBe(true);
    expect(hostPortConflicts(ni.usedPorts, '10.0.0.1', '', 8080)).toBe(true);
    expect(hostPortConflicts(ni.usedPorts, '', 'UDP', 8080)).toBe(false);

    const clone = cloneNodeInfo(ni);
    expect(removePod(ni, newPodInfo(pod('a')))).toBe(true);
    expect(ni.pods.map((p) => p.name)).toEqual(['c', 'b']); // swap-remove, as upstream
    expect(removePod(ni, b)).toBe(true);
    expect(ni.podsWithAffinity).toEqual([]);
    expect(hostPortConflicts(ni.usedPorts, '', 'TCP', 8080)).toBe(false);
    expect(ni.requested.milliCPU).toBe(500);
    expect(removePod(ni, b)).toBe(false);
    expect(clone.pods.length).toBe(3);
    expect(clone.requested.milliCPU).toBe(1000);
  });
});

describe('host ports', () => {
  it('0.0.0.0 conflicts with any ip', () => {
    const ni = newNodeInfo(node('n1'));
    addPod(ni, newPodInfo(pod('a', { containers: [{ name: 'c', ports: [{ containerPort: 1, hostPort: 53, hostIP: '10.0.0.1', protocol: 'UDP' }] }] })));
    expect(hostPortConflicts(ni.usedPorts, '0.0.0.0', 'UDP', 53)).toBe(true);
    expect(hostPortConflicts(ni.usedPorts, '10.0.0.2', 'UDP', 53)).toBe(false);
    expect(hostPortConflicts(ni.usedPorts, '10.0.0.1', 'UDP', 53)).toBe(true);
  });
});

describe('snapshot', () => {
  const z = (zone: string, region = 'r') => ({ 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': region });

  it('zone key', () => {
    expect(getZoneKey(node('n'))).toBe('');
    expect(getZoneKey(node('n', z('a')))).toBe('r:\x00:a');
    expect(getZoneKey(node('n', { 'failure-domain.beta.kubernetes.io/zone': 'b' }))).toBe(':\x00:b');
  });

  it('orders nodes round-robin across zones in order of first appearance', () => {
    const nis = [
      node('a1', z('a')),
      node('a2', z('a')),
      node('b1', z('b')),
      node('a3', z('a')),
      node('c1', z('c')),
      node('b2', z('b')),
    ].map(newNodeInfo);
    const s = buildSnapshot(nis, []);
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    snapshotRemoveNode(s, 'b1');
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a1', 'b2', 'c1', 'a2', 'a3']);
    snapshotRemoveNode(s, 'c1');
    snapshotAddNode(s, newNodeInfo(node('c2', z('c'))));
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a1', 'b2', 'c2', 'a2', 'a3']);
    // zone change moves the node to the end of its new zone
    snapshotUpdateNode(s, node('a1', z('b')));
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a2', 'b2', 'c2', 'a3', 'a1']);
    expect(s.get('a1')?.labels['topology.kubernetes.io/zone']).toBe('b');
  });

  it('tracks image states', () => {
    const img = (names: string[], sizeBytes: number) => ({ names, sizeBytes });
    const nis = [
      node('n1', {}, { images: [img(['nginx:1.0', 'docker.io/library/nginx:1.0'], 100), img(['redis'], 5)] }),
      node('n2', {}, { images: [img(['nginx:1.0'], 200)] }),
    ].map(newNodeInfo);
    const s = buildSnapshot(nis, []);
    expect(s.get('n1')!.imageStates.get('nginx:1.0')).toEqual({ size: 100, numNodes: 2 });
    expect(s.get('n2')!.imageStates.get('nginx:1.0')).toEqual({ size: 100, numNodes: 2 });
    expect(s.get('n1')!.imageStates.get('redis')).toEqual({ size: 5, numNodes: 1 });
    snapshotRemoveNode(s, 'n1');
    expect(s.get('n2')!.imageStates.get('nginx:1.0')).toEqual({ size: 100, numNodes: 1 });
  });

  it('keeps affinity lists current', () => {
    const s = buildSnapshot([newNodeInfo(node('n1')), newNodeInfo(node('n2'))], [{ metadata: { name: 'team', labels: { t: 'x' } } }]);
    expect(s.havePodsWithAffinityList).toEqual([]);
    const p = newPodInfo(pod('a', { affinity: { podAffinity: {} } }));
    snapshotAddPod(s, 'n2', p);
    expect(s.havePodsWithAffinityList.map((n) => n.name)).toEqual(['n2']);
    expect(s.havePodsWithRequiredAntiAffinityList).toEqual([]);
    snapshotRemovePod(s, 'n2', p);
    expect(s.havePodsWithAffinityList).toEqual([]);
    expect(s.namespaceLabels('team')).toEqual({ t: 'x', 'kubernetes.io/metadata.name': 'team' });
    expect(s.namespaceLabels('other')).toEqual({ 'kubernetes.io/metadata.name': 'other' });
  });
});

describe('NodeInfo derived data (fast fields, observer)', () => {
  const check = (ni: ReturnType<typeof newNodeInfo>) => {
    const f = nodeFastFields(ni)!;
    expect((f.fFlags & FILTER_UNSCHEDULABLE) !== 0).toBe(!!ni.node.spec?.unschedulable);
    expect((f.fFlags & FILTER_HAS_TAINTS) !== 0).toBe((ni.node.spec?.taints?.length ?? 0) > 0);
    const join = (hi: number, lo: number) => hi * SPLIT + lo;
    if (f.fFlags & FILTER_EXACT) {
      expect(f.fPodsLeft).toBe(ni.allocatable.allowedPodNumber - ni.pods.length);
      expect(f.fCpuFree).toBe(ni.allocatable.milliCPU - ni.requested.milliCPU);
      expect(join(f.fMemFreeHi, f.fMemFreeLo)).toBe(ni.allocatable.memory - ni.requested.memory);
      expect(join(f.fEphFreeHi, f.fEphFreeLo)).toBe(ni.allocatable.ephemeralStorage - ni.requested.ephemeralStorage);
    }
    if (f.fFlags & SCORE_EXACT) {
      expect([f.sAllocCpu, f.sReqCpu, f.sNzCpu]).toEqual([ni.allocatable.milliCPU, ni.requested.milliCPU, ni.nonZeroRequested.milliCPU]);
      expect([join(f.sAllocMemHi, f.sAllocMemLo), join(f.sReqMemHi, f.sReqMemLo), join(f.sNzMemHi, f.sNzMemLo)]).toEqual([
        ni.allocatable.memory,
        ni.requested.memory,
        ni.nonZeroRequested.memory,
      ]);
    }
  };

  it('follow pods and node updates, in clones too', () => {
    const ni = newNodeInfo(node('n1'));
    check(ni);
    const a = newPodInfo(pod('a'));
    addPod(ni, a);
    check(ni);
    expect(nodeFastFields(ni)!.fFlags & (FILTER_EXACT | SCORE_EXACT)).toBe(FILTER_EXACT | SCORE_EXACT);
    const clone = cloneNodeInfo(ni);
    check(clone);
    removePod(clone, a);
    check(clone);
    check(ni);
    const s = buildSnapshot([ni], []);
    snapshotUpdateNode(s, { ...node('n1'), spec: { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] } });
    check(ni);
    expect(nodeFastFields(ni)!.fFlags & (FILTER_UNSCHEDULABLE | FILTER_HAS_TAINTS)).toBe(FILTER_UNSCHEDULABLE | FILTER_HAS_TAINTS);
  });

  it('are marked inexact beyond safe integers', () => {
    const ni = newNodeInfo(node('big', {}, { allocatable: { cpu: '4', memory: '100E', pods: '110' } }));
    check(ni);
    expect(nodeFastFields(ni)!.fFlags & (FILTER_EXACT | SCORE_EXACT)).toBe(0);
  });

  it('generation writes from outside reach the snapshot change log', () => {
    const ni = newNodeInfo(node('n1'));
    const s = buildSnapshot([ni], []);
    const seq = s.changes.seq;
    ni.generation++;
    expect(s.changes.seq).toBe(seq + 1);
    expect(s.changes.at(seq)).toBe(ni);
    const g = ni.generation;
    addPod(ni, newPodInfo(pod('x')));
    expect(ni.generation).toBeGreaterThan(g + 1); // never reachable by outside ++
    expect(s.changes.seq).toBe(seq + 2);
    snapshotRemoveNode(s, 'n1');
    addPod(ni, newPodInfo(pod('y')));
    expect(s.changes.seq).toBe(seq + 2); // no longer observed
  });
});
