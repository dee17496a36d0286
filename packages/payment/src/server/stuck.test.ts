import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payAtCheckout } from '../testing/checkout-client.js';
import { testCards } from '../testing/simulator.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import {
  dog,
  origin,
  startTestPortal,
  type TestBrowser,
  type TestPortal,
} from './http-harness.test.support.js';
import { createPaymentService } from './service.js';
import type { PaymentTables } from './storage.js';

const start = async (browser: TestBrowser) => {
  const answer = await browser.mutate('payment.create', {
    serviceId: dog,
    answers: { dogs: 1 },
    idempotencyKey: randomBytes(12).toString('hex'),
    expectedTotalCents: 2000,
    returnPath: '/hund',
  });
  expect(answer.status).toBe(200);
  return answer.body.result.data;
};

const stored = (portal: TestPortal, id: string) =>
  portal.db
    .withTables<PaymentTables>()
    .selectFrom('efa_payment.payment')
    .select(['status', 'status_detail', 'paid_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The same payment records, reconciled by a service whose clock is `offsetMs` ahead. */
function later(portal: TestPortal, offsetMs: number, expireAfterMs?: number) {
  return createPaymentService({
    db: portal.db,
    provider: portal.service.provider,
    fees: defineFeeSchedules(exampleFeeSchedules),
    returnUrl: (id) => `${origin}/payment/return/${id}`,
    now: () => new Date(Date.now() + offsetMs),
    ...(expireAfterMs === undefined ? {} : { expireAfterMs }),
  });
}

describe('issue 11 finding 6: no payment stays stuck', () => {
  it('issue 11 finding 6: a simulator restarted over the same database loses no transaction, and reconciling completes them', async () => {
    // As in development: the simulator's ledger in the portal's own, already migrated database.
    const portal = await startTestPortal({ ledgerInPortalDatabase: true });
    try {
      const citizen = portal.browser();
      const paidWhileAway = await start(citizen);
      const open = await start(citizen);
      const transfer = await start(citizen);
      await payAtCheckout(paidWhileAway.redirectUrl ?? '', { method: 'card', cardNumber: testCards.success });
      await payAtCheckout(transfer.redirectUrl ?? '', { method: 'transfer' });
      const ledgerOf = (list: ReturnType<TestPortal['sim']['transactions']>) =>
        list.map((tx) => `${tx.transactionId} ${tx.status} ${tx.totalCents}`).sort();
      const before = ledgerOf(portal.sim.transactions());
      expect(before).toHaveLength(3);

      const sim = await portal.restartSimulator();
      expect(ledgerOf(sim.transactions())).toEqual(before);
      const result = await portal.service.reconcile({ limit: 1000 });
      expect(result.failed).toBe(0);
      expect((await stored(portal, paidWhileAway.id)).status).toBe('paid');
      expect((await stored(portal, open.id)).status).toBe('pending');
      expect((await stored(portal, transfer.id)).status).toBe('pending');

      // The open one is still payable at the restarted provider, through the same link.
      const status = await citizen.query('payment.status', { id: open.id });
      expect(status.body.result.data.redirectUrl).toBe(open.redirectUrl);
      const checkout = await payAtCheckout(open.redirectUrl ?? '', { method: 'paypal' });
      const back = await citizen.fetch(new URL(checkout.location ?? '').pathname);
      expect(back.headers.get('location')).toBe(`/hund?payment=${open.id}`);
      expect((await stored(portal, open.id)).status).toBe('paid');

      // The money for the transfer arrives after the restart.
      const tx = sim.transactions().find((t) => t.requestId === transfer.id);
      const settled = await fetch(`${sim.url}/_simulator/transactions/${tx?.transactionId}/settle`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'PAYED' }),
      });
      expect(settled.status).toBe(200);
      await portal.service.reconcile({ limit: 1000 });
      expect((await stored(portal, transfer.id)).status).toBe('paid');
    } finally {
      await portal.close();
    }
  }, 120_000);

  it('issue 11 finding 6: a payment the provider no longer knows ends as expired, never paid, and its owner can retry it', async () => {
    // No database given: each simulator start has a fresh ledger, as a provider that lost one.
    const portal = await startTestPortal();
    try {
      const citizen = portal.browser();
      const lost = await start(citizen);
      expect(lost.status).toBe('pending');
      await portal.restartSimulator();
      const result = await portal.service.reconcile({ limit: 1000 });
      expect(result.changed).toBeGreaterThanOrEqual(1);
      expect(await stored(portal, lost.id)).toMatchObject({
        status: 'expired',
        status_detail: 'unknown_at_provider',
        paid_at: null,
      });
      const view = (await citizen.query('payment.status', { id: lost.id })).body.result.data;
      expect(view).toMatchObject({ status: 'expired', retryable: true, redirectUrl: null });
      const retry = await citizen.mutate('payment.create', {
        serviceId: dog,
        answers: { dogs: 1 },
        idempotencyKey: randomBytes(12).toString('hex'),
        expectedTotalCents: 2000,
        returnPath: '/hund',
        retryOf: lost.id,
      });
      expect(retry.status).toBe(200);
      expect(retry.body.result.data.id).not.toBe(lost.id);
      expect(retry.body.result.data.status).toBe('pending');
    } finally {
      await portal.close();
    }
  }, 120_000);

  it('issue 11 finding 6: unfinished payments expire after 90 minutes by default, or as configured, and the owner may retry', async () => {
    const portal = await startTestPortal();
    try {
      const citizen = portal.browser();
      const created = await start(citizen);
      await later(portal, 89 * 60_000).reconcile({ limit: 1000 });
      expect((await stored(portal, created.id)).status).toBe('pending');
      await later(portal, 91 * 60_000).reconcile({ limit: 1000 });
      expect(await stored(portal, created.id)).toMatchObject({ status: 'expired', paid_at: null });
      const view = (await citizen.query('payment.status', { id: created.id })).body.result.data;
      expect(view).toMatchObject({ status: 'expired', retryable: true });

      const configured = await start(citizen);
      await later(portal, 9 * 60_000, 10 * 60_000).reconcile({ limit: 1000 });
      expect((await stored(portal, configured.id)).status).toBe('pending');
      await later(portal, 11 * 60_000, 10 * 60_000).reconcile({ limit: 1000 });
      expect((await stored(portal, configured.id)).status).toBe('expired');
      // The provider never said PAYED: nothing in the simulator's ledger is paid.
      expect(portal.sim.transactions().every((tx) => tx.status === 'INITIAL')).toBe(true);
    } finally {
      await portal.close();
    }
  }, 120_000);
});
