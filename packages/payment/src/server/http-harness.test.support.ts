/**
 * A small portal for the payment tests: the payment router over tRPC's real HTTP adapter, the
 * return route and the CSV export on one node:http server, the provider simulator behind it,
 * and browsers with their own cookie jars, so that tests play several people for real.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createContextFactory,
  createDatabase,
  type EfaDatabase,
  type EfaRequest,
  type EfaSession,
  migrate,
  router,
} from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { PaymentView } from '../schema/index.js';
import {
  type PaymentSimulator,
  type PaymentSimulatorOptions,
  startPaymentSimulator,
} from '../testing/simulator.js';
import { defineFeeSchedules, exampleFeeSchedules } from './fees.js';
import { createPaymentExportHandler, createPaymentReturnHandler, createPaymentRouter } from './router.js';
import { createPaymentService, type PaymentService, type PaymentServiceOptions } from './service.js';
import { paymentMigrations } from './storage.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

export const origin = 'http://portal.test';
export const dog = '99102013104000';
export const exportToken = 'cash-office-token-0123456789';
const csrf = 'c'.repeat(32);

export const sessions: Record<string, EfaSession> = {
  citizen: {
    id: 's1',
    subject: 'bpk-1',
    trustLevel: 'substantial',
    displayName: 'Erika',
    kind: 'person',
    roles: [],
  },
  neighbour: {
    id: 's3',
    subject: 'bpk-2',
    trustLevel: 'substantial',
    displayName: 'Max',
    kind: 'person',
    roles: [],
  },
  cashier: {
    id: 's2',
    subject: 'staff-1',
    trustLevel: 'substantial',
    displayName: 'Kasse',
    kind: 'person',
    roles: ['cash-office'],
  },
};

/** Test sessions by header; the service-account package resolves real ones. */
const resolveSession = async (request: EfaRequest) =>
  sessions[String(request.headers['x-test-session'])] ?? null;

/** A tRPC answer as tests read it: `result` on success, `error` otherwise. */
export interface Answer<T = PaymentView> {
  status: number;
  headers: Headers;
  body: {
    result: { data: T };
    error: {
      message: string;
      data: { efaCode: string; httpStatus: number; fieldErrors: Array<{ path: string; message: string }> };
    };
  };
}

/** A browser: its own cookies (CSRF token, payment owner capability), optionally signed in. */
export class TestBrowser {
  readonly cookies = new Map<string, string>([['efa_csrf', csrf]]);

  constructor(
    private readonly base: string,
    public session?: keyof typeof sessions,
    private readonly origin = 'http://portal.test',
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      ...(this.session ? { 'x-test-session': this.session } : {}),
      ...extra,
    };
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      redirect: 'manual',
      ...init,
      headers: this.headers(init.headers as Record<string, string> | undefined),
    });
    this.keep(response);
    return response;
  }

  async query<T = PaymentView>(
    path: string,
    input: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await this.fetch(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  async mutate<T = PaymentView>(
    path: string,
    input: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await this.fetch(`/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin, 'x-efa-csrf': csrf, ...headers },
      body: JSON.stringify(input),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  }
}

export interface TestPortal {
  base: string;
  db: EfaDatabase;
  service: PaymentService;
  readonly sim: PaymentSimulator;
  browser(session?: keyof typeof sessions): TestBrowser;
  /** Stops the simulator and starts it again on the same port with the same options. */
  restartSimulator(): Promise<PaymentSimulator>;
  close(): Promise<void>;
}

export async function startTestPortal(
  options: {
    simulator?: PaymentSimulatorOptions;
    /** The simulator keeps its ledger in the portal's own (migrated) database, as in development. */
    ledgerInPortalDatabase?: boolean;
    /** The portal's public origin (default http://portal.test). */
    publicOrigin?: string;
    service?: Partial<Pick<PaymentServiceOptions, 'expireAfterMs'>>;
  } = {},
): Promise<TestPortal> {
  const publicOrigin = options.publicOrigin ?? origin;
  const db = await createDatabase();
  await migrate(db, [paymentMigrations]);
  const simulatorOptions: PaymentSimulatorOptions = {
    open: true,
    ...options.simulator,
    ...(options.ledgerInPortalDatabase ? { db } : {}),
  };
  let sim = await startPaymentSimulator(simulatorOptions);
  const port = Number(new URL(sim.url).port);
  const service = createPaymentService({
    db,
    provider: createXBezahldiensteProvider({
      baseUrl: sim.url,
      originatorId: 'o',
      endPointId: 'e',
      auth: { type: 'none' },
      // Generous: the suite runs on busy machines too.
      timeoutMs: 60_000,
    }),
    fees: defineFeeSchedules(exampleFeeSchedules),
    returnUrl: (id) => `${publicOrigin}/payment/return/${id}`,
    ...options.service,
  });
  const trpc = createHTTPHandler({
    router: router({ payment: createPaymentRouter({ service }) }),
    basePath: '/trpc/',
    createContext: createContextFactory({ db, publicOrigin, resolveSession }),
  });
  const returns = createPaymentReturnHandler({ service, resolveSession });
  const exportCsv = createPaymentExportHandler({ service, token: exportToken });
  const server: Server = createServer((req, res) => {
    returns(req, res)
      .then(async (handled) => handled || (await exportCsv(req, res)))
      .then((handled) => {
        if (!handled) trpc(req, res);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    service,
    get sim() {
      return sim;
    },
    browser: (session) => new TestBrowser(base, session, publicOrigin),
    async restartSimulator() {
      await sim.close();
      sim = await startPaymentSimulator({ ...simulatorOptions, port });
      return sim;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await sim.close();
      await db.destroy();
    },
  };
}
