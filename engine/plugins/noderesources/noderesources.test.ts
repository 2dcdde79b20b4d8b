import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { container, makeNode, makePod, nodeInfoWith, nodeInfos, runScore, scoresByName } from '../helper/testutil';
import { balancedAllocationFactory, BalancedAllocationName, Fit, fitFactory, FitName } from './index';
import { balancedResourceScorer, buildBrokenLinearFunction } from './resource_allocation';
import { isExtendedResourceName, isScalarResourceName } from './resource_names';

type Req = Record<string, string>;
const pod = (containers: Req[], init: Req[] = [], overhead?: Req, nodeName?: string): Pod =>
  makePod(`p${Math.random()}`, {
    containers: containers.map((r, i) => container({ requests: r }, `c${i}`)),
    initContainers: init.length ? init.map((r, i) => container({ requests: r }, `i${i}`)) : undefined,
    overhead,
    nodeName,
  });

// Upstream fit_test.go makeResources(10, 20, 32, 5, 20, 5): cpu 10m, memory 20, pods 32,
// example.com/aaa 5, ephemeral-storage 20, hugepages-2Mi 5.
const fitNode = () =>
  makeNode('node', { allocatable: { cpu: '10m', memory: '20', pods: '32', 'example.com/aaa': '5', 'ephemeral-storage': '20', 'hugepages-2Mi': '5' } });

function filter(p: Pod, existing: Pod[], args?: Record<string, unknown>) {
  const pl = fitFactory(args, null as never) as Fit;
  const state = new CycleState();
  const pi = newPodInfo(p);
  const ni = nodeInfoWith(fitNode(), existing);
  expect(pl.preFilter(state, pi, [ni]).status).toBeNull();
  return pl.filter(state, pi, ni);
}

