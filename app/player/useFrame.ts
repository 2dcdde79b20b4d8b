// The frame at the current cursor. One FrameBuilder per (cluster, playback) and one frame per
// cursor, shared by every pane (cluster, queue, explanation), so a step computes its frame once.
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { useScenario } from '../store/scenario';
import { FrameBuilder, type Frame } from './frame';
import type { ClusterModel } from '../worker/protocol';
import type { Playback } from './model';

const EMPTY: ClusterModel = { nodes: [], pods: [], ignored: {} };

/**
 * The cluster to draw: the run's, or, while a slow run is under way, the newer reading of the
 * scenario (the runner publishes it early) — then without a playback, at its initial state.
 */
function useLatest(): { cluster: ClusterModel; playback: Playback | null } {
  const result = useRun((s) => s.result);
  const runRevision = useRun((s) => s.revision);
  const playback = useRun((s) => s.playback);
  const parsed = useScenario((s) => s.parsed);
  if (parsed && (!result || parsed.revision > runRevision)) return { cluster: parsed.cluster, playback: null };
  return { cluster: result?.cluster ?? EMPTY, playback };
}

export function useClusterModel(): ClusterModel {
  return useLatest().cluster;
}

let shared: { cluster: ClusterModel; playback: Playback | null; builder: FrameBuilder; cursor: number; frame: Frame | null } | null = null;

/** The frame of (cluster, playback) at `cursor`, memoised across callers. */
export function frameAt(cluster: ClusterModel, playback: Playback | null, cursor: number): Frame {
  if (!shared || shared.cluster !== cluster || shared.playback !== playback) {
    shared = { cluster, playback, builder: new FrameBuilder(cluster, playback), cursor: NaN, frame: null };
  }
  if (shared.cursor !== cursor || !shared.frame) {
    shared.frame = shared.builder.frame(cursor);
    shared.cursor = cursor;
  }
  return shared.frame;
}

export function useFrame(): Frame {
  const { cluster, playback } = useLatest();
  const cursor = usePlayer((s) => s.cursor);
  return frameAt(cluster, playback, cursor);
}
