import { createContextFactory, router } from '@efa-kit/core/server';
import {
  answerProblem,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  startTrpcFuzzServer,
  type TrpcFuzzServer,
  withinBudgetAsync,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountRouter } from '../server/router.js';
import { loginWithDevProvider, TestBrowser } from '../testing/browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';

// Issue 17: `account.*` behind the kit's HTTP handler, and the browser-facing login routes
// (/auth/login, the OIDC callback, the SAML ACS, logout, back-channel logout, metadata),
// fed arbitrary input with no session, a real one or a forged cookie: every tRPC answer a
// result or a coded refusal, every route a 2xx–4xx (502 only for a provider that is down,
// which the development provider is not), never a 500 or a hang.

let env: AccountTestEnvironment;
let server: TrpcFuzzServer;
/** Session cookies of people logged in at the development provider before the run. */
const cookies: string[] = [];

beforeAll(async () => {
  env = await startAccountTestEnvironment();
  server = await startTrpcFuzzServer({
    router: router({ account: createAccountRouter({ service: env.service }) }),
    createContext: createContextFactory({
      db: env.db,
      publicOrigin: env.origin,
      resolveSession: (request) => env.service.resolveSession(request),
    }),
    publicOrigin: env.origin,
  });
  for (const [method, identity] of [
    ['eid-card', 'erika-mustermann'],
    ['username-password', 'mia-beispiel'],
  ] as const) {
    const browser = new TestBrowser();
    await loginWithDevProvider(browser, `${env.origin}/auth/login?level=low&returnTo=/`, {
      method,
      identity,
    });
    const value = browser.cookies(env.origin).get('efa_session');
    if (!value) throw new Error(`no session for ${identity}`);
    cookies.push(`efa_session=${encodeURIComponent(value)}`);
  }
  // The cookies carry real sessions, so that runs reach the signed-in paths.
  const me = server.procedures.find((p) => p.path === 'account.me');
  if (!me) throw new Error('account.me missing');
  const answer = await server.call(me, { value: null }, { cookie: cookies[0] ?? '' });
  expect((answer.body as { result: { data: unknown } }).result.data).not.toBeNull();
  // Generous: on a busy machine a database and its migrations can take minutes to start.
}, 300_000);

afterAll(async () => {
  await server?.close();
  await env?.close();
});

const csrf = 'f'.repeat(32);
/** No session, a real one (it may have been logged out by an earlier run), or junk. */
const sessionCookie = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(0, 1).map((i) => cookies[i] ?? ''),
  fc.string({ maxLength: 80 }).map((s) => `efa_session=${encodeURIComponent(s)}`),
);
const realish = fc.record(
  {
    level: fc.oneof(fc.constantFrom('low', 'substantial', 'high', 'LOW', ''), fc.string({ maxLength: 20 })),
    returnTo: fc.oneof(
      fc.constantFrom(
        '/',
        '/antrag?schritt=2',
        '//evil.example',
        'https://evil.example/',
        '/\\evil',
        'javascript:x',
      ),
      fc.string({ maxLength: 300 }),
    ),
    provider: fc.oneof(fc.constantFrom('dev', 'bundid', '', '__proto__'), fc.string({ maxLength: 40 })),
  },
  { requiredKeys: [] },
);

describe('fuzz: account router and login routes over HTTP (issue 17)', () => {
  it(
    'arbitrary and near-real input to every account procedure: a result or a coded error',
    async () => {
      await fuzzProperty(
        'service-account',
        'tRPC router arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...server.procedures),
              fc.oneof(
                { arbitrary: realish.map((value) => ({ value })), weight: 2 },
                fc.jsonValue({ maxDepth: 4 }).map((value) => ({ value })),
                fc.string({ maxLength: 100 }).map((raw) => ({ raw })),
              ),
              sessionCookie,
              async (procedure, input, cookie) => {
                const headers: Record<string, string> = cookie
                  ? { cookie: `efa_csrf=${csrf}; ${cookie}` }
                  : {};
                const answer = await server.call(procedure, input, headers);
                expect(answerProblem(answer), JSON.stringify({ procedure, input, cookie })).toBeUndefined();
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'any request to the login routes gets a 2xx, 3xx or 4xx',
    async () => {
      const route = fc.constantFrom(
        '/auth/login',
        '/auth/callback',
        '/auth/saml/acs',
        '/auth/logout',
        '/auth/backchannel-logout',
        '/auth/saml/metadata',
        '/auth/logged-out',
      );
      const params = fc.dictionary(
        fc.constantFrom(
          'level',
          'returnTo',
          'provider',
          'lang',
          'code',
          'state',
          'error',
          'iss',
          'SAMLResponse',
          'RelayState',
          'csrf',
          'logout_token',
        ),
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom('low', 'high', 'de', 'en', csrf, 'eyJhbGciOiJub25lIn0.e30.', '%00', 'PHg+PC94Pg=='),
        ),
        { maxKeys: 5 },
      );
      const request = fc.record({
        route,
        method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
        query: params,
        form: fc.option(params, { nil: undefined }),
        origin: fc.constantFrom(undefined, env.origin, 'https://evil.example', 'null'),
        cookie: sessionCookie,
      });
      await fuzzProperty(
        'service-account',
        'login routes arbitrary requests',
        (runs) =>
          fc.assert(
            fc.asyncProperty(request, async (call) => {
              const url = new URL(call.route, env.origin);
              for (const [name, value] of Object.entries(call.query)) url.searchParams.append(name, value);
              const headers: Record<string, string> = {
                cookie: `efa_csrf=${csrf}${call.cookie ? `; ${call.cookie}` : ''}`,
              };
              if (call.origin) headers.origin = call.origin;
              const withBody = call.form !== undefined && call.method !== 'GET' && call.method !== 'HEAD';
              if (withBody) headers['content-type'] = 'application/x-www-form-urlencoded';
              const response = await withinBudgetAsync(async () => {
                const answer = await fetch(url, {
                  method: call.method,
                  headers,
                  redirect: 'manual',
                  ...(withBody ? { body: new URLSearchParams(call.form).toString() } : {}),
                });
                return { status: answer.status, text: await answer.text() };
              });
              const what = `${call.method} ${url} ${JSON.stringify(call.form)} → ${response.status} ${response.text.slice(0, 200)}`;
              expect(response.status, what).toBeGreaterThanOrEqual(200);
              expect(response.status, what).toBeLessThan(500);
            }),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
    },
    fuzzTimeout(60_000),
  );
});
