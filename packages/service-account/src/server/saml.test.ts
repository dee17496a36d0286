import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';
import {
  type SamlTamper,
  type SamlTestIdentityProvider,
  startSamlTestIdentityProvider,
} from '../testing/saml-idp.js';
import { spCert, spKey } from '../testing/saml-keys.js';
import type { SamlServiceProvider } from './saml.js';
import { samlSchemaQueue } from './saml-schema.js';
import { createAccountService } from './service.js';

let env: AccountTestEnvironment;
let idp: SamlTestIdentityProvider;
let sp: SamlServiceProvider;

beforeAll(async () => {
  idp = await startSamlTestIdentityProvider({ spMetadata: () => sp.metadata() });
  env = await startAccountTestEnvironment({
    extraProviders: (origin) => [
      {
        protocol: 'saml',
        name: 'bundid',
        idpMetadata: idp.metadata,
        spEntityId: `${origin}/saml`,
        signingKey: spKey,
        signingCert: spCert,
        bundId: { onlineServiceId: 'BMI-X0000', organizationDisplayName: 'EfA-Testportal' },
      },
    ],
  });
  sp = env.service.providers.find((p) => p.name === 'bundid') as SamlServiceProvider;
});

afterAll(async () => {
  await env?.close();
  await idp?.close();
});

/** Starts a SAML login in a browser and returns the AuthnRequest URL at the identity provider. */
async function startLogin(browser: TestBrowser, level = 'low', returnTo = '/konto'): Promise<URL> {
  const response = await browser.request(
    `${env.origin}/auth/login?provider=bundid&level=${level}&returnTo=${encodeURIComponent(returnTo)}`,
  );
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location') ?? '');
}

async function post(
  browser: TestBrowser,
  answer: { action: string; SAMLResponse: string; RelayState: string },
) {
  return browser.navigate(answer.action, {
    method: 'POST',
    body: new URLSearchParams({ SAMLResponse: answer.SAMLResponse, RelayState: answer.RelayState }),
  });
}

async function me(browser: TestBrowser) {
  return JSON.parse((await browser.request(`${env.origin}/trpc/account.me`)).body).result.data;
}

