import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState, QueueingHint } from '../../framework/types';
import { container, makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { ErrReason, NodePorts } from './index';

/** "PROTO/IP/PORT" strings, as upstream's newPod helper. */
function ports(...specs: string[]): ContainerPort[] {
  return specs.map((s) => {
    const [protocol, hostIP, port] = s.split('/');
    return { protocol, hostIP, hostPort: Number(port), containerPort: Number(port) };
  });
}
const podWith = (name: string, ...specs: string[]): Pod => makePod(name, { containers: [container({ ports: ports(...specs) })] });

function run(pod: Pod, existing: Pod[]) {
  const pl = new NodePorts();
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const ni = nodeInfoWith(makeNode('n'), existing);
  const { status } = pl.preFilter(state, pi, [ni]);
  if (status?.isSkip()) return 'skip';
  return pl.filter(state, pi, ni);
}

// Upstream node_ports_test.go TestNodePorts.
describe('NodePorts', () => {
  const fail = (s: unknown) => {
    expect((s as { code: Code }).code).toBe(Code.Unschedulable);
    expect((s as { reasons: string[] }).reasons).toEqual([ErrReason]);
  };
  it('nothing running', () => expect(run(podWith('m1', 'UDP/127.0.0.1/8080'), [])).toBeNull());
  it('other port', () => expect(run(podWith('m1', 'UDP/127.0.0.1/8080'), [podWith('m1', 'UDP/127.0.0.1/9090')])).toBeNull());
  it('same udp port', () => fail(run(podWith('m1', 'UDP/127.0.0.1/8080'), [podWith('m1', 'UDP/127.0.0.1/8080')])));
  it('same tcp port', () => fail(run(podWith('m1', 'TCP/127.0.0.1/8080'), [podWith('m1', 'TCP/127.0.0.1/8080')])));
  it('different host ip', () => expect(run(podWith('m1', 'TCP/127.0.0.1/8080'), [podWith('m1', 'TCP/127.0.0.2/8080')])).toBeNull());
  it('different protocol', () => expect(run(podWith('m1', 'UDP/127.0.0.1/8080'), [podWith('m1', 'TCP/127.0.0.1/8080')])).toBeNull());
  it('second udp port conflict', () => fail(run(podWith('m1', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'), [podWith('m1', 'UDP/127.0.0.1/8080')])));
  it('first tcp port conflict', () => fail(run(podWith('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'), [podWith('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')])));
  it('first tcp port conflict due to 0.0.0.0 hostIP', () => fail(run(podWith('m1', 'TCP/0.0.0.0/8001'), [podWith('m1', 'TCP/127.0.0.1/8001')])));
  it('TCP hostPort conflict due to 0.0.0.0 hostIP', () => fail(run(podWith('m1', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'), [podWith('m1', 'TCP/127.0.0.1/8001')])));
  it('second tcp port conflict to 0.0.0.0 hostIP', () => fail(run(podWith('m1', 'TCP/127.0.0.1/8001'), [podWith('m1', 'TCP/0.0.0.0/8001')])));
  it('second different protocol', () => expect(run(podWith('m1', 'UDP/127.0.0.1/8001'), [podWith('m1', 'TCP/0.0.0.0/8001')])).toBeNull());
  it('UDP hostPort conflict due to 0.0.0.0 hostIP', () => fail(run(podWith('m1', 'UDP/127.0.0.1/8001'), [podWith('m1', 'TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')])));
  it('empty hostIP and protocol mean 0.0.0.0 and TCP', () => {
    const empty = makePod('m1', { containers: [container({ ports: [{ containerPort: 80, hostPort: 80 }] })] });
    fail(run(empty, [podWith('m1', 'TCP/127.0.0.1/80')]));
  });
  it('pod without host ports: PreFilter returns Skip', () => {
    const noHost = makePod('m1', { containers: [container({ ports: [{ containerPort: 80 }] })] });
    expect(run(noHost, [podWith('m1', 'TCP/0.0.0.0/80')])).toBe('skip');
  });
  it('non-sidecar initContainer using hostPort', () => {
    const pod = makePod('m1', { initContainers: [container({ ports: ports('TCP/0.0.0.0/8001') })] });
    expect(run(pod, [podWith('m1', 'TCP/0.0.0.0/8001')])).toBe('skip');
  });
  it('sidecar initContainer using hostPort', () => {
    const pod = makePod('m1', { initContainers: [container({ ports: ports('TCP/0.0.0.0/8001'), restartPolicy: 'Always' })] });
    fail(run(pod, [podWith('m1', 'TCP/0.0.0.0/8001')]));
  });
  it('existing sidecar initContainer ports are in use', () => {
    const existing = makePod('e', { initContainers: [container({ ports: ports('TCP/0.0.0.0/8001'), restartPolicy: 'Always' })] });
    fail(run(podWith('m1', 'TCP/127.0.0.1/8001'), [existing]));
  });

  it('queueing hint on pod deletion (isSchedulableAfterPodDeleted)', () => {
    const pl = new NodePorts();
    const hint = pl.eventsToRegister()[0].hint!;
    const pod = podWith('p', 'TCP/0.0.0.0/8080');
    const bound = (p: Pod) => ({ ...p, spec: { ...p.spec!, nodeName: 'n' } });
    expect(hint(pod, bound(podWith('d', 'TCP/0.0.0.0/8080')), null)).toBe(QueueingHint.Queue);
    expect(hint(pod, bound(podWith('d', 'TCP/0.0.0.0/9090')), null)).toBe(QueueingHint.Skip);
    expect(hint(pod, podWith('d', 'TCP/0.0.0.0/8080'), null)).toBe(QueueingHint.Skip);
    expect(hint(pod, bound(makePod('d')), null)).toBe(QueueingHint.Skip);
  });
});
