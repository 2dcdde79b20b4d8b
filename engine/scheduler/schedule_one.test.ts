import { describe, expect, it } from 'vitest';
import { chunkSizeFor, numFeasibleNodesToFind } from './schedule_one';
import { loadScenario } from '../api/load';
import { simulate } from '../simulator/simulate';

describe('numFeasibleNodesToFind', () => {
  it('follows upstream', () => {
    expect(numFeasibleNodesToFind(null, 0, 50)).toBe(50);
    expect(numFeasibleNodesToFind(null, 0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(null, 0, 1000)).toBe(420); // 50 - 1000/125 = 42%
    expect(numFeasibleNodesToFind(null, 0, 5000)).toBe(500); // 10%
    expect(numFeasibleNodesToFind(null, 0, 10000)).toBe(500); // floored at 5%
    expect(numFeasibleNodesToFind(null, 0, 1500)).toBe(570); // 38%
    expect(numFeasibleNodesToFind(null, 10, 500)).toBe(100); // at least 100
    expect(numFeasibleNodesToFind(30, 10, 1000)).toBe(300); // profile wins
    expect(numFeasibleNodesToFind(null, 100, 1000)).toBe(1000);
  });
  it('chunk sizes as parallelize.chunkSizeFor', () => {
    expect(chunkSizeFor(2, 16)).toBe(1);
    expect(chunkSizeFor(100, 16)).toBe(7);
    expect(chunkSizeFor(5000, 16)).toBe(70);
  });
});

describe('findNodesThatFitPod', () => {
  const nodes = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `apiVersion: v1
kind: Node
metadata: {name: n${String(i).padStart(3, '0')}}
status: {allocatable: {cpu: "8", memory: 8Gi, pods: "110"}}
---`,
    ).join('\n');
  const pods = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: default}
spec: {containers: [{name: c, image: x, resources: {requests: {cpu: 10m}}}]}
---`,
    ).join('\n');

  it('examines numFeasibleNodesToFind nodes (+ the cancelling step) and rotates the start index', () => {
    const s = loadScenario([{ name: 'x', text: nodes(300) + '\n' + pods(3) }]).scenario;
    const r = simulate(s, { details: true });
    // 300 nodes: 48% = 144 feasible wanted; chunks of 17 over 16 workers: the step that finds
    // the 145th feasible node completes (10 steps of 16 = 160 nodes examined).
    expect(Object.keys(r.cycles[0].filter!).length).toBe(160);
    expect(r.cycles[0].feasibleNodes).toBe(144);
    expect(r.cycles[0].evaluatedNodes).toBe(144);
    // The next cycle starts 144 nodes further.
    expect(Object.keys(r.cycles[1].filter!)[0]).toBe('n144');
  });
});
