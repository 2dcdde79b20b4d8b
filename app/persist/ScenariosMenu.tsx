// [Scenarios ▾] — the scenarios saved in this browser: open, rename, delete, start a new one —
// and the [↶] [↷] undo/redo buttons.
import { useState } from 'react';
import { PopoverButton } from '../share/popover';
import { formatBytes } from '../share/codec';
import { deleteSaved, openSaved, renameSaved, saveAs, startEmpty, undo, redo, usePersist } from './session';
import '../share/share.css';

function ago(t: number): string {
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

function Row(props: { id: string; name: string; current: boolean; updatedAt: number; size: number; close: () => void }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [draft, setDraft] = useState(props.name);
  if (mode === 'rename') {
    return (
      <li className="sl-scn-row">
        <form
          className="sl-rename"
          onSubmit={(e) => {
            e.preventDefault();
            renameSaved(props.id, draft);
            setMode('view');
          }}
        >
          <input aria-label={`New name for ${props.name}`} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus maxLength={120} />
          <button type="submit" className="btn primary">
            Save name
          </button>
          <button type="button" className="btn" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="sl-scn-row" data-current={props.current || undefined}>
      <button
        type="button"
        className="sl-scn-open"
        aria-current={props.current || undefined}
        onClick={() => {
          if (!props.current) openSaved(props.id);
          props.close();
        }}
      >
        <span className="sl-scn-name">{props.name}</span>
        <span className="sl-muted">
          {props.current ? 'open · ' : ''}
          {ago(props.updatedAt)} · {formatBytes(props.size)}
        </span>
      </button>
      {mode === 'delete' ? (
        <span className="sl-scn-actions">
          <button type="button" className="btn danger" onClick={() => deleteSaved(props.id)} autoFocus>
            Delete “{props.name}”
          </button>
          <button type="button" className="btn" onClick={() => setMode('view')}>
            Keep
          </button>
        </span>
      ) : (
        <span className="sl-scn-actions">
          <button type="button" className="btn" aria-label={`Rename ${props.name}`} onClick={() => setMode('rename')}>
            Rename
          </button>
          <button type="button" className="btn" aria-label={`Delete ${props.name}`} onClick={() => setMode('delete')}>
            Delete
          </button>
        </span>
      )}
    </li>
  );
}

export function ScenariosMenu() {
  const [open, setOpen] = useState(false);
  const scenarios = usePersist((s) => s.scenarios);
  const currentId = usePersist((s) => s.currentId);
  const currentName = usePersist((s) => s.currentName);
  const problem = usePersist((s) => s.saveProblem);
  const [copyName, setCopyName] = useState<string | null>(null);
  return (
    <PopoverButton
      label={
        <>
          Scenarios <span className="sl-current-name">· {currentName}</span> <span aria-hidden="true">▾</span>
        </>
      }
      title={problem ?? 'Scenarios saved in this browser (autosaved as you edit)'}
      dialogLabel="Saved scenarios"
      open={open}
      setOpen={setOpen}
      className={problem ? 'sl-has-problem' : undefined}
    >
      <div className="sl-scenarios">
        <p className="sl-muted">Saved in this browser as you edit. {currentId ? '' : `“${currentName}” is not saved yet: it will be at your first edit.`}</p>
        {problem && (
          <p role="alert" className="sl-warn">
            {problem}
          </p>
        )}
        {scenarios.length > 0 ? (
          <ul className="sl-scn-list" aria-label="Saved scenarios">
            {scenarios.map((s) => (
              <Row key={s.id} id={s.id} name={s.name} current={s.id === currentId} updatedAt={s.updatedAt} size={s.size} close={() => setOpen(false)} />
            ))}
          </ul>
        ) : (
          <p>No saved scenarios yet.</p>
        )}
        {copyName !== null ? (
          <form
            className="sl-rename"
            onSubmit={(e) => {
              e.preventDefault();
              saveAs(copyName);
              setCopyName(null);
            }}
          >
            <input aria-label="Name of the copy" value={copyName} onChange={(e) => setCopyName(e.target.value)} autoFocus maxLength={120} />
            <button type="submit" className="btn primary">
              Save copy
            </button>
            <button type="button" className="btn" onClick={() => setCopyName(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="sl-actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                startEmpty('Untitled');
                setOpen(false);
              }}
            >
              New empty scenario
            </button>
            <button type="button" className="btn" onClick={() => setCopyName(`${currentName} (copy)`)}>
              Save a copy…
            </button>
          </div>
        )}
      </div>
    </PopoverButton>
  );
}

export function UndoRedoButtons() {
  const canUndo = usePersist((s) => s.canUndo);
  const canRedo = usePersist((s) => s.canRedo);
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl+';
  return (
    <span className="sl-undo">
      <button type="button" className="btn icon" aria-label="Undo" title={`Undo (${mod}Z outside the editor)`} disabled={!canUndo} onClick={() => undo()}>
        ↶
      </button>
      <button type="button" className="btn icon" aria-label="Redo" title={`Redo (${mod}Shift+Z outside the editor)`} disabled={!canRedo} onClick={() => redo()}>
        ↷
      </button>
    </span>
  );
}
