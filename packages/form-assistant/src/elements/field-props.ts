import type { Locale } from '@efa-kit/core';
import type { FormDefinition, LocalizedText, ValueField } from '../schema/definition.js';
import { resolveDateBound } from '../validation/date-bound.js';
import type { ChoiceOption } from './choice-options.js';
import type { TownLookup } from './efa-address-field.js';

/** The element that renders each field kind (a choice is a radio group or a select). */
export const fieldTags = {
  text: 'efa-text-field',
  multiline: 'efa-textarea',
  integer: 'efa-number-field',
  decimal: 'efa-number-field',
  money: 'efa-money-field',
  date: 'efa-date-field',
  yesNo: 'efa-yes-no-field',
  radio: 'efa-radio-group',
  select: 'efa-select-field',
  multiChoice: 'efa-checkbox-group',
  email: 'efa-email-field',
  phone: 'efa-phone-field',
  iban: 'efa-iban-field',
  address: 'efa-address-field',
  personName: 'efa-name-field',
  file: 'efa-file-field',
} as const satisfies Record<Exclude<ValueField['kind'], 'choice'> | 'radio' | 'select', string>;

export type FieldTag = (typeof fieldTags)[keyof typeof fieldTags];

/** The tag of a field: a choice of more than seven options is a select unless it says otherwise. */
export function fieldTag(field: ValueField, optionCount: number): FieldTag {
  if (field.kind !== 'choice') return fieldTags[field.kind];
  return (field.display ?? (optionCount > 7 ? 'select' : 'radio')) === 'select'
    ? fieldTags.select
    : fieldTags.radio;
}

/** What the form knows about a field at one render that the definition does not say. */
export interface FieldContext {
  definition: FormDefinition;
  locale: Locale;
  text(value: LocalizedText | undefined): string;
  required: boolean;
  /** Read-only by the definition or locked by a verified identity. */
  locked: boolean;
  error: string;
  /** "today" of this render, for date bounds. */
  today: string;
  /** Localized options, the same array from one render to the next. */
  options(field: ValueField): ChoiceOption[];
  places: { endpoint: string; procedure: string; townLookup: TownLookup | undefined };
  uploads: { endpoint: string; draftHeader: (() => Promise<string | undefined>) | undefined };
}

/**
 * The element and properties of a field, from its definition and the form's context: pure (no
 * DOM), and exhaustive over `kind`, so a new kind does not compile until it is mapped here.
 */
export function fieldProps(
  field: ValueField,
  path: string,
  context: FieldContext,
): { tag: FieldTag; props: Record<string, unknown> } {
  const { text } = context;
  const props: Record<string, unknown> = {
    label: text(field.label),
    hint: text(field.hint),
    required: context.required,
    readonly: context.locked,
    error: context.error,
    lang: context.locale,
    autocomplete: field.autocomplete ?? '',
    name: path,
    deferErrors: true,
  };
  switch (field.kind) {
    case 'text':
      props.minlength = field.minLength ?? 0;
      props.maxlength = field.maxLength ?? 0;
      props.inputMode = field.inputMode ?? '';
      break;
    case 'personName':
      props.withBirthName = field.withBirthName === true;
      props.withAcademicTitle = field.withAcademicTitle === true;
      break;
    case 'multiline':
      props.minlength = field.minLength ?? 0;
      props.maxlength = field.maxLength ?? 0;
      props.rows = field.rows ?? 5;
      break;
    case 'integer':
    case 'decimal':
      props.decimals = field.kind === 'integer' ? 0 : (field.fractionDigits ?? 2);
      props.min = field.min;
      props.max = field.max;
      props.unit = text(field.unit);
      break;
    case 'money':
      props.min = field.min;
      props.max = field.max;
      break;
    case 'date':
      props.min = field.min ? resolveDateBound(field.min, context.today) : '';
      props.max = field.max ? resolveDateBound(field.max, context.today) : '';
      break;
    case 'choice': {
      const options = context.options(field);
      props.options = options;
      return { tag: fieldTag(field, options.length), props };
    }
    case 'multiChoice':
      props.options = context.options(field);
      props.minSelected = field.minSelected ?? 0;
      props.maxSelected = field.maxSelected ?? 0;
      break;
    case 'address':
      props.endpoint = context.places.endpoint;
      props.placesProcedure = context.places.procedure;
      props.townLookup = context.places.townLookup;
      break;
    case 'file':
      props.accept = (field.accept ?? []).join(',');
      props.maxSize = field.maxSize ?? 0;
      props.maxFiles = field.maxFiles ?? 1;
      props.uploadEndpoint = context.uploads.endpoint;
      props.formId = context.definition.id;
      props.uploadDraft = context.uploads.draftHeader;
      break;
    case 'yesNo':
    case 'email':
    case 'phone':
    case 'iban':
      // Label, hint and the common properties say all.
      break;
    default: {
      const unmapped: never = field;
      throw new Error(`no element for field kind ${(unmapped as ValueField).kind}`);
    }
  }
  return { tag: fieldTags[field.kind], props };
}
