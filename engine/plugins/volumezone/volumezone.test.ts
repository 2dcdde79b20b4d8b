import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { Name, VolumeZone } from './index';

describe('VolumeZone', () => {
  const pl = new VolumeZone(null);
  const ni = nodeInfoWith(makeNode('n', { labels: { 'topology.kubernetes.io/zone': 'a' } }));
  it('has the upstream name', () => expect(Name).toBe('VolumeZone'));
  it('PreFilter skips pods without PVCs; Filter passes', () => {
    const state = new CycleState();
    const pi = newPodInfo(makePod('p', { volumes: [{ name: 'v', emptyDir: {} }] }));
    expect(pl.preFilter(state, pi, [ni]).status?.isSkip()).toBe(true);
    expect(pl.filter(state, pi, ni)).toBeNull();
  });
  it('PreFilter rejects a missing claim and an empty claim name', () => {
    let { status } = pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] })), [ni]);
    expect(status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(status?.reasons).toEqual(['persistentvolumeclaim "data" not found']);
    ({ status } = pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: '' } }] })), [ni]));
    expect(status?.reasons).toEqual(['PersistentVolumeClaim had no name']);
  });
});
