import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { CSILimits, Name } from './index';

describe('NodeVolumeLimits', () => {
  const pl = new CSILimits(null);
  const ni = nodeInfoWith(makeNode('n'));
  it('has the upstream name', () => expect(Name).toBe('NodeVolumeLimits'));
  it('PreFilter skips pods without PVC, ephemeral or migratable volumes', () => {
    expect(pl.preFilter(new CycleState(), newPodInfo(makePod('p')), [ni]).status?.isSkip()).toBe(true);
    expect(pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', emptyDir: {} }] })), [ni]).status?.isSkip()).toBe(true);
    expect(pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] })), [ni]).status).toBeNull();
    expect(pl.preFilter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', awsElasticBlockStore: { volumeID: 'x' } }] })), [ni]).status).toBeNull();
  });
  it('Filter: a missing PVC is UnschedulableAndUnresolvable', () => {
    const s = pl.filter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] })), ni);
    expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(s?.reasons).toEqual(['looking up PVC default/c: persistentvolumeclaim "c" not found']);
  });
  it('Filter: in-tree volumes without CSINode migration are not counted', () => {
    expect(pl.filter(new CycleState(), newPodInfo(makePod('p', { volumes: [{ name: 'v', gcePersistentDisk: { pdName: 'x' } }] })), ni)).toBeNull();
    expect(pl.filter(new CycleState(), newPodInfo(makePod('p')), ni)).toBeNull();
  });
});
