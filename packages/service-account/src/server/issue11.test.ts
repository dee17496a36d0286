import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';

describe('issue 11 through the real auth routes and the development provider', () => {
  let env: AccountTestEnvironment;

  beforeAll(async () => {
    env = await startAccountTestEnvironment();
  });
  afterAll(() => env?.close());

  // Follows the portal's redirects until the first Location that leaves the provider, and
  // returns every Location the portal (not the provider) answered with.
  async function portalLocations(browser: TestBrowser, start: string, cancel: boolean): Promise<string[]> {
    const seen: string[] = [];
    const first = await browser.request(start);
    const location = first.headers.get('location');
    if (location) seen.push(location);
    if (!cancel) return seen;
    const loginPage = await browser.navigate(new URL(location ?? '', start));
    const match = /\/interaction\/([\w-]+)\/login/.exec(loginPage.body);
    if (!match) throw new Error(`No login page at ${loginPage.url}`);
    let response = await browser.request(new URL(`/interaction/${match[1]}/abort`, loginPage.url), {
      method: 'POST',
      body: new URLSearchParams(),
    });
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location') ?? '', response.url);
      if (new URL(response.url).origin === env.origin) seen.push(response.headers.get('location') ?? '');
      if (next.origin !== env.origin && next.origin !== env.idp.issuer) break;
      response = await browser.request(next);
    }
    return seen;
  }

  it.each([
    '/.//evil.example/x',
    '//evil.example',
    '/\\evil.example',
    '/%2f%2fevil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/a\u0000b',
    '/\t/evil.example',
    '/\n/evil.example',
  ])(
    'issue 11 finding 2: returnTo %j, cancelled at the login page, comes back on the portal',
    async (returnTo) => {
      const browser = new TestBrowser();
      const start = `${env.origin}/auth/login?level=low&returnTo=${encodeURIComponent(returnTo)}`;
      const locations = await portalLocations(browser, start, true);
      // The last portal Location is the way back after the cancel.
      const back = locations.at(-1) ?? '';
      expect(back.startsWith('/')).toBe(true);
      expect(back.startsWith('//')).toBe(false);
      const url = new URL(back, env.origin);
      expect(url.origin).toBe(env.origin);
      expect(url.pathname).toBe('/');
      expect(url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_CANCELLED');
    },
  );

  it('issue 11 finding 2: a hostile returnTo after a successful login lands on the start page', async () => {
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(
      browser,
      `${env.origin}/auth/login?level=low&returnTo=${encodeURIComponent('/.//evil.example/x')}`,
      { method: 'username-password', identity: 'mia-beispiel' },
    );
    expect(back.url.origin).toBe(env.origin);
    expect(back.url.pathname).toBe('/');
  });

  it('issue 11 finding 2: step-up login URLs carry only a safe return path', () => {
    let loginUrl = '';
    try {
      env.service.requireLevel(null, 'high', '/.//evil.example/x');
    } catch (error) {
      loginUrl = String((error as { details?: { loginUrl?: string } }).details?.loginUrl ?? '');
    }
    expect(new URL(loginUrl, env.origin).searchParams.get('returnTo')).toBe('/');
    expect(env.service.loginUrl('high', '/antrag?x=1')).toContain(encodeURIComponent('/antrag?x=1'));
  });

  it('issue 11 finding 9: the session carries the identity asserted at level "hoch", verified', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=high&returnTo=/`, {
      method: 'eid-card',
      identity: 'erika-mustermann',
    });
    const cookie = [...browser.cookies(env.origin)]
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
    const session = await env.service.resolveSession({
      method: 'GET',
      url: new URL('/', env.origin),
      headers: { cookie },
      ip: '127.0.0.1',
    });
    expect(session?.trustLevel).toBe('high');
    expect(session?.identity?.familyName).toEqual({
      value: 'Mustermann',
      verified: true,
      source: 'eid-card',
    });
    expect(session?.identity?.givenNames).toEqual({ value: 'Erika', verified: true, source: 'eid-card' });
    expect(session?.identity?.birthDate).toEqual({ value: '1964-08-12', verified: true, source: 'eid-card' });
    expect(session?.identity?.address).toMatchObject({
      value: { street: 'Heidestraße', houseNumber: '17', postcode: '51147', town: 'Köln' },
      verified: true,
    });
    // Typed in at the account, not read from the card: asserted but not verified.
    expect(session?.identity?.email?.verified).toBe(false);
    // Issue 12: the provider's signed ID token is the identity proof for the submission.
    const proof = session?.identityProof;
    expect(proof?.version).toBe('1.0.0');
    const [header, payload, signature] = (proof?.content ?? '').split('.');
    expect(signature?.length).toBeGreaterThan(0);
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString()).alg).toBe('RS256');
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()).sub).toBe(session?.subject);
  });

  it('issue 11 finding 9: a username/password login asserts nothing as verified', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'mia-beispiel',
    });
    const cookie = [...browser.cookies(env.origin)]
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
    const session = await env.service.resolveSession({
      method: 'GET',
      url: new URL('/', env.origin),
      headers: { cookie },
      ip: '127.0.0.1',
    });
    const attributes = Object.values(session?.identity ?? {});
    expect(attributes.length).toBeGreaterThan(0);
    expect(attributes.every((a) => a?.verified === false)).toBe(true);
  });

  it('issue 11 finding 4: logout and the logged-out page send Clear-Site-Data "storage"', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'mia-beispiel',
    });
    const csrf = browser.cookies(env.origin).get('efa_csrf') ?? '';
    const logout = await browser.request(`${env.origin}/auth/logout`, {
      method: 'POST',
      body: new URLSearchParams({ csrf }),
      headers: { origin: env.origin },
    });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('clear-site-data')).toBe('"storage"');
    const landing = await browser.request(`${env.origin}/auth/logged-out`);
    expect(landing.headers.get('clear-site-data')).toBe('"storage"');
    expect(landing.headers.get('location')).toBe('/');
  });

  it('issue 11 finding 5: account answers and auth routes are private, no-store', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'mia-beispiel',
    });
    const me = await browser.request(`${env.origin}/trpc/account.me`);
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control') ?? '').not.toContain('public');
    const login = await browser.request(`${env.origin}/auth/login?level=low&returnTo=/`);
    expect(login.headers.get('cache-control')).toBe('private, no-store');
    const landing = await browser.request(`${env.origin}/auth/logged-out`);
    expect(landing.headers.get('cache-control')).toBe('private, no-store');
  });
});
