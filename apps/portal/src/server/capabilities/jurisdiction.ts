import { createJurisdictionCapability, jurisdictionMigrations } from '@efa-kit/jurisdiction-finder/server';
import type { CapabilityModule } from '../capability.js';
import { jurisdictionPage, jurisdictionStartSection } from '../pages/jurisdiction.js';
import { jurisdictionPorts } from './jurisdiction-ports.js';

/**
 * The jurisdiction finder on the packaged reference data, seeded into the portal's database on
 * first start (the package's capability); operators add their own authorities with
 * `efa-jurisdiction import`. Each portal process answers from an in-memory index, reloaded
 * within a minute of an import by another process.
 */
export const jurisdictionCapability: CapabilityModule = {
  name: 'jurisdiction',
  migrations: [jurisdictionMigrations],
  async create({ db, log }) {
    const jurisdiction = await createJurisdictionCapability({ db, log });
    return {
      capability: jurisdiction,
      pages: [jurisdictionPage],
      startSection: jurisdictionStartSection,
      ports: jurisdictionPorts(jurisdiction.index),
    };
  },
};
