/**
 * vitest globalSetup for the Chromium tests of <efa-payment>: a real payment backend (PGlite,
 * the payment router over tRPC HTTP, the return route) and the provider simulator, so the
 * element is tested against the real server, not a mock. Also a few test-only routes that
 * play the citizen at the provider's checkout page, which is on another origin.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContextFactory, createDatabase, migrate, router } from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { TestProject } from 'vitest/node';
import { defineFeeSchedules, exampleFeeSchedules } from '../server/fees.js';
import { createPaymentReturnHandler, createPaymentRouter } from '../server/router.js';
import { createPaymentService } from '../server/service.js';
import { paymentMigrations } from '../server/storage.js';
import { createXBezahldiensteProvider } from '../server/xbezahldienste.js';
import { type CheckoutAction, payAtCheckout } from './checkout-client.js';
import { startPaymentSimulator } from './simulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the payment test backend; the browser uses its own hostname with it. */
    paymentBackendPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await createDatabase();
  await migrate(db, [paymentMigrations]);
  const sim = await startPaymentSimulator({ open: true });
  let port = 0;
  const service = createPaymentService({
    db,
    provider: createXBezahldiensteProvider({
      baseUrl: sim.url,
      originatorId: 'o',
      endPointId: 'e',
      auth: { type: 'none' },
    }),
    fees: defineFeeSchedules(exampleFeeSchedules),
    returnUrl: (id) => `http://localhost:${port}/payment/return/${id}`,
  });
  const appRouter = router({ payment: createPaymentRouter({ service }) });
  const contexts = new Map<string, ReturnType<typeof createContextFactory>>();
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext(options) {
      // The test page (vitest's own origin on localhost) counts as this backend's origin.
      const origin = String(options.req.headers.origin ?? `http://localhost:${port}`);
      let factory = contexts.get(origin);
      if (!factory) {
        factory = createContextFactory({
          db,
          publicOrigin: /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin)
            ? origin
            : `http://localhost:${port}`,
        });
        contexts.set(origin, factory);
      }
      return factory(options);
    },
  });
  const returns = createPaymentReturnHandler({ service });

  async function harness(res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === '/test/pay') {
      const action = JSON.parse(url.searchParams.get('action') ?? '{}') as CheckoutAction;
      const result = await payAtCheckout(url.searchParams.get('checkout') ?? '', action);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ location: result.location }));
      return true;
    }
    if (url.pathname === '/test/unavailable') {
      sim.setUnavailable(url.searchParams.get('on') === '1');
      res.writeHead(200).end('{}');
      return true;
    }
    return false;
  }

  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type, x-efa-csrf, accept-language',
        })
        .end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    harness(res, url)
      .then((handled) => handled || returns(req, res))
      .then((handled) => {
        if (!handled) trpc(req, res);
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  project.provide('paymentBackendPort', port);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sim.close();
    await db.destroy();
  };
}
