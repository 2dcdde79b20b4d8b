// Tests of DefaultPreemption, from upstream's default_preemption_test.go tables (TestPostFilter,
// TestDryRunPreemption, TestSelectBestCandidate, TestCustomSelection, TestCustomOrdering,
// TestPodEligibleToPreemptOthers, TestPreempt, TestPreEnqueue) plus property tests.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Code, Status, type FilterPlugin, type PodInfo, type PreFilterPlugin } from '../../framework/types';
import { newPodInfo } from '../../api/podinfo';
import { removePod } from '../../cache/nodeinfo';
import { fitFactory } from '../noderesources';
import { factory as spreadFactory } from '../podtopologyspread';
import {
  DefaultPreemption,
  REASON_NO_VICTIMS,
  aggregateErrors,
  filterPodsWithPDBViolation,
  goSortSlice,
  moreImportantPod,
  type Candidate,
  type DefaultPreemptionArgs,
  type PreemptionTraceEvent,
} from './index';
import {
  FakeHandle,
  TestNodeToStatus,
  errorOnLabelPlugin,
  existingAntiAffinityFilter,
  fakeFilter,
  falseFilter,
  largeRes,
  makeNode,
  makePdb,
  makePod,
  matchFilter,
  mediumRes,
  smallRes,
  trueFilter,
  veryLargeRes,
  type FakeHandleOpts,
} from './testing';

const neg = -100;
const low = 0;
const mid = 100;
const high = 1000;
const veryHigh = 10000;

/** upstream epochTime..epochTime6: time.Unix(0, n) (n ns); ms here, same order. */
const epoch = (n: number) => n;

const U = (c = Code.Unschedulable) => new Status(c);

function fitPlugin(h: FakeHandle) {
  return fitFactory(undefined, h) as unknown as PreFilterPlugin & FilterPlugin;
}

/** A FakeHandle with NodeResourcesFit (and extra plugins) registered as PreFilter+Filter. */
function withFit(o: FakeHandleOpts, extra: { pre?: PreFilterPlugin[]; filter?: FilterPlugin[] } = {}): FakeHandle {
  const h = new FakeHandle(o);
  const fit = fitPlugin(h);
  h.preFilterPlugins.push(fit, ...(extra.pre ?? []));
  h.filterPlugins.push(fit, ...(extra.filter ?? []));
  return h;
}

function plugin(h: FakeHandle, args?: Partial<DefaultPreemptionArgs>, opts = {}) {
  return new DefaultPreemption(args, h, opts);
}

describe('PostFilter (upstream TestPostFilter)', () => {
  const onePod = { pods: '1' };
  const nodeRes = { cpu: '200m', mem: '400' };
  const cases: {
    name: string;
    pod: ReturnType<typeof makePod>;
    pods: ReturnType<typeof makePod>[];
    nodes: ReturnType<typeof makeNode>[];
    pdbs?: ReturnType<typeof makePdb>[];
    statuses: TestNodeToStatus;
    extraPre?: PreFilterPlugin[];
    wantNominated: string | null | undefined; // undefined = result null
    wantCode: Code | null;
    wantMsg?: string;
  }[] = [
    {
      name: 'pod with higher priority can be made schedulable',
      pod: makePod('p', { priority: high }),
      pods: [makePod('p1', { node: 'node1' })],
      nodes: [makeNode('node1', onePod)],
      statuses: new TestNodeToStatus({ node1: U() }),
      wantNominated: 'node1',
      wantCode: null,
    },
    {
      name: 'pod with tied priority is still unschedulable',
      pod: makePod('p'),
      pods: [makePod('p1', { node: 'node1' })],
      nodes: [makeNode('node1', onePod)],
      statuses: new TestNodeToStatus({ node1: U() }),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'preemption should respect filteredNodesStatuses',
      pod: makePod('p', { priority: high }),
      pods: [makePod('p1', { node: 'node1' })],
      nodes: [makeNode('node1', onePod)],
      statuses: new TestNodeToStatus({ node1: U(Code.UnschedulableAndUnresolvable) }),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable',
      pod: makePod('p', { priority: high }),
      pods: [makePod('p1', { node: 'node1' })],
      nodes: [makeNode('node1', onePod)],
      statuses: new TestNodeToStatus({}),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'pod can be made schedulable on one node',
      pod: makePod('p', { priority: mid }),
      pods: [makePod('p1', { node: 'node1', priority: high }), makePod('p2', { node: 'node2', priority: low })],
      nodes: [makeNode('node1', onePod), makeNode('node2', onePod)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U() }),
      wantNominated: 'node2',
      wantCode: null,
    },
    {
      name: 'pod can be made schedulable on minHighestPriority node',
      pod: makePod('p', { priority: veryHigh }),
      pods: [
        makePod('p1', { node: 'node1', priority: high, labels: { 'test.kubernetes.io/is-violating-pdb': 'non-violating' } }),
        makePod('p2', { node: 'node1', priority: low, labels: { 'test.kubernetes.io/is-violating-pdb': 'violating' } }),
        makePod('p3', { node: 'node2', priority: mid, labels: { 'test.kubernetes.io/is-violating-pdb': 'violating' } }),
      ],
      pdbs: [
        makePdb('violating-pdb', { 'test.kubernetes.io/is-violating-pdb': 'violating' }, 0),
        makePdb('non-violating-pdb', { 'test.kubernetes.io/is-violating-pdb': 'non-violating' }, 2147483647),
      ],
      nodes: [makeNode('node1', onePod), makeNode('node2', onePod)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U() }),
      wantNominated: 'node2',
      wantCode: null,
    },
    {
      name: 'no candidate nodes found, no enough resource after removing low priority pods',
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [makePod('p1', { node: 'node1' }), makePod('p2', { node: 'node2' })],
      nodes: [makeNode('node1', nodeRes), makeNode('node2', nodeRes)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U() }),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/2 nodes are available: 2 Insufficient cpu.',
    },
    {
      name: 'no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource',
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [
        makePod('p1', { node: 'node1', priority: high }),
        makePod('p2', { node: 'node2' }),
        makePod('p3', { node: 'node3', priority: high }),
      ],
      nodes: [makeNode('node1', onePod), makeNode('node2', nodeRes), makeNode('node3', onePod)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U(), node3: U() }),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
    },
    {
      name: 'no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes do not have enough CPU resource',
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [makePod('p1', { node: 'node1' }), makePod('p2', { node: 'node2' })],
      nodes: [makeNode('node1', nodeRes), makeNode('node2', nodeRes), makeNode('node3', nodeRes), makeNode('node4', nodeRes)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U(), node4: U(Code.UnschedulableAndUnresolvable) }),
      wantNominated: null,
      wantCode: Code.Unschedulable,
      wantMsg: 'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'only one node but failed with TestPlugin',
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [makePod('p1', { node: 'node1' })],
      nodes: [makeNode('node1', largeRes, { error: 'true' })],
      statuses: new TestNodeToStatus({ node1: U() }),
      extraPre: [errorOnLabelPlugin],
      wantNominated: undefined,
      wantCode: Code.Error,
      wantMsg: 'preemption: running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p',
    },
    {
      name: 'one failed with TestPlugin and the other pass',
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [makePod('p1', { node: 'node1' }), makePod('p2', { node: 'node2', ...mediumRes })],
      nodes: [makeNode('node1', largeRes, { error: 'true' }), makeNode('node2', largeRes)],
      statuses: new TestNodeToStatus({ node1: U(), node2: U() }),
      extraPre: [errorOnLabelPlugin],
      wantNominated: 'node2',
      wantCode: null,
    },
  ];

  for (const tc of cases) {
    for (const precheck of [true, false]) {
      it(`${tc.name}${precheck ? '' : ' (no resource precheck)'}`, () => {
        const h = withFit({ nodes: tc.nodes, pods: tc.pods, pdbs: tc.pdbs }, { pre: tc.extraPre });
        const pod = newPodInfo(tc.pod);
        const state = h.cycleState(pod);
        const pl = plugin(h, undefined, { resourcePrecheck: precheck });
        const { result, status } = pl.postFilter(state, pod, tc.statuses);
        if (tc.wantNominated === undefined) expect(result).toBeNull();
        else expect(result).toEqual({ nominatedNodeName: tc.wantNominated });
        if (tc.wantCode === null) {
          expect(status).toBeNull();
        } else {
          expect(status?.code).toBe(tc.wantCode);
          expect(status?.message()).toBe(tc.wantMsg);
        }
      });
    }
  }
});