// Upstream fit_test.go TestEnoughRequests.
describe('NodeResourcesFit Filter', () => {
  const U = Code.Unschedulable;
  const UU = Code.UnschedulableAndUnresolvable;
  const cases: { name: string; pod: Pod; existing: Pod[]; args?: Record<string, unknown>; want?: [Code, string[]] }[] = [
    { name: 'no resources requested always fits', pod: pod([{}]), existing: [pod([{ cpu: '10m', memory: '20' }])] },
    { name: 'too many resources fails', pod: pod([{ cpu: '1m', memory: '1' }]), existing: [pod([{ cpu: '10m', memory: '20' }])], want: [U, ['Insufficient cpu', 'Insufficient memory']] },
    { name: 'too many resources fails due to init container cpu', pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '3m', memory: '1' }]), existing: [pod([{ cpu: '8m', memory: '19' }])], want: [U, ['Insufficient cpu']] },
    { name: 'too many resources fails due to highest init container cpu', pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '3m', memory: '1' }, { cpu: '2m', memory: '1' }]), existing: [pod([{ cpu: '8m', memory: '19' }])], want: [U, ['Insufficient cpu']] },
    { name: 'too many resources fails due to init container memory', pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '1m', memory: '3' }]), existing: [pod([{ cpu: '9m', memory: '19' }])], want: [U, ['Insufficient memory']] },
    { name: 'too many resources fails due to highest init container memory', pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '1m', memory: '3' }, { cpu: '1m', memory: '2' }]), existing: [pod([{ cpu: '9m', memory: '19' }])], want: [U, ['Insufficient memory']] },
    { name: "init container fits because it's the max, not sum, of containers and init containers", pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '1m', memory: '1' }]), existing: [pod([{ cpu: '9m', memory: '19' }])] },
    { name: "multiple init containers fit because it's the max, not sum, of containers and init containers", pod: pod([{ cpu: '1m', memory: '1' }], [{ cpu: '1m', memory: '1' }, { cpu: '1m', memory: '1' }]), existing: [pod([{ cpu: '9m', memory: '19' }])] },
    { name: 'both resources fit', pod: pod([{ cpu: '1m', memory: '1' }]), existing: [pod([{ cpu: '5m', memory: '5' }])] },
    { name: 'one resource memory fits', pod: pod([{ cpu: '2m', memory: '1' }]), existing: [pod([{ cpu: '9m', memory: '5' }])], want: [U, ['Insufficient cpu']] },
    { name: 'one resource cpu fits', pod: pod([{ cpu: '1m', memory: '2' }]), existing: [pod([{ cpu: '5m', memory: '19' }])], want: [U, ['Insufficient memory']] },
    { name: 'equal edge case', pod: pod([{ cpu: '5m', memory: '1' }]), existing: [pod([{ cpu: '5m', memory: '19' }])] },
    { name: 'equal edge case for init container', pod: pod([{ cpu: '4m', memory: '1' }], [{ cpu: '5m', memory: '1' }]), existing: [pod([{ cpu: '5m', memory: '19' }])] },
    { name: 'extended resource fits', pod: pod([{ 'example.com/aaa': '1' }]), existing: [pod([{}])] },
    { name: 'extended resource fits for init container', pod: pod([{}], [{ 'example.com/aaa': '1' }]), existing: [pod([{}])] },
    { name: 'extended resource capacity enforced', pod: pod([{ 'example.com/aaa': '10' }]), existing: [pod([{}])], want: [UU, ['Insufficient example.com/aaa']] },
    { name: 'extended resource capacity enforced for init container', pod: pod([{}], [{ 'example.com/aaa': '10' }]), existing: [pod([{}])], want: [UU, ['Insufficient example.com/aaa']] },
    { name: 'extended resource allocatable enforced', pod: pod([{ 'example.com/aaa': '1' }]), existing: [pod([{ 'example.com/aaa': '5' }])], want: [U, ['Insufficient example.com/aaa']] },
    { name: 'extended resource allocatable enforced for multiple containers', pod: pod([{ 'example.com/aaa': '3' }, { 'example.com/aaa': '3' }]), existing: [pod([{ 'example.com/aaa': '2' }])], want: [UU, ['Insufficient example.com/aaa']] },
    { name: 'extended resource allocatable admits multiple init containers', pod: pod([{}], [{ 'example.com/aaa': '3' }, { 'example.com/aaa': '3' }]), existing: [pod([{ 'example.com/aaa': '2' }])] },
    { name: 'extended resource allocatable enforced for multiple init containers', pod: pod([{}], [{ 'example.com/aaa': '6' }, { 'example.com/aaa': '3' }]), existing: [pod([{ 'example.com/aaa': '2' }])], want: [UU, ['Insufficient example.com/aaa']] },
    { name: 'extended resource allocatable enforced for unknown resource', pod: pod([{ 'example.com/bbb': '1' }]), existing: [pod([{}])], want: [UU, ['Insufficient example.com/bbb']] },
    { name: 'extended resource allocatable enforced for unknown resource for init container', pod: pod([{}], [{ 'example.com/bbb': '1' }]), existing: [pod([{}])], want: [UU, ['Insufficient example.com/bbb']] },
    { name: 'kubernetes.io resource capacity enforced', pod: pod([{ 'kubernetes.io/something': '10' }]), existing: [pod([{}])], want: [UU, ['Insufficient kubernetes.io/something']] },
    { name: 'hugepages resource capacity enforced', pod: pod([{ 'hugepages-2Mi': '10' }]), existing: [pod([{}])], want: [UU, ['Insufficient hugepages-2Mi']] },
    { name: 'hugepages resource allocatable enforced for multiple containers', pod: pod([{ 'hugepages-2Mi': '3' }, { 'hugepages-2Mi': '3' }]), existing: [pod([{ 'hugepages-2Mi': '2' }])], want: [UU, ['Insufficient hugepages-2Mi']] },
    { name: 'skip checking ignored extended resource', pod: pod([{ 'example.com/bbb': '2' }]), existing: [pod([{}])], args: { ignoredResources: ['example.com/bbb'] } },
    { name: 'resources + pod overhead fits', pod: pod([{ cpu: '1m', memory: '1' }], [], { cpu: '3m', memory: '13' }), existing: [pod([{ cpu: '5m', memory: '5' }])] },
    { name: 'requests + overhead does not fit for memory', pod: pod([{ cpu: '1m', memory: '1' }], [], { cpu: '1m', memory: '15' }), existing: [pod([{ cpu: '5m', memory: '5' }])], want: [U, ['Insufficient memory']] },
    { name: 'skip checking ignored extended resource via resource groups', pod: pod([{ cpu: '1m', memory: '1', 'example.com/bbb': '1', 'kubernetes.io/something': '1' }]), existing: [pod([{}])], args: { ignoredResourceGroups: ['example.com'] }, want: [UU, ['Insufficient kubernetes.io/something']] },
    { name: 'skip checking extended resource request with quantity zero via resource groups', pod: pod([{ 'example.com/aaa': '0' }]), existing: [pod([{}])], args: { ignoredResourceGroups: ['example.com'] } },
    { name: 'skip checking resource request with quantity zero', pod: pod([{ 'example.com/aaa': '0', cpu: '1m', memory: '1' }]), existing: [pod([{}])] },
    { name: 'ephemeral storage request exceeds allocatable', pod: pod([{ 'ephemeral-storage': '25' }]), existing: [pod([{}])], want: [UU, ['Insufficient ephemeral-storage']] },
    { name: 'ephemeral storage local storage request fits', pod: pod([{ 'ephemeral-storage': '10' }]), existing: [pod([{ 'ephemeral-storage': '5' }])] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = filter(c.pod, c.existing, c.args);
      if (!c.want) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(c.want[0]);
        expect(s?.reasons).toEqual(c.want[1]);
      }
    });
  }
  // TestNotEnoughRequests.
  it('even if both resources fit, predicate fails when there\'s no space for additional pod', () => {
    const n = makeNode('node', { allocatable: { cpu: '10m', memory: '20', pods: '1' } });
    const pl = fitFactory(undefined, null as never) as Fit;
    const state = new CycleState();
    const pi = newPodInfo(pod([{ cpu: '1m', memory: '1' }]));
    const ni = nodeInfoWith(n, [pod([{ cpu: '10m', memory: '20' }])]);
    pl.preFilter(state, pi, [ni]);
    const s = pl.filter(state, pi, ni);
    expect(s?.code).toBe(Code.Unschedulable);
    expect(s?.reasons).toEqual(['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
  });
});

