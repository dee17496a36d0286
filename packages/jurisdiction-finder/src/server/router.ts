import type { EfaDatabase, EfaResponse } from '@efa-kit/core/server';
import { publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { z } from 'zod';
import {
  authorityInputSchema,
  resolveInputSchema,
  schemaMessages,
  searchPlacesInputSchema,
  searchServicesInputSchema,
} from '../schema/index.js';
import { jurisdictionError } from './errors.js';
import type { JurisdictionIndex } from './search-index.js';
import { jurisdictionDb } from './storage.js';

/** The index itself, or a holder whose `current` index is swapped after imports (LiveIndex). */
export type IndexSource = JurisdictionIndex | { readonly current: JurisdictionIndex };

export interface JurisdictionRouterOptions {
  db: EfaDatabase;
  index: IndexSource;
  /** Seconds browsers and shared caches may keep answers (default 300). */
  maxAge?: number;
}

function current(source: IndexSource): JurisdictionIndex {
  return 'current' in source ? source.current : source;
}

/**
 * `jurisdiction.*`: every procedure is a query (GET), so answers can be cached by browsers, the
 * portal's CDN or a reverse proxy; the data changes only on import.
 */
export function createJurisdictionRouter(options: JurisdictionRouterOptions) {
  registerMessages(schemaMessages);
  const maxAge = options.maxAge ?? 300;
  const cacheable = (response: EfaResponse) => {
    response.setHeader('Cache-Control', `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 12}`);
    response.setHeader('Vary', 'Accept-Language');
  };
  return router({
    searchServices: publicProcedure.input(searchServicesInputSchema).query(({ input, ctx }) => {
      cacheable(ctx.response);
      return current(options.index).searchServices(input.q, {
        limit: input.limit,
        lang: input.lang ?? ctx.locale,
      });
    }),
    searchPlaces: publicProcedure.input(searchPlacesInputSchema).query(({ input, ctx }) => {
      cacheable(ctx.response);
      return current(options.index).searchPlaces(input.q, { limit: input.limit });
    }),
    resolve: publicProcedure.input(resolveInputSchema).query(({ input, ctx }) => {
      cacheable(ctx.response);
      return current(options.index).resolve(input.service, input.place, input.lang ?? ctx.locale);
    }),
    authority: publicProcedure.input(authorityInputSchema).query(({ input, ctx }) => {
      const authority = current(options.index).authority(input.id);
      if (!authority) throw jurisdictionError('JURISDICTION_AUTHORITY_NOT_FOUND', { id: input.id });
      cacheable(ctx.response);
      return authority;
    }),
    /** Where the data comes from and when it was imported (for "data as of" notes). */
    datasets: publicProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
      cacheable(ctx.response);
      const rows = await jurisdictionDb(options.db)
        .selectFrom('efa_jurisdiction.dataset')
        .select(['name', 'imported_at', 'rows', 'note'])
        .orderBy('imported_at', 'desc')
        .limit(100)
        .execute();
      return rows.map((row) => ({
        name: row.name,
        importedAt: new Date(row.imported_at).toISOString(),
        rows: row.rows,
        note: row.note,
      }));
    }),
  });
}

export type JurisdictionRouter = ReturnType<typeof createJurisdictionRouter>;
