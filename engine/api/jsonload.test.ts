// The JSON fast path (jsonsource.ts + load.ts) must give what the YAML way gives: the same
// objects, the same diagnostics at the same line/column/path, the same positions. And bytes read
// in chunks of any size must give what the text gives.
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadOptions } from './load';
import type { Diagnostic, LoadResult } from './scenario';
import { InputText, readJson } from './jsonsource';
import { slimObject } from './slim';
import { simulate } from '../simulator/simulate';
import { toContractJson } from '../simulator/contract';

const load = (text: string, opts: LoadOptions = {}) => loadScenario([{ name: 'f.json', text }], { slim: false, ...opts });
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

function view(r: LoadResult): unknown {
  const s = r.scenario;
  return {
    diagnostics: r.diagnostics,
    nodes: s.nodes,
    pods: s.pods,
    namespaces: s.namespaces,
    priorityClasses: s.priorityClasses,
    pdbs: s.pdbs,
    services: s.services,
    deployments: s.deployments,
    replicaSets: s.replicaSets,
    config: s.config,
    changes: s.changes,
    ignored: s.ignored,
    positions: [...s.positions],
  };
}

/** The fast path and the YAML way agree on everything. */
function same(text: string): LoadResult {
  const fast = load(text);
  const yaml = load(text, { fastJson: false });
  expect(view(fast)).toEqual(view(yaml));
  return fast;
}

const pod = (name: string, spec: object = {}, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }], ...spec },
  ...extra,
});
const node = (name: string, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  ...extra,
});

const kubectlList = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);

