import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isLocale, type Locale, negotiateLocale, translateCore } from '@efa-kit/core';
import {
  type CapabilityHost,
  createCapabilityHost,
  type EfaDatabase,
  type EfaSession,
  readCookies,
} from '@efa-kit/core/server';
import type { AssetManifest } from './assets.js';
import type { PageContext, PortalCapability, PortalPage, PortalPorts } from './capability.js';
import type { PortalConfig } from './config.js';
import { html } from './html.js';
import { renderLayout } from './layout.js';
import { t } from './messages.js';
import { accessibilityPage, imprintPage } from './pages/legal.js';
import { startPage } from './pages/start.js';
import { applySecurityHeaders, contentSecurityPolicy } from './security-headers.js';
import { serveStatic } from './static-files.js';

export interface PortalOptions {
  config: PortalConfig;
  db: EfaDatabase;
  capabilities: readonly PortalCapability[];
  /** The capabilities' ports; `sessions` says who is signed in. */
  ports: PortalPorts;
  assets: AssetManifest;
  staticDir: string;
  log: (message: string) => void;
}

/** tRPC request bodies are small JSON; uploads go through their own routes. */
const maxTrpcBodyBytes = 1024 * 1024;

function pageLocale(req: IncomingMessage, url: URL): Locale {
  const explicit = url.searchParams.get('lang');
  if (isLocale(explicit)) return explicit;
  const fromCookie = readCookies(req.headers).get('efa_lang');
  if (isLocale(fromCookie)) return fromCookie;
  return negotiateLocale(req.headers['accept-language']);
}

/**
 * The request target as a URL on the portal's own origin, or null when it is not an
 * origin-form path: `//host/…` would otherwise be read as another host by the URL parser, and
 * absolute or asterisk forms are for proxies, which this server is not.
 */
function requestUrl(target: string | undefined, publicUrl: URL): URL | null {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null;
  try {
    const url = new URL(target, publicUrl.origin);
    return url.origin === publicUrl.origin ? url : null;
  } catch {
    return null;
  }
}

/** The same token for the same person on every app server, and nothing readable about them. */
function stateScopeFor(session: EfaSession | null): string | null {
  if (!session) return null;
  return createHash('sha256')
    .update(`efa-kit browser state\0${session.subject}`)
    .digest('base64url')
    .slice(0, 32);
}

export interface PortalServer {
  server: Server;
  /** The capabilities mounted as core's contract has them: `stop()` ends their jobs and services. */
  host: CapabilityHost;
}

/**
 * The portal: core's capability host (routers, the capabilities' routes, CSRF, CORS, health
 * check, OpenAPI, jobs) with the portal's pages, static files and security headers around it.
 */
export async function createPortalServer(options: PortalOptions): Promise<PortalServer> {
  const { config, db, capabilities, ports, assets, staticDir, log } = options;
  const https = config.publicUrl.protocol === 'https:';
  const contracts = capabilities.map((c) => c.capability);
  const csp = contentSecurityPolicy(contracts.flatMap((c) => c.pageNeeds?.formActionOrigins ?? []));
  const host = await createCapabilityHost({
    db,
    publicUrl: config.publicUrl,
    capabilities: contracts,
    sessions: ports.sessions,
    allowedOrigins: config.allowedOrigins,
    ...(config.corsOrigins.length > 0 ? { cors: { origins: config.corsOrigins } } : {}),
    maxBodyBytes: maxTrpcBodyBytes,
    maxBatchSize: config.maxBatchSize,
    rateLimit: config.rateLimit,
    ...(config.trustedProxies ? { trustedProxies: config.trustedProxies } : {}),
    info: { title: config.name, version: '0.1.0' },
    log,
  });
  const developmentServices = contracts.flatMap((c) => c.pageNeeds?.developmentServices ?? []);
  const capabilityPages = capabilities.flatMap((c) => c.pages ?? []);
  const pages: PortalPage[] = [];
  const start = startPage(
    capabilities.flatMap((c) => (c.startSection ? [c.startSection] : [])),
    () => pages,
  );
  pages.push(start, ...capabilityPages, accessibilityPage, imprintPage);
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const startEntries = capabilities.flatMap((c) => (c.startSection?.entry ? [c.startSection.entry] : []));

  function cookie(name: string, value: string, extra: string): string {
    return `${name}=${value}; Path=/; SameSite=Lax${https ? '; Secure' : ''}${extra}`;
  }

  async function renderPage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    page: PortalPage | undefined,
  ) {
    const locale = pageLocale(req, url);
    const cookies = readCookies(req.headers);
    const setCookies: string[] = [];
    // The double-submit CSRF token that elements send back with mutations (the host's scheme).
    host.ensureCsrfCookie(req, res);
    if (url.searchParams.has('lang') && cookies.get('efa_lang') !== locale) {
      setCookies.push(cookie('efa_lang', locale, '; Max-Age=31536000'));
    }
    const efaRequest = {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      ip: host.clientAddress(req),
    };
    const efaResponse = {
      setHeader: (name: string, value: string | readonly string[]) => res.setHeader(name, value),
      appendHeader: (name: string, value: string | readonly string[]) => res.appendHeader(name, value),
    };
    const session = await ports.sessions(efaRequest, efaResponse);
    const context: PageContext = { locale, url, session, config, stateScope: stateScopeFor(session) };
    const status = page ? 200 : 404;
    const main = page
      ? await page.render(context)
      : html`<h1>${t(locale, 'notFoundTitle')}</h1><p>${t(locale, 'notFoundText')}</p><p><a href="/">${t(locale, 'backToStart')}</a></p>`;
    const entries = ['layout', ...(page?.entry ? [page.entry] : []), ...(page === start ? startEntries : [])];
    const body = renderLayout({
      context,
      title: page ? page.title[locale] : t(locale, 'notFoundTitle'),
      main,
      nav: pages.filter((p) => p.nav),
      assets: entries.map((entry) => assets.entry(entry)),
      currentPath: url.pathname,
      developmentServices,
    });
    for (const value of setCookies) res.appendHeader('Set-Cookie', value);
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // Pages show the signed-in person's data (status page, account, prefilled forms).
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Language', locale);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res, csp, https);
    const url = requestUrl(req.url, config.publicUrl);
    if (!url) {
      const locale = negotiateLocale(req.headers['accept-language']);
      res.statusCode = 400;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(`REQUEST_TARGET_INVALID: ${translateCore(locale, 'error.REQUEST_TARGET_INVALID')}`);
      return;
    }
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    // Static files first (cheap, and never a capability's); the host answers /trpc/ itself.
    if (!path.startsWith('/trpc/') && (await serveStatic(staticDir, url.pathname, res))) return;
    if (await host.handle(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('Allow', 'GET, HEAD');
      res.end();
      return;
    }
    await renderPage(req, res, url, byPath.get(path));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(
        `Request ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      }
      res.end(`${t('de', 'errorTitle')} / ${t('en', 'errorTitle')}`);
    });
  });
  return { server, host };
}