describe('DryRunPreemption (upstream TestDryRunPreemption)', () => {
  interface Tc {
    name: string;
    args?: Partial<DefaultPreemptionArgs>;
    nodeNames: string[];
    testPods: ReturnType<typeof makePod>[];
    initPods: ReturnType<typeof makePod>[];
    plugins: 'fit' | 'false' | 'true' | 'match' | 'fit+anti' | 'spread';
    pdbs?: ReturnType<typeof makePdb>[];
    fakeFilterRC?: Code;
    /** Offsets rand.Int31n(n) returned per cycle (upstream seed 4 gives 4, 1, 3 for n=5). */
    offsets?: number[];
    expected: Record<string, { victims: string[]; numPDBViolations?: number }>[];
    expectedNumFilterCalled: number[];
  }
  const labelKeys = ['hostname', 'zone', 'region'];
  const tcs: Tc[] = [
    {
      name: 'a pod that does not fit on any node',
      plugins: 'false',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high })],
      initPods: [makePod('p1', { node: 'node1', priority: mid }), makePod('p2', { node: 'node2', priority: mid })],
      expected: [{}],
      expectedNumFilterCalled: [2],
    },
    {
      name: 'a pod that fits with no preemption',
      plugins: 'true',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high })],
      initPods: [makePod('p1', { node: 'node1', priority: mid }), makePod('p2', { node: 'node2', priority: mid })],
      fakeFilterRC: Code.Unschedulable,
      expected: [{}],
      expectedNumFilterCalled: [2],
    },
    {
      name: 'a pod that fits on one node with no preemption',
      plugins: 'match',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('node1', { priority: high })],
      initPods: [makePod('p1', { node: 'node1', priority: mid }), makePod('p2', { node: 'node2', priority: mid })],
      fakeFilterRC: Code.Unschedulable,
      expected: [{}],
      expectedNumFilterCalled: [2],
    },
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [
        makePod('p1', { node: 'node1', priority: mid, ...largeRes }),
        makePod('p2', { node: 'node2', priority: mid, ...largeRes }),
      ],
      expected: [{ node1: { victims: ['p1'] }, node2: { victims: ['p2'] } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: low, ...largeRes })],
      initPods: [
        makePod('p1', { node: 'node1', priority: mid, ...largeRes }),
        makePod('p2', { node: 'node2', priority: mid, ...largeRes }),
      ],
      expected: [{}],
      expectedNumFilterCalled: [0],
    },
    {
      name: 'medium priority pod is preempted, but lower priority one stays as it is small',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: low, ...smallRes }),
        makePod('p1.2', { node: 'node1', priority: mid, ...largeRes }),
        makePod('p2', { node: 'node2', priority: mid, ...largeRes }),
      ],
      expected: [{ node1: { victims: ['p1.2'] }, node2: { victims: ['p2'] } }],
      expectedNumFilterCalled: [5],
    },
    {
      name: 'mixed priority pods are preempted',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...smallRes }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes }),
        makePod('p1.3', { node: 'node1', priority: mid, ...mediumRes }),
        makePod('p1.4', { node: 'node1', priority: high, ...smallRes }),
        makePod('p2', { node: 'node2', priority: high, ...largeRes }),
      ],
      expected: [{ node1: { victims: ['p1.2', 'p1.3'] } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'mixed priority pods are preempted, pick later StartTime one when priorities are equal',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: low, ...smallRes, start: epoch(5) }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes, start: epoch(4) }),
        makePod('p1.3', { node: 'node1', priority: mid, ...mediumRes, start: epoch(3) }),
        makePod('p1.4', { node: 'node1', priority: high, ...smallRes, start: epoch(2) }),
        makePod('p2', { node: 'node2', priority: high, ...largeRes, start: epoch(1) }),
      ],
      expected: [{ node1: { victims: ['p1.1', 'p1.3'] } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'pod with anti-affinity is preempted',
      plugins: 'fit+anti',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...smallRes, labels: { foo: '' } })],
      initPods: [
        makePod('p1.1', {
          node: 'node1',
          priority: low,
          ...smallRes,
          labels: { foo: '' },
          antiAffinityExists: { key: 'foo', topologyKey: 'hostname' },
        }),
        makePod('p1.2', { node: 'node1', priority: mid, ...smallRes }),
        makePod('p1.3', { node: 'node1', priority: high, ...smallRes }),
        makePod('p2', { node: 'node2', priority: high, ...smallRes }),
      ],
      expected: [{ node1: { victims: ['p1.1'] } }],
      expectedNumFilterCalled: [3],
    },
    {
      name: 'preemption to resolve pod topology spread filter failure',
      plugins: 'spread',
      nodeNames: ['node-a/zone1', 'node-b/zone1', 'node-x/zone2'],
      testPods: [
        makePod('p', {
          priority: high,
          labels: { foo: '' },
          spread: [
            { topologyKey: 'zone', key: 'foo' },
            { topologyKey: 'hostname', key: 'foo' },
          ],
        }),
      ],
      initPods: [
        makePod('pod-a1', { node: 'node-a', priority: mid, labels: { foo: '' } }),
        makePod('pod-a2', { node: 'node-a', priority: low, labels: { foo: '' } }),
        makePod('pod-b1', { node: 'node-b', priority: low, labels: { foo: '' } }),
        makePod('pod-x1', { node: 'node-x', priority: high, labels: { foo: '' } }),
        makePod('pod-x2', { node: 'node-x', priority: high, labels: { foo: '' } }),
      ],
      expected: [{ 'node-a': { victims: ['pod-a2'] }, 'node-b': { victims: ['pod-b1'] } }],
      expectedNumFilterCalled: [5],
    },
    {
      name: 'get Unschedulable in the preemption phase when the filter plugins filtering the nodes',
      plugins: 'fit',
      nodeNames: ['node1', 'node2'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [
        makePod('p1', { node: 'node1', priority: mid, ...largeRes }),
        makePod('p2', { node: 'node2', priority: mid, ...largeRes }),
      ],
      fakeFilterRC: Code.Unschedulable,
      expected: [{}],
      expectedNumFilterCalled: [2],
    },
    {
      name: 'preemption with violation of same pdb',
      plugins: 'fit',
      nodeNames: ['node1'],
      testPods: [makePod('p', { priority: high, ...veryLargeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
      ],
      pdbs: [makePdb('', { app: 'foo' }, 1)],
      expected: [{ node1: { victims: ['p1.1', 'p1.2'], numPDBViolations: 1 } }],
      expectedNumFilterCalled: [3],
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
      plugins: 'fit',
      nodeNames: ['node1'],
      testPods: [makePod('p', { priority: high, ...veryLargeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
      ],
      pdbs: [makePdb('', { app: 'foo' }, 1, ['p2'])],
      expected: [{ node1: { victims: ['p1.1', 'p1.2'], numPDBViolations: 1 } }],
      expectedNumFilterCalled: [3],
    },
    {
      name: 'preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods',
      plugins: 'fit',
      nodeNames: ['node1'],
      testPods: [makePod('p', { priority: high, ...veryLargeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
      ],
      pdbs: [makePdb('', { app: 'foo' }, 1, ['p1.2'])],
      expected: [{ node1: { victims: ['p1.1', 'p1.2'], numPDBViolations: 0 } }],
      expectedNumFilterCalled: [3],
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
      plugins: 'fit',
      nodeNames: ['node1'],
      testPods: [makePod('p', { priority: high, ...veryLargeRes })],
      initPods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
        makePod('p1.3', { node: 'node1', priority: mid, ...mediumRes, labels: { app: 'foo' } }),
      ],
      pdbs: [makePdb('', { app: 'foo' }, 1, ['p1.3'])],
      expected: [{ node1: { victims: ['p1.1', 'p1.2', 'p1.3'], numPDBViolations: 1 } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'all nodes are possible candidates, but DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      plugins: 'fit',
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [1, 2, 3, 4, 5].map((i) => makePod(`p${i}`, { node: `node${i}`, priority: mid, ...largeRes })),
      offsets: [4],
      expected: [{ node1: { victims: ['p1'] }, node5: { victims: ['p5'] } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'some nodes are not possible candidates, DefaultPreemptionArgs limits to 2',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      plugins: 'fit',
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [1, 2, 3, 4, 5].map((i) =>
        makePod(`p${i}`, { node: `node${i}`, priority: i === 2 || i === 5 ? veryHigh : mid, ...largeRes }),
      ),
      offsets: [4],
      expected: [{ node1: { victims: ['p1'] }, node3: { victims: ['p3'] } }],
      expectedNumFilterCalled: [4],
    },
    {
      name: 'preemption offset across multiple scheduling cycles and wrap around',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      plugins: 'fit',
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: ['tp1', 'tp2', 'tp3'].map((n) => makePod(n, { priority: high, ...largeRes })),
      initPods: [1, 2, 3, 4, 5].map((i) => makePod(`p${i}`, { node: `node${i}`, priority: mid, ...largeRes })),
      offsets: [4, 1, 3],
      expected: [
        { node1: { victims: ['p1'] }, node5: { victims: ['p5'] } },
        { node2: { victims: ['p2'] }, node3: { victims: ['p3'] } },
        { node4: { victims: ['p4'] }, node5: { victims: ['p5'] } },
      ],
      expectedNumFilterCalled: [4, 4, 4],
    },
    {
      name: 'preemption looks past numCandidates until a non-PDB violating node is found',
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 2 },
      plugins: 'fit',
      nodeNames: ['node1', 'node2', 'node3', 'node4', 'node5'],
      testPods: [makePod('p', { priority: high, ...largeRes })],
      initPods: [1, 2, 3, 4, 5].map((i) =>
        makePod(`p${i}`, {
          node: `node${i}`,
          priority: mid,
          ...largeRes,
          labels: i === 3 || i === 4 ? undefined : { app: 'foo' },
        }),
      ),
      pdbs: [makePdb('', { app: 'foo' }, 0)],
      offsets: [4],
      expected: [
        {
          node1: { victims: ['p1'], numPDBViolations: 1 },
          node3: { victims: ['p3'] },
          node5: { victims: ['p5'], numPDBViolations: 1 },
        },
      ],
      expectedNumFilterCalled: [8],
    },
  ];

  for (const tc of tcs) {
    for (const precheck of [true, false]) {
      it(`${tc.name}${precheck ? '' : ' (no resource precheck)'}`, () => {
        const nodes = tc.nodeNames.map((nn) => {
          const parts = nn.split('/');
          const labels: Record<string, string> = {};
          parts.forEach((v, i) => (labels[labelKeys[i]] = v));
          return makeNode(parts[0], veryLargeRes, labels);
        });
        const h = new FakeHandle({ nodes, pods: tc.initPods, pdbs: tc.pdbs });
        // The counting FakeFilter runs first, as upstream registers it.
        h.filterPlugins.push(fakeFilter(tc.fakeFilterRC ?? 0));
        if (tc.plugins === 'false') h.filterPlugins.push(falseFilter);
        if (tc.plugins === 'true') h.filterPlugins.push(trueFilter);
        if (tc.plugins === 'match') h.filterPlugins.push(matchFilter);
        if (tc.plugins === 'fit' || tc.plugins === 'fit+anti') {
          const fit = fitPlugin(h);
          h.preFilterPlugins.push(fit);
          h.filterPlugins.push(fit);
        }
        if (tc.plugins === 'fit+anti') h.filterPlugins.push(existingAntiAffinityFilter);
        if (tc.plugins === 'spread') {
          const sp = spreadFactory(undefined, h) as unknown as PreFilterPlugin & FilterPlugin;
          h.preFilterPlugins.push(sp);
          h.filterPlugins.push(sp);
        }
        const pl = plugin(h, tc.args, { resourcePrecheck: precheck });
        const nodeInfos = [...h.snapshot().nodeInfoList].sort((a, b) => (a.name < b.name ? -1 : 1));
        const n = nodeInfos.length;
        h.setRand((tc.offsets ?? []).map((o) => (o + 0.5) / n));
        tc.testPods.forEach((p, cycle) => {
          const pod = newPodInfo(p);
          const state = h.cycleState(pod);
          const before = h.filterCalls;
          const [offset, num] = pl.getOffsetAndNumCandidates(n);
          if (tc.offsets) expect(offset).toBe(tc.offsets[cycle]);
          const got = pl.dryRunPreemption(state, pod, nodeInfos, tc.pdbs ?? [], offset, num);
          const gotMap: Record<string, { victims: string[]; numPDBViolations?: number }> = {};
          for (const c of got.candidates) {
            const e: { victims: string[]; numPDBViolations?: number } = {
              victims: c.victims.map((v) => v.name).sort(),
            };
            if (c.numPDBViolations) e.numPDBViolations = c.numPDBViolations;
            gotMap[c.name] = e;
          }
          const want: Record<string, { victims: string[]; numPDBViolations?: number }> = {};
          for (const [k, v] of Object.entries(tc.expected[cycle])) {
            want[k] = { victims: v.victims, ...(v.numPDBViolations ? { numPDBViolations: v.numPDBViolations } : {}) };
          }
          expect(gotMap).toEqual(want);
          // The precheck may only save dry runs, never filter calls upstream would not make.
          if (precheck) expect(h.filterCalls - before).toBeLessThanOrEqual(tc.expectedNumFilterCalled[cycle]);
          else expect(h.filterCalls - before).toBe(tc.expectedNumFilterCalled[cycle]);
        });
      });
    }
  }
});

describe('SelectCandidate (upstream TestSelectBestCandidate)', () => {
  const tcs: { name: string; nodeNames: string[]; pod: ReturnType<typeof makePod>; pods: ReturnType<typeof makePod>[]; expected: string[] }[] = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodeNames: ['node1', 'node2'],
      pod: makePod('p', { priority: high, ...largeRes }),
      pods: [
        makePod('p1', { node: 'node1', priority: mid, ...largeRes, start: epoch(0) }),
        makePod('p2', { node: 'node2', priority: mid, ...largeRes, start: epoch(0) }),
      ],
      expected: ['node1', 'node2'],
    },
    {
      name: 'node with min highest priority pod is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, start: 0 }),
        makePod('p1.2', { node: 'node1', priority: mid, ...largeRes, start: 0 }),
        makePod('p2.1', { node: 'node2', priority: mid, ...mediumRes, start: 0 }),
        makePod('p2.2', { node: 'node2', priority: low, ...mediumRes, start: 0 }),
        makePod('p3.1', { node: 'node3', priority: low, ...mediumRes, start: 0 }),
        makePod('p3.2', { node: 'node3', priority: low, ...mediumRes, start: 0 }),
      ],
      expected: ['node3'],
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, start: 0 }),
        makePod('p1.2', { node: 'node1', priority: mid, ...largeRes, start: 0 }),
        makePod('p2.1', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('p2.2', { node: 'node2', priority: low, ...mediumRes, start: 0 }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: 0 }),
        makePod('p3.2', { node: 'node3', priority: mid, ...mediumRes, start: 0 }),
      ],
      expected: ['node2'],
    },
    {
      name: 'when highest priority and sum are the same, minimum number of pods is picked',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('p1.2', { node: 'node1', priority: neg, ...smallRes, start: 0 }),
        makePod('p1.3', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('p1.4', { node: 'node1', priority: neg, ...smallRes, start: 0 }),
        makePod('p2.1', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('p2.2', { node: 'node2', priority: neg, ...mediumRes, start: 0 }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: 0 }),
        makePod('p3.2', { node: 'node3', priority: neg, ...smallRes, start: 0 }),
        makePod('p3.3', { node: 'node3', priority: low, ...smallRes, start: 0 }),
      ],
      expected: ['node2'],
    },
    {
      name: 'sum of adjusted priorities is considered',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('p1.2', { node: 'node1', priority: neg, ...smallRes, start: 0 }),
        makePod('p1.3', { node: 'node1', priority: neg, ...smallRes, start: 0 }),
        makePod('p2.1', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('p2.2', { node: 'node2', priority: neg, ...mediumRes, start: 0 }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: 0 }),
        makePod('p3.2', { node: 'node3', priority: neg, ...smallRes, start: 0 }),
        makePod('p3.3', { node: 'node3', priority: low, ...smallRes, start: 0 }),
      ],
      expected: ['node2'],
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      nodeNames: ['node1', 'node2', 'node3', 'node4'],
      pod: makePod('p', { priority: veryHigh, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes, start: 0 }),
        makePod('p1.3', { node: 'node1', priority: low, ...smallRes, start: 0 }),
        makePod('p2.1', { node: 'node2', priority: high, ...largeRes, start: 0 }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: 0 }),
        makePod('p3.2', { node: 'node3', priority: low, ...smallRes, start: 0 }),
        makePod('p3.3', { node: 'node3', priority: low, ...smallRes, start: 0 }),
        makePod('p3.4', { node: 'node3', priority: low, ...mediumRes, start: 0 }),
        makePod('p4.1', { node: 'node4', priority: mid, ...mediumRes, start: 0 }),
        makePod('p4.2', { node: 'node4', priority: mid, ...smallRes, start: 0 }),
        makePod('p4.3', { node: 'node4', priority: mid, ...smallRes, start: 0 }),
        makePod('p4.4', { node: 'node4', priority: neg, ...smallRes, start: 0 }),
      ],
      expected: ['node1'],
    },
    {
      name: "same priority, same number of victims, different start time for each node's pod",
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, start: epoch(2) }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, start: epoch(2) }),
        makePod('p2.1', { node: 'node2', priority: mid, ...mediumRes, start: epoch(3) }),
        makePod('p2.2', { node: 'node2', priority: mid, ...mediumRes, start: epoch(3) }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: epoch(1) }),
        makePod('p3.2', { node: 'node3', priority: mid, ...mediumRes, start: epoch(1) }),
      ],
      expected: ['node2'],
    },
    {
      name: 'same priority, same number of victims, different start time for all pods',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: mid, ...mediumRes, start: epoch(4) }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, start: epoch(2) }),
        makePod('p2.1', { node: 'node2', priority: mid, ...mediumRes, start: epoch(5) }),
        makePod('p2.2', { node: 'node2', priority: mid, ...mediumRes, start: epoch(1) }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes, start: epoch(3) }),
        makePod('p3.2', { node: 'node3', priority: mid, ...mediumRes, start: epoch(6) }),
      ],
      expected: ['node3'],
    },
    {
      name: 'different priority, same number of victims, different start time for all pods',
      nodeNames: ['node1', 'node2', 'node3'],
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: low, ...mediumRes, start: epoch(4) }),
        makePod('p1.2', { node: 'node1', priority: mid, ...mediumRes, start: epoch(2) }),
        makePod('p2.1', { node: 'node2', priority: mid, ...mediumRes, start: epoch(6) }),
        makePod('p2.2', { node: 'node2', priority: low, ...mediumRes, start: epoch(1) }),
        makePod('p3.1', { node: 'node3', priority: low, ...mediumRes, start: epoch(3) }),
        makePod('p3.2', { node: 'node3', priority: mid, ...mediumRes, start: epoch(5) }),
      ],
      expected: ['node2'],
    },
  ];
  for (const tc of tcs) {
    it(tc.name, () => {
      const h = withFit({ nodes: tc.nodeNames.map((n) => makeNode(n, veryLargeRes)), pods: tc.pods });
      const pl = plugin(h);
      const pod = newPodInfo(tc.pod);
      const state = h.cycleState(pod);
      const nis = h.snapshot().nodeInfoList;
      const [offset, num] = pl.getOffsetAndNumCandidates(nis.length);
      const { candidates } = pl.dryRunPreemption(state, pod, nis, [], offset, num);
      const s = pl.selectCandidate(candidates);
      expect(s).not.toBeNull();
      expect(tc.expected).toContain(s!.name);
    });
  }
});

