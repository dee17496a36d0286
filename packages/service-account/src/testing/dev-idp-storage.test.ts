import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdentityProvider, startDevIdentityProvider } from './dev-idp.js';
import { createDevIdpStorage } from './dev-idp-storage.js';

describe('the development provider under many logins at once', () => {
  let idp: DevIdentityProvider;
  const redirectUri = 'http://127.0.0.1:9/auth/callback';

  beforeAll(async () => {
    idp = await startDevIdentityProvider({
      clients: [
        {
          clientId: 'portal',
          clientSecret: 'secret-0123456789abcdef0123456789',
          redirectUris: [redirectUri],
        },
      ],
    });
  }, 120_000);
  afterAll(() => idp?.close());

  /** Starts a login as a new browser would: the authorization request, then its interaction cookie. */
  async function startLogin(): Promise<{ location: string; cookie: string }> {
    const url = new URL('/auth', idp.issuer);
    url.search = new URLSearchParams({
      client_id: 'portal',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    await response.arrayBuffer();
    const location = response.headers.get('location') ?? '';
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { location: new URL(location, idp.issuer).href, cookie };
  }

  it('still knows the first of 2,500 logins started after it (oidc-provider’s own store keeps about 2,000 entries)', async () => {
    const first = await startLogin();
    expect(first.location).toMatch(/\/interaction\/[\w-]+$/);
    for (let batch = 0; batch < 50; batch++) await Promise.all(Array.from({ length: 50 }, startLogin));
    const page = await fetch(first.location, { headers: { cookie: first.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/login"');
  }, 120_000);
});

describe('createDevIdpStorage', () => {
  function storageAt(start: number, maxEntries?: number) {
    let clock = start;
    const storage = createDevIdpStorage({ now: () => clock, ...(maxEntries ? { maxEntries } : {}) });
    return { storage, advance: (ms: number) => (clock += ms) };
  }

  it('forgets an entry when its lifetime ends', async () => {
    const { storage, advance } = storageAt(1_000_000);
    const interactions = storage.adapter('Interaction');
    await interactions.upsert('a', { jti: 'a' }, 60);
    advance(59_000);
    expect(await interactions.find('a')).toEqual({ jti: 'a' });
    advance(1_000);
    expect(await interactions.find('a')).toBeUndefined();
    storage.close();
  });

  it('finds a session by its uid and revokes every token of a grant', async () => {
    const { storage } = storageAt(0);
    await storage.adapter('Session').upsert('s1', { uid: 'u1', accountId: 'lena' }, 3600);
    expect(await storage.adapter('Session').findByUid('u1')).toMatchObject({ accountId: 'lena' });
    await storage.adapter('AccessToken').upsert('t1', { grantId: 'g1' }, 600);
    await storage.adapter('AuthorizationCode').upsert('c1', { grantId: 'g1' }, 60);
    await storage.adapter('AccessToken').upsert('t2', { grantId: 'g2' }, 600);
    await storage.adapter('AccessToken').revokeByGrantId('g1');
    expect(await storage.adapter('AccessToken').find('t1')).toBeUndefined();
    expect(await storage.adapter('AuthorizationCode').find('c1')).toBeUndefined();
    expect(await storage.adapter('AccessToken').find('t2')).toEqual({ grantId: 'g2' });
    storage.close();
  });

  it('marks a consumed code and forgets a destroyed one', async () => {
    const { storage } = storageAt(5_000);
    const codes = storage.adapter('AuthorizationCode');
    await codes.upsert('c', { grantId: 'g' }, 60);
    await codes.consume('c');
    expect(await codes.find('c')).toMatchObject({ consumed: 5 });
    await codes.destroy('c');
    expect(await codes.find('c')).toBeUndefined();
    expect(storage.size()).toBe(0);
    storage.close();
  });

  it('drops the oldest entries first when its bound is reached', async () => {
    const { storage } = storageAt(0, 3);
    const sessions = storage.adapter('Session');
    for (const id of ['a', 'b', 'c', 'd']) await sessions.upsert(id, { uid: `u-${id}` }, 3600);
    expect(await sessions.find('a')).toBeUndefined();
    expect(await sessions.findByUid('u-a')).toBeUndefined();
    expect(await sessions.find('d')).toEqual({ uid: 'u-d' });
    expect(storage.size()).toBe(3);
    storage.close();
  });
});
