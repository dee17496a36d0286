import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import {
  createContextFactory,
  createDatabase,
  createTrpcHttpHandler,
  type EfaDatabase,
  migrate,
  publicProcedure,
  router,
} from '@efa-kit/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureData } from '../testing/fixtures.js';
import { createJurisdictionFastPath, type JurisdictionFastPath } from './http-fast-path.js';
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
  server = createServer(kitHandler(appRouter));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/trpc/jurisdiction`;
});

/** The kit's tRPC handler, which derives Cache-Control from the procedures' meta, as the portal's. */
function kitHandler(appRouter: Parameters<typeof createTrpcHttpHandler>[0]['router']) {
  const handle = createTrpcHttpHandler({
    router: appRouter,
    createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, new URL(req.url ?? '/', 'http://portal.test'));
  };
}

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
  let fastPath: JurisdictionFastPath;
  const budget = 64 * 1024;

  beforeAll(async () => {
    live = await LiveIndex.load(db);
    const appRouter = router({
      jurisdiction: createJurisdictionRouter({ db, index: live, maxAge: 60 }),
      // A personal read, as the service account's account.me: no cache meta, so private.
      account: router({ me: publicProcedure.query(() => ({ name: 'Erika Mustermann' })) }),
    });
    const trpc = kitHandler(appRouter);
    fastPath = createJurisdictionFastPath({ index: live, maxAge: 60, cacheBytes: budget });
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

  it('issue 11 finding 5: declines batches and mixed calls, whose caching class the kit handler decides', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: null }));
    const mixed = await fetch(`${fastBase}.datasets,account.me?batch=1&input=${input}`);
    expect(mixed.headers.get('x-served-by')).toBe('trpc');
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('cache-control')).toBe('private, no-store');
    const resolveInput = encodeURIComponent(
      JSON.stringify({ 0: { service: 'efa:fahrzeug-zulassen', place: '99902' }, 1: null }),
    );
    const withResolve = await fetch(`${fastBase}.resolve,account.me?batch=1&input=${resolveInput}`);
    expect(withResolve.headers.get('x-served-by')).toBe('trpc');
    expect(withResolve.headers.get('cache-control')).toBe('private, no-store');
    // A batch of one finder read is the router's too, and public by its meta.
    const single = encodeURIComponent(JSON.stringify({ 0: { q: 'hund' } }));
    const batchOfOne = await fetch(`${fastBase}.searchServices?batch=1&input=${single}`);
    expect(batchOfOne.headers.get('x-served-by')).toBe('trpc');
    expect(batchOfOne.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=720');
    expect(batchOfOne.headers.get('vary')).toBe('Accept-Language, Origin');
    // Names from Object.prototype are not procedures of the fast path.
    const proto = await fetch(`${fastBase}.constructor?input=%7B%7D`);
    expect(proto.headers.get('x-served-by')).toBe('trpc');
    expect(proto.status).toBe(404);
  });

  it('issue 11 finding 5: every finder read carries the public meta, answered public with Vary by the kit handler', async () => {
    const procedures = createJurisdictionRouter({ db, index: live, maxAge: 60 })._def.procedures as Record<
      string,
      { _def: { meta?: unknown } }
    >;
    for (const name of ['searchServices', 'searchPlaces', 'resolve', 'authority', 'datasets']) {
      expect(procedures[name]?._def.meta).toEqual({
        cache: { scope: 'public', maxAgeSeconds: 60, staleWhileRevalidateSeconds: 720 },
      });
    }
    // datasets is not the fast path's: the kit handler answers it public from the meta.
    const datasets = await fetch(`${fastBase}.datasets?input=%7B%7D`);
    expect(datasets.headers.get('x-served-by')).toBe('trpc');
    expect(datasets.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=720');
    expect(datasets.headers.get('vary')).toBe('Accept-Language, Origin');
    // The fast path's own answers say the same, Vary included.
    const fast = await fetch(
      `${fastBase}.searchServices?input=${encodeURIComponent(JSON.stringify({ q: 'hund' }))}`,
    );
    expect(fast.headers.get('x-served-by')).toBeNull();
    expect(fast.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=720');
    expect(fast.headers.get('vary')).toBe('Accept-Language, Origin');
  });

  it('issue 11 finding 8: 1,600 distinct junk queries keep the answer cache within its byte budget', async () => {
    for (let start = 0; start < 1_600; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, offset) => {
          const q = `junk-${start + offset}-${'x'.repeat(80)}`;
          const response = await fetch(
            `${fastBase}.searchPlaces?input=${encodeURIComponent(JSON.stringify({ q }))}&bust=${start + offset}`,
          );
          expect(response.headers.get('x-served-by')).toBeNull();
          await response.arrayBuffer();
        }),
      );
      const stats = fastPath.cacheStats();
      expect(stats.budget).toBe(budget);
      expect(stats.bytes).toBeLessThanOrEqual(budget);
    }
    const stats = fastPath.cacheStats();
    // Full to its budget, far fewer than the 1,600 answers: the oldest were evicted.
    expect(stats.bytes).toBeGreaterThan(budget / 2);
    expect(stats.entries).toBeLessThan(1_600);
  });
});
