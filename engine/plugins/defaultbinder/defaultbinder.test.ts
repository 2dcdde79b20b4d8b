import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { CycleState } from '../../framework/types';
import { makePod } from '../helper/testutil';
import { DefaultBinder, Name } from './index';

describe('DefaultBinder', () => {
  it('binds successfully (the runtime performs the binding)', () => {
    const pl = new DefaultBinder();
    expect(pl.name).toBe(Name);
    expect(pl.bind(new CycleState(), newPodInfo(makePod('p')), 'n1')).toBeNull();
  });
});
