#!/usr/bin/env node
// Writes public/gallery/percentage-of-nodes-to-score.yaml: 500 identical 4-CPU nodes and one
// big node at the end of the node list, a KubeSchedulerConfiguration with
// percentageOfNodesToScore: 10, and five pending jobs. Reproducible: no randomness.
//
//   node scripts/gallery/gen-percentage-of-nodes-to-score.mjs [OUTPUT]   (default: the gallery file)
import fs from 'node:fs';
import path from 'node:path';

const SMALL = 499;
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../public/gallery/percentage-of-nodes-to-score.yaml');
const pad = (i) => String(i).padStart(3, '0');

const header = `# title: percentageOfNodesToScore on a large cluster
# concept: Scheduling performance tuning
# plugins: [NodeResourcesFit]
# focus: default/job-4
# docs: https://kubernetes.io/docs/concepts/scheduling-eviction/scheduler-perf-tuning/
# watch: >
#   500 nodes: 499 identical 4-CPU nodes, then big-node (64 CPUs) last. With
#   percentageOfNodesToScore: 10 the scheduler stops filtering once it has found
#   max(10% of 500, 100) = 100 feasible nodes, and scores only those. It filters with 16
#   parallel workers, each walking its own chunk of 22 consecutive nodes, so the 100 nodes are the
#   first 6 or 7 of each of 16 chunks. The next cycle starts 100 nodes further on (the rotating
#   start index). Watch the greyed-out nodes that were never examined.
# question: >
#   Five identical jobs arrive one after another. big-node would win any score. Which job lands
#   on it?
# answer: >
#   job-4. Its search starts at node 301, so its 16 chunks start at nodes 301, 323, …, 499, …:
#   big-node is the second node of the 10th chunk, it is examined, and it wins on LeastAllocated
#   and BalancedAllocation. job-1 to job-3 never reach it, and for job-5 (starting at node 401)
#   it sits 12th in a chunk, deeper than any worker gets. The others land on a random one of
#   their 100 tied small nodes. Without the setting, kube-scheduler adapts it to the cluster
#   size: 50% − 500/125 = 46%, i.e. 230 nodes per cycle here. (Real workers race, so the exact
#   set varies a little from run to run; schedlab runs them in lockstep.)
# expect:
#   - { pod: default/job-4, node: big-node }
#   - { pod: default/job-1, notNode: big-node }
#   - { pod: default/job-5, notNode: big-node }
# generated-by: scripts/gallery/gen-percentage-of-nodes-to-score.mjs (edit the script, not this file)
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 10
profiles:
  - schedulerName: default-scheduler
`;

const docs = [];
for (let i = 1; i <= SMALL; i++) {
  const n = `node-${pad(i)}`;
  docs.push(
    `apiVersion: v1\nkind: Node\nmetadata: { name: ${n}, labels: { kubernetes.io/hostname: ${n} } }\n` +
      `status: { capacity: { cpu: "4", memory: 16Gi, pods: "110" }, allocatable: { cpu: "4", memory: 16Gi, pods: "110" } }`,
  );
}
docs.push(
  `apiVersion: v1\nkind: Node\nmetadata: { name: big-node, labels: { kubernetes.io/hostname: big-node } }\n` +
    `status: { capacity: { cpu: "64", memory: 256Gi, pods: "110" }, allocatable: { cpu: "64", memory: 256Gi, pods: "110" } }`,
);
for (let j = 1; j <= 5; j++) {
  docs.push(
    `apiVersion: v1\nkind: Pod\nmetadata: { name: job-${j}, namespace: default, labels: { app: job } }\n` +
      `spec:\n  containers:\n    - { name: work, image: "ghcr.io/example/job:1.0", resources: { requests: { cpu: "1", memory: 1Gi } } }`,
  );
}
fs.writeFileSync(out, `${header}${docs.map((d) => `---\n${d}\n`).join('')}`);
console.log(`wrote ${path.relative(process.cwd(), out)} (${SMALL + 1} nodes, 5 pods)`);
