import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase, type EfaDatabase, migrate } from '@efa-kit/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type DevIdentityProvider, startDevIdentityProvider } from '../testing/dev-idp.js';
import { createAuthRoutes } from './routes.js';
import { type AccountService, createAccountService } from './service.js';
import { hashToken } from './sessions.js';
import { accountMigrations } from './storage.js';

/**
 * Two portals of one state share the state's provider: logging out of one at the provider ends
 * the session in the other through OIDC Back-Channel Logout.
 */
interface Portal {
  origin: string;
  server: Server;
  service: AccountService;
}

let idp: DevIdentityProvider;
let db: EfaDatabase;
const portals: Portal[] = [];

beforeAll(async () => {
  db = await createDatabase();
  await migrate(db, [accountMigrations]);
  const servers = await Promise.all(
    [0, 1].map(async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    }),
  );
  idp = await startDevIdentityProvider({
    clients: servers.map(({ origin }, index) => ({
      clientId: `portal-${index}`,
      clientSecret: `secret-${index}-0123456789abcdef0123456789`,
      redirectUris: [`${origin}/auth/callback`],
      postLogoutRedirectUris: [`${origin}/auth/logged-out`],
      backchannelLogoutUri: `${origin}/auth/backchannel-logout`,
    })),
  });
  for (const [index, { server, origin }] of servers.entries()) {
    const service = createAccountService({
      db,
      publicOrigin: origin,
      providers: [
        {
          protocol: 'oidc',
          name: 'land',
          issuer: idp.issuer,
          clientId: `portal-${index}`,
          clientAuthentication: {
            method: 'client_secret_basic',
            secret: `secret-${index}-0123456789abcdef0123456789`,
          },
          allowInsecureHttp: true,
        },
      ],
    });
    const routes = createAuthRoutes({ service });
    server.on('request', (req, res) => {
      routes(req, res).then((handled) => {
        if (!handled) res.end('page');
      });
    });
    portals.push({ origin, server, service });
  }
});

afterAll(async () => {
  for (const { server } of portals) await new Promise<void>((resolve) => server.close(() => resolve()));
  await idp?.close();
  await db?.destroy();
});

describe('OIDC Back-Channel Logout', () => {
  it('ends the session in the other portal when the user logs out of one', async () => {
    const [a, b] = portals as [Portal, Portal];
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${a.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    // Single sign-on: the provider knows the user already and sends them straight back.
    const back = await browser.navigate(`${b.origin}/auth/login?level=low&returnTo=/b`);
    expect(back.url.origin).toBe(b.origin);
    // The same person on another device, logged in at B through its own provider session.
    const phone = new TestBrowser();
    await loginWithDevProvider(phone, `${b.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    const tokenPhone = phone.cookies(b.origin).get(b.service.sessionCookie) ?? '';
    const tokenA = browser.cookies(a.origin).get(a.service.sessionCookie) ?? '';
    const tokenB = browser.cookies(b.origin).get(b.service.sessionCookie) ?? '';
    expect(await b.service.sessions.exists(hashToken(tokenB))).toBe(true);

    const logout = await browser.request(`${a.origin}/auth/logout`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: browser.cookies(a.origin).get('efa_csrf') ?? '' }),
      headers: { origin: a.origin },
    });
    const confirm = await browser.navigate(new URL(logout.headers.get('location') ?? ''));
    const form = /<form[^>]*action="([^"]+)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.body);
    const done = await browser.navigate(new URL(form?.[1] ?? '', confirm.url), {
      method: 'POST',
      body: new URLSearchParams({ xsrf: form?.[2] ?? '', logout: 'yes' }),
    });
    expect(done.url.origin).toBe(a.origin);
    expect(await a.service.sessions.exists(hashToken(tokenA))).toBe(false);
    // The provider notifies portal B on its back channel; give it a moment.
    const deadline = Date.now() + 5000;
    while ((await b.service.sessions.exists(hashToken(tokenB))) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await b.service.sessions.exists(hashToken(tokenB))).toBe(false);
    // Only the provider session that ended (its sid) is logged out, not the other device.
    expect(await b.service.sessions.exists(hashToken(tokenPhone))).toBe(true);
  });

  it('refuses a forged logout token', async () => {
    const [a] = portals as [Portal, Portal];
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = `${b64({ alg: 'none' })}.${b64({
      iss: idp.issuer,
      aud: 'portal-0',
      sub: 'someone',
      iat: Math.floor(Date.now() / 1000),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    })}.`;
    const response = await fetch(`${a.origin}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: forged }),
    });
    expect(response.status).toBe(400);
  });
});
