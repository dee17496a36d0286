import type { $ZodIssue } from 'zod/v4/core';
import { formatDate, interpolate, type Locale } from './i18n.js';
import { coreMessages } from './messages/index.js';

/** One problem with one input field, addressed by its path ("address.postcode", "dogs.0.name"). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export type MessageLookup = (locale: Locale, key: string) => string | undefined;

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
 * The message for an issue that names no catalogue key, from its code: plain language for
 * citizens (zod's own locale tables are technical and would weigh on every element bundle).
 */
function genericKey(issue: $ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // The input is only on issues when parsing with `reportInput: true`; without it a
      // missing value and a wrong one read the same.
      return 'input' in issue && issue.input === undefined ? 'issue.required' : 'issue.invalid_type';
    case 'too_small':
    case 'too_big': {
      const origin = issue.origin;
      const kind = origin === 'string' || origin === 'array' ? origin : origin === 'set' ? 'array' : 'number';
      return `issue.${issue.code}.${kind}`;
    }
    case 'invalid_format':
    case 'invalid_value':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return `issue.${issue.code}`;
    default:
      return 'issue.invalid';
  }
}

/**
 * Schemas in the kit give catalogue keys as their error ("address.postcode"), so the same
 * schema yields German on one request and English on the next. Issues without a key get a
 * plain-language message for their code.
 */
export function localizeIssue(issue: $ZodIssue, locale: Locale, lookup: MessageLookup = coreLookup): string {
  const params = issueParams(issue, locale);
  const fromCatalogue = lookup(locale, issue.message);
  if (fromCatalogue !== undefined) return interpolate(fromCatalogue, params);
  const generic = lookup(locale, genericKey(issue)) ?? coreLookup(locale, 'issue.invalid') ?? issue.message;
  return interpolate(generic, params);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The placeholders of an issue's message: zod's bounds, and a custom issue's own `params`
 * (e.g. the earliest date a field takes); ISO dates are written as the locale reads them.
 */
export function issueParams(
  issue: { code?: string; minimum?: unknown; maximum?: unknown; params?: unknown },
  locale: Locale,
): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  const custom = issue.code === 'custom' && typeof issue.params === 'object' ? issue.params : undefined;
  const sources: Record<string, unknown> = { ...(custom as Record<string, unknown> | undefined) };
  if (issue.minimum !== undefined) sources.minimum = issue.minimum;
  if (issue.maximum !== undefined) sources.maximum = issue.maximum;
  for (const [name, value] of Object.entries(sources)) {
    if (typeof value === 'number' || typeof value === 'bigint') params[name] = Number(value);
    else if (typeof value === 'string')
      params[name] = isoDate.test(value) ? formatDate(value, locale) : value;
  }
  return params;
}

/** Any zod error (classic `ZodError` or zod/mini's `$ZodError`): only its issues are read. */
export function fieldErrors(
  error: { readonly issues: readonly $ZodIssue[] },
  locale: Locale,
  lookup: MessageLookup = coreLookup,
): FieldError[] {
  return error.issues.map((issue) => ({
    path: issuePath(issue.path),
    code: issue.code,
    message: localizeIssue(issue, locale, lookup),
  }));
}
