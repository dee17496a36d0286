import { z } from 'zod';
import { agsSchema } from './identifiers.js';

/** ISO 3166-1 alpha-2, upper case. */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, { error: 'address.country' });

export const postcodeSchema = z.string().regex(/^\d{5}$/, { error: 'address.postcode' });

/** A German postal address (Inlandsanschrift), with the AGS when known (from a register or the finder). */
export const germanAddressSchema = z.object({
  kind: z.literal('de'),
  street: z.string().trim().min(1, { error: 'address.street' }).max(100),
  houseNumber: z.string().trim().min(1, { error: 'address.houseNumber' }).max(20),
  addition: z.string().trim().max(100).optional(),
  postcode: postcodeSchema,
  town: z.string().trim().min(1, { error: 'address.town' }).max(100),
  ags: agsSchema.optional(),
});
export type GermanAddress = z.infer<typeof germanAddressSchema>;

/** A foreign address (Auslandsanschrift): free lines as printed in the country of residence. */
export const foreignAddressSchema = z.object({
  kind: z.literal('foreign'),
  lines: z.array(z.string().trim().min(1).max(100)).min(1).max(5),
  country: countryCodeSchema,
});
export type ForeignAddress = z.infer<typeof foreignAddressSchema>;

export const postalAddressSchema = z.discriminatedUnion('kind', [germanAddressSchema, foreignAddressSchema]);
export type PostalAddress = z.infer<typeof postalAddressSchema>;

/** The lines a letter would carry. */
export function formatAddress(address: PostalAddress): string[] {
  if (address.kind === 'foreign') return [...address.lines, address.country];
  const streetLine = `${address.street} ${address.houseNumber}`;
  return [streetLine, ...(address.addition ? [address.addition] : []), `${address.postcode} ${address.town}`];
}
