import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { Slimmer, describeCounts, slimObject } from './slim';
import { splitText } from './stream';
import { generateKubectlJsonDump } from './fixtures';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function slimAll(text: string, chunkSize?: number): { slimmer: Slimmer; errors: ReturnType<typeof splitText> } {
  const slimmer = new Slimmer();
  const errors = splitText(text, (v, lk) => slimmer.add(v, lk), chunkSize);
  return { slimmer, errors };
}

describe('slimObject', () => {
  it('keeps what scheduling reads of a pod and drops the rest', () => {
    const dump = JSON.parse(generateKubectlJsonDump(1, 2));
    const pod = dump.items.find((o: Obj) => o.kind === 'Pod' && o.spec.nodeName);
    const s = slimObject(pod) as Obj;
    expect(s.metadata.managedFields).toBeUndefined();
    expect(s.metadata.annotations).toEqual({ 'controller.kubernetes.io/pod-deletion-cost': '10' });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-1-abc', uid: 'rs-1', controller: true }]);
    expect(s.spec.containers).toEqual([{ name: 'main', image: 'nginx:1.27.2', resources: { requests: { cpu: '100m', memory: '128Mi' } } }]);
    expect(s.spec.volumes).toBeUndefined();
    expect(s.spec.tolerations).toHaveLength(2);
    expect(s.spec.nodeName).toBe('node-0');
    expect(s.spec.terminationGracePeriodSeconds).toBe(30);
    expect(s.spec.dnsPolicy).toBeUndefined();
    expect(s.status).toEqual({ phase: 'Running', startTime: '2025-01-01T00:00:00Z', qosClass: 'Burstable' });
    expect(JSON.stringify(s)).not.toContain('hunter2');
  });

  it('keeps node capacity, allocatable, taints, conditions and images', () => {
    const node = JSON.parse(generateKubectlJsonDump(1, 0)).items[0];
    node.spec.taints = [{ key: 'k', effect: 'NoSchedule' }];
    const s = slimObject(node) as Obj;
    expect(Object.keys(s.status).sort()).toEqual(['allocatable', 'capacity', 'conditions', 'images']);
    expect(s.status.conditions).toEqual([
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True' },
    ]);
    expect(s.status.images[1]).toEqual({ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320000 });
    expect(s.spec).toEqual({ taints: [{ key: 'k', effect: 'NoSchedule' }] });
    expect(s.metadata.annotations).toBeUndefined();
  });

  it('keeps host ports and scheduling-relevant volumes only', () => {
    const s = slimObject({
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'cfg', configMap: { name: 'x' } }],
      },
    }) as Obj;
    expect(s.spec.containers[0].ports).toEqual([{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]);
    expect(s.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]);
  });

  it('returns null for kinds scheduling never reads', () => {
    expect(slimObject({ kind: 'ConfigMap' })).toBeNull();
    expect(slimObject({ kind: 'Secret' })).toBeNull();
  });
});

