// A server for the HTTP benchmark, started as a child process so it does not share an event
// loop with the load generator. `hello`: a bare node:http hello-world. `resolve`: the
// jurisdiction fast path in front of the router on tRPC's standalone HTTP adapter with the
// kit's context factory; `resolve-trpc`: tRPC only; `resolve-nocache`: fast path without its answer cache. All-Germany data. Prints the port.
import { createServer } from 'node:http';
import { createContextFactory, createDatabase, migrate, router } from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import {
  createJurisdictionFastPath,
  createJurisdictionRouter,
  jurisdictionMigrations,
  LiveIndex,
  seedReferenceData,
} from '../dist/server/index.js';

const kind = process.argv[2];
let handler;
if (kind === 'hello') {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  };
} else {
  const db = await createDatabase();
  await migrate(db, [jurisdictionMigrations]);
  await seedReferenceData(db);
  const index = await LiveIndex.load(db);
  const appRouter = router({ jurisdiction: createJurisdictionRouter({ db, index }) });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createContextFactory({ db, publicOrigin: 'http://127.0.0.1' }),
  });
  // As a portal composes it: the fast path for cacheable reads, tRPC for everything else.
  const fastPath = createJurisdictionFastPath({
    index,
    cacheEntries: kind === 'resolve-nocache' ? 0 : 10_000,
  });
  handler = kind === 'resolve-trpc' ? trpc : (req, res) => fastPath(req, res) || trpc(req, res);
}
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
