import type { AnyTRPCProcedure } from '@trpc/server';
import { type EfaProcedureMeta, privateCacheControl } from './procedure-meta.js';

/** The part of a tRPC call the caching class depends on. */
export interface CachedCall {
  procedure: AnyTRPCProcedure | null;
}

export function procedureMeta(procedure: AnyTRPCProcedure | null): EfaProcedureMeta {
  return (procedure?._def.meta as EfaProcedureMeta | undefined) ?? {};
}

/**
 * Cache-Control of a tRPC answer: public only when it is a successful query whose every call
 * declares a public cache class, with the shortest lifetime among them; anything else is
 * `private, no-store`, so a batch is as private as its most private call.
 */
export function cacheControlFor(options: {
  type: string;
  calls: readonly CachedCall[];
  failed: boolean;
}): string {
  const { type, calls, failed } = options;
  if (failed || type !== 'query' || calls.length === 0) return privateCacheControl;
  let maxAge = Number.POSITIVE_INFINITY;
  let staleWhileRevalidate = Number.POSITIVE_INFINITY;
  for (const call of calls) {
    const cache = procedureMeta(call.procedure).cache;
    if (cache?.scope !== 'public') return privateCacheControl;
    maxAge = Math.min(maxAge, cache.maxAgeSeconds);
    staleWhileRevalidate = Math.min(staleWhileRevalidate, cache.staleWhileRevalidateSeconds ?? 0);
  }
  if (!(maxAge > 0)) return privateCacheControl;
  return staleWhileRevalidate > 0
    ? `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
    : `public, max-age=${maxAge}`;
}
