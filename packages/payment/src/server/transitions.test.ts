import { randomBytes, randomUUID } from 'node:crypto';
import type { EfaDatabase } from '@efa-kit/core/server';
import { migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PaymentStatus, type ProviderStatus, providerStatuses } from '../schema/index.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import { paymentOwnerHash } from './owner.js';
import type { PaymentProvider, ProviderTransaction } from './provider.js';
import { createPaymentService } from './service.js';
import { allowedTransitions, nextStatus } from './state.js';
import { type PaymentTables, paymentMigrations } from './storage.js';

/** The owner every payment of this file belongs to (a browser capability's hash). */
const owner = paymentOwnerHash('browser', 'a'.repeat(43));

/**
 * Property test of the stored state machine: arbitrary sequences of provider answers (and our
 * own expiry) applied through the service, against the pure model. The provider here is a
 * scripted test double, because a real provider cannot be made to answer an arbitrary, even
 * nonsensical, sequence of statuses; the real one is exercised in service.test.ts.
 */
function scriptedProvider() {
  const answers = new Map<string, ProviderStatus>();
  const totals = new Map<string, number>();
  const tx = (requestId: string): ProviderTransaction => ({
    transactionId: `tx-${requestId}`,
    status: answers.get(requestId) ?? 'INITIAL',
    redirectUrl:
      (answers.get(requestId) ?? 'INITIAL') === 'INITIAL' ? `https://pay.example/${requestId}` : null,
    reference: null,
    method: null,
    statusDetail: null,
    paidAt: null,
    totalCents: totals.get(requestId) ?? 0,
  });
  const provider: PaymentProvider = {
    id: 'scripted',
    canRefund: false,
    async create(request) {
      totals.set(request.requestId, request.totalCents);
      return tx(request.requestId);
    },
    async status({ requestId }) {
      return totals.has(requestId) ? tx(requestId) : null;
    },
    async health() {
      return true;
    },
  };
  return { provider, answer: (requestId: string, status: ProviderStatus) => answers.set(requestId, status) };
}

type Step = { kind: 'provider'; status: ProviderStatus } | { kind: 'expireCheck' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...providerStatuses).map((status) => ({ kind: 'provider', status }) as const),
  fc.constant({ kind: 'expireCheck' } as const),
);

describe.each(testDatabases(inject('efaPostgresUrl')))(
  'stored state machine on $name (property)',
  (driver) => {
    let db: EfaDatabase;

    beforeAll(async () => {
      if (!driver.available) return;
      db = await driver.open();
      await migrate(db, [paymentMigrations]);
    });
    afterAll(async () => {
      await db?.destroy();
    });

    it.skipIf(!driver.available)(
      'stored status and transition log follow the model for any answer sequence',
      async () => {
        const fees = defineFeeSchedules(exampleFeeSchedules);
        const script = scriptedProvider();
        const returnUrl = (id: string) => `https://portal.example/payment/return/${id}`;
        const service = createPaymentService({ db, provider: script.provider, fees, returnUrl });
        // The same records seen by a process that has already waited past the expiry time.
        const impatient = createPaymentService({
          db,
          provider: script.provider,
          fees,
          returnUrl,
          expireAfterMs: -1,
        });
        const tables = db.withTables<PaymentTables>();
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
            const created = await service.create({
              serviceId: '99102013104000',
              answers: { dogs: 1 },
              idempotencyKey: randomBytes(12).toString('hex'),
              expectedTotalCents: 2000,
              returnPath: '/',
              owner,
            });
            let model: PaymentStatus = 'pending';
            expect(created.status).toBe(model);
            let last: ProviderStatus = 'INITIAL';
            for (const s of steps) {
              if (s.kind === 'provider') {
                last = s.status;
                script.answer(created.id, s.status);
                await service.refresh(created.id, 'property');
                model = nextStatus(model, { type: 'provider', status: s.status });
              } else {
                await impatient.refresh(created.id, 'property');
                model = nextStatus(model, { type: 'provider', status: last });
                if (last === 'INITIAL') model = nextStatus(model, { type: 'expire' });
              }
              const row = await tables
                .selectFrom('efa_payment.payment')
                .select(['status', 'version'])
                .where('id', '=', created.id)
                .executeTakeFirstOrThrow();
              expect(row.status).toBe(model);
            }
            const log = await tables
              .selectFrom('efa_payment.transition')
              .selectAll()
              .where('payment_id', '=', created.id)
              .orderBy('version')
              .execute();
            const row = await tables
              .selectFrom('efa_payment.payment')
              .select('version')
              .where('id', '=', created.id)
              .executeTakeFirstOrThrow();
            expect(log.map((t) => t.version)).toEqual(Array.from({ length: row.version + 1 }, (_, i) => i));
            expect(log[0]).toMatchObject({ from_status: 'created', to_status: 'created' });
            for (let i = 1; i < log.length; i++) {
              const before = log[i - 1];
              const entry = log[i];
              if (!before || !entry) throw new Error('gap');
              expect(entry.from_status).toBe(before.to_status);
              expect(allowedTransitions[entry.from_status]).toContain(entry.to_status);
            }
            expect(log.at(-1)?.to_status).toBe(model);
          }),
          { numRuns: 25 },
        );
      },
    );

    it.skipIf(!driver.available)(
      'concurrent applications of the same answer log the change once',
      async () => {
        const script = scriptedProvider();
        const service = createPaymentService({
          db,
          provider: script.provider,
          fees: defineFeeSchedules(exampleFeeSchedules),
          returnUrl: () => `https://portal.example/r/${randomUUID()}`,
        });
        const created = await service.create({
          serviceId: '99102013104000',
          answers: { dogs: 1 },
          idempotencyKey: randomBytes(12).toString('hex'),
          expectedTotalCents: 2000,
          returnPath: '/',
          owner,
        });
        script.answer(created.id, 'PAYED');
        await Promise.all(Array.from({ length: 20 }, () => service.refresh(created.id, 'race')));
        const log = await db
          .withTables<PaymentTables>()
          .selectFrom('efa_payment.transition')
          .select(['from_status', 'to_status'])
          .where('payment_id', '=', created.id)
          .orderBy('version')
          .execute();
        expect(log.map((t) => `${t.from_status}>${t.to_status}`)).toEqual([
          'created>created',
          'created>pending',
          'pending>paid',
        ]);
      },
    );
  },
);
