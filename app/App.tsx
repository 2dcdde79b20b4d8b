import { useEffect, useState } from 'react';
import { engine } from './worker/engine';

type EngineState = { status: 'loading' } | { status: 'ready'; engine: string; kubeScheduler: string } | { status: 'error'; message: string };

export function App() {
  const [state, setState] = useState<EngineState>({ status: 'loading' });
  useEffect(() => {
    engine()
      .version()
      .then((v) => setState({ status: 'ready', ...v }))
      .catch((e: unknown) => setState({ status: 'error', message: String(e) }));
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <h1>schedlab</h1>
        <span role="status" aria-label="Engine status" className="engine-status">
          {state.status === 'loading' && 'Engine starting…'}
          {state.status === 'ready' && `Engine ${state.engine} ready (kube-scheduler ${state.kubeScheduler})`}
          {state.status === 'error' && `Engine failed: ${state.message}`}
        </span>
      </header>
    </div>
  );
}
