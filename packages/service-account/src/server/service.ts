import { randomBytes } from 'node:crypto';
import {
  type AssertedAttribute,
  type AssertedIdentity,
  isEfaError,
  parseTrustLevel,
  returnPathOr,
  satisfiesTrustLevel,
  type TrustLevel,
} from '@efa-kit/core';
import {
  csrfCookieName,
  type EfaDatabase,
  type EfaRequest,
  type EfaResponse,
  type EfaSession,
  readCookies,
} from '@efa-kit/core/server';
import { accountError } from '../errors.js';
import {
  type AttributeSource,
  type Identity,
  identityDisplayName,
  type Provenance,
} from '../schema/identity.js';
import { clearCookie, newCsrfToken, setCookie } from './cookies.js';
import { createLoginProvider, type LoginProvider, type ProviderConfig } from './providers.js';
import { createSessionStore, hashToken, newToken, type StoredSession } from './sessions.js';
import type { AccountTables } from './storage.js';

export interface AccountServiceOptions {
  db: EfaDatabase;
  /** The portal's public origin ("https://portal.land.example"); cookies are Secure when https. */
  publicOrigin: string;
  /** Login providers (configuration or ready instances); the first is the default. */
  providers: readonly (ProviderConfig | LoginProvider)[];
  /** Where the auth routes live; "/auth" by default. */
  basePath?: string;
  idleTimeoutSeconds?: number;
  absoluteTimeoutSeconds?: number;
  /** How long a started login may take at the provider; 10 minutes. */
  loginTimeoutSeconds?: number;
  /** The page after logout; "/" by default. */
  afterLogoutPath?: string;
  /**
   * Where a failed login callback is reported for operators: the code and what the provider's
   * answer or the connection to it said, never who tried (the citizen sees only the code's text).
   */
  log?: (message: string) => void;
  now?: () => Date;
}

export interface LoginOutcome {
  /** Where to send the browser: back to `returnTo`, with `login=<code>` when it failed. */
  redirectTo: string;
  session: StoredSession | null;
  errorCode?: string;
}

export type AccountService = ReturnType<typeof createAccountService>;

/** An asserted attribute with where it came from (documents and registers vs. typed in). */
export type SourcedAttribute<T> = AssertedAttribute<T> & { source: AttributeSource };

// Sources that read the value from an identity document or a register, not from the person.
const documentSources: ReadonlySet<AttributeSource> = new Set(['eid-card', 'eu-eid', 'elster']);

function sourced<T>(
  value: T | undefined,
  provenance: Provenance | undefined,
): SourcedAttribute<T> | undefined {
  if (value === undefined) return undefined;
  const source = provenance?.source ?? 'provider';
  // Verified only when a document or register supplied it at "substantial" or above: a value
  // from a username/password account is what the person typed, and a form must not lock it.
  const verified =
    documentSources.has(source) && !!provenance && satisfiesTrustLevel(provenance.level, 'substantial');
  return { value, verified, source };
}

/**
 * The login's assertions about a person in core's `AssertedIdentity` shape (what the form
 * assistant prefills and locks from), each attribute with its source and verified flag.
 */
export function assertedIdentity(identity: Extract<Identity, { kind: 'person' }>): AssertedIdentity {
  const { person, provenance } = identity;
  const result: AssertedIdentity = {};
  const keys = [
    'givenNames',
    'familyName',
    'birthName',
    'academicTitle',
    'birthDate',
    'birthPlace',
    'nationality',
    'email',
    'phone',
  ] as const;
  for (const key of keys) {
    const attribute = sourced(person[key], provenance[key]);
    if (attribute) result[key] = attribute;
  }
  const address = sourced(person.address, provenance.address);
  if (address) result.address = address;
  return result;
}

