import type { Locale } from '@efa-kit/core';
import { translateReceipt } from './messages.js';

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** The document language for PDF `/Lang`. */
export function pdfLanguage(locale: Locale): string {
  return intlLocale[locale];
}

// German authorities keep German time: the receipt states the legal time of receipt in
// Europe/Berlin, whatever the server's zone, and names the zone so the date is unambiguous.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

function formatterFor(
  cache: Map<Locale, Intl.DateTimeFormat>,
  locale: Locale,
  options: Intl.DateTimeFormatOptions,
) {
  let formatter = cache.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale[locale], { timeZone: 'Europe/Berlin', ...options });
    cache.set(locale, formatter);
  }
  return formatter;
}

/** "3. Dezember 2026, 14:05 Uhr (MEZ)" / "3 December 2026, 14:05 (CET)". */
export function formatBerlinInstant(iso: string, locale: Locale): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const date = formatterFor(dateFormats, locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(
    instant,
  );
  const parts = formatterFor(timeFormats, locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return translateReceipt(locale, 'date.format', {
    date,
    time: `${part('hour')}:${part('minute')}`,
    zone: part('timeZoneName'),
  });
}

/** The instant in UTC to the second, as the authority's records keep it. */
export function formatUtcInstant(iso: string): string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : `${instant.toISOString().slice(0, 19)}Z`;
}

const sizeUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** File sizes in SI units as people read them: "12,3 kB", "1.2 MB". */
export function formatFileSize(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(intlLocale[locale], {
    style: 'unit',
    unit: sizeUnits[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/**
 * Text as pdfkit can set it: line ends normalized, other control characters (which have no
 * glyph and would print as boxes or vanish from the text layer) replaced by spaces.
 */
export function printable(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // Every other C0 and C1 control character (Unicode category Cc) but the line feed.
      .replace(/[^\P{Cc}\n]/gu, ' ')
  );
}

/**
 * pdfkit writes the document title into the XMP packet without XML escaping, so "&" or "<"
 * in a service name would break the metadata that PDF/UA requires. The title is for people
 * (the window title), so the characters are replaced by readable ones instead.
 */
export function xmpSafeTitle(title: string, locale: Locale): string {
  return title.replace(/&/g, locale === 'de' ? 'und' : 'and').replace(/[<>]/g, '');
}
