import { z } from 'zod';
import * as zm from 'zod/mini';
import type { PostalAddress } from './address.js';

// Module-level schemas are marked pure so that a bundle importing only core's functions and
// constants (an element) drops them, and classic zod with them.
const nameSchema = /* @__PURE__ */ z.string().trim().min(1, { error: 'person.name' }).max(120);

export const personNameSchema = /* @__PURE__ */ z.object({
  givenNames: nameSchema,
  familyName: nameSchema,
  birthName: /* @__PURE__ */ z.string().trim().max(120).optional(),
  academicTitle: /* @__PURE__ */ z.string().trim().max(40).optional(),
});
export type PersonName = z.infer<typeof personNameSchema>;

const nameMiniSchema = /* @__PURE__ */ zm
  .string()
  .check(
    /* @__PURE__ */ zm.trim(),
    /* @__PURE__ */ zm.minLength(1, { error: 'person.name' }),
    /* @__PURE__ */ zm.maxLength(120),
  );

/**
 * `personNameSchema` on zod/mini (same rules, same issues): for browser code, where classic
 * zod would weigh on the bundle (it does not tree-shake).
 */
export const personNameMiniSchema = /* @__PURE__ */ zm.object({
  givenNames: nameMiniSchema,
  familyName: nameMiniSchema,
  birthName: /* @__PURE__ */ zm.optional(
    /* @__PURE__ */ zm.string().check(/* @__PURE__ */ zm.trim(), /* @__PURE__ */ zm.maxLength(120)),
  ),
  academicTitle: /* @__PURE__ */ zm.optional(
    /* @__PURE__ */ zm.string().check(/* @__PURE__ */ zm.trim(), /* @__PURE__ */ zm.maxLength(40)),
  ),
});

/** ISO calendar date (YYYY-MM-DD) that exists, e.g. no 2025-02-30. */
export const isoDateSchema = /* @__PURE__ */ z.iso.date({ error: 'date.invalid' });

/** A birth date: a real date, not in the future, not before 1870. */
export const birthDateSchema = /* @__PURE__ */ isoDateSchema.refine(
  (value) => value >= '1870-01-01' && value <= new Date().toISOString().slice(0, 10),
  { error: 'person.birthDate' },
);

export const personSchema = /* @__PURE__ */ z.object({
  name: personNameSchema,
  birthDate: /* @__PURE__ */ birthDateSchema.optional(),
  birthPlace: /* @__PURE__ */ z.string().trim().max(120).optional(),
});
export type Person = z.infer<typeof personSchema>;

export function fullName(name: PersonName): string {
  return [name.academicTitle, name.givenNames, name.familyName].filter(Boolean).join(' ');
}

/** One attribute as an identity provider asserted it. */
export interface AssertedAttribute<T> {
  value: T;
  /**
   * Read from an identity document or a register (eID card, EU eID, ELSTER certificate), not
   * typed in by the person: a form locks such a value and its server refuses a different one.
   */
  verified: boolean;
}

/**
 * What a login says about a person, in the one shape capabilities compose on: the service
 * account fills it on the session, the form assistant prefills and locks from it. Neither
 * imports the other; the portal passes it through.
 */
export interface AssertedIdentity {
  givenNames?: AssertedAttribute<string>;
  familyName?: AssertedAttribute<string>;
  birthName?: AssertedAttribute<string>;
  academicTitle?: AssertedAttribute<string>;
  /** ISO date. */
  birthDate?: AssertedAttribute<string>;
  birthPlace?: AssertedAttribute<string>;
  /** ISO 3166-1 alpha-2. */
  nationality?: AssertedAttribute<string>;
  address?: AssertedAttribute<PostalAddress>;
  email?: AssertedAttribute<string>;
  phone?: AssertedAttribute<string>;
}
