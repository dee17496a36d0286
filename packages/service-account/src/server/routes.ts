import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError, isLocale, negotiateLocale, parseTrustLevel, returnPathOr } from '@efa-kit/core';
import {
  csrfTokenValid,
  type EfaRequest,
  type EfaResponse,
  readCookies,
  requestOrigin,
} from '@efa-kit/core/server';
import { SamlServiceProvider } from './saml.js';
import type { AccountService } from './service.js';

export interface AuthRoutesOptions {
  service: AccountService;
  /** Further origins allowed to post a logout (a state's other portals). */
  allowedOrigins?: readonly string[];
  /** Largest SAML response accepted, in bytes; 256 KiB. */
  maxBodyBytes?: number;
}

function toEfa(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): { request: EfaRequest; response: EfaResponse } {
  return {
    request: {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', origin),
      headers: req.headers,
      ip: req.socket.remoteAddress ?? '',
    },
    response: {
      setHeader: (name, value) => res.setHeader(name, value),
      appendHeader: (name, value) => res.appendHeader(name, value),
    },
  };
}

// Answers of the auth routes belong to one browser's login: never stored by any cache.
const privateNoStore = 'private, no-store';
const clearStorage = '"storage"';

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader('location', location);
  res.setHeader('cache-control', privateNoStore);
  res.end();
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', privateNoStore);
  res.end(text);
}

async function readForm(req: IncomingMessage, limit: number): Promise<URLSearchParams | undefined> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The browser-facing login routes, for a plain node:http server (or any framework that hands
 * over `req`/`res`). Returns false for paths it does not own.
 *
 * - `GET  {base}/login?level=&returnTo=&provider=` → the provider's login page
 * - `GET  {base}/callback` (OIDC) and `POST {base}/saml/acs` (SAML) → back to `returnTo`
 * - `POST {base}/logout` (same origin + CSRF token, form field `csrf`) → provider logout
 * - `GET  {base}/logged-out` → the page after logout
 * - `GET  {base}/saml/metadata?provider=` → this portal's SAML SP metadata
 * - `POST {base}/backchannel-logout` → OIDC Back-Channel Logout (from the provider's server)
 */
export function createAuthRoutes(options: AuthRoutesOptions) {
  const { service } = options;
  const base = service.basePath;
  const allowed = new Set([service.publicOrigin, ...(options.allowedOrigins ?? [])]);
  const maxBody = options.maxBodyBytes ?? 256 * 1024;

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const { request, response } = toEfa(req, res, service.publicOrigin);
    const path = request.url.pathname;
    if (!path.startsWith(`${base}/`)) return false;
    const route = path.slice(base.length);
    try {
      if (route === '/login' && request.method === 'GET') {
        const level = parseTrustLevel(request.url.searchParams.get('level') ?? 'low') ?? 'low';
        const provider = request.url.searchParams.get('provider') ?? undefined;
        const lang = request.url.searchParams.get('lang') ?? readCookies(req.headers).get('efa_lang');
        const locale = isLocale(lang) ? lang : negotiateLocale(String(req.headers['accept-language'] ?? ''));
        const { redirectTo } = await service.beginLogin(
          { level, returnTo: request.url.searchParams.get('returnTo') ?? '/', provider, locale },
          response,
        );
        redirect(res, redirectTo);
        return true;
      }
      if (route === '/callback' && request.method === 'GET') {
        const outcome = await service.completeLogin(request, response, { url: request.url });
        redirect(res, outcome.redirectTo);
        return true;
      }
      if (route === '/saml/acs' && request.method === 'POST') {
        const form = await readForm(req, maxBody);
        if (!form) {
          plain(res, 400, 'Bad SAML response');
          return true;
        }
        const outcome = await service.completeLogin(request, response, {
          url: request.url,
          form,
          relayState: form.get('RelayState'),
        });
        redirect(res, outcome.redirectTo);
        return true;
      }
      if (route === '/logout' && request.method === 'POST') {
        const form = await readForm(req, 4096);
        const origin = requestOrigin(req.headers);
        const headers = { ...req.headers, 'x-efa-csrf': form?.get('csrf') ?? req.headers['x-efa-csrf'] };
        if (!origin || !allowed.has(origin) || !csrfTokenValid(headers)) {
          plain(res, 403, 'Forbidden / Verboten');
          return true;
        }
        const { redirectTo } = await service.logout(request, response);
        redirect(res, redirectTo);
        return true;
      }
      if (route === '/backchannel-logout' && request.method === 'POST') {
        // Called by the provider's server, not a browser: no cookies, no CSRF token; the signed
        // logout token is the authentication.
        const form = await readForm(req, 16_384);
        const token = form?.get('logout_token');
        res.setHeader('cache-control', privateNoStore);
        try {
          if (!token) throw new Error('no logout_token');
          await service.backchannelLogout(token);
          res.statusCode = 200;
          res.end();
        } catch {
          res.statusCode = 400;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ error: 'invalid_request' }));
        }
        return true;
      }
      if (route === '/saml/metadata' && request.method === 'GET') {
        const name = request.url.searchParams.get('provider');
        const sp = service.providers.find(
          (p): p is SamlServiceProvider => p instanceof SamlServiceProvider && (!name || p.name === name),
        );
        if (!sp) return false;
        res.statusCode = 200;
        res.setHeader('content-type', 'application/samlmetadata+xml; charset=utf-8');
        res.end(sp.metadata());
        return true;
      }
      if (route === '/logged-out' && request.method === 'GET') {
        // Also here: after a provider-side logout the browser arrives without passing /logout.
        res.setHeader('clear-site-data', clearStorage);
        redirect(res, returnPathOr(service.afterLogoutPath, service.publicOrigin));
        return true;
      }
      return false;
    } catch (error) {
      if (isEfaError(error) && error.status === 'BAD_REQUEST') {
        plain(res, 400, `${error.localized('de')}\n${error.localized('en')}`);
        return true;
      }
      if (isEfaError(error) && error.status === 'BAD_GATEWAY') {
        plain(res, 502, `${error.localized('de')}\n${error.localized('en')}`);
        return true;
      }
      throw error;
    }
  };
}
