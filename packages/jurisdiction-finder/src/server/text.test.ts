import { describe, expect, it } from 'vitest';
import { decompound, normalize, stem, termsOf, words } from './text.js';

describe('normalisation', () => {
  it('folds case, umlauts and ß the way people type them without a German keyboard', () => {
    expect(normalize('Führerschein')).toBe('fuehrerschein');
    expect(normalize('FÜHRERSCHEIN')).toBe('fuehrerschein');
    expect(normalize('Straße')).toBe(normalize('Strasse'));
    expect(normalize('Ärger Öl Übel')).toBe('aerger oel uebel');
  });

  it('drops other diacritics, so Sorbian and Polish names match plain letters', () => {
    expect(normalize('Budyšin')).toBe('budysin');
    expect(normalize('Mužakow')).toBe('muzakow');
  });

  it('splits words on anything but letters and digits', () => {
    expect(words('Hundesteuer – Anmeldung (KFZ-Zulassung)')).toEqual([
      'hundesteuer',
      'anmeldung',
      'kfz',
      'zulassung',
    ]);
  });

  it('stems inflections of longer words to one form and leaves short words alone', () => {
    expect(stem('anmeldung')).toBe(stem('anmelden'));
    expect(stem('abmeldungen')).toBe(stem('abmeldung'));
    expect(stem('hund')).toBe('hund');
    expect(stem('12345678')).toBe('12345678');
  });

  it('splits compounds at a linking element into parts the vocabulary knows', () => {
    const vocabulary = new Set(['hund', 'steuer', 'geburt', 'urkunde']);
    expect(decompound('hundesteuer', vocabulary)).toEqual(['hund', stem('steuer')]);
    expect(decompound('geburtsurkunde', vocabulary)).toEqual(['geburt', stem('urkunde')]);
    expect(decompound('personalausweis', vocabulary)).toEqual([]);
  });

  it('gives a word its stem plus its compound parts as search terms', () => {
    const vocabulary = new Set(['hund']);
    expect(termsOf('Hundesteuer', vocabulary)).toEqual([stem('hundesteuer'), 'hund', stem('steuer')]);
    expect(termsOf('Hund', vocabulary)).toEqual(['hund']);
  });
});
