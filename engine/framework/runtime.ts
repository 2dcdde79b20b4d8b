// The framework of one profile (upstream pkg/scheduler/framework/runtime/framework.go,
// frameworkImpl): builds the profile's plugin lists from its configuration (including the
// multiPoint expansion), and runs every extension point the way upstream does. It is also the
// plugins' Handle.
//
// Everything is sequential and deterministic. Hot paths (Filter, Score) allocate nothing per
// node when tracing is off.

import { inTreeRegistry, type Registry } from '../plugins/registry';
import type { CodeName } from '../trace/events';
import type { EffectiveProfile, ExtensionPoint } from './config';
import { EXTENSION_POINTS } from './config';
import {
  Code,
  CODE_NAMES,
  CycleState,
  Status,
  type BindPlugin,
  type ClusterEventWithHint,
  type ClusterLister,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type NodeScore,
  type NodeToStatus,
  type Nominator,
  type PdbInfo,
  type PermitPlugin,
  type Plugin,
  type PodInfo,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type Snapshot,
  type TraceSink,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
} from './types';

/** What a Framework needs from the simulator around it (shared by all profiles). */
export interface FrameworkEnv {
  snapshot(): Snapshot;
  lister: ClusterLister;
  /** The filter memo needs the nominator's change log (version, changedNodesSince). */
  nominator: Nominator & { readonly count: number };
  /** Uniform float in [0, 1) from the run's seeded generator. */
  rand(): number;
  /** Virtual time in ms since the start of the run. */
  now(): number;
  /** The current trace sink (null = recording off). */
  trace(): TraceSink | null;
  /** Whether per-node events (filter per plugin, raw scores) are recorded too. */
  traceNodes(): boolean;
  /** Index of the cycle being run (for trace events). */
  cycle(): number;
  pdbs(): PdbInfo[];
  evictPod(victim: PodInfo, reason: string, preemptor: PodInfo | null): void;
  clearNominatedNodeName(pod: PodInfo): void;
  allPods(): PodInfo[];
  cloneNodeInfo(ni: NodeInfo): NodeInfo;
  addPodToNodeInfo(ni: NodeInfo, pi: PodInfo): void;
}

export const codeName = (s: Status | null | undefined): CodeName => (s ? CODE_NAMES[s.code] : 'Success') as CodeName;

/**
 * Positions of the nodes of one node list (the snapshot's nodeInfoList of a cycle), shared by
 * the per-cycle structures indexed by node (NodeToStatusMap, the filter memo). Built once per
 * list object: the snapshot replaces its list when nodes are added or removed.
 */
export interface NodeIndex {
  readonly list: readonly NodeInfo[];
  readonly byName: ReadonlyMap<string, number>;
}

/** NodeIndex with the name map built on first use (hot paths use positions only). */
class LazyNodeIndex implements NodeIndex {
  private map: Map<string, number> | null = null;
  constructor(readonly list: readonly NodeInfo[]) {}
  get byName(): ReadonlyMap<string, number> {
    let m = this.map;
    if (m === null) {
      m = new Map<string, number>();
      for (let i = 0; i < this.list.length; i++) m.set(this.list[i].name, i);
      this.map = m;
    }
    return m;
  }
}

const nodeIndexes = new WeakMap<readonly NodeInfo[], NodeIndex>();

/** The NodeIndex of a node list (cached per list object; the list must not change in place). */
export function nodeIndexOf(list: readonly NodeInfo[]): NodeIndex {
  let ix = nodeIndexes.get(list);
  if (ix === undefined) {
    ix = new LazyNodeIndex(list);
    nodeIndexes.set(list, ix);
  }
  return ix;
}

/**
 * Statuses of the nodes that did not pass; `get` falls back to `absent` (upstream NodeToStatus).
 * With a NodeIndex, nodes of the indexed list are kept in an array by position (no hashing on
 * the hot path: setAt); other names go to a Map. entries() lists the indexed nodes in list order,
 * then the others in insertion order (upstream iterates a Go map: no order to keep).
 */
export class NodeToStatusMap implements NodeToStatus {
  /** upstream NewDefaultNodeToStatus: absent nodes are UnschedulableAndUnresolvable. */
  absent: Status | null = new Status(Code.UnschedulableAndUnresolvable);
  /** Statuses by position in the indexed list. */
  private byIdx: (Status | undefined)[] | null = null;
  private numIdx = 0;
  /** Names not in the index. */
  private other: Map<string, Status> | null = null;
  /**
   * The recorded statuses as runs of the same object (shared verdicts come in long runs), kept
   * while no node's status was replaced: fitErrorMessage then counts runs, not nodes.
   */
  private runs: Status[] = [];
  private runLengths: number[] = [];
  private replaced = false;
  /**
   * `buffer`: an array of the index's length, all undefined, to use for the statuses by position
   * (the scheduler recycles one per cycle instead of allocating).
   */
  constructor(
    readonly index: NodeIndex | null = null,
    buffer: (Status | undefined)[] | null = null,
  ) {
    if (buffer !== null && index !== null && buffer.length === index.list.length) this.byIdx = buffer;
  }

  /** The array of statuses by position, if one was made (for recycling: see the constructor). */
  takeBuffer(): (Status | undefined)[] | null {
    const a = this.byIdx;
    this.byIdx = null;
    this.numIdx = 0;
    return a;
  }

  private addRun(s: Status): void {
    const n = this.runs.length;
    if (n > 0 && this.runs[n - 1] === s) this.runLengths[n - 1]++;
    else {
      this.runs.push(s);
      this.runLengths.push(1);
    }
  }

