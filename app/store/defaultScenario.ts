// The scenario the page opens with when nothing else (a link, autosave, a gallery pick) says otherwise:
// two zones, three nodes, a few running pods, one pod that will fit and one that cannot.
export const DEFAULT_SCENARIO = `# A small cluster: edit this YAML, draw on the canvas, or paste a \`kubectl get -o yaml\` dump.
apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels:
    topology.kubernetes.io/region: eu-west
    topology.kubernetes.io/zone: zone-a
status:
  allocatable: { cpu: "4", memory: 8Gi, pods: "110" }
---
apiVersion: v1
kind: Node
metadata:
  name: node-2
  labels:
    topology.kubernetes.io/region: eu-west
    topology.kubernetes.io/zone: zone-a
status:
  allocatable: { cpu: "2", memory: 4Gi, pods: "110" }
---
apiVersion: v1
kind: Node
metadata:
  name: node-3
  labels:
    topology.kubernetes.io/region: eu-west
    topology.kubernetes.io/zone: zone-b
spec:
  taints:
    - { key: dedicated, value: gpu, effect: NoSchedule }
status:
  allocatable: { cpu: "8", memory: 16Gi, pods: "110" }
---
apiVersion: v1
kind: Pod
metadata: { name: api-0, namespace: default, labels: { app: api } }
spec:
  nodeName: node-1
  containers:
    - name: api
      image: api:1
      resources: { requests: { cpu: "1", memory: 1Gi }, limits: { cpu: "1", memory: 1Gi } }
---
apiVersion: v1
kind: Pod
metadata: { name: api-1, namespace: default, labels: { app: api } }
spec:
  nodeName: node-2
  containers:
    - name: api
      image: api:1
      resources: { requests: { cpu: 1500m, memory: 1Gi } }
---
apiVersion: v1
kind: Pod
metadata: { name: web-7, namespace: default, labels: { app: web } }
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources: { requests: { cpu: 500m, memory: 512Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: batch-1, namespace: default, labels: { app: batch } }
spec:
  containers:
    - name: batch
      image: batch:1
      resources: { requests: { cpu: "5", memory: 2Gi } }
`;
