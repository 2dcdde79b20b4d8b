import { useEffect, useState } from 'react';
import { useRun } from './store/run';
import { cancelRun, runNow } from './worker/runner';

/** The role=status "Engine status": engine version, and what the current run is doing. */
export function EngineStatus() {
  const info = useRun((s) => s.engineInfo);
  const status = useRun((s) => s.status);
  const startedAt = useRun((s) => s.startedAt);
  const progress = useRun((s) => s.progress);
  const message = useRun((s) => s.message);
  const result = useRun((s) => s.result);
  const playback = useRun((s) => s.playback);
  const [, tick] = useState(0);
  useEffect(() => {
    if (status !== 'running') return;
    const id = setInterval(() => tick((x) => x + 1), 250);
    return () => clearInterval(id);
  }, [status]);
  const long = status === 'running' && startedAt !== null && performance.now() - startedAt > 600;
  const state = status === 'running' ? 'running' : status === 'error' || status === 'crashed' ? 'error' : info ? 'ready' : 'starting';
  let detail = '';
  let ms = '';
  if (status === 'running') {
    detail = progress?.cycles ? `scheduling… ${progress.cycles} cycles` : progress?.phase === 'load' ? 'reading the scenario…' : 'scheduling…';
  } else if (status === 'done' && result) {
    detail = playback ? `${playback.cycles.length} cycle${playback.cycles.length === 1 ? '' : 's'}` : '';
    ms = playback ? ` in ${Math.round(result.elapsedMs)} ms` : '';
  }
  return (
    <>
      <span
        role="status"
        aria-label="Engine status"
        className="engine-status"
        data-state={state}
        title={message ?? (ms ? `Last run: ${detail}${ms}` : undefined)}
      >
        <span className="dot" aria-hidden="true" />
        {info ? (
          // Visible: "kube-scheduler v1.35"; read (and in the tooltip): the whole sentence.
          <span title={`schedlab engine ${info.engine}, reproducing kube-scheduler ${info.kubeScheduler}`}>
            <span className="sr-only">Engine {info.engine} ready (</span>kube-scheduler {info.kubeScheduler}
            <span className="sr-only">)</span>
          </span>
        ) : status === 'error' ? (
          (message ?? 'Engine failed')
        ) : (
          'Engine starting…'
        )}
        {detail && (
          <span>
            {' '}
            · {detail}
            {/* The run's time: read out, shown on wide screens (the top bar is full at 1280 px). */}
            {ms && <span className="status-ms">{ms}</span>}
          </span>
        )}
        {(status === 'crashed' || status === 'cancelled' || (status === 'error' && info)) && message && <span> · {message}</span>}
      </span>
      {long && (
        <button type="button" className="btn" onClick={cancelRun}>
          Cancel run
        </button>
      )}
      {(status === 'cancelled' || status === 'crashed' || status === 'error') && info && (
        <button type="button" className="btn" onClick={() => void runNow()}>
          Run again
        </button>
      )}
    </>
  );
}
