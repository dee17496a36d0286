import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { isLocale, type Locale, negotiateLocale } from '../i18n.js';
import type { AssertedIdentity } from '../person.js';
import type { TrustLevel } from '../trust-level.js';
import { clientAddress } from './client-address.js';

/** What the request carries about a logged-in user; filled by the service-account package. */
/** FIT-Connect's `identificationReport`: `content` is base64url segments (a compact JWS fits). */
export interface IdentityProof {
  version: string;
  content: string;
}

export interface EfaSession {
  id: string;
  /** Pseudonymous subject at the identity provider (bPK2, OIDC sub). */
  subject: string;
  trustLevel: TrustLevel;
  displayName: string;
  kind: 'person' | 'organisation';
  /**
   * Roles the login carries: `'caseworker'` only for staff accounts of an authority (from a
   * staff identity provider), never for a citizen.
   */
  roles: readonly string[];
  /**
   * The authority a caseworker acts for, from a staff login; absent for every citizen. Staff
   * procedures check it together with the `'caseworker'` role.
   */
  authority?: { id: string; name: string };
  /** The person's attributes from the login, for prefill; absent for organisations. */
  identity?: AssertedIdentity;
  /**
   * The login's proof of identity as the identity provider signed it (an OIDC ID token, a
   * compact JWS), for the submission metadata's `authenticationInformation`; absent when the
   * login gave none.
   */
  identityProof?: IdentityProof;
}

/** The database as the context carries it; packages narrow it with `db.withTables<…>()`. */
export type EfaDatabase = Kysely<object>;

export interface EfaRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  ip: string;
}

export interface EfaResponse {
  setHeader(name: string, value: string | readonly string[]): void;
  appendHeader(name: string, value: string | readonly string[]): void;
}

export interface EfaContext {
  request: EfaRequest;
  response: EfaResponse;
  locale: Locale;
  session: EfaSession | null;
  db: EfaDatabase;
  /** Origin and CSRF checks, computed once per request; enforced for mutations. */
  security: { sameOrigin: boolean; csrfTokenValid: boolean };
}

export const csrfCookieName = 'efa_csrf';
export const csrfHeaderName = 'x-efa-csrf';

export interface ContextFactoryOptions {
  db: EfaDatabase;
  /** The portal's public origin, e.g. "https://portal.land.example". */
  publicOrigin: string;
  /** Further origins allowed to send mutations (a state's other portals). */
  allowedOrigins?: readonly string[];
  resolveSession?: (request: EfaRequest, response: EfaResponse) => Promise<EfaSession | null>;
  /**
   * The client address a request's `ip` carries (default: the direct peer). Behind proxies,
   * `createClientAddress(parseTrustedProxies(…))`, so X-Forwarded-For counts only from them.
   */
  clientAddress?: (req: IncomingMessage) => string;
}

export function readCookies(headers: IncomingHttpHeaders): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(part.slice(index + 1).trim()));
      } catch {
        // A cookie that is not valid percent-encoding is someone else's or forged: ignore it.
      }
    }
  }
  return cookies;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Origin header, else the origin of the Referer; a request with neither is not same-origin. */
export function requestOrigin(headers: IncomingHttpHeaders): string | undefined {
  const origin = firstHeader(headers.origin);
  if (origin && origin !== 'null') return origin;
  const referer = firstHeader(headers.referer);
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Double-submit token: the header must repeat the cookie the portal set. */
export function csrfTokenValid(headers: IncomingHttpHeaders): boolean {
  const cookie = readCookies(headers).get(csrfCookieName);
  const header = firstHeader(headers[csrfHeaderName]);
  return Boolean(cookie && header && cookie.length >= 16 && safeEqual(cookie, header));
}

export function createContextFactory(options: ContextFactoryOptions) {
  const allowed = new Set([new URL(options.publicOrigin).origin, ...(options.allowedOrigins ?? [])]);
  const address = options.clientAddress ?? ((req: IncomingMessage) => clientAddress(req));
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<EfaContext> => {
    const request: EfaRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', options.publicOrigin),
      headers: req.headers,
      ip: address(req),
    };
    const response: EfaResponse = {
      setHeader: (name, value) => res.setHeader(name, value),
      appendHeader: (name, value) => res.appendHeader(name, value),
    };
    const explicit = request.url.searchParams.get('lang');
    const locale = isLocale(explicit)
      ? explicit
      : negotiateLocale(firstHeader(req.headers['accept-language']));
    const origin = requestOrigin(req.headers);
    return {
      request,
      response,
      locale,
      db: options.db,
      session: options.resolveSession ? await options.resolveSession(request, response) : null,
      security: {
        sameOrigin: origin !== undefined && allowed.has(origin),
        csrfTokenValid: csrfTokenValid(req.headers),
      },
    };
  };
}
