import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXBezahldiensteProvider } from '../server/xbezahldienste.js';
import { payAtCheckout } from './checkout-client.js';
import { ibanValid, type PaymentSimulator, startPaymentSimulator, testCards } from './simulator.js';

let sim: PaymentSimulator;
let checkoutUrl: string;

async function newCheckout(): Promise<string> {
  const client = createXBezahldiensteProvider({
    baseUrl: sim.url,
    originatorId: 'o',
    endPointId: 'e',
    auth: { type: 'none' },
  });
  const tx = await client.create({
    requestId: `r${Math.random().toString(36).slice(2)}`,
    requestTimestamp: new Date(),
    totalCents: 1234,
    purpose: '510000000017 Test',
    description: 'Testgebühr <script>alert(1)</script>',
    redirectUrl: 'https://portal.example/payment/return/1',
    items: [
      {
        id: 'a',
        reference: 'x',
        description: 'Posten',
        quantity: 1,
        unitCents: 1234,
        totalCents: 1234,
        bookingData: { Haushaltsstelle: '1' },
      },
    ],
  });
  return tx.redirectUrl ?? '';
}

beforeAll(async () => {
  sim = await startPaymentSimulator({ open: true });
  checkoutUrl = await newCheckout();
});
afterAll(() => sim.close());

describe('simulator checkout page', () => {
  it('is plain accessible HTML under a strict CSP without any script', async () => {
    const response = await fetch(checkoutUrl);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' https://portal.example");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('12,34');
    for (const id of ['cardHolder', 'cardNumber', 'accountHolder', 'iban', 'mandate']) {
      expect(html).toContain(`<label for="${id}">`);
    }
    expect(await (await fetch(`${checkoutUrl}?lang=en`)).text()).toContain('Pay by card');
  });

  it('shows an error summary linked to the fields for an invalid card and keeps the payment open', async () => {
    const result = await payAtCheckout(checkoutUrl, { method: 'card', cardNumber: '4111111111111112' });
    expect(result.status).toBe(400);
    expect(result.body).toContain('role="alert"');
    expect(result.body).toContain('<a href="#cardNumber">Die Kartennummer ist ungültig.</a>');
    expect(result.body).toContain('aria-invalid="true"');
    const sepa = await payAtCheckout(checkoutUrl, { method: 'sepa', iban: 'DE00123', mandate: false });
    expect(sepa.body).toContain('<a href="#iban">');
    expect(sepa.body).toContain('<a href="#mandate">');
    expect(sim.transactions().find((t) => checkoutUrl.endsWith(t.transactionId))?.status).toBe('INITIAL');
  });

  it('declines, challenges and cancels with the right provider statuses', async () => {
    const declined = await newCheckout();
    await payAtCheckout(declined, { method: 'card', cardNumber: testCards.declined });
    const challenged = await newCheckout();
    const step = await payAtCheckout(challenged, { method: 'card', cardNumber: testCards.challenge });
    expect(step.location).toContain('/challenge');
    expect(await (await fetch(step.location ?? '')).text()).toContain('3-D Secure');
    await payAtCheckout(challenged, {
      method: 'card',
      cardNumber: testCards.challenge,
      challenge: 'decline',
    });
    const cancelled = await newCheckout();
    const back = await payAtCheckout(cancelled, { method: 'cancel' });
    expect(back.location).toBe('https://portal.example/payment/return/1');
    const statusOf = (url: string) => sim.transactions().find((t) => url.endsWith(t.transactionId));
    expect(statusOf(declined)).toMatchObject({ status: 'FAILED', statusDetail: 'card_declined' });
    expect(statusOf(challenged)).toMatchObject({ status: 'FAILED', statusDetail: 'challenge_declined' });
    expect(statusOf(cancelled)?.status).toBe('CANCELED');
  });

  it('validates IBANs by their check digits', () => {
    expect(ibanValid('DE02 1203 0000 0000 2020 51')).toBe(true);
    expect(ibanValid('DE03 1203 0000 0000 2020 51')).toBe(false);
  });

  it('keeps reporting INITIAL for a while when status changes are slow', async () => {
    // The simulator's clock is stepped, not waited for: the test holds on a busy machine.
    let now = Date.now();
    const slow = await startPaymentSimulator({ open: true, statusDelayMs: 2_000, clock: () => now });
    try {
      const client = createXBezahldiensteProvider({
        baseUrl: slow.url,
        originatorId: 'o',
        endPointId: 'e',
        auth: { type: 'none' },
      });
      const tx = await client.create({
        requestId: 'slow-1',
        requestTimestamp: new Date(),
        totalCents: 100,
        purpose: 'x',
        description: 'x',
        redirectUrl: 'https://portal.example/r',
        items: [
          {
            id: 'a',
            reference: 'x',
            description: 'x',
            quantity: 1,
            unitCents: 100,
            totalCents: 100,
            bookingData: {},
          },
        ],
      });
      await payAtCheckout(tx.redirectUrl ?? '', { method: 'paypal' });
      const status = async () =>
        (await client.status({ requestId: '', transactionId: tx.transactionId }))?.status;
      expect(await status()).toBe('INITIAL');
      now += 1_999;
      expect(await status()).toBe('INITIAL');
      now += 1;
      expect(await status()).toBe('PAYED');
    } finally {
      await slow.close();
    }
    // Its own in-memory PGlite starts here: seconds on the loaded 2 cores of CI.
  }, 120_000);
});

