import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevIdentityProvider, startDevIdentityProvider } from '@efa-kit/service-account/testing';
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * Logging in through a service account end to end: the portal's "Mein Konto" page, the
 * development identity provider's BundID-style login page, each login method with its trust
 * level, a step-up from "niedrig" to "hoch" for a service that needs it, cancel, and logout
 * (local and at the provider) with the session gone on the server. The same journey then runs
 * against a second OpenID provider started here, configured differently (ES256 keys,
 * private_key_jwt only), through a second portal configured by OIDC_* variables.
 */

interface Target {
  name: string;
  base: string;
  sessionCookie: string;
}

const defaultPortal: Target = { name: 'development provider', base: '', sessionCookie: 'efa_session' };

async function logIn(page: Page, target: Target, method: RegExp, identity: string, path = '/mein-konto') {
  await page.goto(`${target.base}${path}`);
  await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden mit Ihrem Servicekonto' })).toBeVisible();
  await page.getByRole('radio', { name: method }).check();
  await page.getByLabel('Testidentität').selectOption(identity);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}$`));
}

async function sessionCookie(context: BrowserContext, target: Target): Promise<string> {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name === target.sessionCookie)?.value ?? '';
}

async function me(request: APIRequestContext, target: Target, cookie: string) {
  const response = await request.get(`${target.base}/trpc/account.me`, {
    headers: { cookie: `${target.sessionCookie}=${cookie}` },
  });
  return (await response.json()).result.data;
}

function journeys(target: () => Target) {
  test('logs in with each method and shows its trust level', async ({ browser }) => {
    const cases: [RegExp, string, string, string][] = [
      [/Online-Ausweis/, 'erika-mustermann', 'Erika Mustermann', 'hoch'],
      [/ELSTER-Zertifikat/, 'jonas-beispiel', 'Jonas Beispiel', 'substanziell'],
      [/Benutzername und Passwort/, 'mia-beispiel', 'Mia Beispiel', 'niedrig'],
      [/Unternehmenskonto/, 'musterbau-gmbh', 'Musterbau GmbH', 'substanziell'],
      [/EU-Identität/, 'jan-kowalski', 'Jan Kowalski', 'hoch'],
    ];
    for (const [method, identity, name, level] of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      if (identity === 'erika-mustermann') {
        // The development provider's login page is part of the journey: it must be accessible too.
        await page.goto(`${target().base}/mein-konto`);
        await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
        await expect(page.getByRole('heading', { name: 'Anmelden mit Ihrem Servicekonto' })).toBeVisible();
        await expectNoAxeViolations(page);
        await page.setViewportSize({ width: 320, height: 800 });
        await expectNoAxeViolations(page);
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      await logIn(page, target(), method, identity);
      const login = page.locator('efa-login');
      await expect(login.locator('[part=name]')).toHaveText(name);
      await expect(login.locator('[part=badge]')).toHaveText(`Vertrauensniveau: ${level}`);
      await expect(page.getByRole('table', { name: 'Ihre Daten aus dem Servicekonto' })).toBeVisible();
      if (identity === 'erika-mustermann') {
        await expect(page.getByRole('row', { name: /Geburtsname Gabler Online-Ausweis hoch/ })).toBeVisible();
        await expectNoAxeViolations(page);
      }
      await context.close();
    }
  });

  test('steps up from niedrig to hoch for a service that needs it, and returns there', async ({ page }) => {
    await logIn(page, target(), /Benutzername und Passwort/, 'erika-mustermann');
    await page.goto(`${target().base}/mein-konto/ausweisdaten`);
    const stepUp = page.getByRole('link', { name: 'Mit Vertrauensniveau „hoch“ anmelden' });
    await expect(stepUp).toBeVisible();
    await expect(page.getByText('Diese Daten wurden mit dem Vertrauensniveau „hoch“ bestätigt.')).toHaveCount(
      0,
    );
    await expectNoAxeViolations(page);
    await stepUp.click();
    // The provider offers only methods that reach "hoch".
    await expect(page.getByRole('radio', { name: /Benutzername und Passwort/ })).toBeDisabled();
    await page.getByRole('radio', { name: /Online-Ausweis/ }).check();
    await page.getByLabel('Testidentität').selectOption('erika-mustermann');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page).toHaveURL(/\/mein-konto\/ausweisdaten$/);
    await expect(
      page.getByText('Diese Daten wurden mit dem Vertrauensniveau „hoch“ bestätigt.'),
    ).toBeVisible();
    await expect(page.locator('efa-login [part=badge]')).toHaveText('Vertrauensniveau: hoch');
  });

  test('comes back with a message when the user cancels', async ({ page }) => {
    await page.goto(`${target().base}/mein-konto`);
    await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByRole('alert')).toContainText('Sie haben die Anmeldung abgebrochen');
    await expect(page.getByRole('link', { name: 'Mit Servicekonto anmelden' })).toBeVisible();
  });

  test('logs out at the portal and the provider; the session is gone on the server', async ({
    page,
    context,
    request,
  }) => {
    await logIn(page, target(), /Online-Ausweis/, 'erika-mustermann');
    const cookie = await sessionCookie(context, target());
    expect(cookie).not.toBe('');
    expect((await me(request, target(), cookie))?.displayName).toBe('Erika Mustermann');
    await page.locator('efa-login').getByRole('button', { name: 'Abmelden' }).click();
    // RP-initiated logout: the provider asks whether to end its session too.
    await expect(page.getByRole('heading', { name: 'Abmelden' })).toBeVisible();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect(page).toHaveURL(`${target().base || `http://localhost:${process.env.E2E_PORT ?? 3100}`}/`);
    expect(await sessionCookie(context, target())).toBe('');
    // The old cookie no longer opens anything: the session was deleted on the server.
    expect(await me(request, target(), cookie)).toBeNull();
    await page.goto(`${target().base}/mein-konto`);
    await expect(page.getByRole('link', { name: 'Mit Servicekonto anmelden' })).toBeVisible();
  });
}

test.describe('service account with the development provider', () => {
  journeys(() => defaultPortal);

  test('issue 11 finding 2: a returnTo on another origin is replaced by the start page, never followed', async ({
    page,
  }) => {
    await page.goto('/auth/login?level=low&returnTo=%2F.%2F%2Fevil.example%2Fx');
    await page.getByRole('radio', { name: /Benutzername und Passwort/ }).check();
    await page.getByLabel('Testidentität').selectOption('mia-beispiel');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/(\?.*)?$/);
  });

  test('"Mein Konto" in English', async ({ page }) => {
    await page.goto('/mein-konto?lang=en');
    await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Log in with a service account' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('service account with a second OpenID provider (ES256, private_key_jwt only)', () => {
  const port = Number(process.env.E2E_ACCOUNT_PORT ?? 3107);
  const base = `http://localhost:${port}`;
  let idp: DevIdentityProvider | undefined;
  let portal: ChildProcess | undefined;

  test.beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'e2e-portal', alg: 'ES256', use: 'sig' };
    idp = await startDevIdentityProvider({
      signingAlg: 'ES256',
      clientAuthMethods: ['private_key_jwt'],
      clients: [
        {
          clientId: 'e2e-portal',
          name: 'Zweites Portal',
          jwks: { keys: [publicJwk] },
          tokenEndpointAuthMethod: 'private_key_jwt',
          redirectUris: [`${base}/auth/callback`],
          postLogoutRedirectUris: [`${base}/auth/logged-out`],
        },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'efa-e2e-account-'));
    const keyFile = join(dir, 'client-key.pem');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    portal = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        // The payment simulator runs only in development mode (login goes to the provider above).
        PORTAL_MODE: 'development',
        RATE_LIMIT_POINTS: '100000',
        PUBLIC_URL: base,
        DATABASE_URL: 'memory://',
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: 'e2e-portal',
        OIDC_CLIENT_KEY_FILE: keyFile,
        OIDC_CLIENT_KEY_ID: 'e2e-portal',
        OIDC_SCOPES: 'profile email address organisation',
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
      if (Date.now() > deadline) throw new Error('second portal did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  test.afterAll(async () => {
    portal?.kill('SIGTERM');
    await idp?.close();
  });

  journeys(() => ({ name: 'second provider', base, sessionCookie: 'efa_session' }));
});
