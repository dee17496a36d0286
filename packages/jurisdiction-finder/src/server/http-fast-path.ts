import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError, isLocale, type Locale, negotiateLocale } from '@efa-kit/core';
import type { z } from 'zod';
import {
  authorityInputSchema,
  resolveInputSchema,
  searchPlacesInputSchema,
  searchServicesInputSchema,
} from '../schema/index.js';
import type { IndexSource } from './router.js';
import type { JurisdictionIndex } from './search-index.js';

export interface JurisdictionFastPathOptions {
  index: IndexSource;
  /** Where the tRPC endpoint is mounted (default "/trpc/"). */
  basePath?: string;
  /** The router's namespace (default "jurisdiction"). */
  namespace?: string;
  /** Seconds answers may be cached (default 300, as the router). */
  maxAge?: number;
  /** Answers kept in memory per index (default 10,000; 0 turns the cache off). */
  cacheEntries?: number;
}

type Procedure = 'searchServices' | 'searchPlaces' | 'resolve' | 'authority';

/**
 * A fast path for the finder's cacheable reads, in front of the tRPC handler. tRPC's
 * standalone adapter costs far more than the lookups themselves (it builds a Fetch Request per
 * call), so a portal that serves many citizens answers successful GET queries here: the same
 * zod input schemas, the same `{ result: { data } }` wire format and Cache-Control as the
 * router, plus an in-memory cache of serialized answers that is dropped when the index is
 * swapped. Anything else (batch calls, invalid input, errors) returns `false` and goes to the
 * tRPC router, which answers with its localized error shape.
 */
export function createJurisdictionFastPath(options: JurisdictionFastPathOptions) {
  const prefix = `${options.basePath ?? '/trpc/'}${options.namespace ?? 'jurisdiction'}.`;
  const maxAge = options.maxAge ?? 300;
  const limit = options.cacheEntries ?? 10_000;
  const cacheControl = `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 12}`;
  let cachedFor: JurisdictionIndex | undefined;
  let cache = new Map<string, Buffer>();
  const current = (): JurisdictionIndex =>
    'current' in options.index ? options.index.current : options.index;

  const schemas: Record<Procedure, z.ZodType> = {
    searchServices: searchServicesInputSchema,
    searchPlaces: searchPlacesInputSchema,
    resolve: resolveInputSchema,
    authority: authorityInputSchema,
  };

  function answer(index: JurisdictionIndex, procedure: Procedure, raw: unknown, locale: Locale): unknown {
    const parsed = schemas[procedure].safeParse(raw);
    if (!parsed.success) return undefined;
    const input = parsed.data as Record<string, unknown>;
    const lang = isLocale(input.lang) ? input.lang : locale;
    switch (procedure) {
      case 'searchServices':
        return index.searchServices(String(input.q), { limit: Number(input.limit), lang });
      case 'searchPlaces':
        return index.searchPlaces(String(input.q), { limit: Number(input.limit) });
      case 'resolve':
        return index.resolve(String(input.service), String(input.place), lang);
      case 'authority':
        return index.authority(String(input.id));
    }
  }

  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !req.url?.startsWith(prefix)) return false;
    const query = req.url.indexOf('?');
    const procedure = req.url.slice(prefix.length, query === -1 ? undefined : query) as Procedure;
    if (!(procedure in schemas)) return false;
    const params = new URLSearchParams(query === -1 ? '' : req.url.slice(query + 1));
    if (params.has('batch')) return false;
    const explicit = params.get('lang');
    const header = req.headers['accept-language'];
    const locale = isLocale(explicit)
      ? explicit
      : negotiateLocale(Array.isArray(header) ? header[0] : header);
    const index = current();
    if (index !== cachedFor) {
      cachedFor = index;
      cache = new Map();
    }
    const key = `${locale} ${req.url}`;
    let body = cache.get(key);
    if (body === undefined) {
      let data: unknown;
      try {
        data = answer(index, procedure, JSON.parse(params.get('input') ?? 'null'), locale);
      } catch (error) {
        if (error instanceof SyntaxError || isEfaError(error)) return false;
        throw error;
      }
      if (data === undefined) return false;
      // Kept encoded: a cache hit writes bytes with a known length (no chunked encoding).
      body = Buffer.from(JSON.stringify({ result: { data } }));
      if (limit > 0) {
        if (cache.size >= limit) cache.delete(cache.keys().next().value ?? '');
        cache.set(key, body);
      }
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': cacheControl,
      vary: 'Accept-Language',
      'content-length': body.length,
    });
    res.end(body);
    return true;
  };
}
