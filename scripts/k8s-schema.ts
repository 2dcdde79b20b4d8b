// Builds the JSON Schema that the editor (monaco-yaml) validates and completes scenario YAML with.
//
// Source: the `kubernetes-types` package (already the engine's object types), whose declaration
// files carry every field of every Kubernetes API type with its upstream description. No npm
// package ships the plain Kubernetes JSON Schemas (kubernetes-models ships compiled validators
// without the schemas or descriptions), so this reads those declarations: interfaces become
// definitions, `?` marks optional fields, doc comments become descriptions. Only the kinds a
// scenario uses (and what they reference) are kept. Unknown fields are allowed (newer API
// versions add fields), so the schema never rejects what the engine would accept.
//
// Served to the app as the virtual module `virtual:k8s-schema` (vite.config.ts) and loaded only
// with the Monaco chunk.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

type Schema = Record<string, unknown>;

const KINDS: { kind: string; file: string; type?: string }[] = [
  { kind: 'Pod', file: 'core/v1' },
  { kind: 'Node', file: 'core/v1' },
  { kind: 'Namespace', file: 'core/v1' },
  { kind: 'Service', file: 'core/v1' },
  { kind: 'ReplicationController', file: 'core/v1' },
  { kind: 'PriorityClass', file: 'scheduling/v1' },
  { kind: 'PodDisruptionBudget', file: 'policy/v1' },
  { kind: 'Deployment', file: 'apps/v1' },
  { kind: 'ReplicaSet', file: 'apps/v1' },
  { kind: 'StatefulSet', file: 'apps/v1' },
  { kind: 'DaemonSet', file: 'apps/v1' },
  { kind: 'Job', file: 'batch/v1' },
];

interface Field {
  name: string;
  optional: boolean;
  type: string;
  doc?: string;
}
interface Decl {
  file: string;
  name: string;
  doc?: string;
  fields?: Field[];
  alias?: string;
}

function cleanDoc(raw: string): string {
  return raw
    .trim()
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** Reads one kubernetes-types declaration file: interfaces, type aliases, imports. */
function parseFile(root: string, file: string): { decls: Decl[]; imports: Map<string, string> } {
  const text = fs.readFileSync(path.join(root, `${file}.d.ts`), 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{([^}]*)\} from "([^"]+)";/gm)) {
    const from = path.posix.join(path.posix.dirname(file), m[2]);
    for (const n of m[1].split(',')) if (n.trim()) imports.set(n.trim(), from);
  }
  const decls: Decl[] = [];
  const lines = text.split('\n');
  let doc: string | undefined;
  let docBuf: string[] | null = null;
  let cur: Decl | null = null;
  let mapField: Field | null = null;
  for (const line of lines) {
    const t = line.trim();
    if (docBuf) {
      docBuf.push(line);
      if (t.endsWith('*/')) {
        doc = cleanDoc(docBuf.join('\n'));
        docBuf = null;
      }
      continue;
    }
    if (t.startsWith('/**')) {
      if (t.endsWith('*/')) doc = cleanDoc(t);
      else docBuf = [line];
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^export interface (\w+) \{$/))) {
      cur = { file, name: m[1], doc, fields: [] };
      decls.push(cur);
      doc = undefined;
    } else if ((m = t.match(/^export type (\w+) = (.+);$/))) {
      decls.push({ file, name: m[1], doc, alias: m[2] });
      doc = undefined;
    } else if (cur && (m = t.match(/^(?:readonly )?([\w$]+)(\??): \{$/))) {
      mapField = { name: m[1], optional: m[2] === '?', type: '', doc };
      doc = undefined;
    } else if (mapField && (m = t.match(/^\[\w+: string\]: (.+);$/))) {
      mapField.type = `Map<${m[1]}>`;
    } else if (mapField && t === '};') {
      cur!.fields!.push(mapField);
      mapField = null;
    } else if (cur && (m = t.match(/^(?:readonly )?([\w$]+)(\??): (.+);$/))) {
      cur.fields!.push({ name: m[1], optional: m[2] === '?', type: m[3], doc });
      doc = undefined;
    } else if (t === '}') {
      cur = null;
    }
  }
  return { decls, imports };
}

