import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packTrace, unpackTrace } from './wire';
import { loadScenario } from '../api/load';
import { simulate } from '../simulator/simulate';

const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('packed trace', () => {
  it('round-trips a real trace exactly (events, keys and their order)', () => {
    const text = [
      'apiVersion: v1\nkind: Node\nmetadata: {name: a, labels: {zone: z1}}\nstatus: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}',
      'apiVersion: v1\nkind: Node\nmetadata: {name: b, labels: {zone: z2}}\nspec: {taints: [{key: k, effect: NoSchedule}]}\nstatus: {allocatable: {cpu: "1", memory: 4Gi, pods: "110"}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec: {containers: [{name: c, resources: {requests: {cpu: 1500m}}}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p2}\nspec: {containers: [{name: c, resources: {requests: {cpu: "1"}}}]}',
    ].join('\n---\n');
    const { scenario } = loadScenario([{ name: 's.yaml', text }]);
    const trace = simulate(scenario, { trace: true }).trace ?? [];
    expect(trace.length).toBeGreaterThan(20);
    const packed = viaJson(packTrace(trace));
    const back = unpackTrace(packed);
    const expected = viaJson(trace);
    expect(back).toEqual(expected);
    back.forEach((e, i) => expect(Object.keys(e)).toEqual(Object.keys(expected[i] as object)));
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(trace).length);
  });

  it('round-trips any JSON objects, including keys that look like its own markers', () => {
    const key0 = fc.oneof(fc.string(), fc.constantFrom('s', 'a', 'o', 'v', '__proto__', 'node'));
    const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string()), fc.dictionary(fc.string(), fc.integer()), fc.array(fc.dictionary(key0, fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()), fc.constant(undefined)))), fc.constant([]));
    const key = fc.oneof(fc.string(), fc.constantFrom('s', 'v', '$x', 'sx', 'vx', 'type', '__proto__'));
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value), { maxLength: 30 }), (events) => {
        const back = unpackTrace(viaJson(packTrace(events)));
        const expected = viaJson(events);
        expect(back).toEqual(expected);
        back.forEach((e, i) => expect(Object.keys(e)).toEqual(Object.keys(expected[i])));
      }),
    );
  });

  it('rejects what is not a packed trace', () => {
    expect(() => unpackTrace({} as never)).toThrow(/not a packed trace/);
    expect(() => unpackTrace({ v: 1, strings: [], shapes: [], events: [[3, 1]] })).toThrow(/unknown shape/);
  });
});
