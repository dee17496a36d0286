import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase, type EfaDatabase, migrate } from '@efa-kit/core/server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';
import { createAuthRoutes } from './routes.js';
import { type AccountService, createAccountService } from './service.js';
import { hashToken } from './sessions.js';
import { accountMigrations } from './storage.js';

/**
 * Each test is an attack that must fail. The provider-side attacks use a hostile provider: a
 * real HTTP server that publishes discovery and keys like an OpenID provider but hands out ID
 * tokens crafted by the test (another issuer or audience, expired, unsigned, wrong key, old nonce).
 */
type Forge = (claims: { iss: string; aud: string; nonce: string; sub: string }) => Promise<string>;

async function startHostileProvider() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const { privateKey: strangerKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const nonces: string[] = [];
  let forge: Forge = (claims) => sign({ ...claims, acr: 'http://eidas.europa.eu/LoA/high' });

  async function sign(claims: Record<string, unknown>, key = privateKey, expiresIn = '5m') {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      nonces.push(url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', 'code-1');
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.statusCode = 302;
      res.setHeader('location', back.toString());
      return res.end();
    }
    if (url.pathname === '/token') {
      const nonce = nonces.at(-1) ?? '';
      forge({ iss: issuer, aud: 'portal', nonce, sub: 'attacker-chosen' }).then((idToken) =>
        json({ access_token: 'at', token_type: 'Bearer', expires_in: 60, id_token: idToken }),
      );
      return;
    }
    res.statusCode = 404;
    res.end();
  });

  return {
    issuer,
    nonces,
    sign,
    strangerKey,
    setForge(f: Forge) {
      forge = f;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('attacks through the identity provider (hostile provider)', () => {
  let hostile: Awaited<ReturnType<typeof startHostileProvider>>;
  let db: EfaDatabase;
  let service: AccountService;
  let portal: Server;
  let origin: string;
  const logged: string[] = [];

  beforeAll(async () => {
    hostile = await startHostileProvider();
    db = await createDatabase();
    await migrate(db, [accountMigrations]);
    portal = createServer();
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    service = createAccountService({
      db,
      publicOrigin: origin,
      providers: [
        {
          protocol: 'oidc',
          name: 'hostile',
          issuer: hostile.issuer,
          clientId: 'portal',
          clientAuthentication: { method: 'client_secret_basic', secret: 'secret-secret-secret' },
          allowInsecureHttp: true,
        },
      ],
      log: (line) => logged.push(line),
    });
    const routes = createAuthRoutes({ service });
    portal.on('request', (req, res) => {
      routes(req, res).then((handled) => {
        if (!handled) res.end('page');
      });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => portal.close(() => resolve()));
    await hostile.close();
    await db.destroy();
  });

  async function attempt(level = 'low') {
    const browser = new TestBrowser();
    const back = await browser.navigate(`${origin}/auth/login?level=${level}&returnTo=/konto`);
    return {
      back,
      code: back.url.searchParams.get('login'),
      session: browser.cookies(origin).get(service.sessionCookie),
    };
  }

  it('accepts the genuine token (the control case)', async () => {
    hostile.setForge((c) => hostile.sign({ ...c, acr: 'http://eidas.europa.eu/LoA/high' }));
    const { code, session } = await attempt();
    expect(code).toBeNull();
    expect(session).toBeDefined();
  });

  it.each([
    [
      'from another issuer',
      (c: Parameters<Forge>[0]) => hostile.sign({ ...c, iss: 'https://other.example', acr: 'high' }),
    ],
    [
      'for another audience',
      (c: Parameters<Forge>[0]) => hostile.sign({ ...c, aud: 'someone-else', acr: 'high' }),
    ],
    ['that has expired', (c: Parameters<Forge>[0]) => hostile.sign({ ...c, acr: 'high' }, undefined, '-10m')],
    [
      'signed with the wrong key',
      (c: Parameters<Forge>[0]) => hostile.sign({ ...c, acr: 'high' }, hostile.strangerKey),
    ],
    [
      'with alg "none"',
      async (c: Parameters<Forge>[0]) => {
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${b64({ alg: 'none' })}.${b64({ ...c, acr: 'high', iat: now, exp: now + 300 })}.`;
      },
    ],
    [
      'with a nonce replayed from an earlier login',
      (c: Parameters<Forge>[0]) => hostile.sign({ ...c, nonce: hostile.nonces[0], acr: 'high' }),
    ],
    ['without a nonce', (c: Parameters<Forge>[0]) => hostile.sign({ ...c, nonce: undefined, acr: 'high' })],
  ])('refuses an ID token %s', async (_name, forge) => {
    hostile.setForge(forge);
    logged.length = 0;
    const { code, session } = await attempt();
    expect(code).toBe('ACCOUNT_LOGIN_FAILED');
    expect(session).toBeUndefined();
    // Operators see why, from openid-client's own check; the citizen only the code's text.
    expect(logged).toEqual([
      expect.stringMatching(/^account: login at hostile failed: ACCOUNT_LOGIN_FAILED \(cause: .+\)$/),
    ]);
  });

  it('refuses a token whose acr is lower than requested', async () => {
    hostile.setForge((c) => hostile.sign({ ...c, acr: 'http://eidas.europa.eu/LoA/low' }));
    const { code, session } = await attempt('high');
    expect(code).toBe('ACCOUNT_LEVEL_TOO_LOW');
    expect(session).toBeUndefined();
  });

  it('refuses a token without acr', async () => {
    hostile.setForge((c) => hostile.sign({ ...c }));
    const { code } = await attempt('low');
    expect(code).toBe('ACCOUNT_LEVEL_TOO_LOW');
  });
});

describe('attacks through the browser (development provider)', () => {
  let env: AccountTestEnvironment;
  let lax: AccountTestEnvironment;

  beforeAll(async () => {
    env = await startAccountTestEnvironment();
    lax = await startAccountTestEnvironment({ idp: { enforceRequestedLevel: false } });
  });
  afterAll(async () => {
    await env?.close();
    await lax?.close();
  });

  /** Goes to the provider, logs in, and stops at the redirect back to the portal's callback. */
  async function callbackUrl(browser: TestBrowser, target = env): Promise<URL> {
    const page = await browser.navigate(`${target.origin}/auth/login?level=low&returnTo=/`);
    const uid = /\/interaction\/([\w-]+)\/login/.exec(page.body)?.[1];
    let response = await browser.request(new URL(`/interaction/${uid}/login`, page.url), {
      method: 'POST',
      body: new URLSearchParams({ method: 'username-password', identity: 'erika-mustermann' }),
    });
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location') ?? '', response.url);
      if (next.origin === target.origin) return next;
      response = await browser.request(next);
    }
    throw new Error('never came back');
  }

  it('refuses a callback with a wrong state', async () => {
    const browser = new TestBrowser();
    const callback = await callbackUrl(browser);
    callback.searchParams.set('state', 'forged-state-value-forged-state-value');
    const back = await browser.navigate(callback);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_FAILED');
    expect(browser.cookies(env.origin).get(env.service.sessionCookie)).toBeUndefined();
  });

  it('refuses a callback without state', async () => {
    const browser = new TestBrowser();
    const callback = await callbackUrl(browser);
    callback.searchParams.delete('state');
    const back = await browser.navigate(callback);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_FAILED');
  });

  it('refuses a callback in a browser that did not start the login (login CSRF)', async () => {
    const attacker = new TestBrowser();
    const callback = await callbackUrl(attacker);
    const victim = new TestBrowser();
    const back = await victim.navigate(callback);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_EXPIRED');
    expect(victim.cookies(env.origin).get(env.service.sessionCookie)).toBeUndefined();
  });

  it('refuses a replayed callback', async () => {
    const browser = new TestBrowser();
    const callback = await callbackUrl(browser);
    const loginCookie = browser.cookies(env.origin).get(env.service.loginCookie) ?? '';
    await browser.navigate(callback);
    expect(browser.cookies(env.origin).get(env.service.sessionCookie)).toBeDefined();
    const replay = new TestBrowser();
    replay.setCookie(env.origin, env.service.loginCookie, loginCookie);
    const back = await replay.navigate(callback);
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LOGIN_EXPIRED');
    expect(replay.cookies(env.origin).get(env.service.sessionCookie)).toBeUndefined();
  });

  it('refuses a level lower than requested even when the provider lets it through', async () => {
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(browser, `${lax.origin}/auth/login?level=high&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    expect(back.url.searchParams.get('login')).toBe('ACCOUNT_LEVEL_TOO_LOW');
    expect(browser.cookies(lax.origin).get(lax.service.sessionCookie)).toBeUndefined();
  });

  it.each([
    'https://evil.example/',
    '//evil.example/phish',
    '/\\evil.example',
    'javascript:alert(1)',
    `http://127.0.0.1:1/other-origin`,
  ])('refuses returnTo=%s (open redirect): the login returns to the start page', async (returnTo) => {
    // Since issue 11 a hostile returnTo is replaced by "/" (core's returnPathOr) rather than
    // answered with 400: the login goes on, and the way back can only be the portal.
    const browser = new TestBrowser();
    const back = await loginWithDevProvider(
      browser,
      `${env.origin}/auth/login?level=low&returnTo=${encodeURIComponent(returnTo)}`,
      { method: 'username-password', identity: 'mia-beispiel' },
    );
    expect(back.url.origin).toBe(env.origin);
    expect(back.url.pathname).toBe('/');
  });

  it('does not keep a session cookie planted before login (session fixation)', async () => {
    // The attacker logs in himself and plants his session cookie in the victim's browser.
    const attacker = new TestBrowser();
    await loginWithDevProvider(attacker, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'mia-beispiel',
    });
    const planted = attacker.cookies(env.origin).get(env.service.sessionCookie) ?? '';
    const victim = new TestBrowser();
    victim.setCookie(env.origin, env.service.sessionCookie, planted);
    victim.setCookie(env.origin, 'efa_csrf', 'attacker-known-csrf-token-value');
    await loginWithDevProvider(victim, `${env.origin}/auth/login?level=high&returnTo=/`, {
      method: 'eid-card',
      identity: 'erika-mustermann',
    });
    const issued = victim.cookies(env.origin).get(env.service.sessionCookie);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect(await env.service.sessions.exists(hashToken(planted))).toBe(false);
    expect(victim.cookies(env.origin).get('efa_csrf')).not.toBe('attacker-known-csrf-token-value');
  });

  async function loggedIn() {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    const token = browser.cookies(env.origin).get(env.service.sessionCookie) ?? '';
    const csrf = browser.cookies(env.origin).get('efa_csrf') ?? '';
    return { browser, token, csrf };
  }

  it.each([
    [
      'from another origin',
      (csrf: string) => ({
        headers: { origin: 'https://evil.example' },
        body: new URLSearchParams({ csrf }),
      }),
    ],
    [
      'without an Origin or Referer',
      (csrf: string) => ({ headers: {}, body: new URLSearchParams({ csrf }) }),
    ],
    ['without the CSRF token', (_csrf: string) => ({ headers: { origin: '' }, body: new URLSearchParams() })],
    [
      'with a wrong CSRF token',
      (_csrf: string) => ({ headers: { origin: '' }, body: new URLSearchParams({ csrf: 'x'.repeat(32) }) }),
    ],
  ])('refuses a logout form post %s (CSRF)', async (_name, make) => {
    const { browser, token, csrf } = await loggedIn();
    const { headers, body } = make(csrf);
    const response = await browser.request(`${env.origin}/auth/logout`, {
      method: 'POST',
      body,
      headers: 'origin' in headers ? { origin: String(headers.origin) || env.origin } : {},
    });
    expect(response.status).toBe(403);
    expect(await env.service.sessions.exists(hashToken(token))).toBe(true);
  });

  it.each(['account.logout', 'account.keepAlive', 'account.login'])(
    'refuses the mutation %s from another origin or without the token (CSRF)',
    async (path) => {
      const { browser, token, csrf } = await loggedIn();
      const evil = await browser.request(`${env.origin}/trpc/${path}`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'x-efa-csrf': csrf },
      });
      expect(evil.status).toBe(403);
      const noToken = await browser.request(`${env.origin}/trpc/${path}`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', origin: env.origin },
      });
      expect(noToken.status).toBe(403);
      expect(await env.service.sessions.exists(hashToken(token))).toBe(true);
    },
  );

  it('logs out through the tRPC mutation with origin and token', async () => {
    const { browser, token, csrf } = await loggedIn();
    const response = await browser.request(`${env.origin}/trpc/account.logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: env.origin, 'x-efa-csrf': csrf },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).result.data.redirectTo).toContain(env.idp.issuer);
    expect(await env.service.sessions.exists(hashToken(token))).toBe(false);
  });
});
