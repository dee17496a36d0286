/**
 * The service account mounted alone on core's capability host, as a state's server would: its
 * answers (signed out, signed in at the development identity provider, logged out) are
 * checked against the server's own /openapi.json, which describes them from the router's
 * output schemas.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CapabilityHost,
  createCapabilityHost,
  createDatabase,
  type EfaDatabase,
} from '@efa-kit/core/server';
import { accountConfigFromEnv, createAccountCapability } from '@efa-kit/service-account/server';
import { loginWithDevProvider, TestBrowser } from '@efa-kit/service-account/testing';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: EfaDatabase;
let host: CapabilityHost | undefined;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createDatabase();
  server = createServer(async (req, res) => {
    if (!(await host?.handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const account = await createAccountCapability({
    db,
    publicUrl: base,
    settings: accountConfigFromEnv({}),
    development: { clientName: 'OpenAPI test', host: '127.0.0.1' },
  });
  host = await createCapabilityHost({
    db,
    publicUrl: base,
    capabilities: [account],
    sessions: account.sessions,
    rateLimit: false,
  });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await host?.stop();
  await db.destroy();
});

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
  >;
};

describe('/openapi.json of the account capability', () => {
  it('describes every account answer exactly, and the live answers match it', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as Document;
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const schemaOf = (path: string, method: 'get' | 'post') =>
      document.paths[`/trpc/${path}`]?.[method]?.responses['200']?.content['application/json']?.schema as
        | { properties?: { result?: { properties?: { data?: object } } } }
        | undefined;
    const check = (path: string, method: 'get' | 'post'): ValidateFunction => {
      const schema = schemaOf(path, method);
      if (!schema) throw new Error(`${method} ${path}: no schema`);
      return ajv.compile(schema);
    };
    const valid = (validate: ValidateFunction, body: unknown) => {
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    };
    // Typed, not "any shape": each answer's data has a schema with a type or alternatives.
    for (const [path, method] of [
      ['account.me', 'get'],
      ['account.login', 'post'],
      ['account.keepAlive', 'post'],
      ['account.logout', 'post'],
    ] as const) {
      expect(
        Object.keys(schemaOf(path, method)?.properties?.result?.properties?.data ?? {}),
        path,
      ).not.toEqual([]);
    }

    const browser = new TestBrowser();
    const signedOut = await browser.request(`${base}/trpc/account.me`);
    expect(JSON.parse(signedOut.body)).toEqual({ result: { data: null } });
    valid(check('account.me', 'get'), JSON.parse(signedOut.body));
    // A wrong answer would not pass: the schema is not "anything".
    expect(check('account.me', 'get')({ result: { data: { displayName: 1 } } })).toBe(false);

    // The token as the cookie has it now (a login sets a new one).
    const post = (path: string, body?: unknown) =>
      browser.request(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: {
          origin: base,
          'x-efa-csrf': browser.cookies(base).get('efa_csrf') ?? '',
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const login = await post('account.login', { level: 'low', returnTo: '/' });
    expect(login.status).toBe(200);
    valid(check('account.login', 'post'), JSON.parse(login.body));

    await loginWithDevProvider(browser, `${base}/auth/login?level=low&returnTo=/`, {
      method: 'username-password',
      identity: 'erika-mustermann',
    });
    const me = await browser.request(`${base}/trpc/account.me`);
    const signedIn = JSON.parse(me.body) as { result: { data: { displayName: string } | null } };
    expect(signedIn.result.data?.displayName).toContain('Mustermann');
    valid(check('account.me', 'get'), signedIn);
    const kept = await post('account.keepAlive');
    expect(kept.status).toBe(200);
    valid(check('account.keepAlive', 'post'), JSON.parse(kept.body));
    const logout = await post('account.logout');
    expect(logout.status).toBe(200);
    valid(check('account.logout', 'post'), JSON.parse(logout.body));
  }, 120_000);
});
