// The preset DEFAULT dictionary for link compression (format "s1"): the phrases Kubernetes
// scheduling YAML repeats. DEFLATE starts a link with these 32 KB-window references already
// "seen", which makes small scenarios ~20% shorter. FROZEN: changing one byte breaks every link
// made before; a new dictionary needs a new prefix ("s2=") and this one kept for decoding.
import { strToU8 } from 'fflate';

export const LINK_DICTIONARY_S1: Uint8Array = strToU8(`apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels:
    kubernetes.io/hostname: node-1
    topology.kubernetes.io/zone: zone-a
    topology.kubernetes.io/region:
spec:
  taints:
    - key: node-role.kubernetes.io/control-plane
      effect: NoSchedule
status:
  capacity:
  allocatable:
    cpu: "4"
    memory: 8Gi
    pods: "110"
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: default
  labels:
    app: web
spec:
  nodeName: node-1
  priorityClassName:
  tolerations:
    - key: dedicated
      operator: Equal
      value: gpu
      effect: NoSchedule
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: 
                operator: In
                values:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 
          preference:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector:
            matchLabels:
              app: web
          topologyKey: kubernetes.io/hostname
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      labelSelector:
        matchLabels:
  containers:
    - name: web
      image: nginx
      resources:
        requests:
          cpu: 500m
          memory: 512Mi
        limits:
          cpu: "1"
          memory: 1Gi
`);
