import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError, isLocale, type Locale, negotiateLocale } from '@efa-kit/core';
import { LRUCache } from 'lru-cache';
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
  /**
   * Memory the cache of serialized answers may take, in bytes (default 8 MiB; 0 turns the cache
   * off). Counted as the answer's bytes plus its key; the least recently used answers go first.
   */
  cacheBytes?: number;
  /** Most answers kept, whatever their size (default 10,000; 0 turns the cache off). */
  cacheEntries?: number;
}

export const defaultFastPathCacheBytes = 8 * 1024 * 1024;

/** What the answer cache holds right now (for monitoring and tests). */
export interface FastPathCacheStats {
  entries: number;
  /** Bytes counted against `budget` (answers plus keys). */
  bytes: number;
  budget: number;
}

/** Answers GET reads it owns (returns true) or leaves the request untouched for tRPC (false). */
export interface JurisdictionFastPath {
  (req: IncomingMessage, res: ServerResponse): boolean;
  cacheStats(): FastPathCacheStats;
}

type Procedure = 'searchServices' | 'searchPlaces' | 'resolve' | 'authority';

/** A key's UTF-16 code units and the map's bookkeeping count too, not just the answer. */
const entryOverheadBytes = 96;

/**
 * A fast path for the finder's public reads, in front of the tRPC handler. tRPC's standalone
 * adapter costs far more than the lookups themselves (it builds a Fetch Request per call), so a
 * portal that serves many citizens answers successful single GET queries here: the same zod
 * input schemas, the same `{ result: { data } }` wire format and the same public Cache-Control
 * as the router's meta, plus a byte-bounded LRU cache of serialized answers that is dropped when
 * the index is swapped.
 *
 * It answers only what it fully owns: one call (no `batch` parameter, no comma-separated
 * paths) to one of its own four procedures with valid input and a successful answer. Anything
 * else returns `false` untouched, so the kit's tRPC handler decides, and a batch that mixes a
 * finder read with a personal call (`jurisdiction.datasets,account.me?batch=1`) gets the most
 * private caching class of its calls there, never the public one from here.
 */
export function createJurisdictionFastPath(options: JurisdictionFastPathOptions): JurisdictionFastPath {
  const prefix = `${options.basePath ?? '/trpc/'}${options.namespace ?? 'jurisdiction'}.`;
  const maxAge = options.maxAge ?? 300;
  const budget = Math.max(0, Math.floor(options.cacheBytes ?? defaultFastPathCacheBytes));
  const entries = Math.max(0, Math.floor(options.cacheEntries ?? 10_000));
  const caching = budget > 0 && entries > 0;
  const cacheControl = `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 12}`;
  const newCache = () =>
    new LRUCache<string, Buffer>({
      max: Math.max(entries, 1),
      maxSize: Math.max(budget, 1),
      sizeCalculation: (body, key) => body.length + key.length * 2 + entryOverheadBytes,
    });
  let cachedFor: JurisdictionIndex | undefined;
  let cache = newCache();
  const current = (): JurisdictionIndex =>
    'current' in options.index ? options.index.current : options.index;

  const schemas: Record<Procedure, z.ZodType> = {
    searchServices: searchServicesInputSchema,
    searchPlaces: searchPlacesInputSchema,
    resolve: resolveInputSchema,
    authority: authorityInputSchema,
  };
  // Own keys only: "constructor" or "toString" in a URL must not reach Object.prototype.
  const isProcedure = (name: string): name is Procedure => Object.hasOwn(schemas, name);

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

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !req.url?.startsWith(prefix)) return false;
    const query = req.url.indexOf('?');
    const procedure = req.url.slice(prefix.length, query === -1 ? undefined : query);
    // A comma-separated path is several calls, so it is not one of ours either.
    if (!isProcedure(procedure)) return false;
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
      cache = newCache();
    }
    const input = params.get('input');
    // Keyed by what decides the answer, so junk parameters (cache busters) add no entries.
    const key = `${locale} ${procedure} ${input ?? ''}`;
    let body = caching ? cache.get(key) : undefined;
    if (body === undefined) {
      let data: unknown;
      try {
        data = answer(index, procedure, JSON.parse(input ?? 'null'), locale);
      } catch (error) {
        if (error instanceof SyntaxError || isEfaError(error)) return false;
        throw error;
      }
      if (data === undefined) return false;
      // Kept encoded: a cache hit writes bytes with a known length (no chunked encoding).
      body = Buffer.from(JSON.stringify({ result: { data } }));
      // An answer larger than the whole budget is not stored (lru-cache refuses it).
      if (caching) cache.set(key, body);
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': cacheControl,
      // The answers are localized (service names, resolution sentences).
      vary: 'Accept-Language, Origin',
      'content-length': body.length,
    });
    res.end(body);
    return true;
  }

  return Object.assign(handle, {
    cacheStats: (): FastPathCacheStats => ({
      entries: caching ? cache.size : 0,
      bytes: caching ? cache.calculatedSize : 0,
      budget: caching ? budget : 0,
    }),
  });
}
