import { formatDate, type Locale } from '@efa-kit/core';
import { t } from '../messages/ui.js';
import type { FormDefinition, LocalizedText, ValueField } from '../schema/definition.js';
import type { FormData as ApplicationData } from '../schema/values.js';
import { fieldOptions } from '../schema/walk.js';
import { groupIban } from './efa-iban-field.js';
import { formatCents, formatNumber } from './number-format.js';

/** Picks the reader's language from a definition text; German when English is missing. */
export function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'en' ? text.en : undefined) ?? text.de;
}

/** Reads "dogs.1.name" from application data. */
export function getPath(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Returns new data with the value at the path replaced (copying only the objects and arrays
 * on the way), so Lit sees a new object and every old draft stays unchanged.
 */
export function setPath(data: ApplicationData, path: string, value: unknown): ApplicationData {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return data;
  const set = (container: unknown, key: string, keys: string[]): unknown => {
    const index = /^\d+$/.test(key) ? Number(key) : undefined;
    const copy: Record<string, unknown> | unknown[] =
      index !== undefined
        ? Array.isArray(container)
          ? [...container]
          : []
        : container && typeof container === 'object' && !Array.isArray(container)
          ? { ...(container as Record<string, unknown>) }
          : {};
    const [next, ...more] = keys;
    const current = (copy as Record<string, unknown>)[key];
    (copy as Record<string, unknown>)[key] = next === undefined ? value : set(current, next, more);
    return copy;
  };
  return set(data, head, rest) as ApplicationData;
}

/** Path without item numbers ("dogs.1.name" → "dogs.name"), the form the definition uses. */
export function keyPath(path: string): string {
  return path
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
}

/** An element id for a data path, unique inside the form's shadow root. */
export function fieldId(path: string): string {
  return `f-${path.replaceAll('.', '-')}`;
}

/** The answer as the check-your-answers page shows it; "" for no answer. */
export function displayAnswer(
  definition: FormDefinition,
  field: ValueField,
  value: unknown,
  locale: Locale,
): string {
  if (value === undefined || value === null || value === '') return '';
  const optionLabel = (code: string) =>
    localized(fieldOptions(definition, field).find((option) => option.value === code)?.label, locale) || code;
  switch (field.kind) {
    case 'integer':
    case 'decimal':
      return typeof value === 'number'
        ? `${formatNumber(value, locale)}${field.unit ? ` ${localized(field.unit, locale)}` : ''}`
        : String(value);
    case 'money':
      return typeof value === 'number' ? `${formatCents(value, locale)} €` : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDate(value, locale)
        : String(value);
    case 'yesNo':
      return value === true ? t(locale, 'form.yes') : value === false ? t(locale, 'form.no') : '';
    case 'choice':
      return optionLabel(String(value));
    case 'multiChoice':
      return Array.isArray(value) ? value.map((code) => optionLabel(String(code))).join(', ') : '';
    case 'iban':
      return groupIban(String(value));
    case 'address': {
      const address = value as Record<string, string | undefined>;
      return [
        `${address.street ?? ''} ${address.houseNumber ?? ''}`.trim(),
        address.addition ?? '',
        `${address.postcode ?? ''} ${address.town ?? ''}`.trim(),
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'personName': {
      const name = value as Record<string, string | undefined>;
      return [name.academicTitle, name.givenNames, name.familyName].filter(Boolean).join(' ');
    }
    case 'file':
      return Array.isArray(value)
        ? value.map((file) => (file as { name?: string }).name ?? '').join(', ')
        : '';
    default:
      return String(value);
  }
}
