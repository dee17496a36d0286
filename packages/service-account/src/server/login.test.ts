import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';
import { hashToken } from './sessions.js';

async function me(env: AccountTestEnvironment, browser: TestBrowser) {
  const response = await browser.request(`${env.origin}/trpc/account.me`);
  return JSON.parse(response.body).result.data;
}

describe.each([
  {
    name: 'client secret, RS256',
    clientAuthentication: 'client_secret_basic' as const,
    signingAlg: 'RS256' as const,
  },
  {
    name: 'private_key_jwt only, ES256',
    clientAuthentication: 'private_key_jwt' as const,
    signingAlg: 'ES256' as const,
  },
])('login through the development provider ($name)', ({ clientAuthentication, signingAlg }) => {
  let env: AccountTestEnvironment;

  beforeAll(async () => {
    env = await startAccountTestEnvironment({
      clientAuthentication,
      idp: {
        signingAlg,
        clientAuthMethods: clientAuthentication === 'private_key_jwt' ? ['private_key_jwt'] : undefined,
      },
    });
  });
  afterAll(() => env?.close());

  it.each([
    { method: 'eid-card', identity: 'erika-mustermann', level: 'high' },
    { method: 'elster-certificate', identity: 'jonas-beispiel', level: 'substantial' },
    { method: 'username-password', identity: 'mia-beispiel', level: 'low' },
  ])('logs in with $method at level $level and returns to the page', async ({ method, identity, level }) => {
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(
      browser,
      `${env.origin}/auth/login?level=low&returnTo=/antrag%3Fschritt%3D2`,
      {
        method,
        identity,
      },
    );
    expect(back.url.pathname + back.url.search).toBe('/antrag?schritt=2');
    const data = await me(env, browser);
    expect(data.session.trustLevel).toBe(level);
    expect(data.identity.method).toBe(method);
    expect(data.identity.issuer).toBe(env.idp.issuer);
  });

  it('maps the specimen ID card identity with provenance per attribute', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=high&returnTo=/`, {
      method: 'eid-card',
      identity: 'erika-mustermann',
    });
    const { identity, displayName } = await me(env, browser);
    expect(displayName).toBe('Erika Mustermann');
    expect(identity.kind).toBe('person');
    expect(identity.person).toMatchObject({
      givenNames: 'Erika',
      familyName: 'Mustermann',
      birthName: 'Gabler',
      birthDate: '1964-08-12',
      birthPlace: 'Berlin',
      nationality: 'DE',
      address: { kind: 'de', street: 'Heidestraße', houseNumber: '17', postcode: '51147', town: 'Köln' },
    });
    expect(identity.provenance.birthDate).toEqual({ source: 'eid-card', level: 'high' });
    expect(identity.provenance.email).toEqual({ source: 'self-declared', level: 'low' });
    expect(identity.subject).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('logs a company in as an organisation with its acting person', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=substantial&returnTo=/`, {
      method: 'company-account',
      identity: 'musterbau-gmbh',
    });
    const { identity, displayName } = await me(env, browser);
    expect(displayName).toBe('Musterbau GmbH');
    expect(identity).toMatchObject({
      kind: 'organisation',
      trustLevel: 'substantial',
      method: 'elster-certificate',
      organisation: { name: 'Musterbau GmbH', registerNumber: '12345', registerCourt: 'Amtsgericht Köln' },
      actingPerson: { givenNames: 'Hans', familyName: 'Baumeister' },
    });
    expect(identity.provenance.name).toEqual({ source: 'elster', level: 'substantial' });
  });

  it('steps up from low to high and comes back to where the user was', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    const first = await me(env, browser);
    expect(first.session.trustLevel).toBe('low');
    const firstCookie = browser.cookies(env.origin).get(env.service.sessionCookie);
    // The provider already has a session at "low": it must ask again for "high".
    const back = await loginWithDevProvider(
      browser,
      `${env.origin}${env.service.loginUrl('high', '/hund/anmelden#gebuehr')}`,
      {
        method: 'eid-card',
        identity: 'erika-mustermann',
      },
    );
    expect(back.url.pathname).toBe('/hund/anmelden');
    const second = await me(env, browser);
    expect(second.session.trustLevel).toBe('high');
    expect(second.identity.subject).toBe(first.identity.subject);
    const secondCookie = browser.cookies(env.origin).get(env.service.sessionCookie);
    expect(secondCookie).not.toBe(firstCookie);
    expect(await env.service.sessions.exists(hashToken(firstCookie ?? ''))).toBe(false);
  });

  it('shows the provider page in the portal language', async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${env.origin}/auth/login?level=high&returnTo=/&lang=en`);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Log in with your service account');
    const german = await new TestBrowser().navigate(`${env.origin}/auth/login?level=high&returnTo=/`);
    expect(german.body).toContain('Anmelden mit Ihrem Servicekonto');
  });

  it('comes back with login=ACCOUNT_LOGIN_CANCELLED when the user cancels', async () => {
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(
      browser,
      `${env.origin}/auth/login?level=low&returnTo=/konto`,
      'cancel',
    );
    expect(back.url.pathname).toBe('/konto');
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_CANCELLED');
    expect(await me(env, browser)).toBeNull();
  });

  // Issue 12: a locked account and an expired ID card both came back as "cancelled".
  it.each([
    ['locked-account', 'username-password', 'ACCOUNT_LOCKED'],
    ['expired-document', 'eid-card', 'ACCOUNT_DOCUMENT_EXPIRED'],
    ['provider-error', 'username-password', 'ACCOUNT_PROVIDER_UNAVAILABLE'],
  ])('reports the provider error case %s with its own code', async (identity, method, code) => {
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method,
      identity,
    });
    expect(back.url.searchParams.get('login')).toBe(code);
    expect(await me(env, browser)).toBeNull();
  });

  it('logs out locally and at the provider, and the session is gone on the server', async () => {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=high&returnTo=/`, {
      method: 'eid-card',
      identity: 'erika-mustermann',
    });
    const token = browser.cookies(env.origin).get(env.service.sessionCookie) ?? '';
    expect(await env.service.sessions.exists(hashToken(token))).toBe(true);
    const csrf = browser.cookies(env.origin).get('efa_csrf') ?? '';
    const logout = await browser.request(`${env.origin}/auth/logout`, {
      method: 'POST',
      body: new URLSearchParams({ csrf }),
      headers: { origin: env.origin },
    });
    expect(logout.status).toBe(303);
    const endSession = new URL(logout.headers.get('location') ?? '');
    expect(endSession.origin).toBe(env.idp.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${env.origin}/auth/logged-out`);
    expect(await env.service.sessions.exists(hashToken(token))).toBe(false);
    expect(await me(env, browser)).toBeNull();
    // Confirm at the provider: back on the portal's page after logout.
    const confirm = await browser.navigate(endSession);
    const form = /<form[^>]*action="([^"]+)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.body);
    expect(form).not.toBeNull();
    const done = await browser.navigate(new URL(form?.[1] ?? '', endSession), {
      method: 'POST',
      body: new URLSearchParams({ xsrf: form?.[2] ?? '', logout: 'yes' }),
    });
    expect(done.url.origin).toBe(env.origin);
    expect(done.url.pathname).toBe('/');
  });
});
