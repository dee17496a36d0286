import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAtCheckout } from '../testing/checkout-client.js';
import { type PaymentSimulator, startPaymentSimulator, testCards } from '../testing/simulator.js';
import { type PaymentProvider, ProviderError, type ProviderPaymentRequest } from './provider.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

let sim: PaymentSimulator;
let provider: PaymentProvider;
let counter = 0;

function request(overrides: Partial<ProviderPaymentRequest> = {}): ProviderPaymentRequest {
  counter += 1;
  return {
    requestId: `req-${Date.now()}-${counter}`,
    requestTimestamp: new Date(),
    totalCents: 2000,
    purpose: '510000000017 Hund anmelden',
    description: 'Hund anmelden',
    redirectUrl: 'http://portal.test/payment/return/x',
    items: [
      {
        id: 'a',
        reference: 'K1',
        description: 'Gebühr',
        quantity: 1,
        unitCents: 1500,
        totalCents: 1500,
        bookingData: { Haushaltsstelle: '1' },
      },
      {
        id: 'b',
        reference: 'K1',
        description: 'Marke',
        quantity: 1,
        unitCents: 500,
        totalCents: 500,
        bookingData: { Haushaltsstelle: '2' },
      },
    ],
    ...overrides,
  };
}

async function expectProviderError(promise: Promise<unknown>, kind: string, functionalCode?: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).kind).toBe(kind);
  if (functionalCode) expect((error as ProviderError).functionalCode).toBe(functionalCode);
}

beforeAll(async () => {
  sim = await startPaymentSimulator({
    clients: [{ clientId: 'portal', clientSecret: 's3cret-s3cret' }],
    requireBookingData: true,
  });
  provider = createXBezahldiensteProvider({
    baseUrl: sim.url,
    originatorId: 'hund-anmelden',
    endPointId: '14628230',
    auth: {
      type: 'oauth2-client-credentials',
      tokenUrl: sim.tokenUrl,
      clientId: 'portal',
      clientSecret: 's3cret-s3cret',
    },
    timeoutMs: 2_000,
  });
});

afterAll(() => sim.close());

describe('XBezahldienste client against the simulator over HTTP', () => {
  it('creates a transaction: INITIAL, a pay page, the amount as sent', async () => {
    const tx = await provider.create(request());
    expect(tx.status).toBe('INITIAL');
    expect(tx.redirectUrl).toMatch(new RegExp(`^${sim.url}/checkout/`));
    expect(tx.totalCents).toBe(2000);
    const again = await provider.status({ requestId: 'ignored', transactionId: tx.transactionId });
    expect(again?.status).toBe('INITIAL');
  });

  it('reads the final status after the citizen paid, with method and reference', async () => {
    const tx = await provider.create(request());
    const result = await payAtCheckout(tx.redirectUrl ?? '', {
      method: 'card',
      cardNumber: testCards.success,
    });
    expect(result.location).toBe('http://portal.test/payment/return/x');
    const paid = await provider.status({ requestId: '', transactionId: tx.transactionId });
    expect(paid).toMatchObject({ status: 'PAYED', method: 'CREDITCARD', redirectUrl: null });
    expect(paid?.reference).toMatch(/^SIM-/);
    expect(paid?.paidAt).toBeInstanceOf(Date);
  });

  it('maps CALCULATION_ERROR when the items do not add up to grosAmount', async () => {
    await expectProviderError(
      provider.create(request({ totalCents: 2001 })),
      'functional',
      'CALCULATION_ERROR',
    );
  });

  it('maps PAYMENT_EXISTS when a requestId is reused, and finds the transaction by requestId', async () => {
    const first = request();
    const tx = await provider.create(first);
    await expectProviderError(provider.create(first), 'functional', 'PAYMENT_EXISTS');
    const found = await provider.status({ requestId: first.requestId, transactionId: null });
    expect(found?.transactionId).toBe(tx.transactionId);
  });

  it('maps BOOKING_DATA_MISSING and VALIDATION_ERROR', async () => {
    const base = request();
    await expectProviderError(
      provider.create({ ...base, items: base.items.map((item) => ({ ...item, bookingData: {} })) }),
      'functional',
      'BOOKING_DATA_MISSING',
    );
    await expectProviderError(
      provider.create(request({ purpose: 'x'.repeat(28) })),
      'functional',
      'VALIDATION_ERROR',
    );
  });

  it('returns null for an unknown transaction', async () => {
    expect(await provider.status({ requestId: 'nope', transactionId: 'nope' })).toBeNull();
  });

  it('refuses calls without a token and with a wrong secret', async () => {
    const response = await fetch(`${sim.url}/status/a/b`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const wrong = createXBezahldiensteProvider({
      baseUrl: sim.url,
      originatorId: 'a',
      endPointId: 'b',
      auth: {
        type: 'oauth2-client-credentials',
        tokenUrl: sim.tokenUrl,
        clientId: 'portal',
        clientSecret: 'wrong',
      },
    });
    await expectProviderError(wrong.create(request()), 'auth');
    expect(await wrong.health()).toBe(false);
    expect(await provider.health()).toBe(true);
  });

  it('treats a provider that is switched off or not listening as unavailable', async () => {
    sim.setUnavailable(true);
    try {
      const before = sim.createdCount;
      await expectProviderError(provider.create(request()), 'unavailable');
      expect(sim.createdCount).toBe(before);
    } finally {
      sim.setUnavailable(false);
    }
    const nowhere = createXBezahldiensteProvider({
      baseUrl: 'http://127.0.0.1:9',
      originatorId: 'a',
      endPointId: 'b',
      auth: { type: 'none' },
    });
    await expectProviderError(nowhere.create(request()), 'unavailable');
  });

  it('rejects malformed originator and endpoint ids before sending anything', () => {
    expect(() =>
      createXBezahldiensteProvider({
        baseUrl: sim.url,
        originatorId: 'a/b',
        endPointId: 'x',
        auth: { type: 'none' },
      }),
    ).toThrow();
  });
});

describe('simulator in open mode', () => {
  it('needs no token with --open', async () => {
    const open = await startPaymentSimulator({ open: true });
    try {
      const client = createXBezahldiensteProvider({
        baseUrl: open.url,
        originatorId: 'o',
        endPointId: 'e',
        auth: { type: 'none' },
      });
      expect((await client.create(request())).status).toBe('INITIAL');
    } finally {
      await open.close();
    }
  });
});
