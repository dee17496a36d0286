import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cacheControlFor, procedureMeta } from '@efa-kit/core/server';
import type { AnyTRPCProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOutput, Quote } from '../schema/index.js';
import { payAtCheckout } from '../testing/checkout-client.js';
import { testCards } from '../testing/simulator.js';
import {
  dog,
  exportToken,
  startTestPortal,
  type TestBrowser,
  type TestPortal,
} from './http-harness.test.support.js';
import { paymentAccessOf } from './owner.js';
import { createPaymentRouter } from './router.js';
import type { PaymentTables } from './storage.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal();
});

afterAll(() => portal.close());

const key = () => randomBytes(12).toString('hex');
const input = (extra: Record<string, unknown> = {}) => ({
  serviceId: dog,
  answers: { dogs: 1 },
  idempotencyKey: key(),
  expectedTotalCents: 2000,
  returnPath: '/hund',
  ...extra,
});

/** Starts a payment as `browser` and returns its view. */
async function start(browser: TestBrowser, extra: Record<string, unknown> = {}) {
  const created = await browser.mutate('payment.create', input(extra));
  expect(created.status).toBe(200);
  return created.body.result.data;
}

const row = (id: string) =>
  portal.db
    .withTables<PaymentTables>()
    .selectFrom('efa_payment.payment')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const unknownId = '00000000-0000-4000-8000-000000000000';

