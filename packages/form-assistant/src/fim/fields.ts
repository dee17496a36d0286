import type { Field, FieldOf, FimReference, LocalizedText, ValueField } from '../schema/definition.js';
import type { ImportContext } from './context.js';
import { type Precision, precisionNumber } from './precision.js';
import { children, text, textOf, type XmlNode } from './xml.js';

/** What a mapper gets about one input field (feldart input, hidden or locked). */
export interface FieldInput {
  context: ImportContext;
  node: XmlNode;
  key: string;
  fim: FimReference;
  fimId: string;
  datentyp: string;
  feldart: string;
  label: LocalizedText;
  hint: LocalizedText | undefined;
  required: boolean;
  precision: Precision;
  inhalt: string;
  /** FIM name and label together, for the name heuristics. */
  name: string;
  /** Adds what every value field gets (hint, read-only, prefill, autocomplete). */
  complete<F extends ValueField>(field: F): F;
}

/** Maps one FIM data type onto a field of the definition. */
export type FieldMapper = (input: FieldInput) => Field;

function lengthsNotAllowed({ context, precision, fimId, datentyp }: FieldInput): void {
  if (precision.minLength !== undefined || precision.maxLength !== undefined) {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: `minLength/maxLength bei datentyp ${datentyp}`,
      consequence: { de: 'Längen werden ignoriert.', en: 'Lengths are ignored.' },
    });
  }
}

function rangesNotAllowed({ context, precision, fimId, datentyp }: FieldInput): void {
  if (precision.minValue !== undefined || precision.maxValue !== undefined) {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: `minValue/maxValue bei datentyp ${datentyp}`,
      consequence: { de: 'Wertebereich wird ignoriert.', en: 'The value range is ignored.' },
    });
  }
}

/** FIM's quality rules give patterns to text only; elsewhere one is listed, never silently dropped. */
function patternNotAllowed({ context, precision, fimId, datentyp }: FieldInput): void {
  if (precision.pattern !== undefined) {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: `pattern bei datentyp ${datentyp}`,
      consequence: { de: 'Das Muster wird ignoriert.', en: 'The pattern is ignored.' },
    });
  }
}

// Objects are built as literals and completed by assignment, not by spreading optional parts:
// a 1 MB schema has thousands of elements, and spreading objects whose shapes vary costs
// microseconds each (it was a good part of the import).

const textual: FieldMapper = (input) => {
  const { context, key, label, fim, required, precision, datentyp, inhalt, complete } = input;
  rangesNotAllowed(input);
  const kind = context.names.textKind(input.name);
  // A Präzisierung narrower than the kind (German IBANs only, one mail domain) stays a check.
  if (kind === 'iban' || kind === 'phone') {
    const special = complete<FieldOf<'iban'> | FieldOf<'phone'>>({ kind, id: key, label, fim, required });
    if (precision.minLength !== undefined) special.minLength = precision.minLength;
    if (precision.maxLength) special.maxLength = precision.maxLength;
    if (precision.pattern !== undefined) special.pattern = precision.pattern;
    return special;
  }
  if (kind === 'email') {
    const email = complete<FieldOf<'email'>>({ kind: 'email', id: key, label, fim, required });
    if (precision.minLength !== undefined) email.minLength = precision.minLength;
    if (precision.maxLength) email.maxLength = precision.maxLength;
    if (precision.pattern !== undefined) email.pattern = precision.pattern;
    return email;
  }
  const multiline = (precision.maxLength ?? 0) > 400 && precision.pattern === undefined;
  const field = complete<FieldOf<'text'> | FieldOf<'multiline'>>(
    multiline
      ? { kind: 'multiline', id: key, label, fim, required }
      : { kind: 'text', id: key, label, fim, required },
  );
  if (precision.minLength !== undefined) field.minLength = precision.minLength;
  if (precision.maxLength !== undefined) field.maxLength = precision.maxLength;
  if (datentyp === 'text_latin') field.latin = true;
  if (field.kind === 'text' && precision.pattern !== undefined) field.pattern = precision.pattern;
  if (inhalt) field.defaultValue = inhalt;
  return field;
};

const date: FieldMapper = (input) => {
  const { context, key, label, fim, required, precision, fimId, complete } = input;
  lengthsNotAllowed(input);
  patternNotAllowed(input);
  const iso = (value: string | undefined) => {
    if (value === undefined) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    // Bounds written the German way (31.12.2025) mean the same day.
    const german = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
    if (german) return `${german[3]}-${german[2]}-${german[1]}`;
    context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: value.slice(0, 40) });
    return undefined;
  };
  const min = iso(precision.minValue);
  const max = iso(precision.maxValue);
  const field = complete<FieldOf<'date'>>({ kind: 'date', id: key, label, fim, required });
  if (min) field.min = min;
  if (max) field.max = max;
  return field;
};

/**
 * Time and date-time have no field of their own: a text field with a format check. A FIM
 * pattern must hold as well (a lookahead joins both); minValue/maxValue become text bounds,
 * which compare right for times and ISO date-times.
 */
