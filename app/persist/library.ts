// The scenario library: named scenarios kept in the browser (localStorage), one of them current.
//
//   schedlab.library            {"version":1,"currentId":"…","scenarios":[{id,name,updatedAt,…}]}
//   schedlab.scenario.<id>      the text, compressed ("z1:" + base64url(deflate(json))) or plain ("j1:" + json);
//                               for a text of EXTERNAL_FROM characters or more only its seed ("x1:" + json):
//                               the text itself is in IndexedDB (bigstore.ts), written by the session
//
// Texts are compressed, so the ~5 MB localStorage quota holds tens of MB of YAML. A write that
// still does not fit reports `quota` instead of throwing. Storage is injected (tests use a Map).
// No DOM beyond the Storage interface.

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { fromBase64Url, toBase64Url } from '../share/codec';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedMeta {
  id: string;
  name: string;
  /** ms since epoch */
  updatedAt: number;
  /** Where it came from: 'editor' (typed), 'gallery', 'link', 'import', … */
  origin: string;
  /** Gallery file, when it came from the gallery (for the teaching card). */
  gallery?: string;
  /** Loaded but not edited yet: the next load may reuse this entry instead of adding one. */
  pristine?: boolean;
  /** Characters of text. */
  size: number;
  /** The text is kept in IndexedDB (bigstore.ts), not here. */
  external?: boolean;
}

export interface SavedScenario {
  text: string;
  seed?: number;
  /** Read back from an external entry: `text` is empty, the text is in IndexedDB (bigstore.ts). */
  external?: boolean;
}

interface LibraryIndex {
  version: 1;
  currentId: string | null;
  scenarios: SavedMeta[];
}

export type SaveResult = { ok: true } | { ok: false; reason: 'quota' | 'unavailable'; message: string };

const INDEX_KEY = 'schedlab.library';
const ITEM_PREFIX = 'schedlab.scenario.';
/** Texts below this are stored as plain JSON (cheaper to write on every keystroke burst). */
const COMPRESS_FROM = 16 * 1024;
/** Texts this long or longer live in IndexedDB: compressing them for localStorage takes seconds and rarely fits. */
export const EXTERNAL_FROM = 1 << 20;

export const isExternal = (text: string): boolean => text.length >= EXTERNAL_FROM;

export function encodeSaved(s: SavedScenario): string {
  if (isExternal(s.text)) return `x1:${JSON.stringify(typeof s.seed === 'number' ? { seed: s.seed } : {})}`;
  const json = JSON.stringify({ text: s.text, ...(s.seed !== undefined ? { seed: s.seed } : {}) });
  if (json.length < COMPRESS_FROM) return `j1:${json}`;
  return `z1:${toBase64Url(deflateSync(strToU8(json), { level: 6 }))}`;
}

export function decodeSaved(raw: string | null): SavedScenario | null {
  if (!raw) return null;
  try {
    let json: string;
    if (raw.startsWith('x1:')) {
      const v = JSON.parse(raw.slice(3)) as { seed?: unknown };
      return { text: '', external: true, ...(typeof v.seed === 'number' ? { seed: v.seed } : {}) };
    }
    if (raw.startsWith('j1:')) json = raw.slice(3);
    else if (raw.startsWith('z1:')) json = strFromU8(inflateSync(fromBase64Url(raw.slice(3))));
    else return null;
    const v = JSON.parse(json) as Partial<SavedScenario>;
    if (typeof v.text !== 'string') return null;
    return { text: v.text, ...(typeof v.seed === 'number' ? { seed: v.seed } : {}) };
  } catch {
    return null;
  }
}

function isQuota(e: unknown): boolean {
  return e instanceof Error && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || /quota/i.test(e.message));
}

export class ScenarioLibrary {
  constructor(
    private readonly storage: StorageLike | null,
    private readonly now: () => number = Date.now,
  ) {}

  private readIndex(): LibraryIndex {
    try {
      const raw = this.storage?.getItem(INDEX_KEY);
      if (raw) {
        const v = JSON.parse(raw) as LibraryIndex;
        if (v && v.version === 1 && Array.isArray(v.scenarios)) {
          return { version: 1, currentId: typeof v.currentId === 'string' ? v.currentId : null, scenarios: v.scenarios.filter(validMeta) };
        }
      }
    } catch {
      /* unreadable index: start over (the items stay until overwritten) */
    }
    return { version: 1, currentId: null, scenarios: [] };
  }

  private writeIndex(ix: LibraryIndex): SaveResult {
    return this.write(INDEX_KEY, JSON.stringify(ix));
  }

