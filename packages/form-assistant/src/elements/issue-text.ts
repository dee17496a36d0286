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

/**
 * The message of an issue from the generated validation: its catalogue key looked up in the
 * validation and core catalogues. Done here rather than with core's `localizeIssue`, which
 * carries zod's own locale tables into the bundle; every issue of the generated schemas has a
 * catalogue key, so those tables would only be dead weight in the browser.
 */
export function issueText(issue: IssueLike, locale: Locale): string {
  const catalogue = { ...coreMessages[locale], ...validationMessages[locale] } as Record<string, string>;
  const template = catalogue[issue.message] ?? catalogue['form.required'] ?? issue.message;
  return interpolate(template, issueParams(issue, locale));
}

export function issueMessages(issues: readonly IssueLike[], locale: Locale): PathMessage[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueText(issue, locale),
  }));
}
