// Autosave, named scenarios and undo/redo, wired around the scenario store's setSource.
//
// - Autosave: the text is written to the current named scenario ~600 ms after typing stops (at
//   once for other changes), and flushed when the page is hidden or closed, so a refresh or a
//   crash loses at most the last fraction of a second.
// - Named scenarios: loading from the gallery, a link or an import puts the text in a new saved
//   scenario (or reuses the current one while it is still unedited, so browsing the gallery does
//   not pile up entries). Your own edits are never overwritten by a load.
// - Undo/redo: every setSource is a step, except that typing bursts (editor changes < 1 s apart)
//   coalesce into one. Switching to another saved scenario starts a fresh history.
//   Keys: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y when the focus is NOT in the Monaco editor or
//   a text field. Inside Monaco, its own undo applies (per keystroke); it also sees changes made
//   elsewhere (they arrive as edits), so both stacks stay coherent: Monaco's is finer-grained,
//   the app's also covers the canvas and loads.

import { create } from 'zustand';
import { useScenario, type SourceOrigin } from '../store/scenario';
import { useRun } from '../store/run';
import { DEFAULT_SCENARIO } from '../store/defaultScenario';
import { History } from './history';
import { ScenarioLibrary, browserStorage, isExternal, type SaveResult, type SavedMeta } from './library';
import { deleteText, getText, putText } from './bigstore';
import { forgetView, readView, startViewAutosave } from './viewsave';
import { applyView } from '../share/view';

export const AUTOSAVE_DEBOUNCE_MS = 600;

export interface PersistState {
  /** Saved scenarios, most recently changed first. */
  scenarios: SavedMeta[];
  currentId: string | null;
  /** Name of the working scenario (also before it is first saved). */
  currentName: string;
  /** The gallery file the working scenario came from, while it is unedited or edited. */
  gallery: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** Last save problem (quota, private mode), or null. */
  saveProblem: string | null;
}

export const usePersist = create<PersistState>()(() => ({
  scenarios: [],
  currentId: null,
  currentName: 'My scenario',
  gallery: null,
  canUndo: false,
  canRedo: false,
  saveProblem: null,
}));

let library = new ScenarioLibrary(null);
const history = new History();
/**
 * The saved scenario this tab edits. Kept per tab: the library's own "current" is only the one
 * to reopen at the next start, so two tabs never write into each other's scenario.
 */
let currentId: string | null = null;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** While true, store changes are ours (loads, undo/redo) and are not recorded as edits. */
let quiet = false;
let started = false;
/** The text last written, to skip writes that change nothing. */
let lastSaved: string | null = null;

const EDIT_ORIGINS = new Set<string>(['editor', 'draw', 'undo', 'redo']);

function refresh(): void {
  const meta = currentId ? library.get(currentId) : undefined;
  usePersist.setState((s) => ({
    scenarios: library.list(),
    currentId,
    currentName: meta?.name ?? s.currentName,
    gallery: meta ? (meta.gallery ?? null) : s.gallery,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
  }));
}

function noteSave(r: SaveResult): void {
  if (r.ok) usePersist.setState({ saveProblem: null });
  else usePersist.setState({ saveProblem: r.message });
}

// Large texts go to IndexedDB (bigstore.ts) in the background, the newest one per scenario:
// a write asked for while another is under way replaces any that waits.
const bigWaiting = new Map<string, string>();
const bigWriting = new Set<string>();
/** Resolves when no large text waits to be written (opening one right after its save reads the newest). */
let bigIdle: Promise<void> = Promise.resolve();
let bigIdleResolve: (() => void) | null = null;

function storeBig(id: string, text: string): void {
  bigWaiting.set(id, text);
  if (!bigIdleResolve) bigIdle = new Promise((r) => (bigIdleResolve = r));
  if (!bigWriting.has(id)) void afterRun().then(() => writeBig(id));
}

/**
 * Resolves when the engine is not running: IndexedDB clones the text it writes, and a freshly
 * imported cluster is then being simulated, so the write waits (memory peaks do not add up).
 */
function afterRun(): Promise<void> {
  // then a moment more, for the page to take in the result (memory peaks do not add up)
  const settle = (resolve: () => void) => setTimeout(resolve, 1500);
  return new Promise((resolve) => {
    if (useRun.getState().status !== 'running') return settle(resolve);
    const unsub = useRun.subscribe((s) => {
      if (s.status === 'running') return;
      unsub();
      settle(resolve);
    });
  });
}

async function writeBig(id: string): Promise<void> {
  if (bigWriting.has(id)) return;
  bigWriting.add(id);
  try {
    for (let text = bigWaiting.get(id); text !== undefined; text = bigWaiting.get(id)) {
      bigWaiting.delete(id);
      const r = await putText(id, text);
      if (!r.ok) usePersist.setState({ saveProblem: `This scenario is too big for the browser’s quick storage and could not be kept in IndexedDB (${r.message}): export it to keep it.` });
    }
  } finally {
    bigWriting.delete(id);
    if (!bigWriting.size && !bigWaiting.size) {
      bigIdleResolve?.();
      bigIdleResolve = null;
    }
  }
}

