// The fast YAML reader must give exactly what the yaml library gives (through yamlsource.ts),
// or give up (null).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml, sequenceSpans } from './yamlfast';
import { readSource } from './yamlsource';
import { loadScenario } from './load';
import type { LoadResult } from './scenario';

const REAL = fileURLToPath(new URL('../../tests/real-manifests', import.meta.url));
const CASES = fileURLToPath(new URL('../../tests/conformance/cases', import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** fastYaml agrees with the yaml library (values, document indices, root ranges), or gives up. Returns whether it read the text. */
function agrees(text: string): boolean {
  const fast = fastYaml(text);
  if (!fast) return false;
  const slow = readSource('x', text);
  expect(slow.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(fast.map((d) => [d.index, d.value, d.start, d.end])).toEqual(slow.docs.map((d) => [d.index, d.value, d.range.start, d.range.end]));
  return true;
}

describe('fastYaml', () => {
  it('reads the corpus like the yaml library (or leaves it to it)', () => {
    const files = [...walk(REAL), ...walk(CASES)].filter((f) => /\.ya?ml$/.test(f));
    let read = 0;
    for (const f of files) if (agrees(readFileSync(f, 'utf8'))) read++;
    expect(read).toBeGreaterThan(files.length * 0.8);
  });

  it('scalars resolve like the core schema', () => {
    const scalars = ['1', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0xg', '1.50', '.5', '-.5', '5.', '1e3', '1E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'no', 'on', 'off', 'y', '2025-01-01', '12:30', '1_000', '0b101', 'a#b', 'a # comment', 'x:y', 'http://a.b/c?d=e#f', '-x', '?x', ':x', 'a,b', 'a[0]', 'é', '"q"', "'s'", "'it''s'", '"a\\"b\\\\c\\n\\t\\u00e9\\x41\\U0001F600"', '""', "''", '{}', '[]', '{ }', 'v1.2.3'];
    for (const s of scalars) {
      expect(agrees(`k: ${s}\n`) || fastYaml(`k: ${s}\n`) === null).toBe(true);
      expect(agrees(`- ${s}\n`) || fastYaml(`- ${s}\n`) === null).toBe(true);
      expect(agrees(`${s}: v\n`) || fastYaml(`${s}: v\n`) === null).toBe(true);
    }
    expect(fastYaml('k: 0o17\n')?.[0].value).toEqual({ k: 15 });
    expect(fastYaml('1.0: a\ntrue: b\n~: c\n')?.[0].value).toEqual({ '1': 'a', true: 'b', '': 'c' });
  });

  it('handles the shapes tools write', () => {
    const texts = [
      'a:\n  b:\n    c: 1\n  d: [ ]\n  e: {}\n',
      'items:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n- apiVersion: v1\n  kind: Node\n',
      'items:\n  - a: 1\n    b:\n      - x\n      - y\n  - c: 2\n',
      '# head\n---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n',
      '---\n---\na: 1\n---\n',
      'a: |\n  line 1\n\n  line 3\nb: |-\n  x\n  y\nc: 1\n',
      'a: |\n    indented\n      more\nb: 2\n',
      'list:\n-\n  a: 1\n- \n- b\n',
      'k: v # comment\n"quoted key": 1\n\'single\': 2\nkey with spaces: 3\n',
      'a: "multi\n  line"\n',
      'a: plain\n  continued\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '<<: {a: 1}\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: >\n  folded\n',
      'a: |+\n  keep\n\n',
      '? a\n: b\n',
      '- - a\n  - b\n',
      'a: b: c\n',
      'a: 1\r\nb:\r\n  c: 2\r\n',
      '\uFEFFa: 1\n',
      '   a: 1\n   b: 2\n',
      '__proto__: {}\n',
    ];
    for (const t of texts) agrees(t);
    expect(fastYaml('a: &x 1\nb: *x\n')).toBeNull();
    expect(fastYaml('a: 1\na: 2\n')).toBeNull();
    expect(fastYaml('# head\n---\na: 1\n---\n# only a comment\n---\nb: 2\n')?.map((d) => d.index)).toEqual([0, 2]);
  });

  it('records where each element of a list is', () => {
    const text = 'apiVersion: v1\nitems:\n- kind: A\n  x: 1\n-   kind: B\n- 7\nkind: List\n';
    const docs = fastYaml(text)!;
    const items = (docs[0].value as { items: unknown[] }).items;
    const spans = sequenceSpans.get(items)!;
    expect(spans).toHaveLength(12);
    expect(text.slice(spans[0], spans[1])).toBe('kind: A\n  x: 1\n');
    expect(text.slice(spans[2], spans[3])).toBe('- kind: A\n  x: 1\n');
    expect(text.slice(spans[4], spans[5])).toBe('kind: B\n');
    expect(text.slice(spans[10], spans[11])).toBe('- 7\n');
  });

  it('reads what yaml.stringify writes, like the yaml library', () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a', 'kind', 'x-y', '1', 'true', 'null', '~', 'a b', 'a:b', 'é', '-a', '#a', "'", '"', 'items'));
    const scalar = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', ' lead', 'trail ', 'a: b', 'a #b', '#x', '- x', 'line\nbreak', 'tab\there', 'multi\n\nline\n', '{}', '[x]', '"', "'", '\\', 'é😀', '0o17', '0x1F', '1e3', '.inf', 'null', 'True', '2025-01-01T00:00:00Z', '100m', '1Gi'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 5 })),
    })).v;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 20, 80), fc.constantFrom(2, 4), fc.boolean(), fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'), (v, lineWidth, indent, indentSeq, defaultStringType) => {
        const opts = { lineWidth, indent, indentSeq, defaultStringType } as const;
        agrees(stringify(v, opts));
        agrees(`items:\n${stringify([v, { k: v }], opts)}`);
      }),
      { numRuns: Number(process.env.YAMLFAST_RUNS ?? 400) },
    );
  });
});

describe('loading with fastYaml = loading with the yaml library', () => {
  const view = (r: LoadResult) => ({ d: r.diagnostics, s: { ...r.scenario, positions: [...r.scenario.positions] } });
  const same = (text: string, name = 'f.yaml') => {
    const a = loadScenario([{ name, text }], { slim: false });
    const b = loadScenario([{ name, text }], { slim: false, fastYaml: false });
    expect(view(a)).toEqual(view(b));
    return a;
  };

  it('for the whole corpus', () => {
    const files = [...walk(REAL), ...walk(CASES)].filter((f) => /\.ya?ml$/.test(f));
    for (const f of files) same(readFileSync(f, 'utf8'), f);
  });

  it('for lists and documents with problems everywhere', () => {
    const pod = (name: string, spec: object = {}, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c' }], ...spec }, ...extra });
    const items = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } },
      pod('cpu', { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } } }] }),
      pod('done', { nodeName: 'n1' }, { status: { phase: 'Succeeded' } }),
      pod('nope', { priorityClassName: 'nope' }),
      pod('dup'),
      pod('dup'),
      null,
      {},
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { priorityClassName: 'x', containers: [{ name: 'c' }] } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'c.yaml': 'apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: s2\n' } },
    ];
    const r = same(stringify({ apiVersion: 'v1', items, kind: 'List' }));
    expect(r.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(3);
    same(stringify({ apiVersion: 'v1', items, kind: 'List' }, { indentSeq: false }));
    same(items.map((i) => `---\n${stringify(i)}`).join(''));
    same(stringify(items));
  });
});
