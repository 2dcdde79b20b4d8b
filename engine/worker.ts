// Web Worker entry: the engine answers the page over comlink. No DOM here.
//
// run(): load the scenario text (or take its documents as the import already read them:
// RunInput.docs), simulate it with tracing on, and send back diagnostics, the cluster as the
// engine read it (for drawing) and the trace — as one JSON string with the trace and the pods
// packed (trace/wire.ts).
import { expose } from 'comlink';
import { packTrace, type PackedTrace } from './trace/wire';
import { PackingCompactSink } from './trace/compact';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ENGINE_VERSION, KUBE_SCHEDULER_VERSION } from './version';
import { parseMilli, parseValue } from './api/quantity';
import { newPodInfo, qosClass } from './api/podinfo';
import type { Scenario } from './api/scenario';
import { loadScenario } from './api/load';
import { simulate } from './simulator/simulate';
import { inTreeRegistry, type Registry } from './plugins/registry';
import { Name as PodTopologySpreadName, explainTopologySpread } from './plugins/podtopologyspread';
import type { CycleState, Handle, NodeInfo, PluginFactory, PodInfo } from './framework/types';
import type { ClusterModel, NodeView, PodView, QoSClass, RunOptions, RunInput, RunProgress, RunResult, RunResultWire } from '../app/worker/protocol';
import { preparedToFastDocs, type PreparedDocs } from './api/yamlfast';

/** Effective requests and QoS class, as the engine computes them. */
function podRequestsView(pod: Pod): { cpu: number; memory: number; qos: QoSClass } {
  const pi = newPodInfo(pod);
  return { cpu: pi.requests.milliCPU, memory: pi.requests.memory, qos: qosClass(pod) };
}

// ---- topology spread for the skew view -------------------------------------------------------

/**
 * The in-tree registry with PodTopologySpread wrapped so that, when tracing, it records its own
 * PreFilter / PreScore state (explainTopologySpread: matching pods per domain, the minimum,
 * maxSkew) as a `topologySpread` trace event right after computing it. Nothing is recomputed:
 * the plugin's state is read as it is.
 */
function tracingRegistry(): Registry {
  const base = inTreeRegistry.get(PodTopologySpreadName);
  if (!base) return inTreeRegistry;
  const wrapped: PluginFactory = (args, handle: Handle) => {
    const plugin = base(args, handle) as object;
    const emit = (state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]) => {
      const sink = handle.trace;
      if (!sink) return;
      const ex = explainTopologySpread(state, pod, nodes);
      if (!ex || ex.constraints.length === 0) return;
      sink.emit({
        type: 'topologySpread',
        t: handle.now(),
        pod: pod.key,
        constraints: ex.constraints.map((c) => ({
          topologyKey: c.topologyKey,
          maxSkew: c.maxSkew,
          whenUnsatisfiable: c.whenUnsatisfiable,
          minDomains: c.minDomains,
          counts: c.counts,
          minMatch: c.min,
          selfMatch: c.selfMatch ? 1 : 0,
        })),
      });
    };
    return new Proxy(plugin, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (typeof v !== 'function') return v;
        if (prop === 'preFilter' || prop === 'preScore') {
          return (state: CycleState, pod: PodInfo, nodes: NodeInfo[]) => {
            const r = (v as (...a: unknown[]) => unknown).call(target, state, pod, nodes);
            emit(state, pod, nodes);
            return r;
          };
        }
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    }) as ReturnType<PluginFactory>;
  };
  const r = new Map(inTreeRegistry);
  r.set(PodTopologySpreadName, wrapped);
  return r;
}

let registry: Registry | null = null;

// ---- the cluster as drawn ----------------------------------------------------------------------

function nodeView(n: Node, line?: number): NodeView {
  const a = n.status?.allocatable ?? n.status?.capacity ?? {};
  return {
    name: n.metadata?.name ?? '',
    labels: { ...(n.metadata?.labels ?? {}) },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    unschedulable: !!n.spec?.unschedulable,
    allocatable: {
      cpu: parseMilli(a.cpu ?? 0) ?? 0,
      memory: parseValue(a.memory ?? 0) ?? 0,
      pods: parseValue(a.pods ?? 0) ?? 0,
    },
    line,
  };
}

function ownerOf(p: Pod): string {
  const ref = p.metadata?.ownerReferences?.find((r) => r.controller) ?? p.metadata?.ownerReferences?.[0];
  if (ref) return `${ref.kind}/${ref.name}`;
  const app = p.metadata?.labels?.['app.kubernetes.io/name'] ?? p.metadata?.labels?.app;
  return app ? `app/${app}` : `Pod/${p.metadata?.name ?? ''}`;
}

