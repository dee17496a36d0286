import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import {
  type ContextFactoryOptions,
  createContextFactory,
  type EfaContext,
  type EfaDatabase,
} from '../server/context.js';

/**
 * Lets the Chromium test page (vitest's own server on another localhost port) call a test
 * backend with credentials: CORS for its origin, and the preflight answered here. Returns true
 * when the request was a preflight and is done.
 */
export function allowTestPageOrigin(req: IncomingMessage, res: ServerResponse, methods: string): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'origin');
  }
  if (req.method !== 'OPTIONS') return false;
  res
    .writeHead(204, {
      'access-control-allow-methods': methods,
      'access-control-allow-headers': 'content-type, x-efa-csrf, accept-language',
    })
    .end();
  return true;
}

export interface TestPageContextOptions extends Omit<ContextFactoryOptions, 'publicOrigin'> {
  /** The backend's own origin, used when a request names no localhost origin. */
  ownOrigin: () => string;
}

/**
 * A tRPC context for a test backend that counts the calling test page's localhost origin as
 * its own, so CSRF and origin checks run for real against the browser's requests.
 */
export function testPageContext(options: TestPageContextOptions) {
  const { ownOrigin, ...rest } = options;
  const factories = new Map<string, ReturnType<typeof createContextFactory>>();
  return (args: { req: IncomingMessage; res: ServerResponse }): Promise<EfaContext> => {
    const origin = String(args.req.headers.origin ?? ownOrigin());
    let factory = factories.get(origin);
    if (!factory) {
      const local = /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin);
      factory = createContextFactory({ ...rest, publicOrigin: local ? origin : ownOrigin() });
      factories.set(origin, factory);
    }
    return factory(args);
  };
}

export interface BrowserTestBackendOptions {
  db: EfaDatabase;
  /** The app router, mounted at /trpc/. */
  router: AnyTRPCRouter;
  /** Methods the test page may use, e.g. "GET" or "GET, POST". */
  methods: string;
  /** Routes besides tRPC (returns, test harness); true when handled. */
  handle?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  resolveSession?: ContextFactoryOptions['resolveSession'];
}

export interface BrowserTestBackend {
  port: number;
  origin: string;
  close(): Promise<void>;
}

/**
 * The real backend of a package's element tests: its router over tRPC's HTTP adapter on a free
 * port, reachable from the Chromium test page. Elements are tested against it, not a mock.
 */
export async function startBrowserTestBackend(
  options: BrowserTestBackendOptions,
): Promise<BrowserTestBackend> {
  let origin = '';
  const trpc = createHTTPHandler({
    router: options.router,
    basePath: '/trpc/',
    createContext: testPageContext({
      db: options.db,
      ownOrigin: () => origin,
      ...(options.resolveSession ? { resolveSession: options.resolveSession } : {}),
    }),
  });
  const server = createServer((req, res) => {
    if (allowTestPageOrigin(req, res, options.methods)) return;
    const url = new URL(req.url ?? '/', origin);
    (options.handle ? options.handle(req, res, url) : Promise.resolve(false))
      .then((handled) => {
        if (!handled) trpc(req, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://localhost:${port}`;
  return {
    port,
    origin,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
