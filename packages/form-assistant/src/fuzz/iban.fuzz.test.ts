import { fuzzProperty, fuzzTimeout, withinBudget } from '@efa-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { type FormDefinition, parseFormDefinition, type ValueField } from '../schema/index.js';
import { groupIban } from '../validation/display.js';
import { valueSchema } from '../validation/values.js';

// Issue 17: the IBAN field's value schema on arbitrary and mutated input: a value or a refusal
// with one of the catalogue keys, never a throw; format (grouped) → parse gives the electronic
// form back; one changed digit is caught by the check digits.

const field = { kind: 'iban', id: 'iban', label: { de: 'IBAN' }, required: true } as const;
const definition: FormDefinition = parseFormDefinition({
  format: 'efa-form/1',
  id: 'fuzz-iban',
  version: '1.0.0',
  title: { de: 'IBAN' },
  steps: [{ id: 's', title: { de: 'S' }, groups: [{ kind: 'group', id: 'g', items: [field] }] }],
});
const sepa = valueSchema(definition, field as ValueField, { today: '2026-12-03' });
const any = valueSchema(definition, { ...field, sepaOnly: false } as ValueField, { today: '2026-12-03' });
const keys = ['form.required', 'form.iban.invalid', 'form.iban.checksum', 'form.iban.notSepa'];

/** A German IBAN from an 18-digit BBAN, check digits by ISO 7064 mod 97-10. */
function germanIban(bban: string): string {
  const numeric = `${bban}131400`; // "DE00" moved to the end, letters as numbers (D=13, E=14)
  const check = 98n - (BigInt(numeric) % 97n);
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

const bban = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 18, maxLength: 18 });

describe('fuzz: IBAN (issue 17)', () => {
  it(
    'any input gives an IBAN in electronic form or a refusal with a catalogue key',
    async () => {
      await fuzzProperty('form-assistant', 'IBAN arbitrary input', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(
              fc.string({ maxLength: 40 }),
              fc.string({ unit: fc.constantFrom(...'DEATFRNL0123456789 -'), maxLength: 34 }),
              fc.string({ maxLength: 10_000 }),
              fc.anything(),
            ),
            fc.boolean(),
            (input, sepaOnly) => {
              const result = withinBudget(() => z.safeParse(sepaOnly ? sepa : any, input));
              if (result.success) expect(result.data).toMatch(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/);
              else for (const issue of result.error.issues) expect(keys).toContain(issue.message);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'format → parse: a valid IBAN, grouped or lower case, parses to its electronic form; one wrong digit is refused',
    async () => {
      await fuzzProperty('form-assistant', 'IBAN round trip + digit mutation', (runs) =>
        fc.assert(
          fc.property(bban, fc.nat(19), fc.integer({ min: 1, max: 9 }), (digits, position, delta) => {
            const iban = germanIban(digits);
            expect(z.safeParse(sepa, groupIban(iban))).toEqual({ success: true, data: iban });
            expect(z.safeParse(sepa, iban.toLowerCase())).toEqual({ success: true, data: iban });
            const at = 2 + position;
            const changed = String((Number(iban[at]) + delta) % 10);
            const wrong = `${iban.slice(0, at)}${changed}${iban.slice(at + 1)}`;
            const result = z.safeParse(sepa, wrong);
            expect(result.success).toBe(false);
            if (!result.success) expect(result.error.issues[0]?.message).toBe('form.iban.checksum');
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
