// Playback controls and the scrubbable timeline: one tick per step, a mark per cycle coloured
// by its outcome (green scheduled, red unschedulable, violet nominated) once the playback has
// reached it (grey before: the timeline must not give the answer away either), cycles of other
// profiles dimmed when a profile is picked, and where we are.
import { useEffect, useId, useMemo, useRef } from 'react';
import { usePlayer, SPEEDS } from '../store/player';
import { useRun } from '../store/run';
import type { Playback, Step } from './model';
import { IconBack, IconEnd, IconForward, IconPause, IconPlay, IconReset } from '../icons';

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
    const id = setTimeout(() => usePlayer.getState().advance(), dwell(playback.steps[cursor + 1]) / speed);
    return () => clearTimeout(id);
  }, [playing, cursor, speed, playback]);
}

function Scrubber({ pb }: { pb: Playback | null }) {
  const cursor = usePlayer((s) => s.cursor);
  const seek = usePlayer((s) => s.seek);
  const profile = usePlayer((s) => s.profile);
  const ref = useRef<HTMLDivElement>(null);
  const clipId = useId().replace(/:/g, '');
  const n = pb?.steps.length ?? 0;
  const W = 1000;
  const x = (i: number) => (n <= 1 ? 0 : (i / (n - 1)) * W);
  // Two layers of marks: grey for every cycle, and the outcome colours clipped to what has been played.
  const marks = useMemo(() => {
    if (!pb) return null;
    const other = (c: (typeof pb.cycles)[number]) => (profile && c.profile !== profile ? ' tick-other' : '');
    const lines = pb.cycles.map((c) => (
      <line key={c.index} className={`tick-cycle${other(c)}`} x1={x(c.firstStep)} x2={x(c.firstStep)} y1={0} y2={30} vectorEffect="non-scaling-stroke" />
    ));
    const future = pb.cycles.map((c) => <rect key={c.index} className={`tick-future${other(c)}`} x={x(c.lastStep) - 2} y={20} width={4} height={8} rx={1} />);
    const played = pb.cycles.map((c) => {
      const cls = c.result === 'Scheduled' ? 'tick-ok' : c.nominatedNode ? 'tick-nom' : 'tick-fail';
      return (
        <rect key={c.index} className={`${cls}${other(c)}`} x={x(c.lastStep) - 2} y={20} width={4} height={8} rx={1}>
          <title>{`cycle ${c.index + 1} (${c.profile}): ${c.pod} — ${c.result === 'Scheduled' ? `→ ${c.node}` : c.nominatedNode ? `nominated ${c.nominatedNode}` : c.result}`}</title>
        </rect>
      );
    });
    return { lines, future, played };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pb, profile]);
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
          p.seekEnd();
        }
      }}
    >
      <svg viewBox={`-4 0 ${W + 8} 30`} preserveAspectRatio="none" aria-hidden="true">
        <defs>
          <clipPath id={clipId}>
            <rect x={-4} y={0} width={cursor >= 0 ? x(cursor) + 6 : 0} height={30} />
          </clipPath>
        </defs>
        {n > 0 && cursor >= 0 && <rect className="scrub-fill" x={0} y={0} width={x(cursor)} height={30} />}
        {marks?.lines}
        {marks?.future}
        <g clipPath={`url(#${clipId})`}>{marks?.played}</g>
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
        <button
          type="button"
          className="btn icon"
          aria-label="Step back"
          title="Step back (←; Shift+← whole cycle)"
          onClick={p.stepBack}
          disabled={!n || cursor < 0}
        >
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
        <button
          type="button"
          className="btn icon"
          aria-label="Step forward"
          title="Step forward (→; Shift+→ whole cycle)"
          onClick={p.stepForward}
          disabled={!n || cursor >= n - 1}
        >
          <IconForward />
        </button>
        <button
          type="button"
          className="btn icon"
          aria-label="Jump to end"
          title="Jump to the end: the outcome (End)"
          onClick={p.seekEnd}
          disabled={!n || cursor >= n - 1}
        >
          <IconEnd />
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
          hasResult ? (
            'Nothing to schedule: no pending pods'
          ) : (
            'No trace yet'
          )
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
