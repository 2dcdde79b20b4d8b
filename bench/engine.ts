// `npm run bench` (engine part): scheduling throughput of the engine in Node, trace off.
// Prints a table and, as its last line, one JSON object with every figure.
//
// Workloads (generated, deterministic):
//   basic_<n>k      n thousand nodes (4 cpu / 16Gi / 110 pods, 10 zones), 10,000 pending pods with
//                   cpu+memory requests only (upstream scheduler_perf "SchedulingBasic" shape).
//   antiaffinity_5k 5,000 nodes, 5,000 pending pods in groups of 5 with required pod
//                   anti-affinity on kubernetes.io/hostname against their own group.
//   spread_5k       5,000 nodes in 10 zones, 10,000 pending pods with a zone topology-spread
//                   constraint (maxSkew 1, DoNotSchedule) on their own label.
//   preemption_5k   5,000 nodes (4 cpu) each filled by 4 running low-priority pods (1 cpu each),
//                   then 5,000 high-priority pods (1 cpu) that each must preempt.
//   cycle_detail_5k the full detail of one scheduling cycle, on demand, on the 5k-node cluster
//                   with 10,000 pods already running (1 pending pod): what the UI asks for when a
//                   person steps to a cycle of a run made with the trace off. Setup (untimed):
//                   the run itself (simulate, trace off), then a CycleExplainer kept beside it
//                   with its checkpoint ready (prepare(): the simulation built and paused before
//                   its next cycle), then a GC. Timed: explain(0), i.e. running cycle 0 with full
//                   tracing from the checkpoint: every trace event (filter per plugin and node,
//                   nodeVerdict, score per plugin and node, selectHost, bind...) and the cycle's
//                   record with the verdict of every examined node and the scores of every
//                   scored node. Median of 5 (a fresh explainer each time). Also reported:
//                   cycle_detail_cold_5k_ms, the same with no checkpoint (new CycleExplainer +
//                   explain(0): building the simulation from the loaded scenario included).
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../engine/api/load';
import { simulate } from '../engine/simulator/simulate';
import { CycleExplainer } from '../engine/trace/explain';
import type { Scenario } from '../engine/api/scenario';

type Obj = Record<string, unknown>;

const ZONES = 10;

