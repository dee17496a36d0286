import type { TrustLevel } from '@efa-kit/core';
import { type AccountErrorCode, accountError } from '../errors.js';

/** What a citizen is told when the identity provider ends a login without an identity. */
export type LoginFailureCode = Extract<
  AccountErrorCode,
  | 'ACCOUNT_LOGIN_CANCELLED'
  | 'ACCOUNT_LOGIN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DOCUMENT_EXPIRED'
  | 'ACCOUNT_LEVEL_TOO_LOW'
  | 'ACCOUNT_PROVIDER_UNAVAILABLE'
>;

/**
 * OIDC `error` values of an authorization response and what they mean to the citizen. The
 * standard ones (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 9470) first; `account_locked` and
 * `document_expired` are extension codes (RFC 6749 §8.5) that the kit's development provider
 * sends and a broker in front of BundID can be set to send. Everything else is a failure, never a
 * cancellation: "Sie haben die Anmeldung abgebrochen" is only true when the citizen did.
 */
export const defaultOidcErrorCodes: Readonly<Record<string, LoginFailureCode>> = {
  access_denied: 'ACCOUNT_LOGIN_CANCELLED',
  temporarily_unavailable: 'ACCOUNT_PROVIDER_UNAVAILABLE',
  server_error: 'ACCOUNT_PROVIDER_UNAVAILABLE',
  unmet_authentication_requirements: 'ACCOUNT_LEVEL_TOO_LOW',
  account_locked: 'ACCOUNT_LOCKED',
  account_disabled: 'ACCOUNT_LOCKED',
  document_expired: 'ACCOUNT_DOCUMENT_EXPIRED',
};

const saml = 'urn:oasis:names:tc:SAML:2.0:status:';

/**
 * SAML second-level status codes (SAML 2.0 Core §3.2.2.2) and what they mean to the citizen.
 * BundID-style providers answer a cancel with AuthnFailed or RequestDenied. SAML has no code
 * for a locked account or an expired document: the `urn:efa-kit:…` codes are what the kit's test
 * provider sends; map your provider's own codes with the `statusCodes` option.
 */
export const defaultSamlStatusCodes: Readonly<Record<string, LoginFailureCode>> = {
  [`${saml}AuthnFailed`]: 'ACCOUNT_LOGIN_CANCELLED',
  [`${saml}RequestDenied`]: 'ACCOUNT_LOGIN_CANCELLED',
  [`${saml}NoAuthnContext`]: 'ACCOUNT_LEVEL_TOO_LOW',
  'urn:efa-kit:saml:status:AccountLocked': 'ACCOUNT_LOCKED',
  'urn:efa-kit:saml:status:DocumentExpired': 'ACCOUNT_DOCUMENT_EXPIRED',
  'urn:efa-kit:saml:status:Unavailable': 'ACCOUNT_PROVIDER_UNAVAILABLE',
};

/** The coded error for a provider's failure code; unknown codes are ACCOUNT_LOGIN_FAILED. */
export function loginFailure(
  table: Readonly<Record<string, LoginFailureCode>>,
  providerCode: string | null | undefined,
  requestedLevel: TrustLevel,
  cause?: unknown,
): Error {
  const code =
    (providerCode && Object.hasOwn(table, providerCode) && table[providerCode]) || 'ACCOUNT_LOGIN_FAILED';
  const options = cause === undefined ? undefined : { cause };
  return code === 'ACCOUNT_LEVEL_TOO_LOW'
    ? accountError(code, { required: requestedLevel, actual: '–' }, options)
    : accountError(code, undefined, options);
}

/**
 * The second-level status code of a failed SAML response, from samlify's error ("ERR_FAILED_STATUS
 * with top tier code: …, second tier code: …"); null when the message has none.
 */
export function samlSecondTierCode(message: string): string | null {
  const match = /^ERR_FAILED_STATUS\b.*second tier code: (\S+?)\.?$/.exec(message);
  return match?.[1] && match[1] !== 'undefined' ? match[1] : null;
}
