import { describe, expect, it } from 'vitest';
import { ERR_FORMAT_WRONG, ERR_SUFFIX, milliValue, parseQuantity, quantityToNumber, value } from './quantity';

const mv = (s: string | number) => milliValue(parseQuantity(s));
const v = (s: string | number) => value(parseQuantity(s));

describe('parseQuantity', () => {
  it('parses decimal SI suffixes', () => {
    expect(mv('100m')).toBe(100);
    expect(mv('1')).toBe(1000);
    expect(mv('2')).toBe(2000);
    expect(v('1k')).toBe(1000);
    expect(v('1M')).toBe(1_000_000);
    expect(v('1G')).toBe(1e9);
    expect(v('1T')).toBe(1e12);
    expect(v('1P')).toBe(1e15);
    expect(mv('1u')).toBe(1); // rounds up
    expect(mv('1000u')).toBe(1);
    expect(mv('1001u')).toBe(2);
    expect(mv('500n')).toBe(1);
    expect(parseQuantity('1n').nanos).toBe(1n);
    expect(parseQuantity('1E').nanos).toBe(10n ** 27n);
  });

  it('parses binary suffixes', () => {
    expect(v('1Ki')).toBe(1024);
    expect(v('1Mi')).toBe(1024 ** 2);
    expect(v('200Mi')).toBe(209715200);
    expect(v('1Gi')).toBe(1024 ** 3);
    expect(v('1.5Gi')).toBe(1610612736);
    expect(v('1Ti')).toBe(1024 ** 4);
    expect(parseQuantity('1Ei').nanos).toBe(2n ** 60n * 10n ** 9n);
    expect(mv('1Ki')).toBe(1024000);
  });

  it('parses exponents', () => {
    expect(v('1e3')).toBe(1000);
    expect(v('1E3')).toBe(1000);
    expect(v('1e+3')).toBe(1000);
    expect(mv('1E-3')).toBe(1);
    expect(mv('1e-4')).toBe(1);
    expect(parseQuantity('1e3').format).toBe('DecimalExponent');
    expect(parseQuantity('1e-20').nanos).toBe(1n); // rounded up to the smallest amount
  });

  it('parses signs and fractions', () => {
    expect(mv('0.5')).toBe(500);
    expect(mv('.5')).toBe(500);
    expect(mv('+.5')).toBe(500);
    expect(mv('-0.5')).toBe(-500);
    expect(mv('0.0001')).toBe(1);
    expect(mv('0.1m')).toBe(1);
    expect(v('1.')).toBe(1);
    expect(v('1.G')).toBe(1e9);
    expect(v('0')).toBe(0);
    expect(v('000')).toBe(0);
    expect(v('0.1')).toBe(1); // Value() rounds up
    expect(v('-0.1')).toBe(-1); // away from zero
    expect(v('-1.5')).toBe(-2);
  });

  it('accepts numbers as YAML gives them', () => {
    expect(mv(0.5)).toBe(500);
    expect(mv(2)).toBe(2000);
    expect(v(1073741824)).toBe(1073741824);
    expect(mv(1e-7)).toBe(1);
    expect(v(1e21)).toBe(1e21);
  });

  it('rejects invalid input without throwing', () => {
    expect(parseQuantity('').error).toBe(ERR_FORMAT_WRONG);
    expect(parseQuantity('abc').error).toBe(ERR_FORMAT_WRONG);
    expect(parseQuantity('1 Gi').error).toBe(ERR_FORMAT_WRONG);
    expect(parseQuantity('1Gb').error).toBe(ERR_FORMAT_WRONG);
    expect(parseQuantity('1mi').error).toBe(ERR_SUFFIX);
    expect(parseQuantity('1e').error).toBe(ERR_SUFFIX);
    expect(parseQuantity('1KiB').error).toBeDefined();
    expect(parseQuantity('1.2.3').error).toBeDefined();
    expect(parseQuantity(Number.NaN).error).toBeDefined();
    expect(mv('junk')).toBe(0);
  });

  it('caps binary amounts at MaxInt64', () => {
    expect(parseQuantity('9000000Ei').nanos).toBe(9_223_372_036_854_775_807n * 10n ** 9n);
  });

  it('gives approximate floats', () => {
    expect(quantityToNumber(parseQuantity('1.5'))).toBe(1.5);
    expect(quantityToNumber(parseQuantity('250m'))).toBe(0.25);
  });
});