function node(i: number, cpu = '4'): Obj {
  const name = `node-${i}`;
  const zone = `zone-${i % ZONES}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'topology.kubernetes.io/zone': zone,
        'topology.kubernetes.io/region': 'region-1',
      },
    },
    status: {
      capacity: { cpu, memory: '16Gi', pods: '110' },
      allocatable: { cpu, memory: '16Gi', pods: '110' },
    },
  };
}

function pod(name: string, spec: Obj, labels: Record<string, string> = {}, requests = { cpu: '100m', memory: '128Mi' }): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      ...spec,
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests } }],
    },
  };
}

function list(items: Obj[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

function load(name: string, items: Obj[]): { scenario: Scenario; loadMs: number } {
  const text = list(items);
  const t0 = performance.now();
  const { scenario, diagnostics } = loadScenario([{ name, text }]);
  const loadMs = performance.now() - t0;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`${name}: ${errors.length} load errors, first: ${errors[0].message}`);
  return { scenario, loadMs };
}

interface Row {
  workload: string;
  nodes: number;
  pods: number;
  scheduled: number;
  seconds: number;
  podsPerSec: number;
  loadSeconds: number;
}

const rows: Row[] = [];
const figures: Record<string, number> = {};

function measure(workload: string, nodes: number, items: Obj[]): Row {
  const { scenario, loadMs } = load(workload, items);
  const pending = scenario.pods.filter((p) => !p.spec?.nodeName).length;
  const t0 = performance.now();
  const r = simulate(scenario, { trace: false, details: false });
  const secs = (performance.now() - t0) / 1000;
  const scheduled = r.cycles.filter((c) => c.result === 'Scheduled').length;
  const row: Row = {
    workload,
    nodes,
    pods: pending,
    scheduled,
    seconds: secs,
    // Throughput as upstream's scheduler_perf counts it: pods scheduled (bound) per second. A
    // preemptor takes two cycles (preempt, then bind) and counts once.
    podsPerSec: Math.round(scheduled / secs),
    loadSeconds: loadMs / 1000,
  };
  rows.push(row);
  console.error(`  ${workload}: ${row.podsPerSec} pods/s (${scheduled} pods bound in ${r.cycles.length} cycles, ${secs.toFixed(2)} s)`);
  return row;
}

function basic(nodes: number, pods: number): Obj[] {
  const items: Obj[] = [];
  for (let i = 0; i < nodes; i++) items.push(node(i));
  for (let i = 0; i < pods; i++) items.push(pod(`basic-${i}`, {}, { app: 'basic' }));
  return items;
}

const only = process.argv.slice(2);
const want = (k: string) => !only.length || only.some((o) => k.startsWith(o));

for (const k of [1, 5, 15]) {
  if (want(`basic_${k}k`)) {
    const row = measure(`basic_${k}k`, k * 1000, basic(k * 1000, 10_000));
    figures[`basic_${k}k_pods_per_s`] = row.podsPerSec;
  }
}

if (want('antiaffinity')) {
  const items: Obj[] = [];
  for (let i = 0; i < 5000; i++) items.push(node(i));
  for (let i = 0; i < 5000; i++) {
    const group = `g${Math.floor(i / 5)}`;
    items.push(
      pod(
        `anti-${i}`,
        {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { group } }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
        },
        { group },
      ),
    );
  }
  figures.antiaffinity_5k_pods_per_s = measure('antiaffinity_5k', 5000, items).podsPerSec;
}

if (want('spread')) {
  const items: Obj[] = [];
  for (let i = 0; i < 5000; i++) items.push(node(i));
  for (let i = 0; i < 10_000; i++) {
    items.push(
      pod(
        `spread-${i}`,
        {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'spread' } },
            },
          ],
        },
        { app: 'spread' },
      ),
    );
  }
  figures.spread_5k_pods_per_s = measure('spread_5k', 5000, items).podsPerSec;
}

if (want('preemption')) {
  const items: Obj[] = [
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 100 },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  ];
  for (let i = 0; i < 5000; i++) items.push(node(i));
  for (let i = 0; i < 20_000; i++) {
    items.push(
      pod(`low-${i}`, { nodeName: `node-${i % 5000}`, priorityClassName: 'low' }, { app: 'low' }, { cpu: '1', memory: '1Gi' }),
    );
  }
  for (let i = 0; i < 5000; i++) {
    items.push(pod(`high-${i}`, { priorityClassName: 'high' }, { app: 'high' }, { cpu: '1', memory: '1Gi' }));
  }
  figures.preemption_5k_pods_per_s = measure('preemption_5k', 5000, items).podsPerSec;
}

if (want('cycle_detail')) {
  const items: Obj[] = [];
  for (let i = 0; i < 5000; i++) items.push(node(i));
  for (let i = 0; i < 10_000; i++) items.push(pod(`run-${i}`, { nodeName: `node-${i % 5000}` }, { app: 'run' }));
  items.push(pod('probe', {}, { app: 'probe' }));
  const { scenario } = load('cycle_detail_5k', items);
  const run = simulate(scenario, { trace: false, details: false });
  if (run.cycles.length !== 1) throw new Error('cycle_detail: expected exactly one cycle');
  const explainOnce = (ex: CycleExplainer): number => {
    const t0 = performance.now();
    const d = ex.explain(0);
    const ms = performance.now() - t0;
    if (!d || !d.cycle.filter || !d.cycle.scores || !d.events.some((e) => e.type === 'score')) {
      throw new Error('cycle_detail: no full detail');
    }
    return ms;
  };
  const median = (xs: number[]) => Math.round(xs.sort((a, b) => a - b)[xs.length >> 1] * 10) / 10;
  explainOnce(new CycleExplainer(scenario)); // warm-up (JIT)
  const warm: number[] = [];
  const cold: number[] = [];
  for (let k = 0; k < 5; k++) {
    const ex = new CycleExplainer(scenario);
    ex.prepare();
    global.gc?.();
    warm.push(explainOnce(ex));
    global.gc?.();
    cold.push(explainOnce(new CycleExplainer(scenario)));
  }
  figures.cycle_detail_5k_ms = median(warm);
  figures.cycle_detail_cold_5k_ms = median(cold);
  console.error(
    `  cycle_detail_5k: ${figures.cycle_detail_5k_ms} ms from the checkpoint, ${figures.cycle_detail_cold_5k_ms} ms cold (medians of 5)`,
  );
}

global.gc?.();
figures.heap_used_mb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);

console.log('\nworkload          nodes   pods  scheduled   seconds   pods/s   load s');
for (const r of rows) {
  console.log(
    `${r.workload.padEnd(16)} ${String(r.nodes).padStart(6)} ${String(r.pods).padStart(6)} ${String(r.scheduled).padStart(10)} ${r.seconds
      .toFixed(2)
      .padStart(9)} ${String(r.podsPerSec).padStart(8)} ${r.loadSeconds.toFixed(2).padStart(8)}`,
  );
}
if ('cycle_detail_5k_ms' in figures) {
  console.log(`cycle_detail_5k_ms: ${figures.cycle_detail_5k_ms} (cold: ${figures.cycle_detail_cold_5k_ms})`);
}
console.log(`heap used: ${figures.heap_used_mb} MB`);
console.log(JSON.stringify(figures));
