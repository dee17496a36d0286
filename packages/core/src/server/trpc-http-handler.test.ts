import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { testDatabases } from '../testing/databases.js';
import { createContextFactory, csrfCookieName, csrfHeaderName, type EfaDatabase } from './context.js';
import { migrate } from './migrations.js';
import { createRateLimiter, rateLimitMigrations } from './rate-limit.js';
import { publicProcedure, router } from './trpc.js';
import { createTrpcHttpHandler } from './trpc-http-handler.js';

const appRouter = router({
  open: router({
    datasets: publicProcedure
      .meta({ cache: { scope: 'public', maxAgeSeconds: 300, staleWhileRevalidateSeconds: 3600 } })
      .query(() => ['open data']),
    short: publicProcedure.meta({ cache: { scope: 'public', maxAgeSeconds: 60 } }).query(() => 'short'),
    echo: publicProcedure.input(z.unknown()).query(({ input }) => input),
  }),
  me: router({
    whoami: publicProcedure.query(({ ctx }) => ctx.request.headers['x-person'] ?? 'nobody'),
    create: publicProcedure.input(z.object({ n: z.number() })).mutation(({ input }) => input.n),
    quote: publicProcedure.meta({ cost: 5 }).query(() => 'expensive'),
  }),
});

const csrf = 'x'.repeat(24);
const mutationHeaders = {
  'content-type': 'application/json',
  origin: 'http://portal.test',
  cookie: `${csrfCookieName}=${csrf}`,
  [csrfHeaderName]: csrf,
};

