import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EfaCapability } from './capability.js';
import { createCapabilityHost } from './capability-host.js';
import { parseTrustedProxies, type TrustedProxies } from './client-address.js';
import { createDatabase } from './database.js';
import { publicProcedure, router } from './trpc.js';

// Issue 17: behind a balancer every request comes from its address. With the balancer listed
// in trustedProxies each citizen has their own rate-limit budget; without it (the default) a
// forged X-Forwarded-For changes nothing and all requests from the peer share one budget.

const portal = 'https://service.land.example';
const token = 'csrf-token-0123456789';

const whoCapability: EfaCapability = {
  name: 'who',
  migrations: [],
  routers: {
    who: router({
      ping: publicProcedure
        .input(z.object({}))
        .output(z.string())
        .mutation(({ ctx }) => ctx.request.ip),
    }),
  },
  async stop() {},
};

const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

async function start(trustedProxies?: TrustedProxies): Promise<string> {
  const host = await createCapabilityHost({
    db: await createDatabase(),
    publicUrl: portal,
    capabilities: [whoCapability],
    rateLimit: { points: 2, durationSeconds: 60 },
    ...(trustedProxies ? { trustedProxies } : {}),
    runJobs: false,
  });
  const server = createServer((req, res) => {
    void host.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function ping(base: string, forwardedFor: string) {
  const response = await fetch(`${base}/trpc/who.ping`, {
    method: 'POST',
    headers: {
      origin: portal,
      cookie: `efa_csrf=${token}`,
      'x-efa-csrf': token,
      'content-type': 'application/json',
      'x-forwarded-for': forwardedFor,
    },
    body: '{}',
  });
  const body = (await response.json()) as { result?: { data: string } };
  return { status: response.status, ip: body.result?.data };
}

describe('rate limits per client behind a trusted proxy (issue 17)', () => {
  it('with the balancer trusted, each forwarded client has its own budget and address', async () => {
    const base = await start(parseTrustedProxies('127.0.0.1'));
    expect(await ping(base, '198.51.100.1')).toEqual({ status: 200, ip: '198.51.100.1' });
    expect(await ping(base, '198.51.100.1')).toEqual({ status: 200, ip: '198.51.100.1' });
    expect((await ping(base, '198.51.100.1')).status).toBe(429);
    // Another citizen through the same balancer is not refused for the first one's calls.
    expect(await ping(base, '198.51.100.2')).toEqual({ status: 200, ip: '198.51.100.2' });
    // A client cannot escape its budget by forging an address left of the one the proxy appended.
    expect((await ping(base, '203.0.113.50, 198.51.100.1')).status).toBe(429);
  });

  it('by default a forged X-Forwarded-For is ignored: one peer, one budget', async () => {
    const base = await start();
    expect(await ping(base, '198.51.100.1')).toEqual({ status: 200, ip: '127.0.0.1' });
    expect(await ping(base, '198.51.100.2')).toEqual({ status: 200, ip: '127.0.0.1' });
    expect((await ping(base, '198.51.100.3')).status).toBe(429);
  });
});
