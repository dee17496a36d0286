import { describe, expect, it } from 'vitest';
import { centsFromDecimal, centsSchema, centsToDecimal, formatMoney, sumCents } from './money.js';

describe('money', () => {
  it('converts wire decimals to cents without floats', () => {
    expect(centsFromDecimal('12.5')).toBe(1250);
    expect(centsFromDecimal('0.07')).toBe(7);
    expect(centsFromDecimal('1234567.89')).toBe(123456789);
    // 0.1 + 0.2 would be 0.30000000000000004 as floats
    expect(centsFromDecimal('0.1') + centsFromDecimal('0.2')).toBe(centsFromDecimal('0.3'));
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['-1.00', '1,50', '1.234', '1e3', '', 'abc', '12.']) {
      expect(() => centsFromDecimal(bad), bad).toThrow(RangeError);
    }
  });

  it('writes cents as a decimal with two places', () => {
    expect(centsToDecimal(1250)).toBe('12.50');
    expect(centsToDecimal(7)).toBe('0.07');
    expect(centsToDecimal(0)).toBe('0.00');
  });

  it('formats for German and English readers', () => {
    expect(formatMoney(123456, 'de')).toBe('1.234,56\u00a0€');
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
  });

  it('only accepts whole non-negative cents', () => {
    expect(centsSchema.safeParse(12.5).success).toBe(false);
    expect(centsSchema.safeParse(-1).success).toBe(false);
    expect(sumCents([1, 2, 3])).toBe(6);
  });
});