async function serve(db: EfaDatabase, points: number) {
  const handler = createTrpcHttpHandler({
    router: appRouter,
    createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
    maxBatchSize: 4,
    maxJsonDepth: 16,
    rateLimiter: createRateLimiter(db, { points, durationSeconds: 60 }),
    // Each test counts against its own client, so tests do not share budgets.
    clientKey: (req) => String(req.headers['x-client'] ?? 'anonymous'),
  });
  const server = createServer((req, res) => {
    void handler(req, res, new URL(req.url ?? '/', 'http://portal.test'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { server, base: `http://127.0.0.1:${address.port}/trpc` };
}

describe.each(testDatabases(inject('efaPostgresUrl')))('tRPC HTTP handler on $name', (driver) => {
  let db: EfaDatabase;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [rateLimitMigrations]);
    ({ server, base } = await serve(db, 20));
  });

  afterAll(async () => {
    if (!driver.available) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
  });

  it.skipIf(!driver.available)(
    'issue 11 finding 5: a batch is as private as its most private call',
    async () => {
      const mixed = await fetch(`${base}/open.datasets,me.whoami?batch=1&input={}`, {
        headers: { 'x-person': 'Erika Mustermann' },
      });
      expect(mixed.status).toBe(200);
      expect(mixed.headers.get('cache-control')).toBe('private, no-store');

      const publicOnly = await fetch(`${base}/open.datasets,open.short?batch=1&input={}`);
      expect(publicOnly.headers.get('cache-control')).toBe('public, max-age=60');
      expect(publicOnly.headers.get('vary')).toBe('Accept-Language, Origin');

      const single = await fetch(`${base}/open.datasets`);
      expect(single.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=3600');

      const personal = await fetch(`${base}/me.whoami`);
      expect(personal.headers.get('cache-control')).toBe('private, no-store');

      const failed = await fetch(`${base}/open.echo?input=${encodeURIComponent('{not json')}`);
      expect(failed.status).toBe(400);
      expect(failed.headers.get('cache-control')).toBe('private, no-store');
    },
  );

  it.skipIf(!driver.available)(
    'issue 11 finding 3: a batch above the cap is refused before any call runs, with a coded error',
    async () => {
      const paths = Array.from({ length: 5 }, () => 'me.create').join(',');
      const input = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [i, { n: i }]));
      const response = await fetch(`${base}/${paths}?batch=1&lang=en`, {
        method: 'POST',
        headers: { ...mutationHeaders, 'x-client': 'batcher' },
        body: JSON.stringify(input),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Array<{
        error: { message: string; data: { efaCode: string } };
      }>;
      expect(body).toHaveLength(5);
      expect(body[0]?.error.data.efaCode).toBe('BATCH_TOO_LARGE');
      expect(body[0]?.error.message).toBe('The request batches too many calls (at most 4).');

      const allowed = await fetch(`${base}/me.create,me.create?batch=1`, {
        method: 'POST',
        headers: { ...mutationHeaders, 'x-client': 'batcher' },
        body: JSON.stringify({ 0: { n: 1 }, 1: { n: 2 } }),
      });
      expect(allowed.status).toBe(200);
    },
  );

  it.skipIf(!driver.available)(
    'issue 11 finding 3: mutations and costly queries past the limit get 429 with Retry-After',
    async () => {
      const headers = { ...mutationHeaders, 'x-client': 'eager' };
      // 20 points: four costly quotes (5 each) spend them all, cheap reads stay free.
      for (let i = 0; i < 4; i++) {
        const quote = await fetch(`${base}/me.quote`, { headers: { 'x-client': 'eager' } });
        expect(quote.status).toBe(200);
      }
      const cheap = await fetch(`${base}/open.datasets`, { headers: { 'x-client': 'eager' } });
      expect(cheap.status).toBe(200);
      const refused = await fetch(`${base}/me.create`, {
        method: 'POST',
        headers: { ...headers, 'accept-language': 'de' },
        body: JSON.stringify({ n: 1 }),
      });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { error: { message: string; data: { efaCode: string } } };
      expect(body.error.data.efaCode).toBe('TOO_MANY_REQUESTS');
      expect(body.error.message).toContain(`${retryAfter} Sekunden`);

      // Another client has its own budget.
      const other = await fetch(`${base}/me.create`, {
        method: 'POST',
        headers: { ...mutationHeaders, 'x-client': 'patient' },
        body: JSON.stringify({ n: 1 }),
      });
      expect(other.status).toBe(200);
    },
  );

  it.skipIf(!driver.available)(
    'issue 11 finding 3: the counters live in the database, so a second server shares them',
    async () => {
      const second = await serve(db, 20);
      try {
        const headers = { ...mutationHeaders, 'x-client': 'roaming' };
        const send = (target: string) =>
          fetch(`${target}/me.create`, { method: 'POST', headers, body: JSON.stringify({ n: 1 }) });
        const statuses: number[] = [];
        for (let i = 0; i < 21; i++) statuses.push((await send(i % 2 === 0 ? base : second.base)).status);
        expect(statuses.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 200));
        expect(statuses[20]).toBe(429);
      } finally {
        await new Promise<void>((resolve) => second.server.close(() => resolve()));
      }
    },
  );

  it.skipIf(!driver.available)(
    'issue 11 finding 8: very deep JSON nesting is a 400 with a code',
    async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const viaQuery = await fetch(
        `${base}/open.echo?input=${encodeURIComponent('['.repeat(20) + ']'.repeat(20))}`,
      );
      expect(viaQuery.status).toBe(400);
      expect(((await viaQuery.json()) as { error: { data: { efaCode: string } } }).error.data.efaCode).toBe(
        'JSON_TOO_DEEP',
      );
      const viaBody = await fetch(`${base}/me.create`, {
        method: 'POST',
        headers: { ...mutationHeaders, 'x-client': 'nester' },
        body: deep,
      });
      expect(viaBody.status).toBe(400);
      expect(((await viaBody.json()) as { error: { data: { efaCode: string } } }).error.data.efaCode).toBe(
        'JSON_TOO_DEEP',
      );
      // A string full of brackets is not nesting.
      const quoted = await fetch(
        `${base}/open.echo?input=${encodeURIComponent(JSON.stringify('['.repeat(50)))}`,
      );
      expect(quoted.status).toBe(200);
    },
  );

  it.skipIf(!driver.available)('a body above the limit is a 413 with a code', async () => {
    const handler = createTrpcHttpHandler({
      router: appRouter,
      createContext: createContextFactory({ db, publicOrigin: 'http://portal.test' }),
      maxBodyBytes: 1024,
    });
    const small = createServer(
      (req, res) => void handler(req, res, new URL(req.url ?? '/', 'http://portal.test')),
    );
    await new Promise<void>((resolve) => small.listen(0, '127.0.0.1', resolve));
    try {
      const address = small.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      const response = await fetch(`http://127.0.0.1:${address.port}/trpc/me.create`, {
        method: 'POST',
        headers: mutationHeaders,
        body: JSON.stringify({ n: 1, padding: 'x'.repeat(4096) }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { data: { efaCode: string } } }).error.data.efaCode).toBe(
        'PAYLOAD_TOO_LARGE',
      );
    } finally {
      await new Promise<void>((resolve) => small.close(() => resolve()));
    }
  });
});