describe('payment router over HTTP', () => {
  it('quotes with line items in cents', async () => {
    const { status, body } = await portal
      .browser()
      .query<Quote>('payment.quote', { serviceId: dog, answers: { dogs: 2 } });
    expect(status).toBe(200);
    expect(body.result.data).toMatchObject({ totalCents: 2500, currency: 'EUR', paymentRequired: true });
  });

  it('localizes validation errors of its own catalogue', async () => {
    const { status, body } = await portal
      .browser()
      .query('payment.quote', { serviceId: 'hund' }, { 'accept-language': 'en' });
    expect(status).toBe(400);
    expect(body.error.data.fieldErrors[0]).toMatchObject({
      path: 'serviceId',
      message: 'The service is unknown.',
    });
  });

  it('creates only with the CSRF token, and reports a tampered amount in German', async () => {
    const browser = portal.browser();
    expect((await browser.mutate('payment.create', input(), { 'x-efa-csrf': '' })).status).toBe(403);
    const tampered = await browser.mutate('payment.create', input({ expectedTotalCents: 100 }));
    expect(tampered.status).toBe(409);
    expect(tampered.body.error.data.efaCode).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect(tampered.body.error.message).toContain('1,00');
    const ok = await browser.mutate('payment.create', input());
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.status).toBe('pending');
  });

  it('reports an unavailable provider with a clear code and 503', async () => {
    portal.sim.setUnavailable(true);
    try {
      const { status, body } = await portal.browser().mutate('payment.create', input());
      expect(status).toBe(503);
      expect(body.error.data.efaCode).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      portal.sim.setUnavailable(false);
    }
  });

  it('pays, returns through the route and exports for the cash office only', async () => {
    const browser = portal.browser();
    const created = await start(browser);
    const checkout = await payAtCheckout(created.redirectUrl ?? '', {
      method: 'card',
      cardNumber: testCards.success,
    });
    const back = await browser.fetch(new URL(checkout.location ?? '').pathname);
    expect(back.headers.get('location')).toBe(`/hund?payment=${created.id}`);
    const status = await browser.query('payment.status', { id: created.id });
    expect(status.body.result.data.status).toBe('paid');
    const day = new Date().toISOString().slice(0, 10);
    expect((await portal.browser().query('payment.export', { from: day, to: day })).status).toBe(401);
    expect(
      (await portal.browser('citizen').query('payment.export', { from: day, to: day })).body.error.data
        .efaCode,
    ).toBe('PAYMENT_EXPORT_FORBIDDEN');
    const exported = await portal
      .browser('cashier')
      .query<ExportOutput>('payment.export', { from: day, to: day });
    expect(exported.status).toBe(200);
    expect(exported.body.result.data.csv).toContain(created.kassenzeichen);
    expect(exported.body.result.data.filename).toBe(`zahlungen_${day}_${day}.csv`);
  });

  it('serves the CSV to the cash office import job with its bearer token only', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const url = `${portal.base}/payment/export.csv?from=${day}&to=${day}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const bad = await fetch(`${portal.base}/payment/export.csv?from=${day}&to=2000-01-01`, {
      headers: { authorization: `Bearer ${exportToken}` },
    });
    expect(bad.status).toBe(400);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${exportToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await ok.text()).split('\r\n')[0]).toMatch(/^Kassenzeichen;Zahlungs-ID;/);
  });
});

describe('issue 11 finding 1: every payment is bound to its owner', () => {
  it('issue 11 finding 1: an anonymous payment is readable only by the browser that created it; anyone else gets the answer of an unknown id', async () => {
    const owner = portal.browser();
    const created = await owner.mutate('payment.create', input());
    const cookie = created.headers.getSetCookie().find((line) => line.startsWith('efa_payment_owner='));
    expect(cookie).toMatch(/^efa_payment_owner=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const view = created.body.result.data;
    expect(view.redirectUrl).toMatch(/\/checkout\//);
    // A second payment from the same browser keeps its capability.
    expect((await owner.mutate('payment.create', input())).headers.getSetCookie()).toEqual([]);

    const mine = await owner.query('payment.status', { id: view.id });
    expect(mine.status).toBe(200);
    expect(mine.body.result.data.redirectUrl).toBe(view.redirectUrl);

    const unknown = await portal.browser().query('payment.status', { id: unknownId });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.data.efaCode).toBe('PAYMENT_NOT_FOUND');
    const stranger = portal.browser();
    const forger = portal.browser();
    forger.cookies.set('efa_payment_owner', randomBytes(32).toString('base64url'));
    for (const other of [stranger, forger]) {
      const answer = await other.query('payment.status', { id: view.id });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(unknown.body);
      expect(JSON.stringify(answer.body)).not.toContain('checkout');
    }
    // The database keeps only the capability's hash.
    const capability = owner.cookies.get('efa_payment_owner') ?? '';
    const stored = await row(view.id);
    expect(JSON.stringify(stored)).not.toContain(capability);
    expect(stored.owner_hash).toBe(createHash('sha256').update(`browser:${capability}`).digest('hex'));
  });

  it('issue 11 finding 1: on an https portal the capability cookie is Secure', async () => {
    const secure = await startTestPortal({ publicOrigin: 'https://portal.test' });
    try {
      const created = await secure.browser().mutate('payment.create', input());
      expect(created.status).toBe(200);
      expect(created.headers.getSetCookie()).toEqual([
        expect.stringMatching(
          /^efa_payment_owner=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
        ),
      ]);
    } finally {
      await secure.close();
    }
    // A second test portal (PGlite, migrations, simulator) starts here: seconds on a quiet
    // machine, over vitest's default 20 s on the loaded 2 cores of CI.
  }, 120_000);

  it('issue 11 finding 1: a signed-in citizen’s payment is theirs alone, and no capability cookie is set for it', async () => {
    const citizen = portal.browser('citizen');
    const created = await citizen.mutate('payment.create', input());
    expect(created.headers.getSetCookie()).toEqual([]);
    const view = created.body.result.data;
    expect((await citizen.query('payment.status', { id: view.id })).status).toBe(200);
    // Signed in on another device: still the citizen's.
    expect((await portal.browser('citizen').query('payment.status', { id: view.id })).status).toBe(200);
    for (const other of [portal.browser('neighbour'), portal.browser(), portal.browser('cashier')]) {
      const answer = await other.query('payment.status', { id: view.id });
      expect(answer.status).toBe(404);
      expect(answer.body.error.data.efaCode).toBe('PAYMENT_NOT_FOUND');
    }
  });

  it('issue 11 finding 1: retryOf another’s paid or failed payment is not found and never hands their payment out', async () => {
    const victim = portal.browser();
    const paid = await start(victim);
    await payAtCheckout(paid.redirectUrl ?? '', { method: 'card', cardNumber: testCards.success });
    expect((await victim.query('payment.status', { id: paid.id })).body.result.data.status).toBe('paid');
    const failed = await start(victim);
    await payAtCheckout(failed.redirectUrl ?? '', { method: 'card', cardNumber: testCards.declined });
    expect((await victim.query('payment.status', { id: failed.id })).body.result.data.status).toBe('failed');

    for (const attacker of [portal.browser(), portal.browser('neighbour')]) {
      for (const target of [paid, failed]) {
        const answer = await attacker.mutate('payment.create', input({ retryOf: target.id }));
        expect(answer.status).toBe(404);
        expect(answer.body.error.data.efaCode).toBe('PAYMENT_NOT_FOUND');
        expect(JSON.stringify(answer.body)).not.toContain(target.kassenzeichen);
      }
    }
    // The owner's own retry still works: the paid one is returned, the failed one retried.
    expect((await victim.mutate('payment.create', input({ retryOf: paid.id }))).body.result.data.id).toBe(
      paid.id,
    );
    const retry = await victim.mutate('payment.create', input({ retryOf: failed.id }));
    expect(retry.body.result.data).toMatchObject({ status: 'pending' });
    expect(retry.body.result.data.id).not.toBe(failed.id);
  });

  it('issue 11 finding 1: idempotency keys are per owner: the same key from someone else is another payment', async () => {
    const first = portal.browser();
    const second = portal.browser();
    const citizen = portal.browser('citizen');
    const shared = input();
    const a = (await first.mutate('payment.create', shared)).body.result.data;
    const b = (await second.mutate('payment.create', shared)).body.result.data;
    const c = (await citizen.mutate('payment.create', shared)).body.result.data;
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect((await first.mutate('payment.create', shared)).body.result.data.id).toBe(a.id);
    expect((await citizen.mutate('payment.create', shared)).body.result.data.id).toBe(c.id);
    // Another owner's key with other answers is no conflict either: it is simply theirs.
    const other = await second.mutate('payment.create', { ...shared, idempotencyKey: key() });
    expect(other.status).toBe(200);
  });

  it('issue 11 finding 1: the provider return route acts only for the owner; others get 404 and nothing is asked or changed', async () => {
    const owner = portal.browser();
    const created = await start(owner);
    const checkout = await payAtCheckout(created.redirectUrl ?? '', {
      method: 'card',
      cardNumber: testCards.success,
    });
    const path = new URL(checkout.location ?? '').pathname;
    expect(path).toBe(`/payment/return/${created.id}`);
    const before = await row(created.id);
    for (const other of [portal.browser(), portal.browser('neighbour')]) {
      const answer = await other.fetch(path);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
      expect(await answer.text()).toBe(
        await (await portal.browser().fetch(`/payment/return/${unknownId}`)).text(),
      );
    }
    expect(await row(created.id)).toMatchObject({ status: 'pending', checked_at: before.checked_at });
    // A form-post return is sent on as a GET, which carries the SameSite=Lax cookie.
    const posted = await portal.browser().fetch(path, { method: 'POST' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(path);
    expect((await row(created.id)).status).toBe('pending');
    const back = await owner.fetch(path);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/hund?payment=${created.id}`);
    expect((await row(created.id)).status).toBe('paid');

    const citizen = portal.browser('citizen');
    const signedIn = await start(citizen);
    await payAtCheckout(signedIn.redirectUrl ?? '', { method: 'paypal' });
    expect((await portal.browser('neighbour').fetch(`/payment/return/${signedIn.id}`)).status).toBe(404);
    expect((await portal.browser('citizen').fetch(`/payment/return/${signedIn.id}`)).status).toBe(303);
  });
});

