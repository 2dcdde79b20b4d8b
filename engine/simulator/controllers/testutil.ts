// Small YAML builders for the controller tests (not part of the engine).
import { loadScenario } from '../../api/load';
import type { Scenario } from '../../api/scenario';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  zone?: string;
  /** Ready condition status; omitted = no conditions at all. */
  ready?: 'True' | 'False' | 'Unknown';
  taints?: string;
  unschedulable?: boolean;
}

export function node(name: string, o: NodeOpts = {}): string {
  const labels = [`kubernetes.io/hostname: ${name}`, ...(o.zone ? [`topology.kubernetes.io/zone: ${o.zone}`] : [])].join(', ');
  const spec = [o.taints ? `  taints: ${o.taints}` : '', o.unschedulable ? '  unschedulable: true' : ''].filter(Boolean).join('\n');
  return `apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: {${labels}}}
${spec ? `spec:\n${spec}\n` : ''}status:
  allocatable: {cpu: "${o.cpu ?? '4'}", memory: ${o.memory ?? '8Gi'}, pods: "110"}
  capacity: {cpu: "${o.cpu ?? '4'}", memory: ${o.memory ?? '8Gi'}, pods: "110"}
${o.ready ? `  conditions: [{type: Ready, status: "${o.ready}"}]\n` : ''}---`;
}

export interface PodOpts {
  node?: string;
  cpu?: string;
  memory?: string;
  limitsMemory?: string;
  limitsCpu?: string;
  priority?: number;
  grace?: number;
  tolerations?: string;
  usage?: string;
  labels?: string;
  annotations?: string;
}

export function pod(name: string, o: PodOpts = {}): string {
  const req = [o.cpu ? `cpu: "${o.cpu}"` : '', o.memory ? `memory: ${o.memory}` : ''].filter(Boolean).join(', ');
  const lim = [o.limitsCpu ? `cpu: "${o.limitsCpu}"` : '', o.limitsMemory ? `memory: ${o.limitsMemory}` : ''].filter(Boolean).join(', ');
  const res = req || lim ? `\n      resources: {${req ? `requests: {${req}}` : ''}${req && lim ? ', ' : ''}${lim ? `limits: {${lim}}` : ''}}` : '';
  const ann = [o.usage ? `schedlab.dev/memory-usage: ${o.usage}` : '', o.annotations ?? ''].filter(Boolean).join(', ');
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${name}${o.labels ? `, ${o.labels}` : ''}}${ann ? `, annotations: {${ann}}` : ''}}
spec:
${o.node ? `  nodeName: ${o.node}\n` : ''}${o.priority !== undefined ? `  priority: ${o.priority}\n` : ''}${o.grace !== undefined ? `  terminationGracePeriodSeconds: ${o.grace}\n` : ''}${o.tolerations ? `  tolerations: ${o.tolerations}\n` : ''}  containers:
    - name: c
      image: registry.k8s.io/pause:3.10${res}
---`;
}

export function changes(list: string[]): string {
  return `apiVersion: schedlab.dev/v1alpha1
kind: ClusterChanges
changes:
${list.map((c) => `  - ${c}`).join('\n')}
---`;
}

export function load(...docs: string[]): Scenario {
  const r = loadScenario([{ name: 't.yaml', text: docs.join('\n') }]);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  return r.scenario;
}
