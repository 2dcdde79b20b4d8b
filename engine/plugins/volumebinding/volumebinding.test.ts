import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { factory, Name, VolumeBinding } from './index';

describe('VolumeBinding', () => {
  const pl = factory(undefined, null as never) as VolumeBinding;
  const ni = nodeInfoWith(makeNode('n'));
  it('has the upstream name and default bind timeout', () => {
    expect(Name).toBe('VolumeBinding');
    expect(pl.bindTimeoutSeconds).toBe(600);
  });
  it('PreFilter skips pods without claims, and Filter/Reserve/PreBind succeed', () => {
    const state = new CycleState();
    const pi = newPodInfo(makePod('p', { volumes: [{ name: 'v', emptyDir: {} }] }));
    expect(pl.preFilter(state, pi, [ni]).status?.isSkip()).toBe(true);
    expect(pl.filter(state, pi, ni)).toBeNull();
    expect(pl.reserve(state, pi, 'n')).toBeNull();
    expect(pl.preBind(state, pi, 'n')).toBeNull();
  });
  it('PreScore skips: no scorer without StorageCapacityScoring (off in v1.35)', () => {
    expect(pl.preScore(new CycleState(), newPodInfo(makePod('p')), [])?.isSkip()).toBe(true);
  });
  it('PreFilter rejects a pod whose claim does not exist', () => {
    const { status } = pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] })), [ni]);
    expect(status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(status?.reasons).toEqual(['persistentvolumeclaim "data" not found']);
  });
  it('PreFilter waits for the ephemeral volume controller', () => {
    const { status } = pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'scratch', ephemeral: {} }] })), [ni]);
    expect(status?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(status?.reasons).toEqual(['waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"']);
  });
});
