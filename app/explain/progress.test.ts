// The Explanation says only what has happened by the cursor (the gallery's questions stay open).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/api/load';
import { simulate } from '../../engine/simulator/simulate';
import { buildPlayback } from '../player/adapter';
import { FrameBuilder } from '../player/frame';
import type { ClusterModel } from '../worker/protocol';
import { podAtCursor, subjectPod } from './progress';

const SRC = `apiVersion: v1
kind: Node
metadata: { name: big }
status: { allocatable: { cpu: "4", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: default }
spec:
  containers: [{ name: c, image: x, resources: { requests: { cpu: "2" } } }]
---
apiVersion: v1
kind: Pod
metadata: { name: huge, namespace: default }
spec:
  containers: [{ name: c, image: x, resources: { requests: { cpu: "64" } } }]
`;

function setup() {
  const { scenario } = loadScenario([{ name: 'test.yaml', text: SRC }]);
  const pb = buildPlayback(simulate(scenario, { trace: true }).trace ?? []);
  const cluster: ClusterModel = {
    nodes: [{ name: 'big', labels: {}, taints: [], unschedulable: false, allocatable: { cpu: 4000, memory: 0, pods: 110 } }],
    pods: ['web', 'huge'].map((name) => ({
      key: `default/${name}`,
      namespace: 'default',
      name,
      nodeName: null,
      nominatedNodeName: null,
      priority: 0,
      qos: 'Burstable' as const,
      requests: { cpu: 0, memory: 0 },
      owner: 'x',
      labels: {},
    })),
    ignored: {},
  };
  return { pb, cluster, frames: new FrameBuilder(cluster, pb) };
}

describe('the Explanation at the cursor', () => {
  it('before playing: the first pod to pop, waiting, no outcome', () => {
    const { pb, cluster, frames } = setup();
    const f = frames.frame(-1);
    expect(subjectPod(pb, f)).toBe('default/web');
    const at = podAtCursor('default/web', pb, f, cluster);
    expect(at.cycle).toBeNull();
    expect(at.status.text).toBe('Waiting in the queue');
    expect(podAtCursor('default/huge', pb, f, cluster).status.text).toBe('Waiting in the queue');
  });

  it('during a cycle: being scheduled; after its last step: the outcome', () => {
    const { pb, cluster, frames } = setup();
    const web = pb.cycles[0];
    for (let k = web.firstStep; k < web.lastStep; k++) {
      const at = podAtCursor('default/web', pb, frames.frame(k), cluster);
      expect(at.phase).toBe('during');
      expect(at.status.text).toBe('Being scheduled');
    }
    const done = podAtCursor('default/web', pb, frames.frame(web.lastStep), cluster);
    expect(done.phase).toBe('after');
    expect(done.status.text).toBe('Scheduled on big');
    // huge has not been tried yet while web is scheduled.
    expect(podAtCursor('default/huge', pb, frames.frame(web.lastStep), cluster).cycle).toBeNull();
  });

  it('the failure (and its message) only from the step where the cycle fails', () => {
    const { pb, cluster, frames } = setup();
    const huge = pb.cycles[pb.lastCycleOfPod['default/huge']];
    expect(huge.result).toBe('Unschedulable');
    expect(pb.steps[huge.lastStep].kind).toBe('unschedulable');
    expect(podAtCursor('default/huge', pb, frames.frame(huge.lastStep - 1), cluster).status.text).toBe('Being scheduled');
    const at = podAtCursor('default/huge', pb, frames.frame(huge.lastStep), cluster);
    expect(at.status.text).toBe('Pending');
    expect(at.cycle?.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu/);
  });

  it('at the end of the run the subject is the pod that stayed pending', () => {
    const { pb, frames } = setup();
    expect(subjectPod(pb, frames.frame(pb.steps.length - 1))).toBe('default/huge');
  });
});
