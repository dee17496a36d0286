/**
 * vitest globalSetup for the Chromium tests of the elements: the real account backend (PGlite,
 * `account.*` over tRPC HTTP, the auth routes) with the development provider, so the elements
 * are tested against the real server. `/test/session` logs in at the development provider on
 * the browser's behalf (its login page is another origin) and hands the session cookie over;
 * cookies are shared across ports of the same host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { router } from '@efa-kit/core/server';
import { allowTestPageOrigin, testPageContext } from '@efa-kit/core/testing';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { TestProject } from 'vitest/node';
import { createAccountRouter } from '../server/router.js';
import { loginWithDevProvider, TestBrowser } from './browser.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from './environment.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the account test backend; the browser uses its own hostname with it. */
    accountBackendPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let env: AccountTestEnvironment | undefined;
  let trpc: ReturnType<typeof createHTTPHandler> | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (allowTestPageOrigin(req, res, 'GET, POST')) return true;
    if (!env || !trpc) return false;
    const url = new URL(req.url ?? '/', env.origin);
    if (url.pathname === '/test/session') {
      const browser = new TestBrowser();
      await loginWithDevProvider(
        browser,
        `${env.origin}/auth/login?level=${url.searchParams.get('level') ?? 'low'}&returnTo=/`,
        {
          method: url.searchParams.get('method') ?? 'eid-card',
          identity: url.searchParams.get('identity') ?? 'erika-mustermann',
        },
      );
      const token = browser.cookies(env.origin).get(env.service.sessionCookie) ?? '';
      res.setHeader('set-cookie', `${env.service.sessionCookie}=${token}; Path=/; HttpOnly; SameSite=Lax`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: token !== '' }));
      return true;
    }
    if (url.pathname === '/test/logout') {
      res.setHeader('set-cookie', `${env.service.sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return true;
    }
    if (url.pathname.startsWith('/trpc/')) {
      trpc(req, res);
      return true;
    }
    return false;
  }

  env = await startAccountTestEnvironment({ handle, listenHost: '::' });
  const service = env.service;
  const db = env.db;
  const port = Number(new URL(env.origin).port);
  trpc = createHTTPHandler({
    router: router({ account: createAccountRouter({ service }) }),
    basePath: '/trpc/',
    createContext: testPageContext({
      db,
      ownOrigin: () => `http://localhost:${port}`,
      resolveSession: (request) => service.resolveSession(request),
    }),
  });
  project.provide('accountBackendPort', port);
  return async () => {
    await env?.close();
  };
}
