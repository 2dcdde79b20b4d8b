// Scrubbing secrets out of a scenario before it goes into a link.
//
// The scheduler never reads environment variable values, Secret/ConfigMap data or (apart from a
// few keys) annotation values, but people paste real manifests, and those carry passwords,
// tokens and `kubectl.kubernetes.io/last-applied-configuration` (a full copy of the object).
// `scrubSecrets` replaces each such value with "<redacted>" *in the text*, so comments, order
// and formatting stay as typed; only the replaced values change. Pure TS, no DOM.

import { isMap, isScalar, isSeq, isAlias, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';

export const REDACTED = '<redacted>';

/**
 * Annotations whose values scheduling (or the simulation around it) reads, kept as they are.
 * Everything else under metadata.annotations is scrubbed.
 */
export const KEPT_ANNOTATIONS: ReadonlySet<string> = new Set([
  // ReplicaSet scale-down order (the simulator's "scale" change picks victims like the controller).
  'controller.kubernetes.io/pod-deletion-cost',
  // Static (mirror) pods: the kubelet's marker, read by preemption's and eviction's rules.
  'kubernetes.io/config.mirror',
  'kubernetes.io/config.source',
  // Legacy scheduling annotations that old manifests still carry.
  'scheduler.alpha.kubernetes.io/critical-pod',
  'scheduler.alpha.kubernetes.io/preferAvoidPods',
  // Cluster autoscaler hint often asked about next to preemption.
  'cluster-autoscaler.kubernetes.io/safe-to-evict',
]);
/** Annotation prefixes kept as well (schedlab's own). */
const KEPT_PREFIXES = ['schedlab.io/', 'schedlab.dev/'];

export function isKeptAnnotation(key: string): boolean {
  return KEPT_ANNOTATIONS.has(key) || KEPT_PREFIXES.some((p) => key.startsWith(p));
}

export interface ScrubCounts {
  /** Container environment variable values. */
  env: number;
  /** Annotation values. */
  annotations: number;
  /** Secret and ConfigMap data values. */
  data: number;
}

export interface ScrubResult {
  text: string;
  counts: ScrubCounts;
  /** Total number of values replaced. */
  total: number;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const DATA_KEYS = new Set(['data', 'stringData', 'binaryData']);

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Replaces secret-like values in YAML or JSON text; text that does not parse is returned unchanged. */
export function scrubSecrets(text: string): ScrubResult {
  const counts: ScrubCounts = { env: 0, annotations: 0, data: 0 };
  const edits: Edit[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return { text, counts, total: 0 };
  }
  if (!Array.isArray(docs)) return { text, counts, total: 0 };

  const redact = (node: unknown, what: keyof ScrubCounts) => {
    if (!(isScalar(node) || isAlias(node))) return;
    if (isScalar(node) && (node.value === null || node.value === '' || node.value === REDACTED)) return;
    const range = (node as YamlNode).range;
    if (!range) return;
    const [start, end] = range;
    if (end <= start) return;
    const old = text.slice(start, end);
    const trailing = /\n+$/.exec(old)?.[0] ?? '';
    edits.push({ start, end, text: JSON.stringify(REDACTED) + trailing });
    counts[what]++;
  };

  const scrubEnvOf = (container: unknown) => {
    if (!isMap(container)) return;
    const env = container.get('env', true);
    if (!isSeq(env)) return;
    for (const v of env.items) if (isMap(v)) redact(v.get('value', true), 'env');
  };

  const scrubMapValues = (m: unknown, what: keyof ScrubCounts, keep?: (k: string) => boolean) => {
    if (!isMap(m)) return;
    for (const pair of m.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (keep?.(key)) continue;
      redact(pair.value, what);
    }
  };

  const walk = (node: unknown, depth: number): void => {
    if (depth > 200) return;
    if (isSeq(node)) {
      for (const it of node.items) walk(it, depth + 1);
      return;
    }
    if (!isMap(node)) return;
    const map = node as YAMLMap;
    const kind = scalarValue(map.get('kind', true));
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      if (CONTAINER_LISTS.has(key) && isSeq(value)) {
        for (const c of value.items) scrubEnvOf(c);
      } else if (key === 'metadata' && isMap(value)) {
        scrubMapValues(value.get('annotations', true), 'annotations', isKeptAnnotation);
      } else if ((kind === 'Secret' || kind === 'ConfigMap') && DATA_KEYS.has(key)) {
        // A KubeSchedulerConfiguration embedded in a ConfigMap is read by the loader: keep it.
        scrubMapValues(value, 'data', (k) => kind === 'ConfigMap' && /kind:\s*KubeSchedulerConfiguration/.test(String(scalarValue(isMap(value) ? value.get(k, true) : null) ?? '')));
        continue;
      }
      walk(value, depth + 1);
    }
  };

  for (const doc of docs) walk(doc.contents, 0);
  if (!edits.length) return { text, counts, total: 0 };
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Infinity;
  for (const e of edits) {
    if (e.end > lastStart) continue; // overlapping (cannot happen for scalars; be safe)
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return { text: out, counts, total: counts.env + counts.annotations + counts.data };
}

function scalarValue(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** "3 environment variable values and 1 annotation value", for messages. */
export function describeScrub(c: ScrubCounts): string {
  const parts: string[] = [];
  if (c.env) parts.push(plural(c.env, 'environment variable value'));
  if (c.annotations) parts.push(plural(c.annotations, 'annotation value'));
  if (c.data) parts.push(plural(c.data, 'Secret/ConfigMap value'));
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
