import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EfaCapability } from './capability.js';
import { type CapabilityHost, createCapabilityHost } from './capability-host.js';
import { createDatabase } from './database.js';
import { publicProcedure, router } from './trpc.js';

const portal = 'https://service.land.example';
const cms = 'https://www.gemeinde.example';
const stranger = 'https://evil.example';

const noteSchema = z.object({ id: z.uuid(), text: z.string().max(100), at: z.iso.datetime() });
const notes: Array<z.infer<typeof noteSchema>> = [];
let jobRuns = 0;
let stopped = false;

/** A capability as small as the contract allows: a read, a write, a route and a job. */
const notesCapability: EfaCapability = {
  name: 'notes',
  migrations: [],
  routers: {
    notes: router({
      list: publicProcedure
        .input(z.object({ limit: z.number().int().min(1).max(10) }))
        .output(z.array(noteSchema))
        .query(({ input }) => notes.slice(0, input.limit)),
      // The same for everyone (as the finder's resolve): shared caches may keep it.
      count: publicProcedure
        .meta({ cache: { scope: 'public', maxAgeSeconds: 300 } })
        .output(z.number().int())
        .query(() => notes.length),
      add: publicProcedure
        .input(z.object({ text: z.string().min(1).max(100) }))
        .output(noteSchema)
        .mutation(({ input }) => {
          const note = { id: crypto.randomUUID(), text: input.text, at: new Date().toISOString() };
          notes.push(note);
          return note;
        }),
    }),
  },
  async routes(_req, res, url) {
    if (url.pathname !== '/notes/ping') return false;
    res.end('pong');
    return true;
  },
  jobs: [{ name: 'notes.tick', everyMs: 10, run: async () => void jobRuns++ }],
  async stop() {
    stopped = true;
  },
};

let server: Server;
let host: CapabilityHost;
let base: string;

