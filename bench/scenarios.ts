// Generated scenarios for the browser benchmark (bench/browser.ts) and the profiling of playback.
// Deterministic: the same text every time.
//
// bigScenario(): 500 nodes in 10 zones (every 50th node tainted), 5,000 pods of 8 workloads, of
// which 4,800 already run (bound by spec.nodeName) and 200 are pending for the scheduler (the web
// ones with a zone topology-spread constraint), two PriorityClasses. Multi-document YAML.
import { stringify } from 'yaml';

export const ZONES = 10;
export const NODES = 500;
export const PODS = 5000;
/** Pods left for the scheduler (the rest run already, bound by spec.nodeName). */
export const PENDING = 200;

export function bigScenario(): string {
  const items: unknown[] = [
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch-low' }, value: 100 },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'web-high' }, value: 1000 },
  ];
  for (let i = 0; i < NODES; i++) {
    const name = `node-${String(i).padStart(3, '0')}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % ZONES}`, 'topology.kubernetes.io/region': 'region-1' },
      },
      spec: i % 50 === 7 ? { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } : undefined,
      status: { allocatable: { cpu: '16', memory: '64Gi', pods: '110' } },
    });
  }
  const apps = ['api', 'web', 'cache', 'worker', 'batch', 'metrics', 'auth', 'search'];
  for (let i = 0; i < PODS; i++) {
    const app = apps[i % apps.length];
    const pending = i >= PODS - PENDING;
    const requests = { cpu: `${100 + (i % 7) * 150}m`, memory: `${256 + (i % 5) * 256}Mi` };
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${app}-${i}`, namespace: i % 3 ? 'default' : 'shop', labels: { app } },
      spec: {
        ...(pending ? {} : { nodeName: `node-${String((i * 7) % NODES).padStart(3, '0')}` }),
        ...(app === 'batch' ? { priorityClassName: 'batch-low' } : app === 'web' ? { priorityClassName: 'web-high' } : {}),
        ...(pending && app === 'web'
          ? {
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } },
              ],
            }
          : {}),
        containers: [{ name: app, image: `${app}:1`, resources: { requests, ...(i % 4 === 0 ? { limits: requests } : {}) } }],
      },
    });
  }
  // As a person pastes it: multi-document YAML (the editor shows it line by line).
  return items.map((o) => stringify(o)).join('---\n');
}
