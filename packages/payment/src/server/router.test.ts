import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContextFactory, createDatabase, type EfaSession, migrate, router } from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAtCheckout } from '../testing/checkout-client.js';
import { type PaymentSimulator, startPaymentSimulator, testCards } from '../testing/simulator.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import { createPaymentExportHandler, createPaymentReturnHandler, createPaymentRouter } from './router.js';
import { createPaymentService } from './service.js';
import { paymentMigrations } from './storage.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

const origin = 'http://portal.test';
const token = 'c'.repeat(32);
const dog = '99108008252000';
let sim: PaymentSimulator;
let server: Server;
let base: string;
let close: () => Promise<void>;

const sessions: Record<string, EfaSession> = {
  citizen: {
    id: 's1',
    subject: 'bpk-1',
    trustLevel: 'substantial',
    displayName: 'Erika',
    kind: 'person',
    roles: [],
  },
  cashier: {
    id: 's2',
    subject: 'staff-1',
    trustLevel: 'substantial',
    displayName: 'Kasse',
    kind: 'person',
    roles: ['cash-office'],
  },
};

beforeAll(async () => {
  const db = await createDatabase();
  await migrate(db, [paymentMigrations]);
  sim = await startPaymentSimulator({ open: true });
  const service = createPaymentService({
    db,
    provider: createXBezahldiensteProvider({
      baseUrl: sim.url,
      originatorId: 'o',
      endPointId: 'e',
      auth: { type: 'none' },
    }),
    fees: defineFeeSchedules(exampleFeeSchedules),
    returnUrl: (id) => `${origin}/payment/return/${id}`,
  });
  const appRouter = router({ payment: createPaymentRouter({ service }) });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createContextFactory({
      db,
      publicOrigin: origin,
      // Test sessions by header; the service-account package does this for real.
      resolveSession: async (request) => sessions[String(request.headers['x-test-session'])] ?? null,
    }),
  });
  const returns = createPaymentReturnHandler({ service });
  const exportCsv = createPaymentExportHandler({ service, token: 'cash-office-token-0123456789' });
  server = createServer((req, res) => {
    returns(req, res)
      .then(async (handled) => handled || (await exportCsv(req, res)))
      .then((handled) => {
        if (!handled) trpc(req, res);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await sim.close();
    await db.destroy();
  };
});

afterAll(() => close());

const query = async (path: string, input: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers,
  });
  return { status: response.status, body: await response.json() };
};
const mutate = async (
  path: string,
  input: unknown,
  headers: Record<string, string> = { origin, cookie: `efa_csrf=${token}`, 'x-efa-csrf': token },
) => {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
};

describe('payment router over HTTP', () => {
  it('quotes with line items in cents', async () => {
    const { status, body } = await query('payment.quote', { serviceId: dog, answers: { dogs: 2 } });
    expect(status).toBe(200);
    expect(body.result.data).toMatchObject({ totalCents: 2500, currency: 'EUR', paymentRequired: true });
  });

  it('localizes validation errors of its own catalogue', async () => {
    const { status, body } = await query('payment.quote', { serviceId: 'hund' }, { 'accept-language': 'en' });
    expect(status).toBe(400);
    expect(body.error.data.fieldErrors[0]).toMatchObject({
      path: 'serviceId',
      message: 'The service is unknown.',
    });
  });

  it('creates only with the CSRF token, and reports a tampered amount in German', async () => {
    const input = {
      serviceId: dog,
      answers: { dogs: 1 },
      idempotencyKey: 'k'.repeat(20),
      expectedTotalCents: 2000,
    };
    expect((await mutate('payment.create', input, { origin })).status).toBe(403);
    const tampered = await mutate('payment.create', {
      ...input,
      idempotencyKey: 't'.repeat(20),
      expectedTotalCents: 100,
    });
    expect(tampered.status).toBe(409);
    expect(tampered.body.error.data.efaCode).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect(tampered.body.error.message).toContain('1,00');
    const ok = await mutate('payment.create', input);
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.status).toBe('pending');
  });

  it('refuses an absolute return URL (no open redirect)', async () => {
    const input = {
      serviceId: dog,
      answers: { dogs: 1 },
      idempotencyKey: 'r'.repeat(20),
      expectedTotalCents: 2000,
      returnPath: '//evil.example/',
    };
    const { status, body } = await mutate('payment.create', input);
    expect(status).toBe(400);
    expect(body.error.data.fieldErrors[0].path).toBe('returnPath');
  });

  it('reports an unavailable provider with a clear code and 503', async () => {
    sim.setUnavailable(true);
    try {
      const input = {
        serviceId: dog,
        answers: { dogs: 1 },
        idempotencyKey: 'u'.repeat(20),
        expectedTotalCents: 2000,
      };
      const { status, body } = await mutate('payment.create', input);
      expect(status).toBe(503);
      expect(body.error.data.efaCode).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      sim.setUnavailable(false);
    }
  });

  it('pays, returns through the route and exports for the cash office only', async () => {
    const input = {
      serviceId: dog,
      answers: { dogs: 1 },
      idempotencyKey: 'e'.repeat(20),
      expectedTotalCents: 2000,
      returnPath: '/hund',
    };
    const created = (await mutate('payment.create', input)).body.result.data;
    const checkout = await payAtCheckout(created.redirectUrl, {
      method: 'card',
      cardNumber: testCards.success,
    });
    const back = await fetch(`${base}${new URL(checkout.location ?? '').pathname}`, { redirect: 'manual' });
    expect(back.headers.get('location')).toBe(`/hund?payment=${created.id}`);
    const status = await query('payment.status', { id: created.id });
    expect(status.body.result.data.status).toBe('paid');
    const day = new Date().toISOString().slice(0, 10);
    expect((await query('payment.export', { from: day, to: day })).status).toBe(401);
    expect(
      (await query('payment.export', { from: day, to: day }, { 'x-test-session': 'citizen' })).body.error.data
        .efaCode,
    ).toBe('PAYMENT_EXPORT_FORBIDDEN');
    const exported = await query('payment.export', { from: day, to: day }, { 'x-test-session': 'cashier' });
    expect(exported.status).toBe(200);
    expect(exported.body.result.data.csv).toContain(created.kassenzeichen);
    expect(exported.body.result.data.filename).toBe(`zahlungen_${day}_${day}.csv`);
  });

  it('serves the CSV to the cash office import job with its bearer token only', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const url = `${base}/payment/export.csv?from=${day}&to=${day}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const bad = await fetch(`${base}/payment/export.csv?from=${day}&to=2000-01-01`, {
      headers: { authorization: 'Bearer cash-office-token-0123456789' },
    });
    expect(bad.status).toBe(400);
    const ok = await fetch(url, { headers: { authorization: 'Bearer cash-office-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await ok.text()).split('\r\n')[0]).toMatch(/^Kassenzeichen;Zahlungs-ID;/);
  });
});
