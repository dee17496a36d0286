import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { PaymentView } from '../schema/index.js';
import type { EfaPaymentElement, PaymentRedirectDetail } from './efa-payment.js';

const dog = '99102013104000';
const backend = `http://${location.hostname}:${inject('paymentBackendPort')}`;
const endpoint = `${backend}/trpc`;

beforeAll(() => {
  // The double-submit CSRF token, as the portal sets it; cookies are shared across ports.
  // biome-ignore lint/suspicious/noDocumentCookie: the test plays the portal page that sets this cookie
  document.cookie = `efa_csrf=${'t'.repeat(32)}; path=/; SameSite=Lax`;
});

afterEach(() => {
  document.body.replaceChildren();
  localStorage.clear();
  sessionStorage.clear();
});

const keys = (storage: Storage) =>
  Array.from({ length: storage.length }, (_, index) => storage.key(index) ?? '').sort();

async function mount(props: Partial<EfaPaymentElement> = {}): Promise<EfaPaymentElement> {
  const element = document.createElement('efa-payment');
  element.endpoint = endpoint;
  element.lang = 'de';
  element.service = dog;
  element.answers = { dogs: 2 };
  element.returnPath = '/pay';
  Object.assign(element, props);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

function shadow(element: EfaPaymentElement): ShadowRoot {
  return element.shadowRoot as ShadowRoot;
}

async function until(check: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Clicks "pay now", stops the navigation and returns where the element wanted to go. */
async function payNow(
  element: EfaPaymentElement,
  name = /Jetzt bezahlen|Pay now|Erneut versuchen|Try again/,
): Promise<PaymentRedirectDetail> {
  const redirect = new Promise<PaymentRedirectDetail>((resolve) =>
    element.addEventListener(
      'efa-payment-redirect',
      (event) => {
        event.preventDefault();
        resolve(event.detail);
      },
      { once: true },
    ),
  );
  await userEvent.click(page.getByRole('button', { name }));
  return redirect;
}

async function checkout(url: string, action: object): Promise<void> {
  const response = await fetch(
    `${backend}/test/pay?checkout=${encodeURIComponent(url)}&action=${encodeURIComponent(JSON.stringify(action))}`,
  );
  const { location: back } = (await response.json()) as { location: string };
  // The citizen's browser follows the provider's redirect to the return route.
  await fetch(back, { redirect: 'manual', credentials: 'include' });
}

const liveRegion = (element: EfaPaymentElement) =>
  shadow(element).querySelector('[role="status"]')?.textContent?.trim() ?? '';

describe('<efa-payment> against the real payment backend and provider simulator', () => {
  it('shows the server-computed line items and total in German', async () => {
    const element = await mount();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const table = page.getByRole('table');
    await expect.element(table).toHaveTextContent(/Verwaltungsgebühr Anmeldung/);
    await expect.element(table).toHaveTextContent(/2 × 5,00 €/);
    expect(shadow(element).querySelector('tfoot')?.textContent).toMatch(/Gesamtbetrag\s*25,00\s€/);
    const methods = [...shadow(element).querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(methods).toEqual(['Kreditkarte', 'PayPal', 'SEPA-Lastschrift', 'Überweisung']);
  });

  it('formats for English readers', async () => {
    const element = await mount({ lang: 'en', answers: { dogs: 1, socialPass: true } });
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    expect(shadow(element).querySelector('tfoot')?.textContent).toMatch(/Total\s*€12\.50/);
    expect(shadow(element).textContent).toContain('Social pass reduction (50%): −€7.50');
    await expect.element(page.getByRole('button', { name: 'Pay now' })).toBeVisible();
  });

  it('pays: pay now → provider → return, and announces the result politely', async () => {
    const element = await mount();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const { url, paymentId } = await payNow(element);
    expect(url).toMatch(/\/checkout\//);
    await checkout(url, { method: 'card', cardNumber: '4111111111111111' });
    document.body.replaceChildren();
    const changes: string[] = [];
    document.addEventListener('efa-payment-change', (event) =>
      changes.push((event as CustomEvent<{ status: string }>).detail.status),
    );
    const back = await mount({ paymentId });
    await until(() => liveRegion(back).includes('ist eingegangen'));
    expect(liveRegion(back).replace(/\s/g, ' ')).toBe(
      'Vielen Dank. Die Zahlung über 25,00 € ist eingegangen.',
    );
    expect(shadow(back).querySelector('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
    expect(shadow(back).querySelector('[data-kassenzeichen]')?.textContent).toMatch(/^51\d{10}$/);
    expect(changes).toContain('paid');
  });

  it('works by keyboard: Tab reaches "pay now", Enter starts the payment', async () => {
    const element = await mount();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const redirect = new Promise<PaymentRedirectDetail>((resolve) =>
      element.addEventListener(
        'efa-payment-redirect',
        (event) => {
          event.preventDefault();
          resolve(event.detail);
        },
        { once: true },
      ),
    );
    await userEvent.keyboard('{Tab}');
    expect(shadow(element).activeElement?.textContent?.trim()).toBe('Jetzt bezahlen');
    await userEvent.keyboard('{Enter}');
    expect((await redirect).url).toMatch(/\/checkout\//);
  });

  it('offers a retry after a declined card, as a new attempt', async () => {
    const element = await mount();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const first = await payNow(element);
    await checkout(first.url, { method: 'card', cardNumber: '4000000000000002' });
    document.body.replaceChildren();
    const back = await mount({ paymentId: first.paymentId });
    await until(() => liveRegion(back).includes('fehlgeschlagen'));
    const retry = await payNow(back, /Erneut versuchen/);
    expect(retry.paymentId).not.toBe(first.paymentId);
    expect(retry.url).toMatch(/\/checkout\//);
  });

  it('offers to resume a payment left open in a closed tab', async () => {
    const element = await mount({ stateScope: 'erika-0001' });
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const started = await payNow(element);
    document.body.replaceChildren();
    const later = await mount({ stateScope: 'erika-0001' });
    await until(() => Boolean(shadow(later).querySelector('.notice a')));
    const link = page.getByRole('link', { name: 'Begonnene Zahlung fortsetzen' });
    await expect.element(link).toHaveAttribute('href', started.url);
  });

  it('issue 11 finding 4: the open payment is kept per person (state-scope), never under a shared key, and the next person is not offered it', async () => {
    const erika = await mount({ stateScope: 'erika-0001' });
    await until(() => Boolean(shadow(erika).querySelector('tfoot')));
    const started = await payNow(erika);
    document.body.replaceChildren();
    expect(keys(localStorage)).toEqual([`efa-kit:erika-0001:payment:${dog}`]);
    expect(localStorage.getItem(`efa-kit:erika-0001:payment:${dog}`)).toContain(started.paymentId);
    expect(keys(sessionStorage)).toEqual([]);

    // The next person on the device (signed in or not) sees the fee, not Erika's open payment.
    for (const stateScope of ['max-00002', '']) {
      const next = await mount({ stateScope });
      await until(() => Boolean(shadow(next).querySelector('tfoot')));
      await expect.element(page.getByRole('button', { name: 'Jetzt bezahlen' })).toBeVisible();
      expect(shadow(next).querySelector('.notice a')).toBeNull();
      expect(shadow(next).textContent).not.toContain('Begonnene Zahlung fortsetzen');
      document.body.replaceChildren();
    }

    // Back as Erika: offered. After logout (the portal clears kit state): gone.
    const again = await mount({ stateScope: 'erika-0001' });
    await until(() => Boolean(shadow(again).querySelector('.notice a')));
    document.body.replaceChildren();
    expect(clearBrowserState()).toBe(1);
    const afterLogout = await mount({ stateScope: 'erika-0001' });
    await until(() => Boolean(shadow(afterLogout).querySelector('tfoot')));
    expect(shadow(afterLogout).querySelector('.notice a')).toBeNull();
  });

  it('issue 11 finding 4: without a state scope the open payment is kept for this tab only, and a key of the old shared kind is removed', async () => {
    localStorage.setItem(`efa-payment:${dog}`, JSON.stringify({ id: 'x', answers: { dogs: 2 } }));
    const element = await mount();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    expect(localStorage.getItem(`efa-payment:${dog}`)).toBeNull();
    const started = await payNow(element);
    expect(keys(localStorage)).toEqual([]);
    expect(keys(sessionStorage)).toEqual([`efa-kit:tab:payment:${dog}`]);
    expect(sessionStorage.getItem(`efa-kit:tab:payment:${dog}`)).toContain(started.paymentId);
    expect(element.getAttribute('state-scope')).toBeNull();
  });

  it('says clearly when the provider is down, and nothing was charged', async () => {
    await fetch(`${backend}/test/unavailable?on=1`);
    try {
      const element = await mount();
      await until(() => Boolean(shadow(element).querySelector('tfoot')));
      await userEvent.click(page.getByRole('button', { name: 'Jetzt bezahlen' }));
      await until(() => Boolean(shadow(element).querySelector('[role="alert"]')));
      expect(shadow(element).querySelector('[role="alert"]')?.textContent).toContain(
        'Es wurde nichts abgebucht',
      );
      await expect.element(page.getByRole('button', { name: 'Jetzt bezahlen' })).toBeEnabled();
    } finally {
      await fetch(`${backend}/test/unavailable?on=0`);
    }
  });

  it('issue 12: binds the payment to its application (application-id) and remembers it per application', async () => {
    const first = crypto.randomUUID();
    const second = crypto.randomUUID();
    const element = await mount({ stateScope: 'erika-0001', applicationId: first });
    expect(element.getAttribute('application-id')).toBeNull();
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const started = await payNow(element);
    expect(keys(localStorage)).toEqual([`efa-kit:erika-0001:payment:${dog}:${first}`]);
    await checkout(started.url, { method: 'card', cardNumber: '4111111111111111' });
    document.body.replaceChildren();

    // Back from the provider: the payment is the first application's, sent as `applicationId`.
    const back = await mount({
      stateScope: 'erika-0001',
      applicationId: first,
      paymentId: started.paymentId,
    });
    await until(() => liveRegion(back).includes('ist eingegangen'));
    expect(back.payment?.applicationId).toBe(first);
    document.body.replaceChildren();

    // Later, without the URL parameter: still paid for this application (kept with it) …
    const later = await mount({ stateScope: 'erika-0001', applicationId: first });
    await until(() => liveRegion(later).includes('ist eingegangen'));
    document.body.replaceChildren();
    // … while another application of the same service starts with its own fee …
    const other = await mount({ stateScope: 'erika-0001', applicationId: second });
    await until(() => Boolean(shadow(other).querySelector('tfoot')));
    await expect.element(page.getByRole('button', { name: 'Jetzt bezahlen' })).toBeVisible();
    expect(shadow(other).querySelector('.notice')).toBeNull();
    document.body.replaceChildren();
    // … and a link naming the first application's payment is not taken for the second's fee.
    const stale = await mount({
      stateScope: 'erika-0001',
      applicationId: second,
      paymentId: started.paymentId,
    });
    await until(() => Boolean(shadow(stale).querySelector('tfoot')));
    expect(stale.payment).toBeUndefined();
    await expect.element(page.getByRole('button', { name: 'Jetzt bezahlen' })).toBeVisible();
  });

  it('issue 12: paying again for an application whose fee is paid charges nothing and shows it paid', async () => {
    const applicationId = crypto.randomUUID();
    const element = await mount({ stateScope: 'erika-0001', applicationId });
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    const started = await payNow(element);
    await checkout(started.url, { method: 'card', cardNumber: '4111111111111111' });
    document.body.replaceChildren();
    // Another device (nothing remembered): "pay now" finds the paid payment, no checkout.
    localStorage.clear();
    const again = await mount({ stateScope: 'erika-0001', applicationId });
    await until(() => Boolean(shadow(again).querySelector('tfoot')));
    let redirected = false;
    again.addEventListener('efa-payment-redirect', (event) => {
      redirected = true;
      event.preventDefault();
    });
    await userEvent.click(page.getByRole('button', { name: 'Jetzt bezahlen' }));
    await until(() => liveRegion(again).includes('ist eingegangen'));
    expect(redirected).toBe(false);
    expect(again.payment?.id).toBe(started.paymentId);
  });

  it('issue 12: new answers are a new fee: the quote is asked for again, a paid fee for other answers is not shown', async () => {
    const applicationId = crypto.randomUUID();
    const element = await mount({ stateScope: 'erika-0001', applicationId });
    await until(() => Boolean(shadow(element).querySelector('tfoot')));
    expect(shadow(element).querySelector('tfoot')?.textContent).toMatch(/25,00\s€/);
    const started = await payNow(element);
    await checkout(started.url, { method: 'card', cardNumber: '4111111111111111' });
    document.body.replaceChildren();
    const back = await mount({ stateScope: 'erika-0001', applicationId, paymentId: started.paymentId });
    await until(() => liveRegion(back).includes('ist eingegangen'));

    // The citizen adds a dog: the paid 25 € are not this fee.
    back.answers = { dogs: 3 };
    await until(() => /30,00\s€/.test(shadow(back).querySelector('tfoot')?.textContent ?? ''));
    expect(back.payment).toBeUndefined();
    await expect.element(page.getByRole('button', { name: 'Jetzt bezahlen' })).toBeVisible();
    document.body.replaceChildren();
    // Back to two dogs: the paid fee is that one again.
    const two = await mount({ stateScope: 'erika-0001', applicationId, answers: { dogs: 2 } });
    await until(() => liveRegion(two).includes('ist eingegangen'));
  });

  it('renders a given payment without a request (server-rendered pages, stories)', async () => {
    const payment: PaymentView = {
      id: '00000000-0000-4000-8000-000000000001',
      serviceId: dog,
      status: 'cancelled',
      kassenzeichen: '510000000017',
      totalCents: 2000,
      currency: 'EUR',
      items: [],
      redirectUrl: null,
      method: null,
      providerReference: null,
      paidAt: null,
      createdAt: new Date().toISOString(),
      returnPath: '/',
      retryable: true,
    };
    const element = await mount({ payment, service: dog });
    expect(shadow(element).textContent).toContain(
      'Sie haben die Zahlung abgebrochen. Es wurde nichts abgebucht.',
    );
    await expect.element(page.getByRole('button', { name: 'Erneut versuchen' })).toBeVisible();
  });
});
