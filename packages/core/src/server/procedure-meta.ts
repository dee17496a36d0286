/**
 * What a procedure declares about itself, read by the HTTP handler before and after it runs.
 * Set with `.meta({...})`; a procedure without meta is private and costs one point.
 */
export interface EfaProcedureMeta {
  /**
   * Caching class of a successful answer. Absent: `private, no-store` (the default for every
   * answer that depends on the session or carries personal data). Set only on reads whose
   * answer is the same for everyone; a batch is as private as its most private call.
   */
  cache?: PublicCacheClass;
  /**
   * Rate-limit points a call costs (default 1). Give more to what costs the server or a
   * provider: provider round trips, PDF rendering, wide searches.
   */
  cost?: number;
}

export interface PublicCacheClass {
  scope: 'public';
  /** Seconds browsers and shared caches may keep the answer. */
  maxAgeSeconds: number;
  /** Seconds a stale answer may be served while revalidating (default: none). */
  staleWhileRevalidateSeconds?: number;
}

export const privateCacheControl = 'private, no-store';
