/** German first, English complete: every catalogue is checked against the German keys by type. */
export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

export type MessageParams = Record<string, string | number>;

/** A catalogue pair: the English one must have exactly the German keys. */
export interface Catalogues<K extends string> {
  de: Record<K, string>;
  en: Record<K, string>;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}

// Defined with the element foundations, so elements share them without this module's formatters.
export { createTranslator, interpolate, type Translate } from './elements/translate.js';

// Made on first use: built at import, they kept this module (and ~190 bytes) in every element
// bundle that only needs `isLocale`.
const longDates: Partial<Record<Locale, Intl.DateTimeFormat>> = {};

/** An ISO calendar date as people read it: "27. März 2024", "27 March 2024". */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  longDates[locale] ??= new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
  return longDates[locale].format(date);
}

/**
 * Picks de or en from an Accept-Language header by the listed order and q-values; German
 * when nothing matches, since the kit serves German authorities.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number.parseFloat(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return defaultLocale;
}
