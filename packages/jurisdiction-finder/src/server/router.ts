import type { EfaDatabase, EfaProcedureMeta } from '@efa-kit/core/server';
import { publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { z } from 'zod';
import {
  authorityInputSchema,
  organisationseinheitSchema,
  placeHitSchema,
  resolveInputSchema,
  resolveResultSchema,
  schemaMessages,
  searchPlacesInputSchema,
  searchServicesInputSchema,
  serviceHitSchema,
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

/** Where the data comes from (`datasets`), as described in /openapi.json. */
const datasetSchema = z.object({
  name: z.string(),
  importedAt: z.iso.datetime(),
  rows: z.number().int().nonnegative(),
  note: z.string().nullable(),
});

function current(source: IndexSource): JurisdictionIndex {
  return 'current' in source ? source.current : source;
}

/** The caching class of the finder's reads: the same answer for everyone, changed only on import. */
export function jurisdictionCacheMeta(maxAge: number): EfaProcedureMeta {
  return { cache: { scope: 'public', maxAgeSeconds: maxAge, staleWhileRevalidateSeconds: maxAge * 12 } };
}

/**
 * `jurisdiction.*`: every procedure is a query (GET) whose answer depends only on its input and
 * language, never on the session, so each declares a public caching class in its meta. The
 * procedures set no header themselves: the kit's HTTP handler (`createTrpcHttpHandler`) derives
 * Cache-Control from the meta of every call in a request, so a batch that also asks for
 * something personal (`jurisdiction.datasets,account.me`) is answered `private, no-store`.
 */
export function createJurisdictionRouter(options: JurisdictionRouterOptions) {
  registerMessages(schemaMessages);
  const cached = publicProcedure.meta(jurisdictionCacheMeta(options.maxAge ?? 300));
  return router({
    searchServices: cached
      .input(searchServicesInputSchema)
      .output(z.array(serviceHitSchema))
      .query(({ input, ctx }) => {
        return current(options.index).searchServices(input.q, {
          limit: input.limit,
          lang: input.lang ?? ctx.locale,
        });
      }),
    searchPlaces: cached
      .input(searchPlacesInputSchema)
      .output(z.array(placeHitSchema))
      .query(({ input }) => {
        return current(options.index).searchPlaces(input.q, { limit: input.limit });
      }),
    resolve: cached
      .input(resolveInputSchema)
      .output(resolveResultSchema)
      .query(({ input, ctx }) => {
        return current(options.index).resolve(input.service, input.place, input.lang ?? ctx.locale);
      }),
    authority: cached
      .input(authorityInputSchema)
      .output(organisationseinheitSchema)
      .query(({ input }) => {
        const authority = current(options.index).authority(input.id);
        if (!authority) throw jurisdictionError('JURISDICTION_AUTHORITY_NOT_FOUND', { id: input.id });
        return authority;
      }),
    /** Where the data comes from and when it was imported (for "data as of" notes). */
    datasets: cached
      .input(z.object({}).optional())
      .output(z.array(datasetSchema))
      .query(async () => {
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
