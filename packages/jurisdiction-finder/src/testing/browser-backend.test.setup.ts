/**
 * vitest globalSetup for the Chromium tests of <efa-jurisdiction-finder>: a real HTTP backend
 * (the jurisdiction router over tRPC) on the real reference data with the Saxon demo
 * authorities, plus the fictional Musterland records that carry full contact details and
 * opening hours. The element is tested against the real server, not a mock.
 */
import { createDatabase, migrate, router } from '@efa-kit/core/server';
import { startBrowserTestBackend } from '@efa-kit/core/testing';
import type { TestProject } from 'vitest/node';
import { catalogue, onlineServices } from '../server/catalogue.js';
import { readReferenceData } from '../server/reference-data.js';
import { createJurisdictionRouter } from '../server/router.js';
import { deriveSaxonAuthorities } from '../server/saxony.js';
import { JurisdictionIndex } from '../server/search-index.js';
import { jurisdictionMigrations } from '../server/storage.js';
import { fixtureData } from './fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the jurisdiction test backend. */
    jurisdictionBackendPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await createDatabase();
  await migrate(db, [jurisdictionMigrations]);
  const reference = await readReferenceData();
  const derived = deriveSaxonAuthorities(reference, catalogue);
  const musterland = fixtureData();
  const inMusterland = (ars: string | null) => ars?.startsWith('99') === true;
  const known = new Set(catalogue.map((s) => s.id));
  const index = new JurisdictionIndex({
    gebiete: [...reference.gebiete, ...musterland.gebiete.filter((g) => inMusterland(g.ars))],
    leistungen: [...catalogue, ...musterland.leistungen.filter((s) => !known.has(s.id))],
    authorities: [...derived.authorities, ...musterland.authorities.filter((a) => inMusterland(a.gebiet))],
    onlineServices: [...onlineServices, ...musterland.onlineServices],
    zustaendigkeiten: [
      ...derived.zustaendigkeiten,
      ...musterland.zustaendigkeiten.filter((z) => inMusterland(z.gebiet)),
    ],
  });
  const backend = await startBrowserTestBackend({
    db,
    router: router({ jurisdiction: createJurisdictionRouter({ db, index }) }),
    methods: 'GET',
  });
  project.provide('jurisdictionBackendPort', backend.port);
  return async () => {
    await backend.close();
    await db.destroy();
  };
}