describe('SAML login against a BundID-style identity provider', () => {
  it('sends a signed AuthnRequest with the STORK-QAA level and the AKDB extension', async () => {
    const url = await startLogin(new TestBrowser(), 'high');
    expect(url.origin).toBe(idp.url);
    expect(url.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(url.searchParams.get('Signature')).toBeTruthy();
    const { inflateRawSync } = await import('node:zlib');
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString(
      'utf8',
    );
    expect(xml).toContain('<saml:AuthnContextClassRef>STORK-QAA-Level-4</saml:AuthnContextClassRef>');
    expect(xml).toContain('<classic-ui:OnlineServiceId>BMI-X0000</classic-ui:OnlineServiceId>');
    expect(xml).toContain('Name="urn:oid:1.3.6.1.4.1.25484.494450.3"');
    expect(xml).toContain('nameid-format:transient');
  });

  it('logs in through the login page with an encrypted assertion and maps the BundID attributes', async () => {
    const browser = new TestBrowser();
    const loginPage = await browser.navigate(await startLogin(browser, 'high', '/antrag'));
    expect(loginPage.body).toContain('Anmelden mit BundID (Test)');
    const request =
      /name="request" value="([^"]+)"/.exec(loginPage.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const answerPage = await browser.navigate(`${idp.url}/sso/login`, {
      method: 'POST',
      body: new URLSearchParams({ request, method: 'eid-card', identity: 'erika-mustermann' }),
    });
    const SAMLResponse = /name="SAMLResponse" value="([^"]+)"/.exec(answerPage.body)?.[1] ?? '';
    expect(Buffer.from(SAMLResponse, 'base64').toString('utf8')).toContain('EncryptedAssertion');
    const RelayState = /name="RelayState" value="([^"]+)"/.exec(answerPage.body)?.[1] ?? '';
    const back = await post(browser, { action: `${env.origin}/auth/saml/acs`, SAMLResponse, RelayState });
    expect(back.url.pathname).toBe('/antrag');
    expect(back.url.searchParams.get('login')).toBeNull();
    const data = await me(browser);
    expect(data.identity).toMatchObject({
      kind: 'person',
      trustLevel: 'high',
      method: 'eid-card',
      issuer: idp.entityId,
      person: {
        givenNames: 'Erika',
        familyName: 'Mustermann',
        birthName: 'Gabler',
        birthDate: '1964-08-12',
        nationality: 'DE',
        address: { kind: 'de', street: 'Heidestraße', houseNumber: '17', postcode: '51147', town: 'Köln' },
      },
    });
    expect(data.session.trustLevel).toBe('high');
  });

  it('reads ELSTER logins as substantial', async () => {
    const browser = new TestBrowser();
    const back = await post(
      browser,
      await idp.respond(await startLogin(browser, 'substantial'), {
        identity: 'jonas-beispiel',
        method: 'elster-certificate',
      }),
    );
    expect(back.url.searchParams.get('login')).toBeNull();
    expect((await me(browser)).identity).toMatchObject({
      trustLevel: 'substantial',
      method: 'elster-certificate',
    });
  });

  it('reports a cancelled login', async () => {
    const browser = new TestBrowser();
    const back = await post(
      browser,
      await idp.respond(
        await startLogin(browser),
        { identity: 'erika-mustermann', method: 'eid-card' },
        {
          status: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
        },
      ),
    );
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_CANCELLED');
  });

  // Issue 12: any failed Responder status used to read as "Sie haben die Anmeldung abgebrochen".
  it.each([
    ['locked-account', 'eid-card', 'ACCOUNT_LOCKED'],
    ['expired-document', 'eid-card', 'ACCOUNT_DOCUMENT_EXPIRED'],
    ['provider-error', 'eid-card', 'ACCOUNT_PROVIDER_UNAVAILABLE'],
  ])('reports the provider error case %s with its own code', async (identity, method, code) => {
    const browser = new TestBrowser();
    const back = await post(browser, await idp.respond(await startLogin(browser), { identity, method }));
    expect(back.url.searchParams.get('login')).toBe(code);
    expect(await me(browser)).toBeNull();
  });

  it('reports a status it has no meaning for as a failed login, not as a cancel', async () => {
    for (const [status, code] of [
      ['urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal', 'ACCOUNT_LOGIN_FAILED'],
      ['urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext', 'ACCOUNT_LEVEL_TOO_LOW'],
      ['urn:oasis:names:tc:SAML:2.0:status:RequestDenied', 'ACCOUNT_LOGIN_CANCELLED'],
    ] as const) {
      const browser = new TestBrowser();
      const back = await post(
        browser,
        await idp.respond(
          await startLogin(browser),
          { identity: 'erika-mustermann', method: 'eid-card' },
          { status },
        ),
      );
      expect(back.url.searchParams.get('login'), status).toBe(code);
    }
  });

  it('publishes SP metadata with the signing and encryption certificates', () => {
    const metadata = sp.metadata();
    expect(metadata).toContain(`entityID="${env.origin}/saml"`);
    expect(metadata).toContain('use="signing"');
    expect(metadata).toContain('use="encryption"');
    expect(metadata).toContain(`${env.origin}/auth/saml/acs`);
  });
});

