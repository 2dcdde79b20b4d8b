// Playback controls and the scrubbable timeline: one tick per step, a mark per cycle coloured
// by its outcome (green scheduled, red unschedulable, violet nominated), and where we are.
import { useEffect, useMemo, useRef } from 'react';
import { usePlayer, SPEEDS } from '../store/player';
import { useRun } from '../store/run';
import type { Playback, Step } from './model';
import { IconBack, IconForward, IconPause, IconPlay, IconReset } from '../icons';

/** How long a step stays on screen at 1×, by kind (ms). */
function dwell(step: Step | undefined): number {
  if (!step) return 600;
  switch (step.kind) {
    case 'pop':
      return 700;
    case 'filter':
    case 'score':
      return 900;
    case 'select':
      return 1100;
    case 'bind':
    case 'unschedulable':
      return 1000;
    default:
      return 800;
  }
}

function useAutoplay() {
  const playing = usePlayer((s) => s.playing);
  const cursor = usePlayer((s) => s.cursor);
  const speed = usePlayer((s) => s.speed);
  const playback = useRun((s) => s.playback);
  useEffect(() => {
    if (!playing || !playback) return;
    if (cursor >= playback.steps.length - 1) {
      usePlayer.setState({ playing: false });
      return;
    }
    const id = setTimeout(() => usePlayer.setState((s) => ({ cursor: s.cursor + 1 })), dwell(playback.steps[cursor + 1]) / speed);
    return () => clearTimeout(id);
  }, [playing, cursor, speed, playback]);
}

function Scrubber({ pb }: { pb: Playback | null }) {
  const cursor = usePlayer((s) => s.cursor);
  const seek = usePlayer((s) => s.seek);
  const ref = useRef<HTMLDivElement>(null);
  const n = pb?.steps.length ?? 0;
  const W = 1000;
  const x = (i: number) => (n <= 1 ? 0 : (i / (n - 1)) * W);
  const marks = useMemo(() => {
    if (!pb) return null;
    return pb.cycles.map((c) => {
      const cls = c.result === 'Scheduled' ? 'tick-ok' : c.nominatedNode ? 'tick-nom' : 'tick-fail';
      return (
        <g key={c.index}>
          <line className="tick-cycle" x1={x(c.firstStep)} x2={x(c.firstStep)} y1={0} y2={30} vectorEffect="non-scaling-stroke" />
          <rect className={cls} x={x(c.lastStep) - 2} y={20} width={4} height={8} rx={1}>
            <title>{`cycle ${c.index + 1}: ${c.pod} — ${c.result === 'Scheduled' ? `→ ${c.node}` : c.nominatedNode ? `nominated ${c.nominatedNode}` : c.result}`}</title>
          </rect>
        </g>
      );
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pb]);
  const fromPointer = (clientX: number) => {
    const r = ref.current!.getBoundingClientRect();
    const f = Math.max(0, Math.min(1, (clientX - r.left) / r.width));
    seek(Math.round(f * (n - 1)));
  };
  const step = pb && cursor >= 0 ? pb.steps[cursor] : null;
  return (
    <div
      ref={ref}
      className="scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Timeline position"
      aria-valuemin={0}
      aria-valuemax={n}
      aria-valuenow={cursor + 1}
      aria-valuetext={step ? `step ${cursor + 1} of ${n}: ${step.label}` : `start, ${n} steps`}
      onPointerDown={(e) => {
        if (!n) return;
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        usePlayer.setState({ playing: false });
        fromPointer(e.clientX);
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1 && n) fromPointer(e.clientX);
      }}
      onKeyDown={(e) => {
        const p = usePlayer.getState();
        if (e.key === 'ArrowRight') {
          e.preventDefault();
          if (e.shiftKey) p.cycleForward();
          else p.stepForward();
        } else if (e.key === 'ArrowLeft') {
          e.preventDefault();
          if (e.shiftKey) p.cycleBack();
          else p.stepBack();
        } else if (e.key === 'Home') {
          e.preventDefault();
          p.reset();
        } else if (e.key === 'End') {
          e.preventDefault();
          p.seek(n - 1);
        }
      }}
    >
      <svg viewBox={`-4 0 ${W + 8} 30`} preserveAspectRatio="none" aria-hidden="true">
        {n > 0 && cursor >= 0 && <rect className="scrub-fill" x={0} y={0} width={x(cursor)} height={30} />}
        {marks}
        {n > 0 && cursor >= 0 && <rect className="scrub-head" x={x(cursor) - 2} y={0} width={4} height={30} />}
      </svg>
    </div>
  );
}

export function Timeline() {
  useAutoplay();
  const pb = useRun((s) => s.playback);
  const hasResult = useRun((s) => !!s.result);
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  const speed = usePlayer((s) => s.speed);
  const p = usePlayer.getState();
  const n = pb?.steps.length ?? 0;
  const step = pb && cursor >= 0 ? pb.steps[cursor] : null;
  const cycle = step && step.cycle >= 0 ? pb!.cycles[step.cycle] : null;
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="controls">
        <button type="button" className="btn icon" aria-label="Reset" title="Reset (Home)" onClick={p.reset} disabled={!n}>
          <IconReset />
        </button>
        <button type="button" className="btn icon" aria-label="Step back" title="Step back (←; Shift+← whole cycle)" onClick={p.stepBack} disabled={!n || cursor < 0}>
          <IconBack />
        </button>
        {playing ? (
          <button type="button" className="btn icon primary" aria-label="Pause" title="Pause (Space)" onClick={p.pause}>
            <IconPause />
          </button>
        ) : (
          <button type="button" className="btn icon primary" aria-label="Play" title="Play (Space)" onClick={p.play} disabled={!n}>
            <IconPlay />
          </button>
        )}
        <button type="button" className="btn icon" aria-label="Step forward" title="Step forward (→; Shift+→ whole cycle)" onClick={p.stepForward} disabled={!n || cursor >= n - 1}>
          <IconForward />
        </button>
        <select aria-label="Speed" value={speed} onChange={(e) => p.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </div>
      <Scrubber pb={pb} />
      <div className="timeline-status" aria-live="polite">
        {!pb ? (
          hasResult ? 'Nothing to schedule: no pending pods' : 'No trace yet'
        ) : cursor < 0 ? (
          <>
            <b>start</b> · {pb.cycles.length} cycle{pb.cycles.length === 1 ? '' : 's'} · press Play or →
          </>
        ) : (
          <>
            {cycle ? (
              <>
                cycle <b>{cycle.index + 1}</b>/{pb.cycles.length} · <b>{cycle.pod}</b> ·{' '}
              </>
            ) : null}
            {step!.label}
            <span className="muted"> · t={(step!.t / 1000).toFixed(step!.t % 1000 ? 2 : 0)}s</span>
          </>
        )}
      </div>
    </section>
  );
}
