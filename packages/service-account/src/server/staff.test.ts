import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';
import { devAuthorities } from '../testing/identities.js';

/** Staff accounts (issue 13): the caseworker's authority reaches the session, a citizen's never. */
describe('staff accounts of the development provider', () => {
  let env: AccountTestEnvironment;
  let plain: AccountTestEnvironment;

  beforeAll(async () => {
    env = await startAccountTestEnvironment();
    plain = await startAccountTestEnvironment({ staffClaims: false });
  });
  afterAll(async () => {
    await env?.close();
    await plain?.close();
  });

  async function sessionOf(target: AccountTestEnvironment, identity: string) {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${target.origin}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity,
    });
    const cookie = [...browser.cookies(target.origin)].map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    return target.service.resolveSession({
      method: 'GET',
      url: new URL(target.origin),
      headers: { cookie: cookie.join('; ') },
      ip: '127.0.0.1',
    });
  }

  it('carries the Pirna caseworker role and authority into the session', async () => {
    const session = await sessionOf(env, 'caseworker-pirna');
    expect(session?.roles).toEqual(['caseworker']);
    expect(session?.authority).toEqual(devAuthorities.pirna);
  });

  it('binds the Dresden caseworker to Dresden, not Pirna', async () => {
    const session = await sessionOf(env, 'caseworker-dresden');
    expect(session?.authority).toEqual(devAuthorities.dresden);
  });

  it('gives a citizen neither a role nor an authority', async () => {
    const session = await sessionOf(env, 'mia-beispiel');
    expect(session?.roles).toEqual([]);
    expect(session && 'authority' in session).toBe(false);
  });

  it('ignores the staff claim of a provider not configured for staff', async () => {
    // The same provider, but the relying party does not take staff claims from it (as for BundID).
    const session = await sessionOf(plain, 'caseworker-pirna');
    expect(session?.roles).toEqual([]);
    expect(session && 'authority' in session).toBe(false);
  });
});
