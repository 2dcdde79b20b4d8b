// loadScenario: YAML/JSON text -> Scenario, never throwing. Every problem becomes a Diagnostic
// with file, document, line, column and field path. Objects with errors are left out.
//
// Input forms: multi-document YAML, JSON, concatenated JSON values, bare JSON arrays of objects,
// `kind: List` and typed lists (`NodeList`, `PodList`, ... whose items may lack kind/apiVersion)
// as `kubectl get -o yaml|json` prints them. managedFields, status and annotations are tolerated.
//
// Kinds read: Node, Pod, Namespace, PriorityClass, PodDisruptionBudget, Service,
// ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
// KubeSchedulerConfiguration (also embedded in a ConfigMap's data; see schedconfig.ts) and
// schedlab.dev/v1alpha1 ClusterChanges (see changes.ts). Other kinds are counted in `ignored`.
//
// Workloads are expanded into pods (workloads.ts) up to their desired count, counting pods of
// the input that they own (ownerReferences), so `kubectl get all -o yaml` dumps are not doubled.
//
// Big inputs (issue 6: a 1,000-node, 30,000-pod `kubectl get nodes,pods -A -o json` dump of
// ~500 MB in well under 10 s and 1 GB):
//   - inputs may be bytes (a ByteSource: the CLI reads files in pieces) instead of one string;
//   - JSON is read in one pass (jsonsource.ts), each list item JSON.parsed, checked and slimmed
//     at once, so the dump is never held whole; YAML the tools write is read by yamlfast.ts;
//     anything else by the yaml library (yamlsource.ts);
//   - positions inside an object are found only when a diagnostic needs them (ObjectRef.lazy);
//   - from SLIM_THRESHOLD on, nodes and pods lose what scheduling never reads (slim.ts) right
//     after they were checked, and the JSON reader leaves those parts out before parsing.
// Diagnostics (and their positions) and scheduling results are the same either way: the tests
// compare every path with the yaml library's (jsonload.test.ts, yamlfast.test.ts).

