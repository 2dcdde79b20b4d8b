import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import {
  compileLabelSelector,
  compileNodeSelector,
  matchNodeSelectorTerm,
  matchNodeSelectorTerms,
  selectorFromSet,
} from './labels';
import { findMatchingUntoleratedTaint, tolerationToleratesTaint } from './tolerations';

const node = (name: string, labels: Record<string, string> = {}): Node => ({ metadata: { name, labels } });

describe('compileLabelSelector', () => {
  it('nil matches nothing, empty matches everything', () => {
    const nothing = compileLabelSelector(null);
    expect(nothing.matchesNothing).toBe(true);
    expect(nothing({ a: 'b' })).toBe(false);
    expect(nothing(undefined)).toBe(false);
    const all = compileLabelSelector({});
    expect(all.matchesAll).toBe(true);
    expect(all(undefined)).toBe(true);
    expect(compileLabelSelector({ matchLabels: {}, matchExpressions: [] }).matchesAll).toBe(true);
  });

  it('matchLabels and matchExpressions are ANDed', () => {
    const s = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'x', operator: 'Exists' },
        { key: 'y', operator: 'DoesNotExist' },
      ],
    });
    expect(s.error).toBeUndefined();
    expect(s({ app: 'web', tier: 'a', x: '' })).toBe(true);
    expect(s({ app: 'web', tier: 'a', x: '', env: 'dev' })).toBe(true);
    expect(s({ app: 'web', tier: 'a', x: '', env: 'prod' })).toBe(false);
    expect(s({ app: 'web', tier: 'c', x: '' })).toBe(false);
    expect(s({ app: 'web', tier: 'a' })).toBe(false);
    expect(s({ app: 'web', tier: 'a', x: '1', y: '1' })).toBe(false);
    expect(s({ tier: 'a', x: '' })).toBe(false);
  });

  it('does not see prototype properties as labels', () => {
    const s = compileLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] });
    expect(s({})).toBe(false);
  });

  it('reports invalid operators and values', () => {
    const bad = compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] });
    expect(bad.error).toBe('"Gt" is not a valid label selector operator');
    expect(bad({ a: '2' })).toBe(false);
    expect(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }).error).toMatch(
      /values set can't be empty/,
    );
    expect(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }).error).toMatch(
      /must be empty/,
    );
    expect(compileLabelSelector({ matchLabels: { 'bad key!': 'x' } }).error).toBeDefined();
  });
});

describe('selectorFromSet', () => {
  it('empty or nil set matches everything', () => {
    expect(selectorFromSet({})({ a: 'b' })).toBe(true);
    expect(selectorFromSet(undefined)(undefined)).toBe(true);
  });
  it('matches exactly the set', () => {
    const s = selectorFromSet({ app: 'web', tier: 'fe' });
    expect(s({ app: 'web', tier: 'fe', other: 'x' })).toBe(true);
    expect(s({ app: 'web' })).toBe(false);
  });
});

describe('node selector terms', () => {
  const n = node('node-1', { zone: 'a', gen: '5', disk: 'ssd' });

  it('ORs terms and ANDs requirements', () => {
    const terms = [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
      {
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'disk', operator: 'Exists' },
        ],
      },
    ];
    expect(matchNodeSelectorTerms(n, terms)).toBe(true);
    expect(matchNodeSelectorTerms(n, [terms[0]])).toBe(false);
  });

  it('an empty term matches nothing; no terms match nothing', () => {
    expect(matchNodeSelectorTerms(n, [{}])).toBe(false);
    expect(matchNodeSelectorTerms(n, [{ matchExpressions: [] }])).toBe(false);
    expect(matchNodeSelectorTerms(n, [])).toBe(false);
    expect(matchNodeSelectorTerm(n, {})).toBe(false);
  });

  it('Gt and Lt compare integers', () => {
    const gt = (v: string) => matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'gen', operator: 'Gt', values: [v] }] });
    const lt = (v: string) => matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'gen', operator: 'Lt', values: [v] }] });
    expect(gt('4')).toBe(true);
    expect(gt('5')).toBe(false);
    expect(lt('6')).toBe(true);
    expect(lt('005')).toBe(false);
    expect(gt('x')).toBe(false); // parse error: term matches nothing
    expect(matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] })).toBe(false);
    expect(matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'missing', operator: 'Lt', values: ['1'] }] })).toBe(false);
  });

  it('NotIn and DoesNotExist match absent labels', () => {
    expect(matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] })).toBe(true);
    expect(matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] })).toBe(true);
    expect(matchNodeSelectorTerm(n, { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] })).toBe(false);
  });

  it('matchFields on metadata.name', () => {
    expect(matchNodeSelectorTerm(n, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] })).toBe(true);
    expect(matchNodeSelectorTerm(n, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] })).toBe(false);
    expect(matchNodeSelectorTerm(n, { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }] })).toBe(true);
    // two values: parse error
    const c = compileNodeSelector([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }]);
    expect(c.errors[0]).toMatch(/must have one element/);
    expect(c.match(node('a'))).toBe(false);
    const bad = compileNodeSelector([{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }]);
    expect(bad.errors[0]).toMatch(/Unsupported value/);
  });

  it('unknown operators are reported, the term matches nothing, other terms still match', () => {
    const c = compileNodeSelector([
      { matchExpressions: [{ key: 'zone', operator: 'Like', values: ['a'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
    ]);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toContain('nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Like"');
    expect(c.match(n)).toBe(true);
  });
});

describe('tolerations', () => {
  it('follows ToleratesTaint', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    expect(tolerationToleratesTaint({ key: 'k', value: 'v', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Equal', value: 'v' }, taint)).toBe(true);
    expect(tolerationToleratesTaint({ key: 'k', value: 'w' }, taint)).toBe(false);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerationToleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerationToleratesTaint({ operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerationToleratesTaint({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Bogus' }, taint)).toBe(false);
  });

  it('Gt/Lt only behind the feature gate', () => {
    const taint = { key: 'k', value: '10', effect: 'NoSchedule' };
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Lt', value: '20' }, taint)).toBe(false);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Lt', value: '20' }, taint, true)).toBe(true);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Gt', value: '5' }, taint, true)).toBe(true);
    expect(tolerationToleratesTaint({ key: 'k', operator: 'Gt', value: '05' }, taint, true)).toBe(false);
  });

  it('finds the first untolerated filtered taint', () => {
    const taints = [
      { key: 'a', effect: 'PreferNoSchedule' },
      { key: 'b', effect: 'NoSchedule' },
      { key: 'c', effect: 'NoExecute' },
    ];
    const filter = (t: { effect: string }) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
    expect(findMatchingUntoleratedTaint(taints, [], filter)?.key).toBe('b');
    expect(findMatchingUntoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }], filter)?.key).toBe('c');
    expect(findMatchingUntoleratedTaint(taints, [{ operator: 'Exists' }], filter)).toBeNull();
    expect(findMatchingUntoleratedTaint(taints, [], null)?.key).toBe('a');
  });
});
