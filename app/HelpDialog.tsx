import { useEffect, useRef } from 'react';
import { useUi } from './store/ui';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl';

/** Every shortcut the page answers to (App.tsx, Timeline.tsx, app/persist/session.ts). */
const KEYS: [string, string][] = [
  ['Space', 'Play / pause'],
  ['→', 'Step forward'],
  ['←', 'Step back'],
  ['Shift + →', 'Next cycle (of the picked profile)'],
  ['Shift + ←', 'Previous cycle'],
  ['Home', 'Reset to the start'],
  ['End', 'Jump to the end: the outcome'],
  [`${mod} + Z`, 'Undo a change to the scenario (outside the editor)'],
  [`${mod} + Shift + Z`, 'Redo (also Ctrl + Y)'],
  ['Tab / Shift + Tab', 'Move between nodes, pods and controls'],
  ['Enter', 'Select the focused node or pod and explain it'],
  ['Esc', 'Clear the selection, close a dialog'],
  ['?', 'This help'],
];

export function HelpDialog() {
  const open = useUi((s) => s.helpOpen);
  const setOpen = useUi((s) => s.setHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setOpen(false)}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            setOpen(false);
          }
        }}
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {KEYS.map(([k, v]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          On the canvas: drag to pan, wheel to zoom, click a node or pod to explain it, drag a node onto another zone to move it there. In the editor, {mod} + Z
          is the editor's own undo.
        </p>
        <button ref={closeRef} type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
