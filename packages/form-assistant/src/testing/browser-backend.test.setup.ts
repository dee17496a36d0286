/**
 * vitest globalSetup for the Chromium tests of the upload and submit behaviour: a real form
 * backend (PGlite, the form router over tRPC HTTP, the upload routes) that the elements talk
 * to, not a mock. The sink is a recording sink (the app's delivery port, played by a stub that
 * answers idempotently). A few test-only routes set the delivery state the sink answers, make
 * the next submits fail like a lost connection, and report what arrived.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDatabase,
  createDataSealer,
  type EfaRequest,
  type EfaSession,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
  rateLimitMigrations,
  readCookies,
  router,
  type SubmitAnswer,
} from '@efa-kit/core/server';
import { testPageContext } from '@efa-kit/core/testing';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { uploadTestDefinition } from '../elements/upload-test-definition.test.helper.js';
import { createDraftRouter } from '../server/drafts/router.js';
import { createDraftStore } from '../server/drafts/storage.js';
import { createFormRouter } from '../server/router.js';
import { createUploadHandler } from '../server/uploads/handler.js';
import { createUploadStore, formAssistantMigrations } from '../server/uploads/storage.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Port of the form test backend; the browser uses its own hostname with it. */
    formBackendPort: number;
  }
}

/** The test page signs in by cookie: `efa_test_session=<subject>@<level>`. */
function sessionOf(request: EfaRequest): EfaSession | null {
  const [subject, level] = (readCookies(request.headers).get('efa_test_session') ?? '').split('@');
  if (!subject || (level !== 'low' && level !== 'substantial' && level !== 'high')) return null;
  return { id: `s-${subject}`, subject, trustLevel: level, displayName: subject, kind: 'person', roles: [] };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await createDatabase();
  await migrate(db, [rateLimitMigrations, formAssistantMigrations]);
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('browser')));
  const store = createUploadStore({ db, sealer });
  const drafts = createDraftStore({ db, sealer });
  const forms = { [uploadTestDefinition.id]: uploadTestDefinition };

  const behaviour = { delivery: 'pending' as SubmitAnswer['delivery'], dropSubmits: 0, dropDraftSaves: 0 };
  /** Application ids of submits whose connection was dropped, and what reached the sink. */
  const dropped: string[] = [];
  const handedOver: Array<{ applicationId: string; uploads: string[] }> = [];
  const answers = new Map<string, SubmitAnswer>();

  const formRouter = createFormRouter({
    forms,
    identity: () => null,
    submission: {
      trustLevelFor: () => 'substantial',
      uploads: store,
      async sink(_ctx, application) {
        handedOver.push({
          applicationId: application.applicationId,
          uploads: await Promise.all(
            application.uploads.map(async (upload) => Buffer.from(await upload.content()).toString('utf8')),
          ),
        });
        const known = answers.get(application.applicationId);
        if (known) return known;
        const answer: SubmitAnswer = {
          applicationId: application.applicationId,
          reference: `EFA-${String(answers.size + 1).padStart(4, '0')}`,
          delivery: behaviour.delivery,
          submittedAt: new Date().toISOString(),
        };
        answers.set(application.applicationId, answer);
        return answer;
      },
    },
    drafts,
  });
  const draftRouter = createDraftRouter({
    forms,
    store: drafts,
    resumeUrl: (code) => `${origin}/antrag/fortsetzen/${code}`,
  });

  let origin = '';
  const trpc = createHTTPHandler({
    router: router({ form: formRouter, drafts: draftRouter }),
    basePath: '/trpc/',
    createContext: testPageContext({
      db,
      ownOrigin: () => origin,
      resolveSession: async (r) => sessionOf(r),
    }),
  });
  // The upload routes check the origin like tRPC mutations; the test page's origin is only
  // known from its requests (vitest's own port), so there is one handler per page origin.
  const uploadHandlers = new Map<string, ReturnType<typeof createUploadHandler>>();
  const uploadsFor = (pageOrigin: string) => {
    let handler = uploadHandlers.get(pageOrigin);
    if (!handler) {
      handler = createUploadHandler({
        db,
        sealer,
        store,
        drafts,
        forms,
        publicOrigin: /^http:\/\/localhost:\d+$/.test(pageOrigin) ? pageOrigin : origin,
        resolveSession: async (request) => sessionOf(request),
      });
      uploadHandlers.set(pageOrigin, handler);
    }
    return handler;
  };

  async function harness(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
    if (url.pathname === '/test/behaviour' && req.method === 'POST') {
      Object.assign(behaviour, await readJson(req));
      return json(behaviour);
    }
    if (url.pathname === '/test/state') {
      const count = await sql<{ n: number }>`select count(*)::int as n from efa_form.upload`.execute(db);
      return json({ dropped, handedOver, uploads: Number(count.rows[0]?.n ?? 0) });
    }
    if (url.pathname === '/test/draft-rows') {
      // What a database dump would show of the drafts: every column, the sealed content as text.
      const rows = await sql<Record<string, unknown>>`select * from efa_form.draft`.execute(db);
      return json(
        rows.rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([key, value]) => [
              key,
              value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
            ]),
          ),
        ),
      );
    }
    if (url.pathname === '/trpc/drafts.save' && req.method === 'POST' && behaviour.dropDraftSaves > 0) {
      // The service unreachable behind its gateway for a draft save: a 502 page, nothing stored.
      // (A dropped connection would be retried by the browser on a fresh one.)
      behaviour.dropDraftSaves -= 1;
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
      return true;
    }
    if (url.pathname === '/trpc/form.submit' && req.method === 'POST' && behaviour.dropSubmits > 0) {
      // A lost connection: the request got here, no answer goes back.
      behaviour.dropSubmits -= 1;
      const input = (await readJson(req)) as { applicationId?: string } | undefined;
      dropped.push(input?.applicationId ?? '');
      req.socket.destroy();
      return true;
    }
    return uploadsFor(String(req.headers.origin ?? ''))(req, res, url);
  }

  const server = createServer((req, res) => {
    const pageOrigin = req.headers.origin;
    if (pageOrigin) {
      res.setHeader('access-control-allow-origin', pageOrigin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers':
            'content-type, x-efa-csrf, accept-language, x-filename, x-efa-draft',
        })
        .end();
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    harness(req, res, url)
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
  project.provide('formBackendPort', port);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.destroy();
  };
}
