import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { ErrReasonDiskConflict, VolumeRestrictions } from './index';

const podWith = (name: string, ...volumes: Volume[]): Pod => makePod(name, { volumes: volumes.length ? volumes : undefined });

function run(pod: Pod, existing: Pod[]) {
  const pl = new VolumeRestrictions(null);
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const ni = nodeInfoWith(makeNode('n'), existing);
  const { status } = pl.preFilter(state, pi, [ni]);
  if (status?.isSkip()) return 'skip';
  if (status) return status;
  return pl.filter(state, pi, ni);
}

function table(kind: string, a: Volume, b: Volume) {
  describe(`VolumeRestrictions ${kind}`, () => {
    it('nothing', () => expect(run(podWith('p'), [])).toBe('skip'));
    it('one state', () => expect(run(podWith('p'), [podWith('e', a)])).toBe('skip'));
    it('same state', () => {
      const s = run(podWith('p', a), [podWith('e', a)]);
      expect(s).not.toBe('skip');
      expect((s as { code: Code }).code).toBe(Code.Unschedulable);
      expect((s as { reasons: string[] }).reasons).toEqual([ErrReasonDiskConflict]);
    });
    it('different state', () => expect(run(podWith('p', b), [podWith('e', a)])).toBeNull());
  });
}

// Upstream volume_restrictions_test.go TestGCEDiskConflicts / TestAWSDiskConflicts /
// TestRBDDiskConflicts / TestISCSIDiskConflicts.
table('GCE PD', { name: 'v', gcePersistentDisk: { pdName: 'foo' } }, { name: 'v', gcePersistentDisk: { pdName: 'bar' } });
table('AWS EBS', { name: 'v', awsElasticBlockStore: { volumeID: 'foo' } }, { name: 'v', awsElasticBlockStore: { volumeID: 'bar' } });
table('RBD', { name: 'v', rbd: { monitors: ['a', 'b'], pool: 'foo', image: 'bar' } }, { name: 'v', rbd: { monitors: ['c', 'd'], pool: 'foo', image: 'bar' } });
table('ISCSI', { name: 'v', iscsi: { targetPortal: '127.0.0.1:3260', iqn: 'iqn.2016-12.server:storage.target01', lun: 0 } }, { name: 'v', iscsi: { targetPortal: '127.0.0.1:3260', iqn: 'iqn.2017-12.server:storage.target01', lun: 0 } });

describe('VolumeRestrictions read-only and claims', () => {
  it('the same GCE PD mounted read-only by all pods does not conflict', () => {
    const ro: Volume = { name: 'v', gcePersistentDisk: { pdName: 'foo', readOnly: true } };
    expect(run(podWith('p', ro), [podWith('e', ro)])).toBeNull();
    expect(run(podWith('p', { name: 'v', gcePersistentDisk: { pdName: 'foo' } }), [podWith('e', ro)])).not.toBeNull();
  });
  it('AWS EBS conflicts even when read-only', () => {
    const ro: Volume = { name: 'v', awsElasticBlockStore: { volumeID: 'foo', readOnly: true } };
    expect(run(podWith('p', ro), [podWith('e', ro)])).not.toBeNull();
  });
  it('RBD pool defaults to "rbd"', () => {
    expect(run(podWith('p', { name: 'v', rbd: { monitors: ['a'], image: 'x' } }), [podWith('e', { name: 'v', rbd: { monitors: ['a'], pool: 'rbd', image: 'x' } })])).not.toBeNull();
  });
  it('a pod referencing a PVC that does not exist is rejected at PreFilter', () => {
    const s = run(podWith('p', { name: 'v', persistentVolumeClaim: { claimName: 'data' } }), []);
    expect((s as { code: Code }).code).toBe(Code.UnschedulableAndUnresolvable);
    expect((s as { reasons: string[] }).reasons).toEqual(['persistentvolumeclaim "data" not found']);
  });
  it('other volume kinds skip', () => {
    expect(run(podWith('p', { name: 'v', emptyDir: {} }, { name: 'w', configMap: { name: 'c' } }), [])).toBe('skip');
  });
});
