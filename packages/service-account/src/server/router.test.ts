import { isEfaError } from '@efa-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';

let env: AccountTestEnvironment;

beforeAll(async () => {
  env = await startAccountTestEnvironment();
});
afterAll(() => env?.close());

async function withCsrf(browser: TestBrowser) {
  await browser.request(`${env.origin}/trpc/account.me`);
  return browser.cookies(env.origin).get('efa_csrf') ?? '';
}

describe('account router over HTTP', () => {
  it('me sets the CSRF cookie and answers null when logged out', async () => {
    const browser = new TestBrowser();
    const response = await browser.request(`${env.origin}/trpc/account.me`);
    expect(JSON.parse(response.body).result.data).toBeNull();
    expect(browser.cookies(env.origin).get('efa_csrf')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('login returns the provider URL for the level and binds the login to this browser', async () => {
    const browser = new TestBrowser();
    const csrf = await withCsrf(browser);
    const response = await browser.request(`${env.origin}/trpc/account.login`, {
      method: 'POST',
      body: JSON.stringify({ level: 'substantial', returnTo: '/antrag' }),
      headers: { 'content-type': 'application/json', origin: env.origin, 'x-efa-csrf': csrf },
    });
    const { redirectTo } = JSON.parse(response.body).result.data;
    const url = new URL(redirectTo);
    expect(url.origin).toBe(env.idp.issuer);
    expect(url.searchParams.get('acr_values')).toBe('http://eidas.europa.eu/LoA/substantial');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(url.searchParams.get('nonce')?.length).toBeGreaterThanOrEqual(22);
    expect(browser.cookies(env.origin).get(env.service.loginCookie)).toBeDefined();
    const back = await loginWithDevProvider(browser, redirectTo, {
      method: 'elster-certificate',
      identity: 'jonas-beispiel',
    });
    expect(back.url.pathname).toBe('/antrag');
  });

  it('refuses a foreign returnTo with a localized field error', async () => {
    const browser = new TestBrowser();
    const csrf = await withCsrf(browser);
    const response = await browser.request(`${env.origin}/trpc/account.login`, {
      method: 'POST',
      body: JSON.stringify({ level: 'low', returnTo: '//evil.example/' }),
      headers: {
        'content-type': 'application/json',
        origin: env.origin,
        'x-efa-csrf': csrf,
        'accept-language': 'de',
      },
    });
    expect(response.status).toBe(400);
    const error = JSON.parse(response.body).error;
    expect(error.data.fieldErrors).toEqual([
      expect.objectContaining({
        path: 'returnTo',
        message: 'Die Rücksprungadresse muss eine Seite dieses Portals sein.',
      }),
    ]);
  });

  it('keepAlive needs a session; with one it returns the new idle end', async () => {
    const browser = new TestBrowser();
    const csrf = await withCsrf(browser);
    const headers = { 'content-type': 'application/json', origin: env.origin, 'x-efa-csrf': csrf };
    const anonymous = await browser.request(`${env.origin}/trpc/account.keepAlive`, {
      method: 'POST',
      headers,
    });
    expect(anonymous.status).toBe(401);
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'mia-beispiel',
    });
    const fresh = browser.cookies(env.origin).get('efa_csrf') ?? '';
    const kept = await browser.request(`${env.origin}/trpc/account.keepAlive`, {
      method: 'POST',
      headers: { ...headers, 'x-efa-csrf': fresh },
    });
    const info = JSON.parse(kept.body).result.data;
    expect(info.trustLevel).toBe('low');
    expect(Date.parse(info.idleExpiresAt)).toBeGreaterThan(Date.now() + 29 * 60 * 1000);
  });
});

describe('requireLevel (step-up for services)', () => {
  const session = { id: 'x', subject: 's', displayName: 'E', kind: 'person' as const, roles: [] };

  it('passes a session at or above the level', () => {
    expect(() =>
      env.service.requireLevel({ ...session, trustLevel: 'high' }, 'substantial', '/a'),
    ).not.toThrow();
  });

  it('asks for a login at the level that returns to the service', () => {
    try {
      env.service.requireLevel({ ...session, trustLevel: 'low' }, 'high', '/hund/anmelden?schritt=3');
      expect.unreachable();
    } catch (error) {
      expect(isEfaError(error) && error.code).toBe('ACCOUNT_STEP_UP_REQUIRED');
      const loginUrl = String(isEfaError(error) ? error.details.loginUrl : '');
      const url = new URL(loginUrl, env.origin);
      expect(url.pathname).toBe('/auth/login');
      expect(url.searchParams.get('level')).toBe('high');
      expect(url.searchParams.get('returnTo')).toBe('/hund/anmelden?schritt=3');
    }
  });

  it('asks for a login when there is no session', () => {
    const { requireLevel } = env.service;
    expect(() => requireLevel(null, 'low', '/')).toThrow(/ACCOUNT_STEP_UP_REQUIRED/);
  });
});
