import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REDACTED, describeScrub, scrubSecrets } from './scrub';
import { generateScenario } from './fixtures';

const POD = `# my pod — a comment that must survive
apiVersion: v1
kind: Pod
metadata:
  name: api
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"spec":{"containers":[{"env":[{"name":"PASSWORD","value":"hunter2"}]}]}}
    controller.kubernetes.io/pod-deletion-cost: "100"
    team: payments   # who to call
spec:
  initContainers:
    - name: init
      image: busybox
      env: [{ name: TOKEN, value: "s3cr3t" }]
  containers:
    - name: api
      image: api:1
      env:
        - name: PASSWORD
          value: hunter2
        - name: PORT
          value: 8080
        - name: FROM_SECRET
          valueFrom: { secretKeyRef: { name: db, key: password } }
        - name: EMPTY
          value: ""
      resources: { requests: { cpu: 100m } }
`;

describe('scrubSecrets', () => {
  it('replaces env values and non-scheduling annotation values, in place', () => {
    const r = scrubSecrets(POD);
    expect(r.counts).toEqual({ env: 3, annotations: 2, data: 0 });
    expect(r.total).toBe(5);
    expect(r.text).not.toMatch(/hunter2|s3cr3t|payments|8080/);
    // Everything else is as typed: comments, flow style, order, the kept annotation.
    expect(r.text).toContain('# my pod — a comment that must survive');
    expect(r.text).toContain('# who to call');
    expect(r.text).toContain('controller.kubernetes.io/pod-deletion-cost: "100"');
    expect(r.text).toContain('valueFrom: { secretKeyRef: { name: db, key: password } }');
    expect(r.text).toContain('resources: { requests: { cpu: 100m } }');
    const pod = parse(r.text);
    expect(pod.spec.containers[0].env.map((e: { value?: string }) => e.value)).toEqual([REDACTED, REDACTED, undefined, '']);
    expect(pod.spec.initContainers[0].env[0].value).toBe(REDACTED);
    expect(pod.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(REDACTED);
    expect(pod.metadata.annotations.team).toBe(REDACTED);
  });

  it('is idempotent and leaves clean text untouched', () => {
    const once = scrubSecrets(POD).text;
    expect(scrubSecrets(once)).toEqual({ text: once, counts: { env: 0, annotations: 0, data: 0 }, total: 0 });
    const clean = 'apiVersion: v1\nkind: Node\nmetadata: { name: n }\n';
    expect(scrubSecrets(clean).text).toBe(clean);
  });

  it('scrubs workload templates, Secrets, ConfigMaps, JSON and List items', () => {
    const text = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    metadata: { annotations: { checksum/config: abc } }
    spec: { containers: [{ name: c, image: i, env: [{ name: A, value: b }] }] }
---
apiVersion: v1
kind: Secret
metadata: { name: s }
stringData: { password: hunter2 }
data: { token: aHVudGVyMg== }
---
{"apiVersion":"v1","kind":"List","items":[{"kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}},
 {"kind":"Pod","metadata":{"name":"p","annotations":{"x":"y"}},"spec":{"containers":[{"name":"c","env":[{"name":"K","value":"V"}]}]}}]}
`;
    const r = scrubSecrets(text);
    expect(r.counts).toEqual({ env: 2, annotations: 2, data: 3 });
    const docs = parseAllDocuments(r.text).map((d) => d.toJS());
    expect(docs[1].stringData.password).toBe(REDACTED);
    expect(docs[2].items[0].data.k).toBe(REDACTED);
    expect(docs[2].items[1].spec.containers[0].env[0].value).toBe(REDACTED);
    expect(JSON.parse(r.text.split('---\n')[2]).items[1].metadata.annotations.x).toBe(REDACTED);
  });

  it('handles anchors, aliases and block scalars', () => {
    const text = `kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      env:
        - { name: A, value: &pw hunter2 }
        - name: B
          value: *pw
        - name: C
          value: >-
            folded
            secret
        - name: D
          value: |
            multi
            line
  nodeName: n1
`;
    const r = scrubSecrets(text);
    expect(r.counts.env).toBe(4);
    const pod = parse(r.text);
    expect(pod.spec.containers[0].env.map((e: { value: string }) => e.value)).toEqual([REDACTED, REDACTED, REDACTED, REDACTED]);
    expect(pod.spec.nodeName).toBe('n1');
    expect(r.text).not.toMatch(/hunter2|secret|multi/);
  });

  it('returns text it cannot parse unchanged', () => {
    const broken = 'kind: Pod\nmetadata: [unclosed\n';
    expect(scrubSecrets(broken).text).toBe(broken);
  });

  it('scrubs the generated realistic scenario', () => {
    const text = generateScenario(30, 100);
    const r = scrubSecrets(text);
    expect(r.counts.env).toBe(80); // api and db pods carry two env values each
    expect(r.text).not.toMatch(/postgres:\/\/shop:/);
    expect(describeScrub(r.counts)).toBe('80 environment variable values');
    expect(describeScrub({ env: 1, annotations: 2, data: 3 })).toBe('1 environment variable value, 2 annotation values and 3 Secret/ConfigMap values');
  });
});

describe('scrubSecrets keeps what the loader reads', () => {
  it('leaves a KubeSchedulerConfiguration embedded in a ConfigMap alone', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: scheduler-config }
data:
  config.yaml: |
    kind: KubeSchedulerConfiguration
    profiles: [{ schedulerName: my-scheduler }]
  token: abc
`;
    const r = scrubSecrets(text);
    expect(r.counts.data).toBe(1);
    expect(r.text).toContain('kind: KubeSchedulerConfiguration');
    expect(r.text).not.toContain('abc');
  });
});
