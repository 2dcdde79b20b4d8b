// The taint eviction controller, on the virtual clock (times in ms).
import { describe, expect, it } from 'vitest';
import { simulate, type SimResult } from '../simulate';
import type { TraceEvent } from '../../trace/events';
import { changes, load, node, pod } from './testutil';
import { getMatchingTolerations, getMinTolerationTime } from './taint_eviction';

const ev = (r: SimResult, type: string, pod?: string) =>
  (r.trace ?? []).filter((e: TraceEvent) => e.type === type && (pod === undefined || (e as { pod?: string }).pod === pod)) as (TraceEvent & Record<string, unknown>)[];

const NOEXEC = (at: number, key = 'disk-failing', n = 'n2') => `{at: ${at}, action: addTaint, target: ${n}, data: {key: ${key}, value: "true", effect: NoExecute}}`;

describe('taint eviction controller', () => {
  it('evicts pods that do not tolerate a NoExecute taint at once, and others when their tolerationSeconds run out', () => {
    const s = load(
      node('n1'),
      node('n2'),
      pod('none', { node: 'n2', grace: 5 }),
      pod('sixty', { node: 'n2', grace: 5, tolerations: '[{key: disk-failing, operator: Exists, effect: NoExecute, tolerationSeconds: 60}]' }),
      pod('forever', { node: 'n2', tolerations: '[{key: disk-failing, operator: Exists, effect: NoExecute}]' }),
      changes([NOEXEC(30)]),
    );
    const r = simulate(s, { trace: true });
    const none = ev(r, 'eviction', 'default/none');
    expect(none.map((e) => [e.t, e.until, e.cause, e.source, e.eventReason])).toEqual([[30_000, 35_000, 'taint', 'taint-eviction-controller', 'TaintManagerEviction']]);
    expect((none[0].details as { tolerated: boolean }).tolerated).toBe(false);
    expect(ev(r, 'podDeleted', 'default/none').map((e) => e.t)).toEqual([35_000]);
    const sched = ev(r, 'taintEvictionScheduled', 'default/sixty');
    expect(sched.map((e) => [e.t, e.at, e.tolerationSeconds, e.taintedAt])).toEqual([[30_000, 90_000, 60, 30_000]]);
    expect(ev(r, 'eviction', 'default/sixty').map((e) => [e.t, (e.details as { deadline: number }).deadline])).toEqual([[90_000, 90_000]]);
    expect(ev(r, 'eviction', 'default/forever')).toEqual([]);
    expect(r.final['default/forever']).toMatchObject({ node: 'n2', phase: 'Running' });
    expect(r.events.filter((e) => e.object === 'Pod/default/none')).toEqual([
      { t: 30_000, object: 'Pod/default/none', type: 'Normal', reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/none', source: 'taint-eviction-controller' },
    ]);
  });

  it('cancels the eviction when the taint is removed before the deadline', () => {
    const s = load(
      node('n2'),
      pod('sixty', { node: 'n2', tolerations: '[{key: disk-failing, operator: Exists, effect: NoExecute, tolerationSeconds: 60}]' }),
      changes([NOEXEC(30), '{at: 50, action: removeTaint, target: n2, data: {key: disk-failing}}']),
    );
    const r = simulate(s, { trace: true });
    expect(ev(r, 'taintEvictionCancelled', 'default/sixty').map((e) => [e.t, e.reason, e.at])).toEqual([[50_000, 'taintsRemoved', 90_000]]);
    expect(ev(r, 'eviction')).toEqual([]);
    expect(r.final['default/sixty'].phase).toBe('Running');
    expect(r.events.map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/sixty']);
    expect(r.endTime).toBe(50_000);
  });

  it('keeps the first deadline when another tolerated NoExecute taint comes later, and evicts at once for an untolerated one', () => {
    const tol = '[{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 100}, {key: b, operator: Exists, effect: NoExecute, tolerationSeconds: 10}]';
    const s = load(
      node('n2'),
      pod('p', { node: 'n2', tolerations: tol }),
      pod('q', { node: 'n2', tolerations: tol }),
      changes([NOEXEC(0, 'a'), NOEXEC(20, 'b'), `{at: 40, action: addTaint, target: n2, data: {key: c, effect: NoExecute}}`]),
    );
    const r = simulate(s, { trace: true });
    // The 10 s toleration of b (added at 20 s) does not move the 100 s deadline started at t = 0
    // (upstream processPodOnNode keeps work created earlier); c, tolerated by neither, at 40 s
    // cancels it and deletes both at once.
    expect(ev(r, 'taintEvictionScheduled').map((e) => [e.pod, e.t, e.at])).toEqual([
      ['default/p', 0, 100_000],
      ['default/q', 0, 100_000],
    ]);
    expect(ev(r, 'eviction').map((e) => [e.pod, e.t])).toEqual([
      ['default/p', 40_000],
      ['default/q', 40_000],
    ]);
    expect(ev(r, 'taintEvictionCancelled').map((e) => [e.pod, e.t, e.reason])).toEqual([
      ['default/p', 40_000, 'untolerated'],
      ['default/q', 40_000, 'untolerated'],
    ]);
  });

  it('takes the smallest tolerationSeconds of the tolerations used (the first matching one per taint)', () => {
    expect(getMinTolerationTime([{ tolerationSeconds: 30 }, { tolerationSeconds: 10 }, {}])).toBe(10_000);
    expect(getMinTolerationTime([{}, {}])).toBe(-1);
    expect(getMinTolerationTime([{ tolerationSeconds: 0 }, { tolerationSeconds: 10 }])).toBe(0);
    expect(getMinTolerationTime([])).toBe(0);
    const taints = [{ key: 'a', effect: 'NoExecute' }];
    const m = getMatchingTolerations(taints, [
      { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 50 },
      { operator: 'Exists' },
    ]);
    expect(m.all).toBe(true);
    expect(m.used).toEqual([{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 50 }]);
    expect(getMatchingTolerations(taints, []).all).toBe(false);
  });

  it('evicts a pod bound to a tainted node when its toleration runs out, counted from the binding', () => {
    const s = load(
      node('n2', { taints: '[{key: disk-failing, value: "true", effect: NoExecute}]' }),
      changes([
        `{at: 100, action: addPod, data: {apiVersion: v1, kind: Pod, metadata: {name: late, namespace: default}, spec: {tolerations: [{key: disk-failing, operator: Exists, effect: NoExecute, tolerationSeconds: 30}], containers: [{name: c, image: pause}]}}}`,
      ]),
    );
    const r = simulate(s, { trace: true });
    expect(r.cycles.map((c) => [c.pod, c.t, c.node])).toEqual([['default/late', 100_000, 'n2']]);
    expect(ev(r, 'taintEvictionScheduled', 'default/late').map((e) => [e.t, e.at])).toEqual([[100_000, 130_000]]);
    expect(ev(r, 'eviction', 'default/late').map((e) => e.t)).toEqual([130_000]);
    // The controller's reaction to the bind comes after the cycle's events.
    const i = (r.trace ?? []).findIndex((e) => e.type === 'cycleEnd');
    const j = (r.trace ?? []).findIndex((e) => e.type === 'taintEvictionScheduled');
    expect(j).toBeGreaterThan(i);
  });

  it('acts at t = 0 on the pods of nodes that already carry NoExecute taints', () => {
    const s = load(node('n1'), node('n2', { taints: '[{key: gone, effect: NoExecute}]' }), pod('x', { node: 'n2', grace: 0 }));
    const r = simulate(s, { trace: true });
    expect(ev(r, 'eviction', 'default/x').map((e) => [e.t, e.until])).toEqual([[0, 0]]);
    expect(r.final['default/x'].phase).toBe('Deleted');
  });
});
