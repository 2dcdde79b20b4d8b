import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import type { QueuedPodInfo } from '../../framework/types';
import { makePod } from '../helper/testutil';
import { factory, Name } from './index';

const qpi = (priority: number, timestamp: number, seq = 0): QueuedPodInfo => ({
  podInfo: newPodInfo(makePod(`p-${priority}-${timestamp}-${seq}`, { priority })),
  timestamp,
  attempts: 0,
  initialAttemptTimestamp: null,
  unschedulablePlugins: new Set(),
  pendingPlugins: new Set(),
  seq,
});

// Upstream priority_sort_test.go TestLess.
describe('PrioritySort', () => {
  const pl = factory(undefined, null as never) as unknown as { name: string; less(a: QueuedPodInfo, b: QueuedPodInfo): boolean };
  it('has the upstream name', () => expect(pl.name).toBe(Name));
  it('prefers the higher priority', () => {
    expect(pl.less(qpi(100, 1), qpi(50, 0))).toBe(true);
    expect(pl.less(qpi(50, 0), qpi(100, 1))).toBe(false);
  });
  it('among equal priorities prefers the earlier timestamp', () => {
    expect(pl.less(qpi(100, 0), qpi(100, 1))).toBe(true);
    expect(pl.less(qpi(100, 1), qpi(100, 0))).toBe(false);
  });
  it('breaks exact ties by arrival order', () => {
    expect(pl.less(qpi(100, 0, 1), qpi(100, 0, 2))).toBe(true);
    expect(pl.less(qpi(100, 0, 2), qpi(100, 0, 1))).toBe(false);
  });
  it('treats a missing priority as 0', () => {
    expect(pl.less(qpi(0, 5), qpi(-1, 0))).toBe(true);
  });
});
