import { randomUUID } from 'node:crypto';
import { createContextFactory, type EfaRequest, router } from '@efa-kit/core/server';
import {
  answerProblem,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  startTrpcFuzzServer,
  type TrpcFuzzServer,
  withinBudgetAsync,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dog,
  exportToken,
  sessions,
  startTestPortal,
  type TestPortal,
} from '../server/http-harness.test.support.js';
import { createPaymentRouter } from '../server/router.js';

// Issue 17: `payment.*` behind the kit's HTTP handler, and the provider's return route and the
// cash office's CSV export on the test portal, fed arbitrary and near-real input by citizens,
// the cash office and strangers: every answer a result or a coded refusal (tRPC), or a 3xx/4xx
// (the plain routes), never a 5xx, an uncoded error or a hang.

let portal: TestPortal;
let server: TrpcFuzzServer;
const publicOrigin = 'http://portal.test';

beforeAll(async () => {
  portal = await startTestPortal();
  server = await startTrpcFuzzServer({
    router: router({ payment: createPaymentRouter({ service: portal.service }) }),
    createContext: createContextFactory({
      db: portal.db,
      publicOrigin,
      resolveSession: async (request: EfaRequest) =>
        sessions[String(request.headers['x-test-session'])] ?? null,
    }),
    publicOrigin,
  });
  // Generous: on a busy machine a database and its migrations can take minutes to start.
}, 300_000);

afterAll(async () => {
  await server?.close();
  await portal?.close();
});

const uuid = fc.oneof(fc.uuid(), fc.constant(randomUUID()), fc.string({ maxLength: 40 }));
/** Mostly the valid value, so that runs reach the service and the provider, not only zod. */
function mostly<T>(valid: fc.Arbitrary<T>, junk: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junk, weight: 1 });
}
const answers = fc.oneof(
  {
    arbitrary: fc.constantFrom({ dogs: 1 }, { dogs: 2, dangerous: true }, { dogs: 1, socialPass: true }),
    weight: 2,
  },
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('dogs', 'dangerous', 'socialPass', 'assistanceDog'),
      fc.string({ maxLength: 70 }),
    ),
    fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.double(), fc.boolean(), fc.string({ maxLength: 210 })),
    { maxKeys: 8 },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const serviceId = mostly(
  fc.constant(dog),
  fc.oneof(fc.constantFrom(`${dog}.x`, `${dog}:a-b`, '99102013104001', ''), fc.string({ maxLength: 70 })),
);
const realish = fc.record(
  {
    serviceId,
    answers,
    idempotencyKey: mostly(fc.stringMatching(/^[\w-]{16,64}$/), fc.string({ maxLength: 70 })),
    expectedTotalCents: mostly(fc.constantFrom(0, 2000, 4000), fc.oneof(fc.integer(), fc.double())),
    returnPath: mostly(
      fc.constantFrom('/', '/hund', '/hund?x=1#y'),
      fc.oneof(
        fc.constantFrom('//evil.example', 'https://evil.example/', '/\\evil', '/%2F%2Fx', ''),
        fc.string({ maxLength: 100 }),
      ),
    ),
    retryOf: uuid,
    applicationId: uuid,
    id: uuid,
    from: fc.oneof(fc.constantFrom('2026-01-01', '2026-12-31', '2026-02-30'), fc.string({ maxLength: 12 })),
    to: fc.oneof(fc.constantFrom('2026-12-31', '2025-01-01'), fc.string({ maxLength: 12 })),
    statuses: fc.array(
      fc.oneof(fc.constantFrom('paid', 'pending', 'failed', 'cancelled', 'expired'), fc.string()),
      { maxLength: 9 },
    ),
  },
  { requiredKeys: [] },
);
/** A create the service accepts (one dog, 20 €), with an optional application id. */
const validCreate = fc.record(
  {
    serviceId: fc.constant(dog),
    answers: fc.constant({ dogs: 1 }),
    idempotencyKey: fc.stringMatching(/^[\w-]{16,64}$/),
    expectedTotalCents: fc.constant(2000),
    returnPath: fc.constantFrom('/', '/hund', '/hund?x=1#y'),
    applicationId: fc.uuid(),
  },
  { requiredKeys: ['serviceId', 'answers', 'idempotencyKey', 'expectedTotalCents'] },
);
const session = fc.constantFrom(undefined, 'citizen', 'neighbour', 'cashier');
/** The payment owner capability: absent, well-formed but unknown, or junk. */
const ownerCookie = fc.oneof(
  fc.constant(undefined),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.string({ maxLength: 60 }).filter((s) => !/[;\r\n]/.test(s)),
);

