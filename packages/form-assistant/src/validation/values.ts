import { personNameMiniSchema, postcodeMiniSchema } from '@efa-kit/core';
import { electronicFormatIBAN, isSEPACountry, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import * as z from 'zod/mini';
import type { FormDefinition, ValueField } from '../schema/definition.js';
import { fieldOptions } from '../schema/walk.js';
import { resolveDateBound } from './date-bound.js';
import { namedParams } from './field-names.js';
import { digitsOf, ibanCountriesOf, wholeMatch } from './patterns.js';

// Kept here too: the validation entry and the server import it from values.
export { resolveDateBound };

/** True for what counts as "not answered": absent, blank text, no selection, an all-blank object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmptyValue);
  return false;
}

/**
 * Characters of DIN SPEC 91379 (String.Latin+) as ranges: Latin letters with diacritics,
 * combining marks and the typographic punctuation the norm admits. An approximation of the
 * normative list that errs on accepting (Latin Extended-B and Additional are admitted whole).
 */
const latinRanges: ReadonlyArray<readonly [number, number]> = [
  [0x09, 0x0a],
  [0x0d, 0x0d],
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x1e00, 0x1eff],
  [0x2018, 0x201e],
  [0x2026, 0x2026],
  [0x20ac, 0x20ac],
];

function isLatin(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (!latinRanges.some(([from, to]) => code >= from && code <= to)) return false;
  }
  return true;
}

/** Phone numbers as people type them: optional +, digits, spaces, slashes, dashes, brackets. */
const phonePattern = /^\+?[0-9][0-9 ()/-]{3,28}[0-9]$/;

const addressValueShape = {
  street: z.string().check(z.trim(), z.minLength(1, { error: 'address.street' }), z.maxLength(100)),
  houseNumber: z.string().check(z.trim(), z.minLength(1, { error: 'address.houseNumber' }), z.maxLength(20)),
  addition: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  postcode: postcodeMiniSchema,
  town: z.string().check(z.trim(), z.minLength(1, { error: 'address.town' }), z.maxLength(100)),
  ags: z.optional(z.string().check(z.regex(/^\d{8}$/))),
};

const fileValueSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  size: z.number().check(z.int(), z.gte(0)),
  mediaType: z.string().check(z.maxLength(255)),
  ref: z.optional(z.string().check(z.maxLength(200))),
  /** SHA-512 (hex) the upload store computed; the server sets it again from its own record. */
  sha512: z.optional(z.string().check(z.regex(/^[0-9a-f]{128}$/, { error: 'form.file.invalid' }))),
});

/** A type error that says "required" when nothing came and "invalid" otherwise. */
function typeError(requiredKey: string, invalidKey: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? requiredKey : invalidKey) };
}

/** A pattern's check with the message that says what it asks for, when it can be said. */
function patternCheck(pattern: string, field: ValueField): z.core.$ZodCheck<string> {
  const regex = wholeMatch(pattern);
  // The author's own words win, in the browser and on the server alike.
  const own = field.kind === 'text' ? field.patternMessage : undefined;
  if (own !== undefined) {
    return z.superRefine((v: string, ctx) => {
      if (regex.test(v)) return;
      ctx.addIssue({
        code: 'custom',
        message: 'form.check',
        input: v,
        params: { text: own.de, textEn: own.en ?? own.de },
      });
    });
  }
  const digits = digitsOf(pattern);
  if (digits === undefined) return z.refine((v: string) => regex.test(v), { error: 'form.text.pattern' });
  const key =
    digits.max === digits.min
      ? 'form.text.digits'
      : digits.max === undefined
        ? 'form.text.digitsOnly'
        : 'form.text.digitsBetween';
  return z.superRefine((v: string, ctx) => {
    if (regex.test(v)) return;
    ctx.addIssue({
      code: 'custom',
      message: key,
      input: v,
      params: {
        ...namedParams(field),
        count: digits.min,
        minimum: digits.min,
        ...(digits.max === undefined ? {} : { maximum: digits.max }),
      },
    });
  });
}

/** Lengths and a pattern from a FIM Präzisierung, for kinds that have their own format too. */
function precisionChecks(
  field: { minLength?: number; maxLength?: number; pattern?: string },
  owner: ValueField,
) {
  const checks: z.core.$ZodCheck<string>[] = [];
  if (field.minLength !== undefined)
    checks.push(z.minLength(field.minLength, { error: 'form.text.tooShort' }));
  if (field.maxLength !== undefined)
    checks.push(z.maxLength(field.maxLength, { error: 'form.text.tooLong' }));
  if (field.pattern !== undefined) checks.push(patternCheck(field.pattern, owner));
  return checks;
}

