// Drawing tools edit the scenario YAML itself (DESIGN.md: "there is no second model of the
// cluster"). Each function takes the source text and returns the new text; the caller hands it
// to useScenario.setSource(text, 'draw'), and the editor follows. Only the YAML documents that
// change are re-printed; every other byte of the source (comments, formatting) is kept.
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

type Path = (string | number)[];
interface Found {
  doc: number;
  /** Path of the object inside its document ([] or ['items', i] for a List). */
  path: Path;
}

interface Parsed {
  text: string;
  docs: Document.Parsed[];
}

function parse(text: string): Parsed {
  return { text, docs: parseAllDocuments(text) as Document.Parsed[] };
}

/** Re-prints the changed documents in place. */
function print(p: Parsed, changed: Set<number>, removed = new Set<number>()): string {
  let out = '';
  let pos = 0;
  p.docs.forEach((d, i) => {
    const end = d.range[2];
    if (removed.has(i)) {
      // drop the document with its separator
    } else if (changed.has(i)) {
      let s = d.toString();
      if (i > 0 && !s.startsWith('---')) s = `---\n${s}`;
      out += s;
    } else out += p.text.slice(pos, end);
    pos = end;
  });
  out += p.text.slice(pos);
  if (out.startsWith('---\n') && !p.text.startsWith('---')) out = out.slice(4);
  return out;
}

function objectsOf(d: Document.Parsed): { path: Path; kind: string; name: string; namespace: string }[] {
  const root = d.contents;
  if (!isMap(root)) return [];
  const kind = String(d.get('kind') ?? '');
  const one = (path: Path) => ({
    path,
    kind: String(d.getIn([...path, 'kind']) ?? ''),
    name: String(d.getIn([...path, 'metadata', 'name']) ?? ''),
    namespace: String(d.getIn([...path, 'metadata', 'namespace']) ?? 'default'),
  });
  if (/List$/.test(kind)) {
    const items = d.get('items');
    if (!isSeq(items)) return [];
    return items.items.map((_, i) => one(['items', i]));
  }
  return [one([])];
}

function findObject(p: Parsed, kind: string, name: string, namespace?: string): Found | null {
  for (let i = 0; i < p.docs.length; i++) {
    for (const o of objectsOf(p.docs[i])) {
      if (o.kind === kind && o.name === name && (namespace === undefined || o.namespace === namespace)) return { doc: i, path: o.path };
    }
  }
  return null;
}

function editNode(text: string, node: string, fn: (d: Document.Parsed, path: Path) => void): string {
  const p = parse(text);
  const f = findObject(p, 'Node', node);
  if (!f) return text;
  fn(p.docs[f.doc], f.path);
  return print(p, new Set([f.doc]));
}

export function nodeNames(text: string): string[] {
  const p = parse(text);
  return p.docs.flatMap((d) => objectsOf(d).filter((o) => o.kind === 'Node').map((o) => o.name));
}

/** Sets (value a string) or removes (null) a label of a node. */
export function setNodeLabel(text: string, node: string, key: string, value: string | null): string {
  return editNode(text, node, (d, path) => {
    if (value === null) {
      d.deleteIn([...path, 'metadata', 'labels', key]);
      const labels = d.getIn([...path, 'metadata', 'labels']);
      if (isMap(labels) && labels.items.length === 0) d.deleteIn([...path, 'metadata', 'labels']);
    } else d.setIn([...path, 'metadata', 'labels', key], value);
  });
}

export function setNodeLabels(text: string, node: string, labels: Record<string, string>): string {
  return editNode(text, node, (d, path) => {
    if (Object.keys(labels).length === 0) d.deleteIn([...path, 'metadata', 'labels']);
    else d.setIn([...path, 'metadata', 'labels'], d.createNode(labels));
  });
}

export interface TaintInput {
  key: string;
  value?: string;
  effect: string;
}