describe('JSON fast path = the YAML way', () => {
  it('a kubectl List with problems in many places', () => {
    const r = same(
      kubectlList([
        node('n1'),
        node('n2', { spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }),
        pod('bad-cpu', { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } } }] }),
        pod('done', { nodeName: 'n1' }, { status: { phase: 'Succeeded' } }),
        pod('no-class', { priorityClassName: 'nope' }),
        pod('lost', { nodeName: 'n9' }),
        { ...pod('bad-label'), metadata: { name: 'bad-label', labels: { version: 1.5 } } },
        pod('dup'),
        pod('dup'),
        {},
        null,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'web' } } },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 1, maxUnavailable: 1 } },
        pod('ok', { tolerations: [{ key: 'a', operator: 'Sometimes' }] }),
      ]),
    );
    const errs = errors(r.diagnostics);
    expect(errs.map((e) => e.path)).toEqual([
      'spec.taints[0].effect',
      'spec.containers[0].resources.requests.cpu',
      'metadata.labels.version',
      'spec.minAvailable',
      'spec.tolerations[0].operator',
      'metadata.name',
      'spec.priorityClassName',
    ]);
    expect(errs[1]).toMatchObject({ doc: 2 });
    expect(r.scenario.pods.map((p) => p.metadata?.name)).toEqual(['lost', 'dup']);
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.doc)).toEqual([9, 10, 5]);
  });

  it('exact line and column of a field in a one-line item and in a pretty item', () => {
    const text = [
      '{"apiVersion": "v1", "kind": "List", "items": [', // 1
      '  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}},', // 2
      '  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},', // 3
      '   "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "lots"}}}]}},', // 4
      '  {', // 5
      '    "apiVersion": "v1",', // 6
      '    "kind": "Pod",', // 7
      '    "metadata": {"name": "q"},', // 8
      '    "spec": {', // 9
      '      "containers": [{"name": "c"}],', // 10
      '      "tolerations": [{"key": "a", "operator": "Sometimes"}]', // 11
      '    }', // 12
      '  }', // 13
      ']}', // 14
    ].join('\n');
    const r = same(text);
    const errs = errors(r.diagnostics);
    expect(errs).toHaveLength(2);
    const lines = text.split('\n');
    expect(errs[0]).toMatchObject({ doc: 1, line: 4, col: lines[3].indexOf('"lots"') + 1, path: 'spec.containers[0].resources.requests.cpu' });
    expect(errs[1]).toMatchObject({ doc: 2, line: 11, col: lines[10].indexOf('"Sometimes"') + 1, path: 'spec.tolerations[0].operator' });
    expect(r.scenario.positions.get('Node//n1')).toMatchObject({ doc: 0, line: 2, col: 3 });
  });

  it('typed lists without kinds (kind before or after the items), bare arrays, streams', () => {
    same(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'a' } }, { metadata: { name: 'B' } }] }, null, 2));
    const after = same(JSON.stringify({ items: [{ metadata: { name: 'a' }, status: { capacity: { cpu: 1 } } }, { metadata: { name: 'b' } }], kind: 'NodeList', apiVersion: 'v1' }, null, 2));
    expect(after.scenario.nodes.map((n) => n.metadata?.name)).toEqual(['a', 'b']);
    same(JSON.stringify([node('a'), pod('p', { nodeName: 'a' }), 7, null], null, 2));
    const stream = same(`${JSON.stringify(node('a'))}\n${JSON.stringify(pod('p'), null, 2)}\n[${JSON.stringify(pod('q'))}]`);
    expect(stream.scenario.pods).toHaveLength(2);
  });

  it('an object with items that is not a list is read whole, whatever the order of its keys', () => {
    const items = [pod('p')];
    const a = same(JSON.stringify({ apiVersion: 'example.com/v1', items, kind: 'Thing', metadata: { name: 't' } }));
    expect(a.scenario.ignored).toEqual({ Thing: 1 });
    expect(a.scenario.pods).toEqual([]);
    same(JSON.stringify({ kind: 'Thing', apiVersion: 'example.com/v1', items, metadata: { name: 't' } }));
    same(JSON.stringify({ items: 'not a list', kind: 'List', apiVersion: 'v1' }));
  });

  it('workloads, scheduler configuration, changes and embedded configurations', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { priorityClassName: 'missing', containers: [{ name: 'c' }] } };
    same(
      kubectlList([
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c' }] } } } },
        { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', profiles: [{ schedulerName: 'x', plugins: { filter: { enabled: { name: 'A' } } } }] },
        { apiVersion: 'schedlab.dev/v1alpha1', kind: 'ClusterChanges', changes: [{ at: 10, action: 'addNode', data: { metadata: { name: 'n9' } } }, { at: 5, action: 'addTaint', target: 'n1', data: { key: 'k', effect: 'Sometimes' } }] },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'sched' },
          data: { 'config.yaml': 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: second\n  plugins: {score: {enabled: [{name: X, weight: -1}]}}\n' },
        },
      ]),
    );
  });

  it('byte order marks, CRLF line ends and characters outside ASCII', () => {
    const items = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', annotations: { team: 'café ☕ 😀' }, labels: { bad: '-x-' } } },
      pod('p', { tolerations: [{ key: 'ü', operator: 'Exists' }] }),
    ];
    const r = same(`\uFEFF${kubectlList(items).replace(/\n/g, '\r\n')}`);
    expect(errors(r.diagnostics).map((e) => e.path)).toEqual(['metadata.labels.bad', 'spec.tolerations[0].key']);
    const one = same(`\uFEFF${JSON.stringify({ kind: 'List', apiVersion: 'v1', items })}`);
    // one line: columns count UTF-16 code units after the non-ASCII text
    const text = `\uFEFF${JSON.stringify({ kind: 'List', apiVersion: 'v1', items })}`;
    expect(errors(one.diagnostics)[0]).toMatchObject({ line: 1, col: text.indexOf('"-x-"') + 1 });
  });

  it('text that only starts like JSON is read the YAML way', () => {
    same('{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}} # a comment\n');
    same('{apiVersion: v1, kind: Node, metadata: {name: n}}\n');
    same("['a', {b: 1}]\n");
    same('{"apiVersion": "v1"}\n"text"\n');
    same('[1, 2');
    same('{"a": "unterminated}');
    same('{}{}[]');
  });
});