/** Bounds on text that sorts as it means (times, date-times), compared character by character. */
function textBounds(field: { min?: string; max?: string }): z.core.$ZodCheck<string>[] {
  const { min, max } = field;
  if (min === undefined && max === undefined) return [];
  return [
    z.superRefine((v: string, ctx) => {
      if (min !== undefined && v < min)
        ctx.addIssue({ code: 'custom', message: 'form.text.before', input: v, params: { minimum: min } });
      if (max !== undefined && v > max)
        ctx.addIssue({ code: 'custom', message: 'form.text.after', input: v, params: { maximum: max } });
    }),
  ];
}

/** A date that has the form of one but does not exist (31 February): its own message. */
function impossibleDate(v: string): { key: string; days?: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return { key: 'form.date.noSuchMonth' };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day < 1 || day > days ? { key: 'form.date.noSuchDay', days } : undefined;
}

function acceptsMediaType(accept: readonly string[], mediaType: string): boolean {
  return accept.some((pattern) =>
    pattern.endsWith('/*') ? mediaType.startsWith(pattern.slice(0, -1)) : pattern === mediaType,
  );
}

export interface ValueSchemaOptions {
  /** ISO date that "today" in date bounds means; the current date when absent. */
  today: string;
}

/**
 * The zod schema for one field's value (present, non-empty). Messages are catalogue keys
 * from `validationMessages` (and core's address/person keys).
 */
