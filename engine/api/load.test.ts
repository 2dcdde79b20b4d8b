import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load';
import type { Diagnostic } from './scenario';

// The project's own copies (tests/real-manifests from ../shared/real-manifests, see its SOURCES.md).
const REAL = fileURLToPath(new URL('../../tests/real-manifests', import.meta.url));
const CASES = fileURLToPath(new URL('../../tests/conformance/cases', import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const load = (text: string, name = 'test.yaml') => loadScenario([{ name, text }]);
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

/** Real manifests that must be rejected (at least one located error). */
const INVALID: Record<string, RegExp> = {
  'kubernetes-website/pods/pod-with-node-affinity.yaml': /spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution/,
  'kubernetes-website/pods/pod-with-numeric-toleration.yaml': /TaintTolerationComparisonOperators/,
  'kubernetes-website/policy/high-priority-pod.yaml': /no PriorityClass with name high/,
  'kubernetes-sigs-kube-scheduler-simulator/simulator/cmd/scheduler/scheduler.yaml': /EBSLimits/,
};

describe('real manifests', () => {
  const files = walk(REAL).filter((f) => !f.endsWith('.md'));
  it('found the corpus', () => expect(files.length).toBeGreaterThan(40));
  for (const f of files) {
    const rel = relative(REAL, f);
    it(`loads ${rel}`, () => {
      const r = load(readFileSync(f, 'utf8'), rel);
      for (const d of r.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.col).toBeGreaterThanOrEqual(1);
        expect(d.file).toBe(rel);
      }
      const errs = errors(r.diagnostics);
      if (INVALID[rel]) {
        expect(errs.length).toBeGreaterThan(0);
        expect(errs.some((e) => INVALID[rel].test(e.message))).toBe(true);
      } else {
        expect(errs.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual([]);
      }
    });
  }

  it('locates the invalid node affinity exactly', () => {
    const rel = 'kubernetes-website/pods/pod-with-node-affinity.yaml';
    const r = load(readFileSync(join(REAL, rel), 'utf8'), rel);
    const e = errors(r.diagnostics)[0];
    expect(e.path).toBe('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution');
    expect([e.line, e.col]).toEqual([9, 7]);
    expect(e.message).toMatch(/expected an object \(NodeSelector/);
    expect(r.scenario.pods).toHaveLength(0);
  });

  it('reads dumps: typed lists without kinds, bare arrays, JSON streams', () => {
    const nodes = load(readFileSync(join(REAL, 'honeycombio-honeycomb-kubernetes-agent/testdata/nodes.json'), 'utf8'));
    expect(nodes.scenario.nodes).toHaveLength(2);
    const arr = load(readFileSync(join(REAL, 'replicatedhq-troubleshoot/pkg/analyze/files/nodes.json'), 'utf8'));
    expect(arr.scenario.nodes).toHaveLength(1);
    const stream = load(readFileSync(join(REAL, 'kubernetes-kubernetes/hack/testdata/multi-resource-json.json'), 'utf8'));
    expect(stream.scenario.services).toHaveLength(1);
    expect(stream.scenario.replicationControllers).toHaveLength(1);
    const popeye = load(readFileSync(join(REAL, 'derailed-popeye/internal/lint/testdata/core/node/1.yaml'), 'utf8'));
    expect(popeye.scenario.nodes).toHaveLength(5);
  });

  it('reads the sonobuoy cluster: nodes and pods together', () => {
    const base = join(REAL, 'vmware-tanzu-sonobuoy/pkg/discovery/testdata/healthsummary/resources');
    const r = loadScenario([
      { name: 'nodes.json', text: readFileSync(join(base, 'cluster/core_v1_nodes.json'), 'utf8') },
      { name: 'pods.json', text: readFileSync(join(base, 'ns/kube-system/core_v1_pods.json'), 'utf8') },
    ]);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
    expect(r.scenario.nodes).toHaveLength(3);
    expect(r.scenario.pods).toHaveLength(14);
    const critical = r.scenario.pods.filter((p) => p.spec?.priorityClassName === 'system-node-critical');
    expect(critical.every((p) => p.spec?.priority === 2000001000)).toBe(true);
  });

  it('reads a scheduler configuration embedded in a ConfigMap as a second scheduler', () => {
    const rel = 'kubernetes-website/admin/sched/my-scheduler.yaml';
    const r = load(readFileSync(join(REAL, rel), 'utf8'), rel);
    expect(r.scenario.config?.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler', 'my-scheduler']);
    const w = r.diagnostics.find((d) => d.severity === 'warning')!;
    expect(w.message).toMatch(/v1beta2/);
    expect([w.line, w.col]).toEqual([37, 17]);
    expect(r.scenario.deployments).toHaveLength(1);
    expect(r.scenario.pods).toHaveLength(1);
    expect(r.scenario.ignored).toEqual({ ServiceAccount: 1, ClusterRoleBinding: 2 });
  });
});

describe('conformance corpus', () => {
  const files = walk(CASES).filter((f) => f.endsWith('cluster.yaml'));
  it('found the cases', () => expect(files.length).toBeGreaterThan(100));
  it('every cluster.yaml loads without errors or warnings', () => {
    const problems: string[] = [];
    for (const f of files) {
      const r = load(readFileSync(f, 'utf8'), relative(CASES, f));
      for (const d of r.diagnostics) if (d.severity !== 'info') problems.push(`${d.file}:${d.line}:${d.col} ${d.message}`);
      expect(r.scenario.nodes.length).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
  });
});

describe('diagnostic positions', () => {
  it('syntax errors at their position', () => {
    const r = load('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n');
    const e = errors(r.diagnostics)[0];
    expect(e.doc).toBe(0);
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it('wrong types with exact line/col/path', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: Node', // 2
      'metadata:', // 3
      '  name: n1', // 4
      '---', // 5
      'apiVersion: v1', // 6
      'kind: Pod', // 7
      'metadata:', // 8
      '  name: p', // 9
      'spec:', // 10
      '  containers:', // 11
      '  - name: c', // 12
      '    resources:', // 13
      '      requests:', // 14
      '        cpu: lots', // 15
      '  tolerations:', // 16
      '  - key: a', // 17
      '    operator: Sometimes', // 18
    ].join('\n');
    const r = load(text);
    const errs = errors(r.diagnostics);
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatchObject({ doc: 1, line: 15, col: 14, path: 'spec.containers[0].resources.requests.cpu' });
    expect(errs[0].message).toMatch(/quantities must match/);
    expect(errs[1]).toMatchObject({ doc: 1, line: 18, col: 15, path: 'spec.tolerations[0].operator' });
    expect(r.scenario.nodes).toHaveLength(1);
    expect(r.scenario.pods).toHaveLength(0);
  });

  it('unknown node selector operators and label values', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    version: 1.0
spec:
  containers: [{name: c}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: Near, values: [a]}
`;
    const errs = errors(load(text).diagnostics);
    expect(errs.map((e) => [e.path, e.line, e.col])).toEqual([
      ['metadata.labels.version', 6, 14],
      ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator', 14, 35],
    ]);
    expect(errs[0].message).toMatch(/expected a string, got the number 1/);
  });

  it('missing names and kinds', () => {
    const r = load('apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: c}]\n---\nmetadata: {name: x}\n---\nkind: Node\nmetadata: {name: n}\n');
    const errs = errors(r.diagnostics);
    expect(errs.map((e) => [e.doc, e.path])).toEqual([
      [0, 'metadata.name'],
      [1, 'kind'],
      [2, 'apiVersion'],
    ]);
  });

  it('list items carry their index as doc', () => {
    const r = load('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Node\n  metadata: {name: B_bad}\n');
    const e = errors(r.diagnostics)[0];
    expect(e).toMatchObject({ doc: 1, line: 9, col: 20, path: 'metadata.name' });
    expect(r.scenario.nodes.map((n) => n.metadata?.name)).toEqual(['a']);
  });

  it('unknown kinds are counted', () => {
    const r = load('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: x}\n');
    expect(r.scenario.ignored).toEqual({ Secret: 1 });
    expect(r.diagnostics.find((d) => d.severity === 'info')).toMatchObject({ line: 2 });
    expect(errors(r.diagnostics)[0].message).toMatch(/no matches for kind "PodDisruptionBudget" in version "policy\/v1beta1"/);
  });
});

describe('defaults', () => {
  it('adds what the apiserver adds', () => {
    const r = load(`apiVersion: v1
kind: Pod
metadata:
  generateName: web-
spec:
  hostNetwork: true
  containers:
  - name: c
    ports: [{containerPort: 8080}]
    resources:
      limits: {cpu: 500m, memory: 1Gi}
`);
    expect(errors(r.diagnostics)).toEqual([]);
    const p = r.scenario.pods[0];
    expect(p.metadata?.namespace).toBe('default');
    expect(p.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.spec?.schedulerName).toBe('default-scheduler');
    expect(p.spec?.priority).toBe(0);
    expect(p.spec?.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(p.spec?.containers[0].resources?.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(p.spec?.containers[0].ports?.[0]).toMatchObject({ hostPort: 8080, protocol: 'TCP' });
    expect(p.spec?.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    // deterministic
    expect(load(`apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n  containers: [{name: c}]\n`).scenario.pods[0].metadata?.name).toBe(
      load(`apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n  containers: [{name: c}]\n`).scenario.pods[0].metadata?.name,
    );
  });

  it('leaves finished pods out', () => {
    const r = load(`apiVersion: v1\nkind: Pod\nmetadata: {name: done}\nspec: {nodeName: n, containers: [{name: c}]}\nstatus: {phase: Succeeded}\n`);
    expect(r.scenario.pods).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'info', path: 'status.phase', line: 5 });
  });

  it('keeps tolerations that already cover not-ready', () => {
    const r = load(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c}]\n  tolerations: [{operator: Exists}]\n`);
    expect(r.scenario.pods[0].spec?.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('node allocatable defaults to capacity', () => {
    const r = load(`apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  capacity: {cpu: "4", pods: "110"}\n`);
    expect(r.scenario.nodes[0].status?.allocatable).toEqual({ cpu: '4', pods: '110' });
  });

  it('resolves priorities', () => {
    const pcs = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 10
globalDefault: true
preemptionPolicy: Never
---
`;
    const pod = (name: string, spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: c}]\n${spec}---\n`;
    const r = load(
      pcs +
        pod('a', '  priorityClassName: high\n') +
        pod('b', '') +
        pod('c', '  priority: 7\n') +
        pod('d', '  priorityClassName: system-node-critical\n') +
        pod('e', '  priorityClassName: high\n  priority: 5\n') +
        pod('f', '  priorityClassName: nope\n'),
    );
    const byName = new Map(r.scenario.pods.map((p) => [p.metadata?.name, p.spec]));
    expect(byName.get('a')).toMatchObject({ priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    expect(byName.get('b')).toMatchObject({ priority: 10, preemptionPolicy: 'Never', priorityClassName: 'low' });
    expect(byName.get('c')).toMatchObject({ priority: 7 });
    expect(byName.get('d')).toMatchObject({ priority: 2000001000 });
    expect(byName.has('e')).toBe(false);
    expect(byName.has('f')).toBe(false);
    expect(errors(r.diagnostics).map((e) => e.path)).toEqual(['spec.priority', 'spec.priorityClassName']);
  });
});

describe('workloads', () => {
  const nodes = `apiVersion: v1
kind: Node
metadata: {name: n1, labels: {disk: ssd}}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: n2}
spec:
  taints: [{key: dedicated, value: x, effect: NoSchedule}]
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: n3}
spec:
  unschedulable: true
  taints: [{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
`;
  const tmpl = `    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
`;

  it('expands a Deployment into a ReplicaSet and pods', () => {
    const r = load(`${nodes}apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
${tmpl}`);
    expect(errors(r.diagnostics)).toEqual([]);
    const rs = r.scenario.replicaSets[0];
    const hash = rs.metadata?.labels?.['pod-template-hash'];
    expect(rs.metadata?.name).toBe(`web-${hash}`);
    expect(rs.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(r.scenario.pods).toHaveLength(3);
    for (const p of r.scenario.pods) {
      expect(p.metadata?.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata?.name, controller: true });
      expect(r.scenario.positions.get(`Pod/default/${p.metadata?.name}`)?.line).toBe(28);
    }
    expect(new Set(r.scenario.pods.map((p) => p.metadata?.name)).size).toBe(3);
  });

  it('rejects a selector that does not match the template', () => {
    const r = load(`apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: other}}\n  template:\n${tmpl}`);
    expect(errors(r.diagnostics)[0].message).toMatch(/selector.*does not match template/);
    expect(r.scenario.pods).toHaveLength(0);
  });

  it('expands StatefulSets with ordinals', () => {
    const r = load(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 2\n  serviceName: db\n  selector: {matchLabels: {app: web}}\n  template:\n${tmpl}`);
    expect(r.scenario.pods.map((p) => p.metadata?.name)).toEqual(['db-0', 'db-1']);
    expect(r.scenario.pods[1].metadata?.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' });
  });

  it('expands DaemonSets onto eligible nodes', () => {
    const r = load(`${nodes}apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n${tmpl}`);
    expect(errors(r.diagnostics)).toEqual([]);
    // n2 has an untolerated NoSchedule taint; n3 is unschedulable but daemon pods tolerate that taint
    const pinned = r.scenario.pods.map(
      (p) => p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0].values?.[0],
    );
    expect(pinned).toEqual(['n1', 'n3']);
    const tols = r.scenario.pods[0].spec?.tolerations?.map((t) => `${t.key}:${t.effect}`);
    expect(tols).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });

  it('expands Jobs by parallelism and completions', () => {
    const job = (spec: string) =>
      load(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n${spec}  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c}]\n`);
    expect(job('  parallelism: 3\n  completions: 2\n').scenario.pods).toHaveLength(2);
    expect(job('  parallelism: 4\n').scenario.pods).toHaveLength(4);
    const idx = job('  parallelism: 2\n  completions: 5\n  completionMode: Indexed\n').scenario.pods;
    expect(idx.map((p) => p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
    expect(idx[1].metadata?.name).toMatch(/^j-1-[a-z0-9]{5}$/);
  });

  it('keeps pods in input order, generated pods at their workload', () => {
    const r = load(`apiVersion: v1\nkind: Pod\nmetadata: {name: first}\nspec: {containers: [{name: c}]}\n---
apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n${tmpl}---
apiVersion: v1\nkind: Pod\nmetadata: {name: last}\nspec: {containers: [{name: c}]}\n`);
    expect(r.scenario.pods.map((p) => p.metadata?.name)).toEqual(['first', 'db-0', 'db-1', 'last']);
  });

  it('does not double pods already in the input', () => {
    const r = load(`apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n${tmpl}---
apiVersion: v1
kind: Pod
metadata:
  name: rs-abcde
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: x, controller: true}]
spec:
  containers: [{name: c}]
`);
    expect(r.scenario.pods).toHaveLength(2);
  });
});

describe('scheduler configuration and changes', () => {
  it('reads profiles, plugin sets and args', () => {
    const r = load(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 50
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      enabled: [{name: NodeResourcesFit, weight: 5}]
      disabled: [{name: "*"}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      kind: NodeResourcesFitArgs
      apiVersion: kubescheduler.config.k8s.io/v1
      scoringStrategy: {type: MostAllocated}
`);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.scenario.config).toEqual({
      percentageOfNodesToScore: 50,
      profiles: [
        {
          schedulerName: 'default-scheduler',
          plugins: { score: { enabled: [{ name: 'NodeResourcesFit', weight: 5 }], disabled: [{ name: '*' }] } },
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
        },
      ],
    });
  });

  it('reports wrong config types at their position', () => {
    const r = load(`apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: x\n  plugins:\n    filter:\n      enabled: {name: A}\n`);
    expect(errors(r.diagnostics)[0]).toMatchObject({ path: 'profiles[0].plugins.filter.enabled', line: 7, col: 16 });
    expect(r.scenario.config).toBeNull();
  });

  it('reads ClusterChanges', () => {
    const r = load(`apiVersion: schedlab.dev/v1alpha1
kind: ClusterChanges
changes:
- at: 60
  action: cordon
  target: n1
- at: 10
  action: addNode
  data:
    metadata: {name: n9}
    status: {capacity: {cpu: "2"}}
- at: 20
  action: addTaint
  target: n1
  data: {key: k, effect: Sometimes}
`);
    expect(r.scenario.changes.map((c) => [c.at, c.action, c.target])).toEqual([
      [10, 'addNode', 'n9'],
      [60, 'cordon', 'n1'],
    ]);
    expect((r.scenario.changes[0].data as { status: { allocatable: unknown } }).status.allocatable).toEqual({ cpu: '2' });
    expect(errors(r.diagnostics)[0]).toMatchObject({ path: 'changes[2].data.effect', line: 15, col: 26 });
  });
});
