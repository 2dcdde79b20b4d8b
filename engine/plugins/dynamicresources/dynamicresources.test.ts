import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState, type NodeToStatus } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { DynamicResources, Name } from './index';

const emptyMap: NodeToStatus = { get: () => undefined, entries: () => [], absent: null, size: 0 };

describe('DynamicResources (pods without claims)', () => {
  const pl = new DynamicResources();
  const ni = nodeInfoWith(makeNode('n'));
  it('has the upstream name', () => expect(Name).toBe('DynamicResources'));
  it('PreEnqueue lets pods without claims through', () => expect(pl.preEnqueue(newPodInfo(makePod('p')))).toBeNull());
  it('PreFilter returns Skip and records an empty state; Filter passes', () => {
    const state = new CycleState();
    const pi = newPodInfo(makePod('p'));
    expect(pl.preFilter(state, pi, [ni]).status?.isSkip()).toBe(true);
    expect(pl.filter(state, pi, ni)).toBeNull();
  });
  it('PostFilter: Unschedulable "no new claims to deallocate"', () => {
    const state = new CycleState();
    const pi = newPodInfo(makePod('p'));
    pl.preFilter(state, pi, [ni]);
    const { result, status } = pl.postFilter(state, pi, emptyMap);
    expect(result).toBeNull();
    expect(status?.code).toBe(Code.Unschedulable);
    expect(status?.reasons).toEqual(['no new claims to deallocate']);
  });
  it('PostFilter without PreFilter state is an error', () => {
    const { status } = pl.postFilter(new CycleState(), newPodInfo(makePod('p')), emptyMap);
    expect(status?.code).toBe(Code.Error);
  });
});

describe('DynamicResources (pods with claims, none of which exist)', () => {
  const pl = new DynamicResources();
  it('gates a pod whose named claim does not exist', () => {
    const s = pl.preEnqueue(newPodInfo(makePod('p', { resourceClaims: [{ name: 'gpu', resourceClaimName: 'my-claim' } as never] })));
    expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(s?.reasons).toEqual(['could not find ResourceClaim "default/my-claim"']);
  });
  it('gates a pod whose template claim was not generated yet', () => {
    const s = pl.preEnqueue(newPodInfo(makePod('p', { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'tmpl' } as never] })));
    expect(s?.reasons).toEqual(['pod "default/p": ResourceClaim not created yet']);
  });
});
