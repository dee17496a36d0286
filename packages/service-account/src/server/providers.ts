import type { TrustLevel } from '@efa-kit/core';
import type { Identity } from '../schema/identity.js';
import { type OidcProviderConfig, OidcRelyingParty } from './oidc.js';
import { type SamlProviderConfig, SamlServiceProvider } from './saml.js';

/** What the account service needs from a protocol: start a login, finish it, end it. */
export interface LoginProvider {
  readonly name: string;
  readonly protocol: 'oidc' | 'saml';
  start(
    level: TrustLevel,
    options: { relayState: string; locale?: string },
  ): Promise<{ url: URL; state: string; nonce: string; codeVerifier: string }>;
  finish(
    callback: { url: URL; form?: URLSearchParams },
    checks: { state: string; nonce: string; codeVerifier: string; requestedLevel: TrustLevel },
  ): Promise<{ identity: Identity; idToken: string | null; providerSid?: string }>;
  endSessionUrl(idToken: string | null, state: string): Promise<URL | undefined>;
  /** OIDC Back-Channel Logout: the subject a valid logout token ends, or an error. */
  verifyLogoutToken?(token: string): Promise<{ subject: string; providerSid?: string }>;
}

export interface ProviderUrls {
  callbackUrl: string;
  samlAcsUrl: string;
  postLogoutUrl: string;
}

export type ProviderConfig = OidcProviderConfig | SamlProviderConfig;

export function createLoginProvider(config: ProviderConfig, urls: ProviderUrls): LoginProvider {
  return config.protocol === 'saml'
    ? new SamlServiceProvider(config, urls.samlAcsUrl)
    : new OidcRelyingParty(config, urls.callbackUrl, urls.postLogoutUrl);
}
