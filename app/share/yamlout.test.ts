import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { toYamlDoc } from './yamlout';
import { generateKubectlJsonDump } from './fixtures';

const lib = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

describe('toYamlDoc', () => {
  it('writes what the yaml library writes', () => {
    const cases: unknown[] = [
      { a: { b: 'x\ny', c: ['p\nq', ['r\n\ns', 'z']], d: 'trail\n', e: '  lead\nx', f: 'a\n\n\nb\n\n' } },
      { kind: 'ConfigMap', data: { 'config.yaml': 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n  - schedulerName: x\n' } },
      {
        metadata: { labels: { n: '123', t: 'true', e: '', s: 'a b', c: 'a: b', h: '#x', u: '0769bd95', d: '2024-01-01T00:00:00Z', q: "it's", y: 'yes', Y: 'No', dash: '-', star: '*x', '1k': 'v', 'a b': 1.5 } },
        x: [[1, [2, 3]], [], {}, [{ a: 1, b: [] }]],
        n: null,
        u: undefined,
        l: [null, true, -3, 1e21, 'ü', '"q"', 'a\tb'],
      },
      ...(JSON.parse(generateKubectlJsonDump(3, 7)).items as unknown[]),
    ];
    for (const c of cases) expect(toYamlDoc(c)).toBe(lib(c));
  });
});
