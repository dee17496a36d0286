import { describe, expect, it } from 'vitest';
import { postcodeMiniSchema, postcodeSchema } from './address.js';
import { personNameMiniSchema, personNameSchema } from './person.js';

/** The zod/mini twins must say exactly what the classic schemas say (browser and server agree). */
describe('zod/mini twins of the classic schemas', () => {
  const outcome = (result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) =>
    result.success ? { data: result.data } : { issues: result.error?.issues };

  it.each(['01067', '1067', '010677', 'abcde', '', 12345, undefined])('postcode %j', (input) => {
    expect(outcome(postcodeMiniSchema.safeParse(input))).toEqual(outcome(postcodeSchema.safeParse(input)));
  });

  it.each([
    { givenNames: 'Erika', familyName: 'Mustermann' },
    { givenNames: '  Erika ', familyName: ' Mustermann', birthName: ' Gabler ', academicTitle: 'Dr.' },
    { givenNames: '', familyName: '   ' },
    { givenNames: 'x'.repeat(121), familyName: 'M', academicTitle: 'y'.repeat(41) },
    { givenNames: 1, familyName: null },
    {},
    'Erika',
    undefined,
  ])('person name %j', (input) => {
    expect(outcome(personNameMiniSchema.safeParse(input))).toEqual(
      outcome(personNameSchema.safeParse(input)),
    );
  });
});