export function buildK8sSchema(): Schema {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('kubernetes-types/package.json'));
  const files = new Map<string, { decls: Map<string, Decl>; imports: Map<string, string> }>();
  const load = (file: string) => {
    let f = files.get(file);
    if (!f) {
      const p = parseFile(root, file);
      f = { decls: new Map(p.decls.map((d) => [d.name, d])), imports: p.imports };
      files.set(file, f);
    }
    return f;
  };
  const definitions: Record<string, Schema> = {};
  const defName = (file: string, name: string) => `${file.replace(/\//g, '.')}.${name}`;

  const typeSchema = (file: string, type: string): Schema => {
    type = type.trim();
    let m: RegExpMatchArray | null;
    if (type === 'string') return { type: 'string' };
    if (type === 'number') return { type: 'number' };
    if (type === 'boolean') return { type: 'boolean' };
    if (type === 'number | string' || type === 'string | number') return { type: ['string', 'number'] };
    if ((m = type.match(/^"(.*)"$/))) return { type: 'string', enum: [m[1]] };
    if ((m = type.match(/^Array<(.+)>$/))) return { type: 'array', items: typeSchema(file, m[1]) };
    if ((m = type.match(/^Map<(.+)>$/))) return { type: 'object', additionalProperties: typeSchema(file, m[1]) };
    if (/^\w+$/.test(type)) {
      const f = load(file);
      const home = f.decls.has(type) ? file : f.imports.get(type);
      if (!home) return {};
      return refTo(home, type);
    }
    return {};
  };

  const refTo = (file: string, name: string): Schema => {
    const id = defName(file, name);
    if (!(id in definitions)) {
      definitions[id] = {};
      const d = load(file).decls.get(name);
      if (!d) {
        delete definitions[id];
        return {};
      }
      if (d.alias !== undefined) {
        // A Quantity is written as a string or a bare number (`cpu: 2`).
        const base = name === 'Quantity' ? { type: ['string', 'number'] } : typeSchema(file, d.alias);
        definitions[id] = { ...base, ...(d.doc ? { description: d.doc } : {}) };
      } else {
        const properties: Record<string, Schema> = {};
        const required: string[] = [];
        for (const fl of d.fields ?? []) {
          properties[fl.name] = { ...typeSchema(file, fl.type), ...(fl.doc ? { description: fl.doc } : {}) };
          if (!fl.optional && fl.name !== 'apiVersion' && fl.name !== 'kind') required.push(fl.name);
        }
        definitions[id] = {
          type: 'object',
          ...(d.doc ? { description: d.doc } : {}),
          properties,
          ...(required.length ? { required } : {}),
        };
      }
    }
    return { $ref: `#/definitions/${id}` };
  };

  const branches: Schema[] = [];
  const apiVersions = new Set<string>();
  for (const k of KINDS) {
    const ref = refTo(k.file, k.type ?? k.kind);
    const def = definitions[defName(k.file, k.type ?? k.kind)] as { properties?: Record<string, Schema> };
    const av = (def.properties?.apiVersion as { enum?: string[] } | undefined)?.enum?.[0];
    if (av) apiVersions.add(av);
    (definitions[defName(k.file, k.type ?? k.kind)] as Schema).title = av ? `${k.kind} (${av})` : k.kind;
    branches.push({ if: { properties: { kind: { const: k.kind } }, required: ['kind'] }, then: ref });
  }

  // KubeSchedulerConfiguration is not in kubernetes-types; the fields schedlab reads.
  const pluginSet = {
    type: 'object',
    properties: {
      enabled: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'integer' } }, required: ['name'] } },
      disabled: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    },
  };
  const extensionPoints = ['preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind', 'multiPoint'];
  definitions['kubescheduler.config.v1.KubeSchedulerConfiguration'] = {
    type: 'object',
    title: 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)',
    description: 'KubeSchedulerConfiguration configures the scheduler: profiles, their plugins and plugin arguments.',
    properties: {
      apiVersion: { type: 'string', enum: ['kubescheduler.config.k8s.io/v1'] },
      kind: { type: 'string', enum: ['KubeSchedulerConfiguration'] },
      percentageOfNodesToScore: { type: 'integer', minimum: 0, maximum: 100, description: 'Percentage of feasible nodes to find before scoring; 0 = adaptive.' },
      podInitialBackoffSeconds: { type: 'integer', description: 'Initial backoff for unschedulable pods (default 1).' },
      podMaxBackoffSeconds: { type: 'integer', description: 'Maximum backoff for unschedulable pods (default 10).' },
      profiles: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            schedulerName: { type: 'string' },
            percentageOfNodesToScore: { type: 'integer', minimum: 0, maximum: 100 },
            plugins: { type: 'object', properties: Object.fromEntries(extensionPoints.map((e) => [e, pluginSet])) },
            pluginConfig: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, args: { type: 'object' } }, required: ['name'] } },
          },
        },
      },
    },
  };
  apiVersions.add('kubescheduler.config.k8s.io/v1');
  branches.push({
    if: { properties: { kind: { const: 'KubeSchedulerConfiguration' } }, required: ['kind'] },
    then: { $ref: '#/definitions/kubescheduler.config.v1.KubeSchedulerConfiguration' },
  });

  const kinds = [...KINDS.map((k) => k.kind), 'KubeSchedulerConfiguration'];
  definitions['schedlab.Object'] = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string', enum: [...apiVersions, 'v1'].filter((v, i, a) => a.indexOf(v) === i) },
      kind: { type: 'string', enum: [...kinds, 'List'] },
    },
    allOf: branches,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    description: 'A Kubernetes object of a schedlab scenario, or a List of them (kubectl get -o yaml).',
    definitions,
    allOf: [
      { $ref: '#/definitions/schedlab.Object' },
      {
        if: { properties: { kind: { const: 'List' } }, required: ['kind'] },
        then: { properties: { items: { type: 'array', items: { $ref: '#/definitions/schedlab.Object' } } } },
      },
    ],
  };
}

/** Vite plugin: `import schema from 'virtual:k8s-schema'`. */
export function k8sSchemaPlugin(): Plugin {
  const id = 'virtual:k8s-schema';
  const resolved = '\0' + id;
  return {
    name: 'schedlab-k8s-schema',
    resolveId: (source) => (source === id ? resolved : null),
    load: (i) => (i === resolved ? `export default ${JSON.stringify(buildK8sSchema())};` : null),
  };
}