function scores(args: Record<string, unknown> | undefined, p: Pod, nodes: ReturnType<typeof makeNode>[], existing: Pod[] = []) {
  const pl = fitFactory(args, null as never) as Fit;
  return scoresByName(runScore(pl, newPodInfo(p), nodeInfos(nodes, existing)));
}
const cap = (name: string, r: Record<string, string>) => makeNode(name, { allocatable: r });
const req2 = () => pod([{ cpu: '1000', memory: '2000' }, { cpu: '2000', memory: '3000' }]);

// Upstream least_allocated_test.go TestLeastAllocatedScoringStrategy.
describe('NodeResourcesFit LeastAllocated', () => {
  // Upstream's st.MakePod().Obj() has no containers, so no non-zero defaults apply.
  it('nothing scheduled, nothing requested', () =>
    expect(scores(undefined, pod([]), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '4000', memory: '10000' })])).toEqual({ node1: 100, node2: 100 }));
  it('nothing scheduled, resources requested, differently sized nodes', () =>
    expect(scores(undefined, req2(), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '6000', memory: '10000' })])).toEqual({ node1: 37, node2: 50 }));
  it('no resources requested, pods scheduled with resources', () =>
    expect(
      scores(undefined, pod([]), [cap('node1', { cpu: '10000', memory: '20000' }), cap('node2', { cpu: '10000', memory: '20000' })], [
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1'),
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1'),
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node2'),
        pod([{ cpu: '3000', memory: '5000' }], [], undefined, 'node2'),
      ]),
    ).toEqual({ node1: 70, node2: 57 }));
  it('resources requested, pods scheduled with resources, differently sized nodes', () =>
    expect(
      scores(undefined, req2(), [cap('node1', { cpu: '10000', memory: '20000' }), cap('node2', { cpu: '10000', memory: '50000' })], [
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1'),
        pod([{ cpu: '3000', memory: '5000' }], [], undefined, 'node2'),
      ]),
    ).toEqual({ node1: 57, node2: 60 }));
  it('requested resources exceed node capacity', () =>
    expect(
      scores(undefined, pod([{ cpu: '3000', memory: '0' }]), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '4000', memory: '10000' })], [
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1'),
        pod([{ cpu: '3000', memory: '5000' }], [], undefined, 'node2'),
      ]),
    ).toEqual({ node1: 50, node2: 25 }));
  it('zero node resources, pods scheduled with resources', () =>
    expect(scores(undefined, pod([{}]), [makeNode('node1'), makeNode('node2')], [pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1')])).toEqual({ node1: 0, node2: 0 }));
  it('resources requested with different weight on CPU and memory, differently sized nodes', () =>
    expect(
      scores({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }] } }, req2(), [
        cap('node1', { cpu: '4000', memory: '10000' }),
        cap('node2', { cpu: '6000', memory: '10000' }),
      ]),
    ).toEqual({ node1: 41, node2: 50 }));
  it('bypass extended resource if the pod does not request', () =>
    expect(
      scores({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'abc.com/xyz', weight: 1 }] } }, req2(), [
        cap('node1', { cpu: '6000', memory: '10000' }),
        cap('node2', { cpu: '6000', memory: '10000', 'abc.com/xyz': '4' }),
      ]),
    ).toEqual({ node1: 50, node2: 50 }));
  it('honor extended resource if the pod requests', () =>
    expect(
      scores(
        { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'abc.com/xyz', weight: 1 }] } },
        pod([{ cpu: '1000', memory: '2000', 'abc.com/xyz': '2' }, { cpu: '2000', memory: '3000' }]),
        [cap('node1', { cpu: '6000', memory: '10000', 'abc.com/xyz': '4' }), cap('node2', { cpu: '6000', memory: '10000', 'abc.com/xyz': '10' })],
      ),
    ).toEqual({ node1: 50, node2: 60 }));
  it('rejects out-of-range weights', () => {
    expect(() => fitFactory({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }] } }, null as never)).toThrow(/resources\[0\]\.weight/);
    expect(() => fitFactory({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }] } }, null as never)).toThrow(/resources\[1\]\.weight/);
  });
  it('non-zero requests: containers without requests count as 100m cpu / 200Mi memory', () => {
    const node = cap('node1', { cpu: '1', memory: '1000Mi' });
    // (1000-100)*100/1000 = 90, (1000Mi-200Mi)*100/1000Mi = 80 -> 85
    expect(scores(undefined, pod([{}]), [node])).toEqual({ node1: 85 });
  });
});