describe('issue 11 finding 2: return paths stay on the portal', () => {
  const refused = [
    '/.//evil.example/phish',
    '//evil.example',
    '/\\evil.example',
    '%2f%2fevil',
    '/%2f%2fevil.example',
    'https://evil.example/',
    '/ok\u0000',
    '/\u0000/evil.example',
    '/\t/evil.example',
  ];

  it.each(refused)(
    'issue 11 finding 2: create refuses returnPath %j with a coded, localized 400',
    async (returnPath) => {
      const browser = portal.browser();
      const de = await browser.mutate('payment.create', input({ returnPath }));
      expect(de.status).toBe(400);
      expect(de.body.error.data.efaCode).toBe('PAYMENT_RETURN_PATH_INVALID');
      expect(de.body.error.message).toBe('Die Rücksprungadresse muss ein Pfad auf diesem Portal sein.');
      const en = await browser.mutate('payment.create', input({ returnPath }), { 'accept-language': 'en' });
      expect(en.status).toBe(400);
      expect(en.body.error.message).toBe('The return address must be a path on this portal.');
    },
  );

  it('issue 11 finding 8: a NUL in returnPath is a 400 with a code, never a 500, and nothing is stored', async () => {
    const idempotencyKey = key();
    const answer = await portal
      .browser()
      .mutate('payment.create', input({ returnPath: '/\u0000', idempotencyKey }));
    expect(answer.status).toBe(400);
    expect(answer.body.error.data.efaCode).toBe('PAYMENT_RETURN_PATH_INVALID');
    const rows = await portal.db
      .withTables<PaymentTables>()
      .selectFrom('efa_payment.payment')
      .select('id')
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
    expect(rows).toEqual([]);
  });

  it('issue 11 finding 2: keeps a same-origin path with its query, and reduces an absolute URL on the portal to its path', async () => {
    const browser = portal.browser();
    const withQuery = await start(browser, { returnPath: '/leistungen/hund?step=pay' });
    const absolute = await start(browser, { returnPath: 'http://portal.test/hund?x=1' });
    expect(withQuery.returnPath).toBe('/leistungen/hund?step=pay');
    expect(absolute.returnPath).toBe('/hund?x=1');
    expect((await browser.fetch(`/payment/return/${withQuery.id}`)).headers.get('location')).toBe(
      `/leistungen/hund?step=pay&payment=${withQuery.id}`,
    );
  });

  it('issue 11 finding 2: the return route checks a stored return path again and falls back to the start page', async () => {
    const browser = portal.browser();
    const created = await start(browser);
    // A row stored before return paths were checked on create.
    for (const stored of ['/.//evil.example/phish', '//evil.example/x', '/\\evil.example']) {
      await portal.db
        .withTables<PaymentTables>()
        .updateTable('efa_payment.payment')
        .set({ return_path: stored })
        .where('id', '=', created.id)
        .execute();
      const back = await browser.fetch(`/payment/return/${created.id}`);
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(`/?payment=${created.id}`);
    }
  });
});

