import { describe, expect, it } from 'vitest';
import { parseTrustLevel, satisfiesTrustLevel, toEidasUri, toStorkQaa } from './trust-level.js';

describe('trust level', () => {
  it('orders low < substantial < high', () => {
    expect(satisfiesTrustLevel('high', 'substantial')).toBe(true);
    expect(satisfiesTrustLevel('substantial', 'substantial')).toBe(true);
    expect(satisfiesTrustLevel('low', 'substantial')).toBe(false);
  });

  it('maps to and from STORK-QAA and eIDAS spellings', () => {
    expect(toStorkQaa('high')).toBe('STORK-QAA-Level-4');
    expect(toEidasUri('substantial')).toBe('http://eidas.europa.eu/LoA/substantial');
    expect(parseTrustLevel('STORK-QAA-Level-3')).toBe('substantial');
    expect(parseTrustLevel('STORK-QAA-Level-2')).toBe('low');
    expect(parseTrustLevel('http://eidas.europa.eu/LoA/high')).toBe('high');
    expect(parseTrustLevel('level-9000')).toBeUndefined();
  });
});
