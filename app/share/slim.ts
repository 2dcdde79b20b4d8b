// Slimming: keep only what scheduling reads of a Kubernetes object.
//
// A `kubectl get nodes,pods -A -o json` dump of a real cluster is mostly managedFields, env,
// annotations (last-applied-configuration), probes, volume mounts and node status that the
// scheduler never looks at. `slimObject` keeps, per kind, the fields that kube-scheduler's
// plugins, its queue and schedlab's simulator read, and drops the rest; `Slimmer` does that for
// a stream of objects and counts what it skipped, per kind. Pure TS, no DOM: the import worker
// and vitest use it.

import { isKeptAnnotation } from './scrub';
import { toYamlDoc } from './yamlout';
import { preparedToFastDocs, type FastDoc, type PreparedDocs } from '../../engine/api/yamlfast';

type Obj = Record<string, unknown>;

/** Kinds the scenario loader reads (engine/api/scenario.ts: Scenario). */
export const SCHEDULING_KINDS: ReadonlySet<string> = new Set([
  'Node',
  'Pod',
  'Namespace',
  'PriorityClass',
  'PodDisruptionBudget',
  'Service',
  'ReplicationController',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'KubeSchedulerConfiguration',
  // schedlab's timed cluster changes (schedlab.dev/v1alpha1, engine/api/changes.ts)
  'ClusterChanges',
]);

/** A ConfigMap that embeds a KubeSchedulerConfiguration (the loader reads those). */
export function isSchedulerConfigMap(o: Obj): boolean {
  return o.kind === 'ConfigMap' && isObj(o.data) && Object.values(o.data).some((v) => typeof v === 'string' && /kind:\s*KubeSchedulerConfiguration/.test(v));
}

/** Order in which kept objects are written (stable within a kind: pending pods keep their order). */
const KIND_ORDER = [
  'KubeSchedulerConfiguration',
  'ConfigMap',
  'Namespace',
  'PriorityClass',
  'Node',
  'PodDisruptionBudget',
  'Service',
  'ReplicationController',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'Pod',
  'ClusterChanges',
];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(src: unknown, keys: readonly string[]): Obj | undefined {
  if (!isObj(src)) return undefined;
  const out: Obj = {};
  for (const k of keys) if (src[k] !== undefined && src[k] !== null) out[k] = src[k];
  return Object.keys(out).length ? out : undefined;
}

function nonEmpty(o: Obj): Obj | undefined {
  return Object.keys(o).length ? o : undefined;
}

function setIf(o: Obj, k: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (Array.isArray(v) && v.length === 0) return;
  if (isObj(v) && Object.keys(v).length === 0) return;
  o[k] = v;
}

function slimMetadata(m: unknown, clusterScoped: boolean): Obj {
  const out: Obj = {};
  if (!isObj(m)) return out;
  setIf(out, 'name', m.name);
  if (!m.name) setIf(out, 'generateName', m.generateName);
  if (!clusterScoped) setIf(out, 'namespace', m.namespace);
  setIf(out, 'uid', m.uid);
  setIf(out, 'labels', m.labels);
  if (isObj(m.annotations)) {
    const kept: Obj = {};
    for (const [k, v] of Object.entries(m.annotations)) if (isKeptAnnotation(k)) kept[k] = v;
    setIf(out, 'annotations', kept);
  }
  if (Array.isArray(m.ownerReferences)) {
    setIf(
      out,
      'ownerReferences',
      m.ownerReferences.map((r) => pick(r, ['apiVersion', 'kind', 'name', 'uid', 'controller'])).filter(Boolean),
    );
  }
  setIf(out, 'creationTimestamp', m.creationTimestamp);
  setIf(out, 'deletionTimestamp', m.deletionTimestamp);
  setIf(out, 'deletionGracePeriodSeconds', m.deletionGracePeriodSeconds);
  return out;
}

function slimContainer(c: unknown): Obj | undefined {
  if (!isObj(c)) return undefined;
  const out: Obj = {};
  setIf(out, 'name', c.name);
  setIf(out, 'image', c.image);
  setIf(out, 'resources', pick(c.resources, ['requests', 'limits', 'claims']));
  if (Array.isArray(c.ports)) {
    // Only host ports matter (NodePorts filter); container-only ports are not scheduled on.
    setIf(
      out,
      'ports',
      c.ports
        .filter((p) => isObj(p) && p.hostPort)
        .map((p) => pick(p, ['name', 'containerPort', 'hostPort', 'hostIP', 'protocol'])),
    );
  }
  setIf(out, 'restartPolicy', c.restartPolicy); // restartable init containers (sidecars)
  return out;
}