function headersOf(who: string | undefined, owner: string | undefined): Record<string, string> {
  return {
    ...(who ? { 'x-test-session': who } : {}),
    ...(owner !== undefined ? { cookie: `efa_csrf=${'f'.repeat(32)}; efa_payment_owner=${owner}` } : {}),
  };
}

describe('fuzz: payment router and routes over HTTP (issue 17)', () => {
  it(
    'arbitrary and near-real input to every procedure, as anyone: a result or a coded error',
    async () => {
      const accepted = new Set<string>();
      await fuzzProperty(
        'payment',
        'tRPC router arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...server.procedures),
              fc.oneof(
                realish.map((value) => ({ value })),
                validCreate.map((value) => ({ value })),
                fc.jsonValue({ maxDepth: 4 }).map((value) => ({ value })),
                fc.string({ maxLength: 100 }).map((raw) => ({ raw })),
              ),
              session,
              ownerCookie,
              async (procedure, input, who, owner) => {
                const answer = await server.call(procedure, input, headersOf(who, owner));
                expect(answerProblem(answer), JSON.stringify({ procedure, input, who })).toBeUndefined();
                if (answer.status === 200) accepted.add(procedure.path);
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
      // The near-real inputs get past validation: quotes and payments were made, not only refused.
      expect([...accepted]).toEqual(expect.arrayContaining(['payment.quote', 'payment.create']));
    },
    fuzzTimeout(60_000),
  );

  it(
    'the return route and the CSV export: any path, method, query and credentials get a 3xx or 4xx',
    async () => {
      const paymentId = fc.oneof(fc.uuid(), fc.string({ maxLength: 50 }));
      const query = fc.dictionary(
        fc.constantFrom('from', 'to', 'status', 'payment', 'amount', 'x'),
        fc.oneof(fc.constantFrom('2026-01-01', '2026-12-31', 'paid', 'bogus'), fc.string({ maxLength: 30 })),
        { maxKeys: 4 },
      );
      const request = fc.oneof(
        fc.record({
          path: paymentId.map((id) => `/payment/return/${encodeURIComponent(id)}`),
          method: fc.constantFrom('GET', 'POST', 'HEAD'),
          query,
          authorization: fc.constant(undefined),
        }),
        fc.record({
          path: fc.constant('/payment/export.csv'),
          method: fc.constantFrom('GET', 'HEAD'),
          query,
          authorization: fc.oneof(
            fc.constant(`Bearer ${exportToken}`),
            fc.constant(undefined),
            fc.string({ maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)),
          ),
        }),
      );
      await fuzzProperty(
        'payment',
        'return route + CSV export arbitrary requests',
        (runs) =>
          fc.assert(
            fc.asyncProperty(request, session, ownerCookie, async (call, who, owner) => {
              const url = new URL(call.path, portal.base);
              for (const [name, value] of Object.entries(call.query)) url.searchParams.append(name, value);
              const headers = headersOf(who, owner);
              if (call.authorization !== undefined) headers.authorization = call.authorization;
              const response = await withinBudgetAsync(async () => {
                const answer = await fetch(url, { method: call.method, headers, redirect: 'manual' });
                return { status: answer.status, text: await answer.text() };
              });
              expect(response.status, `${call.method} ${url} → ${response.text}`).toBeGreaterThanOrEqual(200);
              expect(response.status, `${call.method} ${url} → ${response.text}`).toBeLessThan(500);
            }),
            { numRuns: runs },
          ),
        fuzzRuns(100),
      );
    },
    fuzzTimeout(60_000),
  );
});
