import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { newPodInfo, podHostPorts, qosClass } from './podinfo';
import { podRequestsAmounts } from './podrequests';

const c = (name: string, requests?: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'x',
  resources: requests ? { requests } : {},
  ...extra,
});
const pod = (spec: Pod['spec'], meta: Pod['metadata'] = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns1', uid: 'u1', ...meta },
  spec,
});
const MI = 1024 * 1024;

describe('newPodInfo requests', () => {
  it('sums containers', () => {
    const pi = newPodInfo(pod({ containers: [c('a', { cpu: '100m', memory: '1Gi' }), c('b', { cpu: '200m' })] }));
    expect(pi.requests.milliCPU).toBe(300);
    expect(pi.requests.memory).toBe(1024 * MI);
    expect(pi.nonZeroMilliCPU).toBe(300);
    expect(pi.nonZeroMemory).toBe(1024 * MI + 200 * MI); // b has no memory: 200Mi default
    expect(pi.key).toBe('ns1/p');
    expect(pi.priority).toBe(0);
  });

  it('applies non-zero defaults per container, explicit zero stays zero', () => {
    const pi = newPodInfo(pod({ containers: [c('a'), c('b', { cpu: '0' })] }));
    expect(pi.requests.milliCPU).toBe(0);
    expect(pi.requests.memory).toBe(0);
    expect(pi.nonZeroMilliCPU).toBe(100);
    expect(pi.nonZeroMemory).toBe(400 * MI);
  });

  it('takes the max of init containers vs containers', () => {
    const pi = newPodInfo(
      pod({
        initContainers: [c('i1', { cpu: '2', memory: '100Mi' }), c('i2', { cpu: '500m', memory: '3Gi' })],
        containers: [c('a', { cpu: '1', memory: '1Gi' })],
      }),
    );
    expect(pi.requests.milliCPU).toBe(2000);
    expect(pi.requests.memory).toBe(3 * 1024 * MI);
  });

  it('adds restartable (sidecar) init containers', () => {
    // sidecar 100m runs alongside; init i2 (1 cpu) runs with the sidecar before it: 1.1
    const pi = newPodInfo(
      pod({
        initContainers: [
          c('side', { cpu: '100m' }, { restartPolicy: 'Always' }),
          c('i2', { cpu: '1' }),
        ],
        containers: [c('a', { cpu: '500m' })],
      }),
    );
    expect(pi.requests.milliCPU).toBe(1100);
    const pi2 = newPodInfo(
      pod({
        initContainers: [c('i0', { cpu: '300m' }), c('side', { cpu: '100m' }, { restartPolicy: 'Always' })],
        containers: [c('a', { cpu: '500m' })],
      }),
    );
    expect(pi2.requests.milliCPU).toBe(600);
  });

  it('adds overhead and uses pod-level resources', () => {
    const pi = newPodInfo(pod({ containers: [c('a', { cpu: '100m' })], overhead: { cpu: '50m', memory: '10Mi' } }));
    expect(pi.requests.milliCPU).toBe(150);
    expect(pi.requests.memory).toBe(10 * MI);
    const withPodLevel = pod({ containers: [c('a', { cpu: '100m', 'example.com/gpu': '1' })] });
    (withPodLevel.spec as unknown as Record<string, unknown>).resources = { requests: { cpu: '1', memory: '1Gi' } };
    const pl = newPodInfo(withPodLevel);
    expect(pl.requests.milliCPU).toBe(1000);
    expect(pl.requests.memory).toBe(1024 * MI);
    expect(pl.requests.scalar.get('example.com/gpu')).toBe(1);
    expect(pl.nonZeroMilliCPU).toBe(1000);
    expect(pl.nonZeroMemory).toBe(1024 * MI);
  });

  it('rounds the sum, not each container', () => {
    const amounts = podRequestsAmounts(pod({ containers: [c('a', { cpu: '0.5m' }), c('b', { cpu: '0.5m' })] }));
    expect(amounts.get('cpu')).toBe(1_000_000n);
    const pi = newPodInfo(pod({ containers: [c('a', { cpu: '0.5m' }), c('b', { cpu: '0.5m' })] }));
    expect(pi.requests.milliCPU).toBe(1);
  });

  it('keeps scalar resources only', () => {
    const pi = newPodInfo(
      pod({ containers: [c('a', { 'nvidia.com/gpu': '2', 'hugepages-2Mi': '4Mi', 'ephemeral-storage': '1Gi', bogus: '3' })] }),
    );
    expect(pi.requests.scalar.get('nvidia.com/gpu')).toBe(2);
    expect(pi.requests.scalar.get('hugepages-2Mi')).toBe(4 * MI);
    expect(pi.requests.scalar.has('bogus')).toBe(false);
    expect(pi.requests.ephemeralStorage).toBe(1024 * MI);
  });

  it('considers container status resources (in-place resize)', () => {
    const p: Pod = {
      ...pod({ containers: [c('a', { cpu: '100m' })] }),
      status: { containerStatuses: [{ name: 'a', image: 'x', imageID: '', ready: true, restartCount: 0, allocatedResources: { cpu: '300m' } }] },
    };
    expect(newPodInfo(p).requests.milliCPU).toBe(300);
  });
});