export function valueSchema(
  definition: FormDefinition,
  field: ValueField,
  options: ValueSchemaOptions,
): z.ZodMiniType {
  switch (field.kind) {
    case 'text':
    case 'multiline': {
      const checks: z.core.$ZodCheck<string>[] = [];
      if (field.minLength !== undefined)
        checks.push(z.minLength(field.minLength, { error: 'form.text.tooShort' }));
      checks.push(
        z.maxLength(field.maxLength ?? (field.kind === 'text' ? 1_000 : 20_000), {
          error: 'form.text.tooLong',
        }),
      );
      if (field.latin) checks.push(z.refine(isLatin, { error: 'form.text.latin' }));
      if (field.kind === 'text' && field.pattern !== undefined)
        checks.push(patternCheck(field.pattern, field));
      if (field.kind === 'text') checks.push(...textBounds(field));
      return z.string(typeError('form.required', 'form.text.invalid')).check(...checks);
    }
    case 'integer':
    case 'decimal': {
      const checks: z.core.$ZodCheck<number>[] = [];
      if (field.kind === 'integer') checks.push(z.int({ error: 'form.integer.invalid' }));
      if (field.min !== undefined) checks.push(z.gte(field.min, { error: 'form.number.tooSmall' }));
      if (field.max !== undefined) checks.push(z.lte(field.max, { error: 'form.number.tooLarge' }));
      if (field.kind === 'decimal') {
        const digits = field.fractionDigits ?? 2;
        checks.push(
          z.superRefine((v: number, ctx) => {
            if (Number(v.toFixed(digits)) !== v) {
              ctx.addIssue({
                code: 'too_big',
                origin: 'number',
                maximum: digits,
                inclusive: true,
                input: v,
                message: 'form.decimal.fraction',
              });
            }
          }),
        );
      }
      return z.number(typeError('form.required', 'form.number.invalid')).check(...checks);
    }
    case 'money':
      return z.number(typeError('form.required', 'form.money.invalid')).check(
        z.int({ error: 'form.money.invalid' }),
        z.gte(field.min ?? 0, { error: 'form.money.tooSmall' }),
        // Money in cents stays within safe integers; 10^13 cents is more than any application needs.
        z.lte(field.max ?? 10_000_000_000_000, { error: 'form.money.tooLarge' }),
      );
    case 'date': {
      const min = field.min === undefined ? undefined : resolveDateBound(field.min, options.today);
      const max = field.max === undefined ? undefined : resolveDateBound(field.max, options.today);
      return z
        .pipe(
          z.string(typeError('form.required', 'form.date.invalid')).check(
            z.superRefine((v: string, ctx) => {
              const impossible = impossibleDate(v);
              if (impossible === undefined) return;
              ctx.addIssue({
                code: 'custom',
                message: impossible.key,
                input: v,
                ...(impossible.days === undefined ? {} : { params: { days: impossible.days } }),
              });
            }),
          ),
          z.iso.date({ error: 'form.date.invalid' }),
        )
        .check(
          z.superRefine((v: string, ctx) => {
            // Bounds speak only of real dates; anything else has had its message.
            if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || impossibleDate(v) !== undefined) return;
            if (min !== undefined && v < min)
              ctx.addIssue({
                code: 'custom',
                message: 'form.date.tooEarly',
                input: v,
                params: { minimum: min },
              });
            if (max !== undefined && v > max)
              ctx.addIssue({
                code: 'custom',
                message: 'form.date.tooLate',
                input: v,
                params: { maximum: max },
              });
          }),
        );
    }
    case 'yesNo': {
      const schema = z.boolean(typeError('form.required.yesNo', 'form.yesNo.invalid'));
      return field.requireYes
        ? schema.check(z.refine((v: boolean) => v, { error: 'form.yesNo.mustBeYes' }))
        : schema;
    }
    case 'choice': {
      const values = fieldOptions(definition, field).map((o) => o.value);
      const base = z.string(typeError('form.required.choice', 'form.choice.invalid')).check(z.maxLength(200));
      // A code list that was referenced but not supplied cannot restrict the values.
      return values.length === 0
        ? base
        : base.check(z.refine((v: string) => values.includes(v), { error: 'form.choice.invalid' }));
    }
    case 'multiChoice': {
      const values = fieldOptions(definition, field).map((o) => o.value);
      const checks: z.core.$ZodCheck<string[]>[] = [
        z.maxLength(Math.max(values.length, 1_000), { error: 'form.multiChoice.tooMany' }),
      ];
      if (field.minSelected !== undefined)
        checks.push(z.minLength(field.minSelected, { error: 'form.multiChoice.tooFew' }));
      if (field.maxSelected !== undefined)
        checks.push(z.maxLength(field.maxSelected, { error: 'form.multiChoice.tooMany' }));
      checks.push(z.refine((v: string[]) => new Set(v).size === v.length, { error: 'form.choice.invalid' }));
      return z
        .array(
          values.length === 0
            ? z.string().check(z.maxLength(200))
            : z.string().check(z.refine((v: string) => values.includes(v), { error: 'form.choice.invalid' })),
          typeError('form.required.choice', 'form.choice.invalid'),
        )
        .check(...checks);
    }
    case 'email':
      return z.pipe(
        z
          .string(typeError('form.required', 'form.email.invalid'))
          .check(z.trim(), z.maxLength(field.maxLength ?? 254, { error: 'form.text.tooLong' })),
        z
          .email({ error: 'form.email.invalid' })
          .check(...precisionChecks({ ...field, maxLength: undefined }, field)),
      );
    case 'phone':
      return z.string(typeError('form.required', 'form.phone.invalid')).check(
        z.trim(),
        z.refine((v: string) => phonePattern.test(v) && v.replace(/\D/g, '').length >= 5, {
          error: 'form.phone.invalid',
          abort: true,
        }),
        ...precisionChecks(field, field),
      );
    case 'iban': {
      const sepaOnly = field.sepaOnly ?? true;
      const pattern = field.pattern === undefined ? undefined : wholeMatch(field.pattern);
      return z.pipe(
        z.string(typeError('form.required', 'form.iban.invalid')),
        z.transform((raw: string, ctx) => {
          const iban = electronicFormatIBAN(raw) ?? '';
          const result = validateIBAN(iban, { allowQRIBAN: true });
          if (!result.valid) {
            const checksum =
              result.errorCodes.includes(ValidationErrorsIBAN.WrongIBANChecksum) &&
              !result.errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry) &&
              !result.errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength);
            ctx.issues.push({
              code: 'custom',
              message: checksum ? 'form.iban.checksum' : 'form.iban.invalid',
              input: raw,
            });
            return z.NEVER;
          }
          if (sepaOnly && !isSEPACountry(iban.slice(0, 2))) {
            ctx.issues.push({ code: 'custom', message: 'form.iban.notSepa', input: raw });
            return z.NEVER;
          }
          // A FIM Präzisierung narrower than any IBAN ("DE[0-9]{20}"), over the electronic format.
          if (pattern !== undefined && !pattern.test(iban)) {
            const countries = field.pattern === undefined ? undefined : ibanCountriesOf(field.pattern);
            ctx.issues.push(
              countries === undefined
                ? { code: 'custom', message: 'form.iban.pattern', input: raw }
                : {
                    code: 'custom',
                    message: 'form.iban.country',
                    input: raw,
                    params: { countries: countries.join(', ') },
                  },
            );
            return z.NEVER;
          }
          const tooShort = field.minLength !== undefined && iban.length < field.minLength;
          if (tooShort || (field.maxLength !== undefined && iban.length > field.maxLength)) {
            ctx.issues.push({ code: 'custom', message: 'form.iban.pattern', input: raw });
            return z.NEVER;
          }
          return iban;
        }),
      );
    }
    case 'address':
      return z.object(addressValueShape, typeError('form.required', 'form.address.invalid'));
    case 'personName':
      return z.object(personNameMiniSchema.shape, typeError('form.required', 'form.personName.invalid'));
    case 'file':
      return z.array(fileValueSchema, typeError('form.required.file', 'form.file.invalid')).check(
        z.maxLength(field.maxFiles ?? 1, { error: 'form.file.tooMany' }),
        z.superRefine((files: z.infer<typeof fileValueSchema>[], ctx) => {
          files.forEach((file, index) => {
            if (field.maxSize !== undefined && file.size > field.maxSize) {
              ctx.addIssue({ code: 'custom', message: 'form.file.tooLarge', path: [index], input: file });
            }
            if (field.accept && field.accept.length > 0 && !acceptsMediaType(field.accept, file.mediaType)) {
              ctx.addIssue({ code: 'custom', message: 'form.file.type', path: [index], input: file });
            }
          });
        }),
      );
  }
}
