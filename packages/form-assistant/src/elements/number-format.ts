import type { Locale } from '@efa-kit/core';

const escapeSeparator = (char: string) => (char === '.' ? '\\.' : char);

/** Separators and patterns per locale, built once (numbers are parsed on every render). */
const notations = {
  de: notation('.', ','),
  en: notation(',', '.'),
};

function notation(group: string, decimal: string) {
  return {
    group,
    decimal,
    grouped: new RegExp(
      `^-?\\d{1,3}(?:${escapeSeparator(group)}\\d{3})+(?:${escapeSeparator(decimal)}\\d+)?$`,
    ),
    plain: new RegExp(`^-?\\d+(?:${escapeSeparator(decimal)}\\d+)?$`),
    cents: new RegExp(
      `^(\\d{1,3}(?:${escapeSeparator(group)}\\d{3})+|\\d+)(?:${escapeSeparator(decimal)}(\\d{1,2}))?$`,
    ),
  };
}

/**
 * Reads a number as people type it: "1.234,5" or "1234,5" in German, "1,234.5" in English.
 * Returns undefined for anything else, never a float that silently dropped characters.
 */
export function parseLocaleNumber(text: string, locale: Locale): number | undefined {
  if (text === '') return undefined;
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  const { group, decimal, grouped, plain } = notations[locale];
  let normal: string;
  if (grouped.test(compact)) normal = compact.split(group).join('');
  else if (plain.test(compact)) normal = compact;
  else return undefined;
  const value = Number(normal.replace(decimal, '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** Euro text to integer cents without float rounding: "12,5" → 1250. */
export function parseLocaleCents(text: string, locale: Locale): number | undefined {
  if (text === '') return undefined;
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
  const { group, cents: pattern } = notations[locale];
  const match = pattern.exec(compact);
  if (!match) return undefined;
  const euros = Number((match[1] ?? '0').split(group).join(''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const total = euros * 100 + cents;
  return Number.isSafeInteger(total) ? total : undefined;
}

const formats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale, fractionDigits?: number): string {
  const key = `${locale}:${fractionDigits ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
      maximumFractionDigits: fractionDigits ?? 20,
      minimumFractionDigits: fractionDigits ?? 0,
    });
    formats.set(key, format);
  }
  return format.format(value);
}

/** 1250 → "12,50" (de) / "12.50" (en), without currency sign: the field shows "€" beside it. */
export function formatCents(cents: number, locale: Locale): string {
  return formatNumber(cents / 100, locale, 2);
}
