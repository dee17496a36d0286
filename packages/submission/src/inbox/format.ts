import { createTranslator, type Locale } from '@efa-kit/core/elements';
import { type InboxMessageKey, inboxDe } from './messages/de.js';
import { inboxEn } from './messages/en.js';

export type { Locale };
export type Translate = (key: InboxMessageKey, params?: Readonly<Record<string, string>>) => string;

const translate = createTranslator({ de: inboxDe, en: inboxEn });

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
