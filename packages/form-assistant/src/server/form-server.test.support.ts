/**
 * A small portal for the form assistant's server tests: the form router over tRPC's real HTTP
 * adapter and the upload routes on one node:http server, on a fresh database, with people
 * signed in by a test header. The sink is a recording sink: the app's delivery port, played
 * by a stub that records what it is handed and answers idempotently by application id.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrustLevel } from '@efa-kit/core';
import {
  type ApplicationHandoff,
  type ApplicationSink,
  createContextFactory,
  createDatabase,
  createDataSealer,
  csrfCookieName,
  csrfHeaderName,
  type DataSealer,
  type EfaDatabase,
  type EfaRequest,
  type EfaSession,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
  type RequestRateLimiter,
  rateLimitMigrations,
  router,
  type SubmitAnswer,
} from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { blueprintForms } from '../blueprints/index.js';
import type { IdentityAttributes } from '../validation/prefill.js';
import { createDraftRouter } from './drafts/router.js';
import { createDraftStore, type DraftStore } from './drafts/storage.js';
import { createFormRouter } from './router.js';
import { encodeFilenameHeader } from './uploads/filename.js';
import { createUploadHandler } from './uploads/handler.js';
import { createUploadStore, formAssistantMigrations, type UploadStore } from './uploads/storage.js';

export const origin = 'http://portal.test';
export const csrf = 'c'.repeat(32);

/** "x-test-user: erika@high" signs in subject erika at trust level high. */
function sessionOf(request: EfaRequest): EfaSession | null {
  const header = request.headers['x-test-user'];
  const [subject, level] = String(header ?? '').split('@');
  if (!subject || (level !== 'low' && level !== 'substantial' && level !== 'high')) return null;
  return { id: `s-${subject}`, subject, trustLevel: level, displayName: subject, kind: 'person', roles: [] };
}

export interface RecordingSink {
  sink: ApplicationSink;
  /** Every handoff, in call order (repeats included). */
  calls: ApplicationHandoff[];
}

/** Answers the first call per application id with a new reference, every later one with the same answer. */
export function recordingSink(delivery: SubmitAnswer['delivery'] = 'pending'): RecordingSink {
  const calls: ApplicationHandoff[] = [];
  const answers = new Map<string, SubmitAnswer>();
  return {
    calls,
    async sink(ctx, application) {
      calls.push(application);
      const known = answers.get(application.applicationId);
      if (known) return known;
      const answer: SubmitAnswer = {
        applicationId: application.applicationId,
        reference: `T${String(answers.size + 1).padStart(4, '0')}-${ctx.session?.subject ?? ''}`,
        delivery,
        submittedAt: '2026-11-23T10:00:00.000Z',
      };
      answers.set(application.applicationId, answer);
      return answer;
    },
  };
}

export interface FormTestServer {
  base: string;
  db: EfaDatabase;
  sealer: DataSealer;
  store: UploadStore;
  drafts: DraftStore;
  recording: RecordingSink;
  close(): Promise<void>;
}

export interface FormTestServerOptions {
  db?: EfaDatabase;
  trustLevels?: Record<string, TrustLevel>;
  identity?: (subject: string) => IdentityAttributes | null;
  rateLimiter?: RequestRateLimiter;
  maxBytes?: number;
  maxOpenBytesPerOwner?: number;
  /** Resume attempts (default: core's limiter with `draftResumeRateLimit`, per `x-test-client`). */
  resumeLimiter?: RequestRateLimiter;
  now?: () => Date;
}

