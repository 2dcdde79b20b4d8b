import { describe, expect, it } from 'vitest';
import { buildConfig } from './config';
import { Diagnosis, eventMatches, fitErrorMessage, Framework, type FrameworkEnv } from './runtime';
import { CycleState, Status, type Plugin, type PluginFactory } from './types';
import { inTreeRegistry } from '../plugins/registry';
import type { ProfileConfig } from '../api/scenario';

function env(): FrameworkEnv {
  return {
    snapshot: () => ({ nodeInfoList: [], havePodsWithAffinityList: [], havePodsWithRequiredAntiAffinityList: [], get: () => undefined, namespaceLabels: () => ({}) }),
    lister: { services: () => [], replicaSets: () => [], statefulSets: () => [], replicationControllers: () => [] },
    nominator: { count: 0, nominatedPodsForNode: () => [] },
    rand: () => 0,
    now: () => 0,
    trace: () => null,
    traceNodes: () => false,
    cycle: () => 0,
    pdbs: () => [],
    evictPod: () => {},
    clearNominatedNodeName: () => {},
    allPods: () => [],
    cloneNodeInfo: (ni) => ni,
    addPodToNodeInfo: () => {},
  };
}

function framework(profile?: ProfileConfig, registry = inTreeRegistry) {
  const { config, diagnostics } = buildConfig(profile ? { profiles: [profile] } : null);
  expect(diagnostics).toEqual([]);
  return Framework.create(config.profiles[0], registry, env());
}

const names = (l: Plugin[]) => l.map((p) => p.name);

describe('Framework.create (NewFramework + expandMultiPointPlugins)', () => {
  it('expands the default profile like upstream', () => {
    const { framework: f, errors } = framework();
    expect(errors).toEqual([]);
    expect(names(f!.queueSortPlugins)).toEqual(['PrioritySort']);
    expect(names(f!.preEnqueuePlugins)).toEqual(['SchedulingGates', 'DynamicResources', 'DefaultPreemption']);
    expect(names(f!.filterPlugins)).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
      'DynamicResources',
    ]);
    expect(names(f!.postFilterPlugins)).toEqual(['DynamicResources', 'DefaultPreemption']);
    expect(names(f!.scorePlugins)).toEqual([
      'TaintToleration',
      'NodeAffinity',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
      'NodeResourcesBalancedAllocation',
      'ImageLocality',
    ]);
    expect(Object.fromEntries(f!.scorePluginWeight)).toMatchObject({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
    expect(names(f!.bindPlugins)).toEqual(['DefaultBinder']);
  });

  it('puts a plugin explicitly enabled at an extension point first, with its own weight', () => {
    const { framework: f } = framework({ schedulerName: 'default-scheduler', plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 5 }] } } });
    expect(names(f!.scorePlugins)[0]).toBe('ImageLocality');
    expect(f!.scorePluginWeight.get('ImageLocality')).toBe(5);
  });

  it('gives weight 1 to a score plugin re-enabled without a weight (score entries win over multiPoint)', () => {
    const { framework: f } = framework({ schedulerName: 'default-scheduler', plugins: { score: { enabled: [{ name: 'TaintToleration' }] } } });
    expect(f!.scorePluginWeight.get('TaintToleration')).toBe(1);
  });

  it('skips multiPoint at an extension point with disabled "*"', () => {
    const { framework: f } = framework({
      schedulerName: 'default-scheduler',
      plugins: { filter: { disabled: [{ name: '*' }], enabled: [{ name: 'NodeName' }] }, score: { disabled: [{ name: '*' }] } },
    });
    expect(names(f!.filterPlugins)).toEqual(['NodeName']);
    expect(f!.scorePlugins).toEqual([]);
  });

  it('reports unknown plugins and plugins at the wrong extension point', () => {
    const { framework: f, errors } = framework({ schedulerName: 's', plugins: { filter: { enabled: [{ name: 'Nope' }, { name: 'PrioritySort' }] } } });
    expect(f).toBeNull();
    expect(errors).toEqual(['FilterPlugin "Nope" does not exist', 'plugin "PrioritySort" does not extend FilterPlugin plugin']);
  });

  it('requires one queue sort and a binder', () => {
    const { errors } = framework({ schedulerName: 's', plugins: { queueSort: { disabled: [{ name: '*' }] }, bind: { disabled: [{ name: '*' }] } } });
    expect(errors).toEqual([
      'only one queue sort plugin required for profile with scheduler name "s", but got 0',
      'at least one bind plugin is needed for profile with scheduler name "s"',
    ]);
  });
});

