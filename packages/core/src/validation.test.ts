import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { germanAddressSchema } from './address.js';
import { defineErrors, isEfaError } from './errors.js';
import { fieldErrors, messageLookup } from './validation.js';

describe('localized validation', () => {
  const address = { kind: 'de', street: 'Hauptstraße', houseNumber: '1', postcode: '0106', town: 'Dresden' };

  it('addresses each problem by its field path, in German and English', () => {
    const result = germanAddressSchema.safeParse(address);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrors(result.error, 'de')).toEqual([
      {
        path: 'postcode',
        code: 'invalid_format',
        message: 'Die Postleitzahl muss aus 5 Ziffern bestehen, zum Beispiel 01067.',
      },
    ]);
    expect(fieldErrors(result.error, 'en')[0]?.message).toBe(
      'The postcode must have 5 digits, for example 01067.',
    );
  });

  it('gives a plain-language message by issue code when a schema names no key', () => {
    const schema = z.object({
      count: z.number().max(3),
      name: z.string().min(2),
      tags: z.array(z.string()).min(1),
    });
    const result = schema.safeParse({ count: 5, name: 'A', tags: [] });
    if (result.success) throw new Error('expected failure');
    expect(fieldErrors(result.error, 'de').map((e) => e.message)).toEqual([
      'Der Wert darf höchstens 3 betragen.',
      'Bitte geben Sie mindestens 2 Zeichen ein.',
      'Bitte geben Sie mindestens 1 Einträge an.',
    ]);
    expect(fieldErrors(result.error, 'en')[0]?.message).toBe('The value must be at most 3.');
  });

  it('tells a missing value from a wrong one when the input is reported', () => {
    const schema = z.object({ email: z.string() });
    const missing = schema.safeParse({}, { reportInput: true });
    const wrong = schema.safeParse({ email: 42 }, { reportInput: true });
    if (missing.success || wrong.success) throw new Error('expected failure');
    expect(fieldErrors(missing.error, 'de')[0]?.message).toBe('Bitte füllen Sie dieses Feld aus.');
    expect(fieldErrors(wrong.error, 'de')[0]?.message).toBe('Bitte geben Sie einen gültigen Wert ein.');
  });

  it("uses a package's own catalogue", () => {
    const lookup = messageLookup({
      de: { 'dog.name': 'Name des Hundes fehlt' },
      en: { 'dog.name': 'Dog name missing' },
    });
    const result = z.object({ name: z.string().min(1, { error: 'dog.name' }) }).safeParse({ name: '' });
    if (result.success) throw new Error('expected failure');
    expect(fieldErrors(result.error, 'en', lookup)[0]?.message).toBe('Dog name missing');
  });
});

describe('typed errors', () => {
  const err = defineErrors({
    FEE_MISMATCH: {
      status: 'CONFLICT',
      de: 'Betrag {amount} stimmt nicht.',
      en: 'Amount {amount} does not match.',
    },
  });

  it('carry a stable code, a status and both languages', () => {
    const error = err('FEE_MISMATCH', { amount: '12,00 €' });
    expect(isEfaError(error)).toBe(true);
    expect(error.code).toBe('FEE_MISMATCH');
    expect(error.status).toBe('CONFLICT');
    expect(error.localized('de')).toBe('Betrag 12,00 € stimmt nicht.');
    expect(error.localized('en')).toBe('Amount 12,00 € does not match.');
  });
});
