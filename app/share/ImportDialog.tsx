// "Import": paste or drop a cluster dump (kubectl -o yaml / -o json, `kind: List`, several files,
// gzip). Slimming runs in a worker of its own (app/share/import.worker.ts), streaming the files,
// with a progress bar and Cancel; the result becomes a new saved scenario.
import { useEffect, useRef, useState } from 'react';
import { useScenario } from '../store/scenario';
import { loadExternal } from '../persist/session';
import { openAtEnd } from './view';
import { offerPrepared } from '../worker/prepared';
import { describeCounts } from './slim';
import { formatBytes } from './codec';
import type { ImportProblem, ImportProgress, ImportResult } from './importer';
import type { ImportReply, ImportRequest } from './import.worker';
import { Modal, copyText } from './popover';

export const KUBECTL_COMMAND = 'kubectl get nodes,pods,pdb,priorityclasses -A -o yaml > cluster.yaml';
/** Above this, "as pasted" is not offered: the editor and the engine want the slim version. */
const AS_IS_LIMIT = 5 * 1024 * 1024;

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ImportProgress | null }
  | { kind: 'done'; summary: string; ignored: string; problems: ImportProblem[]; asIs: boolean }
  | { kind: 'error'; message: string };

export function ImportDialog(props: { onClose: () => void; initialFiles?: File[] }) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>(props.initialFiles ?? []);
  const [slim, setSlim] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [cmdCopied, setCmdCopied] = useState(false);
  const worker = useRef<Worker | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const parsedIgnored = useScenario((s) => s.parsed?.cluster.ignored);
  const revision = useScenario((s) => s.revision);
  const parsedRevision = useScenario((s) => s.parsed?.revision);

  useEffect(() => () => worker.current?.terminate(), []);

  const totalSize = files.reduce((a, f) => a + f.size, 0) + text.length;
  const canAsIs = totalSize <= AS_IS_LIMIT && !files.some((f) => /\.gz$/i.test(f.name));
  const running = phase.kind === 'running';
  const nothing = !text.trim() && files.length === 0;

  const name = () => (files.length === 1 && !text.trim() ? files[0].name.replace(/\.(ya?ml|json|txt)(\.gz)?$/i, '') : 'Imported cluster');

  const cancel = () => {
    worker.current?.terminate();
    worker.current = null;
    setPhase({ kind: 'error', message: 'Import cancelled. Your scenario is unchanged.' });
  };

  const start = async () => {
    if (nothing) return;
    if (!slim && canAsIs) {
      // As pasted: the text goes to the editor unchanged; the loader says what it ignored.
      const parts = [text, ...(await Promise.all(files.map((f) => f.text())))].filter((t) => t.trim());
      loadExternal(parts.join('\n---\n'), 'import', name());
      openAtEnd();
      setPhase({ kind: 'done', summary: `Imported ${parts.length} ${parts.length === 1 ? 'text' : 'texts'} as pasted.`, ignored: '', problems: [], asIs: true });
      return;
    }
    setPhase({ kind: 'running', progress: null });
    performance.mark('schedlab:import-start'); // (the marks are read by bench/importBrowser.ts)
    const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'schedlab-import' });
    worker.current = w;
    w.onmessage = (ev: MessageEvent<ImportReply>) => {
      const m = ev.data;
      if (m.type === 'progress') setPhase({ kind: 'running', progress: m.progress });
      else {
        performance.mark('schedlab:import-received');
        w.terminate();
        worker.current = null;
        if (m.type === 'error') setPhase({ kind: 'error', message: `The import failed: ${m.message}` });
        else finish(m.result);
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      worker.current = null;
      setPhase({ kind: 'error', message: `The import stopped: ${e.message || 'the browser ran out of memory or the worker failed'}. Your scenario is unchanged.` });
    };
    const req: ImportRequest = { files, texts: text.trim() ? [{ name: 'pasted text', text }] : [], options: { slim } };
    w.postMessage(req);
  };

  const finish = (r: ImportResult) => {
    const kept = describeCounts(r.summary.kept);
    if (!kept) {
      setPhase({
        kind: 'error',
        message: `Nothing to import: no Node, Pod, PodDisruptionBudget or PriorityClass found${r.problems.length ? ` (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}: ${r.problems[0].message})` : ''}.`,
      });
      return;
    }
    offerPrepared(r.yaml, r.docs); // the engine takes the objects as read, not the text again
    performance.mark('schedlab:import-timings', { detail: r.timings });
    loadExternal(r.yaml, 'import', name());
    openAtEnd(); // an engineer importing a cluster wants the outcome (why pending) at once
    performance.mark('schedlab:import-applied');
    setPhase({ kind: 'done', summary: `Imported ${kept}.`, ignored: describeCounts(r.summary.ignored), problems: r.problems, asIs: false });
  };

  const addFiles = (list: FileList | File[] | null) => {
    if (!list) return;
    const arr = Array.from(list);
    if (arr.length) setFiles((f) => [...f, ...arr]);
    setPhase({ kind: 'idle' });
  };

  const progress = phase.kind === 'running' ? phase.progress : null;
  const fraction = progress && progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
  const loaderIgnored = phase.kind === 'done' && phase.asIs && parsedRevision === revision ? describeCounts(parsedIgnored ?? {}) : '';

  return (
    <Modal title="Import a cluster" onClose={props.onClose} wide busy={running}>
      <div
        className={`sl-import${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          if (Array.from(e.dataTransfer.types).includes('Files')) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          if (!e.dataTransfer.files.length) return;
          e.preventDefault();
          setDragging(false);
          addFiles(e.dataTransfer.files);
        }}
      >
        <details className="sl-help" open={!text && files.length === 0}>
          <summary>How to export your cluster</summary>
          <p>Run this where kubectl reaches your cluster, then drop the file here or paste its content:</p>
          <div className="sl-command">
            <code>{KUBECTL_COMMAND}</code>
            <button
              type="button"
              className="btn"
              onClick={async () => {
                setCmdCopied(await copyText(KUBECTL_COMMAND));
              }}
            >
              {cmdCopied ? 'Copied' : 'Copy command'}
            </button>
          </div>
          <p className="sl-muted">
            <code>-o json</code> works too, as do several files and <code>.gz</code>. Dumps of hundreds of MB are fine: they are read in the background and only
            what scheduling reads is kept (no managedFields, env values or most annotations). Nothing leaves your browser.
          </p>
        </details>
        <label className="sl-field">
          <span>Paste YAML or JSON</span>
          <textarea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPhase({ kind: 'idle' });
            }}
            rows={8}
            spellCheck={false}
            disabled={running}
            placeholder={'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n  …'}
          />
        </label>
        <div className="sl-files">
          <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={running}>
            Choose files…
          </button>
          <span className="sl-muted">or drop files anywhere on this dialog</span>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".yaml,.yml,.json,.gz,.txt,application/json,application/yaml,text/yaml,text/plain,application/gzip"
            hidden
            aria-label="Files to import"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        {files.length > 0 && (
          <ul className="sl-filelist" aria-label="Files to import">
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                {f.name} <span className="sl-muted">({formatBytes(f.size)})</span>{' '}
                <button type="button" className="linklike" aria-label={`Remove ${f.name}`} disabled={running} onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                  remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <label className="sl-check">
          <input type="checkbox" checked={slim || !canAsIs} disabled={!canAsIs || running} onChange={(e) => setSlim(e.target.checked)} /> Keep only what scheduling
          reads{!canAsIs && ' (always, for inputs this big)'}
        </label>

        {phase.kind === 'running' && (
          <div className="sl-progress">
            <progress
              aria-label="Import progress"
              max={1}
              value={progress ? fraction : undefined}
              aria-valuetext={progress ? `${Math.round(fraction * 100)}%` : 'starting'}
            />
            <span role="status" className="sl-muted">
              {progress
                ? `Read ${formatBytes(progress.bytesRead)}${progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ''} · ${progress.objects.toLocaleString('en-US')} objects kept`
                : 'Starting…'}
            </span>
          </div>
        )}
        {phase.kind === 'done' && (
          <div role="status" className="sl-result">
            <p className="sl-ok">{phase.summary}</p>
            {phase.ignored && <p>Ignored (not read by the scheduler): {phase.ignored}.</p>}
            {loaderIgnored && <p>Ignored (not read by the scheduler): {loaderIgnored}.</p>}
            {phase.problems.length > 0 && (
              <>
                <p className="sl-warn">
                  {phase.problems.length} part{phase.problems.length === 1 ? '' : 's'} could not be read and {phase.problems.length === 1 ? 'was' : 'were'} skipped:
                </p>
                <ul className="sl-problems">
                  {phase.problems.slice(0, 8).map((p, i) => (
                    <li key={i}>
                      {p.file}, {p.where}: {p.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {phase.kind === 'error' && (
          <p role="alert" className="sl-warn">
            {phase.message}
          </p>
        )}
        <div className="sl-actions">
          {running ? (
            <button type="button" className="btn" onClick={cancel}>
              Cancel import
            </button>
          ) : phase.kind === 'done' ? (
            <button type="button" className="btn primary" onClick={props.onClose} data-autofocus>
              Done
            </button>
          ) : (
            <>
              <button type="button" className="btn primary" disabled={nothing} onClick={() => void start()}>
                Import
              </button>
              <button type="button" className="btn" onClick={props.onClose}>
                Cancel
              </button>
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}