describe('custom IsEligiblePod / MoreImportantPod (upstream TestCustomSelection, TestCustomOrdering)', () => {
  const labelEligible = (key: string, val: string) => (_ni: unknown, v: PodInfo) => v.labels[key] === val;
  const nodeEligible = (name: string) => (ni: { name: string }) => ni.name === name;
  const preemptorAtLeast = (min: number) => (_ni: unknown, _v: PodInfo, p: PodInfo) => p.priority >= min;
  const victimAtMost = (max: number) => (_ni: unknown, v: PodInfo) => v.priority <= max;
  const s4 = (n: number, start = 0) => makeNode(`node${n}`, veryLargeRes);
  const tcs = [
    {
      name: 'filter for matching pod label: high priority',
      eligible: labelEligible('preemptible', 'yes'),
      nodes: [1, 2, 3, 4],
      pod: makePod('p1', { priority: high, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: mid, ...largeRes, labels: { preemptible: 'no' }, start: 0 }),
        makePod('v2', { node: 'node2', priority: mid, ...largeRes, labels: { preemptible: 'yes' }, start: 0 }),
        makePod('v3', { node: 'node3', priority: low, ...largeRes, labels: { preemptible: 'yes' }, start: 0 }),
        makePod('v4', { node: 'node4', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node2: ['v2'], node3: ['v3'] },
    },
    {
      name: 'filter for matching pod label: mid priority',
      eligible: labelEligible('preemptible', 'yes'),
      nodes: [1, 2, 3, 4],
      pod: makePod('p2', { priority: mid, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: mid, ...largeRes, labels: { preemptible: 'no' }, start: 0 }),
        makePod('v2', { node: 'node2', priority: mid, ...largeRes, labels: { preemptible: 'yes' }, start: 0 }),
        makePod('v3', { node: 'node3', priority: low, ...largeRes, labels: { preemptible: 'yes' }, start: 0 }),
        makePod('v4', { node: 'node4', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node3: ['v3'] },
    },
    {
      name: 'filter for matching victim node: high priority',
      eligible: nodeEligible('node1'),
      nodes: [1, 2, 3],
      pod: makePod('p3', { priority: high, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: high, ...mediumRes, start: 0 }),
        makePod('v2', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('v3', { node: 'node1', priority: low, ...smallRes, start: 0 }),
        makePod('v4', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('v5', { node: 'node3', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node1: ['v2', 'v3'] },
    },
    {
      name: 'filter for matching victim node: mid priority',
      eligible: nodeEligible('node1'),
      nodes: [1, 2, 3],
      pod: makePod('p3', { priority: mid, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: high, ...smallRes, start: 0 }),
        makePod('v2', { node: 'node1', priority: mid, ...smallRes, start: 0 }),
        makePod('v3', { node: 'node1', priority: low, ...smallRes, start: 0 }),
        makePod('v4', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('v5', { node: 'node3', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node1: ['v3'] },
    },
    {
      name: 'only pods at or above specified priority can preempt: high priority',
      eligible: preemptorAtLeast(high),
      nodes: [1, 2, 3],
      pod: makePod('p1', { priority: high, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: high, ...largeRes, start: 0 }),
        makePod('v2', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('v3', { node: 'node3', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node2: ['v2'], node3: ['v3'] },
    },
    {
      name: 'only pods at or above specified priority can preempt: mid priority',
      eligible: preemptorAtLeast(high),
      nodes: [1, 2, 3],
      pod: makePod('p2', { priority: mid, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: high, ...largeRes, start: 0 }),
        makePod('v2', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('v3', { node: 'node3', priority: low, ...largeRes, start: 0 }),
      ],
      expected: {},
    },
    {
      name: 'only pods at or below specified priority can be preempted: high priority',
      eligible: victimAtMost(mid),
      nodes: [1, 2, 3],
      pod: makePod('p1', { priority: high, ...largeRes }),
      pods: [
        makePod('v1', { node: 'node1', priority: high, ...largeRes, start: 0 }),
        makePod('v2', { node: 'node2', priority: mid, ...largeRes, start: 0 }),
        makePod('v3', { node: 'node3', priority: low, ...largeRes, start: 0 }),
      ],
      expected: { node2: ['v2'], node3: ['v3'] },
    },
  ];
  for (const tc of tcs) {
    it(tc.name, () => {
      const h = withFit({ nodes: tc.nodes.map((n) => s4(n)), pods: tc.pods });
      const pl = plugin(h);
      pl.isEligiblePod = tc.eligible as typeof pl.isEligiblePod;
      const pod = newPodInfo(tc.pod);
      const state = h.cycleState(pod);
      const nis = h.snapshot().nodeInfoList;
      const [offset, num] = pl.getOffsetAndNumCandidates(nis.length);
      let { candidates } = pl.dryRunPreemption(state, pod, nis, [], offset, num);
      expect(candidates.length).toBe(Object.keys(tc.expected).length);
      while (candidates.length > 0) {
        const sel = pl.selectCandidate(candidates)!;
        expect(Object.keys(tc.expected)).toContain(sel.name);
        expect(sel.victims.map((v) => v.name)).toEqual((tc.expected as Record<string, string[]>)[sel.name]);
        candidates = candidates.filter((c) => c.name !== sel.name);
      }
    });
  }

  it('select newest pods (custom ordering by oldest start)', () => {
    const h = withFit({
      nodes: [makeNode('node1', veryLargeRes)],
      pods: [
        makePod('v1', { node: 'node1', priority: low, ...mediumRes, start: epoch(2) }),
        makePod('v2', { node: 'node1', priority: low, ...mediumRes, start: epoch(0) }),
        makePod('v3', { node: 'node1', priority: mid, ...mediumRes, start: epoch(1) }),
      ],
    });
    const pl = plugin(h);
    pl.moreImportantPod = (a, b) => (a.startTime ?? 0) < (b.startTime ?? 0);
    const pod = newPodInfo(makePod('p2', { priority: high, ...largeRes }));
    const { candidates } = pl.dryRunPreemption(h.cycleState(pod), pod, h.snapshot().nodeInfoList, [], 0, 1);
    expect(candidates.length).toBe(1);
    expect(candidates[0].victims.map((v) => v.name)).toEqual(['v3', 'v1']);
  });

  it('select alphabetically-last pods (custom ordering by name)', () => {
    const h = withFit({
      nodes: [makeNode('node1', veryLargeRes)],
      pods: [
        makePod('foo', { uid: 'v1', node: 'node1', priority: low, ...mediumRes, start: 0 }),
        makePod('bar', { uid: 'v2', node: 'node1', priority: low, ...mediumRes, start: 0 }),
        makePod('baz', { uid: 'v3', node: 'node1', priority: mid, ...mediumRes, start: 0 }),
      ],
    });
    const pl = plugin(h);
    pl.moreImportantPod = (a, b) => a.name < b.name;
    const pod = newPodInfo(makePod('p2', { priority: high, ...largeRes }));
    const { candidates } = pl.dryRunPreemption(h.cycleState(pod), pod, h.snapshot().nodeInfoList, [], 0, 1);
    expect(candidates[0].victims.map((v) => v.name)).toEqual(['baz', 'foo']);
  });
});

describe('PodEligibleToPreemptOthers (upstream)', () => {
  const tcs = [
    {
      name: 'Pod with nominated node',
      pod: makePod('p_with_nominated_node', { uid: 'p', priority: high, nominated: 'node1' }),
      pods: [makePod('p1', { priority: low, node: 'node1', terminating: true })],
      nodes: ['node1'],
      status: Status.unresolvable("node(s) had taint {foo: bar}, that the pod didn't tolerate"),
      expected: true,
    },
    {
      name: 'Pod without nominated node',
      pod: makePod('p_without_nominated_node', { uid: 'p', priority: high }),
      pods: [],
      nodes: [],
      status: null,
      expected: true,
    },
    {
      name: "Pod with 'PreemptNever' preemption policy",
      pod: makePod('p_with_preempt_never_policy', { uid: 'p', priority: high, policy: 'Never' }),
      pods: [],
      nodes: [],
      status: null,
      expected: false,
    },
    {
      name: 'preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition',
      pod: makePod('p_with_nominated_node', { uid: 'p', priority: high, nominated: 'node1' }),
      pods: [makePod('p1', { priority: low, node: 'node1', terminating: true, preemptedCondition: true })],
      nodes: ['node1'],
      status: null,
      expected: false,
    },
    {
      name: 'non-victim Pods terminating',
      pod: makePod('p_with_nominated_node', { uid: 'p', priority: high, nominated: 'node1' }),
      pods: [makePod('p1', { priority: low, node: 'node1', terminating: true })],
      nodes: ['node1'],
      status: null,
      expected: true,
    },
  ];
  for (const tc of tcs) {
    it(tc.name, () => {
      const h = new FakeHandle({ nodes: tc.nodes.map((n) => makeNode(n)), pods: tc.pods });
      const pl = plugin(h);
      expect(pl.podEligibleToPreemptOthers(newPodInfo(tc.pod), tc.status)[0]).toBe(tc.expected);
    });
  }

  it('messages', () => {
    const h = new FakeHandle({
      nodes: [makeNode('node1')],
      pods: [makePod('p1', { priority: low, node: 'node1', terminating: true, preemptedCondition: true })],
    });
    const pl = plugin(h);
    expect(pl.podEligibleToPreemptOthers(newPodInfo(makePod('p', { policy: 'Never' })), null)[1]).toBe(
      'not eligible due to preemptionPolicy=Never.',
    );
    expect(
      pl.podEligibleToPreemptOthers(newPodInfo(makePod('p', { priority: high, nominated: 'node1' })), null)[1],
    ).toBe('not eligible due to a terminating pod on the nominated node.');
    // Through PostFilter: the "preemption: " prefix, nothing evicted, nomination unchanged.
    const { result, status } = pl.postFilter(
      h.cycleState(newPodInfo(makePod('p'))),
      newPodInfo(makePod('p', { priority: high, policy: 'Never' })),
      new TestNodeToStatus({ node1: U() }),
    );
    expect(result).toBeNull();
    expect(status?.code).toBe(Code.Unschedulable);
    expect(status?.message()).toBe('preemption: not eligible due to preemptionPolicy=Never.');
  });
});

describe('Preempt (upstream TestPreempt)', () => {
  const labelKeys = ['hostname', 'zone', 'region'];
  const tcs = [
    {
      name: 'basic preemption logic',
      pod: makePod('p', { priority: high, ...veryLargeRes, policy: 'PreemptLowerPriority' }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: low, ...smallRes }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes }),
        makePod('p2.1', { node: 'node2', priority: high, ...largeRes }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes }),
      ],
      nodeNames: ['node1', 'node2', 'node3'],
      spread: false,
      want: 'node1' as string | null,
      expectedPods: ['p1.1', 'p1.2'],
    },
    {
      name: 'preemption for topology spread constraints',
      pod: makePod('p', {
        priority: high,
        labels: { foo: '' },
        spread: [
          { topologyKey: 'zone', key: 'foo' },
          { topologyKey: 'hostname', key: 'foo' },
        ],
      }),
      pods: [
        makePod('p-a1', { node: 'node-a', priority: high, labels: { foo: '' } }),
        makePod('p-a2', { node: 'node-a', priority: high, labels: { foo: '' } }),
        makePod('p-b1', { node: 'node-b', priority: low, labels: { foo: '' } }),
        makePod('p-x1', { node: 'node-x', priority: high, labels: { foo: '' } }),
        makePod('p-x2', { node: 'node-x', priority: high, labels: { foo: '' } }),
      ],
      nodeNames: ['node-a/zone1', 'node-b/zone1', 'node-x/zone2'],
      spread: true,
      want: 'node-b',
      expectedPods: ['p-b1'],
    },
    {
      name: 'no preempting in pod',
      pod: makePod('p', { priority: high, ...veryLargeRes, policy: 'Never' }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: low, ...smallRes }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes }),
        makePod('p2.1', { node: 'node2', priority: high, ...largeRes }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes }),
      ],
      nodeNames: ['node1', 'node2', 'node3'],
      spread: false,
      want: null,
      expectedPods: [],
    },
    {
      name: 'PreemptionPolicy is nil',
      pod: makePod('p', { priority: high, ...veryLargeRes }),
      pods: [
        makePod('p1.1', { node: 'node1', priority: low, ...smallRes }),
        makePod('p1.2', { node: 'node1', priority: low, ...smallRes }),
        makePod('p2.1', { node: 'node2', priority: high, ...largeRes }),
        makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes }),
      ],
      nodeNames: ['node1', 'node2', 'node3'],
      spread: false,
      want: 'node1',
      expectedPods: ['p1.1', 'p1.2'],
    },
  ];
  for (const tc of tcs) {
    for (const asyncPreemption of [true, false]) {
      it(`${tc.name} (async preemption ${asyncPreemption})`, () => {
        const nodes = tc.nodeNames.map((nn) => {
          const parts = nn.split('/');
          const labels: Record<string, string> = {};
          parts.forEach((v, i) => (labels[labelKeys[i]] = v));
          return makeNode(parts[0], veryLargeRes, labels);
        });
        const h = new FakeHandle({ nodes, pods: tc.pods });
        if (tc.spread) {
          const sp = spreadFactory(undefined, h) as unknown as PreFilterPlugin & FilterPlugin;
          h.preFilterPlugins.push(sp);
          h.filterPlugins.push(sp);
        } else {
          const fit = fitPlugin(h);
          h.preFilterPlugins.push(fit);
          h.filterPlugins.push(fit);
        }
        const pl = plugin(h, undefined, { enableAsyncPreemption: asyncPreemption });
        const pod = newPodInfo(tc.pod);
        const state = h.cycleState(pod);
        const m = new TestNodeToStatus(new Map(nodes.map((n) => [n.metadata!.name!, U()])));
        const { result, status } = pl.preempt(state, pod, m);
        if (tc.want === null) {
          expect(result).toBeNull();
        } else {
          expect(status).toBeNull();
          expect(result).toEqual({ nominatedNodeName: tc.want });
        }
        expect(h.evicted.map((e) => e.victim.split('/')[1]).sort()).toEqual(tc.expectedPods);
        for (const e of h.evicted) {
          expect(e.preemptor).toBe('default/p');
          expect(e.reason).toBe('default-scheduler: preempting to accommodate a higher priority pod');
        }
        expect(pl.preEnqueue(pod)).toBeNull();
      });
    }
  }

  it('does not preempt again while the victims terminate', () => {
    const pods = [
      makePod('p1.1', { node: 'node1', priority: low, ...smallRes }),
      makePod('p1.2', { node: 'node1', priority: low, ...smallRes }),
      makePod('p3.1', { node: 'node3', priority: mid, ...mediumRes }),
    ];
    const nodes = ['node1', 'node3'].map((n) => makeNode(n, veryLargeRes));
    const h = withFit({ nodes, pods });
    const pl = plugin(h);
    const p = makePod('p', { priority: high, ...veryLargeRes });
    let pod = newPodInfo(p);
    const m = new TestNodeToStatus({ node1: U(), node3: U() });
    const first = pl.preempt(h.cycleState(pod), pod, m);
    expect(first.result).toEqual({ nominatedNodeName: 'node1' });
    // The victims now terminate (DisruptionTarget set by the eviction), the pod is nominated.
    const terminating = pods.map((x) =>
      x.metadata!.name!.startsWith('p1.') ? makePod(x.metadata!.name!, { node: 'node1', priority: low, ...smallRes, terminating: true, preemptedCondition: true }) : x,
    );
    const h2 = withFit({ nodes, pods: terminating });
    const pl2 = plugin(h2);
    pod = newPodInfo(makePod('p', { priority: high, ...veryLargeRes, nominated: 'node1' }));
    const again = pl2.preempt(h2.cycleState(pod), pod, new TestNodeToStatus({ node1: U(), node3: U() }));
    expect(again.result).toBeNull();
    expect(again.status?.message()).toBe('not eligible due to a terminating pod on the nominated node.');
    expect(h2.evicted).toEqual([]);
  });

  it('clears lower-priority nominations on the chosen node, keeps higher ones', () => {
    const h = withFit({
      nodes: [makeNode('node1', veryLargeRes)],
      pods: [makePod('v', { node: 'node1', priority: low, ...veryLargeRes })],
    });
    h.nominated.set('node1', [
      newPodInfo(makePod('n-low', { priority: mid, ...smallRes, nominated: 'node1' })),
      newPodInfo(makePod('n-high', { priority: veryHigh, ...smallRes, nominated: 'node1' })),
    ]);
    const pl = plugin(h);
    const pod = newPodInfo(makePod('p', { priority: high, cpu: '100m', mem: '100' }));
    // n-high (>= priority) is counted in the dry run; with 100m+100m of 500m the pod fits after evicting v.
    const r = pl.preempt(h.cycleState(pod), pod, new TestNodeToStatus({ node1: U() }));
    expect(r.result).toEqual({ nominatedNodeName: 'node1' });
    expect(h.cleared).toEqual(['default/n-low']);
    expect(h.evicted.map((e) => e.victim)).toEqual(['default/v']);
  });

  it('skips victims already terminating and then clears nothing (async)', () => {
    const h = withFit({
      nodes: [makeNode('node1', veryLargeRes)],
      pods: [makePod('v', { node: 'node1', priority: low, ...veryLargeRes, terminating: true })],
    });
    h.nominated.set('node1', [newPodInfo(makePod('n-low', { priority: mid, ...smallRes, nominated: 'node1' }))]);
    const pl = plugin(h);
    const pod = newPodInfo(makePod('p', { priority: high, ...smallRes }));
    const r = pl.preempt(h.cycleState(pod), pod, new TestNodeToStatus({ node1: U() }));
    expect(r.result).toEqual({ nominatedNodeName: 'node1' });
    expect(h.evicted).toEqual([]);
    expect(h.cleared).toEqual([]);
    const pl2 = plugin(h, undefined, { enableAsyncPreemption: false });
    pl2.preempt(h.cycleState(pod), pod, new TestNodeToStatus({ node1: U() }));
    expect(h.cleared).toEqual(['default/n-low']);
  });
});