describe('issue 11 finding 7: nothing marks a payment paid without a secret', () => {
  const statusOf = (url: string) => sim.transactions().find((t) => url.endsWith(t.transactionId))?.status;

  it('issue 11 finding 7: the /_simulator/* control routes need the simulator’s token; unauthenticated posts, text/plain included, change nothing', async () => {
    const url = await newCheckout();
    const id = url.split('/').pop() ?? '';
    expect(sim.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const settle = `${sim.url}/_simulator/transactions/${id}/settle`;
    const body = JSON.stringify({ status: 'PAYED' });
    const refused: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
        body,
      },
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Basic ${sim.controlToken}` },
        body,
      },
    ];
    for (const init of refused) {
      const answer = await fetch(settle, init);
      expect([401, 403]).toContain(answer.status);
    }
    for (const path of ['unavailable', 'fail-next']) {
      const answer = await fetch(`${sim.url}/_simulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ unavailable: true, functionalCode: 'CALCULATION_ERROR' }),
      });
      expect(answer.status).toBe(401);
    }
    expect((await fetch(`${sim.url}/_simulator/transactions`)).status).toBe(401);
    expect(statusOf(url)).toBe('INITIAL');
    // Still answering: neither unavailable nor failing the next create.
    expect(await newCheckout()).toMatch(/\/checkout\//);

    const ok = await fetch(settle, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.controlToken}` },
      body,
    });
    expect(ok.status).toBe(200);
    expect(statusOf(url)).toBe('PAYED');
    // A text/plain post even with the token is refused: control calls are JSON.
    const plain = await fetch(`${sim.url}/_simulator/unavailable`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${sim.controlToken}` },
      body: JSON.stringify({ unavailable: true }),
    });
    expect(plain.status).toBe(415);
    const listed = await fetch(`${sim.url}/_simulator/transactions`, {
      headers: { authorization: `Bearer ${sim.controlToken}` },
    });
    expect(listed.status).toBe(200);
  });

  it('issue 11 finding 7: checkout forms carry a per-transaction anti-forgery field; a forged or text/plain post is refused, a person’s post works', async () => {
    const url = await newCheckout();
    const other = await newCheckout();
    const otherToken = /name="token" value="([^"]+)"/.exec(await (await fetch(other)).text())?.[1] ?? '';
    const page = await (await fetch(url)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(token).not.toBe(otherToken);
    expect(page.match(/name="token"/g)?.length).toBe(5);
    const forged: RequestInit[] = [
      { headers: { 'content-type': 'text/plain' }, body: 'method=paypal&action=pay' },
      { headers: { 'content-type': 'text/plain' }, body: `method=paypal&action=pay&token=${token}` },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'method=paypal&action=pay' },
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `method=paypal&action=pay&token=${otherToken}`,
      },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=cancel' },
    ];
    for (const init of forged) {
      const answer = await fetch(url, { ...init, method: 'POST', redirect: 'manual' });
      expect(answer.status).toBe(403);
    }
    expect(statusOf(url)).toBe('INITIAL');
    const paid = await payAtCheckout(url, { method: 'paypal' });
    expect(paid.status).toBe(303);
    expect(statusOf(url)).toBe('PAYED');
  });
});

