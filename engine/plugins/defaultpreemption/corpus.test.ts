// The conformance corpus' preemption cases (shared/conformance/cases/preemption), run through
// DefaultPreemption alone: a FakeHandle with NodeResourcesFit (plus small stand-ins for the
// nodeSelector and existing-pod anti-affinity filters) gives the Filter statuses; PostFilter must
// then produce the expected nominated node, victims and the "preemption: ..." part of the message.
// Cases that need other plugins (inter-pod affinity, queue order) are left to the full simulator.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { Status, type FilterPlugin, type PdbInfo, type PreFilterPlugin } from '../../framework/types';
import { fitErrorMessage } from '../../framework/fiterror';
import { compileLabelSelector } from '../../api/labels';
import { newPodInfo } from '../../api/podinfo';
import { fitFactory } from '../noderesources';
import { DefaultPreemption } from './index';
import { FakeHandle, TestNodeToStatus, existingAntiAffinityFilter } from './testing';

const dir = fileURLToPath(new URL('../../../tests/conformance/cases/preemption', import.meta.url));

/** Cases this harness cannot reproduce without other plugins or the queue. */
const SKIP = new Set([
  'affinity-to-equal-priority-pod-allows-preemption',
  'affinity-to-lower-priority-pod-blocks-preemption',
  'e2e-anti-affinity-one-replica-per-node',
  'e2e-pod-affinity-no-target-pending',
  'queue-higher-priority-gets-last-slot',
  'queue-non-preempting-high-priority-first',
]);

const BUILTIN_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/** The nodeSelector part of NodeAffinity (enough for the corpus). */
const nodeSelectorFilter: FilterPlugin = {
  name: 'NodeAffinity',
  filter: (_s, pod, ni) => {
    const sel = pod.pod.spec?.nodeSelector ?? {};
    for (const [k, v] of Object.entries(sel)) {
      if (ni.labels[k] !== v) return Status.unresolvable("node(s) didn't match Pod's node affinity/selector");
    }
    return null;
  },
};

interface Expected {
  pod: string;
  filter?: Record<string, string[] | 'pass'>;
  outcome?: { node?: string | null; message?: string; nominatedNode?: string; victims?: string[] };
}

function load(caseDir: string) {
  const text = readFileSync(`${caseDir}/cluster.yaml`, 'utf8');
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean) as { kind: string }[];
  const classes = docs.filter((d) => d.kind === 'PriorityClass') as PriorityClass[];
  const globalDefault = classes.find((c) => c.globalDefault);
  const nodes = docs.filter((d) => d.kind === 'Node') as Node[];
  const pods = (docs.filter((d) => d.kind === 'Pod') as Pod[]).map((p) => {
    // What the Priority admission plugin does: resolve the class value and preemptionPolicy.
    const spec = { ...p.spec! };
    const cls = spec.priorityClassName
      ? classes.find((c) => c.metadata?.name === spec.priorityClassName)
      : globalDefault;
    if (spec.priority === undefined) {
      spec.priority = cls ? cls.value : spec.priorityClassName ? (BUILTIN_CLASSES[spec.priorityClassName] ?? 0) : 0;
    }
    if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = cls?.preemptionPolicy ?? 'PreemptLowerPriority';
    return { ...p, metadata: { namespace: 'default', ...p.metadata }, spec };
  });
  const pdbs: PdbInfo[] = (docs.filter((d) => d.kind === 'PodDisruptionBudget') as PodDisruptionBudget[]).map(
    (p) => ({
      namespace: p.metadata?.namespace ?? 'default',
      name: p.metadata?.name ?? '',
      selector: compileLabelSelector(p.spec?.selector),
      disruptionsAllowed: p.status?.disruptionsAllowed ?? 0,
      disruptedPods: new Set(Object.keys(p.status?.disruptedPods ?? {})),
    }),
  );
  return { nodes, pods, pdbs };
}

const cases = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(`${dir}/${d}/expected.json`)) : [];

describe('conformance corpus: preemption', () => {
  it('finds the corpus in tests/conformance/cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it.skipIf(SKIP.has(name))(name, () => {
      const expected = JSON.parse(readFileSync(`${dir}/${name}/expected.json`, 'utf8')) as Expected;
      const { nodes, pods, pdbs } = load(`${dir}/${name}`);
      const h = new FakeHandle({ nodes, pods, pdbs, rand: [0.5, 0.5] });
      const fit = fitFactory(undefined, h) as unknown as PreFilterPlugin & FilterPlugin;
      h.filterPlugins.push(nodeSelectorFilter);
      h.preFilterPlugins.push(fit);
      h.filterPlugins.push(fit, existingAntiAffinityFilter);

      const [ns, podName] = expected.pod.split('/');
      const podObj = pods.find((p) => p.metadata?.name === podName && (p.metadata?.namespace ?? 'default') === ns)!;
      const pod = newPodInfo(podObj);
      const state = h.cycleState(pod);
      const statuses = h.filterAll(state, pod);

      if (expected.filter) {
        for (const [node, want] of Object.entries(expected.filter)) {
          if (want === 'pass') expect(statuses.has(node)).toBe(false);
          else expect(statuses.get(node)?.reasons).toEqual(want);
        }
      }
      expect(statuses.size).toBe(nodes.length); // every case here needs PostFilter

      const pl = new DefaultPreemption(undefined, h);
      const { result, status } = pl.postFilter(state, pod, new TestNodeToStatus(statuses, Status.unresolvable()));
      const out = expected.outcome ?? {};
      if (out.nominatedNode) {
        expect(status).toBeNull();
        expect(result?.nominatedNodeName).toBe(out.nominatedNode);
        expect(h.evicted.map((e) => e.victim).sort()).toEqual([...(out.victims ?? [])].sort());
      }
      if (out.message) {
        expect(h.evicted).toEqual([]);
        // The cycle's FitError: filter histogram, then the PostFilter reasons (DynamicResources first).
        const msg = fitErrorMessage(
          nodes.length,
          new TestNodeToStatus(statuses, null),
          '',
          `no new claims to deallocate, ${status?.message()}`,
        );
        expect(msg).toBe(out.message);
      }
    });
  }
});
