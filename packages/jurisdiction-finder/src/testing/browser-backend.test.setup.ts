/**
 * vitest globalSetup for the Chromium tests of <efa-jurisdiction-finder>: a real HTTP backend
 * (the jurisdiction router over tRPC) on the real reference data with the Saxon demo
 * authorities, plus the fictional Musterland records that carry full contact details and
 * opening hours. The element is tested against the real server, not a mock.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContextFactory, createDatabase, migrate, router } from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
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
  let port = 0;
  const appRouter = router({ jurisdiction: createJurisdictionRouter({ db, index }) });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: (options) =>
      createContextFactory({ db, publicOrigin: `http://localhost:${port}` })(options),
  });
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'access-control-allow-methods': 'GET',
          'access-control-allow-headers': 'accept-language',
        })
        .end();
      return;
    }
    trpc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  project.provide('jurisdictionBackendPort', port);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.destroy();
  };
}
