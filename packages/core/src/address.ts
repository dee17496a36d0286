import { z } from 'zod';
import * as zm from 'zod/mini';
import { agsSchema } from './identifiers.js';

// Module-level schemas are marked pure so that a bundle importing only core's functions and
// constants (an element) drops them, and classic zod with them.

/** ISO 3166-1 alpha-2, upper case. */
export const countryCodeSchema = /* @__PURE__ */ z.string().regex(/^[A-Z]{2}$/, { error: 'address.country' });

const postcodePattern = /^\d{5}$/;

export const postcodeSchema = /* @__PURE__ */ z
  .string()
  .regex(postcodePattern, { error: 'address.postcode' });

/**
 * `postcodeSchema` on zod/mini (same rule, same issue): for browser code, where classic zod
 * would weigh on the bundle (it does not tree-shake).
 */
export const postcodeMiniSchema = /* @__PURE__ */ zm
  .string()
  .check(/* @__PURE__ */ zm.regex(postcodePattern, { error: 'address.postcode' }));

/** A German postal address (Inlandsanschrift), with the AGS when known (from a register or the finder). */
export const germanAddressSchema = /* @__PURE__ */ z.object({
  kind: /* @__PURE__ */ z.literal('de'),
  street: /* @__PURE__ */ z.string().trim().min(1, { error: 'address.street' }).max(100),
  houseNumber: /* @__PURE__ */ z.string().trim().min(1, { error: 'address.houseNumber' }).max(20),
  addition: /* @__PURE__ */ z.string().trim().max(100).optional(),
  postcode: postcodeSchema,
  town: /* @__PURE__ */ z.string().trim().min(1, { error: 'address.town' }).max(100),
  ags: /* @__PURE__ */ agsSchema.optional(),
});
export type GermanAddress = z.infer<typeof germanAddressSchema>;

/** A foreign address (Auslandsanschrift): free lines as printed in the country of residence. */
export const foreignAddressSchema = /* @__PURE__ */ z.object({
  kind: /* @__PURE__ */ z.literal('foreign'),
  lines: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string().trim().min(1).max(100)).min(1).max(5),
  country: countryCodeSchema,
});
export type ForeignAddress = z.infer<typeof foreignAddressSchema>;

export const postalAddressSchema = /* @__PURE__ */ z.discriminatedUnion('kind', [
  germanAddressSchema,
  foreignAddressSchema,
]);
export type PostalAddress = z.infer<typeof postalAddressSchema>;

/** The lines a letter would carry. */
export function formatAddress(address: PostalAddress): string[] {
  if (address.kind === 'foreign') return [...address.lines, address.country];
  const streetLine = `${address.street} ${address.houseNumber}`;
  return [streetLine, ...(address.addition ? [address.addition] : []), `${address.postcode} ${address.town}`];
}
