import type { Locale } from '@efa-kit/core';

/**
 * The six application states of BundID's status monitor (ZBP status v6), so that an adapter
 * to the central mailbox is a pure mapping, with short texts (ZBP `statusDetails`: at most 50
 * characters) in German and English.
 */
export const mailboxStatuses = [
  'INITIATED',
  'SUBMITTED',
  'RECEIVED',
  'PROCESSING',
  'ACTION_REQUIRED',
  'COMPLETED',
] as const;
export type MailboxStatus = (typeof mailboxStatuses)[number];

export const statusTexts: Readonly<Record<Locale, Readonly<Record<MailboxStatus, string>>>> = {
  de: {
    INITIATED: 'Antrag wird übermittelt',
    SUBMITTED: 'Antrag übermittelt',
    RECEIVED: 'Antrag bei der Behörde eingegangen',
    PROCESSING: 'Antrag in Bearbeitung',
    ACTION_REQUIRED: 'Rückfrage: Ihre Mitwirkung ist nötig',
    COMPLETED: 'Verfahren abgeschlossen',
  },
  en: {
    INITIATED: 'Application being sent',
    SUBMITTED: 'Application sent',
    RECEIVED: 'Application received by the authority',
    PROCESSING: 'Application being processed',
    ACTION_REQUIRED: 'Question: your input is needed',
    COMPLETED: 'Procedure completed',
  },
};

/** A completed procedure the authority refused (reject-submission) says so. */
export const rejectedTexts: Readonly<Record<Locale, string>> = {
  de: 'Abgeschlossen: von der Behörde abgelehnt',
  en: 'Completed: refused by the authority',
};

export function statusText(status: MailboxStatus, locale: Locale, rejected = false): string {
  return rejected && status === 'COMPLETED' ? rejectedTexts[locale] : statusTexts[locale][status];
}
