import { createLazyTranslator, type Locale } from '@efa-kit/core/elements';
import { type InboxMessageKey, inboxDe } from './messages/de.js';

export type { Locale };
export type Translate = (key: InboxMessageKey, params?: Readonly<Record<string, string>>) => string;

// English is its own chunk, fetched the first time the inbox renders in English (issue 16).
const translate = createLazyTranslator(inboxDe, () =>
  import('./messages/en.js').then((module) => module.inboxEn),
);

/** Nothing when `locale`'s texts are here; else a promise that settles once they are. */
export const textsReady = translate.ready;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

const dates = {
  de: new Intl.DateTimeFormat('de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }),
};

export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dates[locale].format(date);
}

export function formatSize(locale: Locale, bytes: number): string {
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / (1024 * 1024), 'MB');
}
