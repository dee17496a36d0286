import { parseTrustLevel, satisfiesTrustLevel, type TrustLevel, toEidasUri } from '@efa-kit/core';
import * as client from 'openid-client';
import { accountError } from '../errors.js';
import { type Identity, staffSchema } from '../schema/identity.js';
import {
  type AttributeMapping,
  amrMethods,
  claimsReader,
  mapIdentity,
  oidcMapping,
} from '../schema/mappings.js';
import { defaultOidcErrorCodes, type LoginFailureCode, loginFailure } from './login-failures.js';
import type { LoginProvider } from './providers.js';

export type OidcClientAuthentication =
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: string }
  /** A private JWK (or CryptoKey) for `private_key_jwt`; ES256, PS256 and RS256 keys work. */
  | { method: 'private_key_jwt'; key: client.CryptoKey | JsonWebKey; alg?: string; kid?: string }
  | { method: 'none' };

export interface OidcProviderConfig {
  protocol: 'oidc';
  /** Name used in URLs and the session ("bundid", "servicekonto-nrw", "dev"). */
  name: string;
  issuer: string;
  clientId: string;
  clientAuthentication: OidcClientAuthentication;
  /** Scopes asked for; "openid" is always sent. */
  scopes?: readonly string[];
  /** The value sent as `acr_values` for a level; eIDAS URIs by default. */
  acrValues?: Partial<Record<TrustLevel, string>>;
  mapping?: AttributeMapping;
  /** Allows an http:// issuer: only for the development provider on localhost. */
  allowInsecureHttp?: boolean;
  /** Extra authorization parameters (e.g. `prompt`, `ui_locales`). */
  authorizationParameters?: Record<string, string>;
  /**
   * The provider's own `error` codes and what they mean to the citizen, over
   * `defaultOidcErrorCodes` (e.g. `{ user_blocked: 'ACCOUNT_LOCKED' }` for a broker that says so).
   */
  errorCodes?: Readonly<Record<string, LoginFailureCode>>;
  /**
   * A staff identity provider (an authority's own, or the development provider): its
   * `efa_staff` claim (`{ roles: ['caseworker'], authority: { id, name } }`) is taken into the
   * session. Never set this for a citizen provider (BundID, a Servicekonto): a citizen must
   * not be able to become a caseworker by a claim.
   */
  staffClaims?: boolean;
}

export interface OidcLoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcLoginResult {
  identity: Identity;
  idToken: string;
  providerSid?: string;
}

function isCryptoKey(key: client.CryptoKey | JsonWebKey): key is client.CryptoKey {
  return !('kty' in key);
}

async function importKey(
  auth: Extract<OidcClientAuthentication, { method: 'private_key_jwt' }>,
): Promise<{ key: client.CryptoKey; alg: string; kid?: string }> {
  if (isCryptoKey(auth.key))
    return { key: auth.key, alg: auth.alg ?? 'ES256', ...(auth.kid ? { kid: auth.kid } : {}) };
  const jwk = auth.key as JsonWebKey & { kid?: string; alg?: string };
  const alg = auth.alg ?? jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : jwk.kty === 'OKP' ? 'EdDSA' : 'PS256');
  const { importJWK } = await import('jose');
  const key = (await importJWK(jwk, alg)) as client.CryptoKey;
  const kid = auth.kid ?? jwk.kid;
  return { key, alg, ...(kid ? { kid } : {}) };
}

/**
 * An OpenID Connect relying party for one provider, on `openid-client` (certified RP library):
 * discovery, authorization code flow with PKCE S256, state and nonce, `private_key_jwt` or a
 * client secret, ID token and userinfo validation, and the trust-level check.
 */
export class OidcRelyingParty implements LoginProvider {
  readonly name: string;
  readonly protocol = 'oidc' as const;
  #config: Promise<client.Configuration> | undefined;
  #jwks: ReturnType<typeof import('jose').createRemoteJWKSet> | undefined;

  constructor(
    readonly options: OidcProviderConfig,
    readonly redirectUri: string,
    readonly postLogoutRedirectUri: string,
  ) {
    this.name = options.name;
  }

