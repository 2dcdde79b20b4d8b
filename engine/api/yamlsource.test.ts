import { describe, expect, it } from 'vitest';
import { deterministicUID, generateName, safeEncodeString, templateHash } from './naming';
import { posOf, readSource } from './yamlsource';

describe('readSource', () => {
  it('reads multi-document YAML with positions', () => {
    const r = readSource('f.yaml', 'a: 1\n---\n# comment\nb:\n  c: [x, y]\n');
    expect(r.problems).toEqual([]);
    expect(r.docs.map((d) => d.index)).toEqual([0, 1]);
    const b = r.docs[1].value as { b: { c: string[] } };
    const p = posOf(b.b)!;
    const k = p.keys!.get('c')!;
    expect(p.source.pos(k.key.start)).toEqual({ line: 5, col: 3 });
    expect(p.source.pos(posOf(b.b.c)!.items![1].start)).toEqual({ line: 5, col: 10 });
  });

  it('resolves anchors, aliases and merge keys into separate objects', () => {
    const r = readSource('f.yaml', 'base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\ncopy: *b\n');
    const v = r.docs[0].value as Record<string, Record<string, number>>;
    expect(v.use).toEqual({ y: 3, x: 1 });
    expect(v.copy).toEqual({ x: 1, y: 2 });
    expect(v.copy).not.toBe(v.base);
  });

  it('reads concatenated JSON values', () => {
    const r = readSource('f.json', '{"a": 1}\n{"b": [1,\n 2]}\n');
    expect(r.docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: [1, 2] }]);
    const second = r.docs[1].value as { b: number[] };
    expect(posOf(second)!.source.pos(posOf(second.b)!.items![1].start)).toEqual({ line: 3, col: 2 });
  });

  it('reports syntax errors with positions and keeps the good documents', () => {
    const r = readSource('f.yaml', 'a: 1\n---\nb: [1, 2\n---\nc: 3\n');
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0].doc).toBe(1);
    expect(r.docs.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
  });

  it('does not let __proto__ keys change prototypes', () => {
    const r = readSource('f.yaml', '__proto__: {polluted: true}\n');
    const v = r.docs[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});

describe('naming', () => {
  it('is deterministic and shaped like upstream', () => {
    expect(generateName('web-', 'seed')).toBe(generateName('web-', 'seed'));
    expect(generateName('web-', 'seed')).not.toBe(generateName('web-', 'seed2'));
    expect(generateName('x'.repeat(70), 's')).toHaveLength(63);
    expect(deterministicUID('Pod/default/a')).toBe(deterministicUID('Pod/default/a'));
    expect(deterministicUID('Pod/default/a')).not.toBe(deterministicUID('Pod/default/b'));
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(templateHash({ a: 1, b: 2 })).toBe(templateHash({ b: 2, a: 1 }));
    expect(templateHash({ a: 1 })).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});