describe('SAML attacks (each must fail)', () => {
  it.each<[string, SamlTamper, string]>([
    ['a bad signature', { wrongSignature: true }, 'ACCOUNT_LOGIN_FAILED'],
    ['an unencrypted assertion', { plaintext: true }, 'ACCOUNT_LOGIN_FAILED'],
    ['a wrong audience', { audience: 'https://other-portal.example/saml' }, 'ACCOUNT_LOGIN_FAILED'],
    ['a wrong InResponseTo', { inResponseTo: '_not-the-request-we-sent' }, 'ACCOUNT_LOGIN_FAILED'],
    ['an expired validity window', { shiftSeconds: -15 * 60 }, 'ACCOUNT_LOGIN_FAILED'],
    ['a validity window in the future', { shiftSeconds: 15 * 60 }, 'ACCOUNT_LOGIN_FAILED'],
    ['no validity window at all', { noConditions: true }, 'ACCOUNT_LOGIN_FAILED'],
    ['a level lower than requested', { level: 'low' }, 'ACCOUNT_LEVEL_TOO_LOW'],
  ])('refuses a response with %s', async (_name, tamper, code) => {
    const browser = new TestBrowser();
    const answer = await idp.respond(
      await startLogin(browser, 'high'),
      { identity: 'erika-mustermann', method: 'eid-card' },
      tamper,
    );
    const back = await post(browser, answer);
    expect(back.url.searchParams.get('login')).toBe(code);
    expect(browser.cookies(env.origin).get(env.service.sessionCookie)).toBeUndefined();
    expect(await me(browser)).toBeNull();
  });

  it('refuses a replayed response', async () => {
    const browser = new TestBrowser();
    const answer = await idp.respond(await startLogin(browser), {
      identity: 'erika-mustermann',
      method: 'eid-card',
    });
    await post(browser, answer);
    expect(await me(browser)).not.toBeNull();
    const attacker = new TestBrowser();
    const back = await post(attacker, answer);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_EXPIRED');
    expect(await me(attacker)).toBeNull();
  });

  it('answers ACCOUNT_LOGIN_BUSY, not a failed login, while the schema validations are full (issue 17)', async () => {
    const browser = new TestBrowser();
    const answer = await idp.respond(await startLogin(browser), {
      identity: 'erika-mustermann',
      method: 'eid-card',
    });
    // Validations that end only when the test says so fill the queue, however fast they are.
    const { concurrency, maxWaiting } = samlSchemaQueue;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const filling = Array.from({ length: concurrency + maxWaiting }, () => samlSchemaQueue.run(() => held));
    const back = await post(browser, answer);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_BUSY');
    expect(await me(browser)).toBeNull();
    release();
    await Promise.all(filling);
    expect(samlSchemaQueue.running).toBe(0);
  });

  it('refuses a response for a login this portal never started', async () => {
    const browser = new TestBrowser();
    const answer = await idp.respond(await startLogin(browser), {
      identity: 'erika-mustermann',
      method: 'eid-card',
    });
    const back = await post(new TestBrowser(), {
      ...answer,
      RelayState: 'forged-relay-state-forged-relay-state-x',
    });
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_EXPIRED');
  });
});

describe('SAML login binding on https (login CSRF)', () => {
  let httpsIdp: SamlTestIdentityProvider;
  let service: ReturnType<typeof createAccountService>;

  beforeAll(async () => {
    httpsIdp = await startSamlTestIdentityProvider({
      spMetadata: () => (service.providers[0] as SamlServiceProvider).metadata(),
    });
    service = createAccountService({
      db: env.db,
      publicOrigin: 'https://portal.land.example',
      providers: [
        {
          protocol: 'saml',
          name: 'bundid',
          idpMetadata: httpsIdp.metadata,
          spEntityId: 'https://portal.land.example/saml',
          signingKey: spKey,
          signingCert: spCert,
        },
      ],
    });
  });
  afterAll(() => httpsIdp?.close());

  function response() {
    const cookies: string[] = [];
    return {
      cookies,
      setHeader() {},
      appendHeader(name: string, value: string | readonly string[]) {
        if (name.toLowerCase() === 'set-cookie') cookies.push(...([] as string[]).concat(value));
      },
    };
  }

  async function answer() {
    const started = response();
    const { redirectTo } = await service.beginLogin({ level: 'high', returnTo: '/antrag' }, started);
    const samlCookie = started.cookies.find((c) => c.startsWith('__Host-efa_login_saml='));
    expect(samlCookie).toMatch(/SameSite=None/);
    expect(samlCookie).toMatch(/Secure/);
    const form = await httpsIdp.respond(redirectTo, { identity: 'erika-mustermann', method: 'eid-card' });
    const body = new URLSearchParams({ SAMLResponse: form.SAMLResponse, RelayState: form.RelayState });
    return { body, cookie: (samlCookie ?? '').split(';')[0] ?? '' };
  }

  function request(cookie?: string) {
    return {
      method: 'POST',
      url: new URL('https://portal.land.example/auth/saml/acs'),
      headers: cookie ? { cookie } : {},
      ip: '127.0.0.1',
    };
  }

  it('accepts the answer in the browser that started the login', async () => {
    const { body, cookie } = await answer();
    const outcome = await service.completeLogin(request(cookie), response(), {
      url: new URL('https://portal.land.example/auth/saml/acs'),
      form: body,
      relayState: body.get('RelayState'),
    });
    expect(outcome.errorCode).toBeUndefined();
    expect(outcome.redirectTo).toBe('/antrag');
  });

  it('refuses the answer posted into another browser', async () => {
    const { body } = await answer();
    const outcome = await service.completeLogin(request(), response(), {
      url: new URL('https://portal.land.example/auth/saml/acs'),
      form: body,
      relayState: body.get('RelayState'),
    });
    expect(outcome.errorCode).toBe('ACCOUNT_LOGIN_EXPIRED');
    expect(outcome.session).toBeNull();
  });
});
