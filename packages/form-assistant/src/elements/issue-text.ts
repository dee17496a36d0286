import { coreMessages, interpolate, issueParams, type Locale } from '@efa-kit/core';
import { validationMessages } from '../messages/validation-catalogue.js';

/** The parts of a zod issue the message needs (structural, so no zod import here). */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  params?: unknown;
}

export interface PathMessage {
  path: string;
  message: string;
}

/** The validation catalogue over core's, per locale, merged once. */
const catalogues: Record<Locale, Record<string, string>> = {
  de: { ...coreMessages.de, ...validationMessages.de },
  en: { ...coreMessages.en, ...validationMessages.en },
};

/**
 * The message of an issue from the generated validation: its catalogue key looked up in the
 * validation and core catalogues. Every issue of the generated schemas has a catalogue key; an
 * issue without one falls back to the form's general "please answer" message.
 */
export function issueText(issue: IssueLike, locale: Locale): string {
  const catalogue = catalogues[locale];
  const template = catalogue[issue.message] ?? catalogue['form.required'] ?? issue.message;
  return interpolate(template, issueParams(issue, locale));
}

export function issueMessages(issues: readonly IssueLike[], locale: Locale): PathMessage[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueText(issue, locale),
  }));
}