/** After a library write of `text` for `id`: the text itself, when it is kept outside. */
function saved(id: string | null, text: string, r: SaveResult): void {
  noteSave(r);
  if (r.ok && id && isExternal(text)) storeBig(id, text);
}

/** Writes the working text now (no-op when nothing changed). */
export function flushAutosave(): void {
  if (saveTimer) {
    clearTimeout(saveTimer);
    saveTimer = null;
  }
  const { source, origin, seed } = useScenario.getState();
  const key = `${seed}\u0000${source}`;
  if (key === lastSaved) return;
  const meta = currentId ? library.get(currentId) : undefined;
  if (!currentId || !meta) {
    // Not saved yet (or deleted meanwhile, in another tab): only keep it once it is more than
    // the untouched default or an empty page.
    if ((origin === 'init' && source === DEFAULT_SCENARIO) || !source.trim()) return;
    const st = usePersist.getState();
    const created = library.create(st.currentName, { text: source, seed }, { origin: String(origin), gallery: st.gallery ?? undefined });
    if (created.result.ok) currentId = created.id;
    saved(created.id, source, created.result);
  } else {
    const edited = EDIT_ORIGINS.has(String(origin));
    saved(currentId, source, library.save(currentId, { text: source, seed }, edited && meta.pristine ? { pristine: false } : {}));
  }
  lastSaved = key;
  refresh();
}

function scheduleSave(origin: SourceOrigin): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(flushAutosave, origin === 'editor' ? AUTOSAVE_DEBOUNCE_MS : 0);
}

function setQuietly(text: string, origin: SourceOrigin, seed?: number): void {
  quiet = true;
  try {
    if (seed !== undefined) useScenario.getState().setSeed(seed, origin);
    useScenario.getState().setSource(text, origin);
  } finally {
    quiet = false;
  }
  lastSaved = `${useScenario.getState().seed}\u0000${text}`;
}

/**
 * Loads text from outside (gallery, link, import) as the working scenario, in a saved scenario
 * of its own: the current one is kept as it is (flushed first), unless it is itself an unedited
 * load, which is then reused.
 */
export function loadExternal(
  text: string,
  origin: 'gallery' | 'link' | 'import' | (string & {}),
  name: string,
  gallery?: string,
  seed = 1,
): void {
  flushAutosave();
  const meta = currentId ? library.get(currentId) : undefined;
  let r: SaveResult;
  if (currentId && meta?.pristine) {
    r = library.save(currentId, { text, seed }, { name, origin, gallery, pristine: true });
  } else {
    const created = library.create(name, { text, seed }, { origin, gallery, pristine: true });
    r = created.result;
    currentId = r.ok ? created.id : null;
  }
  saved(currentId, text, r);
  history.clear();
  usePersist.setState({ currentName: name, gallery: gallery ?? null });
  setQuietly(text, origin, seed);
  refresh();
}

/** An empty, unsaved working scenario (after a damaged link, or "New"). */
export function startEmpty(name = 'Untitled'): void {
  flushAutosave();
  currentId = null;
  library.setCurrent(null);
  history.clear();
  usePersist.setState({ currentName: name, gallery: null });
  setQuietly('', 'restore', 1);
  refresh();
}

/** Switches to a saved scenario (a large one arrives from IndexedDB a moment later). */
export function openSaved(id: string): boolean {
  flushAutosave();
  const data = library.load(id);
  const meta = library.get(id);
  const unreadable = () => {
    usePersist.setState({ saveProblem: 'That saved scenario could not be read; it was removed from the list.' });
    library.remove(id);
    void deleteText(id);
    refresh();
  };
  if (!data || !meta) {
    unreadable();
    return false;
  }
  currentId = id;
  library.setCurrent(id);
  history.clear();
  usePersist.setState({ currentName: meta.name, gallery: meta.gallery ?? null });
  if (data.external) {
    void bigIdle
      .then(() => getText(id))
      .then((text) => {
        if (currentId !== id) return; // switched again meanwhile
        if (text === null) unreadable();
        else {
          setQuietly(text, 'restore', data.seed ?? 1);
          applyView(readView(id) ?? {});
        }
      });
  } else {
    setQuietly(data.text, 'restore', data.seed ?? 1);
    applyView(readView(id) ?? {});
  }
  refresh();
  return true;
}

export function renameSaved(id: string, name: string): void {
  noteSave(library.rename(id, name));
  refresh();
}

