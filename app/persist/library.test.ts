import { describe, expect, it } from 'vitest';
import { EXTERNAL_FROM, ScenarioLibrary, decodeSaved, encodeSaved, isExternal, uniqueName, type StorageLike } from './library';
import { generateScenario } from '../share/fixtures';

class MapStorage implements StorageLike {
  readonly map = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.map].reduce((a, [kk, vv]) => a + (kk === k ? 0 : kk.length + vv.length), 0);
    if (used + k.length + v.length > this.quota) {
      const e = new Error('exceeded the quota');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('ScenarioLibrary', () => {
  it('creates, saves, lists, renames and removes scenarios', () => {
    let t = 1000;
    const lib = new ScenarioLibrary(new MapStorage(), () => t++);
    const a = lib.create('Mine', { text: 'a: 1', seed: 7 }).id;
    const b = lib.create('Mine', { text: 'b: 1' }, { origin: 'gallery', gallery: 'node-name', pristine: true }).id;
    expect(lib.currentId()).toBe(b);
    expect(lib.list().map((s) => s.name)).toEqual(['Mine (2)', 'Mine']);
    expect(lib.get(b)).toMatchObject({ origin: 'gallery', gallery: 'node-name', pristine: true, size: 4 });
    expect(lib.save(a, { text: 'a: 2', seed: 7 })).toEqual({ ok: true });
    expect(lib.load(a)).toEqual({ text: 'a: 2', seed: 7 });
    expect(lib.list()[0].id).toBe(a); // most recently changed first
    lib.save(b, { text: 'b: 2' }, { pristine: false });
    expect(lib.get(b)?.pristine).toBeUndefined();
    lib.rename(b, '  Renamed ');
    expect(lib.get(b)?.name).toBe('Renamed');
    lib.remove(b);
    expect(lib.currentId()).toBeNull();
    expect(lib.load(b)).toBeNull();
    expect(lib.list().map((s) => s.id)).toEqual([a]);
  });

  it('compresses big texts and reports a full storage instead of throwing', () => {
    const storage = new MapStorage();
    const lib = new ScenarioLibrary(storage);
    const text = generateScenario(30, 100);
    const { id, result } = lib.create('Big', { text });
    expect(result.ok).toBe(true);
    expect(storage.getItem(`schedlab.scenario.${id}`)!.length).toBeLessThan(text.length / 5);
    expect(lib.load(id)?.text).toBe(text);
    storage.quota = 20_000;
    let noise = '';
    for (let i = 0, x = 12345; i < 60_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
      noise += String.fromCharCode(33 + (x >> 16) % 90); // incompressible enough
    }
    const r = lib.save(id, { text: noise });
    expect(r).toMatchObject({ ok: false, reason: 'quota' });
    expect(lib.load(id)?.text).toBe(text); // the last good copy stays
    expect(new ScenarioLibrary(null).create('x', { text: 'y' }).result).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('survives damaged storage', () => {
    const storage = new MapStorage();
    storage.setItem('schedlab.library', '{not json');
    const lib = new ScenarioLibrary(storage);
    expect(lib.list()).toEqual([]);
    expect(decodeSaved('z1:@@@')).toBeNull();
    expect(decodeSaved('j1:{"text":5}')).toBeNull();
    expect(decodeSaved(encodeSaved({ text: 'ok', seed: 3 }))).toEqual({ text: 'ok', seed: 3 });
    expect(uniqueName('', [])).toBe('Untitled');
  });

  it('keeps only the seed of a text too big for localStorage, and marks the entry external', () => {
    const storage = new MapStorage();
    storage.quota = 64 * 1024; // far below the text: it must not be written here
    const lib = new ScenarioLibrary(storage);
    const big = 'x'.repeat(EXTERNAL_FROM);
    const { id, result } = lib.create('Imported', { text: big, seed: 9 }, { origin: 'import', pristine: true });
    expect(result).toEqual({ ok: true });
    expect(lib.get(id)).toMatchObject({ external: true, size: EXTERNAL_FROM });
    expect(lib.load(id)).toEqual({ text: '', seed: 9, external: true });
    expect(storage.getItem(`schedlab.scenario.${id}`)!.length).toBeLessThan(100);
    // edited down below the limit: back in localStorage, no longer external
    expect(lib.save(id, { text: 'small: 1' })).toEqual({ ok: true });
    expect(lib.get(id)?.external).toBeUndefined();
    expect(lib.load(id)).toEqual({ text: 'small: 1' });
    expect(isExternal('x'.repeat(EXTERNAL_FROM - 1))).toBe(false);
  });
});