describe('syntax errors in JSON', () => {
  it('an item that JSON.parse rejects is reported at its place; the other items load', () => {
    const text = [
      '{"apiVersion": "v1", "kind": "List", "items": [', // 1
      '  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}},', // 2
      '  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n2",}},', // 3  (trailing comma: YAML reads it)
      '  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n3" "x": 1}},', // 4
      '  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n4"}}', // 5
      ']}', // 6
    ].join('\n');
    const r = load(text);
    expect(r.scenario.nodes.map((n) => n.metadata?.name)).toEqual(['n1', 'n2', 'n4']);
    const errs = errors(r.diagnostics);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.line === 4 && e.doc === 2)).toBe(true);
  });

  it('a broken list wrapper is reported like the YAML way does', () => {
    same('{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}}], "x": }');
  });
});

describe('bytes read in chunks', () => {
  const big = kubectlList(
    Array.from({ length: 40 }, (_, i) =>
      i % 7 === 3
        ? { ...pod(`p${i}`), metadata: { name: `p${i}`, labels: { note: `naïve "quoted" \\ back\\\\slash ${'é'.repeat(i)} 😀`, bad: i % 2 ? '-bad-' : 'ok' } } }
        : i % 5 === 0
          ? node(`n${i}`, { spec: { taints: [{ key: 'ü', effect: 'NoSchedule' }] } })
          : pod(`p${i}`, { nodeName: 'n0' }, { metadata: { name: `p${i}`, annotations: { text: `{"nested": ["[", "{"], "q": "\\"" }` } } }),
    ),
  );

  it('give what the text gives, for any chunk size', () => {
    const want = view(load(big));
    const bytes = new TextEncoder().encode(big);
    for (const chunkSize of [1, 2, 3, 5, 7, 64, 1000, 4096]) {
      const got = loadScenario([{ name: 'f.json', bytes }], { slim: false, chunkSize });
      expect(view(got)).toEqual(want);
    }
    expect(errors(load(big).diagnostics).length).toBeGreaterThan(0);
  });

  it('the reader hands over each item once, whole, for any chunk size', () => {
    const bytes = new TextEncoder().encode(big);
    const texts = (chunk?: number) => {
      const out: string[] = [];
      readJson(new InputText(chunk ? { size: bytes.length, read: (o, l) => bytes.subarray(o, o + l) } : big, chunk), {
        topStart() {},
        topEnd() {},
        item(_t, _i, text) {
          out.push(text);
        },
      });
      return out;
    };
    const want = texts();
    expect(want).toHaveLength(40);
    expect(want.map((t) => JSON.parse(t))).toEqual(JSON.parse(big).items);
    for (const c of [1, 3, 17, 256]) expect(texts(c)).toEqual(want);
  });
});

