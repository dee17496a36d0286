import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { germanAddressSchema } from '../address.js';
import { createEndpointClient } from '../client/endpoint-client.js';
import { defineErrors } from '../errors.js';
import { createContextFactory, csrfCookieName, csrfHeaderName } from './context.js';
import { createDatabase } from './database.js';
import { publicProcedure, registerMessages, router } from './trpc.js';

const demoError = defineErrors({
  DEMO_SOLD_OUT: { status: 'CONFLICT', de: 'Ausverkauft: {item}', en: 'Sold out: {item}' },
});

registerMessages({ de: { 'demo.count': 'Höchstens drei' }, en: { 'demo.count': 'At most three' } });

const appRouter = router({
  demo: router({
    address: publicProcedure
      .input(z.object({ address: germanAddressSchema }))
      .query(({ input }) => input.address.town),
    count: publicProcedure
      .input(z.object({ n: z.number().max(3, { error: 'demo.count' }) }))
      .query(({ input }) => input.n),
    soldOut: publicProcedure.query(() => {
      throw demoError('DEMO_SOLD_OUT', { item: 'Hundemarke' });
    }),
    crash: publicProcedure.query(() => {
      throw new Error('secret internal detail');
    }),
    order: publicProcedure.mutation(() => 'ordered'),
    reset: publicProcedure.input(z.void()).mutation(() => 'reset'),
  }),
});

let server: Server;
let base: string;

beforeAll(async () => {
  const db = await createDatabase();
  server = createServer(
    createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/trpc`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, input: unknown, lang = 'de') {
  const response = await fetch(`${base}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { 'accept-language': lang },
  });
  return { status: response.status, body: await response.json() };
}

describe('shared tRPC instance over real HTTP', () => {
  it('turns zod issues into localized, field-addressed errors', async () => {
    const input = {
      address: { kind: 'de', street: 'Hauptstraße', houseNumber: '1', postcode: '1', town: 'Pirna' },
    };
    const de = await get('demo.address', input, 'de');
    expect(de.status).toBe(400);
    expect(de.body.error.message).toBe('Die Eingaben sind unvollständig oder fehlerhaft.');
    expect(de.body.error.data.efaCode).toBe('BAD_INPUT');
    expect(de.body.error.data.fieldErrors).toEqual([
      {
        path: 'address.postcode',
        code: 'invalid_format',
        message: 'Die Postleitzahl muss aus 5 Ziffern bestehen, zum Beispiel 01067.',
      },
    ]);
    const en = await get('demo.address', input, 'en-GB');
    expect(en.body.error.data.fieldErrors[0].message).toBe(
      'The postcode must have 5 digits, for example 01067.',
    );
  });

  it("localizes a package's registered messages", async () => {
    const { body } = await get('demo.count', { n: 9 }, 'en');
    expect(body.error.data.fieldErrors[0]).toMatchObject({ path: 'n', message: 'At most three' });
  });

  it('maps a typed domain error to its status, code and language', async () => {
    const { status, body } = await get('demo.soldOut', undefined, 'de');
    expect(status).toBe(409);
    expect(body.error.data.efaCode).toBe('DEMO_SOLD_OUT');
    expect(body.error.message).toBe('Ausverkauft: Hundemarke');
  });

  it('never leaks internal messages or stacks', async () => {
    const { status, body } = await get('demo.crash', undefined, 'en');
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(body.error.data.stack).toBeUndefined();
    expect(body.error.data.efaCode).toBe('INTERNAL');
  });

  describe('mutations are CSRF-guarded', () => {
    const token = 'a'.repeat(32);
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/demo.order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });

    it('from the own origin with the double-submit token: allowed', async () => {
      const response = await post({
        origin: 'http://portal.test',
        cookie: `${csrfCookieName}=${token}`,
        [csrfHeaderName]: token,
      });
      expect(response.status).toBe(200);
    });

    it('from another origin: refused', async () => {
      const response = await post({
        origin: 'http://evil.test',
        cookie: `${csrfCookieName}=${token}`,
        [csrfHeaderName]: token,
      });
      expect(response.status).toBe(403);
    });

    it('without the token or with a different one: refused', async () => {
      expect((await post({ origin: 'http://portal.test' })).status).toBe(403);
      const wrong = await post({
        origin: 'http://portal.test',
        cookie: `${csrfCookieName}=${token}`,
        [csrfHeaderName]: 'b'.repeat(32),
      });
      expect(wrong.status).toBe(403);
    });
  });
});

describe('the elements’ endpoint client against the real adapter', () => {
  // Node has no document.cookie: this fetch adds what a browser on the portal's page would send.
  const browserLikeFetch: typeof fetch = (request, init) => {
    const sent = new Request(request, init);
    sent.headers.set('origin', 'http://portal.test');
    sent.headers.set('cookie', `${csrfCookieName}=${'t'.repeat(32)}`);
    sent.headers.set(csrfHeaderName, 't'.repeat(32));
    return fetch(sent);
  };
  // Port 9 (discard) on loopback: nothing listens there.
  const unreachable = createEndpointClient({ endpoint: 'http://127.0.0.1:9/trpc', fetch: browserLikeFetch });

  it('sends a mutation without input with no body, so a z.void() input accepts it', async () => {
    const at = createEndpointClient({ endpoint: base, fetch: browserLikeFetch });
    await expect(at.mutation('demo.reset')).resolves.toBe('reset');
    await expect(at.mutation('demo.order')).resolves.toBe('ordered');
  });

  it('turns an error answer into an EndpointError with code and field errors', async () => {
    const at = createEndpointClient({ endpoint: base, fetch: browserLikeFetch, locale: 'en' });
    await expect(at.query('demo.count', { n: 5 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      status: 400,
      fieldErrors: [{ path: 'n', message: 'At most three' }],
    });
    await expect(unreachable.query('demo.count', { n: 1 })).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