// Upstream most_allocated_test.go TestMostAllocatedScoringStrategy.
describe('NodeResourcesFit MostAllocated', () => {
  const most = { scoringStrategy: { type: 'MostAllocated' } };
  it('nothing scheduled, nothing requested (non-zero defaults)', () =>
    expect(scores(most, pod([]), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '4000', memory: '10000' })])).toEqual({ node1: 0, node2: 0 }));
  it('nothing scheduled, resources requested, differently sized nodes', () =>
    expect(scores(most, req2(), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '6000', memory: '10000' })])).toEqual({ node1: 62, node2: 50 }));
  it('resources requested with more than the node, pods scheduled with resources (capped at capacity)', () =>
    expect(
      scores(most, pod([{ cpu: '2000', memory: '4000' }]), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '4000', memory: '10000' })], [
        pod([{ cpu: '3000', memory: '0' }], [], undefined, 'node1'),
        pod([{ cpu: '3000', memory: '5000' }], [], undefined, 'node2'),
      ]),
    ).toEqual({ node1: 70, node2: 95 }));
  it('nothing scheduled, resources requested, differently sized nodes (memory weight 2, cpu weight 1)', () =>
    expect(
      scores({ scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }] } }, req2(), [
        cap('node1', { cpu: '4000', memory: '10000' }),
        cap('node2', { cpu: '6000', memory: '10000' }),
      ]),
    ).toEqual({ node1: 58, node2: 50 }));
});

