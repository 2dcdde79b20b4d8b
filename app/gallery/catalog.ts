// The gallery: public/gallery/index.json lists the teaching scenarios; opening one loads its
// YAML as the working scenario (in a saved scenario of its own) and shows its teaching card.
import { create } from 'zustand';
import { loadExternal, usePersist } from '../persist/session';
import { applyView } from '../share/view';
import { notify } from '../share/notice';
import { parseFrontMatter, type GalleryEntry, type GalleryMeta } from './frontmatter';

export interface GalleryState {
  entries: GalleryEntry[] | null;
  error: string | null;
  /** Front matter of gallery files read so far, by name. */
  metas: Record<string, GalleryMeta>;
  /** Whether the teaching card is shown (it is, on opening a gallery scenario). */
  cardOpen: boolean;
  /** The answer has been revealed (by playing to the end, or by asking). */
  revealed: boolean;
}

export const useGallery = create<GalleryState>()(() => ({ entries: null, error: null, metas: {}, cardOpen: false, revealed: false }));

const base = () => import.meta.env.BASE_URL ?? '/';

let indexPromise: Promise<GalleryEntry[]> | null = null;

export function loadGalleryIndex(): Promise<GalleryEntry[]> {
  if (!indexPromise) {
    indexPromise = fetch(`${base()}gallery/index.json`)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json() as Promise<GalleryEntry[]>;
      })
      .then((entries) => {
        useGallery.setState({ entries, error: null });
        return entries;
      })
      .catch((e: unknown) => {
        indexPromise = null;
        const error = `The gallery could not be loaded (${e instanceof Error ? e.message : String(e)}).`;
        useGallery.setState({ error });
        throw new Error(error);
      });
  }
  return indexPromise;
}

/** Fetches and opens a gallery scenario by name (file name without .yaml). */
export async function openGalleryScenario(name: string): Promise<boolean> {
  if (!/^[\w.-]+$/.test(name)) return false;
  let text: string;
  try {
    const r = await fetch(`${base()}gallery/${name}.yaml`);
    if (!r.ok) throw new Error(r.status === 404 ? 'no such scenario' : `HTTP ${r.status}`);
    text = await r.text();
    if (/^\s*<!doctype html/i.test(text)) throw new Error('no such scenario');
  } catch (e) {
    notify({ kind: 'error', text: `The gallery scenario “${name}” could not be opened (${e instanceof Error ? e.message : String(e)}).` });
    return false;
  }
  const meta = parseFrontMatter(text);
  if (meta) useGallery.setState((s) => ({ metas: { ...s.metas, [name]: meta } }));
  loadExternal(text, 'gallery', meta?.title ?? name, name);
  // Nothing selected yet: the Explanation pane would give the answer away before playing.
  applyView({});
  useGallery.setState({ cardOpen: !!meta, revealed: false });
  notify(null);
  return true;
}

/** The front matter of the working scenario's gallery file, fetched if needed. */
export async function ensureMeta(name: string): Promise<GalleryMeta | null> {
  const have = useGallery.getState().metas[name];
  if (have) return have;
  try {
    const r = await fetch(`${base()}gallery/${name}.yaml`);
    if (!r.ok) return null;
    const meta = parseFrontMatter(await r.text());
    if (meta) useGallery.setState((s) => ({ metas: { ...s.metas, [name]: meta } }));
    return meta;
  } catch {
    return null;
  }
}

/** The gallery file of the working scenario, if it came from the gallery. */
export const useCurrentGallery = () => usePersist((s) => s.gallery);