/** Deletes a saved scenario. Deleting the current one keeps its text on screen, unsaved. */
export function deleteSaved(id: string): void {
  const wasCurrent = currentId === id;
  library.remove(id);
  bigWaiting.delete(id);
  void deleteText(id);
  forgetView(id);
  if (wasCurrent) {
    currentId = null;
    lastSaved = null;
    usePersist.setState({ currentName: 'Untitled', gallery: null });
  }
  refresh();
}

/** Saves the working text under a new name ("Save as"). */
export function saveAs(name: string): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const { source, seed } = useScenario.getState();
  const created = library.create(name, { text: source, seed }, { origin: 'editor' });
  saved(created.id, source, created.result);
  if (!created.result.ok) return;
  currentId = created.id;
  lastSaved = `${seed}\u0000${source}`;
  usePersist.setState({ currentName: library.get(created.id)?.name ?? name });
  refresh();
}

export function undo(): boolean {
  const { source } = useScenario.getState();
  const text = history.undo(source);
  if (text === null) return false;
  setQuietly(text, 'undo');
  scheduleSave('undo');
  refresh();
  return true;
}

export function redo(): boolean {
  const { source } = useScenario.getState();
  const text = history.redo(source, Date.now());
  if (text === null) return false;
  setQuietly(text, 'redo');
  scheduleSave('redo');
  refresh();
  return true;
}

function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.('.monaco-editor, input, textarea, select, [contenteditable="true"], [contenteditable=""]');
}

function onKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.altKey || !(e.ctrlKey || e.metaKey)) return;
  const key = e.key.toLowerCase();
  const isUndo = key === 'z' && !e.shiftKey;
  const isRedo = (key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.metaKey);
  if (!isUndo && !isRedo) return;
  if (inTextField(e.target)) return; // Monaco and text fields keep their own undo
  e.preventDefault();
  if (isUndo) undo();
  else redo();
}

/**
 * Starts autosave and undo/redo (idempotent). Call once at start-up, after the working text was
 * chosen (see app/share/startup.ts). `storage` is for tests; the browser's localStorage otherwise.
 */
export function startPersistence(storage = browserStorage()): () => void {
  if (started) return () => {};
  started = true;
  library = new ScenarioLibrary(storage);
  if (!storage) usePersist.setState({ saveProblem: 'This browser does not let schedlab keep data (private mode?): your work is not saved between visits. Use Export to keep it.' });
  const unsub = useScenario.subscribe((s, prev) => {
    if (s.source === prev.source) {
      if (s.seed !== prev.seed && !quiet) scheduleSave(s.origin);
      return;
    }
    if (!quiet && s.origin !== 'undo' && s.origin !== 'redo') {
      history.record(prev.source, String(s.origin), Date.now());
      usePersist.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
    }
    if (!quiet) scheduleSave(s.origin);
  });
  const onHide = () => flushAutosave();
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flushAutosave();
  };
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith('schedlab.library')) refresh();
  };
  window.addEventListener('pagehide', onHide);
  window.addEventListener('beforeunload', onHide);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('storage', onStorage);
  const stopView = startViewAutosave(() => currentId, storage);
  refresh();
  return () => {
    flushAutosave();
    unsub();
    stopView();
    window.removeEventListener('pagehide', onHide);
    window.removeEventListener('beforeunload', onHide);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('storage', onStorage);
    started = false;
  };
}

export interface SavedWorking {
  id: string;
  name: string;
  /** Empty when `external`: the text is read from IndexedDB by restoreWorking. */
  text: string;
  seed?: number;
  gallery?: string;
  external?: boolean;
}

/** The saved working scenario to restore at start-up, if any (before persistence starts). */
export function savedWorkingScenario(storage = browserStorage()): SavedWorking | null {
  const lib = new ScenarioLibrary(storage);
  const id = lib.currentId();
  if (!id) return null;
  const data = lib.load(id);
  const meta = lib.get(id);
  if (!data || !meta) return null;
  return { id, name: meta.name, text: data.text, seed: data.seed, gallery: meta.gallery, ...(data.external ? { external: true } : {}) };
}

/**
 * Start-up restore: makes a saved scenario the working one without recording an edit. A large
 * one is read from IndexedDB: the page starts empty and the text follows; resolves once it is set.
 */
export async function restoreWorking(saved: SavedWorking): Promise<void> {
  currentId = saved.id;
  usePersist.setState({ currentName: saved.name, gallery: saved.gallery ?? null });
  if (!saved.external) {
    setQuietly(saved.text, 'restore', saved.seed ?? 1);
    refresh();
    return;
  }
  setQuietly('', 'restore', saved.seed ?? 1);
  refresh();
  const text = await getText(saved.id);
  if (currentId !== saved.id || useScenario.getState().source !== '') return; // the user moved on meanwhile
  if (text === null) {
    usePersist.setState({ saveProblem: `The saved scenario “${saved.name}” could not be read back from the browser’s storage.` });
    return;
  }
  setQuietly(text, 'restore', saved.seed ?? 1);
}