/** A create call as a service's server makes it, naming the citizen's language or not. */
async function createRaw(acceptLanguage?: string): Promise<string> {
  const response = await fetch(`${sim.url}/paymenttransaction/o/e`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
    },
    body: `{"requestId":"l${Math.random().toString(36).slice(2)}","requestTimestamp":"${new Date().toISOString()}","currency":"EUR","grosAmount":12.34,"purpose":"510000000017 Test","redirectUrl":"https://portal.example/payment/return/1","items":[{"id":"a","description":"Verwaltungsgebühr","quantity":1,"totalNetAmount":12.34}]}`,
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { paymentInformation: { transactionRedirectUrl: string } };
  return body.paymentInformation.transactionRedirectUrl;
}

const pageOf = async (url: string, acceptLanguage: string) =>
  (await fetch(url, { headers: { 'accept-language': acceptLanguage } })).text();

describe('issue 12: the pay page speaks the language the citizen chose', () => {
  it('follows the language the service named at creation, over the browser’s German', async () => {
    const url = await createRaw('en');
    expect(new URL(url).searchParams.get('lang')).toBe('en');
    const page = await pageOf(url, 'de-DE,de;q=0.9');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Pay by card');
    // Without the query (a bookmarked or shortened link) the transaction still knows.
    const bare = await pageOf(url.split('?')[0] ?? '', 'de-DE,de;q=0.9');
    expect(bare).toContain('<html lang="en">');
    // A create call that names no language (HTTP clients send `*`) leaves it to the browser.
    expect(new URL(await createRaw('*')).search).toBe('');
  });

  it('reads the browser’s preference by its weights, not only its first tag', async () => {
    const url = await createRaw();
    expect(await pageOf(url, 'fr-FR,fr;q=0.9,en;q=0.8')).toContain('<html lang="en">');
    expect(await pageOf(url, 'en-GB;q=0.5,de;q=0.9')).toContain('<html lang="de">');
  });

  it('offers a language switch on its pages that keeps the payment', async () => {
    const url = await createRaw('de');
    const page = await pageOf(url, 'de');
    const id = new URL(url).pathname.split('/').pop();
    expect(page).toContain(
      `<a class="language-switch" href="/checkout/${id}?lang=en" hreflang="en" lang="en" aria-label="Switch to English">English</a>`,
    );
    const english = await pageOf(`${url.split('?')[0]}?lang=en`, 'de');
    expect(english).toContain(`href="/checkout/${id}?lang=de" hreflang="de" lang="de"`);
    // Its forms post in the language shown.
    expect(english).toContain(`action="/checkout/${id}?lang=en"`);
  });
});

describe('efa-payment-simulator command', () => {
  it('starts on the given port, requires tokens unless --open, and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../../dist/testing/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0', '--client', 'demo:demo-secret-123'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (
          match?.[1] &&
          output.includes('client_secret=demo-secret-123') &&
          output.includes('Control token')
        )
          resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    try {
      expect((await fetch(`${url}/status/o/e`)).status).toBe(401);
      const token = await fetch(`${url}/auth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('demo:demo-secret-123').toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token } = (await token.json()) as { access_token: string };
      expect(
        (await fetch(`${url}/status/o/e`, { headers: { authorization: `Bearer ${access_token}` } })).status,
      ).toBe(200);
      const controlToken = /Control token.*: (\S+)$/m.exec(output)?.[1];
      expect(controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await fetch(`${url}/_simulator/transactions`)).status).toBe(401);
      expect(
        (
          await fetch(`${url}/_simulator/transactions`, {
            headers: { authorization: `Bearer ${controlToken}` },
          })
        ).status,
      ).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