/** Volume sources that scheduling plugins read (VolumeBinding, VolumeRestrictions, limits, zones). */
const SCHEDULING_VOLUME_SOURCES = [
  'persistentVolumeClaim',
  'ephemeral',
  'csi',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'azureDisk',
  'iscsi',
  'rbd',
  'cinder',
];

function slimPodSpec(s: unknown): Obj {
  const out: Obj = {};
  if (!isObj(s)) return out;
  setIf(out, 'schedulerName', s.schedulerName);
  setIf(out, 'nodeName', s.nodeName);
  setIf(out, 'nodeSelector', s.nodeSelector);
  setIf(out, 'affinity', s.affinity);
  setIf(out, 'tolerations', s.tolerations);
  setIf(out, 'topologySpreadConstraints', s.topologySpreadConstraints);
  setIf(out, 'priorityClassName', s.priorityClassName);
  setIf(out, 'priority', s.priority);
  setIf(out, 'preemptionPolicy', s.preemptionPolicy);
  setIf(out, 'schedulingGates', s.schedulingGates);
  setIf(out, 'overhead', s.overhead);
  setIf(out, 'resources', s.resources); // pod-level resources
  setIf(out, 'resourceClaims', s.resourceClaims);
  setIf(out, 'hostNetwork', s.hostNetwork);
  setIf(out, 'terminationGracePeriodSeconds', s.terminationGracePeriodSeconds);
  if (Array.isArray(s.initContainers)) setIf(out, 'initContainers', s.initContainers.map(slimContainer).filter(Boolean));
  if (Array.isArray(s.containers)) out.containers = s.containers.map(slimContainer).filter(Boolean);
  if (Array.isArray(s.volumes)) {
    setIf(
      out,
      'volumes',
      s.volumes.filter((v) => isObj(v) && SCHEDULING_VOLUME_SOURCES.some((k) => v[k] !== undefined)),
    );
  }
  return out;
}

function slimTemplate(t: unknown): Obj | undefined {
  if (!isObj(t)) return undefined;
  const out: Obj = {};
  setIf(out, 'metadata', nonEmpty(slimMetadata(t.metadata, false)));
  out.spec = slimPodSpec(t.spec);
  return out;
}

function slimNode(o: Obj): Obj {
  const spec = pick(o.spec, ['taints', 'unschedulable']);
  const st = isObj(o.status) ? o.status : {};
  const status: Obj = {};
  setIf(status, 'capacity', st.capacity);
  setIf(status, 'allocatable', st.allocatable);
  if (Array.isArray(st.conditions)) {
    setIf(status, 'conditions', st.conditions.map((c) => pick(c, ['type', 'status'])).filter(Boolean));
  }
  if (Array.isArray(st.images)) {
    setIf(status, 'images', st.images.map((i) => pick(i, ['names', 'sizeBytes'])).filter(Boolean));
  }
  const out: Obj = { apiVersion: o.apiVersion ?? 'v1', kind: 'Node', metadata: slimMetadata(o.metadata, true) };
  setIf(out, 'spec', spec);
  setIf(out, 'status', status);
  return out;
}

function slimPod(o: Obj): Obj {
  const out: Obj = { apiVersion: o.apiVersion ?? 'v1', kind: 'Pod', metadata: slimMetadata(o.metadata, false) };
  out.spec = slimPodSpec(o.spec);
  setIf(out, 'status', pick(o.status, ['phase', 'nominatedNodeName', 'startTime', 'qosClass']));
  return out;
}

function slimWorkload(o: Obj, kind: string): Obj {
  const out: Obj = { apiVersion: o.apiVersion, kind, metadata: slimMetadata(o.metadata, false) };
  const s = isObj(o.spec) ? o.spec : {};
  const spec: Obj = {};
  for (const k of ['replicas', 'selector', 'parallelism', 'completions', 'podManagementPolicy', 'serviceName', 'minReadySeconds']) {
    setIf(spec, k, s[k]);
  }
  setIf(spec, 'template', slimTemplate(s.template));
  out.spec = spec;
  return out;
}

