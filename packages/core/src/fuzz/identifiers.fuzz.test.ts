import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postcodeMiniSchema, postcodeSchema } from '../address.js';
import {
  agsSchema,
  arsLevel,
  arsSchema,
  arsToAgs,
  leistungsschluesselSchema,
  parseArs,
} from '../identifiers.js';
import {
  newCheckedCode,
  newReferenceNumber,
  parseCheckedCode,
  parseReferenceNumber,
} from '../reference-number.js';
import { fuzzProperty, fuzzTimeout, withinBudget } from '../testing/fuzz.js';
import { fieldErrors } from '../validation.js';

// Issue 17: the identifiers a citizen or an import types, fed arbitrary and mutated text. A
// refusal of a schema is a zod issue whose message is the catalogue key (the coded error the
// router turns into BAD_INPUT with field errors); parse functions answer null, never throw.

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Text near the valid shape: digits with now and then a foreign symbol, plus arbitrary unicode. */
const nearDigits = fc.oneof(
  digits(0, 16),
  fc.string({ unit: fc.constantFrom(...'0123456789 -+.\u0660\uff11aZ\n'), maxLength: 16 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 5_000 }),
);

const schemas = [
  { name: 'ARS', schema: arsSchema, key: 'ars.invalid', valid: /^(\d{2}|\d{3}|\d{5}|\d{9}|\d{12})$/ },
  { name: 'AGS', schema: agsSchema, key: 'ags.invalid', valid: /^\d{8}$/ },
  {
    name: 'Leistungsschlüssel',
    schema: leistungsschluesselSchema,
    key: 'leistungsschluessel.invalid',
    valid: /^\d{14}$/,
  },
  { name: 'postcode', schema: postcodeSchema, key: 'address.postcode', valid: /^\d{5}$/ },
] as const;

describe('fuzz: identifiers (issue 17)', () => {
  for (const { name, schema, key, valid } of schemas) {
    it(
      `${name}: any text is accepted exactly when it has the shape, else refused with "${key}"`,
      async () => {
        await fuzzProperty('core', `${name} schema`, (runs) =>
          fc.assert(
            fc.property(nearDigits, (text) => {
              const result = withinBudget(() => schema.safeParse(text));
              expect(result.success).toBe(valid.test(text));
              if (!result.success) {
                const errors = fieldErrors(result.error, 'de');
                expect(errors.length).toBeGreaterThan(0);
                // The catalogue key was found: the message is German text, not the key itself.
                expect(result.error.issues[0]?.message).toBe(key);
                expect(errors[0]?.message).not.toBe(key);
              }
            }),
            { numRuns: runs },
          ),
        );
      },
      fuzzTimeout(),
    );
  }

  it(
    'postcode: classic and mini schema agree on any input',
    async () => {
      await fuzzProperty('core', 'postcode classic = mini', (runs) =>
        fc.assert(
          fc.property(fc.oneof(nearDigits, fc.anything()), (input) => {
            expect(postcodeMiniSchema.safeParse(input).success).toBe(postcodeSchema.safeParse(input).success);
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'ARS: a 12-digit key splits into parts that join back, and its AGS is Land-RB-Kreis-Gemeinde',
    async () => {
      await fuzzProperty('core', 'ARS parse round trip', (runs) =>
        fc.assert(
          fc.property(digits(12, 12), (text) => {
            const ars = arsSchema.parse(text);
            const parts = parseArs(text);
            expect(Object.values(parts).join('')).toBe(text);
            expect(arsLevel(ars)).toBe('gemeinde');
            const ags = arsToAgs(ars);
            expect(agsSchema.safeParse(ags).success).toBe(true);
            expect(ags).toBe(`${parts.land}${parts.regierungsbezirk}${parts.kreis}${parts.gemeinde}`);
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});

const referenceSymbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });

describe('fuzz: reference numbers and checked codes (issue 17)', () => {
  it('regression: a reference whose symbols begin with EFA parses typed without its prefix', () => {
    // Found by the 100,000-run fuzz: "EFA0000000D" lost its own leading "EFA" as if it were the prefix.
    const reference = newReferenceNumber(() => Uint8Array.from([142, 207, 138, 0, 0, 0, 0, 0, 0, 0]));
    expect(reference).toBe('EFA-EFA0-0000-00D');
    expect(parseReferenceNumber('EFA0000000D')).toBe(reference);
    expect(parseReferenceNumber('efa-efa0-0000-00d')).toBe(reference);
    expect(parseReferenceNumber('EFAEFA0000000D')).toBe(reference);
  });

  it(
    'any text parses to null or to a canonical reference that parses to itself',
    async () => {
      await fuzzProperty('core', 'parseReferenceNumber arbitrary', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc.string({ maxLength: 40 }),
              fc.string({ unit: fc.constantFrom(...`${referenceSymbols}efa-ilo *~$=U`), maxLength: 24 }),
              fc.string({ maxLength: 20_000 }),
            ),
            (text) => {
              const parsed = withinBudget(() => parseReferenceNumber(text));
              if (parsed !== null) expect(parseReferenceNumber(parsed)).toBe(parsed);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'format → parse: a new reference, however typed, parses back; one wrong symbol or a swap is refused',
    async () => {
      await fuzzProperty('core', 'reference number round trip + mutation', (runs) =>
        fc.assert(
          fc.property(
            bytes(10),
            fc.boolean(),
            fc.nat(10),
            fc.constantFrom(...referenceSymbols),
            (random, lower, position, replacement) => {
              const reference = newReferenceNumber(() => random);
              const compact = reference.slice(4).replace(/-/g, '');
              expect(parseReferenceNumber(reference)).toBe(reference);
              expect(parseReferenceNumber(lower ? compact.toLowerCase() : ` ${compact} `)).toBe(reference);
              // One symbol of the eleven replaced (check symbol included when position is 10).
              if (compact[position] !== replacement) {
                const wrong = `${compact.slice(0, position)}${replacement}${compact.slice(position + 1)}`;
                expect(parseReferenceNumber(wrong)).toBeNull();
              }
              if (position < 9 && compact[position] !== compact[position + 1]) {
                const swapped = `${compact.slice(0, position)}${compact[position + 1]}${compact[position]}${compact.slice(position + 2)}`;
                expect(parseReferenceNumber(swapped)).toBeNull();
              }
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'checked codes: format → parse round trip, arbitrary text null or canonical',
    async () => {
      await fuzzProperty('core', 'checked code round trip + arbitrary', (runs) =>
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: 32 }).chain((length) => fc.tuple(fc.constant(length), bytes(length))),
            fc.string({ maxLength: 200 }),
            ([length, random], text) => {
              const code = newCheckedCode(length, () => random);
              expect(parseCheckedCode(code, length)).toBe(code);
              expect(parseCheckedCode(code.toLowerCase().replace(/-/g, ''), length)).toBe(code);
              const parsed = withinBudget(() => parseCheckedCode(text, length));
              if (parsed !== null) expect(parseCheckedCode(parsed, length)).toBe(parsed);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
