// The playback position and the selected pod, kept per saved scenario, so that a refresh (or a
// crash) reopens the working scenario where it was being watched, not only with its text.
//
//   schedlab.view.<id>   {"cursor": 12, "pod": "default/web"}
//
// Written ~500 ms after the position stops changing (and when the page is hidden); read once at
// start-up by app/share/startup.ts. A view whose scenario is deleted is dropped with it.
import { usePlayer } from '../store/player';
import { useUi } from '../store/ui';
import { browserStorage, type StorageLike } from './library';

export const VIEW_PREFIX = 'schedlab.view.';
const DEBOUNCE_MS = 500;

export interface SavedView {
  cursor?: number;
  pod?: string;
}

export function readView(id: string, storage: StorageLike | null = browserStorage()): SavedView | null {
  try {
    const raw = storage?.getItem(VIEW_PREFIX + id);
    if (!raw) return null;
    const v = JSON.parse(raw) as SavedView;
    return {
      ...(typeof v.cursor === 'number' && Number.isInteger(v.cursor) && v.cursor >= 0 ? { cursor: v.cursor } : {}),
      ...(typeof v.pod === 'string' ? { pod: v.pod } : {}),
    };
  } catch {
    return null;
  }
}

export function forgetView(id: string, storage: StorageLike | null = browserStorage()): void {
  try {
    storage?.removeItem(VIEW_PREFIX + id);
  } catch {
    /* ignore */
  }
}

/** Starts keeping the view of the scenario `currentId()` names. Returns a stop function. */
export function startViewAutosave(currentId: () => string | null, storage: StorageLike | null = browserStorage()): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const id = currentId();
    if (!id || !storage) return;
    const cursor = usePlayer.getState().cursor;
    const sel = useUi.getState().selection;
    const view: SavedView = { ...(cursor >= 0 ? { cursor } : {}), ...(sel?.kind === 'pod' ? { pod: sel.key } : {}) };
    const text = JSON.stringify(view);
    if (`${id}\u0000${text}` === last) return;
    try {
      storage.setItem(VIEW_PREFIX + id, text);
      last = `${id}\u0000${text}`;
    } catch {
      /* a full storage: the view is a nicety, the scenario's own save reports the problem */
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, DEBOUNCE_MS);
  };
  const unsubPlayer = usePlayer.subscribe((s, p) => {
    if (s.cursor !== p.cursor) later();
  });
  const unsubUi = useUi.subscribe((s, p) => {
    if (s.selection !== p.selection) later();
  });
  const onHide = () => write();
  window.addEventListener('pagehide', onHide);
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') write();
  };
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    unsubPlayer();
    unsubUi();
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onVisibility);
    if (timer) clearTimeout(timer);
  };
}
