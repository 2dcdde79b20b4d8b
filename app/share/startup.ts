// Start-up: which text the page opens with, in order of precedence:
//   1. a shared link in the URL fragment (#s1=…), or a gallery reference (#gallery=<name>);
//   2. the working scenario saved in this browser (autosave), at the step and with the pod it
//      was left at;
//   3. the built-in default scenario.
// A link that cannot be opened leaves an empty, working page and a message saying why (saved
// scenarios stay untouched in the Scenarios menu). The fragment is removed once read, so a refresh
// restores the autosaved work rather than re-opening the link.
import { decodeLink, isLinkFragment, LinkError } from './codec';
import { applyView } from './view';
import { loadExternal, restoreWorking, savedWorkingScenario, startEmpty, startPersistence } from '../persist/session';
import { openGalleryScenario } from '../gallery/catalog';
import { notify } from './notice';
import { readView } from '../persist/viewsave';

let booted = false;

function clearFragment(): void {
  try {
    history.replaceState(history.state, '', location.pathname + location.search);
  } catch {
    /* sandboxed */
  }
}

/** Opens the link in `fragment`; true when the fragment was a link (opened or not). */
export function openFragment(fragment: string): boolean {
  const f = fragment.replace(/^#/, '');
  const gallery = /^gallery=([\w.-]+)$/.exec(f);
  if (gallery) {
    clearFragment();
    void openGalleryScenario(gallery[1]);
    return true;
  }
  if (!isLinkFragment(f) && !/^s\d+=/.test(f)) return false;
  clearFragment();
  try {
    const payload = decodeLink(f);
    if (!payload) return false;
    loadExternal(payload.yaml, 'link', payload.name || 'Shared link', undefined, payload.seed ?? 1);
    applyView({ pod: payload.pod, cursor: payload.cursor });
    notify(null);
  } catch (e) {
    const msg = e instanceof LinkError ? e.message : `This link could not be opened (${e instanceof Error ? e.message : String(e)}).`;
    startEmpty();
    applyView({});
    notify({ kind: 'error', text: `${msg} schedlab started with an empty scenario; your saved scenarios are still in the Scenarios menu.` });
  }
  return true;
}

/** Chooses the opening text and starts autosave/undo. Idempotent; call before the first render. */
export function bootstrap(): void {
  if (booted) return;
  booted = true;
  startPersistence();
  if (!openFragment(location.hash)) {
    const saved = savedWorkingScenario();
    // the text, then where it was being watched (the step and the selected pod)
    if (saved) void restoreWorking(saved).then(() => applyView(readView(saved.id) ?? {}));
  }
  window.addEventListener('hashchange', () => {
    if (location.hash) openFragment(location.hash);
  });
}