  /** Discovery runs once, lazily, and again after a failure (the provider may have been down). */
  configuration(): Promise<client.Configuration> {
    if (!this.#config) {
      this.#config = this.#discover().catch((cause: unknown) => {
        this.#config = undefined;
        throw accountError('ACCOUNT_PROVIDER_UNAVAILABLE', undefined, { cause });
      });
    }
    return this.#config;
  }

  async #discover(): Promise<client.Configuration> {
    const o = this.options;
    let auth: client.ClientAuth;
    switch (o.clientAuthentication.method) {
      case 'client_secret_basic':
        auth = client.ClientSecretBasic(o.clientAuthentication.secret);
        break;
      case 'client_secret_post':
        auth = client.ClientSecretPost(o.clientAuthentication.secret);
        break;
      case 'private_key_jwt': {
        const { key, kid } = await importKey(o.clientAuthentication);
        auth = client.PrivateKeyJwt(kid ? { key, kid } : key);
        break;
      }
      case 'none':
        auth = client.None();
        break;
    }
    const execute = o.allowInsecureHttp ? [client.allowInsecureRequests] : [];
    const discovered = await client.discovery(new URL(o.issuer), o.clientId, undefined, auth, {
      execute,
      timeout: 10,
    });
    // Providers that sign ID tokens only with EC or PS keys: expect their algorithm instead of
    // RS256, openid-client's default; anything else the provider sends is still refused.
    const algs = discovered.serverMetadata().id_token_signing_alg_values_supported ?? [];
    const idTokenAlg = algs.includes('RS256')
      ? undefined
      : algs.find((a) => a !== 'none' && !a.startsWith('HS'));
    // Verify the ID token's signature even though it came straight from the token endpoint:
    // OIDC allows relying on TLS there, but then a hostile or misconfigured endpoint could
    // assert any identity, and a verified token is a record of the login worth keeping.
    if (!idTokenAlg) {
      client.enableNonRepudiationChecks(discovered);
      return discovered;
    }
    const configured = new client.Configuration(
      discovered.serverMetadata(),
      o.clientId,
      { id_token_signed_response_alg: idTokenAlg },
      auth,
    );
    for (const fn of execute) fn(configured);
    client.enableNonRepudiationChecks(configured);
    return configured;
  }

  acrFor(level: TrustLevel): string {
    return this.options.acrValues?.[level] ?? toEidasUri(level);
  }

  async start(
    level: TrustLevel,
    options: { relayState?: string; locale?: string } = {},
    extra: Record<string, string> = {},
  ): Promise<OidcLoginStart> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const scopes = new Set(['openid', ...(this.options.scopes ?? ['profile', 'email', 'address'])]);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: [...scopes].join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      acr_values: this.acrFor(level),
      // The provider's login page in the portal's language.
      ...(options.locale ? { ui_locales: options.locale } : {}),
      ...this.options.authorizationParameters,
      ...extra,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Completes the login from the callback URL. Every check that openid-client makes (state,
   * issuer, audience, signature, expiry, nonce, PKCE) throws; then the level is checked.
   */
  async finish(
    callback: { url: URL },
    checks: { state: string; nonce: string; codeVerifier: string; requestedLevel: TrustLevel },
  ): Promise<OidcLoginResult> {
    const callbackUrl = callback.url;
    const config = await this.configuration();
    const error = callbackUrl.searchParams.get('error');
    // Each failure the provider names gets its own true message (a locked account is no cancel).
    if (error) {
      throw loginFailure(
        { ...defaultOidcErrorCodes, ...this.options.errorCodes },
        error,
        checks.requestedLevel,
      );
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (cause) {
      throw accountError('ACCOUNT_LOGIN_FAILED', undefined, { cause });
    }
    const claims = tokens.claims();
    const idToken = tokens.id_token;
    if (!claims || !idToken) throw accountError('ACCOUNT_LOGIN_FAILED');
    const level = typeof claims.acr === 'string' ? this.levelFromAcr(claims.acr) : undefined;
    if (!level || !satisfiesTrustLevel(level, checks.requestedLevel)) {
      throw accountError('ACCOUNT_LEVEL_TOO_LOW', { required: checks.requestedLevel, actual: level ?? '–' });
    }
    let userinfo: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      } catch (cause) {
        throw accountError('ACCOUNT_LOGIN_FAILED', undefined, { cause });
      }
    }
    // The ID token is authoritative for who and how strongly; userinfo only adds attributes.
    const merged: Record<string, unknown> = { ...userinfo, ...claims, acr: level };
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    const method = amr.map((value) => amrMethods[String(value)]).find((m) => m !== undefined);
    const identity = mapIdentity(this.options.mapping ?? oidcMapping, claimsReader(merged), {
      issuer: String(claims.iss),
      trustLevel: level,
      ...(method ? { method } : {}),
      authenticatedAt: typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : new Date(),
    });
    if (!identity) throw accountError('ACCOUNT_LOGIN_FAILED');
    if (this.options.staffClaims && identity.kind === 'person') {
      const staff = staffSchema.safeParse(merged.efa_staff);
      if (staff.success) identity.staff = staff.data;
    }
    return { identity, idToken, ...(typeof claims.sid === 'string' ? { providerSid: claims.sid } : {}) };
  }

  levelFromAcr(acr: string): TrustLevel | undefined {
    for (const [level, value] of Object.entries(this.options.acrValues ?? {})) {
      if (value === acr) return level as TrustLevel;
    }
    return parseTrustLevel(acr);
  }

  /**
   * Verifies an OIDC Back-Channel Logout token: signed by the provider's keys, issued by it for
   * this client, recent, with the back-channel logout event, without a nonce, naming a subject.
   */
  async verifyLogoutToken(token: string): Promise<{ subject: string; providerSid?: string }> {
    const config = await this.configuration();
    const meta = config.serverMetadata();
    if (!meta.jwks_uri) throw accountError('ACCOUNT_LOGIN_FAILED');
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    this.#jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri));
    const { payload } = await jwtVerify(token, this.#jwks, {
      issuer: meta.issuer,
      audience: this.options.clientId,
      maxTokenAge: '5m',
      algorithms: (meta.id_token_signing_alg_values_supported ?? ['RS256']).filter(
        (alg) => alg !== 'none' && !alg.startsWith('HS'),
      ),
    });
    const events = payload.events as Record<string, unknown> | undefined;
    if (
      !events ||
      typeof events['http://schemas.openid.net/event/backchannel-logout'] !== 'object' ||
      'nonce' in payload ||
      typeof payload.sub !== 'string'
    ) {
      throw accountError('ACCOUNT_LOGIN_FAILED');
    }
    return { subject: payload.sub, ...(typeof payload.sid === 'string' ? { providerSid: payload.sid } : {}) };
  }

  /** The provider's end-session URL (RP-initiated logout), or undefined when it has none. */
  async endSessionUrl(idToken: string | null, state: string): Promise<URL | undefined> {
    const config = await this.configuration().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.postLogoutRedirectUri,
      state,
      ...(idToken ? { id_token_hint: idToken } : { client_id: this.options.clientId }),
    });
  }
}
