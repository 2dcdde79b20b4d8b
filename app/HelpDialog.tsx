import { useEffect, useRef } from 'react';
import { useUi } from './store/ui';

const KEYS: [string, string][] = [
  ['Space', 'Play / pause'],
  ['→', 'Step forward'],
  ['←', 'Step back'],
  ['Shift + →', 'Next cycle'],
  ['Shift + ←', 'Previous cycle'],
  ['Home', 'Reset to the start'],
  ['Esc', 'Clear the selection'],
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
          On the canvas: drag to pan, wheel to zoom, click a node or pod to explain it, drag a node onto another zone to move it there.
          Tab reaches every node and pod; Enter selects.
        </p>
        <button ref={closeRef} type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