describe('streaming import', () => {
  it('splits a kubectl JSON List in any chunking and slims it', () => {
    const text = generateKubectlJsonDump(6, 40);
    const reference = slimAll(text, text.length);
    expect(reference.errors).toEqual([]);
    expect(reference.slimmer.summary.kept).toEqual({ Node: 6, Pod: 37, Service: 1 });
    expect(reference.slimmer.summary.ignored).toEqual({ 'Pod (Succeeded)': 3, ConfigMap: 1 });
    for (const chunk of [1, 7, 100, 4096]) {
      const r = slimAll(text, chunk);
      expect(r.errors).toEqual([]);
      expect(r.slimmer.objects()).toEqual(reference.slimmer.objects());
    }
  });

  it('writes slimmed YAML that parses back, much smaller than the dump', () => {
    const text = generateKubectlJsonDump(30, 300);
    const { slimmer } = slimAll(text);
    const yaml = slimmer.toYaml('Imported from cluster.json');
    expect(yaml.length).toBeLessThan(text.length / 4);
    expect(yaml).toContain('# Ignored (not read by the scheduler): 18 Pod (Succeeded), 1 ConfigMap.');
    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as Obj);
    expect(docs.filter((d) => d.kind === 'Node')).toHaveLength(30);
    expect(docs.filter((d) => d.kind === 'Pod')).toHaveLength(282);
    expect(yaml.replace(/^#.*\n/gm, '')).not.toMatch(/managedFields|hunter2|last-applied/);
    // Nodes come before pods; pods keep their order.
    expect(docs[0].kind).toBe('Node');
    const podNames = docs.filter((d) => d.kind === 'Pod').map((d) => d.metadata.name as string);
    expect(podNames[0]).toMatch(/^app-1-/);
  });

  it('reads kubectl -o yaml (List with unindented items), indented items and multi-document YAML', () => {
    const dump = JSON.parse(generateKubectlJsonDump(3, 8));
    const reference = slimAll(JSON.stringify(dump)).slimmer.objects();
    for (const indentSeq of [false, true]) {
      const text = stringify(dump, { indentSeq, lineWidth: 0 });
      const r = slimAll(text, 333);
      expect(r.errors).toEqual([]);
      expect(r.slimmer.objects()).toEqual(reference);
    }
    const multi = dump.items.map((o: Obj) => `---\n# a comment\n${stringify(o)}`).join('\n...\n');
    const r = slimAll(multi, 50);
    expect(r.errors).toEqual([]);
    expect(r.slimmer.objects()).toEqual(reference);
  });

  it('handles raw API lists: kind-less items, items before kind, bare arrays, nulls', () => {
    const node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '1' } } };
    const pod = { metadata: { name: 'p1', namespace: 'kube-system' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } };
    const cases = [
      JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', items: [node] }),
      JSON.stringify({ items: [node], kind: 'NodeList' }),
      JSON.stringify([{ kind: 'Node', ...node }]),
      `{"kind":"PodList","items":[null,{},${JSON.stringify(pod)}]}`,
      `${JSON.stringify({ kind: 'Node', ...node })}\n${JSON.stringify({ kind: 'Pod', ...pod })}`,
    ];
    const kinds = cases.map((c) => {
      const r = slimAll(c, 5);
      expect(r.errors).toEqual([]);
      return r.slimmer.objects().map((o) => o.kind);
    });
    expect(kinds).toEqual([['Node'], ['Node'], ['Node'], ['Pod'], ['Node', 'Pod']]);
  });

  it('reports malformed and truncated input with a position, and keeps what it could read', () => {
    const text = generateKubectlJsonDump(2, 3);
    const cut = slimAll(text.slice(0, Math.floor(text.length * 0.7)));
    expect(cut.errors.at(-1)?.message).toMatch(/ends early/);
    expect(cut.slimmer.summary.kept.Node).toBe(2);
    const yamlBroken = slimAll('apiVersion: v1\nkind: Node\nmetadata: { name: a }\n---\nkind: Pod\nmetadata: [\n---\nkind: Namespace\nmetadata: { name: ns }\n');
    expect(yamlBroken.errors).toHaveLength(1);
    expect(yamlBroken.errors[0].where).toBe('line 5');
    expect(yamlBroken.slimmer.objects().map((o) => o.kind)).toEqual(['Namespace', 'Node']);
    expect(slimAll('hello: [').errors).toHaveLength(1);
    expect(slimAll('{"a": 1} x').errors[0].message).toMatch(/not JSON/);
  });

  it('keeps workloads, PDBs, priority classes and the scheduler configuration', () => {
    const text = `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high, annotations: { description: x } }
value: 1000
description: high priority
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: pdb, namespace: default }
spec: { minAvailable: 1, selector: { matchLabels: { app: a } } }
status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: 3 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: d, namespace: default }
spec:
  replicas: 3
  strategy: { type: RollingUpdate }
  selector: { matchLabels: { app: a } }
  template:
    metadata: { labels: { app: a } }
    spec: { containers: [{ name: c, image: i, env: [{ name: A, value: b }], resources: { requests: { cpu: 1 } } }] }
---
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles: [{ schedulerName: default-scheduler }]
`;
    const objs = slimAll(text).slimmer.objects();
    expect(objs.map((o) => o.kind)).toEqual(['KubeSchedulerConfiguration', 'PriorityClass', 'PodDisruptionBudget', 'Deployment']);
    expect(objs[1]).toEqual({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    expect(objs[2].status).toEqual({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    expect(objs[3].spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: 1 } } }] } },
    });
  });

  it('streams a 50 MB dump in well under a few seconds', () => {
    const text = generateKubectlJsonDump(200, 8000);
    expect(text.length).toBeGreaterThan(40_000_000);
    const t0 = performance.now();
    const { slimmer, errors } = slimAll(text, 1 << 20);
    const ms = performance.now() - t0;
    console.log(`streamed ${(text.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms: ${describeCounts(slimmer.summary.kept)}`);
    expect(errors).toEqual([]);
    expect(slimmer.summary.kept.Node).toBe(200);
    expect(ms).toBeLessThan(15_000);
  });
});

describe('what the loader reads besides plain objects', () => {
  it('keeps ClusterChanges and a ConfigMap that embeds a KubeSchedulerConfiguration', () => {
    const text = `apiVersion: schedlab.dev/v1alpha1
kind: ClusterChanges
changes: [{ at: 10, action: cordon, target: n1 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: scheduler-config, namespace: kube-system }
data:
  config.yaml: |
    apiVersion: kubescheduler.config.k8s.io/v1
    kind: KubeSchedulerConfiguration
    profiles: [{ schedulerName: my-scheduler }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other, namespace: kube-system }
data: { a: b }
`;
    const { slimmer } = slimAll(text);
    expect(slimmer.objects().map((o) => o.kind)).toEqual(['ConfigMap', 'ClusterChanges']);
    expect(slimmer.summary.ignored).toEqual({ ConfigMap: 1 });
  });
});
