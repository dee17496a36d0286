import {
  createJurisdictionFastPath,
  createJurisdictionRouter,
  jurisdictionMigrations,
  LiveIndex,
  seedReferenceData,
} from '@efa-kit/jurisdiction-finder/server';
import type { CapabilityModule } from '../capability.js';
import { jurisdictionPage, jurisdictionStartSection } from '../pages/jurisdiction.js';
import { jurisdictionPorts } from './jurisdiction-ports.js';

/**
 * The jurisdiction finder on the packaged reference data (all German areas and postcodes, the
 * curated catalogue, the Saxon demo authorities), seeded into the portal's database on first
 * start; operators add their own authorities with `efa-jurisdiction import`. Each portal
 * process answers from an in-memory index loaded from the database.
 */
export const jurisdictionCapability: CapabilityModule = {
  name: 'jurisdiction',
  migrations: [jurisdictionMigrations],
  async create({ db, log }) {
    const seeded = await seedReferenceData(db);
    if (seeded.seeded) log(`jurisdiction: reference data seeded (${seeded.rows} records)`);
    const index = await LiveIndex.load(db);
    log(
      `jurisdiction: ${index.current.counts.gebiete} areas, ${index.current.counts.zustaendigkeiten} rules in memory`,
    );
    // Imports by another process (the CLI, another app server) show up within a minute.
    const stopWatching = index.watch(60_000, (error) =>
      log(`jurisdiction: refresh failed: ${String(error)}`),
    );
    const fastPath = createJurisdictionFastPath({ index });
    return {
      namespace: 'jurisdiction',
      router: createJurisdictionRouter({ db, index }),
      // Cacheable GET reads of /trpc/jurisdiction.*, answered without the tRPC adapter when the
      // portal offers /trpc requests to capabilities first; everything else goes to the router.
      handle: async (req, res) => fastPath(req, res),
      pages: [jurisdictionPage],
      startSection: jurisdictionStartSection,
      ports: jurisdictionPorts(index),
      async stop() {
        stopWatching();
      },
    };
  },
};