/** The slimmed object, or null when scheduling never reads its kind. */
export function slimObject(o: Obj): Obj | null {
  const kind = typeof o.kind === 'string' ? o.kind : '';
  switch (kind) {
    case 'Node':
      return slimNode(o);
    case 'Pod':
      return slimPod(o);
    case 'Namespace':
      return { apiVersion: o.apiVersion ?? 'v1', kind, metadata: slimMetadata(o.metadata, true) };
    case 'PriorityClass': {
      const out: Obj = { apiVersion: o.apiVersion ?? 'scheduling.k8s.io/v1', kind, metadata: slimMetadata(o.metadata, true) };
      for (const k of ['value', 'globalDefault', 'preemptionPolicy']) setIf(out, k, o[k]);
      return out;
    }
    case 'PodDisruptionBudget': {
      const out: Obj = { apiVersion: o.apiVersion ?? 'policy/v1', kind, metadata: slimMetadata(o.metadata, false) };
      setIf(out, 'spec', pick(o.spec, ['selector', 'minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy']));
      setIf(out, 'status', pick(o.status, ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'disruptedPods']));
      return out;
    }
    case 'Service': {
      const out: Obj = { apiVersion: o.apiVersion ?? 'v1', kind, metadata: slimMetadata(o.metadata, false) };
      setIf(out, 'spec', pick(o.spec, ['selector']));
      return out;
    }
    case 'ReplicationController':
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return slimWorkload(o, kind);
    case 'KubeSchedulerConfiguration':
    case 'ClusterChanges':
      return o;
    case 'ConfigMap':
      return isSchedulerConfigMap(o) ? { apiVersion: o.apiVersion ?? 'v1', kind, metadata: slimMetadata(o.metadata, false), data: o.data } : null;
    default:
      return null;
  }
}

/** Guesses the kind of a list item that has none (raw API lists omit it in items). */
export function guessKind(o: Obj, listKind?: string): string | undefined {
  if (typeof o.kind === 'string' && o.kind) return o.kind;
  if (listKind && listKind.endsWith('List') && listKind !== 'List') return listKind.slice(0, -4);
  const spec = isObj(o.spec) ? o.spec : {};
  const status = isObj(o.status) ? o.status : {};
  if (Array.isArray(spec.containers)) return 'Pod';
  if (status.nodeInfo || status.allocatable || status.capacity || spec.podCIDR || spec.providerID) return 'Node';
  return undefined;
}

export interface SlimSummary {
  /** Kept objects per kind. */
  kept: Record<string, number>;
  /** Skipped objects per kind ("Pod (Succeeded)" for finished pods the scheduler ignores). */
  ignored: Record<string, number>;
  /** Bytes of input read (for progress). */
  bytesIn: number;
}

/** Objects written out by renderParts, per kind (in KIND_ORDER). */
export interface RenderedParts {
  /** kind → the documents ("---\n" + YAML, joined), the length of each (without "---\n"), their JSON values joined by ",". */
  kinds: [string, { yaml: string; lengths: number[]; values: string }][];
}


/**
 * Collects objects (from any number of files), slims them and writes one multi-document YAML.
 * Lists are expanded, kind-less items get a kind from their list or their shape, finished pods
 * (Succeeded/Failed) are dropped like kube-scheduler's informer drops them.
 */
export class Slimmer {
  private byKind = new Map<string, Obj[]>();
  readonly summary: SlimSummary = { kept: {}, ignored: {}, bytesIn: 0 };
  /** Keep objects whole (no field slimming), still expanding lists and skipping other kinds. */
  constructor(private readonly slimFields = true) {}

