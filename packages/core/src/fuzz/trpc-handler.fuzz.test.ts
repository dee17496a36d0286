import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EfaError } from '../errors.js';
import { createContextFactory, type EfaDatabase } from '../server/context.js';
import { createDatabase } from '../server/database.js';
import { publicProcedure, router } from '../server/trpc.js';
import { fuzzProperty, fuzzRuns, fuzzTimeout } from '../testing/fuzz.js';
import { answerProblem, startTrpcFuzzServer, type TrpcFuzzServer } from '../testing/trpc-fuzz.js';

// Issue 17: arbitrary JSON, raw text, deep nesting and unknown paths through the kit's HTTP
// handler. Every answer must be a success or a coded refusal; never a 5xx or an INTERNAL.

const appRouter = router({
  echo: publicProcedure.input(z.unknown()).query(({ input }) => input),
  add: publicProcedure
    .input(z.object({ a: z.number().int(), b: z.number().int(), note: z.string().max(50).optional() }))
    .mutation(({ input }) => input.a + input.b),
  lookup: publicProcedure.input(z.object({ id: z.string().max(20) })).query(({ input }) => {
    if (input.id === 'missing') {
      throw new EfaError('TEST_NOT_FOUND', 'NOT_FOUND', { de: 'Nicht gefunden.', en: 'Not found.' });
    }
    return { id: input.id };
  }),
});

let db: EfaDatabase;
let server: TrpcFuzzServer;

beforeAll(async () => {
  db = await createDatabase();
  server = await startTrpcFuzzServer({
    router: appRouter,
    createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
    publicOrigin: 'http://portal.test',
    maxJsonDepth: 16,
  });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const input = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((value) => ({ value })),
  fc.record({ a: fc.anything(), b: fc.anything(), note: fc.anything() }).map((value) => ({ value })),
  fc.record({ id: fc.oneof(fc.string(), fc.constant('missing'), fc.integer()) }).map((value) => ({ value })),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
  fc.integer({ min: 1, max: 200 }).map((depth) => ({ raw: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
);

describe('fuzz: tRPC HTTP handler (issue 17)', () => {
  it(
    'any input to any procedure (and unknown paths) is answered with a result or a coded error',
    async () => {
      await fuzzProperty(
        'core',
        'tRPC handler arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.oneof(
                fc.constantFrom(...server.procedures),
                fc.record({
                  path: fc.string({ maxLength: 30 }),
                  type: fc.constantFrom('query' as const, 'mutation' as const),
                }),
              ),
              input,
              async (procedure, value) => {
                const answer = await server.call(procedure, value);
                expect(answerProblem(answer), JSON.stringify({ procedure, value })).toBeUndefined();
              },
            ),
            { numRuns: runs },
          ),
        // Each run is an HTTP round trip: a smaller short run keeps `vitest run` within seconds.
        fuzzRuns(100),
      );
    },
    fuzzTimeout(60_000),
  );
});
