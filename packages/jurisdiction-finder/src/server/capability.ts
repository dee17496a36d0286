import { type EfaCapability, type EfaDatabase, migrate } from '@efa-kit/core/server';
import { createJurisdictionFastPath } from './http-fast-path.js';
import { LiveIndex } from './live-index.js';
import { createJurisdictionRouter } from './router.js';
import { jurisdictionMigrations, seedReferenceData } from './storage.js';

export interface JurisdictionCapabilityOptions {
  db: EfaDatabase;
  /**
   * Seed the packaged reference data (all German areas and postcodes, the curated catalogue,
   * the Saxon demo authorities) into an empty database (default true). Operators add their
   * own authorities with `efa-jurisdiction import`.
   */
  seed?: boolean;
  /** How often each server reloads the index after imports elsewhere (default one minute). */
  refreshEveryMs?: number;
  log?: (message: string) => void;
}

export interface JurisdictionCapability extends EfaCapability {
  /** The in-memory index the router answers from, for the portal's ports (who is responsible). */
  readonly index: LiveIndex;
}

/**
 * `jurisdiction.*` from an in-memory index loaded from the database, with the fast path that
 * answers single cacheable reads without the tRPC adapter, and a job that reloads the index
 * when another process imported data.
 */
export async function createJurisdictionCapability(
  options: JurisdictionCapabilityOptions,
): Promise<JurisdictionCapability> {
  const { db } = options;
  const log = options.log ?? (() => undefined);
  await migrate(db, [jurisdictionMigrations]);
  if (options.seed !== false) {
    const seeded = await seedReferenceData(db);
    if (seeded.seeded) log(`jurisdiction: reference data seeded (${seeded.rows} records)`);
  }
  const index = await LiveIndex.load(db);
  log(
    `jurisdiction: ${index.current.counts.gebiete} areas, ${index.current.counts.zustaendigkeiten} rules in memory`,
  );
  const fastPath = createJurisdictionFastPath({ index });
  return {
    name: 'jurisdiction',
    migrations: [jurisdictionMigrations],
    routers: { jurisdiction: createJurisdictionRouter({ db, index }) },
    // Offered /trpc/jurisdiction.* first: cacheable GET reads are answered here, the rest passes.
    routes: async (req, res) => fastPath(req, res),
    jobs: [
      {
        name: 'jurisdiction.refresh',
        everyMs: options.refreshEveryMs ?? 60_000,
        run: async () => {
          if (await index.refreshIfChanged()) log('jurisdiction: index reloaded after an import');
        },
      },
    ],
    index,
    async stop() {},
  };
}