describe('issue 11 finding 5: payment answers are private', () => {
  it('issue 11 finding 5: no payment procedure is cacheable, and those that ask the provider cost more', () => {
    const procedures = createPaymentRouter({ service: portal.service })._def.procedures as Record<
      string,
      AnyTRPCProcedure
    >;
    expect(Object.keys(procedures).sort()).toEqual(['create', 'export', 'quote', 'status']);
    for (const [name, procedure] of Object.entries(procedures)) {
      expect(procedureMeta(procedure).cache, name).toBeUndefined();
      expect(cacheControlFor({ type: 'query', calls: [{ procedure }], failed: false }), name).toBe(
        'private, no-store',
      );
    }
    expect(procedureMeta(procedures.create ?? null).cost).toBe(10);
    expect(procedureMeta(procedures.status ?? null).cost).toBe(2);
    expect(procedureMeta(procedures.quote ?? null).cost ?? 1).toBe(1);
  });

  it('issue 11 finding 5: the router sets no Cache-Control on tRPC answers; its HTTP routes answer private, no-store', async () => {
    const browser = portal.browser();
    const created = await browser.mutate('payment.create', input());
    expect(created.headers.get('cache-control')).toBeNull();
    const status = await browser.query('payment.status', { id: created.body.result.data.id });
    expect(status.headers.get('cache-control')).toBeNull();
    const quote = await browser.query('payment.quote', { serviceId: dog, answers: { dogs: 1 } });
    expect(quote.headers.get('cache-control')).toBeNull();
    const back = await browser.fetch(`/payment/return/${created.body.result.data.id}`);
    expect(back.headers.get('cache-control')).toBe('private, no-store');
    expect((await browser.fetch(`/payment/return/${unknownId}`)).headers.get('cache-control')).toBe(
      'private, no-store',
    );
    const day = new Date().toISOString().slice(0, 10);
    const csv = await fetch(`${portal.base}/payment/export.csv?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${exportToken}` },
    });
    expect(csv.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('issue 12: a payment bound to an application, checked at submit', () => {
  it('issue 12: create refuses an applicationId that is not a UUID, with the catalogue’s text', async () => {
    const answer = await portal
      .browser()
      .mutate('payment.create', input({ applicationId: 'hund-1' }), { 'accept-language': 'en' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.data.fieldErrors[0]).toMatchObject({
      path: 'applicationId',
      message: 'The application could not be identified. Please reload the page.',
    });
  });

  it('issue 12: a signed-in citizen pays once for an application; the fee check finds it for her and for nobody else', async () => {
    const applicationId = randomUUID();
    const citizen = portal.browser('citizen');
    const created = await start(citizen, { applicationId });
    expect(created.applicationId).toBe(applicationId);
    await expect(
      portal.service.paidFeeFor({ subject: 'bpk-1', applicationId, serviceId: dog, answers: { dogs: 1 } }),
    ).rejects.toMatchObject({ code: 'PAYMENT_NOT_COMPLETED' });
    await payAtCheckout(created.redirectUrl ?? '', { method: 'card', cardNumber: testCards.success });
    const before = portal.sim.createdCount;
    // The fee page reloaded (a new attempt key): the paid payment, not a second charge.
    const again = await citizen.mutate('payment.create', input({ applicationId }));
    expect(again.body.result.data).toMatchObject({ id: created.id, status: 'paid', applicationId });
    expect(portal.sim.createdCount).toBe(before);

    const fee = await portal.service.paidFeeFor({
      subject: 'bpk-1',
      applicationId,
      serviceId: dog,
      answers: { dogs: 1 },
    });
    expect(fee).toMatchObject({
      paymentId: created.id,
      transactionReference: created.kassenzeichen,
      paymentMethod: 'CREDITCARD',
      grossCents: 2000,
    });
    expect(fee?.transactionId).toMatch(/^[\w-]{1,36}$/);

    // The neighbour, even knowing the application id, sees no payment and gets his own.
    await expect(
      portal.service.paidFeeFor({ subject: 'bpk-2', applicationId, serviceId: dog, answers: { dogs: 1 } }),
    ).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
    const neighbours = await portal.browser('neighbour').mutate('payment.create', input({ applicationId }));
    expect(neighbours.status).toBe(200);
    expect(neighbours.body.result.data.id).not.toBe(created.id);
    expect(neighbours.body.result.data.status).toBe('pending');
    expect(JSON.stringify(neighbours.body)).not.toContain(created.kassenzeichen);
  });

  it('issue 12: paid in the browser before signing in: the signed-in create returns it and the check accepts it with that browser’s access', async () => {
    const applicationId = randomUUID();
    const browser = portal.browser();
    const created = await start(browser, { applicationId });
    await payAtCheckout(created.redirectUrl ?? '', { method: 'paypal' });
    browser.session = 'citizen';
    const again = await browser.mutate('payment.create', input({ applicationId }));
    expect(again.body.result.data).toMatchObject({ id: created.id, status: 'paid' });
    const headers = { cookie: browser.headers().cookie };
    await expect(
      portal.service.paidFeeFor({ subject: 'bpk-1', applicationId, serviceId: dog, answers: { dogs: 1 } }),
    ).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED' });
    expect(
      await portal.service.paidFeeFor({
        subject: 'bpk-1',
        applicationId,
        serviceId: dog,
        answers: { dogs: 1 },
        access: paymentAccessOf({ subject: 'bpk-1' }, headers),
      }),
    ).toMatchObject({ paymentId: created.id, paymentMethod: 'PAYPAL' });
  });

  it('issue 12: the amount changed after paying: refused at submit with what to do, in German and English', async () => {
    const applicationId = randomUUID();
    const citizen = portal.browser('citizen');
    const created = await start(citizen, { applicationId });
    await payAtCheckout(created.redirectUrl ?? '', { method: 'card', cardNumber: testCards.success });
    await citizen.query('payment.status', { id: created.id });
    const error = await portal.service
      .paidFeeFor({ subject: 'bpk-1', applicationId, serviceId: dog, answers: { dogs: 3 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PAYMENT_AMOUNT_CHANGED' });
    expect((error as { messages: { de: string; en: string } }).messages).toEqual({
      de: expect.stringMatching(/20,00\s€.*30,00\s€.*bezahlen Sie die Gebühr von 30,00\s€/),
      en: expect.stringMatching(/€20\.00.*€30\.00.*pay the fee of €30\.00/),
    });
    // Paying the new fee: a new payment for the application, not the old one returned.
    const newFee = await citizen.mutate(
      'payment.create',
      input({ applicationId, answers: { dogs: 3 }, expectedTotalCents: 3000 }),
    );
    expect(newFee.body.result.data).toMatchObject({ status: 'pending', totalCents: 3000, applicationId });
    expect(newFee.body.result.data.id).not.toBe(created.id);
  });
});