describe('slimming', () => {
  const dump = kubectlList([
    node('n1', {
      metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', zone: 'a' }, annotations: { 'node.alpha.kubernetes.io/ttl': '0' }, managedFields: [{ manager: 'kubelet', fieldsV1: { 'f:status': {} } }] },
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        images: [{ names: ['nginx:1'], sizeBytes: 500_000_000 }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok', lastHeartbeatTime: '2025-01-01T00:00:00Z' }],
        nodeInfo: { kubeletVersion: 'v1.35.0' },
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      },
    }),
    node('n2', { metadata: { name: 'n2', labels: { 'kubernetes.io/hostname': 'n2', zone: 'b' } } }),
    ...Array.from({ length: 6 }, (_, i) =>
      pod(
        `run-${i}`,
        {
          nodeName: i % 2 ? 'n1' : 'n2',
          containers: [{ name: 'c', image: 'nginx:1', env: [{ name: 'A', value: 'secret' }], command: ['x'], livenessProbe: { exec: { command: ['true'] } }, resources: { requests: { cpu: '1', memory: '1Gi' } } }],
          volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }, { name: 'data', persistentVolumeClaim: { claimName: 'd' } }],
          securityContext: { runAsUser: 1 },
          dnsPolicy: 'ClusterFirst',
        },
        {
          metadata: { name: `run-${i}`, namespace: 'default', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'controller.kubernetes.io/pod-deletion-cost': '5' }, managedFields: [{ manager: 'kcm', fieldsV1: { 'f:spec': {} } }] },
          status: { phase: 'Running', startTime: `2025-01-01T00:00:0${i}Z`, podIP: '10.1.1.1', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }], containerStatuses: [{ name: 'c', ready: true, state: { running: {} }, allocatedResources: { cpu: '1' } }] },
        },
      ),
    ),
    ...Array.from({ length: 4 }, (_, i) =>
      pod(`pending-${i}`, {
        containers: [{ name: 'c', image: 'nginx:1', env: [{ name: 'B', value: 'x' }], resources: { requests: { cpu: '1500m', memory: '1Gi' } } }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
      }),
    ),
    { ...pod('done', { nodeName: 'n1' }), status: { phase: 'Succeeded' } },
  ]);

  it('does not change scheduling results or diagnostics', () => {
    const full = load(dump, { slim: false });
    const slim = load(dump, { slim: true });
    expect(slim.diagnostics).toEqual(full.diagnostics);
    expect([...slim.scenario.positions]).toEqual([...full.scenario.positions]);
    const a = toContractJson(simulate(full.scenario, { details: true }));
    const b = toContractJson(simulate(slim.scenario, { details: true }));
    expect(b).toEqual(a);
    const p = slim.scenario.pods.find((x) => x.metadata?.name === 'run-1')!;
    expect(p.metadata?.managedFields).toBeUndefined();
    expect(p.metadata?.annotations).toEqual({ 'controller.kubernetes.io/pod-deletion-cost': '5' });
    expect(p.spec?.containers[0]).toEqual({ name: 'c', image: 'nginx:1', resources: { requests: { cpu: '1', memory: '1Gi' } } });
    expect(p.spec?.volumes).toEqual([{ name: 'tok', projected: {} }, { name: 'data', persistentVolumeClaim: { claimName: 'd' } }]);
    expect(p.status).toEqual({ phase: 'Running', startTime: '2025-01-01T00:00:01Z', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', allocatedResources: { cpu: '1' } }] });
    const n = slim.scenario.nodes[0];
    expect(Object.keys(n.status ?? {}).sort()).toEqual(['allocatable', 'capacity', 'conditions', 'images']);
    expect(n.status?.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'KubeletReady' }]);
  });

  it('keeps diagnostic positions exact after slimming (positions found later, in the original text)', () => {
    const text = kubectlList([node('n1'), { ...pod('p', { nodeName: 'n1', priorityClassName: 'missing' }), metadata: { name: 'p', managedFields: [{ a: 1 }] } }]);
    const full = load(text, { slim: false });
    const slim = load(text, { slim: true });
    expect(errors(slim.diagnostics)).toHaveLength(1);
    expect(slim.diagnostics).toEqual(full.diagnostics);
    const line = text.split('\n').findIndex((l) => l.includes('"priorityClassName"')) + 1;
    expect(errors(slim.diagnostics)[0]).toMatchObject({ path: 'spec.priorityClassName', line });
  });

  it('slimObject returns a copy and keeps unknown fields', () => {
    const o = { kind: 'Pod', metadata: { name: 'p', managedFields: [] }, spec: { containers: [{ name: 'c', env: [] }], futureField: 1 }, status: { phase: 'Running', podIP: 'x' } };
    const s = slimObject(o);
    expect(s).toEqual({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], futureField: 1 }, status: { phase: 'Running' } });
    expect(o.metadata.managedFields).toEqual([]);
  });
});