function podView(p: Pod, req: { cpu: number; memory: number; qos: QoSClass }, line?: number): PodView {
  const namespace = p.metadata?.namespace ?? 'default';
  const name = p.metadata?.name ?? '';
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    nodeName: p.spec?.nodeName ?? null,
    nominatedNodeName: p.status?.nominatedNodeName ?? null,
    priority: p.spec?.priority ?? 0,
    qos: req.qos,
    requests: { cpu: req.cpu, memory: req.memory },
    owner: ownerOf(p),
    labels: { ...(p.metadata?.labels ?? {}) },
    schedulerName: p.spec?.schedulerName,
    line,
  };
}

/** The wire form: `trace` already packed (as the simulation went), the cluster's pods packed here. */
function encode(result: Omit<RunResult, 'trace'>, trace: PackedTrace, t0: number): RunResultWire {
  const cluster = { ...result.cluster, pods: packTrace(result.cluster.pods) };
  const json = JSON.stringify({ ...result, cluster, trace });
  return { json, encodeMs: performance.now() - t0, sentAt: Date.now() };
}

export const engineApi = {
  version(): { engine: string; kubeScheduler: string } {
    return { engine: ENGINE_VERSION, kubeScheduler: KUBE_SCHEDULER_VERSION };
  },

  run(inputs: RunInput[], opts: RunOptions = {}, onProgress?: (p: RunProgress) => void): RunResultWire {
    const t0 = performance.now();
    onProgress?.({ phase: 'load' });
    const prepared = inputs.some((i) => i.docs);
    const loaded = loadScenario(
      inputs.map((i) => ({ name: i.name, text: i.text, ...(i.docs ? { fastDocs: preparedToFastDocs(JSON.parse(new TextDecoder().decode(i.docs)) as PreparedDocs) } : {}) })),
      // documents an import prepared hold only what scheduling reads already: slimming them again
      // changes nothing (tests/import-slim.test.ts) and costs a third of the load
      { seed: opts.seed, ...(prepared ? { slim: false } : {}) },
    );
    const tLoaded = performance.now();
    const scenario: Scenario = loaded.scenario;
    const lineOf = (kind: string, ns: string, name: string) => scenario.positions.get(`${kind}/${ns}/${name}`)?.line;
    const cluster: ClusterModel = {
      nodes: scenario.nodes.map((n) => nodeView(n, lineOf('Node', '', n.metadata?.name ?? ''))),
      pods: scenario.pods.map((p) => podView(p, podRequestsView(p), lineOf('Pod', p.metadata?.namespace ?? 'default', p.metadata?.name ?? ''))),
      ignored: scenario.ignored,
    };
    // The cluster can be drawn while the scheduler runs (a big import takes seconds).
    onProgress?.({ phase: 'loaded', cluster, diagnostics: loaded.diagnostics });
    let trace: PackedTrace = packTrace([]);
    let profiles: string[] = [];
    let note: string | undefined;
    const diagnostics = [...loaded.diagnostics];
    onProgress?.({ phase: 'simulate', cycles: 0 });
    const sink = new PackingCompactSink();
    try {
      const sim = simulate(scenario, {
        trace: true,
        // the page reads the trace only: the per-cycle records would repeat it (a third of the time)
        details: false,
        // the trace as the page reads it (compacted), packed as it comes: never held as objects
        traceSink: sink,
        registry: (registry ??= tracingRegistry()),
        maxCycles: opts.maxCycles,
        progressEvery: 200,
        onProgress: (p) => onProgress?.({ phase: 'simulate', cycles: p.cycles }),
      });
      trace = sink.packed();
      profiles = sim.profiles;
      diagnostics.push(...sim.diagnostics);
      if (sim.stoppedBy === 'maxCycles' || sim.stoppedBy === 'maxVirtualSeconds') note = `The simulation stopped early (${sim.stoppedBy}).`;
    } catch (e) {
      note = `The engine failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    const tSimulated = performance.now();
    onProgress?.({ phase: 'encode' });
    const timings = { loadMs: tLoaded - t0, simulateMs: tSimulated - tLoaded };
    return encode({ diagnostics, cluster, profiles, note, elapsedMs: performance.now() - t0, timings }, trace, tSimulated);
  },
};

export type EngineApi = typeof engineApi;

expose(engineApi);
