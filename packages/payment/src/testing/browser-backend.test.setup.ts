/**
 * vitest globalSetup for the Chromium tests of <efa-payment>: a real payment backend (PGlite,
 * the payment router over tRPC HTTP, the return route) and the provider simulator, so the
 * element is tested against the real server, not a mock. Also a few test-only routes that
 * play the citizen at the provider's checkout page, which is on another origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDatabase, migrate, router } from '@efa-kit/core/server';
import { startBrowserTestBackend } from '@efa-kit/core/testing';
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
  const returns = createPaymentReturnHandler({ service });

  async function harness(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
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
    return returns(req, res);
  }

  const backend = await startBrowserTestBackend({
    db,
    router: router({ payment: createPaymentRouter({ service }) }),
    methods: 'GET, POST',
    handle: harness,
  });
  port = backend.port;
  project.provide('paymentBackendPort', port);
  return async () => {
    await backend.close();
    await sim.close();
    await db.destroy();
  };
}
