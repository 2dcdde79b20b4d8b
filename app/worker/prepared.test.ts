import { describe, expect, it } from 'vitest';
import { offerPrepared, preparedFor } from './prepared';

describe('prepared documents', () => {
  it('go with exactly the text they were offered for, once', () => {
    const text = 'apiVersion: v1\nkind: Node\n';
    const docs = new Uint8Array([91, 49, 93]);
    offerPrepared(text, docs);
    expect(preparedFor(text)).toBe(docs);
    expect(preparedFor(text)).toBeUndefined();
  });

  it('are dropped by any other text', () => {
    offerPrepared('a: 1\n', new Uint8Array([91, 93]));
    expect(preparedFor('a: 2\n')).toBeUndefined();
    expect(preparedFor('a: 1\n')).toBeUndefined();
  });
});