// Upstream requested_to_capacity_ratio_test.go.
describe('NodeResourcesFit RequestedToCapacityRatio', () => {
  const rtc = (shape: [number, number][], resources = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }]) => ({
    scoringStrategy: { type: 'RequestedToCapacityRatio', resources, requestedToCapacityRatio: { shape: shape.map(([utilization, score]) => ({ utilization, score })) } },
  });
  it('nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)', () =>
    expect(scores(rtc([[0, 10], [100, 0]]), req2(), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '6000', memory: '10000' })])).toEqual({ node1: 38, node2: 50 }));
  it('nothing scheduled, resources requested, differently sized nodes (bin packing - most requested nodes have priority)', () =>
    expect(scores(rtc([[0, 0], [100, 10]]), req2(), [cap('node1', { cpu: '4000', memory: '10000' }), cap('node2', { cpu: '6000', memory: '10000' })])).toEqual({ node1: 63, node2: 50 }));
  it('single extended resource, bin packing, existing pod', () =>
    expect(
      scores(rtc([[0, 0], [100, 1]], [{ name: 'intel.com/foo', weight: 1 }]), pod([{ 'intel.com/foo': '2' }]), [
        cap('node1', { cpu: '4000m', memory: '10000Mi', 'intel.com/foo': '8' }),
        cap('node2', { cpu: '4000m', memory: '10000Mi', 'intel.com/foo': '4' }),
      ], [pod([{ 'intel.com/foo': '2' }], [], undefined, 'node2')]),
    ).toEqual({ node1: 2, node2: 10 }));
  it('requires a shape', () => {
    expect(() => fitFactory({ scoringStrategy: { type: 'RequestedToCapacityRatio' } }, null as never)).toThrow(/requestedToCapacityRatio/);
  });
  it('BuildBrokenLinearFunction (helper TestBrokenLinearFunction)', () => {
    const f = buildBrokenLinearFunction([{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }]);
    expect([0, 5, 10, 15, 20, 50, 90, 100].map(f)).toEqual([1, 1, 1, 1, 2, 5, 9, 9]);
    const g = buildBrokenLinearFunction([{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, { utilization: 100, score: 0 }]);
    expect([0, 20, 40, 70, 100].map(g)).toEqual([2, 6, 10, 5, 0]);
  });
});

