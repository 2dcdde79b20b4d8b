// The Editor pane: a plain textarea at once (first paint never waits for Monaco), replaced by
// Monaco with the Kubernetes schema as soon as its chunk has loaded. Diagnostics from the engine
// are listed under it (and shown as markers inside Monaco).
import { lazy, Suspense, useEffect, useState } from 'react';
import { useScenario } from '../store/scenario';
import { useUi } from '../store/ui';
import type { Diagnostic } from '../../engine/api/scenario';
import { openAtEnd } from '../share/view';
import { pastesObjects } from './paste';
import { afterClusterPaint } from '../cluster/firstPaint';

const NO_DIAGNOSTICS: Diagnostic[] = [];
const MonacoEditor = lazy(() => import('./MonacoEditor'));

function PlainEditor() {
  const source = useScenario((s) => s.source);
  const setSource = useScenario((s) => s.setSource);
  return (
    <textarea
      className="editor-fallback"
      aria-label="Scenario YAML"
      spellCheck={false}
      value={source}
      onChange={(e) => setSource(e.target.value, 'editor')}
      onPaste={(e) => {
        // After the change event has set the new text (see MonacoEditor for the why).
        if (pastesObjects(e.clipboardData.getData('text'))) setTimeout(openAtEnd, 0);
      }}
    />
  );
}

function DiagnosticsList({ diagnostics }: { diagnostics: Diagnostic[] }) {
  const reveal = useUi((s) => s.revealInEditor);
  if (!diagnostics.length) return null;
  const shown = diagnostics.slice(0, 200);
  return (
    <ul className="diagnostics" aria-label="Problems">
      {shown.map((d, i) => (
        <li key={i}>
          <button type="button" className={`diag-${d.severity}`} onClick={() => reveal(d.line, d.col)}>
            <span className="diag-pos">
              {d.line}:{d.col}
            </span>
            {d.message}
          </button>
        </li>
      ))}
      {diagnostics.length > shown.length && <li className="muted">… {diagnostics.length - shown.length} more</li>}
    </ul>
  );
}

export function EditorPane() {
  const diagnostics = useScenario((s) => s.parsed?.diagnostics) ?? NO_DIAGNOSTICS;
  const [monacoFailed, setMonacoFailed] = useState(false);
  const [useMonaco, setUseMonaco] = useState(false);
  const [monacoReady, setMonacoReady] = useState(false);
  /** A large loaded text waits for the engine's answer before it fills Monaco (see MonacoEditor). */
  const [filling, setFilling] = useState(false);
  // Fetch Monaco once the cluster is on screen (or after 1.5 s without nodes to draw): parsing its
  // chunk would otherwise delay the first paint of the cluster on a busy machine.
  useEffect(() => afterClusterPaint(() => setUseMonaco(true), 1500), []);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="pane editor-pane" aria-label="Editor" aria-busy={!monacoReady && !monacoFailed}>
      <div className="pane-head">
        <h2>Editor</h2>
        <span className="muted" style={{ fontSize: '0.85em' }}>
          scenario.yaml
        </span>
        <span className="spacer" />
        {filling && (
          <span role="status" className="muted" style={{ fontSize: '0.85em', whiteSpace: 'nowrap' }} title="A large text fills the editor once the engine has answered">
            text after the run…
          </span>
        )}
        {diagnostics.length > 0 && (
          <span className={errors ? 'diag-error' : 'diag-warning'} style={{ fontSize: '0.85em' }}>
            {errors ? `${errors} error${errors > 1 ? 's' : ''}` : `${diagnostics.length} warning${diagnostics.length > 1 ? 's' : ''}`}
          </span>
        )}
      </div>
      <div className="pane-body">
        {useMonaco && !monacoFailed ? (
          <Suspense fallback={<PlainEditor />}>
            <MonacoBoundary onError={() => setMonacoFailed(true)}>
              <MonacoEditor onReady={() => setMonacoReady(true)} onFilling={setFilling} />
            </MonacoBoundary>
          </Suspense>
        ) : (
          <PlainEditor />
        )}
      </div>
      <DiagnosticsList diagnostics={diagnostics} />
    </section>
  );
}

import { Component, type ReactNode } from 'react';
class MonacoBoundary extends Component<{ onError: () => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch() {
    this.props.onError();
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