  /** The status recorded for the node, if any (no `absent` fallback). */
  private own(nodeName: string): Status | undefined {
    const ix = this.index;
    if (ix !== null && this.byIdx !== null) {
      const i = ix.byName.get(nodeName);
      if (i !== undefined) return this.byIdx[i];
    }
    return this.other !== null ? this.other.get(nodeName) : undefined;
  }
  get(nodeName: string): Status | undefined {
    return this.own(nodeName) ?? this.absent ?? undefined;
  }
  set(nodeName: string, s: Status): void {
    const i = this.index !== null ? this.index.byName.get(nodeName) : undefined;
    if (i !== undefined) {
      this.setAt(i, s);
      return;
    }
    const other = (this.other ??= new Map());
    if (other.has(nodeName)) this.replaced = true;
    else this.addRun(s);
    other.set(nodeName, s);
  }
  /**
   * Records a status for every node of the indexed list at once (`counts`: nodes per Status
   * object, in the order their runs are counted). Only on an empty map; returns false otherwise.
   */
  fillAll(statuses: readonly (Status | null)[], counts: ReadonlyMap<Status, number>): boolean {
    const ix = this.index;
    if (ix === null || this.numIdx !== 0 || this.other !== null || statuses.length !== ix.list.length) return false;
    for (let i = 0; i < statuses.length; i++) if (statuses[i] === null) return false;
    let a = this.byIdx;
    if (a === null || a.length !== statuses.length) a = this.byIdx = new Array<Status | undefined>(statuses.length);
    for (let i = 0; i < statuses.length; i++) a[i] = statuses[i]!;
    this.numIdx = statuses.length;
    for (const [s, c] of counts) {
      this.runs.push(s);
      this.runLengths.push(c);
    }
    return true;
  }
  /** set() for the node at position i of the indexed list. */
  setAt(i: number, s: Status): void {
    let a = this.byIdx;
    if (a === null) a = this.byIdx = new Array<Status | undefined>(this.index!.list.length);
    if (a[i] === undefined) {
      this.numIdx++;
      this.addRun(s);
    } else this.replaced = true;
    a[i] = s;
  }
  *entries(): IterableIterator<[string, Status]> {
    const a = this.byIdx;
    if (a !== null && this.numIdx > 0) {
      const list = this.index!.list;
      for (let i = 0; i < a.length; i++) {
        const s = a[i];
        if (s !== undefined) yield [list[i].name, s];
      }
    }
    if (this.other !== null) yield* this.other.entries();
  }
  /** The recorded statuses, each with a number of nodes that have it (the same object), in no particular order. */
  forEachStatus(f: (s: Status, nodes: number) => void): void {
    if (!this.replaced) {
      for (let k = 0; k < this.runs.length; k++) f(this.runs[k], this.runLengths[k]);
      return;
    }
    const a = this.byIdx;
    if (a !== null && this.numIdx > 0) {
      for (let i = 0; i < a.length; i++) {
        const s = a[i];
        if (s !== undefined) f(s, 1);
      }
    }
    if (this.other !== null) for (const s of this.other.values()) f(s, 1);
  }
  get size(): number {
    return this.numIdx + (this.other !== null ? this.other.size : 0);
  }
  /**
   * NodeToStatus.statusesFor: the statuses by position when `nodes` is the indexed list
   * (undefined entries: not recorded, i.e. `absent`), else null.
   */
  statusesFor(nodes: readonly NodeInfo[]): readonly (Status | undefined)[] | null {
    if (this.index === null || nodes !== this.index.list) return null;
    return this.byIdx ?? (this.byIdx = new Array<Status | undefined>(nodes.length));
  }
  /** Nodes (of `nodes`) whose status has the given code, absent nodes included (upstream NodesForStatusCode). */
  nodesForStatusCode(nodes: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const ni of nodes) {
      const s = this.own(ni.name) ?? this.absent;
      const c = s ? s.code : Code.Success;
      if (c === code) out.push(ni);
    }
    return out;
  }
}

/** upstream framework.Diagnosis. */
export class Diagnosis {
  nodeToStatus: NodeToStatusMap;
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  preFilterMsg = '';
  postFilterMsg = '';
  private lastAdded: Status | null = null;
  constructor(index: NodeIndex | null = null, buffer: (Status | undefined)[] | null = null) {
    this.nodeToStatus = new NodeToStatusMap(index, buffer);
  }
  addPluginStatus(s: Status): void {
    // Statuses are not changed once recorded: the same object again adds nothing new.
    if (s === this.lastAdded) return;
    this.lastAdded = s;
    if (!s.plugin) return;
    if (s.isRejected()) this.unschedulablePlugins.add(s.plugin);
    if (s.code === Code.Pending) this.pendingPlugins.add(s.plugin);
  }
}

