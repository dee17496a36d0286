import { describe, expect, it } from 'vitest';
import {
  newCheckedCode,
  newReferenceNumber,
  parseCheckedCode,
  parseReferenceNumber,
} from './reference-number.js';

describe('reference numbers', () => {
  it('are grouped, prefixed and valid', () => {
    for (let i = 0; i < 200; i += 1) {
      const reference = newReferenceNumber();
      expect(reference).toMatch(
        /^EFA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}[0-9A-HJKMNP-TV-Z*~$=U]$/,
      );
      expect(parseReferenceNumber(reference)).toBe(reference);
    }
  });

  it('accept lower case, no hyphens and the look-alikes I, L and O', () => {
    const reference = newReferenceNumber(() => new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(reference.startsWith('EFA-0123-4567-89')).toBe(true);
    const typed = reference.toLowerCase().replace(/-/g, '').replace('0', 'o').replace('1', 'l');
    expect(parseReferenceNumber(typed)).toBe(reference);
  });

  it('refuse every single wrong symbol and every adjacent swap', () => {
    const symbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const reference = newReferenceNumber();
    const compact = reference.replace(/^EFA-/, '').replace(/-/g, '');
    for (let at = 0; at < 10; at += 1) {
      for (const other of symbols) {
        if (other === compact[at]) continue;
        const wrong = compact.slice(0, at) + other + compact.slice(at + 1);
        expect(parseReferenceNumber(wrong)).toBeNull();
      }
      if (at < 9 && compact[at] !== compact[at + 1]) {
        const swapped = compact.slice(0, at) + compact[at + 1] + compact[at] + compact.slice(at + 2);
        expect(parseReferenceNumber(swapped)).toBeNull();
      }
    }
  });

  it('refuse other lengths and symbols', () => {
    expect(parseReferenceNumber('')).toBeNull();
    expect(parseReferenceNumber('EFA-1234')).toBeNull();
    expect(parseReferenceNumber('EFA-1234-5678-9U0')).toBeNull();
  });
});

describe('checked codes', () => {
  it('are grouped by four, carry a check symbol and parse back in any case', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = newCheckedCode(16);
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z*~$=U]$/);
      expect(parseCheckedCode(code.toLowerCase().replace(/-/g, ' '), 16)).toBe(code);
    }
  });

  it('refuse every single wrong symbol, a wrong length and overlong input', () => {
    const code = newCheckedCode(16);
    const compact = code.replace(/-/g, '');
    const symbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let at = 0; at < 16; at += 1) {
      for (const other of symbols) {
        if (other === compact[at]) continue;
        expect(parseCheckedCode(compact.slice(0, at) + other + compact.slice(at + 1), 16)).toBeNull();
      }
    }
    expect(parseCheckedCode(compact.slice(1), 16)).toBeNull();
    expect(parseCheckedCode(`${compact}${' '.repeat(100)}`, 16)).toBeNull();
  });
});
