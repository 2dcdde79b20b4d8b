// The frame at the current cursor, memoised per run.
import { useMemo } from 'react';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { useScenario } from '../store/scenario';
import { FrameBuilder, type Frame } from './frame';
import type { ClusterModel } from '../worker/protocol';

const EMPTY: ClusterModel = { nodes: [], pods: [], ignored: {} };

export function useClusterModel(): ClusterModel {
  return useRun((s) => s.result?.cluster) ?? useScenario.getState().parsed?.cluster ?? EMPTY;
}

export function useFrame(): Frame {
  const cluster = useClusterModel();
  const playback = useRun((s) => s.playback);
  const cursor = usePlayer((s) => s.cursor);
  const builder = useMemo(() => new FrameBuilder(cluster, playback), [cluster, playback]);
  return useMemo(() => builder.frame(cursor), [builder, cursor]);
}