/** Go's sort.Strings order (byte-wise on UTF-8; code unit order is the same for BMP text). */
export const goStringLess = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** upstream framework.FitError.Error(). */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') msg += ` ${d.preFilterMsg}.`;
  if (d.preFilterMsg === '') {
    const reasons = new Map<string, number>();
    const add = (s: Status, n: number) => {
      for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + n);
    };
    // Runs of the same Status object (shared verdicts) are counted at once.
    d.nodeToStatus.forEachStatus(add);
    const len = d.nodeToStatus.size;
    if (len < numAllNodes && d.nodeToStatus.absent) add(d.nodeToStatus.absent, numAllNodes - len);
    const list: string[] = [];
    for (const [k, v] of reasons) list.push(`${v} ${k}`);
    list.sort(goStringLess);
    if (list.length) msg += ` ${list.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}

// ---- cluster events -----------------------------------------------------------------------

/** ActionType bits (upstream framework.ActionType). */
export const ACTION_BITS: Record<string, number> = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodToleration: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  UpdatePodGeneratedResourceClaim: 2048,
  UpdateNodeDeclaredFeature: 4096,
  UpdatePodOther: 8192,
  UpdateNodeOther: 16384,
};
const UPDATE_BITS = Object.entries(ACTION_BITS)
  .filter(([k]) => k.startsWith('Update'))
  .reduce((a, [, v]) => a | v, 0);
ACTION_BITS.Update = UPDATE_BITS;
ACTION_BITS.All = ACTION_BITS.Add | ACTION_BITS.Delete | UPDATE_BITS;

export const actionBits = (a: string): number => ACTION_BITS[a] ?? 0;

/** upstream ClusterEvent.Match: does registered event `reg` match incoming event `ev`? */
export function eventMatches(
  reg: { resource: string; action: string },
  ev: { resource: string; action: string },
): boolean {
  if (reg.resource === '*' && reg.action === 'All') return true;
  const resOk =
    reg.resource === '*' ||
    reg.resource === ev.resource ||
    (reg.resource === 'Pod' && (ev.resource === 'AssignedPod' || ev.resource === 'UnscheduledPod'));
  return resOk && (actionBits(reg.action) & actionBits(ev.action)) !== 0;
}

/** Label of an event as upstream prints it ("AssignedPodAdd", "NodeUpdateNodeLabel"...). */
export const eventLabel = (ev: { resource: string; action: string; label?: string }): string =>
  ev.label ?? (ev.resource === '*' ? 'WildCard' : `${ev.resource}${ev.action}`);

/** Every event, for plugins without EnqueueExtensions (upstream UnrollWildCardResource). */
export const ALL_EVENTS: ClusterEventWithHint[] = [
  'Pod',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CSINode',
  'CSIDriver',
  'CSIStorageCapacity',
  'StorageClass',
  'VolumeAttachment',
  'ResourceClaim',
  'ResourceSlice',
  'DeviceClass',
].map((resource) => ({ event: { resource: resource as never, action: 'All' as const } }));

// ---- the framework ------------------------------------------------------------------------

const POINT_SPECS: Record<ExtensionPoint, { typeName: string; has: (p: Plugin) => boolean }> = {
  preFilter: { typeName: 'PreFilterPlugin', has: (p) => typeof (p as PreFilterPlugin).preFilter === 'function' },
  filter: { typeName: 'FilterPlugin', has: (p) => typeof (p as FilterPlugin).filter === 'function' },
  postFilter: { typeName: 'PostFilterPlugin', has: (p) => typeof (p as PostFilterPlugin).postFilter === 'function' },
  reserve: { typeName: 'ReservePlugin', has: (p) => typeof (p as ReservePlugin).reserve === 'function' },
  preScore: { typeName: 'PreScorePlugin', has: (p) => typeof (p as PreScorePlugin).preScore === 'function' },
  score: { typeName: 'ScorePlugin', has: (p) => typeof (p as ScorePlugin).score === 'function' },
  preBind: { typeName: 'PreBindPlugin', has: (p) => typeof (p as PreBindPlugin).preBind === 'function' },
  bind: { typeName: 'BindPlugin', has: (p) => typeof (p as BindPlugin).bind === 'function' },
  postBind: { typeName: 'PostBindPlugin', has: (p) => typeof (p as PostBindPlugin).postBind === 'function' },
  permit: { typeName: 'PermitPlugin', has: (p) => typeof (p as PermitPlugin).permit === 'function' },
  preEnqueue: { typeName: 'PreEnqueuePlugin', has: (p) => typeof (p as PreEnqueuePlugin).preEnqueue === 'function' },
  queueSort: { typeName: 'QueueSortPlugin', has: (p) => typeof (p as QueueSortPlugin).less === 'function' },
};

/** A plugin's registered events (with hints), for the scheduling queue. */
export interface EnqueueExtension {
  plugin: string;
  events: ClusterEventWithHint[];
}

/** The result of RunScorePlugins, laid out flat: index [p * n + i] for plugin p, node i. */
export interface ScoreTable {
  plugins: ScorePlugin[];
  weights: number[];
  /** Normalized scores (before weights). Valid until the next scoring of the same profile. */
  normalized: Float64Array;
  /** Raw scores (only filled when tracing). */
  raw: Float64Array | null;
  totals: Float64Array;
  n: number;
}

const errMsg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** upstream AsStatus(err) with a message. */
const errorStatus = (message: string): Status => Status.error(message);

/**
 * In-tree Filter plugins whose verdict on a node depends only on that node (its NodeInfo and
 * Node object), on the pod (its spec and requests) and on the plugin's arguments.
 */
export const NODE_LOCAL_FILTER_PLUGINS: ReadonlySet<string> = new Set([
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
]);

/**
 * Filter verdicts of the nodes of one node list for pods with one signature (see
 * Framework.filterRunner): a node's verdict is reused while its NodeInfo (object and generation)
 * and the pods nominated to it are unchanged.
 */
class FilterMemo {
  sig = '';
  index: NodeIndex | null = null;
  /** The NodeInfo an entry was computed for (undefined: no entry). */
  nis: (NodeInfo | undefined)[] = [];
  gens = new Float64Array(0);
  statuses: (Status | null)[] = [];
  nomVersion = -1;
  /** Position whose verdict was computed for a pod nominated to that node (valid for it only). */
  podSpecific = -1;
  /**
   * Cursor in the snapshot's change log (-1: not followed). While it is followed, every entry
   * of a node that changed has been dropped, so the entries are known to be current without
   * looking at the nodes: see allFailing().
   */
  changeSeq = -1;
  /** Entries, and entries with a failing verdict (per Status object). */
  numSet = 0;
  numFailing = 0;
  readonly failing = new Map<Status, number>();
  /** One Status object per distinct verdict, shared by the nodes. */
  readonly intern = new Map<string, Status>();

  init(index: NodeIndex): void {
    const n = index.list.length;
    this.index = index;
    this.nis = new Array<NodeInfo | undefined>(n);
    this.gens = new Float64Array(n);
    this.statuses = new Array<Status | null>(n).fill(null);
    this.podSpecific = -1;
    this.changeSeq = -1;
    this.numSet = 0;
    this.numFailing = 0;
    this.failing.clear();
    this.intern.clear();
  }

  clearAll(): void {
    this.nis.fill(undefined);
    this.numSet = 0;
    this.numFailing = 0;
    this.failing.clear();
    this.intern.clear();
  }

  drop(i: number): void {
    if (this.nis[i] === undefined) return;
    this.nis[i] = undefined;
    this.numSet--;
    const s = this.statuses[i];
    if (s !== null) {
      this.numFailing--;
      const c = this.failing.get(s)! - 1;
      if (c === 0) this.failing.delete(s);
      else this.failing.set(s, c);
    }
  }

  store(i: number, ni: NodeInfo, s: Status | null): void {
    this.drop(i);
    this.nis[i] = ni;
    this.gens[i] = ni.generation;
    this.statuses[i] = s;
    this.numSet++;
    if (s !== null) {
      this.numFailing++;
      this.failing.set(s, (this.failing.get(s) ?? 0) + 1);
    }
  }
}

/** The snapshot's log of changed NodeInfos (engine/cache NodeChangeLog), when it has one. */
interface NodeChangeFeed {
  readonly seq: number;
  reaches(cursor: number): boolean;
  at(s: number): NodeInfo;
}

/** A filter runner (see Framework.filterRunner). */
export interface FilterRunner {
  (nodeInfo: NodeInfo, i: number): Status | null;
  /**
   * With the memo on, when every node of the indexed list is known to fail for this pod (the
   * few nodes without a current verdict are computed first): the verdicts by position and the
   * number of nodes per verdict (Status object). null otherwise: run the nodes one by one.
   */
  allFailing?(): { statuses: readonly (Status | null)[]; counts: ReadonlyMap<Status, number> } | null;
}

/** Entries of FilterMemo.intern before it is cleared. */
const MEMO_INTERN_LIMIT = 1024;

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | null;
  readonly pluginsMap = new Map<string, Plugin>();
  preEnqueuePlugins: PreEnqueuePlugin[] = [];
  queueSortPlugins: QueueSortPlugin[] = [];
  preFilterPlugins: PreFilterPlugin[] = [];
  filterPlugins: FilterPlugin[] = [];
  postFilterPlugins: PostFilterPlugin[] = [];
  preScorePlugins: PreScorePlugin[] = [];
  scorePlugins: ScorePlugin[] = [];
  reservePlugins: ReservePlugin[] = [];
  permitPlugins: PermitPlugin[] = [];
  preBindPlugins: PreBindPlugin[] = [];
  bindPlugins: BindPlugin[] = [];
  postBindPlugins: PostBindPlugin[] = [];
  readonly scorePluginWeight = new Map<string, number>();
  readonly enqueueExtensions: EnqueueExtension[] = [];
  /** Enabled plugins of NODE_LOCAL_FILTER_PLUGINS built by the in-tree factories. */
  private readonly nodeLocalFilters = new Set<string>();
  private readonly memo = new FilterMemo();
  /** Turns the filter memo off (tests compare results with and without it). */
  filterMemoEnabled = true;
  /** Pooled NodeScore lists per score plugin (reused across cycles). */
  private scorePools: NodeScore[][] = [];
  private scoreBuf = new Float64Array(0);
  private totalBuf = new Float64Array(0);
  private scoreLists: NodeScore[][] = [];

  private constructor(
    profile: EffectiveProfile,
    private readonly env: FrameworkEnv,
  ) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
  }

  /** upstream NewFramework. Problems are returned as messages, never thrown. */
  static create(profile: EffectiveProfile, registry: Registry, env: FrameworkEnv): { framework: Framework | null; errors: string[] } {
    const f = new Framework(profile, env);
    const errors: string[] = [];
    const plugins = profile.plugins;

    // Plugins needed: every name enabled at any extension point or multiPoint.
    const needed: string[] = [];
    const seen = new Set<string>();
    for (const set of [...EXTENSION_POINTS, 'multiPoint'] as const) {
      for (const p of plugins[set].enabled) {
        if (!seen.has(p.name)) {
          seen.add(p.name);
          needed.push(p.name);
        }
      }
    }
    for (const name of needed) {
      const factory = registry.get(name);
      if (!factory) continue;
      let p: Plugin;
      try {
        p = factory(profile.pluginArgs.get(name), f);
      } catch (e) {
        errors.push(`initializing plugin "${name}": ${errMsg(e)}`);
        continue;
      }
      f.pluginsMap.set(name, p);
      f.fillEnqueueExtensions(p);
    }
    if (errors.length) return { framework: null, errors };

    // Specific extension points.
    for (const point of EXTENSION_POINTS) {
      const spec = POINT_SPECS[point];
      const list = f.listFor(point);
      const set = new Set<string>();
      for (const ep of plugins[point].enabled) {
        const pg = f.pluginsMap.get(ep.name);
        if (!pg) {
          errors.push(`${spec.typeName} "${ep.name}" does not exist`);
          continue;
        }
        if (!spec.has(pg)) {
          errors.push(`plugin "${ep.name}" does not extend ${spec.typeName} plugin`);
          continue;
        }
        if (set.has(ep.name)) {
          errors.push(`plugin "${ep.name}" already registered as "${spec.typeName}"`);
          continue;
        }
        set.add(ep.name);
        list.push(pg);
      }
    }
    if (errors.length) return { framework: null, errors };

    // MultiPoint expansion.
    if (plugins.multiPoint.enabled.length > 0) {
      for (const point of EXTENSION_POINTS) {
        const spec = POINT_SPECS[point];
        const enabledSet: string[] = plugins[point].enabled.map((p) => p.name);
        const disabled = new Set(plugins[point].disabled.map((p) => p.name));
        if (disabled.has('*')) continue;
        const multi: string[] = [];
        const overrides = new Set<string>();
        for (const ep of plugins.multiPoint.enabled) {
          const pg = f.pluginsMap.get(ep.name);
          if (!pg) {
            errors.push(`${spec.typeName} "${ep.name}" does not exist`);
            break;
          }
          if (!spec.has(pg)) continue;
          if (disabled.has(ep.name)) continue;
          if (enabledSet.includes(ep.name)) {
            overrides.add(ep.name);
            continue;
          }
          if (multi.includes(ep.name)) {
            errors.push(`plugin "${ep.name}" already registered as "${spec.typeName}"`);
            break;
          }
          multi.push(ep.name);
        }
        if (errors.length) break;
        const order = [
          ...enabledSet.filter((n) => overrides.has(n)),
          ...multi,
          ...enabledSet.filter((n) => !overrides.has(n)),
        ];
        const list = f.listFor(point);
        list.length = 0;
        for (const n of order) list.push(f.pluginsMap.get(n)!);
      }
      if (errors.length) return { framework: null, errors };
    }

    if (f.queueSortPlugins.length !== 1) {
      errors.push(
        `only one queue sort plugin required for profile with scheduler name "${f.profileName}", but got ${f.queueSortPlugins.length}`,
      );
    }
    if (f.bindPlugins.length === 0) {
      errors.push(`at least one bind plugin is needed for profile with scheduler name "${f.profileName}"`);
    }
    // Score weights: the score extension point's own entries first, then multiPoint's.
    for (const e of [...plugins.score.enabled, ...plugins.multiPoint.enabled]) {
      const pg = f.pluginsMap.get(e.name);
      if (!pg || !POINT_SPECS.score.has(pg)) continue;
      if (f.scorePluginWeight.has(e.name)) continue;
      f.scorePluginWeight.set(e.name, e.weight ? e.weight : 1);
    }
    for (const sp of f.scorePlugins) {
      if (!f.scorePluginWeight.get(sp.name)) errors.push(`score plugin "${sp.name}" is not configured with weight`);
    }
    if (errors.length) return { framework: null, errors };
    for (const [name] of f.pluginsMap) {
      if (NODE_LOCAL_FILTER_PLUGINS.has(name) && registry.get(name) === inTreeRegistry.get(name)) f.nodeLocalFilters.add(name);
    }
    f.scorePools = f.scorePlugins.map(() => []);
    f.scoreLists = f.scorePlugins.map(() => []);
    return { framework: f, errors };
  }

  private listFor(point: ExtensionPoint): Plugin[] {
    switch (point) {
      case 'preFilter':
        return this.preFilterPlugins;
      case 'filter':
        return this.filterPlugins;
      case 'postFilter':
        return this.postFilterPlugins;
      case 'reserve':
        return this.reservePlugins;
      case 'preScore':
        return this.preScorePlugins;
      case 'score':
        return this.scorePlugins;
      case 'preBind':
        return this.preBindPlugins;
      case 'bind':
        return this.bindPlugins;
      case 'postBind':
        return this.postBindPlugins;
      case 'permit':
        return this.permitPlugins;
      case 'preEnqueue':
        return this.preEnqueuePlugins;
      case 'queueSort':
        return this.queueSortPlugins;
    }
  }

  /** upstream fillEnqueueExtensions: only PreEnqueue, PreFilter, Filter, Reserve and Permit plugins. */
  private fillEnqueueExtensions(p: Plugin): void {
    const relevant =
      POINT_SPECS.preEnqueue.has(p) ||
      POINT_SPECS.preFilter.has(p) ||
      POINT_SPECS.filter.has(p) ||
      POINT_SPECS.reserve.has(p) ||
      POINT_SPECS.permit.has(p);
    if (!relevant) return;
    const ext = p as Partial<{ eventsToRegister(): ClusterEventWithHint[] }>;
    if (typeof ext.eventsToRegister !== 'function') {
      this.enqueueExtensions.push({ plugin: p.name, events: ALL_EVENTS });
      return;
    }
    let events: ClusterEventWithHint[];
    try {
      events = ext.eventsToRegister.call(p);
    } catch {
      events = ALL_EVENTS;
    }
    this.enqueueExtensions.push({ plugin: p.name, events });
  }

  // ---- Handle ---------------------------------------------------------------------------

  snapshot(): Snapshot {
    return this.env.snapshot();
  }
  get lister(): ClusterLister {
    return this.env.lister;
  }
  get nominator(): Nominator {
    return this.env.nominator;
  }
  rand(): number {
    return this.env.rand();
  }
  now(): number {
    return this.env.now();
  }
  /**
   * The trace sink for plugins: null when recording is off; else a sink that adds `t` (virtual
   * ms) and `cycle` to the plugin's events (fields the plugin sets itself win).
   */
  get trace(): TraceSink | null {
    return this.env.trace() ? this.pluginSink : null;
  }
  private readonly pluginSink: TraceSink = {
    emit: (ev) => {
      const sink = this.env.trace();
      if (sink) sink.emit({ t: this.env.now(), cycle: this.env.cycle(), ...ev });
    },
  };
  pdbs(): PdbInfo[] {
    return this.env.pdbs();
  }
  evictPod(victim: PodInfo, reason: string, preemptor: PodInfo | null): void {
    this.env.evictPod(victim, reason, preemptor);
  }
  clearNominatedNodeName(pod: PodInfo): void {
    this.env.clearNominatedNodeName(pod);
  }
  pendingPods(): PodInfo[] {
    return this.env.allPods();
  }
  hasFilterPlugin(name: string): boolean {
    return this.filterPlugins.some((p) => p.name === name);
  }
  /** The enabled Filter plugins' names, in order (Handle.filterPluginNames). */
  filterPluginNames(): readonly string[] {
    return this.filterPlugins.map((p) => p.name);
  }
  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }
  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }
  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }
  queueSortLess(): QueueSortPlugin['less'] {
    const qs = this.queueSortPlugins[0];
    return (a, b) => qs.less(a, b);
  }

  private emit(ev: Record<string, unknown> & { type: string }): void {
    const t = this.env.trace();
    if (t) t.emit({ t: this.env.now(), cycle: this.env.cycle(), ...ev });
  }

  // ---- PreFilter --------------------------------------------------------------------------

  /**
   * upstream RunPreFilterPlugins. `nodeNames` null = all nodes. `pluginsWithNodes` are the
   * plugins that restricted the node set.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
  ): { nodeNames: Set<string> | null; status: Status | null; pluginsWithNodes: Set<string> } {
    const nodes = this.env.snapshot().nodeInfoList;
    let result: Set<string> | null = null;
    const pluginsWithNodes = new Set<string>();
    let returnStatus: Status | null = null;
    const tracing = this.env.trace() !== null;
    for (const pl of this.preFilterPlugins) {
      let r: Set<string> | null = null;
      let s: Status | null;
      try {
        const out = pl.preFilter(state, pod, nodes);
        s = out.status;
        r = out.result ? out.result.nodeNames : null;
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) {
        this.emit({
          type: 'preFilter',
          plugin: pl.name,
          code: codeName(s),
          reasons: s ? [...s.reasons] : [],
          nodes: s && s.code !== Code.Success ? null : r ? [...r] : null,
        });
      }
      if (s && s.code === Code.Skip) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (s && s.code !== Code.Success) {
        s.withPlugin(pl.name);
        if (s.code === Code.UnschedulableAndUnresolvable) {
          return { nodeNames: null, status: s, pluginsWithNodes: new Set() };
        }
        if (s.code === Code.Unschedulable) {
          returnStatus = s;
          continue;
        }
        return {
          nodeNames: null,
          status: errorStatus(`running PreFilter plugin "${pl.name}": ${s.message()}`).withPlugin(pl.name),
          pluginsWithNodes: new Set(),
        };
      }
      if (r !== null) pluginsWithNodes.add(pl.name);
      // PreFilterResult.Merge
      if (r !== null) {
        if (result === null) result = new Set(r);
        else {
          const inter = new Set<string>();
          for (const n of result) if (r.has(n)) inter.add(n);
          result = inter;
        }
      }
      if (result !== null && result.size === 0) {
        const list = [...pluginsWithNodes].sort(goStringLess);
        const msg =
          list.length === 1
            ? `node(s) didn't satisfy plugin ${list[0]}`
            : `node(s) didn't satisfy plugin(s) [${list.join(' ')}] simultaneously`;
        return { nodeNames: result, status: Status.unresolvable(msg), pluginsWithNodes };
      }
    }
    return { nodeNames: result, status: returnStatus, pluginsWithNodes };
  }

  /** upstream RunPreFilterExtensionAddPod. */
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    return this.runPreFilterExtension('AddPod', state, pod, toAdd, nodeInfo);
  }

  /** upstream RunPreFilterExtensionRemovePod. */
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    return this.runPreFilterExtension('RemovePod', state, pod, toRemove, nodeInfo);
  }

  /** Runs AddPod or RemovePod of every PreFilter plugin that was not skipped; the first failure is an Error. */
  private runPreFilterExtension(
    which: 'AddPod' | 'RemovePod',
    state: CycleState,
    pod: PodInfo,
    other: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | null {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      let s: Status | null;
      try {
        s = which === 'AddPod' ? ext.addPod(state, pod, other, nodeInfo) : ext.removePod(state, pod, other, nodeInfo);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (s && s.code !== Code.Success) {
        return errorStatus(`running ${which} on PreFilter plugin "${pl.name}": ${s.message()}`);
      }
    }
    return null;
  }

  // ---- Filter -----------------------------------------------------------------------------

  /** Filter plugins not skipped by PreFilter, cached per skip set (the same for a whole cycle). */
  private activeFilters(state: CycleState): FilterPlugin[] {
    const skip = state.skipFilterPlugins;
    if (skip.size === 0) return this.filterPlugins;
    if (skip === this.lastSkip && skip.size === this.lastSkipSize) return this.lastActive;
    this.lastSkip = skip;
    this.lastSkipSize = skip.size;
    this.lastActive = this.filterPlugins.filter((p) => !skip.has(p.name));
    return this.lastActive;
  }
  private lastSkip: Set<string> | null = null;
  private lastSkipSize = 0;
  private lastActive: FilterPlugin[] = [];

  /**
   * Whether some PreFilter plugin that runs in this cycle (not skipped) has PreFilterExtensions:
   * then adding a nominated pod must go through RunPreFilterExtensionAddPod on a copy of the
   * cycle state. Cached per skip set like activeFilters.
   */
  private addPodExtensionsActive(state: CycleState): boolean {
    const skip = state.skipFilterPlugins;
    if (skip === this.extSkip && skip.size === this.extSkipSize && this.extPlugins === this.preFilterPlugins) return this.extActive;
    let active = false;
    for (const pl of this.preFilterPlugins) {
      if (skip.has(pl.name)) continue;
      if (pl.preFilterExtensions?.()) {
        active = true;
        break;
      }
    }
    this.extSkip = skip;
    this.extSkipSize = skip.size;
    this.extPlugins = this.preFilterPlugins;
    this.extActive = active;
    return active;
  }
  private extSkip: Set<string> | null = null;
  private extSkipSize = 0;
  private extPlugins: PreFilterPlugin[] | null = null;
  private extActive = false;

  /** upstream RunFilterPlugins: the first plugin that does not pass decides (status names it). */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo, pass?: 1 | 2): Status | null {
    const plugins = this.activeFilters(state);
    if (this.env.trace() !== null && this.env.traceNodes()) return this.runFilterPluginsTraced(plugins, state, pod, nodeInfo, pass);
    return this.runFilterList(plugins, state, pod, nodeInfo);
  }

  private runFilterList(plugins: FilterPlugin[], state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let i = 0;
    const n = plugins.length;
    try {
      for (; i < n; i++) {
        const s = plugins[i].filter(state, pod, nodeInfo);
        if (s !== null && s.code !== Code.Success) return this.filterFailure(plugins[i], s);
      }
    } catch (e) {
      return errorStatus(`running "${plugins[i].name}" filter plugin: ${errMsg(e)}`).withPlugin(plugins[i].name);
    }
    return null;
  }

  private filterFailure(pl: FilterPlugin, st: Status): Status {
    let s = st;
    if (!s.isRejected()) s = errorStatus(`running "${pl.name}" filter plugin: ${s.message()}`);
    return s.withPlugin(pl.name);
  }

  private runFilterPluginsTraced(
    plugins: FilterPlugin[],
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
    pass: 1 | 2 | undefined,
  ): Status | null {
    const sink = this.env.trace();
    const t = this.env.now();
    const cycle = this.env.cycle();
    const node = nodeInfo.name;
    for (const pl of plugins) {
      let s: Status | null;
      try {
        s = pl.filter(state, pod, nodeInfo);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (sink !== null && (sink.keepsFilter?.(node, s === null || s.code === Code.Success) ?? true)) {
        // The event as emit() would build it ({t, cycle, ...ev}), in one object.
        const code = codeName(s);
        const reasons = s ? [...s.reasons] : [];
        sink.emit(
          pass
            ? { t, cycle, type: 'filter', node, plugin: pl.name, code, reasons, pass }
            : { t, cycle, type: 'filter', node, plugin: pl.name, code, reasons },
        );
      }
      if (s !== null && s.code !== Code.Success) return this.filterFailure(pl, s);
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods for many nodes of one cycle: returns a function of the node
   * (and of its position in `index`'s list, or -1) with the per-cycle lookups (active plugins,
   * tracing, nominated pods) done once.
   *
   * Filter memo: when every Filter plugin that runs is node-local (NODE_LOCAL_FILTER_PLUGINS,
   * from the in-tree registry), the cycle state is not copied for nominated pods (no PreFilter
   * AddPod extension runs) and per-node tracing is off, a node's verdict only depends on the pod's
   * signature (priority, requests, spec, the plugins that run), the node's NodeInfo (object and
   * generation) and the pods nominated to it. The verdicts of the nodes of `index` are kept for
   * the signature of the last pod and reused while those are unchanged (nominations are followed
   * through the nominator's change log; a node the pod itself is nominated to is always
   * recomputed, as its own nomination does not count). Same statuses (shared objects, never
   * changed), same order of evaluation: only the plugin calls are saved.
   */
  filterRunner(state: CycleState, pod: PodInfo, index: NodeIndex | null = null): FilterRunner {
    if (this.env.trace() !== null && this.env.traceNodes()) {
      return (ni) => this.runFilterPluginsWithNominatedPods(state, pod, ni);
    }
    const plugins = this.activeFilters(state);
    const nominator = this.env.nominator;
    let base: (ni: NodeInfo) => Status | null;
    if (nominator.count > 0) {
      if (this.addPodExtensionsActive(state)) return (ni) => this.runFilterPluginsWithNominatedPods(state, pod, ni);
      base = (ni) => this.runWithNominatedNoExt(plugins, state, pod, ni);
    } else {
      if (this.overlays.size > 0) this.overlays.clear(); // no nominations left: drop the copies
      base = (ni) => this.runFilterList(plugins, state, pod, ni);
    }
    const memo = index !== null ? this.prepareMemo(plugins, state, pod, index) : null;
    if (memo === null) return base;
    const nis = memo.nis;
    const gens = memo.gens;
    const statuses = memo.statuses;
    const runner: FilterRunner = (ni, i) => {
      if (i >= 0 && nis[i] === ni && gens[i] === ni.generation) return statuses[i];
      let s = base(ni);
      if (i >= 0 && (s === null || s.code !== Code.Error)) {
        if (s !== null) s = this.internStatus(memo, s);
        memo.store(i, ni, s);
      }
      return s;
    };
    runner.allFailing = () => {
      if (memo.changeSeq < 0) return null;
      const list = memo.index!.list;
      const n = list.length;
      if (memo.numSet - memo.numFailing > 0) return null;
      // Only worth it when few nodes lack a verdict (they are computed here, in list order).
      if (n - memo.numSet > (n >> 3) + 8) return null;
      if (memo.numSet < n) {
        for (let i = 0; i < n; i++) {
          if (nis[i] !== undefined) continue;
          const ni = list[i];
          const s = base(ni);
          if (s === null) {
            memo.store(i, ni, null);
            return null;
          }
          if (s.code === Code.Error) return null;
          memo.store(i, ni, this.internStatus(memo, s));
        }
      }
      return memo.numFailing === n ? { statuses, counts: memo.failing } : null;
    };
    return runner;
  }

  /** The memo for this cycle, or null when it cannot be used (see filterRunner). */
  private prepareMemo(plugins: FilterPlugin[], state: CycleState, pod: PodInfo, index: NodeIndex): FilterMemo | null {
    if (!this.filterMemoEnabled) return null;
    const nominator = this.env.nominator;
    if (nominator.version === undefined || !nominator.changedNodesSince) return null;
    if (plugins.length === 0) return null;
    for (const pl of plugins) if (!this.nodeLocalFilters.has(pl.name)) return null;
    if (this.addPodExtensionsActive(state)) return null;
    const m = this.memo;
    const sig = filterSignature(pod, plugins);
    if (m.index !== index) m.init(index);
    else if (m.sig !== sig || m.intern.size > MEMO_INTERN_LIMIT) m.clearAll();
    m.sig = sig;
    const v = nominator.version;
    if (v !== m.nomVersion) {
      const changed = nominator.changedNodesSince(m.nomVersion);
      if (changed === null) m.clearAll();
      else {
        for (const name of changed) {
          const i = index.byName.get(name);
          if (i !== undefined) m.drop(i);
        }
      }
      m.nomVersion = v;
    }
    // Nodes changed since the last cycle (followed through the snapshot's change log, when it has one).
    const feed = (this.env.snapshot() as { changes?: NodeChangeFeed }).changes;
    if (feed === undefined) m.changeSeq = -1;
    else {
      if (m.changeSeq >= 0 && feed.reaches(m.changeSeq)) {
        for (let k = m.changeSeq; k < feed.seq; k++) {
          const i = index.byName.get(feed.at(k).name);
          if (i !== undefined) m.drop(i);
        }
      } else if (m.changeSeq !== feed.seq) {
        m.clearAll();
      }
      m.changeSeq = feed.seq;
    }
    if (m.podSpecific >= 0) {
      m.drop(m.podSpecific);
      m.podSpecific = -1;
    }
    const own = nominator.nominatedNodeFor?.(pod.key) ?? pod.pod.status?.nominatedNodeName;
    if (own) {
      const i = index.byName.get(own);
      if (i !== undefined) {
        m.drop(i);
        m.podSpecific = i;
      }
    }
    return m;
  }

  private internStatus(m: FilterMemo, s: Status): Status {
    let key = `${s.code}\u0000${s.plugin}`;
    for (const r of s.reasons) key += `\u0000${r}`;
    const hit = m.intern.get(key);
    if (hit !== undefined) return hit;
    m.intern.set(key, s);
    return s;
  }

  /** upstream RunFilterPluginsWithNominatedPods: two passes when nominated pods of >= priority exist. */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, info: NodeInfo): Status | null {
    if (this.env.nominator.count === 0) return this.runFilterPlugins(state, pod, info);
    if (!(this.env.trace() !== null && this.env.traceNodes()) && !this.addPodExtensionsActive(state)) {
      return this.runWithNominatedNoExt(this.activeFilters(state), state, pod, info);
    }
    let status: Status | null = null;
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let stateToUse = state;
      let infoToUse = info;
      if (i === 0) {
        const r = this.addGENominatedPods(pod, state, info);
        if (r.error) return r.error;
        podsAdded = r.added;
        stateToUse = r.state;
        infoToUse = r.nodeInfo;
      } else if (!podsAdded || (status !== null && status.code !== Code.Success)) {
        break;
      }
      status = this.runFilterPlugins(stateToUse, pod, infoToUse, podsAdded ? ((i + 1) as 1 | 2) : undefined);
      if (status !== null && status.code !== Code.Success && !status.isRejected()) return status;
    }
    return status;
  }

  /**
   * RunFilterPluginsWithNominatedPods when no running PreFilter plugin has AddPod extensions
   * (the usual case) and per-node tracing is off: the cycle state is not copied (nothing would
   * change it), and the node with its nominated pods added comes from a cache (see
   * nominatedOverlay). Same passes and statuses as the general path.
   */
  private runWithNominatedNoExt(plugins: FilterPlugin[], state: CycleState, pod: PodInfo, info: NodeInfo): Status | null {
    const withNominated = this.nominatedOverlay(pod, info);
    if (withNominated === null) return this.runFilterList(plugins, state, pod, info);
    const status = this.runFilterList(plugins, state, pod, withNominated);
    if (status !== null) return status;
    return this.runFilterList(plugins, state, pod, info);
  }

  /**
   * The node with the nominated pods of >= priority (other than the pod itself) added, or null
   * when there are none (upstream addGENominatedPods without the AddPod extensions). For a node
   * of the snapshot the copy is cached and reused while the node's generation and the pods to
   * add (same PodInfo and Pod objects, same order) are unchanged; filters never change a NodeInfo.
   */
  private nominatedOverlay(pod: PodInfo, info: NodeInfo): NodeInfo | null {
    const nominated = this.env.nominator.nominatedPodsForNode(info.name);
    const n = nominated.length;
    if (n === 0) return null;
    const prio = pod.priority;
    const uid = pod.uid;
    let e = this.overlays.get(info.name);
    let count = 0;
    let same = e !== undefined && e.base === info && e.generation === info.generation;
    for (let i = 0; i < n; i++) {
      const pi = nominated[i];
      if (pi.priority >= prio && pi.uid !== uid) {
        if (same && (count >= e!.pods.length || e!.pods[count] !== pi || e!.podObjs[count] !== pi.pod)) same = false;
        count++;
      }
    }
    if (count === 0) return null;
    if (same && count === e!.pods.length) return e!.nodeInfo;
    const out = this.env.cloneNodeInfo(info);
    const pods: PodInfo[] = [];
    const podObjs: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const pi = nominated[i];
      if (pi.priority >= prio && pi.uid !== uid) {
        this.env.addPodToNodeInfo(out, pi);
        pods.push(pi);
        podObjs.push(pi.pod);
      }
    }
    // Only nodes of the snapshot are worth caching (dry-run copies change at every step).
    if (this.env.snapshot().get(info.name) === info) {
      if (!e) {
        e = { base: info, generation: info.generation, pods, podObjs, nodeInfo: out };
        this.overlays.set(info.name, e);
      } else {
        e.base = info;
        e.generation = info.generation;
        e.pods = pods;
        e.podObjs = podObjs;
        e.nodeInfo = out;
      }
    }
    return out;
  }
  private readonly overlays = new Map<
    string,
    { base: NodeInfo; generation: number; pods: PodInfo[]; podObjs: unknown[]; nodeInfo: NodeInfo }
  >();

  private addGENominatedPods(
    pod: PodInfo,
    state: CycleState,
    nodeInfo: NodeInfo,
  ): { added: boolean; state: CycleState; nodeInfo: NodeInfo; error?: Status } {
    const nominated = this.env.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return { added: false, state, nodeInfo };
    let out: NodeInfo | null = null;
    let stateOut: CycleState | null = null;
    let added = false;
    for (const pi of nominated) {
      if (pi.priority >= pod.priority && pi.uid !== pod.uid) {
        if (!out) {
          out = this.env.cloneNodeInfo(nodeInfo);
          stateOut = state.clone();
        }
        this.env.addPodToNodeInfo(out, pi);
        const s = this.runPreFilterExtensionAddPod(stateOut!, pod, pi, out);
        if (s) return { added: false, state, nodeInfo, error: s };
        added = true;
      }
    }
    if (!added) return { added: false, state, nodeInfo };
    return { added, state: stateOut!, nodeInfo: out! };
  }

  // ---- PostFilter -------------------------------------------------------------------------

  /**
   * upstream RunPostFilterPlugins (v1.35): stops at the first Success, Error or
   * UnschedulableAndUnresolvable; otherwise runs them all, keeping the last meaningful result and
   * joining the reasons of every rejecting plugin.
   */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    m: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status | null } {
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = '';
    const tracing = this.env.trace() !== null;
    for (const pl of this.postFilterPlugins) {
      let r: PostFilterResult | null = null;
      let s: Status | null;
      try {
        const out = pl.postFilter(state, pod, m);
        r = out.result;
        s = out.status;
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) {
        this.emit({
          type: 'postFilter',
          plugin: pl.name,
          code: codeName(s),
          reasons: s ? [...s.reasons] : [],
          ...(r ? { nominatedNode: r.nominatedNodeName } : {}),
        });
      }
      if (s === null || s.code === Code.Success) return { result: r, status: null };
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: r, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { result: null, status: errorStatus(s.message()).withPlugin(pl.name) };
      if (r !== null) result = r;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  // ---- PreScore / Score -------------------------------------------------------------------

  /** upstream RunPreScorePlugins. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status | null {
    const tracing = this.env.trace() !== null;
    for (const pl of this.preScorePlugins) {
      let s: Status | null;
      try {
        s = pl.preScore(state, pod, nodes);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) this.emit({ type: 'preScore', plugin: pl.name, code: codeName(s), reasons: s ? [...s.reasons] : [] });
      if (s && s.code === Code.Skip) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (s && s.code !== Code.Success) return errorStatus(`running PreScore plugin "${pl.name}": ${s.message()}`);
    }
    return null;
  }

  /** upstream RunScorePlugins: Score, NormalizeScore, range check, weights. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): { table: ScoreTable | null; status: Status | null } {
    const n = nodes.length;
    const plugins: ScorePlugin[] = [];
    const poolIdx: number[] = [];
    const skip = state.skipScorePlugins;
    for (let p = 0; p < this.scorePlugins.length; p++) {
      const pl = this.scorePlugins[p];
      if (skip.size && skip.has(pl.name)) continue;
      plugins.push(pl);
      poolIdx.push(p);
    }
    const tracing = this.env.trace() !== null && this.env.traceNodes();
    const np = plugins.length;
    // Reused buffers: the table is only read until the end of the cycle.
    if (this.scoreBuf.length < np * n) this.scoreBuf = new Float64Array(Math.max(np * n, this.scoreBuf.length * 2));
    if (this.totalBuf.length < n) this.totalBuf = new Float64Array(Math.max(n, this.totalBuf.length * 2));
    const normalized = this.scoreBuf.subarray(0, np * n);
    const totals = this.totalBuf.subarray(0, n);
    totals.fill(0);
    const weights = plugins.map((pl) => this.scorePluginWeight.get(pl.name) ?? 1);
    if (np === 0) return { table: { plugins, weights, normalized, raw: null, totals, n }, status: null };
    // Score: per node, every plugin (upstream order), into the flat table.
    let p = 0;
    try {
      for (let i = 0; i < n; i++) {
        const ni = nodes[i];
        for (p = 0; p < np; p++) normalized[p * n + i] = plugins[p].score(state, pod, ni);
      }
    } catch (e) {
      return { table: null, status: errorStatus(`running Score plugins: plugin "${plugins[p].name}" failed with: ${errMsg(e)}`) };
    }
    const raw = tracing ? normalized.slice() : null;
    // NormalizeScore, through pooled NodeScore lists.
    for (p = 0; p < np; p++) {
      const pl = plugins[p];
      if (!pl.normalizeScore) continue;
      const pool = this.scorePools[poolIdx[p]];
      const list = this.scoreLists[poolIdx[p]];
      while (pool.length < n) pool.push({ name: '', score: 0 });
      list.length = n;
      const base = p * n;
      for (let i = 0; i < n; i++) {
        const ns = pool[i];
        ns.name = nodes[i].name;
        ns.score = normalized[base + i];
        list[i] = ns;
      }
      let s: Status | null;
      try {
        s = pl.normalizeScore(state, pod, list);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (s && s.code !== Code.Success) {
        return {
          table: null,
          status: errorStatus(`running Normalize on Score plugins: plugin "${pl.name}" failed with: ${s.message()}`),
        };
      }
      for (let i = 0; i < n; i++) normalized[base + i] = list[i].score;
    }
    // Range check and weights.
    for (p = 0; p < np; p++) {
      const w = weights[p];
      const base = p * n;
      for (let i = 0; i < n; i++) {
        const v = normalized[base + i];
        if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE)) {
          return {
            table: null,
            status: errorStatus(
              `applying score defaultWeights on Score plugins: plugin "${plugins[p].name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
            ),
          };
        }
        totals[i] += v * w;
      }
    }
    return { table: { plugins, weights, normalized, raw, totals, n }, status: null };
  }

  // ---- Reserve / Permit / Bind ------------------------------------------------------------

  private stepEvent(type: string, pl: Plugin, node: string, s: Status | null): void {
    this.emit({ type, plugin: pl.name, node, code: codeName(s), reasons: s ? [...s.reasons] : [] });
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, node: string): Status | null {
    const tracing = this.env.trace() !== null;
    for (const pl of this.reservePlugins) {
      let s: Status | null;
      try {
        s = pl.reserve(state, pod, node);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) this.stepEvent('reserve', pl, node, s);
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return errorStatus(`running Reserve plugin "${pl.name}": ${s.message()}`);
      }
    }
    return null;
  }

  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, node: string): void {
    const tracing = this.env.trace() !== null;
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      const pl = this.reservePlugins[i];
      try {
        pl.unreserve(state, pod, node);
      } catch {
        // upstream ignores Unreserve failures
      }
      if (tracing) this.stepEvent('unreserve', pl, node, null);
    }
  }

  /** upstream RunPermitPlugins. Wait is returned as a Status with code Wait and the shortest timeout. */
  runPermitPlugins(state: CycleState, pod: PodInfo, node: string): { status: Status | null; timeoutMs: number } {
    const tracing = this.env.trace() !== null;
    let wait = false;
    let timeoutMs = Infinity;
    for (const pl of this.permitPlugins) {
      let s: Status | null;
      let t = 0;
      try {
        const out = pl.permit(state, pod, node);
        s = out.status;
        t = out.timeoutMs;
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) this.stepEvent('permit', pl, node, s);
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return { status: s.withPlugin(pl.name), timeoutMs: 0 };
        if (s.code === Code.Wait) {
          wait = true;
          timeoutMs = Math.min(timeoutMs, Math.min(t, 15 * 60 * 1000));
          continue;
        }
        return { status: errorStatus(`running Permit plugin "${pl.name}": ${s.message()}`).withPlugin(pl.name), timeoutMs: 0 };
      }
    }
    if (wait) {
      return {
        status: new Status(Code.Wait, [`one or more plugins asked to wait and no plugin rejected pod "${pod.name}"`]),
        timeoutMs,
      };
    }
    return { status: null, timeoutMs: 0 };
  }

  runPreBindPlugins(state: CycleState, pod: PodInfo, node: string): Status | null {
    const tracing = this.env.trace() !== null;
    for (const pl of this.preBindPlugins) {
      let s: Status | null;
      try {
        s = pl.preBind(state, pod, node);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) this.stepEvent('preBind', pl, node, s);
      if (s && s.code === Code.Skip) continue;
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return errorStatus(`running PreBind plugin "${pl.name}": ${s.message()}`);
      }
    }
    return null;
  }

  /** upstream RunBindPlugins: the first plugin that does not Skip decides. */
  runBindPlugins(state: CycleState, pod: PodInfo, node: string): { status: Status | null; plugin: string } {
    if (this.bindPlugins.length === 0) return { status: Status.skip(), plugin: '' };
    const tracing = this.env.trace() !== null;
    let last: Status | null = null;
    let lastPlugin = '';
    for (const pl of this.bindPlugins) {
      let s: Status | null;
      try {
        s = pl.bind(state, pod, node);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (tracing) this.stepEvent('bind', pl, node, s);
      last = s;
      lastPlugin = pl.name;
      if (s && s.code === Code.Skip) continue;
      if (s && s.code !== Code.Success) {
        if (s.isRejected()) return { status: s.withPlugin(pl.name), plugin: pl.name };
        return { status: errorStatus(`running Bind plugin "${pl.name}": ${s.message()}`), plugin: pl.name };
      }
      return { status: null, plugin: pl.name };
    }
    return { status: last, plugin: lastPlugin };
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, node: string): void {
    const tracing = this.env.trace() !== null;
    for (const pl of this.postBindPlugins) {
      try {
        pl.postBind(state, pod, node);
      } catch {
        // PostBind is informational
      }
      if (tracing) this.stepEvent('postBind', pl, node, null);
    }
  }

  /** PreEnqueue: null when every plugin lets the pod in, else the rejecting status (with plugin). */
  runPreEnqueuePlugins(pod: PodInfo): Status | null {
    for (const pl of this.preEnqueuePlugins) {
      let s: Status | null;
      try {
        s = pl.preEnqueue(pod);
      } catch (e) {
        s = errorStatus(errMsg(e));
      }
      if (s && s.code !== Code.Success) return s.withPlugin(pl.name);
    }
    return null;
  }
}

/** What node-local Filter plugins read of a pod, as one string (see Framework.filterRunner). */
function filterSignature(pod: PodInfo, plugins: FilterPlugin[]): string {
  const r = pod.requests;
  let sig = `${pod.priority}|${r.milliCPU}|${r.memory}|${r.ephemeralStorage}|${r.allowedPodNumber}|`;
  for (const [k, v] of r.scalar) sig += `${k}=${v};`;
  for (const pl of plugins) sig += `${pl.name},`;
  return sig + JSON.stringify(pod.pod.spec ?? null);
}
