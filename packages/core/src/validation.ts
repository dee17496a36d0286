import { z } from 'zod';
import { interpolate, type Locale } from './i18n.js';
import { coreMessages } from './messages/index.js';

/** One problem with one input field, addressed by its path ("address.postcode", "dogs.0.name"). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export type MessageLookup = (locale: Locale, key: string) => string | undefined;

const zodLocales = { de: z.locales.de(), en: z.locales.en() };

const coreLookup: MessageLookup = (locale, key) => (coreMessages[locale] as Record<string, string>)[key];

/** Merges message lookups; the first that knows a key wins. */
export function messageLookup(
  ...catalogues: Array<Partial<Record<Locale, Record<string, string>>>>
): MessageLookup {
  return (locale, key) => {
    for (const catalogue of catalogues) {
      const message = catalogue[locale]?.[key];
      if (message !== undefined) return message;
    }
    return coreLookup(locale, key);
  };
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * Schemas in the kit give catalogue keys as their error ("address.postcode"), so the same
 * schema yields German on one request and English on the next. Issues without a key get zod's
 * own localized message for their code.
 */
export function localizeIssue(
  issue: z.core.$ZodIssue,
  locale: Locale,
  lookup: MessageLookup = coreLookup,
): string {
  const fromCatalogue = lookup(locale, issue.message);
  if (fromCatalogue !== undefined) return interpolate(fromCatalogue, issueParams(issue));
  const localeError = zodLocales[locale].localeError;
  const result = localeError?.(issue as unknown as z.core.$ZodRawIssue);
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object' && 'message' in result && typeof result.message === 'string') {
    return result.message;
  }
  return issue.message;
}

function issueParams(issue: z.core.$ZodIssue): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const name of ['minimum', 'maximum'] as const) {
    const value = (issue as Partial<Record<typeof name, unknown>>)[name];
    if (typeof value === 'number' || typeof value === 'bigint') params[name] = Number(value);
  }
  return params;
}

export function fieldErrors(
  error: z.ZodError,
  locale: Locale,
  lookup: MessageLookup = coreLookup,
): FieldError[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    code: issue.code,
    message: localizeIssue(issue, locale, lookup),
  }));
}
