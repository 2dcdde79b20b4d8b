// The scheduling queue at the cursor: the pod in flight, activeQ in order, backoffQ, and the
// unschedulable pods. Click a pod to explain it and jump to its cycle.
import { useMemo } from 'react';
import { useFrame, useClusterModel } from './useFrame';
import { useUi } from '../store/ui';
import { usePlayer } from '../store/player';
import { useRun } from '../store/run';
import { workloadColor } from '../colors';
import type { PodView } from '../worker/protocol';

function QPod({ k, pod, inFlight }: { k: string; pod: PodView | undefined; inFlight?: boolean }) {
  const selected = useUi((s) => s.selection?.kind === 'pod' && s.selection.key === k);
  return (
    <button
      type="button"
      className="qpod"
      aria-label={k}
      aria-pressed={selected}
      data-inflight={inFlight ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      data-qos={pod?.qos}
      onClick={() => {
        useUi.getState().select({ kind: 'pod', key: k });
        if (!inFlight) usePlayer.getState().jumpToPod(k, 'first');
      }}
      title={`${k}${pod?.priority ? ` · priority ${pod.priority}` : ''}`}
    >
      <span className="dot" style={{ background: workloadColor(pod?.owner ?? k) }} aria-hidden="true" />
      {pod?.namespace === 'default' ? pod.name : k}
      {pod?.priority ? <span className="p">p={pod.priority}</span> : null}
    </button>
  );
}

export function QueueStrip() {
  const frame = useFrame();
  const cluster = useClusterModel();
  const hasRun = useRun((s) => !!s.playback);
  const pods = useMemo(() => new Map(cluster.pods.map((p) => [p.key, p])), [cluster]);
  const q = frame.queue;
  const empty = !q.inFlight && !q.active.length && !q.backoff.length && !q.unschedulable.length;
  const limit = 40;
  const group = (name: string, list: string[]) =>
    list.length > 0 && (
      <span className="queue-group" role="group" aria-label={`${name} queue`}>
        <span className="qname">{name}</span>
        {list.slice(0, limit).map((k) => (
          <QPod key={k} k={k} pod={pods.get(k)} />
        ))}
        {list.length > limit && <span className="muted">+{list.length - limit}</span>}
      </span>
    );
  return (
    <section className="queue-strip" aria-label="Queue">
      <h2>Queue</h2>
      {q.inFlight && (
        <span className="queue-group" role="group" aria-label="in flight">
          <span className="qname">scheduling</span>
          <QPod k={q.inFlight} pod={pods.get(q.inFlight)} inFlight />
        </span>
      )}
      {group('active', q.active)}
      {group('backoff', q.backoff)}
      {group('unschedulable', q.unschedulable)}
      {empty && <span className="queue-empty">{hasRun ? 'empty — every pod has been handled' : 'no pending pods'}</span>}
    </section>
  );
}
