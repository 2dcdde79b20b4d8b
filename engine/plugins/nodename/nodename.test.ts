import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { Code, CycleState } from '../../framework/types';
import { makeNode, makePod, nodeInfoWith } from '../helper/testutil';
import { ErrReason, NodeName } from './index';

// Upstream node_name_test.go TestNodeName.
describe('NodeName', () => {
  const pl = new NodeName();
  const ni = nodeInfoWith(makeNode('foo'));
  it('no host specified', () => expect(pl.filter(new CycleState(), newPodInfo(makePod('p')), ni)).toBeNull());
  it('host matches', () => expect(pl.filter(new CycleState(), newPodInfo(makePod('p', { nodeName: 'foo' })), ni)).toBeNull());
  it('host does not match', () => {
    const s = pl.filter(new CycleState(), newPodInfo(makePod('p', { nodeName: 'bar' })), ni);
    expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(s?.reasons).toEqual([ErrReason]);
    expect(ErrReason).toBe("node(s) didn't match the requested node name");
  });
});
