// What crosses the worker boundary (engine/worker.ts <-> app/worker/engine.ts). Plain data only:
// no DOM, no classes, so both the engine (tsconfig.engine.json) and the app can import these types.

import type { Diagnostic } from '../../engine/api/scenario';

export type QoSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export interface TaintView {
  key: string;
  value?: string;
  effect: string;
}

/** A node as the engine read it (allocatable already parsed from quantities). */
export interface NodeView {
  name: string;
  labels: Record<string, string>;
  taints: TaintView[];
  unschedulable: boolean;
  /** cpu in millicores, memory in bytes, pods as a count. */
  allocatable: { cpu: number; memory: number; pods: number };
  /** 1-based line of the object in the source, when known. */
  line?: number;
}

/** A pod as the engine read it: effective requests and QoS computed by the engine. */
export interface PodView {
  /** "namespace/name" */
  key: string;
  namespace: string;
  name: string;
  /** Node it runs on at the start of the run (null = pending). */
  nodeName: string | null;
  nominatedNodeName: string | null;
  priority: number;
  qos: QoSClass;
  /** Effective requests: cpu millicores, memory bytes. */
  requests: { cpu: number; memory: number };
  /** "Kind/name" of the controlling owner (or the pod itself when it has none). */
  owner: string;
  labels: Record<string, string>;
  schedulerName?: string;
  line?: number;
}

export interface ClusterModel {
  nodes: NodeView[];
  pods: PodView[];
  /** Kinds present but not read by the scheduler. */
  ignored: Record<string, number>;
}

/** One input of a run: a scenario text, and possibly its documents already read (app/worker/prepared.ts). */
export interface RunInput {
  name: string;
  text: string;
  /** The FastDoc[] of `text` (engine/api/yamlfast.ts), as UTF-8 JSON (transferred, not copied). */
  docs?: Uint8Array;
}

export interface RunOptions {
  seed?: number;
  /** Stop after this many scheduling cycles (a guard for huge inputs). */
  maxCycles?: number;
}

export interface RunProgress {
  /** 'loaded' carries the cluster as read (and the loader's diagnostics) before the simulation starts. */
  phase: 'load' | 'loaded' | 'simulate' | 'encode';
  cluster?: ClusterModel;
  diagnostics?: Diagnostic[];
  /** 0..1 when known. */
  fraction?: number;
  cycles?: number;
}

/** The decoded result of one run. `trace` is the engine's event list as recorded. */
export interface RunResult {
  diagnostics: Diagnostic[];
  cluster: ClusterModel;
  /** The engine's trace events (engine/trace/events.ts), in order. Empty when the engine could not run. */
  trace: unknown[];
  /** The scheduler profiles that ran (KubeSchedulerConfiguration profiles, by schedulerName). */
  profiles?: string[];
  /** Why the simulation did not run or stopped early, if it did. */
  note?: string;
  /** Wall time spent in the worker, ms. */
  elapsedMs: number;
  /** Where that time went (reading the scenario; simulating with the trace), ms. */
  timings?: { loadMs: number; simulateMs: number };
}

/**
 * The wire form: the RunResult as one JSON string (a string crosses to the page as one copy),
 * with the trace and the cluster's pods packed (engine/trace/wire.ts: about a quarter of the JSON, several times faster
 * to parse). `decodeRunResult` in app/worker/engine.ts turns it back into a RunResult.
 */
export interface RunResultWire {
  json: string;
  /** Time spent packing and writing `json` (ms), and when it was sent (Date.now()), for the benchmark. */
  encodeMs?: number;
  sentAt?: number;
}
