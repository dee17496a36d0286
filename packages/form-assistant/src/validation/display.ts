import { formatDate, type Locale } from '@efa-kit/core/elements';
import { formatCents, formatNumber } from '../elements/number-format.js';
import { t } from '../messages/ui.js';
import type { FormDefinition, LocalizedText, ValueField } from '../schema/definition.js';
import { fieldOptions } from '../schema/walk.js';

/**
 * How answers read to people: the check-your-answers page in the browser and the summary the
 * server hands over with a submitted application (receipt, application PDF) use the same
 * functions, so the citizen's receipt says what her screen said. DOM-free.
 */

/** Picks the reader's language from a definition text; German when English is missing. */
export function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'en' ? text.en : undefined) ?? text.de;
}

/** "DE02120300000000202051" → "DE02 1203 0000 0000 2020 51" */
export function groupIban(electronic: string): string {
  return electronic.replace(/(.{4})(?=.)/g, '$1 ');
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
