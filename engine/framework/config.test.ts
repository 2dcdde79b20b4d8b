import { describe, expect, it } from 'vitest';
import { buildConfig, DEFAULT_MULTIPOINT, defaultArgs, mergePluginSet } from './config';

describe('default configuration', () => {
  it('has v1.35 default plugins in upstream order with default weights', () => {
    expect(DEFAULT_MULTIPOINT.map((p) => (p.weight ? `${p.name}:${p.weight}` : p.name))).toEqual([
      'SchedulingGates',
      'PrioritySort',
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodePorts',
      'NodeResourcesFit:1',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'DynamicResources',
      'DefaultPreemption',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
      'DefaultBinder',
    ]);
  });

  it('builds one default-scheduler profile with defaulted args', () => {
    const { config, diagnostics } = buildConfig(null);
    expect(diagnostics).toEqual([]);
    expect(config.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expect(config.percentageOfNodesToScore).toBe(0);
    expect(config.podInitialBackoffSeconds).toBe(1);
    expect(config.podMaxBackoffSeconds).toBe(10);
    const args = config.profiles[0].pluginArgs;
    expect(args.get('NodeResourcesFit')).toMatchObject({
      scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
    });
    expect(args.get('InterPodAffinity')).toMatchObject({ hardPodAffinityWeight: 1 });
    expect(args.get('PodTopologySpread')).toMatchObject({ defaultingType: 'System' });
    expect(args.get('DefaultPreemption')).toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    expect(args.get('NodeResourcesBalancedAllocation')).toEqual({ resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] });
  });
});

describe('mergePluginSet (upstream semantics)', () => {
  const def = { enabled: [{ name: 'A' }, { name: 'B', weight: 2 }, { name: 'C' }], disabled: [] };
  it('keeps defaults and appends custom plugins', () => {
    expect(mergePluginSet(def, { enabled: [{ name: 'D' }] }).enabled.map((p) => p.name)).toEqual(['A', 'B', 'C', 'D']);
  });
  it('disables by name and with "*"', () => {
    expect(mergePluginSet(def, { disabled: [{ name: 'B' }] }).enabled.map((p) => p.name)).toEqual(['A', 'C']);
    expect(mergePluginSet(def, { disabled: [{ name: '*' }], enabled: [{ name: 'C' }] }).enabled.map((p) => p.name)).toEqual(['C']);
  });
  it('re-configures a default plugin in place', () => {
    const m = mergePluginSet(def, { enabled: [{ name: 'X' }, { name: 'B', weight: 7 }] });
    expect(m.enabled).toEqual([{ name: 'A' }, { name: 'B', weight: 7 }, { name: 'C' }, { name: 'X' }]);
  });
});

describe('plugin args and validation', () => {
  it('defaults partial NodeResourcesFit args', () => {
    expect(defaultArgs('NodeResourcesFit', { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu' }] } })).toMatchObject({
      scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }] },
    });
  });
  it('reports bad values as diagnostics, not exceptions', () => {
    const { config, diagnostics } = buildConfig({
      percentageOfNodesToScore: 101,
      profiles: [
        { schedulerName: 'a', pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 200 } }] },
        { schedulerName: 'a' },
      ],
    });
    const msgs = diagnostics.map((d) => d.message);
    expect(msgs.some((m) => m.includes('percentageOfNodesToScore'))).toBe(true);
    expect(msgs.some((m) => m.includes('hardPodAffinityWeight'))).toBe(true);
    expect(msgs.some((m) => m.includes('Duplicate value: "a"'))).toBe(true);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(config.profiles).toEqual([]);
  });
  it('keeps the per-profile percentageOfNodesToScore', () => {
    const { config } = buildConfig({ percentageOfNodesToScore: 30, profiles: [{ schedulerName: 'x', percentageOfNodesToScore: 70 }] });
    expect(config.percentageOfNodesToScore).toBe(30);
    expect(config.profiles[0].percentageOfNodesToScore).toBe(70);
  });
});