export async function startFormTestServer(options: FormTestServerOptions = {}): Promise<FormTestServer> {
  const db = options.db ?? (await createDatabase());
  await migrate(db, [rateLimitMigrations, formAssistantMigrations]);
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('test1')));
  const store = createUploadStore({ db, sealer });
  const drafts = createDraftStore({ db, sealer, ...(options.now ? { now: options.now } : {}) });
  const recording = recordingSink();
  const forms = blueprintForms();
  const trustLevels = options.trustLevels ?? { 'dog-registration': 'substantial' };
  const formRouter = createFormRouter({
    forms,
    today: () => '2026-11-23',
    identity: (ctx) => (ctx.session ? (options.identity?.(ctx.session.subject) ?? null) : null),
    submission: {
      sink: recording.sink,
      trustLevelFor: (formId) => trustLevels[formId] ?? null,
      uploads: store,
    },
    drafts,
  });
  const draftRouter = createDraftRouter({
    forms,
    store: drafts,
    resumeUrl: (code) => `${origin}/antrag/fortsetzen/${code}`,
    clientKey: (ctx) => String(ctx.request.headers['x-test-client'] ?? ctx.request.ip),
    ...(options.resumeLimiter ? { resumeLimiter: options.resumeLimiter } : {}),
  });
  const trpc = createHTTPHandler({
    router: router({ form: formRouter, drafts: draftRouter }),
    basePath: '/trpc/',
    createContext: createContextFactory({
      db,
      publicOrigin: origin,
      resolveSession: async (r) => sessionOf(r),
    }),
  });
  const uploads = createUploadHandler({
    db,
    sealer,
    store,
    drafts,
    forms,
    publicOrigin: origin,
    resolveSession: async (request) => sessionOf(request),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxOpenBytesPerOwner ? { maxOpenBytesPerOwner: options.maxOpenBytesPerOwner } : {}),
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    uploads(req, res, url)
      .then((handled) => {
        if (!handled) trpc(req, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    sealer,
    store,
    drafts,
    recording,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (!options.db) await db.destroy();
    },
  };
}

/** Headers of a same-origin request with the CSRF token, signed in as `user` ("erika@high"). */
export function portalHeaders(user?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    origin,
    cookie: `${csrfCookieName}=${csrf}`,
    [csrfHeaderName]: csrf,
    ...(user ? { 'x-test-user': user } : {}),
    ...extra,
  };
}

export interface UploadCall {
  formId?: string;
  field: string;
  filename: string;
  type: string;
  body: Uint8Array | string;
  user?: string;
  headers?: Record<string, string>;
}

/** An upload answer or refusal as JSON. */
export interface UploadBody {
  uploadId?: string;
  filename?: string;
  size?: number;
  mimeType?: string;
  sha512?: string;
  error?: { message: string; data: { efaCode: string; httpStatus: number } };
}

/** A tRPC answer or error as JSON. */
export interface TrpcBody<T = unknown> {
  result?: { data: T };
  error?: {
    message: string;
    data: {
      efaCode: string;
      httpStatus: number;
      fieldErrors: Array<{ path: string; code: string; message: string }>;
    };
  };
}

export async function uploadFile(server: FormTestServer, call: UploadCall) {
  const url = new URL('/uploads', server.base);
  url.searchParams.set('formId', call.formId ?? 'dog-registration');
  url.searchParams.set('field', call.field);
  const response = await fetch(url, {
    method: 'POST',
    headers: portalHeaders(call.user, {
      'content-type': call.type,
      'x-filename': encodeFilenameHeader(call.filename),
      ...call.headers,
    }),
    body: typeof call.body === 'string' ? call.body : Buffer.from(call.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as UploadBody,
  };
}

export async function mutate<T = unknown>(
  server: FormTestServer,
  path: string,
  input: unknown,
  user?: string,
  locale = 'de',
) {
  const response = await fetch(`${server.base}/trpc/${path}`, {
    method: 'POST',
    headers: portalHeaders(user, { 'content-type': 'application/json', 'accept-language': locale }),
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as TrpcBody<T> };
}

/** A small but real PDF (the content sniffer reads the signature, a viewer opens it). */
export function samplePdf(marker = 'Nachweis Tierheim'): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

export const reductionProofField = 'G99777000050.G99777000055.F99777000053';