describe('newPodInfo affinity', () => {
  it('compiles terms with namespaces defaulting to the pod namespace', () => {
    const pi = newPodInfo(
      pod({
        containers: [c('a')],
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'zone' }],
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 5, podAffinityTerm: { labelSelector: {}, namespaceSelector: {}, topologyKey: 'host' } },
            ],
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'y' } }, namespaces: ['a', 'b'], topologyKey: 'host' },
            ],
          },
        },
      }),
    );
    expect(pi.requiredAffinityTerms[0].namespaces).toEqual(new Set(['ns1']));
    expect(pi.requiredAffinityTerms[0].namespaceSelector).toBeNull();
    expect(pi.requiredAffinityTerms[0].selector({ app: 'x' })).toBe(true);
    expect(pi.preferredAffinityTerms[0].weight).toBe(5);
    expect(pi.preferredAffinityTerms[0].namespaces.size).toBe(0);
    expect(pi.preferredAffinityTerms[0].namespaceSelector?.matchesAll).toBe(true);
    expect(pi.requiredAntiAffinityTerms[0].namespaces).toEqual(new Set(['a', 'b']));
    expect(pi.parseError).toBeUndefined();
  });

  it('records a parse error', () => {
    const pi = newPodInfo(
      pod({
        containers: [c('a')],
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] }, topologyKey: 'zone' },
            ],
          },
        },
      }),
    );
    expect(pi.parseError).toBe('requiredAffinityTerms: "Bad" is not a valid label selector operator');
    expect(pi.requiredAffinityTerms).toEqual([]);
  });
});

describe('qosClass', () => {
  it('classifies', () => {
    expect(qosClass(pod({ containers: [c('a')] }))).toBe('BestEffort');
    expect(qosClass(pod({ containers: [c('a', { cpu: '1' })] }))).toBe('Burstable');
    const g = c('a');
    g.resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
    expect(qosClass(pod({ containers: [g] }))).toBe('Guaranteed');
    expect(qosClass(pod({ containers: [g, c('b')] }))).toBe('Burstable');
  });
});

describe('podHostPorts', () => {
  it('takes containers and sidecars with hostPort > 0', () => {
    const p = pod({
      initContainers: [
        c('i', undefined, { ports: [{ containerPort: 1, hostPort: 81 }] }),
        c('s', undefined, { restartPolicy: 'Always', ports: [{ containerPort: 1, hostPort: 82 }] }),
      ],
      containers: [c('a', undefined, { ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 90 }] })],
    });
    expect(podHostPorts(p).map((x) => x.hostPort)).toEqual([82, 80]);
  });
});