import type { Namespace, Node, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { ClusterChange, Diagnostic, LoadResult, Scenario, SchedulerConfig, SourcePos } from './scenario';
import { CLUSTER_CHANGES_API_VERSION, readClusterChanges } from './changes';
import { ensurePositions, joinPath, Reporter, type LazyPositions, type ObjectRef } from './diagnostics';
import { bytesSource, InputText, looksLikeJson, NotJson, pieceSource, readJson, registerJsonPositions, type ByteSource, type JsonSpan } from './jsonsource';
import { slimObject } from './slim';
import { fastYaml, sequenceSpans, type FastDoc } from './yamlfast';
import { defaultMetadata, defaultNamespace, defaultNode, defaultPod, defaultPriorityClass, DEFAULT_SCHEDULER_NAME, type Obj } from './defaults';
import { PriorityResolver, validatePriorityClass } from './priority';
import { readSchedulerConfig, SCHEDULER_CONFIG_API_VERSION, SCHEDULER_CONFIG_OLD_VERSIONS } from './schedconfig';
import * as S from './schemas';
import { checkValue, type CheckCtx, type Schema } from './validate';
import {
  defaultJob,
  expandDaemonSet,
  expandDeployment,
  expandJob,
  expandReplicaSet,
  expandStatefulSet,
  selectorMatchesTemplate,
  type GeneratedPod,
} from './workloads';
import { posOf, readEmbedded, readPiece, readSource, SourceText, transferPositions, type RawProblem } from './yamlsource';

export interface LoadOptions {
  /** Seed of the run (kept in the scenario; names do not depend on it). */
  seed?: number;
  /**
   * Drop what scheduling never reads from nodes and pods (slim.ts) as they are read: true,
   * false, or 'auto' (the default): when the inputs are SLIM_THRESHOLD bytes or more.
   */
  slim?: boolean | 'auto';
  /** Read JSON with JSON.parse, one list item at a time (default true); false reads it the YAML way. */
  fastJson?: boolean;
  /** Read plain block YAML with yamlfast.ts (default true); false: always with the yaml library. */
  fastYaml?: boolean;
  /** Bytes decoded at a time from `bytes` inputs (tests use small sizes). */
  chunkSize?: number;
}

/** Inputs at least this big (characters or bytes, all files together) are slimmed by default. */
export const SLIM_THRESHOLD = 4 << 20;

/** One input file: its text, or its bytes (UTF-8; read in pieces, for inputs too big for one string). */
export interface LoadInput {
  name: string;
  text?: string;
  bytes?: ByteSource | Uint8Array;
  /**
   * The documents of `text` exactly as yamlfast.ts reads them (values and offsets), already read
   * by whoever wrote the text (the page's import: app/share/slim.ts toYamlDocs): used instead of
   * reading `text` again. Positions inside them are found in `text` when a diagnostic needs them.
   */
  fastDocs?: FastDoc[];
}

type ListHint = { kind: string; apiVersion: unknown };

const isListKind = (kind: string): boolean => kind === 'List' || kind.endsWith('List');

interface LoaderSnapshot {
  diagnostics: number;
  errors: number;
  ignored: Record<string, number>;
  configs: number;
  embeddedConfigs: number;
  changeObjects: number;
  byKind: Map<string, number>;
  seq: number;
}

/** Kind of the items of a typed list (`NodeList` → Node); null for `kind: List`. */
function listHint(list: Obj): ListHint | null {
  const kind = list.kind as string;
  return kind === 'List' ? null : { kind: kind.slice(0, -4), apiVersion: list.apiVersion };
}

interface KindInfo {
  apiVersions: readonly string[];
  namespaced: boolean;
  schema?: Schema;
}

const KINDS: Record<string, KindInfo> = {
  Node: { apiVersions: ['v1'], namespaced: false, schema: S.node },
  Pod: { apiVersions: ['v1'], namespaced: true, schema: S.pod },
  Namespace: { apiVersions: ['v1'], namespaced: false, schema: S.namespace },
  Service: { apiVersions: ['v1'], namespaced: true, schema: S.service },
  ReplicationController: { apiVersions: ['v1'], namespaced: true, schema: S.replicationController },
  PriorityClass: { apiVersions: ['scheduling.k8s.io/v1'], namespaced: false, schema: S.priorityClass },
  PodDisruptionBudget: { apiVersions: ['policy/v1'], namespaced: true, schema: S.podDisruptionBudget },
  Deployment: { apiVersions: ['apps/v1'], namespaced: true, schema: S.deployment },
  ReplicaSet: { apiVersions: ['apps/v1'], namespaced: true, schema: S.replicaSet },
  StatefulSet: { apiVersions: ['apps/v1'], namespaced: true, schema: S.statefulSet },
  DaemonSet: { apiVersions: ['apps/v1'], namespaced: true, schema: S.daemonSet },
  Job: { apiVersions: ['batch/v1'], namespaced: true, schema: S.job },
  KubeSchedulerConfiguration: { apiVersions: [SCHEDULER_CONFIG_API_VERSION], namespaced: false },
  ClusterChanges: { apiVersions: [CLUSTER_CHANGES_API_VERSION], namespaced: false },
};

/** Kinds we read, in the order they are processed. */
const OBJECT_KINDS = [
  'Namespace',
  'PriorityClass',
  'Node',
  'Service',
  'PodDisruptionBudget',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'Pod',
] as const;
type ObjectKind = (typeof OBJECT_KINDS)[number];

interface Entry {
  value: Obj;
  ref: ObjectRef;
  kind: string;
  key: string;
  /** Order of appearance in the input. */
  seq: number;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function emptyScenario(seed = 1): Scenario {
  return {
    nodes: [],
    pods: [],
    namespaces: [],
    priorityClasses: [],
    pdbs: [],
    services: [],
    replicationControllers: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
    jobs: [],
    config: null,
    changes: [],
    seed,
    positions: new Map(),
    ignored: {},
  };
}

class Loader {
  readonly rep = new Reporter();
  readonly scenario: Scenario;
  private readonly byKind = new Map<string, Entry[]>();
  private readonly usedNames = new Set<string>();
  private readonly configs: { value: Obj; ref: ObjectRef }[] = [];
  private readonly embeddedConfigs: { value: Obj; ref: ObjectRef }[] = [];
  private readonly changeObjects: { value: Obj; ref: ObjectRef }[] = [];
  private resolver = new PriorityResolver([]);
  private seq = 0;
  /** Input order of every pod (generated pods sort right after their workload's position). */
  private readonly podOrder = new Map<Obj, [number, number]>();

  constructor(
    seed: number,
    private readonly slim = false,
    private readonly opts: LoadOptions = {},
  ) {
    this.scenario = emptyScenario(seed);
  }

  // ---- reading ---------------------------------------------------------------------------------

  readFile(name: string, input: string | ByteSource): void {
    const src = new InputText(input, this.opts.chunkSize);
    if (this.opts.fastJson !== false && looksLikeJson(input) && this.readJsonFile(name, src)) return;
    const text = src.all();
    if (this.opts.fastYaml !== false) {
      const fast = fastYaml(text);
      if (fast) {
        this.readFastYaml(name, text, fast);
        return;
      }
    }
    const { docs, problems } = readSource(name, text);
    this.pushProblems(name, problems);
    for (const d of docs) this.readDoc(d.value, { file: name, doc: d.index, source: d.source, range: d.range });
  }

  /** Documents already read (LoadInput.fastDocs). */
  readPrepared(name: string, text: string, docs: FastDoc[]): void {
    this.readFastYaml(name, text, docs);
  }

  /**
   * Documents read by yamlfast.ts: positions inside a document (or inside one element of a
   * list) are found when first needed, by reading just its lines with the yaml library.
   */
  private readFastYaml(name: string, text: string, docs: FastDoc[]): void {
    const source = new SourceText(name, text);
    for (const d of docs) {
      const lazy: LazyPositions = {
        root: d.value,
        done: false,
        materialize: (root) => {
          const fresh = this.yamlPiece(name, source, text, d.linesStart, d.linesEnd);
          if (fresh.length) transferPositions(fresh[0], root);
        },
      };
      this.readDoc(d.value, { file: name, doc: d.index, source, range: { start: d.start, end: d.end }, lazy });
    }
  }

  /** The values (with positions) of the lines [from, to) of a text, read with the yaml library. */
  private yamlPiece(name: string, source: SourceText, text: string, from: number, to: number): unknown[] {
    const at = source.pos(from);
    const piece = new SourceText(name, text.slice(from, to), undefined, { line: at.line, col: at.col, length: to - from });
    return readPiece(piece, 0).docs.map((d) => d.value);
  }

  private pushProblems(name: string, problems: RawProblem[]): void {
    for (const p of problems) {
      const s = p.source.pos(p.range.start);
      const e = p.source.pos(p.range.end);
      this.rep.push({ file: name, doc: p.doc, line: s.line, col: s.col, endLine: e.line, endCol: e.col, path: '', severity: p.severity, message: p.message });
    }
  }

  /** One document (or one top-level JSON value). */
  private readDoc(value: unknown, ref: ObjectRef): void {
    if (Array.isArray(value)) {
      this.readItems(value, ref, null);
    } else if (isObj(value)) {
      const kind = value.kind;
      if (Array.isArray(value.items) && typeof kind === 'string' && (kind === 'List' || kind.endsWith('List'))) {
        this.readItems(value.items, ref, listHint(value));
      } else {
        this.classify(value, ref, null);
      }
    } else {
      this.rep.error(ref, '', `expected a Kubernetes object (a map with apiVersion and kind), got ${typeof value === 'string' ? 'a string' : String(value)}`);
    }
  }

  // ---- the JSON fast path (jsonsource.ts): JSON.parse per list item, positions when needed ----

  /** Reads JSON values; false (with nothing read) when the text is not JSON values after all. */
  private readJsonFile(name: string, src: InputText): boolean {
    const fileSnap = this.snapshot();
    type Cur = { snap: LoaderSnapshot | null; buffered: { text: string; span: JsonSpan; index: number }[] | null };
    let cur: Cur = { snap: null, buffered: null };
    const piece = (text: string, span: JsonSpan, doc: number) => this.parseJsonPiece(name, src, text, span, doc);
    try {
      readJson(src, {
        topStart: (top) => {
          cur = { snap: top.array ? null : this.snapshot(), buffered: null };
        },
        item: (top, index, text, span) => {
          if (top.array) {
            const got = piece(text, span, index);
            if (got) this.readItem(got.value, index, got.ref, null);
            return;
          }
          if (cur.buffered) {
            cur.buffered.push({ text, span, index });
            return;
          }
          if (top.kind !== undefined && !isListKind(top.kind)) return; // not a list: read whole at the end
          const got = piece(text, span, index);
          if (!got) return;
          const v = got.value;
          // Items without a kind take it from the list, which may come after them: keep them (and
          // all after them, in order) until the list's kind is known.
          const needsHint = isObj(v) && v.kind === undefined && Object.keys(v).length > 0;
          if (needsHint && (top.kind === undefined || (top.apiVersion === undefined && v.apiVersion === undefined))) {
            cur.buffered = [{ text, span, index }];
            return;
          }
          // Items with their own kind are read at once; if the value turns out not to be a list,
          // what they did is undone (snapshot).
          this.readItem(v, index, got.ref, top.kind !== undefined ? listHint({ kind: top.kind, apiVersion: top.apiVersion }) : null);
        },
        topEnd: (top, text) => {
          if (top.array || text === null) return;
          if (!top.hasItems) {
            const got = piece(text, top, top.index);
            if (got) this.readDoc(got.value, got.ref);
            return;
          }
          let skel: unknown;
          try {
            skel = JSON.parse(text);
          } catch {
            skel = undefined;
          }
          if (isObj(skel) && typeof skel.kind === 'string' && isListKind(skel.kind) && (top.kind === undefined || top.kind === skel.kind)) {
            const hint = listHint(skel);
            for (const b of cur.buffered ?? []) {
              const got = piece(b.text, b.span, b.index);
              if (got) this.readItem(got.value, b.index, got.ref, hint);
            }
            return;
          }
          // not a list (or a broken one): undo its items, read it whole
          if (cur.snap) this.restore(cur.snap);
          const got = piece(src.text(top.start, top.end), top, top.index);
          if (got) this.readDoc(got.value, got.ref);
        },
      }, { dropManagedFields: this.slim });
    } catch (e) {
      if (!(e instanceof NotJson)) throw e;
      this.restore(fileSnap);
      return false;
    }
    return true;
  }

  /** JSON.parse of one value; what JSON.parse rejects is read the YAML way (located errors, or YAML that looks like JSON). */
  private parseJsonPiece(name: string, src: InputText, text: string, span: JsonSpan, doc: number): { value: unknown; ref: ObjectRef } | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const r = readPiece(new SourceText(name, text, undefined, { line: span.line, col: span.col, length: text.length }), doc);
      this.pushProblems(name, r.problems);
      const d = r.docs[0];
      return d ? { value: d.value, ref: { file: name, doc, source: d.source, range: d.range } } : null;
    }
    const source = pieceSource(name, span, () => src.text(span.start, span.end));
    const lazy: LazyPositions = { root: value, done: false, materialize: (root) => registerJsonPositions(source.text, root, source) };
    return { value, ref: { file: name, doc, source, range: { start: 0, end: text.length }, lazy } };
  }

  private snapshot(): LoaderSnapshot {
    return {
      diagnostics: this.rep.diagnostics.length,
      errors: this.rep.errors,
      ignored: { ...this.scenario.ignored },
      configs: this.configs.length,
      embeddedConfigs: this.embeddedConfigs.length,
      changeObjects: this.changeObjects.length,
      byKind: new Map([...this.byKind].map(([k, v]) => [k, v.length])),
      seq: this.seq,
    };
  }

  private restore(s: LoaderSnapshot): void {
    this.rep.diagnostics.length = s.diagnostics;
    this.rep.errors = s.errors;
    this.scenario.ignored = s.ignored;
    this.configs.length = s.configs;
    this.embeddedConfigs.length = s.embeddedConfigs;
    this.changeObjects.length = s.changeObjects;
    for (const [k, list] of this.byKind) list.length = s.byKind.get(k) ?? 0;
    this.seq = s.seq;
  }

  private readItems(items: unknown[], listRef: ObjectRef, hint: ListHint | null): void {
    const spans = sequenceSpans.get(items);
    if (spans) {
      // a list read by yamlfast.ts: each element finds its own positions when needed
      const source = listRef.source;
      const text = source.text;
      items.forEach((item, i) => {
        const [start, end, from, to] = spans.slice(4 * i, 4 * i + 4);
        const lazy: LazyPositions = {
          root: item,
          done: false,
          materialize: (root) => {
            const fresh = this.yamlPiece(listRef.file, source, text, from, to);
            if (Array.isArray(fresh[0]) && fresh[0].length === 1) transferPositions(fresh[0][0], root);
          },
        };
        this.readItem(item, i, { file: listRef.file, doc: i, source, range: { start, end }, lazy }, hint);
      });
      return;
    }
    if (!posOf(items)) ensurePositions(listRef);
    const p = posOf(items);
    items.forEach((item, i) => {
      const range = p?.items?.[i] ?? listRef.range;
      this.readItem(item, i, { file: listRef.file, doc: i, source: p?.source ?? listRef.source, range }, hint);
    });
  }

  private readItem(item: unknown, i: number, ref: ObjectRef, hint: ListHint | null): void {
    if (!isObj(item)) {
      this.rep.warn(ref, '', `list item ${i} is ${item === null ? 'null' : 'not an object'}; skipped`);
      return;
    }
    if (Object.keys(item).length === 0) {
      this.rep.warn(ref, '', `list item ${i} is an empty object; skipped`);
      return;
    }
    this.classify(item, ref, hint);
  }

  private classify(o: Obj, ref: ObjectRef, hint: ListHint | null): void {
    const kind: unknown = o.kind ?? hint?.kind;
    const apiVersion: unknown = o.apiVersion ?? (o.kind === undefined ? hint?.apiVersion : undefined);
    if (typeof kind !== 'string' || kind === '') {
      this.rep.error(ref, 'kind', kind === undefined ? 'kind not set: every object needs apiVersion and kind' : `kind: expected a string, got ${JSON.stringify(kind)}`, o, 'kind');
      return;
    }
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      this.rep.error(ref, 'apiVersion', `apiVersion not set for kind ${kind}`, o, apiVersion === undefined ? undefined : 'apiVersion');
      return;
    }
    if (kind === 'ConfigMap' && apiVersion === 'v1') {
      if (this.readConfigMap(o, ref)) return;
    }
    const info = KINDS[kind];
    if (!info) {
      this.scenario.ignored[kind] = (this.scenario.ignored[kind] ?? 0) + 1;
      this.rep.info(ref, '', `${kind} (${apiVersion}) is not read by the scheduler; ignored`, o, 'kind');
      return;
    }
    if (!info.apiVersions.includes(apiVersion)) {
      if (kind === 'KubeSchedulerConfiguration' && SCHEDULER_CONFIG_OLD_VERSIONS.includes(apiVersion)) {
        this.rep.warn(ref, 'apiVersion', `${apiVersion} is no longer served by kube-scheduler v1.35 (only ${SCHEDULER_CONFIG_API_VERSION}); read as ${SCHEDULER_CONFIG_API_VERSION}`, o, 'apiVersion');
      } else {
        this.rep.error(ref, 'apiVersion', `no matches for kind "${kind}" in version "${apiVersion}" (kube-apiserver v1.35 serves ${kind} as ${info.apiVersions.join(', ')})`, o, 'apiVersion');
        return;
      }
    }
    if (kind === 'KubeSchedulerConfiguration') {
      this.configs.push({ value: o, ref });
      return;
    }
    if (kind === 'ClusterChanges') {
      this.changeObjects.push({ value: o, ref });
      return;
    }
    this.addObject(kind, o, ref);
  }

  /** A ConfigMap whose data holds a KubeSchedulerConfiguration; returns false for other ConfigMaps. */
  private readConfigMap(o: Obj, ref: ObjectRef): boolean {
    const data = o.data;
    if (!isObj(data)) return false;
    let found = false;
    for (const key of Object.keys(data)) {
      const text = data[key];
      if (typeof text !== 'string' || !/kind:\s*KubeSchedulerConfiguration/.test(text)) continue;
      ensurePositions(ref);
      const p = posOf(data)?.keys?.get(key);
      const outer = posOf(data)?.source ?? ref.source;
      const embedded = readEmbedded(outer, p?.value ?? ref.range, text, ref.file);
      const prefix = `data[${key}].`;
      for (const pr of embedded.problems) {
        const s = pr.source.pos(pr.range.start);
        this.rep.push({ file: ref.file, doc: ref.doc, line: s.line, col: s.col, path: prefix.slice(0, -1), severity: pr.severity, message: pr.message });
      }
      for (const d of embedded.docs) {
        if (!isObj(d.value) || d.value.kind !== 'KubeSchedulerConfiguration') continue;
        found = true;
        const eref: ObjectRef = { file: ref.file, doc: ref.doc, source: d.source, range: d.range, pathPrefix: prefix };
        const v = String(d.value.apiVersion ?? '');
        if (v !== SCHEDULER_CONFIG_API_VERSION) {
          this.rep.warn(eref, 'apiVersion', `${v || 'no apiVersion'}: kube-scheduler v1.35 only reads ${SCHEDULER_CONFIG_API_VERSION}; read as ${SCHEDULER_CONFIG_API_VERSION}`, d.value, 'apiVersion');
        }
        this.embeddedConfigs.push({ value: d.value, ref: eref });
      }
    }
    if (found) this.rep.info(ref, 'data', 'ConfigMap with a KubeSchedulerConfiguration: its profiles are added as a second scheduler beside default-scheduler', o, 'data');
    return found;
  }

  private addObject(kind: string, o: Obj, ref: ObjectRef): void {
    const info = KINDS[kind];
    const ctx: CheckCtx = { rep: this.rep, ref };
    const before = this.rep.errors;
    if (o.metadata === null || o.metadata === undefined) o.metadata = {};
    checkValue(ctx, o, info.schema!, '', undefined, undefined);
    const meta = isObj(o.metadata) ? o.metadata : null;
    if (meta) {
      if (!meta.name && !meta.generateName) {
        this.rep.error(ref, 'metadata.name', 'metadata.name: Required value: name or generateName is required', o, 'metadata');
      } else if (typeof meta.name === 'string' && meta.name) {
        const errs = S.nameCheckFor(kind)(meta.name);
        if (errs.length) this.rep.error(ref, 'metadata.name', `metadata.name: Invalid value: ${JSON.stringify(meta.name)}: ${errs.join('; ')}`, meta, 'name');
      }
    }
    if (this.rep.errors > before) return;
    let value = o;
    if (this.slim) {
      value = slimObject(o, kind);
      if (ref.lazy) ref.lazy.root = value;
    }
    const list = this.byKind.get(kind) ?? [];
    list.push({ value, ref, kind, key: '', seq: this.seq++ });
    this.byKind.set(kind, list);
  }

  // ---- processing ------------------------------------------------------------------------------

  private entries(kind: ObjectKind): Entry[] {
    return this.byKind.get(kind) ?? [];
  }

  private pos(ref: ObjectRef, path = ''): SourcePos {
    return this.rep.startFor(ref, path);
  }

  /** Metadata defaults and duplicate detection for every explicit object. */
  private assignKeys(): void {
    for (const kind of OBJECT_KINDS) {
      const kept: Entry[] = [];
      for (const e of this.entries(kind)) {
        const meta = e.value.metadata;
        const ns = KINDS[kind].namespaced ? (meta.namespace || 'default') : '';
        if (meta.name && this.usedNames.has(`${kind}/${ns}/${meta.name}`)) {
          this.rep.error(e.ref, 'metadata.name', `${kind} ${ns ? `${ns}/` : ''}${meta.name} already exists (defined earlier); this one is ignored`, meta, 'name');
          continue;
        }
        e.key = defaultMetadata(e.value, kind, KINDS[kind].namespaced, this.usedNames, `${e.ref.file}#${e.ref.doc}`);
        kept.push(e);
      }
      this.byKind.set(kind, kept);
    }
  }

  private processPriorityClasses(): void {
    const kept: PriorityClass[] = [];
    for (const e of this.entries('PriorityClass')) {
      defaultPriorityClass(e.value);
      const errs = validatePriorityClass(e.value as PriorityClass, kept);
      if (errs.length) {
        for (const m of errs) this.rep.error(e.ref, m.split(':')[0], m, e.value, m.split(':')[0].split('.')[0]);
        continue;
      }
      kept.push(e.value as PriorityClass);
      this.record(e);
    }
    this.scenario.priorityClasses = kept;
    this.resolver = new PriorityResolver(kept);
  }

  private record(e: Entry): void {
    this.scenario.positions.set(e.key, this.pos(e.ref));
  }

  /** Pod defaults + priority admission. Returns false (with a diagnostic) when admission rejects the pod. */
  private admitPod(pod: Obj, ref: ObjectRef, pathPrefix = ''): boolean {
    defaultPod(pod);
    const spec = pod.spec;
    const r = this.resolver.resolve(spec);
    if (r.error) {
      const field = r.error.startsWith('no PriorityClass') ? 'priorityClassName' : r.error.includes('PreemptionPolicy') ? 'preemptionPolicy' : 'priority';
      const path = joinPath(`${pathPrefix}spec`, field);
      this.rep.error(ref, path, `${path}: ${r.error}`, spec, field);
      return false;
    }
    spec.priority = r.priority;
    spec.preemptionPolicy = r.preemptionPolicy;
    if (r.className) spec.priorityClassName = r.className;
    return true;
  }

  private processNodes(): void {
    for (const e of this.entries('Node')) {
      defaultNode(e.value);
      const st = e.value.status;
      if (!st.allocatable || Object.keys(st.allocatable).length === 0) {
        this.rep.warn(e.ref, 'status.allocatable', `node ${e.value.metadata.name} has no allocatable resources (status.allocatable / status.capacity): no pod will fit on it`, e.value, 'status');
      }
      this.scenario.nodes.push(e.value as Node);
      this.record(e);
    }
  }

  private simple<T>(kind: ObjectKind, target: T[], fn?: (e: Entry) => boolean): void {
    for (const e of this.entries(kind)) {
      if (fn && !fn(e)) continue;
      target.push(e.value as T);
      this.record(e);
    }
  }

  private ownedPods(kind: string, owner: Obj): Obj[] {
    const ns = owner.metadata.namespace;
    return this.entries('Pod')
      .map((e) => e.value)
      .filter(
        (p) =>
          p.metadata.namespace === ns &&
          ((p.metadata.ownerReferences as Obj[] | undefined) ?? []).some(
            (r) => r.kind === kind && r.name === owner.metadata.name && (r.controller === true || r.controller === undefined),
          ),
      );
  }

  private addGenerated(gen: GeneratedPod[], ownerRef: ObjectRef, owner: Obj, ownerSeq: number): void {
    let sub = 0;
    let reported = false;
    const tp = owner ? this.rep.posFor(ownerRef, 'spec.template', owner.spec, 'template') : null;
    const templatePos: SourcePos | null = tp ? { file: tp.file, doc: tp.doc, line: tp.line, col: tp.col, path: tp.path } : null;
    for (const g of gen) {
      const before = this.rep.errors;
      const ok = this.admitPod(g.pod, ownerRef, 'spec.template.');
      if (!ok) {
        if (reported) {
          // one diagnostic per workload is enough
          this.rep.diagnostics.pop();
          this.rep.errors = before;
        }
        reported = true;
        continue;
      }
      const key = `Pod/${g.pod.metadata.namespace}/${g.pod.metadata.name}`;
      this.scenario.pods.push(g.pod as Pod);
      this.podOrder.set(g.pod, [ownerSeq, ++sub]);
      this.scenario.positions.set(key, templatePos ?? this.pos(ownerRef, 'spec.template'));
    }
  }

  private checkTemplate(e: Entry, selector: Obj | undefined): boolean {
    if (!selectorMatchesTemplate(selector, e.value.spec.template)) {
      this.rep.error(
        e.ref,
        'spec.template.metadata.labels',
        `spec.template.metadata.labels: Invalid value: ${JSON.stringify(e.value.spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
        e.value.spec,
        'template',
      );
      return false;
    }
    return true;
  }

  private processWorkloads(): void {
    const ctx = { usedNames: this.usedNames };
    // Generated pods are copies of templates that carry the templates' positions: record them now.
    for (const k of ['ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] as const) {
      for (const e of this.entries(k)) ensurePositions(e.ref);
    }
    // ReplicationControllers: selector defaults to the template labels.
    for (const e of this.entries('ReplicationController')) {
      const spec = e.value.spec ?? (e.value.spec = {});
      if (!spec.template) {
        this.rep.error(e.ref, 'spec.template', 'spec.template: Required value', e.value, 'spec');
        continue;
      }
      if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...(spec.template.metadata?.labels ?? {}) };
      if (!this.checkTemplate(e, { matchLabels: spec.selector })) continue;
      if (spec.replicas === undefined) spec.replicas = 1;
      this.scenario.replicationControllers.push(e.value as ReplicationController);
      this.record(e);
      const have = this.ownedPods('ReplicationController', e.value).length;
      const want = Math.max(0, spec.replicas - have);
      const gen = expandReplicaSet({ ...e.value, spec: { ...spec, replicas: want } }, ctx, 'ReplicationController', 'v1');
      this.addGenerated(gen, e.ref, e.value, e.seq);
    }
    // Deployments (before ReplicaSets, so generated ReplicaSets are expanded with them).
    const explicitRS = this.entries('ReplicaSet');
    for (const e of this.entries('Deployment')) {
      if (!this.checkTemplate(e, e.value.spec.selector)) continue;
      if (e.value.spec.replicas === undefined) e.value.spec.replicas = 1;
      this.scenario.deployments.push(e.value as Deployment);
      this.record(e);
      const owned = explicitRS.some(
        (r) =>
          r.value.metadata.namespace === e.value.metadata.namespace &&
          ((r.value.metadata.ownerReferences as Obj[] | undefined) ?? []).some((o) => o.kind === 'Deployment' && o.name === e.value.metadata.name),
      );
      if (owned) continue;
      const { replicaSet, pods } = expandDeployment(e.value, ctx);
      this.scenario.replicaSets.push(replicaSet as ReplicaSet);
      this.scenario.positions.set(`ReplicaSet/${replicaSet.metadata.namespace}/${replicaSet.metadata.name}`, this.pos(e.ref));
      this.addGenerated(pods, e.ref, e.value, e.seq);
    }
    for (const e of explicitRS) {
      if (!this.checkTemplate(e, e.value.spec.selector)) continue;
      if (e.value.spec.replicas === undefined) e.value.spec.replicas = 1;
      this.scenario.replicaSets.push(e.value as ReplicaSet);
      this.record(e);
      const have = this.ownedPods('ReplicaSet', e.value).length;
      const want = Math.max(0, e.value.spec.replicas - have);
      this.addGenerated(expandReplicaSet({ ...e.value, spec: { ...e.value.spec, replicas: want } }, ctx), e.ref, e.value, e.seq);
    }
    for (const e of this.entries('StatefulSet')) {
      if (!this.checkTemplate(e, e.value.spec.selector)) continue;
      if (e.value.spec.replicas === undefined) e.value.spec.replicas = 1;
      this.scenario.statefulSets.push(e.value as StatefulSet);
      this.record(e);
      const owned = new Set(this.ownedPods('StatefulSet', e.value).map((p) => p.metadata.name as string));
      const gen = expandStatefulSet(e.value, ctx).filter((g) => !owned.has(g.pod.metadata.name));
      this.addGenerated(gen, e.ref, e.value, e.seq);
    }
    for (const e of this.entries('DaemonSet')) {
      if (!this.checkTemplate(e, e.value.spec.selector)) continue;
      this.scenario.daemonSets.push(e.value as DaemonSet);
      this.record(e);
      const covered = new Set<string>();
      for (const p of this.ownedPods('DaemonSet', e.value)) {
        const n = p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
        if (n) covered.add(n);
      }
      const nodes = this.scenario.nodes.filter((n) => !covered.has(n.metadata?.name ?? ''));
      this.addGenerated(expandDaemonSet(e.value, nodes, ctx), e.ref, e.value, e.seq);
    }
    for (const e of this.entries('Job')) {
      defaultJob(e.value);
      if (!e.value.spec.selector) {
        this.rep.error(e.ref, 'spec.selector', 'spec.selector: Required value: with manualSelector: true a selector is required', e.value, 'spec');
        continue;
      }
      if (!this.checkTemplate(e, e.value.spec.selector)) continue;
      const rp = e.value.spec.template.spec.restartPolicy;
      if (rp !== 'Never' && rp !== 'OnFailure') {
        this.rep.error(e.ref, 'spec.template.spec.restartPolicy', `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`, e.value.spec.template.spec, 'restartPolicy');
        continue;
      }
      this.scenario.jobs.push(e.value as Job);
      this.record(e);
      const active = this.ownedPods('Job', e.value).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
      const spec = { ...e.value.spec };
      const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
      spec.parallelism = Math.max(0, parallelism - active);
      if (typeof spec.completions === 'number') spec.completions = Math.max(0, spec.completions - active);
      this.addGenerated(expandJob({ ...e.value, spec }, ctx), e.ref, e.value, e.seq);
    }
  }

  private processPods(): void {
    const nodeNames = new Set(this.scenario.nodes.map((n) => n.metadata?.name ?? ''));
    for (const e of this.entries('Pod')) {
      const phase = e.value.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        // kube-scheduler's pod informer selects status.phase!=Succeeded,status.phase!=Failed
        this.rep.info(e.ref, 'status.phase', `pod ${e.value.metadata.namespace}/${e.value.metadata.name} has finished (${phase}); the scheduler does not see finished pods, so it is left out`, e.value.status, 'phase');
        continue;
      }
      if (!this.admitPod(e.value, e.ref)) continue;
      const nodeName = e.value.spec.nodeName;
      if (nodeName && !nodeNames.has(nodeName)) {
        this.rep.warn(e.ref, 'spec.nodeName', `spec.nodeName: node ${JSON.stringify(nodeName)} is not in the scenario; the pod counts as bound to a missing node`, e.value.spec, 'nodeName');
      }
      this.scenario.pods.push(e.value as Pod);
      this.podOrder.set(e.value, [e.seq, 0]);
      this.record(e);
    }
  }

  private processConfig(): void {
    let main: SchedulerConfig | null = null;
    this.configs.forEach((c, i) => {
      ensurePositions(c.ref);
      const cfg = readSchedulerConfig(c.value, { rep: this.rep, ref: c.ref });
      if (!cfg) return;
      if (i > 0 || main) {
        this.rep.error(c.ref, '', 'only one KubeSchedulerConfiguration is allowed; this one is ignored', c.value, 'kind');
        return;
      }
      main = cfg;
      this.scenario.positions.set('KubeSchedulerConfiguration//', this.pos(c.ref));
    });
    const extra: SchedulerConfig[] = [];
    for (const c of this.embeddedConfigs) {
      const cfg = readSchedulerConfig(c.value, { rep: this.rep, ref: c.ref });
      if (cfg) extra.push(cfg);
    }
    if (extra.length) {
      const base: SchedulerConfig = main ?? { profiles: [{ schedulerName: DEFAULT_SCHEDULER_NAME }] };
      for (const x of extra) {
        for (const p of x.profiles.length ? x.profiles : [{ schedulerName: DEFAULT_SCHEDULER_NAME }]) base.profiles.push(p);
      }
      main = base;
      if (!this.scenario.positions.has('KubeSchedulerConfiguration//')) {
        this.scenario.positions.set('KubeSchedulerConfiguration//', this.pos(this.embeddedConfigs[0].ref));
      }
    }
    this.scenario.config = main;
  }

  private processChanges(): void {
    const all: { change: ClusterChange; order: number }[] = [];
    let order = 0;
    for (const c of this.changeObjects) {
      ensurePositions(c.ref);
      const ctx: CheckCtx = { rep: this.rep, ref: c.ref };
      for (const rc of readClusterChanges(c.value, ctx)) {
        const ch = rc.change;
        const path = `changes[${rc.index}]`;
        if (ch.action === 'addNode' || ch.action === 'addPod') {
          const kind = ch.action === 'addNode' ? 'Node' : 'Pod';
          const o = ch.data as Obj;
          const dref: ObjectRef = { ...c.ref, pathPrefix: `${path}.data.` };
          const before = this.rep.errors;
          if (o.metadata == null) o.metadata = {};
          checkValue({ rep: this.rep, ref: dref }, o, KINDS[kind].schema!, '', undefined, undefined);
          if (!o.metadata.name && !o.metadata.generateName) {
            this.rep.error(dref, 'metadata.name', 'metadata.name: Required value: name or generateName is required', o, 'metadata');
          }
          if (this.rep.errors > before) continue;
          o.apiVersion = o.apiVersion ?? 'v1';
          o.kind = kind;
          defaultMetadata(o, kind, kind === 'Pod', this.usedNames, `${c.ref.file}#${c.ref.doc}#${rc.index}`);
          if (kind === 'Node') defaultNode(o);
          else if (!this.admitPod(o, dref)) continue;
          ch.target = kind === 'Node' ? o.metadata.name : `${o.metadata.namespace}/${o.metadata.name}`;
        }
        ch.pos = this.pos(c.ref, path);
        const p = this.rep.posFor(c.ref, path, c.value.changes, rc.index);
        ch.pos = { file: p.file, doc: p.doc, line: p.line, col: p.col, path: p.path };
        all.push({ change: ch, order: order++ });
      }
    }
    all.sort((a, b) => a.change.at - b.change.at || a.order - b.order);
    this.scenario.changes = all.map((x) => x.change);
  }

  finish(): LoadResult {
    this.assignKeys();
    for (const e of this.entries('Namespace')) defaultNamespace(e.value);
    this.simple<Namespace>('Namespace', this.scenario.namespaces);
    this.processPriorityClasses();
    this.processNodes();
    this.simple<Service>('Service', this.scenario.services);
    this.simple<PodDisruptionBudget>('PodDisruptionBudget', this.scenario.pdbs);
    this.processPods();
    this.processWorkloads();
    this.processConfig();
    this.processChanges();
    const order = (p: Pod): [number, number] => this.podOrder.get(p as Obj) ?? [Number.MAX_SAFE_INTEGER, 0];
    this.scenario.pods.sort((a, b) => {
      const x = order(a);
      const y = order(b);
      return x[0] - y[0] || x[1] - y[1];
    });
    return { scenario: this.scenario, diagnostics: this.rep.diagnostics };
  }
}