  private write(key: string, value: string): SaveResult {
    if (!this.storage) return { ok: false, reason: 'unavailable', message: 'This browser does not let schedlab keep data (private mode?).' };
    try {
      this.storage.setItem(key, value);
      return { ok: true };
    } catch (e) {
      if (isQuota(e)) {
        return { ok: false, reason: 'quota', message: 'The browser’s storage for schedlab is full: this scenario is too big to keep. Export it as a file, or delete saved scenarios.' };
      }
      return { ok: false, reason: 'unavailable', message: `The browser refused to save (${e instanceof Error ? e.message : String(e)}).` };
    }
  }

  list(): SavedMeta[] {
    return [...this.readIndex().scenarios].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): SavedMeta | undefined {
    return this.readIndex().scenarios.find((s) => s.id === id);
  }

  currentId(): string | null {
    const ix = this.readIndex();
    return ix.currentId && ix.scenarios.some((s) => s.id === ix.currentId) ? ix.currentId : null;
  }

  load(id: string): SavedScenario | null {
    try {
      return decodeSaved(this.storage?.getItem(ITEM_PREFIX + id) ?? null);
    } catch {
      return null;
    }
  }

  /** Adds a scenario and makes it current. */
  create(name: string, data: SavedScenario, meta: Partial<Pick<SavedMeta, 'origin' | 'gallery' | 'pristine'>> = {}): { id: string; result: SaveResult } {
    const ix = this.readIndex();
    const id = newId(this.now(), ix.scenarios);
    const result = this.write(ITEM_PREFIX + id, encodeSaved(data));
    if (!result.ok) return { id, result };
    ix.scenarios.push({
      id,
      name: uniqueName(name, ix.scenarios),
      updatedAt: this.now(),
      origin: meta.origin ?? 'editor',
      gallery: meta.gallery,
      pristine: meta.pristine,
      size: data.text.length,
      ...(isExternal(data.text) ? { external: true } : {}),
    });
    ix.currentId = id;
    return { id, result: this.writeIndex(ix) };
  }

  /** Replaces a scenario's text (and optionally its name / flags); it becomes the one to reopen. */
  save(id: string, data: SavedScenario, patch: Partial<Pick<SavedMeta, 'name' | 'origin' | 'gallery' | 'pristine'>> = {}): SaveResult {
    const ix = this.readIndex();
    const m = ix.scenarios.find((s) => s.id === id);
    if (!m) return this.create(patch.name ?? 'Untitled', data, patch).result;
    const result = this.write(ITEM_PREFIX + id, encodeSaved(data));
    if (!result.ok) return result;
    Object.assign(m, patch, { updatedAt: this.now(), size: data.text.length });
    if (isExternal(data.text)) m.external = true;
    else delete m.external;
    if (patch.name !== undefined) m.name = uniqueName(patch.name, ix.scenarios.filter((s) => s !== m));
    if ('gallery' in patch && patch.gallery === undefined) delete m.gallery;
    if (!m.pristine) delete m.pristine;
    ix.currentId = id;
    return this.writeIndex(ix);
  }

  setCurrent(id: string | null): void {
    const ix = this.readIndex();
    ix.currentId = id;
    this.writeIndex(ix);
  }

  rename(id: string, name: string): SaveResult {
    const ix = this.readIndex();
    const m = ix.scenarios.find((s) => s.id === id);
    if (!m) return { ok: true };
    m.name = uniqueName(name.trim() || 'Untitled', ix.scenarios.filter((s) => s !== m));
    return this.writeIndex(ix);
  }

  remove(id: string): void {
    const ix = this.readIndex();
    ix.scenarios = ix.scenarios.filter((s) => s.id !== id);
    if (ix.currentId === id) ix.currentId = null;
    try {
      this.storage?.removeItem(ITEM_PREFIX + id);
    } catch {
      /* ignore */
    }
    this.writeIndex(ix);
  }
}

function validMeta(m: unknown): m is SavedMeta {
  const v = m as SavedMeta;
  return !!v && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.updatedAt === 'number';
}

function newId(now: number, existing: SavedMeta[]): string {
  let id = now.toString(36);
  let n = 0;
  while (existing.some((s) => s.id === id)) id = `${now.toString(36)}-${++n}`;
  return id;
}

/** "Name", or "Name (2)", "Name (3)"… when taken. */
export function uniqueName(name: string, existing: SavedMeta[]): string {
  const base = name.trim() || 'Untitled';
  const taken = new Set(existing.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** The browser's localStorage, or null when it is not available (private mode, sandbox). */
export function browserStorage(): StorageLike | null {
  try {
    const s = globalThis.localStorage;
    const k = 'schedlab.probe';
    s.setItem(k, '1');
    s.removeItem(k);
    return s;
  } catch {
    return null;
  }
}
