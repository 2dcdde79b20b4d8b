// Runs the conformance corpus cases that only involve the plugins of this folder set
// (/work/shared/conformance/cases, groups resources/ and affinity/), one plugin set at a time:
// PreFilter + Filter of the profile's filter plugins on every node, then PreScore + Score +
// NormalizeScore of the expected score plugins on the feasible nodes. Pods already bound are
// placed on their nodes; the case's pod is scheduled against that state.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { newPodInfo } from '../../api/podinfo';
import { CycleState, type FilterPlugin, type Plugin, type PreFilterPlugin, type ScorePlugin } from '../../framework/types';
import * as imagelocality from '../imagelocality';
import * as nodeaffinity from '../nodeaffinity';
import * as nodename from '../nodename';
import * as nodeports from '../nodeports';
import * as noderesources from '../noderesources';
import * as nodeunschedulable from '../nodeunschedulable';
import * as tainttoleration from '../tainttoleration';
import * as volumerestrictions from '../volumerestrictions';
import * as nodevolumelimits from '../nodevolumelimits';
import * as volumebinding from '../volumebinding';
import * as volumezone from '../volumezone';
import * as dynamicresources from '../dynamicresources';
import { fakeHandle, nodeInfos, runScore, snapshotOf } from './testutil';

const ROOT = fileURLToPath(new URL('../../../tests/conformance/cases', import.meta.url));

const FACTORIES: Record<string, (args: Record<string, unknown> | undefined, h: ReturnType<typeof fakeHandle>) => Plugin> = {
  NodeUnschedulable: nodeunschedulable.factory,
  NodeName: nodename.factory,
  TaintToleration: tainttoleration.factory,
  NodeAffinity: nodeaffinity.factory,
  NodePorts: nodeports.factory,
  NodeResourcesFit: noderesources.fitFactory,
  VolumeRestrictions: volumerestrictions.factory,
  NodeVolumeLimits: nodevolumelimits.factory,
  VolumeBinding: volumebinding.factory,
  VolumeZone: volumezone.factory,
  DynamicResources: dynamicresources.factory,
  NodeResourcesBalancedAllocation: noderesources.balancedAllocationFactory,
  ImageLocality: imagelocality.factory,
};
const DEFAULT_FILTER = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity', 'DynamicResources'];
const DEFAULT_SCORE = ['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'ImageLocality'];

interface Expected {
  pod: string;
  filter?: Record<string, 'pass' | string[]>;
  score?: Record<string, Record<string, number>>;
}

type PluginSet = { enabled?: { name: string }[]; disabled?: { name: string }[] };

function pluginsAt(cfg: Record<string, PluginSet> | undefined, point: string, defaults: string[]): string[] {
  const set = cfg?.[point];
  const disabled = (set?.disabled ?? []).map((p) => p.name);
  const enabled = (set?.enabled ?? []).map((p) => p.name);
  if (disabled.includes('*')) return enabled;
  return [...defaults.filter((n) => !disabled.includes(n)), ...enabled.filter((n) => !defaults.includes(n))];
}

function loadCase(dir: string) {
  const docs = parseAllDocuments(readFileSync(join(dir, 'cluster.yaml'), 'utf8')).map((d) => d.toJS()).filter(Boolean);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const nodes = docs.filter((d) => d.kind === 'Node') as Node[];
  const pods = docs.filter((d) => d.kind === 'Pod') as Pod[];
  const cfg = docs.find((d) => d.kind === 'KubeSchedulerConfiguration');
  return { nodes, pods, cfg, expected };
}

const cases: string[] = [];
for (const group of ['resources', 'affinity']) {
  const g = join(ROOT, group);
  if (!existsSync(g)) continue;
  for (const c of readdirSync(g)) cases.push(join(g, c));
}

describe('conformance corpus (plugins of this folder set)', () => {
  it('finds the corpus in tests/conformance/cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const dir of cases) {
    const { nodes, pods, cfg, expected } = loadCase(dir);
    const profile = cfg?.profiles?.[0];
    const points = profile?.plugins as Record<string, PluginSet> | undefined;
    const filterNames = pluginsAt(points, 'filter', DEFAULT_FILTER);
    const preFilterNames = pluginsAt(points, 'preFilter', DEFAULT_FILTER);
    const preScoreNames = pluginsAt(points, 'preScore', DEFAULT_SCORE);
    const scoreNames = Object.keys(expected.score ?? {});
    const pending = pods.filter((p) => !p.spec?.nodeName);
    const [ns, name] = expected.pod.split('/');
    const target = pending.find((p) => (p.metadata?.namespace ?? 'default') === ns && p.metadata?.name === name);
    const explicit = cfg != null && (points?.filter?.disabled ?? []).some((p) => p.name === '*');
    const mine = (n: string) => n in FACTORIES;
    const runnable =
      target !== undefined &&
      pending.length === 1 &&
      scoreNames.every(mine) &&
      (!explicit || filterNames.every(mine)) &&
      (expected.filter !== undefined || expected.score !== undefined);
    it.skipIf(!runnable)(dir.slice(ROOT.length + 1), () => {
      const nis = nodeInfos(nodes, pods.filter((p) => p.spec?.nodeName));
      const handle = fakeHandle(snapshotOf(nis));
      const args = (n: string) => profile?.pluginConfig?.find((c: { name: string }) => c.name === n)?.args;
      const pi = newPodInfo(target!);
      const state = new CycleState();
      const plugins = filterNames.filter(mine).map((n) => FACTORIES[n](args(n), handle) as FilterPlugin & Partial<PreFilterPlugin>);
      let candidates = nis;
      for (const pl of plugins) {
        if (!pl.preFilter || !preFilterNames.includes(pl.name)) continue;
        const { result, status } = pl.preFilter(state, pi, nis);
        if (status?.isSkip()) state.skipFilterPlugins.add(pl.name);
        else if (status) throw new Error(`PreFilter ${pl.name}: ${status.message()}`);
        if (result?.nodeNames) candidates = candidates.filter((ni) => result.nodeNames!.has(ni.name));
      }
      const got: Record<string, 'pass' | string[]> = {};
      const feasible = [];
      for (const ni of candidates) {
        let res: 'pass' | string[] = 'pass';
        for (const pl of plugins) {
          if (state.skipFilterPlugins.has(pl.name)) continue;
          const s = pl.filter(state, pi, ni);
          if (s) {
            res = s.reasons;
            break;
          }
        }
        got[ni.name] = res;
        if (res === 'pass') feasible.push(ni);
      }
      if (expected.filter) expect(got).toEqual(expected.filter);
      for (const sn of scoreNames) {
        const pl = FACTORIES[sn](args(sn), handle) as ScorePlugin;
        const usePre = preScoreNames.includes(sn) ? pl : { ...pl, preScore: undefined, score: pl.score.bind(pl), normalizeScore: pl.normalizeScore?.bind(pl) };
        const scores = runScore(usePre as ScorePlugin, pi, feasible, state);
        expect(scores && Object.fromEntries(scores.map((s) => [s.name, s.score]))).toEqual(expected.score![sn]);
      }
    });
  }
});
