import { describe, expect, it } from 'vitest';
import {
  type Ars,
  arsContains,
  arsLevel,
  arsPrefix,
  arsSchema,
  arsToAgs,
  leistungsschluesselSchema,
  leistungUrn,
  parseArs,
} from './identifiers.js';

// Dresden (Kreisfreie Stadt) and Pirna (Sächsische Schweiz-Osterzgebirge), Destatis GV100AD 2025.
const dresden = '146120000000' as Ars;
const pirna = '146280270270' as Ars;

describe('ARS', () => {
  it('splits a municipality key into its parts', () => {
    expect(parseArs(pirna)).toEqual({
      land: '14',
      regierungsbezirk: '6',
      kreis: '28',
      gemeindeverband: '0270',
      gemeinde: '270',
    });
  });

  it('rejects keys of the wrong length or with letters', () => {
    expect(arsSchema.safeParse('1461200000').success).toBe(false);
    expect(arsSchema.safeParse('14612000000X').success).toBe(false);
    expect(arsSchema.safeParse('14').success).toBe(true);
  });

  it('knows the level of a prefix and the areas that contain a place', () => {
    expect(arsLevel('14' as Ars)).toBe('land');
    expect(arsLevel('14628' as Ars)).toBe('kreis');
    expect(arsPrefix(pirna, 'kreis')).toBe('14628');
    expect(arsContains('14628' as Ars, pirna)).toBe(true);
    expect(arsContains('14628' as Ars, dresden)).toBe(false);
  });

  it('derives the AGS of a municipality', () => {
    expect(arsToAgs(pirna)).toBe('14628270');
    expect(() => arsToAgs('14628' as Ars)).toThrow(RangeError);
  });
});

describe('Leistungsschlüssel', () => {
  it('accepts 14 digits and builds the FIT-Connect URN', () => {
    const key = leistungsschluesselSchema.parse('99008001012000');
    expect(leistungUrn(key)).toBe('urn:de:fim:leika:leistung:99008001012000');
  });

  it('rejects the 8-digit keys seen in broken data', () => {
    expect(leistungsschluesselSchema.safeParse('99008001').success).toBe(false);
  });
});
