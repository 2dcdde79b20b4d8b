// Large scenario texts, kept in IndexedDB: an imported cluster is tens of MB of YAML, far over
// localStorage's ~5 MB, and compressing it there would block the page for seconds. The library
// (library.ts) keeps the scenario's entry and marks it `external`; the text lives here, under the
// scenario's id, written in the background (IndexedDB clones the string and writes it off the
// main thread). Every function resolves, never rejects: a browser without IndexedDB (or one that
// refuses, like some private modes) answers with { ok: false } and a reason.

const DB_NAME = 'schedlab';
const STORE = 'texts';

export type BigResult = { ok: true } | { ok: false; message: string };

let opening: Promise<IDBDatabase | null> | null = null;

function openAt(version: number | undefined): Promise<IDBDatabase | null> {
  return new Promise<IDBDatabase | null>((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = version === undefined ? indexedDB.open(DB_NAME) : indexedDB.open(DB_NAME, version);
    } catch {
      return resolve(null);
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    // an upgrade waits for other tabs to close the database: a while, not forever
    req.onblocked = () => setTimeout(() => resolve(null), 5000);
  });
}

function open(): Promise<IDBDatabase | null> {
  if (opening) return opening;
  opening = (async () => {
    if (typeof indexedDB === 'undefined') return null;
    // The database at whatever version it has; one without our store (made by someone else, or
    // an older schedlab) is upgraded once to add it.
    const db = await openAt(undefined);
    if (!db || db.objectStoreNames.contains(STORE)) return db;
    const next = db.version + 1;
    db.close();
    return openAt(next);
  })();
  // A failed open may succeed later (another tab upgrading): try again next time.
  void opening.then((db) => {
    if (!db) opening = null;
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<{ ok: true; value: T | undefined } | { ok: false; message: string }> {
  return open().then(
    (db) =>
      new Promise((resolve) => {
        if (!db) return resolve({ ok: false, message: 'this browser does not offer IndexedDB to schedlab' });
        try {
          const tx = db.transaction(STORE, mode);
          const req = fn(tx.objectStore(STORE));
          tx.oncomplete = () => resolve({ ok: true, value: req ? (req.result as T) : undefined });
          tx.onabort = tx.onerror = () => resolve({ ok: false, message: tx.error?.message ?? 'the browser refused to store it' });
        } catch (e) {
          resolve({ ok: false, message: e instanceof Error ? e.message : String(e) });
        }
      }),
  );
}

export async function putText(id: string, text: string): Promise<BigResult> {
  const r = await run('readwrite', (s) => s.put(text, id));
  return r.ok ? { ok: true } : r;
}

/** The text, or null when there is none (or it cannot be read). */
export async function getText(id: string): Promise<string | null> {
  const r = await run<unknown>('readonly', (s) => s.get(id));
  return r.ok && typeof r.value === 'string' ? r.value : null;
}

export async function deleteText(id: string): Promise<void> {
  await run('readwrite', (s) => s.delete(id));
}
