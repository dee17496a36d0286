import { z } from 'zod';

const nameSchema = z.string().trim().min(1, { error: 'person.name' }).max(120);

export const personNameSchema = z.object({
  givenNames: nameSchema,
  familyName: nameSchema,
  birthName: z.string().trim().max(120).optional(),
  academicTitle: z.string().trim().max(40).optional(),
});
export type PersonName = z.infer<typeof personNameSchema>;

/** ISO calendar date (YYYY-MM-DD) that exists, e.g. no 2025-02-30. */
export const isoDateSchema = z.iso.date({ error: 'date.invalid' });

/** A birth date: a real date, not in the future, not before 1870. */
export const birthDateSchema = isoDateSchema.refine(
  (value) => value >= '1870-01-01' && value <= new Date().toISOString().slice(0, 10),
  { error: 'person.birthDate' },
);

export const personSchema = z.object({
  name: personNameSchema,
  birthDate: birthDateSchema.optional(),
  birthPlace: z.string().trim().max(120).optional(),
});
export type Person = z.infer<typeof personSchema>;

export function fullName(name: PersonName): string {
  return [name.academicTitle, name.givenNames, name.familyName].filter(Boolean).join(' ');
}