describe('PreEnqueue / EventsToRegister', () => {
  it('never blocks once PostFilter returned (synchronous evictions)', () => {
    const h = withFit({ nodes: [makeNode('node1', { pods: '1' })], pods: [makePod('p1', { node: 'node1' })] });
    const pl = plugin(h);
    const pod = newPodInfo(makePod('p', { priority: high }));
    const r = pl.postFilter(h.cycleState(pod), pod, new TestNodeToStatus({ node1: U() }));
    expect(r.result).toEqual({ nominatedNodeName: 'node1' });
    expect(pl.preEnqueue(pod)).toBeNull();
    expect(pl.isPodRunningPreemption(pod.uid)).toBe(false);
  });
  it('registers AssignedPod/Delete with a Skip hint only with async preemption', () => {
    const h = new FakeHandle({ nodes: [], pods: [] });
    const ev = plugin(h).eventsToRegister();
    expect(ev.map((e) => e.event)).toEqual([{ resource: 'AssignedPod', action: 'Delete' }]);
    expect(ev[0].hint?.(makePod('x'), null, null)).toBe(0);
    expect(plugin(h, undefined, { enableAsyncPreemption: false }).eventsToRegister()).toEqual([]);
  });
});

describe('helpers', () => {
  it('calculateNumCandidates', () => {
    const h = new FakeHandle({ nodes: [], pods: [] });
    const pl = plugin(h);
    expect(pl.calculateNumCandidates(10)).toBe(10);
    expect(pl.calculateNumCandidates(5000)).toBe(500);
    expect(pl.calculateNumCandidates(500)).toBe(100);
    const p2 = plugin(h, { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 });
    expect(p2.calculateNumCandidates(5)).toBe(2);
    expect(() => plugin(h, { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 })).toThrow();
    expect(() => plugin(h, { minCandidateNodesPercentage: 101 })).toThrow();
  });

  it('aggregateErrors', () => {
    expect(aggregateErrors(['a'])).toBe('a');
    expect(aggregateErrors(['a', 'a'])).toBe('a');
    expect(aggregateErrors(['a', 'b', 'a'])).toBe('[a, b]');
  });

  it('filterPodsWithPDBViolation spends budgets in order, per call', () => {
    const pods = ['a', 'b', 'c'].map((n) => newPodInfo(makePod(n, { labels: { app: 'x' } })));
    const unlabeled = newPodInfo(makePod('u'));
    const other = newPodInfo(makePod('o', { ns: 'other', labels: { app: 'x' } }));
    const pdb = makePdb('pdb', { app: 'x' }, 1);
    const r = filterPodsWithPDBViolation([...pods, unlabeled, other], [pdb], true);
    expect(r.nonViolating.map((p) => p.name)).toEqual(['a', 'u', 'o']);
    expect(r.violating.map((p) => p.name)).toEqual(['b', 'c']);
    expect(r.violated?.get('b')).toEqual(['pdb']);
    // An empty selector matches nothing.
    const empty = { ...makePdb('e', {}, 0) };
    expect(filterPodsWithPDBViolation(pods, [empty]).violating).toEqual([]);
  });

  it('moreImportantPod follows upstream, including pods without a start time', () => {
    const a = newPodInfo(makePod('a', { priority: 1, start: 10 }));
    const b = newPodInfo(makePod('b', { priority: 1, start: 20 }));
    const n1 = newPodInfo(makePod('n1', { priority: 1 }));
    const n2 = newPodInfo(makePod('n2', { priority: 1 }));
    const hi = newPodInfo(makePod('hi', { priority: 2 }));
    expect(moreImportantPod(hi, a)).toBe(true);
    expect(moreImportantPod(a, hi)).toBe(false);
    expect(moreImportantPod(a, b)).toBe(true);
    expect(moreImportantPod(b, a)).toBe(false);
    expect(moreImportantPod(a, n1)).toBe(true); // started before "now"
    expect(moreImportantPod(n1, a)).toBe(false);
    expect(moreImportantPod(n1, n2)).toBe(true); // now1 < now2
    expect(moreImportantPod(n2, n1)).toBe(true);
  });

  it('goSortSlice sorts like any sort for a strict weak order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 300 }), (xs) => {
        const got = xs.slice();
        goSortSlice(got, (a, b) => a < b);
        expect(got).toEqual(xs.slice().sort((a, b) => a - b));
      }),
    );
  });

  it('goSortSlice with an always-true comparator reverses short slices (insertion sort)', () => {
    const xs = [1, 2, 3, 4, 5];
    goSortSlice(xs, () => true);
    expect(xs).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('pickOneNodeForPreemption', () => {
  const h = new FakeHandle({ nodes: [], pods: [] });
  const pl = plugin(h);
  const v = (name: string, priority: number, start?: number) =>
    newPodInfo(makePod(name, { priority, ...(start !== undefined ? { start } : {}) }));
  const cand = (name: string, victims: PodInfo[], numPDBViolations = 0): Candidate => ({ name, victims, numPDBViolations });

  it('criteria in order', () => {
    expect(pl.pickOneNodeForPreemption([cand('a', [v('x', 1)], 1), cand('b', [v('y', 5)], 0)])).toMatchObject({
      chosen: { name: 'b' },
      decidedBy: 'minPDBViolations',
    });
    expect(pl.pickOneNodeForPreemption([cand('a', [v('x', 5)]), cand('b', [v('y', 1), v('z', 1)])])).toMatchObject({
      chosen: { name: 'b' },
      decidedBy: 'minHighestPriority',
    });
    expect(
      pl.pickOneNodeForPreemption([cand('a', [v('x', 5), v('x2', 1)]), cand('b', [v('y', 5), v('z', 0)])]),
    ).toMatchObject({ chosen: { name: 'b' }, decidedBy: 'minSumPriorities' });
    // -1 + 2^31 per pod: two pods at -1 sum more than one pod at -1.
    expect(pl.pickOneNodeForPreemption([cand('a', [v('x', -1), v('x2', -1)]), cand('b', [v('y', -1)])])).toMatchObject({
      chosen: { name: 'b' },
      decidedBy: 'minSumPriorities',
    });
    expect(
      pl.pickOneNodeForPreemption([cand('a', [v('x', 5, 100)]), cand('b', [v('y', 5, 200)])]),
    ).toMatchObject({ chosen: { name: 'b' }, decidedBy: 'latestStartTime' });
    // No start time = "now", later than any recorded time.
    expect(pl.pickOneNodeForPreemption([cand('a', [v('x', 5, 100)]), cand('b', [v('y', 5)])])).toMatchObject({
      chosen: { name: 'b' },
      decidedBy: 'latestStartTime',
    });
    const tie = pl.pickOneNodeForPreemption([cand('a', [v('x', 5, 100)]), cand('b', [v('y', 5, 100)])]);
    expect(tie.decidedBy).toBe('tie');
    expect(tie.tied).toEqual(['a', 'b']);
  });
});

describe('trace', () => {
  it('records start, per-node dry runs with reprieves and PDBs, pick, prepare', () => {
    const events: PreemptionTraceEvent[] = [];
    const h = withFit({
      nodes: [makeNode('node1', veryLargeRes), makeNode('node2', veryLargeRes)],
      pods: [
        makePod('a', { node: 'node1', priority: low, ...largeRes, labels: { app: 'a' } }),
        makePod('b', { node: 'node1', priority: mid, ...mediumRes }),
        makePod('c', { node: 'node2', priority: high, ...veryLargeRes }),
      ],
      pdbs: [makePdb('pdb-a', { app: 'a' }, 0)],
      trace: { emit: (e) => events.push(e as unknown as PreemptionTraceEvent) },
    });
    const pl = plugin(h);
    const pod = newPodInfo(makePod('p', { priority: high, ...mediumRes }));
    pl.postFilter(h.cycleState(pod), pod, new TestNodeToStatus({ node1: U(), node2: U() }));
    const stages = events.map((e) => e.stage);
    expect(stages).toEqual(['start', 'node', 'node', 'pick', 'prepare']);
    const n1 = events.find((e) => e.stage === 'node' && e.node === 'node1');
    expect(n1).toMatchObject({
      outcome: 'candidate',
      potentialVictims: ['default/b', 'default/a'],
      victims: ['default/b'],
      numPDBViolations: 0,
      steps: [
        { pod: 'default/a', pdbViolating: true, pdbs: ['pdb-a'], reprieved: true },
        { pod: 'default/b', pdbViolating: false, reprieved: false },
      ],
    });
    const n2 = events.find((e) => e.stage === 'node' && e.node === 'node2');
    expect(n2).toMatchObject({ outcome: 'noVictims', status: { reasons: [REASON_NO_VICTIMS] } });
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });
});

describe('properties', () => {
  // Random clusters: nodes with pods of random priorities/sizes, random PDBs; a preemptor.
  const arbCluster = fc.record({
    nodes: fc.array(
      fc.array(
        fc.record({
          prio: fc.integer({ min: 0, max: 4 }),
          cpu: fc.integer({ min: 1, max: 5 }),
          app: fc.integer({ min: 0, max: 2 }),
          start: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        }),
        { maxLength: 6 },
      ),
      { minLength: 1, maxLength: 6 },
    ),
    pdbAllowed: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
    podPrio: fc.integer({ min: 0, max: 5 }),
    podCpu: fc.integer({ min: 1, max: 8 }),
    rand: fc.double({ min: 0, max: 0.999, noNaN: true }),
    pct: fc.integer({ min: 0, max: 100 }),
    abs: fc.integer({ min: 1, max: 4 }),
  });

  type Cluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;
  function build(c: Cluster) {
    const nodes = c.nodes.map((_, i) => makeNode(`n${i}`, { cpu: '8', mem: '1Gi', pods: '10' }));
    const pods = c.nodes.flatMap((ps, i) =>
      ps.map((p, j) =>
        makePod(`v${i}-${j}`, {
          node: `n${i}`,
          priority: p.prio,
          cpu: `${p.cpu}`,
          labels: { app: `a${p.app}` },
          ...(p.start !== undefined ? { start: p.start * 1000 } : {}),
        }),
      ),
    );
    const pdbs = c.pdbAllowed.map((n, i) => makePdb(`pdb${i}`, { app: `a${i}` }, n));
    return { nodes, pods, pdbs };
  }

  it('a victim never has priority >= the preemptor; chosen node has no PDB violation when a clean candidate existed', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const { nodes, pods, pdbs } = build(c);
        for (const precheck of [true, false]) {
          const h = withFit({ nodes, pods, pdbs, rand: [c.rand, c.rand] });
          const pl = plugin(h, { minCandidateNodesPercentage: c.pct, minCandidateNodesAbsolute: c.abs }, { resourcePrecheck: precheck });
          const pod = newPodInfo(makePod('p', { priority: c.podPrio, cpu: `${c.podCpu}` }));
          const state = h.cycleState(pod);
          const m = new TestNodeToStatus(h.filterAll(state, pod), Status.unresolvable());
          if (m.size === 0) continue;
          // Every candidate the dry run finds, on the same offset.
          const nis = h.snapshot().nodeInfoList.filter((ni) => m.get(ni.name)?.code === Code.Unschedulable);
          const all = nis.length
            ? pl.dryRunPreemption(h.cycleState(pod), pod, nis, pdbs, 0, nis.length).candidates
            : [];
          h.setRand([c.rand, c.rand]);
          const { result, status } = pl.postFilter(state, pod, m);
          for (const e of h.evicted) {
            expect(h.pi(e.victim.split('/')[1]).priority).toBeLessThan(pod.priority);
          }
          for (const cand of all) {
            for (const vv of cand.victims) expect(vv.priority).toBeLessThan(pod.priority);
            // Victims ordered most important first.
            for (let i = 1; i < cand.victims.length; i++) {
              expect(cand.victims[i - 1].priority).toBeGreaterThanOrEqual(cand.victims[i].priority);
            }
          }
          if (result?.nominatedNodeName) {
            expect(status).toBeNull();
            const chosen = all.find((x) => x.name === result.nominatedNodeName);
            expect(chosen).toBeDefined();
            if (all.some((x) => x.numPDBViolations === 0)) expect(chosen!.numPDBViolations).toBe(0);
            // After evicting the victims the pod fits on the node.
            const evicted = new Set(h.evicted.map((e) => e.victim));
            expect([...evicted].sort()).toEqual(chosen!.victims.map((x) => x.key).sort());
          } else {
            expect(h.evicted).toEqual([]);
            expect(all.length).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('memoized dry runs give the same results over a sequence of preemptions', () => {
    fc.assert(
      fc.property(
        arbCluster,
        fc.array(fc.record({ spec: fc.integer({ min: 0, max: 1 }), nominate: fc.boolean(), evict: fc.boolean() }), {
          minLength: 2,
          maxLength: 6,
        }),
        (c, seq) => {
          const { nodes, pods, pdbs } = build(c);
          const runs = [true, false].map((memoize) => {
            const h = withFit({ nodes, pods, pdbs });
            const pl = plugin(h, { minCandidateNodesPercentage: c.pct, minCandidateNodesAbsolute: c.abs }, { memoize });
            const out: unknown[] = [];
            seq.forEach((step, k) => {
              h.setRand([c.rand, c.rand]);
              const spec = step.spec === 0 ? { priority: c.podPrio, cpu: `${c.podCpu}` } : { priority: 3, cpu: '2' };
              const pod = newPodInfo(makePod(`p${k}`, spec));
              const state = h.cycleState(pod);
              const m = new TestNodeToStatus(h.filterAll(state, pod), Status.unresolvable());
              const before = h.evicted.length;
              const r = pl.postFilter(state, pod, m);
              out.push({ r: r.result, msg: r.status?.message() ?? null, ev: h.evicted.slice(before) });
              const node = r.result?.nominatedNodeName;
              if (node) {
                const ni = h.snapshot().get(node)!;
                if (step.nominate) h.nominated.set(node, [...(h.nominated.get(node) ?? []), pod]);
                if (step.evict) {
                  for (const e of h.evicted.slice(before)) {
                    const v = ni.pods.find((x) => x.key === e.victim);
                    if (v) removePod(ni, v);
                  }
                }
              }
            });
            return out;
          });
          expect(runs[0]).toEqual(runs[1]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the resource precheck never changes the outcome', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const { nodes, pods, pdbs } = build(c);
        const outcomes = [true, false].map((precheck) => {
          const h = withFit({ nodes, pods, pdbs, rand: [c.rand, c.rand] });
          const pl = plugin(h, { minCandidateNodesPercentage: c.pct, minCandidateNodesAbsolute: c.abs }, { resourcePrecheck: precheck });
          const pod = newPodInfo(makePod('p', { priority: c.podPrio, cpu: `${c.podCpu}` }));
          const state = h.cycleState(pod);
          const m = new TestNodeToStatus(h.filterAll(state, pod), Status.unresolvable());
          const r = pl.postFilter(state, pod, m);
          return { result: r.result, msg: r.status?.message() ?? null, evicted: h.evicted };
        });
        expect(outcomes[0]).toEqual(outcomes[1]);
      }),
      { numRuns: 300 },
    );
  });
});
