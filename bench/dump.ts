// A generated `kubectl get nodes,pods -A -o json` dump of a big cluster, written to a file piece
// by piece (never one big string): nodes with the status real kubelets report (images,
// conditions, addresses, nodeInfo) and managedFields; pods from Deployments, StatefulSets and
// DaemonSets with realistic metadata (labels, annotations incl. last-applied-configuration,
// ownerReferences, managedFields), containers with env, probes, volume mounts, and the status
// kubelets write. Most pods run; `pending` of them wait for a node (some of those cannot fit).
// Deterministic for a given seed. Used by bench/import.ts.

import fs from 'node:fs';

type Obj = Record<string, unknown>;

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

const HEX = '0123456789abcdef';
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

export interface DumpStats {
  bytes: number;
  nodes: number;
  pods: number;
  pending: number;
}

export function writeKubectlDump(file: string, opts: { nodes: number; pods: number; pending: number; seed?: number }): DumpStats {
  const r = rng(opts.seed ?? 7);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[Math.floor(r() * 16)];
    return s;
  };
  const alnum = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r() * ALNUM.length)];
    return s;
  };
  const uid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const ts = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 1000).toISOString().replace('.000Z', 'Z');

  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let buf: string[] = [];
  let bufLen = 0;
  const write = (s: string) => {
    buf.push(s);
    bufLen += s.length;
    if (bufLen > 1 << 22) flush();
  };
  const flush = () => {
    const b = Buffer.from(buf.join(''), 'utf8');
    fs.writeSync(fd, b);
    bytes += b.length;
    buf = [];
    bufLen = 0;
  };
  let first = true;
  const item = (o: Obj) => {
    const text = JSON.stringify(o, null, 4).replace(/\n/g, '\n        ');
    write(`${first ? '' : ',\n'}        ${text}`);
    first = false;
  };

  write('{\n    "apiVersion": "v1",\n    "items": [\n');

  // ---- nodes ----
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const images = Array.from({ length: 60 }, (_, i) => ({
    names: [`registry.example.com/team-${i % 9}/service-${i}@sha256:${hex(64)}`, `registry.example.com/team-${i % 9}/service-${i}:v1.${i % 13}.${i % 7}`],
    sizeBytes: 20_000_000 + Math.floor(r() * 900_000_000),
  }));
  const nodeNames: string[] = [];
  const nodeCPU: number[] = [];
  for (let i = 0; i < opts.nodes; i++) {
    const zone = zones[i % 3];
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const name = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const big = i % 4 === 0;
    const cpu = big ? 32 : 16;
    nodeNames.push(name);
    nodeCPU.push(cpu);
    const mf = (manager: string, op: string, sub: string | undefined, fields: Obj): Obj => ({
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: fields,
      manager,
      operation: op,
      ...(sub ? { subresource: sub } : {}),
      time: ts(i),
    });
    const conds = [
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ].map(([type, status, reason, message]) => ({ lastHeartbeatTime: ts(900000 + i), lastTransitionTime: ts(i), message, reason, status, type }));
    const nodeImages: Obj[] = [];
    for (let k = 0; k < 45; k++) nodeImages.push(images[(i + k * 7) % images.length]);
    item({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        annotations: {
          'alpha.kubernetes.io/provided-node-ip': ip,
          'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': `i-${hex(17)}` }),
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
        creationTimestamp: ts(i),
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': big ? 'm6i.8xlarge' : 'm6i.4xlarge',
          'beta.kubernetes.io/os': 'linux',
          'eks.amazonaws.com/capacityType': 'ON_DEMAND',
          'eks.amazonaws.com/nodegroup': big ? 'large' : 'general',
          'failure-domain.beta.kubernetes.io/region': 'us-east-1',
          'failure-domain.beta.kubernetes.io/zone': zone,
          'k8s.io/cloud-provider-aws': hex(32),
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': big ? 'm6i.8xlarge' : 'm6i.4xlarge',
          'topology.ebs.csi.aws.com/zone': zone,
          'topology.kubernetes.io/region': 'us-east-1',
          'topology.kubernetes.io/zone': zone,
        },
        managedFields: [
          mf('kubelet', 'Update', undefined, {
            'f:metadata': { 'f:annotations': { '.': {}, 'f:alpha.kubernetes.io/provided-node-ip': {}, 'f:volumes.kubernetes.io/controller-managed-attach-detach': {} }, 'f:labels': { '.': {}, 'f:beta.kubernetes.io/arch': {}, 'f:beta.kubernetes.io/os': {}, 'f:kubernetes.io/arch': {}, 'f:kubernetes.io/hostname': {}, 'f:kubernetes.io/os': {} } },
            'f:spec': { 'f:providerID': {} },
          }),
          mf('kube-controller-manager', 'Update', undefined, { 'f:metadata': { 'f:annotations': { 'f:node.alpha.kubernetes.io/ttl': {} } }, 'f:spec': { 'f:podCIDR': {}, 'f:podCIDRs': { '.': {}, [`v:"10.${i & 255}.0.0/24"`]: {} } } }),
          mf('aws-cloud-controller-manager', 'Update', 'status', { 'f:status': { 'f:addresses': { 'k:{"type":"ExternalDNS"}': { '.': {}, 'f:address': {}, 'f:type': {} }, 'k:{"type":"InternalDNS"}': { '.': {}, 'f:address': {}, 'f:type': {} } } } }),
          mf('kubelet', 'Update', 'status', {
            'f:status': {
              'f:allocatable': { 'f:cpu': {}, 'f:ephemeral-storage': {}, 'f:memory': {} },
              'f:conditions': Object.fromEntries(conds.map((c) => [`k:{"type":"${c.type}"}`, { 'f:lastHeartbeatTime': {}, 'f:lastTransitionTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {} }])),
              'f:images': {},
              'f:nodeInfo': { 'f:bootID': {}, 'f:containerRuntimeVersion': {}, 'f:kernelVersion': {}, 'f:kubeProxyVersion': {}, 'f:kubeletVersion': {}, 'f:machineID': {}, 'f:osImage': {}, 'f:systemUUID': {} },
            },
          }),
        ],
        name,
        resourceVersion: String(100000 + i),
        uid: uid(),
      },
      spec: { podCIDR: `10.${i & 255}.0.0/24`, podCIDRs: [`10.${i & 255}.0.0/24`], providerID: `aws:///${zone}/i-${hex(17)}` },
      status: {
        addresses: [
          { address: ip, type: 'InternalIP' },
          { address: name, type: 'InternalDNS' },
          { address: name, type: 'Hostname' },
        ],
        allocatable: { cpu: `${cpu * 1000 - 90}m`, 'ephemeral-storage': '95491281146', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: big ? '127166120Ki' : '63440552Ki', pods: '110' },
        capacity: { cpu: String(cpu), 'ephemeral-storage': '104845292Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: big ? '130963624Ki' : '65011512Ki', pods: '110' },
        conditions: conds,
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images: nodeImages,
        nodeInfo: {
          architecture: 'amd64',
          bootID: uid(),
          containerRuntimeVersion: 'containerd://1.7.27',
          kernelVersion: '6.1.128-136.201.amzn2023.x86_64',
          kubeProxyVersion: 'v1.35.0-eks-abcdef',
          kubeletVersion: 'v1.35.0-eks-abcdef',
          machineID: hex(32),
          operatingSystem: 'linux',
          osImage: 'Amazon Linux 2023.6.20250303',
          systemUUID: uid(),
        },
      },
    });
  }

  // ---- pods ----
  const namespaces = ['payments', 'search', 'checkout', 'catalog', 'identity', 'analytics', 'kube-system', 'monitoring'];
  const apps = Array.from({ length: 120 }, (_, i) => ({
    name: `svc-${i}`,
    ns: namespaces[i % namespaces.length],
    hash: alnum(10),
    rsUid: uid(),
    cpu: [100, 250, 500, 1000][i % 4],
    mem: [128, 256, 512, 1024][i % 4],
    image: images[i % images.length].names[1],
    spread: i % 5 === 0,
    anti: i % 7 === 0,
  }));
  const running = opts.pods - opts.pending;
  const usedCPU = new Array(opts.nodes).fill(0);
  let pendingCount = 0;
  for (let i = 0; i < opts.pods; i++) {
    const a = apps[i % apps.length];
    const isPending = i >= running;
    if (isPending) pendingCount++;
    const name = `${a.name}-${a.hash}-${alnum(5)}`;
    // running pods are placed where they fit (a real cluster never overcommits requests)
    let nodeIdx = i % opts.nodes;
    if (!isPending) {
      for (let t = 0; t < opts.nodes && (usedCPU[nodeIdx] + a.cpu) > nodeCPU[nodeIdx] * 1000 - 1000; t++) nodeIdx = (nodeIdx + 1) % opts.nodes;
      usedCPU[nodeIdx] += a.cpu;
    }
    const nodeName = nodeNames[nodeIdx];
    const podUid = uid();
    const labels: Record<string, string> = {
      app: a.name,
      'app.kubernetes.io/instance': a.name,
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': `${a.name}-1.42.0`,
      'pod-template-hash': a.hash,
    };
    const env = Array.from({ length: 3 }, (_, k) => (k % 3 === 2 ? { name: `POD_FIELD_${k}`, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: k === 2 ? 'metadata.name' : 'status.podIP' } } } : { name: `CONFIG_VALUE_${k}`, value: `value-${hex(12)}` }));
    const container = {
      args: ['--config=/etc/app/config.yaml', '--log-level=info', `--port=${8080}`],
      command: ['/app/server'],
      env,
      image: a.image,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: { failureThreshold: 3, httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
      name: 'app',
      ports: [
        { containerPort: 8080, name: 'http', protocol: 'TCP' },
        { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
      ],
      resources: { limits: { memory: `${a.mem * 2}Mi` }, requests: { cpu: `${a.cpu}m`, memory: `${a.mem}Mi` } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001 },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [
        { mountPath: '/etc/app', name: 'config', readOnly: true },
        { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-' + alnum(5), readOnly: true },
      ],
    };
    const spec: Obj = {
      containers: [container],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: { fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      serviceAccount: a.name,
      serviceAccountName: a.name,
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        { configMap: { defaultMode: 420, name: `${a.name}-config` }, name: 'config' },
        {
          name: 'kube-api-access-x',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    };
    if (!isPending) spec.nodeName = nodeName;
    if (a.spread) {
      spec.topologySpreadConstraints = [{ labelSelector: { matchLabels: { app: a.name } }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }];
    }
    if (a.anti) {
      spec.affinity = {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: { matchLabels: { app: a.name } }, topologyKey: 'kubernetes.io/hostname' }, weight: 100 }],
        },
      };
    }
    if (isPending && pendingCount % 10 === 0) {
      // does not fit anywhere
      container.resources = { limits: { memory: '512Gi' }, requests: { cpu: '64', memory: '512Gi' } };
    }
    const start = 1000 + i;
    const conditionsRunning = [
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ].map(([type, status]) => ({ lastProbeTime: null, lastTransitionTime: ts(start), status, type }));

    const status: Obj = isPending
      ? { conditions: [{ lastProbeTime: null, lastTransitionTime: ts(start), message: '0/1000 nodes are available: 1000 Insufficient cpu.', reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }], phase: 'Pending', qosClass: 'Burstable' }
      : {
          conditions: conditionsRunning,
          containerStatuses: [
            {
              containerID: `containerd://${hex(64)}`,
              image: a.image,
              imageID: a.image.replace(/:[^:]+$/, '') + '@sha256:' + hex(64),
              lastState: {},
              name: 'app',
              ready: true,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: ts(start + 5) } },
            },
          ],
          hostIP: `10.0.${(nodeIdx >> 8) & 255}.${nodeIdx & 255}`,
          hostIPs: [{ ip: `10.0.${(nodeIdx >> 8) & 255}.${nodeIdx & 255}` }],
          phase: 'Running',
          podIP: `100.64.${(i >> 8) & 255}.${i & 255}`,
          podIPs: [{ ip: `100.64.${(i >> 8) & 255}.${i & 255}` }],
          qosClass: 'Burstable',
          startTime: ts(start),
        };
    item({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        annotations: {
          'checksum/config': hex(64),
          'kubectl.kubernetes.io/restartedAt': ts(500),
          'prometheus.io/port': '9090',
          'prometheus.io/scrape': 'true',
        },
        creationTimestamp: ts(start),
        generateName: `${a.name}-${a.hash}-`,
        labels,
        managedFields: [
          {
            apiVersion: 'v1',
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:metadata': {
                'f:annotations': { '.': {}, 'f:checksum/config': {}, 'f:kubectl.kubernetes.io/restartedAt': {}, 'f:prometheus.io/port': {}, 'f:prometheus.io/scrape': {} },
                'f:generateName': {},
                'f:labels': Object.fromEntries([['.', {}], ...Object.keys(labels).map((k) => [`f:${k}`, {}])]),
                'f:ownerReferences': { '.': {}, [`k:{"uid":"${a.rsUid}"}`]: {} },
              },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': Object.fromEntries([
                    ['.', {}],
                    ...['f:args', 'f:command', 'f:image', 'f:name'].map((k) => [k, {}]),
                    ['f:env', Object.fromEntries([['.', {}], ...env.map((e) => [`k:{"name":"${e.name}"}`, { '.': {}, 'f:name': {}, 'f:value': {} }])])],
                    ['f:resources', { '.': {}, 'f:limits': { 'f:memory': {} }, 'f:requests': { 'f:cpu': {}, 'f:memory': {} } }],
                  ]),
                },
                'f:dnsPolicy': {},
                'f:enableServiceLinks': {},
                'f:restartPolicy': {},
                'f:schedulerName': {},
                'f:volumes': { '.': {}, 'k:{"name":"config"}': { '.': {}, 'f:configMap': { '.': {}, 'f:name': {} }, 'f:name': {} } },
              },
            },
            manager: 'kube-controller-manager',
            operation: 'Update',
            time: ts(start),
          },
          ...(isPending
            ? []
            : [
                {
                  apiVersion: 'v1',
                  fieldsType: 'FieldsV1',
                  fieldsV1: {
                    'f:status': {
                      'f:conditions': Object.fromEntries(conditionsRunning.map((c) => [`k:{"type":"${c.type}"}`, {}])),
                      'f:containerStatuses': {},
                      'f:hostIP': {},
                      'f:hostIPs': {},
                      'f:phase': {},
                      'f:podIP': {},
                      'f:podIPs': { '.': {}, [`k:{"ip":"100.64.${(i >> 8) & 255}.${i & 255}"}`]: { '.': {}, 'f:ip': {} } },
                      'f:startTime': {},
                    },
                  },
                  manager: 'kubelet',
                  operation: 'Update',
                  subresource: 'status',
                  time: ts(start + 6),
                },
              ]),
        ],
        name,
        namespace: a.ns,
        ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `${a.name}-${a.hash}`, uid: a.rsUid }],
        resourceVersion: String(200000 + i),
        uid: podUid,
      },
      spec,
      status,
    });
  }
  write('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  flush();
  fs.closeSync(fd);
  return { bytes, nodes: opts.nodes, pods: opts.pods, pending: pendingCount };
}
