import {
  createContextFactory,
  createDatabase,
  type EfaDatabase,
  migrate,
  router,
} from '@efa-kit/core/server';
import {
  answerProblem,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  startTrpcFuzzServer,
  type TrpcFuzzServer,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveIndex } from '../server/live-index.js';
import { createJurisdictionRouter } from '../server/router.js';
import { jurisdictionDb, jurisdictionMigrations, recordDataset, writeData } from '../server/storage.js';
import { fixtureData } from '../testing/fixtures.js';

// Issue 17: the finder's public router behind the kit's HTTP handler, fed arbitrary JSON and
// mutations of real inputs: every answer a result or a coded error, never a 5xx or INTERNAL.

let db: EfaDatabase;
let server: TrpcFuzzServer;

beforeAll(async () => {
  db = await createDatabase();
  await migrate(db, [jurisdictionMigrations]);
  await jurisdictionDb(db)
    .transaction()
    .execute(async (trx) => {
      const rows = await writeData(trx, fixtureData());
      await recordDataset(trx, 'fixture', rows, 'fictional Musterland');
    });
  const index = await LiveIndex.load(db);
  server = await startTrpcFuzzServer({
    router: router({ jurisdiction: createJurisdictionRouter({ db, index, maxAge: 60 }) }),
    createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
    publicOrigin: 'http://portal.test',
  });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('Hund', 'Musterstadt', '01067', '99102013104000', '146120000000', ''),
  fc.string({ maxLength: 2_000 }),
);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const realish = fc.dictionary(
  fc.constantFrom(
    'query',
    'text',
    'place',
    'service',
    'serviceKey',
    'ars',
    'postcode',
    'id',
    'limit',
    'locale',
    'lat',
    'lon',
  ),
  value,
  { maxKeys: 5 },
);

describe('fuzz: jurisdiction router over HTTP (issue 17)', () => {
  it(
    'arbitrary JSON, raw text and near-real inputs to every procedure: a result or a coded error',
    async () => {
      await fuzzProperty(
        'jurisdiction-finder',
        'tRPC router arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...server.procedures),
              fc.oneof(
                realish.map((v) => ({ value: v })),
                fc.jsonValue({ maxDepth: 5 }).map((v) => ({ value: v })),
                fc.string({ maxLength: 100 }).map((raw) => ({ raw })),
              ),
              fc.constantFrom('de', 'en', 'fr', '*', 'de-DE;q=0.9, en;q=0.1'),
              async (procedure, input, lang) => {
                const answer = await server.call(procedure, input, { 'accept-language': lang });
                expect(answerProblem(answer), JSON.stringify({ procedure, input })).toBeUndefined();
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(100),
      );
    },
    fuzzTimeout(60_000),
  );
});
