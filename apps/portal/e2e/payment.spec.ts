import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * Paying a fee end to end: the portal's fee page, the provider simulator's checkout, the return
 * route, the announced status, and the cash office's CSV export. This spec runs its own portal
 * (port E2E_PAYMENT_PORT, default 3101) because the export needs PAYMENT_EXPORT_TOKEN.
 */
const port = Number(process.env.E2E_PAYMENT_PORT ?? 3101);
const base = `http://localhost:${port}`;
const exportToken = 'e2e-cash-office-token-0123456789';
let portal: ChildProcess | undefined;

test.beforeAll(async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  portal = spawn(process.execPath, ['dist/server/main.js'], {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: 'memory://',
      PAYMENT_EXPORT_TOKEN: exportToken,
      PAYMENT_PROVIDER_URL: '',
      // The payment simulator and the development identity provider run only in development mode.
      PORTAL_MODE: 'development',
      RATE_LIMIT_POINTS: '100000',
    },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('portal did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(async () => {
  if (!portal || portal.exitCode !== null) return;
  const exited = new Promise((resolve) => portal?.once('exit', resolve));
  portal.kill('SIGTERM');
  await exited;
});

function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

async function startPayment(page: Page, query = 'hunde=2'): Promise<void> {
  await page.goto(`${base}/gebuehr-bezahlen?${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gebühr bezahlen: Hund anmelden');
  await expect(page.locator('efa-payment tfoot')).toContainText('25,00');
  await page.getByRole('button', { name: 'Jetzt bezahlen' }).click();
  await expect(page).toHaveURL(/\/checkout\//);
}

async function payByCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Name auf der Karte').fill('Erika Mustermann');
  await page.getByLabel('Kartennummer').fill(cardNumber);
  await page.getByRole('button', { name: 'Mit Karte bezahlen' }).click();
}

test('a citizen pays the dog fee by card and the cash office finds it in the export', async ({
  page,
  request,
}) => {
  await page.goto(`${base}/gebuehr-bezahlen?hunde=2`);
  await expect(page.locator('efa-payment').getByRole('table')).toContainText('Hundesteuermarke je Hund');
  await expectNoAxeViolations(page);

  await startPayment(page);
  // The provider's checkout page: plain HTML under a strict CSP, accessible too.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('25,00');
  await expectNoAxeViolations(page);
  await payByCard(page, '4111 1111 1111 1111');

  await expect(page).toHaveURL(/\/gebuehr-bezahlen\?hunde=2.*payment=[0-9a-f-]{36}/);
  const status = page.locator('efa-payment').getByRole('status');
  await expect(status).toHaveText(/Vielen Dank\. Die Zahlung über 25,00\s€ ist eingegangen\./);
  const kassenzeichen = (await page.locator('efa-payment [data-kassenzeichen]').textContent()) ?? '';
  expect(kassenzeichen).toMatch(/^51\d{10}$/);
  await expectNoAxeViolations(page);

  const day = berlinToday();
  const refused = await request.get(`${base}/payment/export.csv?from=${day}&to=${day}`);
  expect(refused.status()).toBe(401);
  const exported = await request.get(`${base}/payment/export.csv?from=${day}&to=${day}&status=paid`, {
    headers: { authorization: `Bearer ${exportToken}` },
  });
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toContain(`zahlungen_${day}_${day}.csv`);
  const lines = (await exported.text()).split('\r\n').filter((line) => line.startsWith(kassenzeichen));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain(';paid;25,00;EUR;Verwaltungsgebühr Anmeldung;15,00;1.1.2.1.01;');
  expect(lines[0]).toContain(';CREDITCARD;');
});

test('a declined card is reported with nothing charged, and the retry reaches the provider again', async ({
  page,
}) => {
  await startPayment(page);
  await payByCard(page, '4000 0000 0000 0002');
  await expect(page.locator('efa-payment').getByRole('status')).toHaveText(
    'Die Zahlung ist fehlgeschlagen. Es wurde nichts abgebucht.',
  );
  await page.getByRole('button', { name: 'Erneut versuchen' }).click();
  await expect(page).toHaveURL(/\/checkout\//);
  await payByCard(page, '4111 1111 1111 1111');
  await expect(page.locator('efa-payment').getByRole('status')).toHaveText(/ist eingegangen/);
});

test('a forged return (status in the URL) is not trusted; a closed tab can be resumed', async ({ page }) => {
  await startPayment(page);
  const checkoutUrl = page.url();
  // The citizen closes the tab and types the return address with a forged status.
  const back = await page.goto(`${base}/gebuehr-bezahlen?hunde=2`);
  expect(back?.ok()).toBe(true);
  const resume = page.locator('efa-payment').getByRole('link', { name: 'Begonnene Zahlung fortsetzen' });
  await expect(resume).toHaveAttribute('href', checkoutUrl);
  // Anonymous: the open payment is kept for this tab only (sessionStorage).
  const paymentId =
    (await page.evaluate(() => sessionStorage.getItem('efa-kit:tab:payment:99102013104000'))) ?? '';
  const { id } = JSON.parse(paymentId) as { id: string };
  await page.goto(`${base}/payment/return/${id}?status=PAYED&paymentInformation.status=PAYED`);
  await expect(page.locator('efa-payment').getByRole('status')).toHaveText(
    'Die Zahlung ist noch nicht abgeschlossen.',
  );
  await resume
    .or(page.locator('efa-payment').getByRole('link', { name: 'Begonnene Zahlung fortsetzen' }))
    .first()
    .click();
  await expect(page).toHaveURL(checkoutUrl);
});
