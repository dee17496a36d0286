import type { IncomingMessage, ServerResponse } from 'node:http';
import { csrfHeaderName } from './context.js';

/**
 * Cross-origin access for the EfA operating model: an element on a municipality's CMS page
 * (https://www.gemeinde.example) calls the state's central service (https://service.land.example).
 * Only listed origins get CORS headers; with credentials the answer names the origin, never "*",
 * and says `Vary: Origin` so that no cache serves one origin's answer to another.
 */
export interface CorsOptions {
  /** Exact origins (scheme, host, port) allowed to call, e.g. "https://www.gemeinde.example". */
  origins: readonly string[];
  /** Seconds a browser may keep a preflight answer (default 600). */
  maxAgeSeconds?: number;
}

const allowedMethods = 'GET, POST, OPTIONS';
const allowedHeaders = ['content-type', 'accept', 'accept-language', csrfHeaderName].join(', ');

/** The origin as the browser sends it ("https://a.example"), or throws for anything else. */
export function normalizeOrigin(value: string): string {
  const url = new URL(value);
  if (url.origin === 'null' || url.href.replace(/\/$/, '') !== url.origin) {
    throw new RangeError(`"${value}" is not an origin (scheme://host[:port], no path)`);
  }
  return url.origin;
}

export interface CorsPolicy {
  /** The allow-listed origins. */
  readonly origins: ReadonlySet<string>;
  /**
   * Sets the CORS headers for the request (none for an origin not listed) and answers a
   * preflight completely; returns true when the request was a preflight and is answered.
   */
  apply(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createCorsPolicy(options: CorsOptions): CorsPolicy {
  const origins = new Set(options.origins.map(normalizeOrigin));
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return {
    origins,
    apply(req, res) {
      const origin = req.headers.origin;
      // Every answer depends on the Origin header once CORS is on, listed or not.
      res.setHeader('vary', 'Origin');
      const listed = typeof origin === 'string' && origins.has(origin);
      const preflight =
        req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (listed) {
        res.setHeader('access-control-allow-origin', origin);
        // The elements send cookies (session, payment owner, CSRF token) with every call.
        res.setHeader('access-control-allow-credentials', 'true');
      }
      if (!preflight) return false;
      if (listed) {
        res.setHeader('access-control-allow-methods', allowedMethods);
        res.setHeader('access-control-allow-headers', allowedHeaders);
        res.setHeader('access-control-max-age', maxAge);
        res.statusCode = 204;
      } else {
        // Without the headers the browser refuses the actual request.
        res.statusCode = 403;
      }
      res.setHeader('cache-control', 'private, no-store');
      res.end();
      return true;
    },
  };
}
