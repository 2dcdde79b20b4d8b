import { useUi } from '../store/ui';
import { usePlayer } from '../store/player';

/** A node name that selects and centres the node on the canvas. */
export function NodeLink({ name }: { name: string; cycle?: number }) {
  return (
    <button
      type="button"
      className="linklike node-link"
      title={`Show ${name} on the canvas`}
      onClick={(e) => {
        e.stopPropagation();
        useUi.getState().showNode(name);
      }}
    >
      {name}
    </button>
  );
}

/** Jumps the player to a step of a cycle. */
export function StepLink({ cycle, kind, plugin, children }: { cycle: number; kind?: string; plugin?: string; children: React.ReactNode }) {
  return (
    <button type="button" className="linklike" onClick={() => usePlayer.getState().jumpToCycle(cycle, kind, plugin)}>
      {children}
    </button>
  );
}