/** The chain of causes of a failure, as " (cause: …; …)", for the operators' log. */
function causeText(error: unknown): string {
  const causes: string[] = [];
  let current: unknown = error instanceof Error ? error.cause : undefined;
  while (current instanceof Error && causes.length < 4) {
    const code = 'code' in current && typeof current.code === 'string' ? `${current.code}: ` : '';
    causes.push(`${code}${current.message}`.slice(0, 200));
    current = current.cause;
  }
  return causes.length ? ` (cause: ${causes.join('; ')})` : '';
}

/**
 * Logins, sessions and logout for a portal: binds each login to the browser that started it,
 * checks the provider's answer, and keeps the session server-side behind an opaque cookie.
 */
export function createAccountService(options: AccountServiceOptions) {
  const origin = new URL(options.publicOrigin).origin;
  const secure = origin.startsWith('https:');
  // The __Host- prefix pins the cookie to this host and path "/" (browsers enforce it), but
  // requires Secure, so plain-http development uses unprefixed names.
  const sessionCookie = secure ? '__Host-efa_session' : 'efa_session';
  const loginCookie = secure ? '__Host-efa_login' : 'efa_login';
  const samlLoginCookie = '__Host-efa_login_saml';
  const basePath = (options.basePath ?? '/auth').replace(/\/+$/, '');
  const afterLogoutPath = returnPathOr(options.afterLogoutPath, origin);
  const loginTimeoutMs = (options.loginTimeoutSeconds ?? 600) * 1000;
  const now = options.now ?? (() => new Date());
  const sessions = createSessionStore({
    db: options.db,
    ...(options.idleTimeoutSeconds ? { idleTimeoutSeconds: options.idleTimeoutSeconds } : {}),
    ...(options.absoluteTimeoutSeconds ? { absoluteTimeoutSeconds: options.absoluteTimeoutSeconds } : {}),
    now,
  });
  const db = options.db.withTables<AccountTables>();
  const urls = {
    callbackUrl: `${origin}${basePath}/callback`,
    samlAcsUrl: `${origin}${basePath}/saml/acs`,
    postLogoutUrl: `${origin}${basePath}/logged-out`,
  };
  const instances = options.providers.map((p) => ('start' in p ? p : createLoginProvider(p, urls)));
  const providers = new Map(instances.map((p) => [p.name, p]));
  const defaultProvider = instances[0];
  if (!defaultProvider) throw accountError('ACCOUNT_CONFIGURATION', { detail: 'no provider' });

  function provider(name: string | undefined): LoginProvider {
    const found = name ? providers.get(name) : defaultProvider;
    if (!found) throw accountError('ACCOUNT_UNKNOWN_PROVIDER');
    return found;
  }

  /**
   * Every redirect target passes core's one return-path check (`returnPathOr`): a value that
   * is not a same-origin path ("/.//evil.example", "//evil", "/\\evil", encoded slashes,
   * control characters, other origins) becomes the start page instead of leading off-site.
   */
  function safeReturnTo(value: string | null | undefined): string {
    return returnPathOr(value, origin);
  }

  function withLoginResult(returnTo: string, code: string): string {
    const url = new URL(safeReturnTo(returnTo), origin);
    url.searchParams.set('login', code);
    // Checked again after the query was added: the value sent as Location is what counts.
    return safeReturnTo(`${url.pathname}${url.search}${url.hash}`);
  }

  const cookieBase = { secure, sameSite: 'Lax' as const, path: '/' };

  /** The URL that starts a login (or step-up) at a level and comes back to `returnTo`. */
  function loginUrl(level: TrustLevel, returnTo: string, providerName?: string): string {
    const params = new URLSearchParams({ level, returnTo: safeReturnTo(returnTo) });
    if (providerName) params.set('provider', providerName);
    return `${basePath}/login?${params}`;
  }

  return {
    sessions,
    sessionCookie,
    loginCookie,
    basePath,
    publicOrigin: origin,
    secure,
    ...urls,
    providers: instances,
    providerNames: [...providers.keys()],

    loginUrl,

    /**
     * Starts a login: remembers state, nonce and PKCE verifier server-side under a random key
     * that only this browser holds (login cookie), and returns the provider's URL.
     */
    async beginLogin(
      input: {
        level: TrustLevel;
        returnTo: string;
        provider?: string | undefined;
        locale?: string | undefined;
      },
      response: EfaResponse,
    ): Promise<{ redirectTo: string }> {
      const returnTo = safeReturnTo(input.returnTo);
      const idp = provider(input.provider);
      const key = newToken();
      const started = await idp.start(input.level, {
        relayState: key,
        ...(input.locale ? { locale: input.locale } : {}),
      });
      const at = now();
      await db
        .insertInto('efa_account.login_transaction')
        .values({
          id: hashToken(key),
          provider: idp.name,
          state: started.state,
          nonce: started.nonce,
          code_verifier: started.codeVerifier,
          requested_level: input.level,
          return_to: returnTo,
          created_at: at,
          expires_at: new Date(at.getTime() + loginTimeoutMs),
        })
        .execute();
      setCookie(response, loginCookie, key, { ...cookieBase, maxAgeSeconds: loginTimeoutMs / 1000 });
      // SAML answers with a cross-site POST, which does not carry SameSite=Lax cookies. On https
      // a SameSite=None cookie binds the answer to this browser (no login CSRF with someone
      // else's assertion); plain-http development can only bind through RelayState.
      if (idp.protocol === 'saml' && secure) {
        setCookie(response, samlLoginCookie, key, {
          ...cookieBase,
          sameSite: 'None',
          maxAgeSeconds: loginTimeoutMs / 1000,
        });
      }
      return { redirectTo: started.url.toString() };
    },

    /**
     * Finishes a login from the provider's callback. The login record is used once and deleted;
     * any session the browser had is destroyed and a new one with a new id is issued.
     */
    async completeLogin(
      request: EfaRequest,
      response: EfaResponse,
      callback: { url: URL; form?: URLSearchParams; relayState?: string | null },
    ): Promise<LoginOutcome> {
      const cookies = readCookies(request.headers);
      const key = callback.relayState ?? cookies.get(loginCookie);
      clearCookie(response, loginCookie, cookieBase);
      if (callback.relayState !== undefined && secure) {
        clearCookie(response, samlLoginCookie, { ...cookieBase, sameSite: 'None' });
        if (cookies.get(samlLoginCookie) !== callback.relayState) {
          return {
            redirectTo: withLoginResult('/', 'ACCOUNT_LOGIN_EXPIRED'),
            session: null,
            errorCode: 'ACCOUNT_LOGIN_EXPIRED',
          };
        }
      }
      const transaction = key
        ? await db
            .deleteFrom('efa_account.login_transaction')
            .where('id', '=', hashToken(key))
            .returningAll()
            .executeTakeFirst()
        : undefined;
      if (!transaction || new Date(transaction.expires_at) <= now()) {
        return {
          redirectTo: withLoginResult('/', 'ACCOUNT_LOGIN_EXPIRED'),
          session: null,
          errorCode: 'ACCOUNT_LOGIN_EXPIRED',
        };
      }
      const requestedLevel = parseTrustLevel(transaction.requested_level) ?? 'high';
      try {
        const idp = provider(transaction.provider);
        const result = await idp.finish(callback, {
          state: transaction.state,
          nonce: transaction.nonce,
          codeVerifier: transaction.code_verifier,
          requestedLevel,
        });
        await sessions.destroy(cookies.get(sessionCookie));
        const { token, session } = await sessions.create({
          provider: idp.name,
          identity: result.identity,
          idToken: result.idToken,
          providerSid: result.providerSid ?? null,
        });
        setCookie(response, sessionCookie, token, {
          ...cookieBase,
          maxAgeSeconds: (session.absoluteExpiresAt.getTime() - now().getTime()) / 1000,
        });
        // A CSRF token planted before login must not survive it either.
        setCookie(response, csrfCookieName, newCsrfToken(), { ...cookieBase, httpOnly: false });
        return { redirectTo: safeReturnTo(transaction.return_to), session };
      } catch (error) {
        const code = isEfaError(error) ? error.code : 'ACCOUNT_LOGIN_FAILED';
        options.log?.(`account: login at ${transaction.provider} failed: ${code}${causeText(error)}`);
        return { redirectTo: withLoginResult(transaction.return_to, code), session: null, errorCode: code };
      }
    },

    /** The session of a request (sliding the idle timeout), or null. */
    async current(request: EfaRequest): Promise<StoredSession | null> {
      return sessions.lookup(readCookies(request.headers).get(sessionCookie));
    },

    async keepAlive(request: EfaRequest): Promise<StoredSession | null> {
      return sessions.keepAlive(readCookies(request.headers).get(sessionCookie));
    },

    /**
     * Local logout, then RP-initiated logout at the provider when it supports it. Returns where
     * to send the browser.
     */
    async logout(request: EfaRequest, response: EfaResponse): Promise<{ redirectTo: string }> {
      const session = await sessions.destroy(readCookies(request.headers).get(sessionCookie));
      clearCookie(response, sessionCookie, cookieBase);
      // The session ends with this response: the browser drops this origin's storage (form
      // drafts, the open payment) so the next person on a shared device finds none of it.
      response.setHeader('clear-site-data', '"storage"');
      if (session) {
        const idp = providers.get(session.provider);
        const state = randomBytes(16).toString('base64url');
        const url = await idp?.endSessionUrl(session.idToken, state).catch(() => undefined);
        if (url) return { redirectTo: url.toString() };
      }
      return { redirectTo: afterLogoutPath };
    },

    afterLogoutPath,

    /**
     * OIDC Back-Channel Logout: the provider ended the user's session there (for example after
     * logging out of another portal), so this portal ends that subject's sessions too.
     */
    async backchannelLogout(token: string): Promise<number> {
      for (const idp of instances) {
        if (!idp.verifyLogoutToken) continue;
        const verified = await idp.verifyLogoutToken(token).catch(() => undefined);
        if (verified) return sessions.destroyBySubject(idp.name, verified.subject, verified.providerSid);
      }
      throw accountError('ACCOUNT_LOGIN_FAILED');
    },

    /** Sets the double-submit CSRF cookie when the browser has none (the elements read it). */
    ensureCsrfCookie(request: EfaRequest, response: EfaResponse): void {
      if (!readCookies(request.headers).get(csrfCookieName)) {
        setCookie(response, csrfCookieName, newCsrfToken(), { ...cookieBase, httpOnly: false });
      }
    },

    /** For `createContextFactory({ resolveSession })`. */
    async resolveSession(request: EfaRequest): Promise<EfaSession | null> {
      const session = await sessions.lookup(readCookies(request.headers).get(sessionCookie));
      if (!session) return null;
      return {
        id: session.id,
        subject: session.identity.subject,
        trustLevel: session.trustLevel,
        displayName: identityDisplayName(session.identity),
        kind: session.identity.kind,
        // Staff roles and the authority only come from a provider configured with staffClaims.
        roles: session.identity.staff?.roles ?? [],
        ...(session.identity.staff ? { authority: session.identity.staff.authority } : {}),
        ...(session.identity.kind === 'person' ? { identity: assertedIdentity(session.identity) } : {}),
        // The provider's signed ID token is the identity proof an authority can check itself.
        ...(session.idToken ? { identityProof: { version: '1.0.0', content: session.idToken } } : {}),
      };
    },

    /**
     * For services that need a level: throws ACCOUNT_STEP_UP_REQUIRED carrying the login URL
     * that brings the user back to `returnTo` at the required level.
     */
    requireLevel(session: EfaSession | null, required: TrustLevel, returnTo: string): void {
      if (session && satisfiesTrustLevel(session.trustLevel, required)) return;
      throw accountError(
        'ACCOUNT_STEP_UP_REQUIRED',
        { required },
        { details: { loginUrl: loginUrl(required, returnTo) } },
      );
    },

    safeReturnTo,
  };
}
