import type { AssertedIdentity, TrustLevel } from '@efa-kit/core';
import { satisfiesTrustLevel } from '@efa-kit/core';
import type { EfaContext } from '@efa-kit/core/server';
import type { IdentityAttributes } from '../validation/prefill.js';

/**
 * The lowest login level whose verified attributes lock a field. Below it (username and
 * password) nothing proves the person at the keyboard is the one the register names, so a
 * "verified" value is offered as prefill but stays editable.
 */
export const defaultLockTrustLevel: TrustLevel = 'substantial';

/**
 * Maps what a login asserted (core's `AssertedIdentity` on the session) to the form's identity
 * attributes, composing `personName` from the name parts and splitting a German address into
 * its parts. A value counts as verified only when
 * the provider read it from a document or register and the login's trust level reaches
 * `lockFrom`; `personName` is verified only when every part it carries is. Null without identity.
 */
export function identityAttributesFrom(
  identity: AssertedIdentity | undefined,
  trustLevel: TrustLevel | undefined,
  lockFrom: TrustLevel = defaultLockTrustLevel,
): IdentityAttributes | null {
  if (!identity) return null;
  const trusted = trustLevel !== undefined && satisfiesTrustLevel(trustLevel, lockFrom);
  const attributes: IdentityAttributes = {};
  for (const [name, asserted] of Object.entries(identity) as Array<
    [keyof AssertedIdentity, { value: unknown; verified: boolean } | undefined]
  >) {
    if (!asserted || asserted.value === undefined || asserted.value === null) continue;
    attributes[name] = { value: asserted.value, verified: trusted && asserted.verified };
  }
  const { givenNames, familyName, birthName, academicTitle } = identity;
  if (givenNames && familyName) {
    const parts = [givenNames, familyName, birthName, academicTitle].filter((part) => part !== undefined);
    attributes.personName = {
      value: {
        givenNames: givenNames.value,
        familyName: familyName.value,
        ...(birthName ? { birthName: birthName.value } : {}),
        ...(academicTitle ? { academicTitle: academicTitle.value } : {}),
      },
      verified: trusted && parts.every((part) => part.verified),
    };
  }
  const address = identity.address;
  if (address?.value.kind === 'de') {
    const verified = trusted && address.verified;
    const { street, houseNumber, postcode, town } = address.value;
    attributes.addressStreet = { value: street, verified };
    attributes.addressHouseNumber = { value: houseNumber, verified };
    attributes.addressPostcode = { value: postcode, verified };
    attributes.addressTown = { value: town, verified };
  }
  return attributes;
}

/** The signed-in person's identity from the session (`createFormRouter`'s default `identity`). */
export function identityFromSession(ctx: EfaContext): IdentityAttributes | null {
  return identityAttributesFrom(ctx.session?.identity, ctx.session?.trustLevel);
}