/**
 * Reads a scenario from YAML/JSON texts (or bytes). Never throws. JSON is read with JSON.parse,
 * one list item at a time, and positions inside an object are found only for diagnostics.
 */
export function loadScenario(inputs: LoadInput[], opts: LoadOptions = {}): LoadResult {
  const sources = inputs.map((i) => (i.text === undefined && i.bytes ? (i.bytes instanceof Uint8Array ? bytesSource(i.bytes) : i.bytes) : (i.text ?? '')));
  const size = sources.reduce((n, s) => n + (typeof s === 'string' ? s.length : s.size), 0);
  const slim = opts.slim === true || ((opts.slim ?? 'auto') === 'auto' && size >= SLIM_THRESHOLD);
  const loader = new Loader(opts.seed ?? 1, slim, opts);
  try {
    inputs.forEach((input, i) => {
      const name = input.name || '<input>';
      if (input.fastDocs && typeof input.text === 'string') loader.readPrepared(name, input.text, input.fastDocs);
      else loader.readFile(name, sources[i]);
    });
    return loader.finish();
  } catch (e) {
    const d: Diagnostic = {
      file: inputs[0]?.name ?? '<input>',
      doc: 0,
      line: 1,
      col: 1,
      path: '',
      severity: 'error',
      message: `internal error while loading: ${e instanceof Error ? e.message : String(e)}`,
    };
    return { scenario: loader.scenario, diagnostics: [...loader.rep.diagnostics, d] };
  }
}

export type { SourceText };
