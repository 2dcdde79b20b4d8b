// Generated scenarios for tests and measurements: realistic YAML as a person would type or
// paste it (not minimal), deterministic for a given seed.

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r() * ALNUM.length)];
  return s;
}

const APPS = [
  { app: 'web', image: 'nginx:1.27.2', cpu: '250m', mem: '256Mi', port: 8080 },
  { app: 'api', image: 'ghcr.io/acme/api:v2.14.1', cpu: '500m', mem: '512Mi', port: 9000 },
  { app: 'worker', image: 'ghcr.io/acme/worker:v2.14.1', cpu: '1', mem: '1Gi', port: 0 },
  { app: 'cache', image: 'redis:7.4-alpine', cpu: '200m', mem: '1Gi', port: 6379 },
  { app: 'db', image: 'postgres:16.4', cpu: '2', mem: '4Gi', port: 5432 },
];

/** A cluster of `nodes` nodes in three zones and `pods` pods (70% running, the rest pending). */
export function generateScenario(nodes: number, pods: number, seed = 1): string {
  const r = rng(seed);
  const docs: string[] = [];
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const nodeNames: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const zone = zones[i % zones.length];
    const big = i % 5 === 0;
    const name = `ip-10-0-${(i * 7) % 255}-${(i * 13 + 11) % 255}.eu-west-1.compute.internal`;
    nodeNames.push(name);
    docs.push(`apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node.kubernetes.io/instance-type: ${big ? 'm6i.4xlarge' : 'm6i.xlarge'}
    topology.kubernetes.io/region: eu-west-1
    topology.kubernetes.io/zone: ${zone}
    nodepool: ${big ? 'memory-optimized' : 'general'}${
      i === 0
        ? `
spec:
  taints:
    - key: node-role.kubernetes.io/control-plane
      effect: NoSchedule`
        : ''
    }
status:
  capacity:
    cpu: "${big ? 16 : 4}"
    memory: ${big ? '64Gi' : '16Gi'}
    pods: "110"
  allocatable:
    cpu: "${big ? '15890m' : '3920m'}"
    memory: ${big ? '63518Mi' : '15247Mi'}
    pods: "110"`);
  }
  // Pods of one workload share their ReplicaSet's pod-template-hash, as in a real cluster.
  const hashes = APPS.map(() => suffix(r, 10));
  for (let i = 0; i < pods; i++) {
    const a = APPS[i % APPS.length];
    const hash = hashes[i % APPS.length];
    const running = r() < 0.7;
    const name = `${a.app}-${hash}-${suffix(r, 5)}`;
    const node = nodeNames[1 + Math.floor(r() * (nodeNames.length - 1))];
    const lines = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      '  labels:',
      `    app: ${a.app}`,
      `    app.kubernetes.io/name: ${a.app}`,
      '    app.kubernetes.io/part-of: shop',
      `    pod-template-hash: ${hash}`,
      'spec:',
    ];
    if (running) lines.push(`  nodeName: ${node}`);
    if (a.app === 'db') {
      lines.push(
        '  affinity:',
        '    podAntiAffinity:',
        '      requiredDuringSchedulingIgnoredDuringExecution:',
        '        - labelSelector:',
        '            matchLabels:',
        '              app: db',
        '          topologyKey: kubernetes.io/hostname',
        '  nodeSelector:',
        '    nodepool: memory-optimized',
      );
    }
    if (a.app === 'web') {
      lines.push(
        '  topologySpreadConstraints:',
        '    - maxSkew: 1',
        '      topologyKey: topology.kubernetes.io/zone',
        '      whenUnsatisfiable: DoNotSchedule',
        '      labelSelector:',
        '        matchLabels:',
        '          app: web',
      );
    }
    lines.push(
      '  containers:',
      `    - name: ${a.app}`,
      `      image: ${a.image}`,
      '      resources:',
      '        requests:',
      `          cpu: ${a.cpu}`,
      `          memory: ${a.mem}`,
      '        limits:',
      `          memory: ${a.mem}`,
    );
    if (a.port) lines.push('      ports:', `        - containerPort: ${a.port}`, '          protocol: TCP');
    if (a.app === 'api' || a.app === 'db') {
      lines.push(
        '      env:',
        '        - name: DATABASE_URL',
        `          value: postgres://shop:${suffix(r, 16)}@db.shop.svc:5432/shop`,
        '        - name: LOG_LEVEL',
        '          value: info',
      );
    }
    docs.push(lines.join('\n'));
  }
  return `# ${nodes} nodes, ${pods} pods (generated)\n${docs.map((d) => `---\n${d}\n`).join('')}`;
}

/** A `kubectl get nodes,pods -A -o json` style dump with the noise real clusters have. */
export function generateKubectlJsonDump(nodes: number, pods: number, seed = 1): string {
  const r = rng(seed);
  const managedFields = (manager: string) => [
    {
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {} } } } },
      manager,
      operation: 'Update',
      time: '2025-01-01T00:00:00Z',
    },
  ];
  const items: unknown[] = [];
  const nodeNames: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const name = `node-${i}`;
    nodeNames.push(name);
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: `uid-node-${i}`,
        resourceVersion: String(1000 + i),
        labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
        managedFields: managedFields('kubelet'),
      },
      spec: { podCIDR: `10.244.${i}.0/24`, providerID: `aws:///eu-west-1a/i-${suffix(r, 17)}` },
      status: {
        addresses: [{ address: `10.0.0.${i}`, type: 'InternalIP' }],
        allocatable: { cpu: '3920m', memory: '15247Mi', pods: '110', 'ephemeral-storage': '95551679124' },
        capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '101430960Ki' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images: [
          { names: ['docker.io/library/nginx@sha256:' + suffix(r, 64), 'docker.io/library/nginx:1.27.2'], sizeBytes: 72_000_000 },
          { names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320_000 },
        ],
        nodeInfo: { kubeletVersion: 'v1.35.0', osImage: 'Ubuntu 24.04', containerRuntimeVersion: 'containerd://2.0.0', architecture: 'amd64' },
      },
    });
  }
  for (let i = 0; i < pods; i++) {
    const running = i % 4 !== 0;
    const finished = i % 17 === 0;
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `app-${i}-${suffix(r, 5)}`,
        namespace: i % 2 ? 'prod' : 'staging',
        uid: `uid-pod-${i}`,
        labels: { app: `app-${i % 7}` },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { containers: [{ env: [{ name: 'TOKEN', value: 'hunter2' }] }] } }),
          'controller.kubernetes.io/pod-deletion-cost': '10',
        },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${i % 7}-abc`, uid: `rs-${i % 7}`, controller: true, blockOwnerDeletion: true }],
        managedFields: managedFields('kube-controller-manager'),
      },
      spec: {
        ...(running ? { nodeName: nodeNames[i % nodeNames.length] } : {}),
        containers: [
          {
            name: 'main',
            image: 'nginx:1.27.2',
            env: [{ name: 'TOKEN', value: 'hunter2' }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 80 } },
            volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
          },
        ],
        volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        schedulerName: 'default-scheduler',
        priority: 0,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
      },
      status: {
        phase: finished ? 'Succeeded' : running ? 'Running' : 'Pending',
        conditions: [{ type: 'PodScheduled', status: running ? 'True' : 'False' }],
        ...(running ? { podIP: `10.244.0.${i % 250}`, startTime: '2025-01-01T00:00:00Z', qosClass: 'Burstable' } : {}),
      },
    });
  }
  items.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'prod' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----' } });
  items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { selector: { app: 'app-1' }, ports: [{ port: 80 }] } });
  return JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
}
