import { randomBytes, randomUUID } from 'node:crypto';
import type { EfaDatabase } from '@efa-kit/core/server';
import { migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { payAtCheckout } from '../testing/checkout-client.js';
import { type PaymentSimulator, startPaymentSimulator, testCards } from '../testing/simulator.js';
import {
  fitConnectPaymentMethod,
  fitConnectPaymentMethods,
  fitConnectTransactionIdPattern,
  toPaidFee,
} from './application-payments.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import { paymentOwnerHash } from './owner.js';
import { createPaymentService, type PaymentService } from './service.js';
import { type PaymentRow, type PaymentTables, paymentMigrations } from './storage.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

const dog = '99102013104000';
const fees = defineFeeSchedules(exampleFeeSchedules);
const key = () => randomBytes(12).toString('hex');

/** FIT-Connect `paymentInformation` as the submission will fill it from a PaidFee. */
function expectValidForFitConnect(fee: { transactionId: string; paymentMethod: string; paidAt: string }) {
  expect(fee.transactionId).toMatch(fitConnectTransactionIdPattern);
  expect(fee.transactionId.length).toBeLessThanOrEqual(36);
  expect(fitConnectPaymentMethods).toContain(fee.paymentMethod);
  expect(new Date(fee.paidAt).toISOString()).toBe(fee.paidAt);
}

describe('PaidFee mapping', () => {
  const row = (patch: Partial<PaymentRow>): PaymentRow => ({
    id: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
    owner_hash: 'a'.repeat(64),
    idempotency_key: 'k'.repeat(16),
    request_hash: 'h',
    service_id: dog,
    kassenzeichen: '510000000016',
    status: 'paid',
    version: 2,
    total_cents: 2000,
    items: [],
    purpose: '510000000016 Hund anmelden',
    return_path: '/',
    retry_of: null,
    application_id: randomUUID(),
    subject: 'bpk-1',
    provider: 'xbezahldienste',
    provider_transaction_id: '0d5c3a9e-1111-4222-8333-444455556666',
    provider_reference: null,
    provider_redirect_url: null,
    provider_status: 'PAYED',
    provider_method: 'PAYPAL',
    status_detail: null,
    submit_claimed_at: null,
    created_at: new Date('2026-11-23T09:00:00Z'),
    updated_at: new Date('2026-11-23T09:05:00Z'),
    paid_at: new Date('2026-11-23T09:04:00Z'),
    checked_at: null,
    ...patch,
  });

  it('maps Kassenzeichen, provider transaction id, method, amount and time', () => {
    const fee = toPaidFee(row({}));
    expect(fee).toEqual({
      paymentId: '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
      transactionReference: '510000000016',
      transactionId: '0d5c3a9e-1111-4222-8333-444455556666',
      paymentMethod: 'PAYPAL',
      grossCents: 2000,
      paidAt: '2026-11-23T09:04:00.000Z',
    });
    expectValidForFitConnect(fee);
  });

  it('replaces a provider id FIT-Connect cannot carry (too long, other characters) by the payment id', () => {
    for (const providerId of ['T'.repeat(37), 'ePayBL/2026/000123', 'id with spaces', null]) {
      const fee = toPaidFee(row({ provider_transaction_id: providerId }));
      expect(fee.transactionId).toBe('6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f');
      expectValidForFitConnect(fee);
    }
    expect(toPaidFee(row({ provider_transaction_id: 'A_b-9'.repeat(7) })).transactionId).toBe(
      'A_b-9'.repeat(7),
    );
  });

  it('maps XBezahldienste method codes onto FIT-Connect’s list; anything else is OTHER', () => {
    expect(fitConnectPaymentMethod('CREDITCARD')).toBe('CREDITCARD');
    expect(fitConnectPaymentMethod('GIROPAY')).toBe('GIROPAY');
    expect(fitConnectPaymentMethod('PAYDIRECT')).toBe('PAYDIRECT');
    expect(fitConnectPaymentMethod('paypal')).toBe('PAYPAL');
    expect(fitConnectPaymentMethod('OTHER')).toBe('OTHER');
    expect(fitConnectPaymentMethod('SEPA_DIRECT_DEBIT')).toBe('OTHER');
    expect(fitConnectPaymentMethod(null)).toBe('OTHER');
  });

  it('refuses to map a payment that is not paid', () => {
    for (const status of ['pending', 'failed', 'refunded'] as const) {
      expect(() => toPaidFee(row({ status }))).toThrow(RangeError);
    }
  });
});

describe.each(testDatabases(inject('efaPostgresUrl')))(
  'payments bound to an application on $name',
  (driver) => {
    let db: EfaDatabase;
    let sim: PaymentSimulator;
    let service: PaymentService;

    const erika = 'bpk-erika';
    const owner = paymentOwnerHash('subject', erika);

    const create = (
      applicationId: string | undefined,
      answers: Record<string, number | boolean> = { dogs: 1 },
      extra: Partial<Parameters<PaymentService['create']>[0]> = {},
    ) =>
      service.create({
        serviceId: dog,
        answers,
        idempotencyKey: key(),
        expectedTotalCents: fees.compute(dog, answers).totalCents,
        returnPath: '/antrag/hund-anmelden',
        subject: erika,
        owner,
        applicationId,
        ...extra,
      });

    const stored = (id: string) =>
      db
        .withTables<PaymentTables>()
        .selectFrom('efa_payment.payment')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    const pay = async (redirectUrl: string | null) => {
      const result = await payAtCheckout(redirectUrl ?? '', {
        method: 'card',
        cardNumber: testCards.success,
      });
      expect(result.location).toBeTruthy();
    };

    const check = (
      applicationId: string,
      answers: Record<string, number | boolean> = { dogs: 1 },
      subject = erika,
    ) => service.paidFeeFor({ subject, applicationId, serviceId: dog, answers });

    beforeAll(async () => {
      if (!driver.available) return;
      db = await driver.open();
      await migrate(db, [paymentMigrations]);
      sim = await startPaymentSimulator({
        clients: [{ clientId: 'portal', clientSecret: 'portal-secret-1' }],
      });
      service = createPaymentService({
        db,
        provider: createXBezahldiensteProvider({
          baseUrl: sim.url,
          originatorId: 'hund-anmelden',
          endPointId: '14628230',
          auth: {
            type: 'oauth2-client-credentials',
            tokenUrl: sim.tokenUrl,
            clientId: 'portal',
            clientSecret: 'portal-secret-1',
          },
          timeoutMs: 60_000,
        }),
        fees,
        returnUrl: (id) => `http://portal.test/payment/return/${id}`,
        duplicateWaitMs: 60_000,
      });
    });

    afterAll(async () => {
      await sim?.close();
      await db?.destroy();
    });

    it.skipIf(!driver.available)(
      'binds the payment to the application; while it is open a second create resumes it, once paid returns it: one charge',
      async () => {
        const applicationId = randomUUID();
        const first = await create(applicationId);
        expect(first).toMatchObject({ status: 'pending', applicationId });
        expect((await stored(first.id)).application_id).toBe(applicationId);
        const before = sim.createdCount;
        // Another tab, another attempt key, the same fee: the same checkout, not a second one.
        const again = await create(applicationId);
        expect(again).toMatchObject({ id: first.id, status: 'pending', redirectUrl: first.redirectUrl });
        expect(sim.createdCount).toBe(before);
        await pay(first.redirectUrl);
        // Never came back to the portal; the next create asks the provider and finds it paid.
        const afterPaying = await create(applicationId);
        expect(afterPaying).toMatchObject({ id: first.id, status: 'paid', method: 'CREDITCARD' });
        expect(await create(applicationId, { dogs: 1, socialPass: false })).toMatchObject({ id: first.id });
        expect(sim.createdCount).toBe(before);
        // A payment without an application stays what it was: each create is a new payment.
        const unbound = await create(undefined);
        expect(unbound.id).not.toBe(first.id);
        expect(unbound.applicationId).toBeUndefined();
        expect((await stored(unbound.id)).application_id).toBeNull();
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      'a repeated attempt key replays its payment; the key reused for another application is a conflict',
      async () => {
        const applicationId = randomUUID();
        const idempotencyKey = key();
        const first = await create(applicationId, { dogs: 1 }, { idempotencyKey });
        expect((await create(applicationId, { dogs: 1 }, { idempotencyKey })).id).toBe(first.id);
        await expect(create(randomUUID(), { dogs: 1 }, { idempotencyKey })).rejects.toMatchObject({
          code: 'PAYMENT_IDEMPOTENCY_CONFLICT',
        });
      },
    );

    it.skipIf(!driver.available)(
      'a failed or cancelled attempt may be retried for the application; the retry is what counts at submit',
      async () => {
        const applicationId = randomUUID();
        const failed = await create(applicationId);
        await payAtCheckout(failed.redirectUrl ?? '', { method: 'card', cardNumber: testCards.declined });
        await expect(check(applicationId)).rejects.toMatchObject({
          code: 'PAYMENT_NOT_COMPLETED',
          details: { status: 'failed' },
        });
        const retry = await create(applicationId, { dogs: 1 }, { retryOf: failed.id });
        expect(retry.id).not.toBe(failed.id);
        await payAtCheckout(retry.redirectUrl ?? '', { method: 'cancel' });
        const cancelledError = await check(applicationId).catch((error: unknown) => error);
        expect(cancelledError).toMatchObject({
          code: 'PAYMENT_NOT_COMPLETED',
          details: { status: 'cancelled' },
        });
        expect((cancelledError as { messages: { de: string } }).messages.de).toContain('abgebrochen');
        // A plain create (no retryOf) for the application after an ended attempt starts anew too.
        const third = await create(applicationId);
        expect([failed.id, retry.id]).not.toContain(third.id);
        await payAtCheckout(third.redirectUrl ?? '', { method: 'paypal' });
        const fee = await check(applicationId);
        expect(fee).toMatchObject({ paymentId: third.id, paymentMethod: 'PAYPAL', grossCents: 2000 });
        expectValidForFitConnect(fee ?? { transactionId: '', paymentMethod: '', paidAt: '' });
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      'paidFeeFor: no payment, or one for another application, is PAYMENT_REQUIRED with a German and an English text',
      async () => {
        const none = await check(randomUUID()).catch((error: unknown) => error);
        expect(none).toMatchObject({ code: 'PAYMENT_REQUIRED', status: 'PRECONDITION_FAILED' });
        expect((none as { messages: { de: string; en: string } }).messages).toEqual({
          de: expect.stringContaining('Bitte bezahlen Sie zuerst die Gebühr'),
          en: expect.stringContaining('Please pay the fee first'),
        });
        const paidFor = randomUUID();
        const paid = await create(paidFor);
        await pay(paid.redirectUrl);
        expect(await check(paidFor)).toMatchObject({ paymentId: paid.id });
        await expect(check(randomUUID())).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
        // An unbound payment of the same person and fee does not pay for any application.
        const unbound = await create(undefined);
        await pay(unbound.redirectUrl);
        await expect(check(randomUUID())).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      'paidFeeFor: another subject’s payment for the same application id is invisible',
      async () => {
        const applicationId = randomUUID();
        const paid = await create(applicationId);
        await pay(paid.redirectUrl);
        expect(await check(applicationId)).toMatchObject({ paymentId: paid.id });
        const other = await check(applicationId, { dogs: 1 }, 'bpk-max').catch((error: unknown) => error);
        expect(other).toMatchObject({ code: 'PAYMENT_REQUIRED' });
        expect(JSON.stringify(other)).not.toContain(paid.kassenzeichen);
        // And the other person's create for that id is their own payment, not Erika's.
        const theirs = await service.create({
          serviceId: dog,
          answers: { dogs: 1 },
          idempotencyKey: key(),
          expectedTotalCents: 2000,
          returnPath: '/',
          owner: paymentOwnerHash('subject', 'bpk-max'),
          applicationId,
        });
        expect(theirs.id).not.toBe(paid.id);
        expect(theirs.status).toBe('pending');
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      'paidFeeFor: a pending payment is asked about at the provider: refused while unpaid, accepted once paid there',
      async () => {
        const applicationId = randomUUID();
        const created = await create(applicationId, { dogs: 2 });
        const checkedBefore = (await stored(created.id)).checked_at;
        const open = await check(applicationId, { dogs: 2 }).catch((error: unknown) => error);
        expect(open).toMatchObject({ code: 'PAYMENT_NOT_COMPLETED', details: { status: 'pending' } });
        expect((open as { messages: { en: string } }).messages.en).toContain('still open');
        // It asked the provider rather than judging by the stored status.
        expect((await stored(created.id)).checked_at?.getTime()).toBeGreaterThan(
          checkedBefore?.getTime() ?? 0,
        );

        // Paid at the provider; the tab was closed before coming back, so we still say pending.
        await pay(created.redirectUrl);
        expect((await stored(created.id)).status).toBe('pending');
        const fee = await check(applicationId, { dogs: 2 });
        expect(fee).toMatchObject({
          paymentId: created.id,
          transactionReference: created.kassenzeichen,
          paymentMethod: 'CREDITCARD',
          grossCents: 2500,
        });
        const row = await stored(created.id);
        expect(row.status).toBe('paid');
        expect(fee?.transactionId).toBe(row.provider_transaction_id);
        expect(fee?.paidAt).toBe(row.paid_at?.toISOString());
        expectValidForFitConnect(fee ?? { transactionId: '', paymentMethod: '', paidAt: '' });
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      'paidFeeFor: answers that change the fee are PAYMENT_AMOUNT_CHANGED; paying the new fee makes it pass',
      async () => {
        const applicationId = randomUUID();
        const oneDog = await create(applicationId, { dogs: 1 });
        await pay(oneDog.redirectUrl);
        expect(await check(applicationId, { dogs: 1 })).toMatchObject({
          paymentId: oneDog.id,
          grossCents: 2000,
        });
        // Paid for one dog, submits three.
        const changed = await check(applicationId, { dogs: 3 }).catch((error: unknown) => error);
        expect(changed).toMatchObject({
          code: 'PAYMENT_AMOUNT_CHANGED',
          status: 'CONFLICT',
          details: { paidCents: 2000, dueCents: 3000 },
        });
        const texts = (changed as { messages: { de: string; en: string } }).messages;
        expect(texts.de).toContain('20,00');
        expect(texts.de).toContain('30,00');
        expect(texts.de).toContain('bezahlen Sie die Gebühr');
        expect(texts.en).toContain('€20.00');
        expect(texts.en).toContain('€30.00');
        // A dangerous dog raises the fee by the review surcharge: changed as well.
        await expect(check(applicationId, { dogs: 1, dangerous: true })).rejects.toMatchObject({
          code: 'PAYMENT_AMOUNT_CHANGED',
        });
        // The fee for three dogs is another fee: create starts a new payment for it.
        const threeDogs = await create(applicationId, { dogs: 3 });
        expect(threeDogs.id).not.toBe(oneDog.id);
        expect(threeDogs.totalCents).toBe(3000);
        // Started but not finished: it is that one the citizen must complete.
        await expect(check(applicationId, { dogs: 3 })).rejects.toMatchObject({
          code: 'PAYMENT_NOT_COMPLETED',
        });
        await pay(threeDogs.redirectUrl);
        expect(await check(applicationId, { dogs: 3 })).toMatchObject({
          paymentId: threeDogs.id,
          grossCents: 3000,
        });
        // Both stay in the cash office's export with the application id, for the refund.
        const day = new Date();
        const rows = await service.rows(
          new Date(day.getTime() - 86_400_000),
          new Date(day.getTime() + 86_400_000),
          ['paid'],
        );
        expect(
          rows
            .filter((row) => row.application_id === applicationId)
            .map((row) => row.id)
            .sort(),
        ).toEqual([oneDog.id, threeDogs.id].sort());
      },
      120_000,
    );

    it.skipIf(!driver.available)('paidFeeFor: an exemption (fee zero) needs no payment: null', async () => {
      expect(await check(randomUUID(), { dogs: 1, assistanceDog: true })).toBeNull();
    });

    it.skipIf(!driver.available)(
      'paidFeeFor validates its input and refuses an unknown schedule',
      async () => {
        await expect(check('not-a-uuid')).rejects.toThrow();
        await expect(
          service.paidFeeFor({
            subject: erika,
            applicationId: randomUUID(),
            serviceId: '99999999999999',
            answers: {},
          }),
        ).rejects.toMatchObject({ code: 'PAYMENT_UNKNOWN_SERVICE' });
        await expect(check(randomUUID(), { dogs: 50 })).rejects.toMatchObject({
          code: 'PAYMENT_ANSWER_INVALID',
        });
      },
    );

    it.skipIf(!driver.available)(
      'a fee paid in the same browser before signing in counts when the submit passes that browser’s access',
      async () => {
        const applicationId = randomUUID();
        const browser = paymentOwnerHash('browser', 'b'.repeat(43));
        const paid = await service.create({
          serviceId: dog,
          answers: { dogs: 1 },
          idempotencyKey: key(),
          expectedTotalCents: 2000,
          returnPath: '/',
          owner: browser,
          applicationId,
        });
        await pay(paid.redirectUrl);
        await expect(check(applicationId)).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
        const access = { ownerHashes: [owner, browser] };
        expect(
          await service.paidFeeFor({
            subject: erika,
            applicationId,
            serviceId: dog,
            answers: { dogs: 1 },
            access,
          }),
        ).toMatchObject({ paymentId: paid.id });
        // Signed in now, the fee page creates again: the browser's paid payment, no second charge.
        expect(await create(applicationId, { dogs: 1 }, { access })).toMatchObject({
          id: paid.id,
          status: 'paid',
        });
      },
      120_000,
    );

    it.skipIf(!driver.available)(
      '30 concurrent creates for one application and fee, each with its own attempt key, yield one payment',
      async () => {
        const applicationId = randomUUID();
        const before = sim.createdCount;
        const results = await Promise.all(
          Array.from({ length: 30 }, () => create(applicationId, { dogs: 2 })),
        );
        expect(new Set(results.map((result) => result.id)).size).toBe(1);
        const rows = await db
          .withTables<PaymentTables>()
          .selectFrom('efa_payment.payment')
          .select('id')
          .where('application_id', '=', applicationId)
          .execute();
        expect(rows).toHaveLength(1);
        expect(sim.createdCount).toBe(before + 1);
      },
      120_000,
    );
  },
);
