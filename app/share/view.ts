// The view a link (or a gallery card) opens at: the selected pod and the playback position.
// The selection is set at once; the cursor once the engine's run for the loaded text is done
// (the runner clamps the cursor to the steps it has, so it must wait for them).
import { useScenario } from '../store/scenario';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { useUi } from '../store/ui';

export interface ViewState {
  pod?: string;
  cursor?: number;
}

let pendingUnsub: (() => void) | null = null;

/** The current view, for a link. */
export function currentView(): ViewState {
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
  if (view.cursor === undefined || view.cursor < 0) return;
  const target = view.cursor;
  const revision = useScenario.getState().revision;
  const tryApply = (): boolean => {
    const run = useRun.getState();
    if (useScenario.getState().revision !== revision) return true; // text changed since: give up
    if (run.status !== 'done' || run.revision < revision) return false;
    const steps = run.playback?.steps.length ?? 0;
    usePlayer.setState({ cursor: Math.min(target, steps - 1), playing: false });
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
