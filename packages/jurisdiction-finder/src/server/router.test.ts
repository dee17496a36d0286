import { createServer, type Server } from 'node:http';
import {
  createContextFactory,
  createDatabase,
  type EfaDatabase,
  migrate,
  router,
} from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureData } from '../testing/fixtures.js';
import { createJurisdictionFastPath } from './http-fast-path.js';
import { LiveIndex } from './live-index.js';
import { createJurisdictionRouter } from './router.js';
import { jurisdictionDb, jurisdictionMigrations, recordDataset, writeData } from './storage.js';

let db: EfaDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createDatabase();
  await migrate(db, [jurisdictionMigrations]);
  await jurisdictionDb(db)
    .transaction()
    .execute(async (trx) => {
      const rows = await writeData(trx, fixtureData());
      await recordDataset(trx, 'fixture', rows, 'fictional Musterland');
    });
  const index = await LiveIndex.load(db);
  const appRouter = router({ jurisdiction: createJurisdictionRouter({ db, index, maxAge: 60 }) });
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
  base = `http://127.0.0.1:${address.port}/trpc/jurisdiction`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.destroy();
});

async function get(path: string, input: unknown, lang = 'de') {
  const response = await fetch(`${base}.${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { 'accept-language': lang },
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('jurisdiction router over HTTP', () => {
  it('answers service searches by GET with a cacheable response', async () => {
    const { status, headers, body } = await get('searchServices', { q: 'hund anmelden' });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=720');
    expect(body.result.data[0]).toMatchObject({ id: '99102013104000', name: 'Hundesteuer – Anmeldung' });
  });

  it('answers in the language of the request', async () => {
    const { body } = await get('searchServices', { q: 'Hundesteuer' }, 'en');
    expect(body.result.data[0].name).toBe('Dog tax – registration');
  });

  it('searches places by postcode and resolves a split postcode to candidates', async () => {
    const places = await get('searchPlaces', { q: '9990' });
    expect(places.body.result.data.map((p: { name: string }) => p.name)).toEqual([
      'Beispielhausen',
      'Musterau',
      'Exempelstadt',
      'Beispielhausen',
    ]);
    const split = await get('resolve', { service: '99102013104000', place: '99901' });
    expect(split.body.result.data).toMatchObject({ status: 'ambiguous', postcode: '99901' });
    expect(split.body.result.data.candidates).toHaveLength(2);
  });

  it('resolves with the rule and area that matched', async () => {
    const { body } = await get('resolve', { service: 'efa:fahrzeug-zulassen', place: '99902' });
    expect(body.result.data).toMatchObject({
      status: 'found',
      matches: [
        {
          authority: { name: 'Landratsamt Musterkreis (fiktiv)' },
          rule: { level: 'kreis', area: { ars: '99101' } },
        },
      ],
    });
  });

  it('fetches an authority by id, with a coded 404 for an unknown one', async () => {
    const known = await get('authority', { id: 'fixture.OE.buergerbuero-musterau' });
    expect(known.body.result.data.openingHours.regular.length).toBeGreaterThan(0);
    const unknown = await get('authority', { id: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.data.efaCode).toBe('JURISDICTION_AUTHORITY_NOT_FOUND');
    expect(unknown.body.error.message).toBe('Die Behörde „nope“ ist nicht bekannt.');
  });

  it('rejects invalid input with localized field errors', async () => {
    const { status, body } = await get('resolve', { service: 'x', place: 'Dresden' });
    expect(status).toBe(400);
    expect(body.error.data.fieldErrors).toEqual([
      expect.objectContaining({ path: 'place', message: expect.stringContaining('Postleitzahl') }),
    ]);
    const long = await get('searchServices', { q: 'x'.repeat(101) }, 'en');
    expect(long.body.error.data.fieldErrors[0].message).toBe('Please enter 1 to 100 characters.');
  });

  it('lists the datasets and when they were imported', async () => {
    const { body } = await get('datasets', {});
    expect(body.result.data[0]).toMatchObject({ name: 'fixture', note: 'fictional Musterland' });
  });
});

describe('fast path for cacheable reads', () => {
  let fastServer: Server;
  let fastBase: string;
  let live: LiveIndex;

  beforeAll(async () => {
    live = await LiveIndex.load(db);
    const appRouter = router({ jurisdiction: createJurisdictionRouter({ db, index: live }) });
    const trpc = createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
    });
    const fastPath = createJurisdictionFastPath({ index: live, maxAge: 60 });
    fastServer = createServer((req, res) => {
      if (fastPath(req, res)) return;
      res.setHeader('x-served-by', 'trpc');
      trpc(req, res);
    });
    await new Promise<void>((resolve) => fastServer.listen(0, '127.0.0.1', resolve));
    const address = fastServer.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    fastBase = `http://127.0.0.1:${address.port}/trpc/jurisdiction`;
  });

  afterAll(() => new Promise<void>((resolve) => fastServer.close(() => resolve())));

  async function both(path: string, input: unknown, lang = 'de') {
    const query = `${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const options = { headers: { 'accept-language': lang } };
    const [fast, slow] = await Promise.all([
      fetch(`${fastBase}.${query}`, options),
      fetch(`${base}.${query}`, options),
    ]);
    return { fast, slow, fastBody: await fast.json(), slowBody: await slow.json() };
  }

  it('answers exactly as the tRPC router does, with the same caching headers', async () => {
    for (const [path, input, lang] of [
      ['searchServices', { q: 'hund anmelden' }, 'de'],
      ['searchServices', { q: 'Hundesteuer' }, 'en'],
      ['searchPlaces', { q: '9990' }, 'de'],
      ['resolve', { service: 'efa:fahrzeug-zulassen', place: '99902' }, 'de'],
      ['resolve', { service: '99102013104000', place: '99901' }, 'en'],
      ['authority', { id: 'fixture.OE.landratsamt' }, 'de'],
    ] as const) {
      const { fast, slow, fastBody, slowBody } = await both(path, input, lang);
      expect(fast.headers.get('x-served-by')).toBeNull();
      expect(fastBody).toEqual(slowBody);
      expect(fast.headers.get('cache-control')).toBe(slow.headers.get('cache-control'));
    }
  });

  it('leaves invalid input and errors to the router and its localized error shape', async () => {
    const invalid = await both('resolve', { service: 'x', place: 'Dresden' });
    expect(invalid.fast.headers.get('x-served-by')).toBe('trpc');
    expect(invalid.fast.status).toBe(400);
    expect(invalid.fastBody.error.data.fieldErrors).toEqual(invalid.slowBody.error.data.fieldErrors);
    const unknown = await both('resolve', { service: '00000000000000', place: '99902' });
    expect(unknown.fast.status).toBe(404);
    expect(unknown.fastBody.error.data.efaCode).toBe('JURISDICTION_SERVICE_NOT_FOUND');
  });

  it('drops its cache when the index is swapped after an import', async () => {
    const url = `${fastBase}.searchServices?input=${encodeURIComponent(JSON.stringify({ q: 'Bürgergeld' }))}`;
    expect((await (await fetch(url)).json()).result.data).toEqual([]);
    await jurisdictionDb(db)
      .transaction()
      .execute((trx) =>
        writeData(trx, {
          leistungen: [
            {
              id: 'efa:buergergeld',
              key: null,
              keyStatus: 'none',
              name: { de: 'Bürgergeld beantragen' },
              synonyms: [],
              level: 'kreis',
              delegable: false,
              searchWeight: 1,
              source: 'test',
            },
          ],
        }),
      );
    await live.refresh();
    expect((await (await fetch(url)).json()).result.data[0]?.id).toBe('efa:buergergeld');
  });
});