export function setNodeTaints(text: string, node: string, taints: TaintInput[]): string {
  return editNode(text, node, (d, path) => {
    if (!taints.length) {
      d.deleteIn([...path, 'spec', 'taints']);
      const spec = d.getIn([...path, 'spec']);
      if (isMap(spec) && spec.items.length === 0) d.deleteIn([...path, 'spec']);
      return;
    }
    const list = taints.map((t) => (t.value ? { key: t.key, value: t.value, effect: t.effect } : { key: t.key, effect: t.effect }));
    const seq = d.createNode(list);
    for (const it of (seq as { items: unknown[] }).items) if (isMap(it)) it.flow = true;
    d.setIn([...path, 'spec', 'taints'], seq);
  });
}

/** Sets allocatable (and capacity, when the node has it) cpu / memory / pods. */
export function setNodeCapacity(text: string, node: string, cap: { cpu?: string; memory?: string; pods?: string }): string {
  return editNode(text, node, (d, path) => {
    for (const [k, v] of Object.entries(cap)) {
      if (v === undefined || v === '') continue;
      d.setIn([...path, 'status', 'allocatable', k], v);
      if (d.hasIn([...path, 'status', 'capacity'])) d.setIn([...path, 'status', 'capacity', k], v);
    }
  });
}

export function setCordon(text: string, node: string, cordoned: boolean): string {
  return editNode(text, node, (d, path) => {
    if (cordoned) d.setIn([...path, 'spec', 'unschedulable'], true);
    else {
      d.deleteIn([...path, 'spec', 'unschedulable']);
      const spec = d.getIn([...path, 'spec']);
      if (isMap(spec) && spec.items.length === 0) d.deleteIn([...path, 'spec']);
    }
  });
}

/** Removes a node; pods bound to it lose spec.nodeName and become pending. */
export function deleteNode(text: string, node: string): string {
  const p = parse(text);
  const f = findObject(p, 'Node', node);
  if (!f) return text;
  const changed = new Set<number>();
  const removed = new Set<number>();
  if (f.path.length === 0) removed.add(f.doc);
  else {
    p.docs[f.doc].deleteIn(f.path);
    changed.add(f.doc);
  }
  p.docs.forEach((d, i) => {
    if (removed.has(i)) return;
    for (const o of objectsOf(d)) {
      if (o.kind === 'Pod' && d.getIn([...o.path, 'spec', 'nodeName']) === node) {
        d.deleteIn([...o.path, 'spec', 'nodeName']);
        changed.add(i);
      }
    }
  });
  // List items were deleted by index: re-resolving paths after deletion is not needed because
  // each document changes at most by one node removal before pod edits (pods found afresh above).
  return print(p, changed, removed);
}

export interface NewNode {
  name: string;
  zone?: string;
  region?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
}

export function addNode(text: string, n: NewNode): string {
  const labels: Record<string, string> = { [HOSTNAME_LABEL]: n.name, ...(n.labels ?? {}) };
  if (n.region) labels[REGION_LABEL] = n.region;
  if (n.zone) labels[ZONE_LABEL] = n.zone;
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const doc = [
    'apiVersion: v1',
    'kind: Node',
    'metadata:',
    `  name: ${n.name}`,
    '  labels:',
    labelLines,
    'status:',
    `  allocatable: { cpu: "${n.cpu ?? '4'}", memory: ${n.memory ?? '8Gi'}, pods: "${n.pods ?? '110'}" }`,
    '',
  ].join('\n');
  const trimmed = text.replace(/\s*$/, '');
  if (!trimmed) return doc;
  return `${trimmed}\n---\n${doc}`;
}

/** A node name not yet used: node-<n>. */
export function nextNodeName(existing: Iterable<string>, prefix = 'node-'): string {
  const used = new Set(existing);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** A zone name not yet used: zone-<letter>. */
export function nextZoneName(existing: Iterable<string>): string {
  const used = new Set(existing);
  for (let i = 0; i < 26 * 27; i++) {
    const s = i < 26 ? String.fromCharCode(97 + i) : `${String.fromCharCode(97 + Math.floor(i / 26) - 1)}${String.fromCharCode(97 + (i % 26))}`;
    if (!used.has(`zone-${s}`)) return `zone-${s}`;
  }
  return `zone-${Date.now()}`;
}