function approximated(format: string, maxLength: number, display: string, numeric: boolean): FieldMapper {
  const formatRegex = new RegExp(`^(?:${format})$`);
  return (input) => {
    const { context, key, label, fim, required, fimId, datentyp, precision, complete } = input;
    lengthsNotAllowed(input);
    context.warn('FIM_DATATYPE_APPROXIMATED', fimId, { datentyp, format: display });
    const pattern = precision.pattern === undefined ? format : `(?=(?:${precision.pattern})$)(?:${format})`;
    const field = complete<FieldOf<'text'>>({
      kind: 'text',
      id: key,
      label,
      fim,
      required,
      pattern,
      maxLength,
      ...(numeric ? { inputMode: 'numeric' as const } : {}),
    });
    const bound = (value: string | undefined) => {
      if (value === undefined) return undefined;
      if (formatRegex.test(value)) return value;
      context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: value.slice(0, 40) });
      return undefined;
    };
    const min = bound(precision.minValue);
    const max = bound(precision.maxValue);
    if (min !== undefined) field.min = min;
    if (max !== undefined) field.max = max;
    return field;
  };
}

const yesNo: FieldMapper = (input) => {
  lengthsNotAllowed(input);
  rangesNotAllowed(input);
  patternNotAllowed(input);
  const { key, label, fim, required, complete } = input;
  return complete({ kind: 'yesNo', id: key, label, fim, required });
};

function numeric(kind: 'decimal' | 'integer'): FieldMapper {
  return (input) => {
    const { context, key, label, fim, required, precision, fimId, complete } = input;
    lengthsNotAllowed(input);
    patternNotAllowed(input);
    const field = complete<FieldOf<'decimal'> | FieldOf<'integer'>>({ kind, id: key, label, fim, required });
    const min = precisionNumber(context, precision.minValue, 1, fimId);
    const max = precisionNumber(context, precision.maxValue, 1, fimId);
    if (min !== undefined) field.min = min;
    if (max !== undefined) field.max = max;
    return field;
  };
}

/** Bounds in euro, the field in cents; a bound between cents rounds inwards, never wider. */
const money: FieldMapper = (input) => {
  const { context, key, label, fim, required, precision, fimId, complete } = input;
  lengthsNotAllowed(input);
  patternNotAllowed(input);
  const field = complete<FieldOf<'money'>>({ kind: 'money', id: key, label, fim, required });
  const min = precisionNumber(context, precision.minValue, 100, fimId);
  const max = precisionNumber(context, precision.maxValue, 100, fimId);
  if (min !== undefined) field.min = Math.ceil(min);
  if (max !== undefined) field.max = Math.floor(max);
  return field;
};

const file: FieldMapper = (input) => {
  const { node, key, label, fim, required, complete } = input;
  lengthsNotAllowed(input);
  rangesNotAllowed(input);
  patternNotAllowed(input);
  const accept = children(node, 'mediaType')
    .map(textOf)
    .filter((type) => type !== '');
  const maxSize = Number(text(node, 'maxSize'));
  const field = complete<FieldOf<'file'>>({ kind: 'file', id: key, label, fim, required });
  if (accept.length > 0) field.accept = accept;
  if (Number.isInteger(maxSize) && maxSize > 0) field.maxSize = maxSize;
  return field;
};

/** A static object as an input is not allowed by FIM's quality rules: kept as text. */
const object: FieldMapper = ({ context, key, fimId, feldart, inhalt, hint, label, fim }) => {
  context.warn('FIM_INVALID_COMBINATION', fimId, {
    detail: `feldart ${feldart}, datentyp obj`,
    consequence: { de: 'Als Hinweistext übernommen.', en: 'Kept as static text.' },
  });
  return { kind: 'static', id: key, text: { de: inhalt || hint?.de || label.de }, fim };
};

const unknown: FieldMapper = ({ context, key, label, fim, required, fimId, datentyp, complete }) => {
  context.warn('FIM_DATATYPE_UNKNOWN', fimId, { datentyp });
  return complete({ kind: 'text', id: key, label, fim, required });
};

/** One mapper per XDatenfelder `datentyp` (code list xdatenfelder.datentyp 2.0). */
export const fieldMappers: ReadonlyMap<string, FieldMapper> = new Map([
  ['text', textual],
  ['text_latin', textual],
  ['date', date],
  ['time', approximated('([01][0-9]|2[0-3]):[0-5][0-9]', 5, 'HH:MM', true)],
  [
    'datetime',
    approximated('[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]', 16, 'JJJJ-MM-TTTHH:MM', false),
  ],
  ['bool', yesNo],
  ['num', numeric('decimal')],
  ['num_int', numeric('integer')],
  ['num_currency', money],
  ['file', file],
  ['obj', object],
]);

export function mapperFor(datentyp: string): FieldMapper {
  return fieldMappers.get(datentyp) ?? unknown;
}
