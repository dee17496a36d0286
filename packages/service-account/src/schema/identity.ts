import { countryCodeSchema, isoDateSchema, postalAddressSchema, trustLevelSchema } from '@efa-kit/core';
import { z } from 'zod';

/**
 * How the user proved who they are. The method decides the level an honest provider reports:
 * eID card and EU eID give "high", the ELSTER certificate "substantial", a username and
 * password "low" (BundID's "Basisregistrierung").
 */
export const authMethods = ['eid-card', 'elster-certificate', 'username-password', 'eu-eid'] as const;
export const authMethodSchema = z.enum(authMethods);
export type AuthMethod = z.infer<typeof authMethodSchema>;

/**
 * Where one attribute came from: read from an identity document (eID card chip, EU eID), from
 * a register behind an organisation certificate (ELSTER), or typed in by the user.
 */
export const attributeSources = ['eid-card', 'eu-eid', 'elster', 'self-declared', 'provider'] as const;
export const attributeSourceSchema = z.enum(attributeSources);
export type AttributeSource = z.infer<typeof attributeSourceSchema>;

export const provenanceSchema = z.object({ source: attributeSourceSchema, level: trustLevelSchema });
export type Provenance = z.infer<typeof provenanceSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Staff roles a login can carry; anything else in the claim is dropped. */
export const staffRoles = ['caseworker'] as const;
export const staffSchema = z.object({
  roles: z.array(z.enum(staffRoles)).min(1).max(staffRoles.length),
  authority: z.object({ id: text(200), name: text(300) }),
});
export type StaffMembership = z.infer<typeof staffSchema>;

export const personAttributesSchema = z.object({
  givenNames: text(200).optional(),
  familyName: text(200).optional(),
  birthName: text(200).optional(),
  academicTitle: text(60).optional(),
  birthDate: isoDateSchema.optional(),
  birthPlace: text(200).optional(),
  nationality: countryCodeSchema.optional(),
  gender: text(20).optional(),
  email: z.email().max(254).optional(),
  phone: text(40).optional(),
  address: postalAddressSchema.optional(),
  /** Handle of the user's mailbox (BundID Postkorb, SH InboxReference) for sending decisions. */
  mailboxHandle: text(200).optional(),
});
export type PersonAttributes = z.infer<typeof personAttributesSchema>;
export type PersonAttributeName = keyof PersonAttributes;

export const organisationAttributesSchema = z.object({
  name: text(300).optional(),
  legalForm: text(120).optional(),
  registerType: text(20).optional(),
  registerNumber: text(40).optional(),
  registerCourt: text(120).optional(),
  taxNumber: text(40).optional(),
  address: postalAddressSchema.optional(),
});
export type OrganisationAttributes = z.infer<typeof organisationAttributesSchema>;
export type OrganisationAttributeName = keyof OrganisationAttributes;

const common = {
  /** Pseudonymous subject: bPK2 at BundID, DatenuebermittlerPseudonymId at ELSTER, OIDC `sub`. */
  subject: text(512),
  /** The identity provider that vouches for the subject (OIDC issuer or SAML entity id). */
  issuer: text(512),
  trustLevel: trustLevelSchema,
  method: authMethodSchema,
  /** When the provider authenticated the user (ISO date-time). */
  authenticatedAt: z.iso.datetime(),
  /**
   * A member of an authority's staff (only from a provider configured with `staffClaims`):
   * roles such as `caseworker` and the one authority the account is bound to.
   */
  staff: staffSchema.optional(),
};

export const personIdentitySchema = z.object({
  kind: z.literal('person'),
  ...common,
  person: personAttributesSchema,
  /** For every attribute present in `person`: its source and the level it was verified at. */
  provenance: z.partialRecord(personAttributesSchema.keyof(), provenanceSchema),
});
export type PersonIdentity = z.infer<typeof personIdentitySchema>;

export const organisationIdentitySchema = z.object({
  kind: z.literal('organisation'),
  ...common,
  organisation: organisationAttributesSchema,
  provenance: z.partialRecord(organisationAttributesSchema.keyof(), provenanceSchema),
  /** The member of staff acting for the organisation (ELSTER "HandelndePerson"). */
  actingPerson: personAttributesSchema.optional(),
});
export type OrganisationIdentity = z.infer<typeof organisationIdentitySchema>;

export const identitySchema = z.discriminatedUnion('kind', [
  personIdentitySchema,
  organisationIdentitySchema,
]);
export type Identity = z.infer<typeof identitySchema>;

/** The name to greet the user with: the person's name, or the organisation's name. */
export function identityDisplayName(identity: Identity): string {
  if (identity.kind === 'organisation') return identity.organisation.name ?? identity.subject;
  const { academicTitle, givenNames, familyName } = identity.person;
  const name = [academicTitle, givenNames, familyName].filter(Boolean).join(' ');
  return name || identity.subject;
}
