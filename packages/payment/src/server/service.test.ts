import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EfaDatabase } from '@efa-kit/core/server';
import { migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { payAtCheckout } from '../testing/checkout-client.js';
import { type PaymentSimulator, startPaymentSimulator, testCards } from '../testing/simulator.js';
import { paymentsCsv } from './export.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import { paymentOwnerHash } from './owner.js';
import { type PaymentProvider, ProviderError } from './provider.js';
import { createPaymentReturnHandler } from './router.js';
import { createPaymentService, type PaymentService } from './service.js';
import { type PaymentTables, paymentMigrations } from './storage.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

/** The owner every payment of this file belongs to (a browser capability's hash). */
const owner = paymentOwnerHash('browser', 'a'.repeat(43));
/** The browser that holds that capability, as its return requests carry it. */
const ownerCookie = `efa_payment_owner=${'a'.repeat(43)}`;

const dog = '99102013104000';
const fees = defineFeeSchedules(exampleFeeSchedules);
const key = () => randomBytes(12).toString('hex');

describe.each(testDatabases(inject('efaPostgresUrl')))('payment service on $name', (driver) => {
  let db: EfaDatabase;
  let sim: PaymentSimulator;
  let provider: PaymentProvider;
  let service: PaymentService;
  let returnServer: Server;
  let portal: string;

  const transitions = async (id: string) =>
    (
      await db
        .withTables<PaymentTables>()
        .selectFrom('efa_payment.transition')
        .select(['from_status', 'to_status', 'source'])
        .where('payment_id', '=', id)
        .orderBy('version')
        .execute()
    ).map((t) => `${t.from_status}>${t.to_status}`);

  const create = (
    answers: Record<string, number | boolean> = { dogs: 1 },
    extra: Partial<Parameters<PaymentService['create']>[0]> = {},
  ) =>
    service.create({
      serviceId: dog,
      answers,
      idempotencyKey: key(),
      expectedTotalCents: fees.compute(dog, answers).totalCents,
      returnPath: '/leistungen/hund?step=pay',
      owner,
      ...extra,
    });

  /** Follows the provider's redirect into the portal's return route, as the browser would. */
  const comeBack = async (location: string | null) => {
    expect(location).toMatch(new RegExp(`^${portal}/payment/return/`));
    const response = await fetch(location ?? '', { redirect: 'manual', headers: { cookie: ownerCookie } });
    expect(response.status).toBe(303);
    return response.headers.get('location');
  };

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [paymentMigrations]);
    sim = await startPaymentSimulator({
      clients: [{ clientId: 'portal', clientSecret: 'portal-secret-1' }],
      // Long enough that the reconciler expires the payment first even on a busy machine.
      lateSuccessMs: 4_000,
    });
    provider = createXBezahldiensteProvider({
      baseUrl: sim.url,
      originatorId: 'hund-anmelden',
      endPointId: '14628230',
      auth: {
        type: 'oauth2-client-credentials',
        tokenUrl: sim.tokenUrl,
        clientId: 'portal',
        clientSecret: 'portal-secret-1',
      },
      // A loaded machine (both cores busy) still meets this; the default 10 s did not always.
      timeoutMs: 60_000,
    });
    returnServer = createServer();
    await new Promise<void>((resolve) => returnServer.listen(0, '127.0.0.1', resolve));
    portal = `http://127.0.0.1:${(returnServer.address() as AddressInfo).port}`;
    service = createPaymentService({
      db,
      provider,
      fees,
      returnUrl: (id) => `${portal}/payment/return/${id}`,
      // 100 duplicates wait for the first; on a busy machine that takes longer than 10 s.
      duplicateWaitMs: 60_000,
    });
    const handler = createPaymentReturnHandler({ service });
    returnServer.on('request', (req, res) => {
      handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
  });

  afterAll(async () => {
    await sim?.close();
    await new Promise((resolve) => returnServer?.close(resolve));
    await db?.destroy();
  });

  it.skipIf(!driver.available)('quotes from the schedule and offers no retired method', () => {
    const quote = service.quote(dog, { dogs: 2 });
    expect(quote.totalCents).toBe(2500);
    expect(quote.paymentRequired).toBe(true);
    const methods = quote.methods.map((m) => m.id);
    expect(methods).toEqual(['card', 'paypal', 'sepa-direct-debit', 'transfer']);
    expect(methods).not.toContain('giropay');
    expect(methods).not.toContain('paydirekt');
  });

  it.skipIf(!driver.available)(
    'pays by card: created → pending → paid, logged, with a Kassenzeichen',
    async () => {
      const created = await create({ dogs: 2 });
      expect(created.status).toBe('pending');
      expect(created.kassenzeichen).toMatch(/^51\d{10}$/);
      expect(created.redirectUrl).toMatch(/\/checkout\//);
      const checkout = await payAtCheckout(created.redirectUrl ?? '', {
        method: 'card',
        cardNumber: testCards.success,
      });
      const back = await comeBack(checkout.location);
      expect(back).toBe(`/leistungen/hund?step=pay&payment=${created.id}`);
      const paid = await service.status(created.id);
      expect(paid).toMatchObject({
        status: 'paid',
        method: 'CREDITCARD',
        totalCents: 2500,
        redirectUrl: null,
        retryable: false,
      });
      expect(await transitions(created.id)).toEqual(['created>created', 'created>pending', 'pending>paid']);
      const tx = sim.transactions().find((t) => t.requestId === created.id);
      expect(String(tx?.request.purpose)).toBe(`${created.kassenzeichen} Hund anmelden`);
    },
  );

  it.skipIf(!driver.available)(
    'does not trust a forged return: the status in the URL is ignored',
    async () => {
      const created = await create();
      const back = await fetch(
        `${portal}/payment/return/${created.id}?status=PAYED&paymentInformation.status=PAYED&amount=0`,
        { redirect: 'manual', headers: { cookie: ownerCookie } },
      );
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(`/leistungen/hund?step=pay&payment=${created.id}`);
      expect((await service.status(created.id)).status).toBe('pending');
      expect(await transitions(created.id)).toEqual(['created>created', 'created>pending']);
    },
  );

  it.skipIf(!driver.available)('rejects a tampered amount and stores nothing', async () => {
    const before = sim.createdCount;
    const idempotencyKey = key();
    await expect(
      service.create({
        serviceId: dog,
        answers: { dogs: 1 },
        idempotencyKey,
        expectedTotalCents: 1,
        returnPath: '/',
        owner,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
    const rows = await db
      .withTables<PaymentTables>()
      .selectFrom('efa_payment.payment')
      .select('id')
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
    expect(rows).toEqual([]);
    expect(sim.createdCount).toBe(before);
  });

  it.skipIf(!driver.available)('refuses a fee-free case (exemption) instead of charging 0 €', async () => {
    await expect(
      service.create({
        serviceId: dog,
        answers: { dogs: 1, assistanceDog: true },
        idempotencyKey: key(),
        expectedTotalCents: 0,
        returnPath: '/',
        owner,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_NOT_REQUIRED' });
  });

  it.skipIf(!driver.available)(
    'handles the provider’s CALCULATION_ERROR: failed, nothing charged, clear error',
    async () => {
      sim.failNext('CALCULATION_ERROR');
      const idempotencyKey = key();
      await expect(
        service.create({
          serviceId: dog,
          answers: { dogs: 1 },
          idempotencyKey,
          expectedTotalCents: 2000,
          returnPath: '/',
          owner,
        }),
      ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_CALCULATION', status: 'BAD_GATEWAY' });
      const row = await db
        .withTables<PaymentTables>()
        .selectFrom('efa_payment.payment')
        .selectAll()
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'failed',
        status_detail: 'CALCULATION_ERROR',
        provider_transaction_id: null,
      });
      expect(await transitions(row.id)).toEqual(['created>created', 'created>failed']);
    },
  );

  it.skipIf(!driver.available)(
    'recovers from PAYMENT_EXISTS after a lost answer: one transaction, adopted',
    async () => {
      // A network that delivers the create but loses the answer (test double around the real client).
      let loseNext = true;
      const lossy: PaymentProvider = {
        ...provider,
        id: provider.id,
        canRefund: false,
        status: (ref) => provider.status(ref),
        health: () => provider.health(),
        async create(request) {
          const tx = await provider.create(request);
          if (loseNext) {
            loseNext = false;
            throw new ProviderError('unavailable', 'connection reset after the request was sent');
          }
          return tx;
        },
      };
      const lossyService = createPaymentService({
        db,
        provider: lossy,
        fees,
        returnUrl: (id) => `${portal}/payment/return/${id}`,
      });
      const idempotencyKey = key();
      const command = {
        serviceId: dog,
        answers: { dogs: 1 },
        idempotencyKey,
        expectedTotalCents: 2000,
        returnPath: '/',
        owner,
      };
      const before = sim.createdCount;
      await expect(lossyService.create(command)).rejects.toMatchObject({
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      });
      const retried = await lossyService.create(command);
      expect(retried.status).toBe('pending');
      expect(sim.createdCount).toBe(before + 1);
      expect(sim.transactions().filter((t) => t.requestId === retried.id)).toHaveLength(1);
    },
  );

  it.skipIf(!driver.available)(
    'provider down: clear error, nothing charged, the same attempt goes through later',
    async () => {
      sim.setUnavailable(true);
      const before = sim.createdCount;
      const idempotencyKey = key();
      const command = {
        serviceId: dog,
        answers: { dogs: 1 },
        idempotencyKey,
        expectedTotalCents: 2000,
        returnPath: '/',
        owner,
      };
      try {
        const error = await service.create(command).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', status: 'SERVICE_UNAVAILABLE' });
        expect((error as { messages: { de: string } }).messages.de).toContain('Es wurde nichts abgebucht');
        expect(sim.createdCount).toBe(before);
      } finally {
        sim.setUnavailable(false);
      }
      const later = await service.create(command);
      expect(later.status).toBe('pending');
      expect(sim.createdCount).toBe(before + 1);
    },
  );

  it.skipIf(!driver.available)(
    '100 concurrent duplicate creates yield one payment and one provider transaction',
    async () => {
      const idempotencyKey = key();
      const before = sim.createdCount;
      const command = {
        serviceId: dog,
        answers: { dogs: 3 },
        idempotencyKey,
        expectedTotalCents: 3000,
        returnPath: '/',
        owner,
      };
      const results = await Promise.all(Array.from({ length: 100 }, () => service.create(command)));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      // Duplicates wait (bounded) for the first to reach the provider; on a very busy machine a
      // late one may answer with the payment still `created`, never with a second payment.
      expect(results.every((r) => r.status === 'pending' || r.status === 'created')).toBe(true);
      expect(results.filter((r) => r.status === 'pending' && r.redirectUrl).length).toBeGreaterThan(0);
      expect((await service.status(results[0]?.id ?? '')).status).toBe('pending');
      const rows = await db
        .withTables<PaymentTables>()
        .selectFrom('efa_payment.payment')
        .select('id')
        .where('idempotency_key', '=', idempotencyKey)
        .execute();
      expect(rows).toHaveLength(1);
      expect(sim.createdCount).toBe(before + 1);
    },
    120_000,
  );

  it.skipIf(!driver.available)('refuses a reused idempotency key with other answers', async () => {
    const idempotencyKey = key();
    await service.create({
      serviceId: dog,
      answers: { dogs: 1 },
      idempotencyKey,
      expectedTotalCents: 2000,
      returnPath: '/',
      owner,
    });
    await expect(
      service.create({
        serviceId: dog,
        answers: { dogs: 2 },
        idempotencyKey,
        expectedTotalCents: 2500,
        returnPath: '/',
        owner,
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_IDEMPOTENCY_CONFLICT' });
  });

  it.skipIf(!driver.available)(
    'declined card → failed and retryable; a retry is a new attempt, refused while open',
    async () => {
      const first = await create();
      const open = await create().catch((e: unknown) => e);
      expect(open).toMatchObject({ status: 'pending' });
      await expect(create({ dogs: 1 }, { retryOf: first.id })).rejects.toMatchObject({
        code: 'PAYMENT_RETRY_NOT_ALLOWED',
      });
      await payAtCheckout(first.redirectUrl ?? '', { method: 'card', cardNumber: testCards.declined });
      const failed = await service.status(first.id);
      expect(failed).toMatchObject({ status: 'failed', retryable: true });
      const retry = await create({ dogs: 1 }, { retryOf: first.id });
      expect(retry.id).not.toBe(first.id);
      expect(retry.kassenzeichen).not.toBe(first.kassenzeichen);
      expect(retry.status).toBe('pending');
    },
  );

  it.skipIf(!driver.available)(
    'a retry of an attempt that succeeded after all returns that payment, never a second one',
    async () => {
      const first = await create();
      await payAtCheckout(first.redirectUrl ?? '', { method: 'paypal' });
      const retry = await create({ dogs: 1 }, { retryOf: first.id });
      expect(retry).toMatchObject({ id: first.id, status: 'paid', method: 'PAYPAL' });
    },
  );

  it.skipIf(!driver.available)(
    'challenge card approved, cancel, SEPA and transfer settle through the reconciler',
    async () => {
      const challenge = await create();
      await payAtCheckout(challenge.redirectUrl ?? '', {
        method: 'card',
        cardNumber: testCards.challenge,
        challenge: 'approve',
      });
      const cancelled = await create();
      await payAtCheckout(cancelled.redirectUrl ?? '', { method: 'cancel' });
      const sepa = await create();
      await payAtCheckout(sepa.redirectUrl ?? '', { method: 'sepa', iban: 'DE02120300000000202051' });
      const transfer = await create();
      await payAtCheckout(transfer.redirectUrl ?? '', { method: 'transfer' });
      // Nobody came back through the return route (closed tabs): the reconciler finds out.
      await service.reconcile({ limit: 1000 });
      expect((await service.status(challenge.id)).status).toBe('paid');
      expect((await service.status(cancelled.id)).status).toBe('cancelled');
      expect((await service.status(sepa.id)).status).toBe('paid');
      expect((await service.status(transfer.id)).status).toBe('pending');
      const tx = sim.transactions().find((t) => t.requestId === transfer.id);
      sim.settle(tx?.transactionId ?? '', 'PAYED');
      await service.reconcile({ limit: 1000 });
      expect((await service.status(transfer.id)).status).toBe('paid');
    },
  );

  it.skipIf(!driver.available)(
    'late success: expired after the timeout, then paid when the bank answers',
    async () => {
      const created = await create();
      const checkout = await payAtCheckout(created.redirectUrl ?? '', {
        method: 'card',
        cardNumber: testCards.timeout,
      });
      await comeBack(checkout.location);
      expect((await service.status(created.id)).status).toBe('pending');
      // The same database seen by a reconciler configured to give up at once.
      const impatient = createPaymentService({
        db,
        provider,
        fees,
        returnUrl: (id) => `${portal}/payment/return/${id}`,
        expireAfterMs: 0,
      });
      const stored = async () =>
        (
          await db
            .withTables<PaymentTables>()
            .selectFrom('efa_payment.payment')
            .select('status')
            .where('id', '=', created.id)
            .executeTakeFirstOrThrow()
        ).status;
      // Expiry needs the clock to have moved past creation; ask until it has.
      await expect
        .poll(
          async () => {
            await impatient.reconcile({ limit: 1000 });
            return stored();
          },
          { timeout: 30_000 },
        )
        .toBe('expired');
      await expect
        .poll(
          async () => {
            await impatient.reconcile({ limit: 1000 });
            return stored();
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBe('paid');
      expect((await service.status(created.id)).status).toBe('paid');
      expect(await transitions(created.id)).toEqual([
        'created>created',
        'created>pending',
        'pending>expired',
        'expired>paid',
      ]);
    },
    120_000,
  );

  it.skipIf(!driver.available)('status survives a provider outage with the stored answer', async () => {
    const created = await create();
    sim.setUnavailable(true);
    try {
      expect((await service.status(created.id)).status).toBe('pending');
      const back = await fetch(`${portal}/payment/return/${created.id}`, {
        redirect: 'manual',
        headers: { cookie: ownerCookie },
      });
      expect(back.status).toBe(303);
    } finally {
      sim.setUnavailable(false);
    }
  });

  it.skipIf(!driver.available)(
    'exports the period as CSV with Kassenzeichen, booking data and provider references',
    async () => {
      const created = await create({ dogs: 2 });
      await payAtCheckout(created.redirectUrl ?? '', { method: 'card', cardNumber: testCards.success });
      await service.status(created.id);
      const today = new Date();
      const rows = await service.rows(
        new Date(today.getTime() - 86_400_000),
        new Date(today.getTime() + 86_400_000),
        ['paid'],
      );
      const csv = paymentsCsv(rows);
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toContain('Kassenzeichen;Zahlungs-ID;Leistung;Status;Gesamtbetrag');
      const mine = lines.filter((line) => line.startsWith(created.kassenzeichen));
      expect(mine).toHaveLength(2);
      expect(mine[0]).toContain(
        ';paid;25,00;EUR;Verwaltungsgebühr Anmeldung;15,00;1.1.2.1.01;43110000;HST-ANM;',
      );
      expect(mine[1]).toContain(';Hundesteuermarke je Hund;10,00;');
      expect(mine[0]).toMatch(/;CREDITCARD;[0-9a-f-]{36};SIM-\d{4}-\d{6};/);
    },
  );

  it.skipIf(!driver.available)(
    'unknown payment ids are not found, on the API and on the return route',
    async () => {
      await expect(service.status('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        code: 'PAYMENT_NOT_FOUND',
      });
      expect(
        (
          await fetch(`${portal}/payment/return/00000000-0000-4000-8000-000000000000`, {
            redirect: 'manual',
            headers: { cookie: ownerCookie },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await fetch(`${portal}/payment/return/..%2f..%2fetc`, {
            redirect: 'manual',
            headers: { cookie: ownerCookie },
          })
        ).status,
      ).toBe(404);
    },
  );
});
