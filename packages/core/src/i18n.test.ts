import { describe, expect, it } from 'vitest';
import { createTranslator, interpolate, negotiateLocale } from './i18n.js';

describe('i18n', () => {
  it('negotiates de or en by order and quality, German by default', () => {
    expect(negotiateLocale(undefined)).toBe('de');
    expect(negotiateLocale('en-GB,en;q=0.9,de;q=0.8')).toBe('en');
    expect(negotiateLocale('fr-FR,fr;q=0.9,en;q=0.5,de;q=0.7')).toBe('de');
    expect(negotiateLocale('de;q=0,en')).toBe('en');
    expect(negotiateLocale('tr')).toBe('de');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} und {b}', { a: 1 })).toBe('1 und {b}');
  });

  it('translates from paired catalogues', () => {
    const t = createTranslator({ de: { hello: 'Hallo {name}' }, en: { hello: 'Hello {name}' } });
    expect(t('de', 'hello', { name: 'Erika' })).toBe('Hallo Erika');
    expect(t('en', 'hello', { name: 'Erika' })).toBe('Hello Erika');
  });
});