  add(value: unknown, listKind?: string): void {
    if (Array.isArray(value)) {
      for (const v of value) this.add(v, listKind);
      return;
    }
    if (!isObj(value)) {
      if (value !== null && value !== undefined) this.count('ignored', '(not an object)');
      return;
    }
    if (Array.isArray(value.items) && (typeof value.kind !== 'string' || value.kind.endsWith('List'))) {
      const lk = typeof value.kind === 'string' ? value.kind : undefined;
      for (const it of value.items) this.add(it, lk);
      return;
    }
    const kind = guessKind(value, listKind);
    if (!kind) {
      this.count('ignored', '(no kind)');
      return;
    }
    if (kind === 'Pod') {
      const phase = isObj(value.status) ? value.status.phase : undefined;
      if (phase === 'Succeeded' || phase === 'Failed') {
        this.count('ignored', `Pod (${phase})`);
        return;
      }
    }
    const meta = isObj(value.metadata) ? value.metadata : {};
    if (kind !== 'KubeSchedulerConfiguration' && kind !== 'ClusterChanges' && !meta.name && !meta.generateName) {
      this.count('ignored', '(no name)');
      return;
    }
    const withKind = value.kind === kind ? value : { ...value, kind };
    if (!SCHEDULING_KINDS.has(kind) && !isSchedulerConfigMap(withKind)) {
      this.count('ignored', kind);
      return;
    }
    const slim = this.slimFields ? slimObject(withKind) : withKind;
    if (!slim) {
      this.count('ignored', kind);
      return;
    }
    if (!slim.apiVersion) slim.apiVersion = defaultApiVersion(kind);
    this.count('kept', kind);
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = []));
    list.push(slim);
  }

  /** Adds what `other` collected (kept objects after this one's, per kind; counts summed). */
  merge(other: Slimmer): void {
    for (const [k, list] of other.byKind) {
      const mine = this.byKind.get(k);
      if (mine) for (const o of list) mine.push(o);
      else this.byKind.set(k, list);
    }
    for (const which of ['kept', 'ignored'] as const) {
      for (const [k, n] of Object.entries(other.summary[which])) this.summary[which][k] = (this.summary[which][k] ?? 0) + n;
    }
  }

  private count(which: 'kept' | 'ignored', kind: string): void {
    const m = this.summary[which];
    m[kind] = (m[kind] ?? 0) + 1;
  }

  objects(): Obj[] {
    const out: Obj[] = [];
    for (const k of KIND_ORDER) out.push(...(this.byKind.get(k) ?? []));
    return out;
  }

  /** The kept objects as one multi-document YAML stream, with a comment saying what was done. */
  toYaml(header?: string): string {
    return Slimmer.assemble(this.headerLines(this.summary, header), [this.renderParts()]).yaml;
  }

  /**
   * The YAML, and each of its documents as the engine's fast YAML reader reads it back
   * (engine/api/yamlfast.ts FastDoc: the object and where its lines are), so the engine can take
   * the objects without reading the text again (see app/worker/prepared.ts).
   */
  toYamlDocs(header?: string): { yaml: string; docs: FastDoc[] } {
    const { yaml, docsJson } = Slimmer.assemble(this.headerLines(this.summary, header), [this.renderParts()]);
    return { yaml, docs: preparedToFastDocs(JSON.parse(docsJson) as PreparedDocs) };
  }

  /** The comment lines at the top of the YAML, for the objects `summary` counts. */
  headerLines(summary: SlimSummary, header?: string): string[] {
    const lines: string[] = [];
    if (header) for (const l of header.split('\n')) lines.push(`# ${l}`.trimEnd());
    const kept = describeCounts(summary.kept);
    const ignored = describeCounts(summary.ignored);
    lines.push(`# Kept: ${kept || 'nothing'}.`);
    if (ignored) lines.push(`# Ignored (not read by the scheduler): ${ignored}.`);
    if (this.slimFields) lines.push('# Only the fields that scheduling reads were kept (no managedFields, env, status details, most annotations).');
    return lines;
  }

  /** The objects written out, per kind: YAML documents and JSON values (plain strings: cheap to post). */
  renderParts(): RenderedParts {
    const kinds: RenderedParts['kinds'] = [];
    for (const k of KIND_ORDER) {
      const list = this.byKind.get(k);
      if (!list?.length) continue;
      const texts: string[] = [];
      const lengths: number[] = [];
      const values: string[] = [];
      for (const o of list) {
        const t = toYamlDoc(o);
        texts.push(`---\n${t}`);
        lengths.push(t.length);
        values.push(JSON.stringify(o));
      }
      kinds.push([k, { yaml: texts.join(''), lengths, values: values.join(',') }]);
    }
    return { kinds };
  }

  /**
   * One YAML text from header lines and rendered parts (of several Slimmers, in the order their
   * objects came: per kind, the objects of each part one after the other), and the prepared
   * documents of that text (PreparedDocs, as JSON).
   */
  static assemble(headerLines: string[], parts: RenderedParts[]): { yaml: string; docsJson: string } {
    const head = `${headerLines.join('\n')}\n`;
    const texts: string[] = [head];
    const offsets: number[] = [];
    const values: string[] = [];
    let at = head.length;
    const byKind = parts.map((p) => new Map(p.kinds));
    for (const k of KIND_ORDER) {
      for (const m of byKind) {
        const part = m.get(k);
        if (!part) continue;
        texts.push(part.yaml);
        for (const len of part.lengths) {
          const start = at + 4; // after "---\n"
          offsets.push(start, start + len);
          at = start + len;
        }
        if (part.values) values.push(part.values);
      }
    }
    return { yaml: texts.join(''), docsJson: `{"offsets":${JSON.stringify(offsets)},"values":[${values.join(',')}]}` };
  }
}

function defaultApiVersion(kind: string): string {
  switch (kind) {
    case 'PriorityClass':
      return 'scheduling.k8s.io/v1';
    case 'PodDisruptionBudget':
      return 'policy/v1';
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return 'apps/v1';
    case 'Job':
      return 'batch/v1';
    case 'KubeSchedulerConfiguration':
      return 'kubescheduler.config.k8s.io/v1';
    default:
      return 'v1';
  }
}

/** "12 ConfigMap, 3 Service" — most frequent first. */
export function describeCounts(m: Record<string, number>): string {
  return Object.entries(m)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`)
    .join(', ');
}