describe('PreFilter and PostFilter', () => {
  const reg = (plugins: Record<string, Partial<Record<string, unknown>>>) => {
    const r = new Map(inTreeRegistry);
    for (const [name, impl] of Object.entries(plugins)) r.set(name, (() => ({ name, ...impl })) as PluginFactory);
    return r;
  };
  it('intersects PreFilterResults and reports plugins that leave no node', () => {
    const r = reg({
      A: { preFilter: () => ({ result: { nodeNames: new Set(['n1', 'n2']) }, status: null }) },
      B: { preFilter: () => ({ result: { nodeNames: new Set(['n3']) }, status: null }) },
    });
    const { framework: f } = framework(
      { schedulerName: 's', plugins: { preFilter: { disabled: [{ name: '*' }], enabled: [{ name: 'A' }, { name: 'B' }] } } },
      r,
    );
    const out = f!.runPreFilterPlugins(new CycleState(), {} as never);
    expect(out.status?.code).toBe(3);
    expect(out.status?.message()).toBe("node(s) didn't satisfy plugin(s) [A B] simultaneously");
  });

  it('joins the reasons of every rejecting PostFilter plugin', () => {
    const r = reg({
      P1: { postFilter: () => ({ result: null, status: Status.unschedulable('no new claims to deallocate') }) },
      P2: { postFilter: () => ({ result: { nominatedNodeName: '' }, status: Status.unschedulable('preemption: 0/1 nodes are available: 1 x.') }) },
    });
    const { framework: f } = framework(
      { schedulerName: 's', plugins: { postFilter: { disabled: [{ name: '*' }], enabled: [{ name: 'P1' }, { name: 'P2' }] } } },
      r,
    );
    const out = f!.runPostFilterPlugins(new CycleState(), {} as never, new Diagnosis().nodeToStatus);
    expect(out.status?.message()).toBe('no new claims to deallocate, preemption: 0/1 nodes are available: 1 x.');
    expect(out.status?.plugin).toBe('P1');
    expect(out.result).toEqual({ nominatedNodeName: '' });
  });
});

describe('FitError.Error', () => {
  it('sorts the reasons histogram and appends PostFilter without a period', () => {
    const d = new Diagnosis();
    d.nodeToStatus.set('a', Status.unschedulable('Insufficient cpu', 'Too many pods'));
    d.nodeToStatus.set('b', Status.unschedulable('Too many pods'));
    d.nodeToStatus.set('c', Status.unschedulable('Insufficient cpu'));
    d.postFilterMsg = 'preemption: not eligible due to preemptionPolicy=Never.';
    expect(fitErrorMessage(3, d)).toBe(
      '0/3 nodes are available: 2 Insufficient cpu, 2 Too many pods. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });
  it('counts absent nodes and prints only the PreFilter message when PreFilter failed', () => {
    const d = new Diagnosis();
    d.nodeToStatus.set('a', Status.unresolvable("node(s) didn't match Pod's node affinity/selector"));
    d.nodeToStatus.absent = Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
    expect(fitErrorMessage(2, d)).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
    const p = new Diagnosis();
    p.preFilterMsg = 'pod affinity terms conflict';
    expect(fitErrorMessage(2, p)).toBe('0/2 nodes are available: pod affinity terms conflict.');
  });
});

describe('cluster events', () => {
  it('matches like upstream ClusterEvent.Match', () => {
    expect(eventMatches({ resource: 'Pod', action: 'Delete' }, { resource: 'AssignedPod', action: 'Delete' })).toBe(true);
    expect(eventMatches({ resource: 'Node', action: 'Update' }, { resource: 'Node', action: 'UpdateNodeTaint' })).toBe(true);
    expect(eventMatches({ resource: 'Node', action: 'UpdateNodeLabel' }, { resource: 'Node', action: 'UpdateNodeTaint' })).toBe(false);
    expect(eventMatches({ resource: 'Node', action: 'All' }, { resource: 'Pod', action: 'Add' })).toBe(false);
    expect(eventMatches({ resource: '*', action: 'All' }, { resource: 'Pod', action: 'Add' })).toBe(true);
  });
});
