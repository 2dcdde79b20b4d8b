// The view a link (or a gallery card) opens at: the selected pod and the playback position.
// The selection is set at once; the cursor once the engine's run for the loaded text is done
// (the runner clamps the cursor to the steps it has, so it must wait for them).
//
// Where a scenario opens: a gallery scenario at the start (the teaching card's question must not
// be answered before playing); a link where it was shared; a pasted or imported scenario at the
// end of the run, so "Why pending" shows the scheduler's message at once (`openAtEnd`).
import { useScenario } from '../store/scenario';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { useUi } from '../store/ui';

export interface ViewState {
  pod?: string;
  /** A step index, or 'end' for the last step of the run. */
  cursor?: number | 'end';
}

let pendingUnsub: (() => void) | null = null;

/** The current view, for a link. */
export function currentView(): { pod?: string; cursor?: number } {
  const sel = useUi.getState().selection;
  const cursor = usePlayer.getState().cursor;
  return {
    ...(sel?.kind === 'pod' ? { pod: sel.key } : {}),
    ...(cursor >= 0 ? { cursor } : {}),
  };
}

/** Applies a view to the text just loaded (call right after its setSource). */
export function applyView(view: ViewState): void {
  pendingUnsub?.();
  pendingUnsub = null;
  useUi.getState().select(view.pod ? { kind: 'pod', key: view.pod } : null);
  usePlayer.setState({ cursor: -1, playing: false });
  if (view.cursor === undefined || (view.cursor !== 'end' && view.cursor < 0)) return;
  const target = view.cursor;
  const revision = useScenario.getState().revision;
  const tryApply = (): boolean => {
    const run = useRun.getState();
    if (useScenario.getState().revision !== revision) return true; // text changed since: give up
    if (run.status !== 'done' || run.revision < revision) return false;
    const steps = run.playback?.steps.length ?? 0;
    usePlayer.setState({ cursor: target === 'end' ? steps - 1 : Math.min(target, steps - 1), playing: false });
    return true;
  };
  if (tryApply()) return;
  const unsub = useRun.subscribe(() => {
    if (tryApply()) {
      unsub();
      if (pendingUnsub === unsub) pendingUnsub = null;
    }
  });
  pendingUnsub = unsub;
}

/** Opens the text just set (pasted into the editor, imported) at the end of its run. */
export function openAtEnd(): void {
  applyView({ cursor: 'end' });
}