beforeAll(async () => {
  const db = await createDatabase();
  host = await createCapabilityHost({
    db,
    publicUrl: portal,
    capabilities: [notesCapability],
    cors: { origins: [cms] },
    rateLimit: false,
    info: { title: 'Notes', version: '1.0.0' },
  });
  server = createServer(async (req, res) => {
    if (!(await host.handle(req, res))) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cookieOf(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((value) => value.startsWith('efa_csrf='));
  return line?.split(';')[0]?.slice('efa_csrf='.length);
}

async function add(text: string, headers: Record<string, string>) {
  return fetch(`${base}/trpc/notes.add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ text }),
  });
}

describe('CSRF: the contract sets the cookie and hands out the token', () => {
  it('refuses a mutation without the token, then accepts it with cookie and header', async () => {
    expect((await add('ohne Token', { origin: portal })).status).toBe(403);
    const token = await fetch(`${base}/trpc/efa.csrfToken`, { headers: { origin: portal } });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('private, no-store');
    const { result } = (await token.json()) as { result: { data: { token: string; header: string } } };
    expect(result.data.header).toBe('x-efa-csrf');
    // The answer's cookie is the token, Secure on an https service, readable by script (no HttpOnly).
    expect(cookieOf(token)).toBe(result.data.token);
    const line = token.headers.getSetCookie().find((value) => value.startsWith('efa_csrf=')) ?? '';
    // CORS is on: cross-site callers must get the cookie back, which needs SameSite=None; Secure.
    expect(line).toMatch(/; SameSite=None; Secure/);
    expect(line).not.toMatch(/HttpOnly/i);
    const ok = await add('mit Token', {
      origin: portal,
      cookie: `efa_csrf=${result.data.token}`,
      'x-efa-csrf': result.data.token,
    });
    expect(ok.status).toBe(200);
  });

  it('keeps the token a request already carries, so open tabs stay valid', async () => {
    const token = 't'.repeat(32);
    const answer = await fetch(`${base}/trpc/efa.csrfToken`, { headers: { cookie: `efa_csrf=${token}` } });
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(((await answer.json()) as { result: { data: { token: string } } }).result.data.token).toBe(token);
  });

  it('sets the cookie on any private answer of the routers that lacks it', async () => {
    const answer = await fetch(`${base}/trpc/notes.list?input=${encodeURIComponent('{"limit":1}')}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(cookieOf(answer)).toMatch(/^[\w-]{32}$/);
  });

  it('never sets it on an answer a shared cache may store, which would hand one token to many browsers', async () => {
    const answer = await fetch(`${base}/trpc/notes.count`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toMatch(/^public/);
    expect(answer.headers.getSetCookie()).toEqual([]);
    // A batch with a private call is private, and gets the cookie.
    const batch = await fetch(
      `${base}/trpc/notes.count,notes.list?batch=1&input=${encodeURIComponent('{"1":{"limit":1}}')}`,
    );
    expect(batch.headers.get('cache-control')).toBe('private, no-store');
    expect(cookieOf(batch)).toMatch(/^[\w-]{32}$/);
  });
});

describe('CORS for the EfA model: an allow-list, credentials, Vary: Origin', () => {
  it('names a listed origin (never "*") with credentials', async () => {
    const answer = await fetch(`${base}/trpc/notes.list?input=${encodeURIComponent('{"limit":1}')}`, {
      headers: { origin: cms },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe(cms);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives an unlisted origin no CORS headers, but still says Vary: Origin', async () => {
    const answer = await fetch(`${base}/trpc/notes.list?input=${encodeURIComponent('{"limit":1}')}`, {
      headers: { origin: stranger },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('answers the preflight of a listed origin with methods, the CSRF header and a lifetime', async () => {
    const answer = await fetch(`${base}/trpc/notes.add`, {
      method: 'OPTIONS',
      headers: {
        origin: cms,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-efa-csrf',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(cms);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/x-efa-csrf/);
    expect(answer.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses the preflight of an unlisted origin', async () => {
    const answer = await fetch(`${base}/trpc/notes.add`, {
      method: 'OPTIONS',
      headers: { origin: stranger, 'access-control-request-method': 'POST' },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts a cross-origin mutation from a listed origin with the token, refuses an unlisted one', async () => {
    const token = 'k'.repeat(32);
    const headers = { cookie: `efa_csrf=${token}`, 'x-efa-csrf': token };
    const fromCms = await add('vom CMS', { ...headers, origin: cms });
    expect(fromCms.status).toBe(200);
    expect(fromCms.headers.get('access-control-allow-origin')).toBe(cms);
    expect((await add('fremd', { ...headers, origin: stranger })).status).toBe(403);
  });
});

describe('the rest of the contract', () => {
  it('offers other requests to the capability routes and answers the health check', async () => {
    expect(await (await fetch(`${base}/notes/ping`)).text()).toBe('pong');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('runs the jobs, and stops them and the capabilities', async () => {
    await expect.poll(() => jobRuns, { timeout: 5000 }).toBeGreaterThan(1);
    await host.stop();
    expect(stopped).toBe(true);
    const after = jobRuns;
    // A job may be in flight when stopped; no new run starts after that one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(jobRuns - after).toBeLessThanOrEqual(1);
  });
});

describe('OpenAPI 3.1 from the routers, checked against live answers', () => {
  it('describes each procedure on the wire, and live answers validate against it', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/trpc/efa.csrfToken',
      '/trpc/notes.add',
      '/trpc/notes.count',
      '/trpc/notes.list',
    ]);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const schemaOf = (path: string, method: string, status: string) => {
      const schema = document.paths[path]?.[method]?.responses[status]?.content['application/json']?.schema;
      if (!schema) throw new Error(`no schema for ${method} ${path} ${status}`);
      return ajv.compile(schema);
    };
    const list = schemaOf('/trpc/notes.list', 'get', '200');
    const listed = await (
      await fetch(`${base}/trpc/notes.list?input=${encodeURIComponent('{"limit":5}')}`)
    ).json();
    expect(list(listed), JSON.stringify(list.errors)).toBe(true);
    // The schema is not empty: a wrong answer fails it.
    expect(list({ result: { data: [{ id: 'x', text: 1 }] } })).toBe(false);
    const error = schemaOf('/trpc/notes.list', 'get', 'default');
    const refused = await (
      await fetch(`${base}/trpc/notes.list?input=${encodeURIComponent('{"limit":99}')}`)
    ).json();
    expect(error(refused), JSON.stringify(error.errors)).toBe(true);
  });
});