// Upstream balanced_allocation_test.go TestNodeResourcesBalancedAllocation (newest).
describe('NodeResourcesBalancedAllocation', () => {
  const cpuOnly = (nodeName?: string) => pod([{ cpu: '1000m', memory: '0' }, { cpu: '2000m', memory: '0' }], [], undefined, nodeName);
  const cpuAndMemory = (nodeName?: string) => pod([{ cpu: '1000m', memory: '2000' }, { cpu: '2000m', memory: '3000' }], [], undefined, nodeName);
  const cpuAndMemoryAndGPU = (nodeName?: string) => pod([{ cpu: '1000m', memory: '2000' }, { cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' }], [], undefined, nodeName);
  const node = (name: string, milliCPU: number, memory: number, gpu?: number) =>
    makeNode(name, { allocatable: { cpu: `${milliCPU}m`, memory: String(memory), ...(gpu ? { 'nvidia.com/gpu': String(gpu) } : {}) } });
  const gpuArgs = { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 1 }] };
  const score = (p: Pod, nodes: ReturnType<typeof makeNode>[], existing: Pod[] = [], args?: Record<string, unknown>, runPreScore = true) => {
    const pl = balancedAllocationFactory(args, null as never) as ReturnType<typeof balancedAllocationFactory> & { preScore: unknown };
    const p2 = runPreScore ? pl : Object.assign(Object.create(Object.getPrototypeOf(pl)), pl, { preScore: undefined });
    return scoresByName(runScore(p2, newPodInfo(p), nodeInfos(nodes, existing)));
  };
  it('has the upstream name', () => expect(balancedAllocationFactory(undefined, null as never).name).toBe(BalancedAllocationName));
  it('nothing scheduled, nothing requested, skip in PreScore', () => expect(score(pod([{}]), [node('node1', 4000, 10000), node('node2', 4000, 10000)])).toBeNull());
  it('nothing scheduled, resources requested, differently sized nodes', () =>
    expect(score(cpuAndMemory(), [node('node1', 4000, 10000), node('node2', 6000, 10000)])).toEqual({ node1: 87, node2: 100 }));
  it('resources requested, pods scheduled with resources', () =>
    expect(score(cpuAndMemory(), [node('node1', 10000, 20000), node('node2', 10000, 20000)], [cpuOnly('node1'), cpuAndMemory('node2')])).toEqual({ node1: 82, node2: 95 }));
  it('resources requested, pods scheduled with resources, differently sized nodes', () =>
    expect(score(cpuAndMemory(), [node('node1', 10000, 20000), node('node2', 10000, 50000)], [cpuOnly('node1'), cpuAndMemory('node2')])).toEqual({ node1: 82, node2: 80 }));
  it('requested resources at node capacity', () =>
    expect(score(cpuOnly(), [node('node1', 6000, 10000), node('node2', 6000, 10000)], [cpuOnly('node1'), cpuAndMemory('node2')])).toEqual({ node1: 50, node2: 75 }));
  it('include scalar resource on a node for balanced resource allocation', () =>
    expect(score(pod([{ memory: '0', 'nvidia.com/gpu': '1' }]), [node('node1', 3500, 40000, 8), node('node2', 3500, 40000, 8)], [cpuAndMemoryAndGPU('node1'), cpuAndMemory('node2')], gpuArgs)).toEqual({ node1: 70, node2: 65 }));
  it('node without the scalar resource should skip the scalar resource', () =>
    expect(score(cpuAndMemory(), [node('node1', 3500, 40000, 8), node('node2', 3500, 40000)], [], gpuArgs)).toEqual({ node1: 63, node2: 63 }));
  it('resources requested, pods scheduled with resources if PreScore not called', () =>
    expect(score(cpuAndMemory(), [node('node1', 10000, 20000), node('node2', 10000, 20000)], [cpuOnly('node1'), cpuAndMemory('node2')], undefined, false)).toEqual({ node1: 82, node2: 95 }));
  it('balancedResourceScorer truncates (1 - std) * 100', () => {
    expect(balancedResourceScorer([3, 5], [4, 10])).toBe(87);
    expect(balancedResourceScorer([0, 0], [0, 0])).toBe(100);
    expect(balancedResourceScorer([5], [10])).toBe(100);
  });
  it('rejects weights other than 1', () => {
    expect(() => balancedAllocationFactory({ resources: [{ name: 'cpu', weight: 2 }] }, null as never)).toThrow(/must be 1/);
  });
});

describe('resource names', () => {
  it('classifies extended and scalar resources as upstream', () => {
    expect(isExtendedResourceName('example.com/aaa')).toBe(true);
    expect(isExtendedResourceName('kubernetes.io/something')).toBe(false);
    expect(isExtendedResourceName('hugepages-2Mi')).toBe(false);
    expect(isExtendedResourceName('cpu')).toBe(false);
    expect(isScalarResourceName('hugepages-2Mi')).toBe(true);
    expect(isScalarResourceName('kubernetes.io/something')).toBe(true);
    expect(isScalarResourceName('attachable-volumes-csi-x')).toBe(true);
    expect(isScalarResourceName('memory')).toBe(false);
  });
  it('exports the upstream plugin names', () => {
    expect(FitName).toBe('NodeResourcesFit');
    expect(BalancedAllocationName).toBe('NodeResourcesBalancedAllocation');
  });
});
