import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { procedureMeta } from './cache-control.js';
import type { CapabilityJob, EfaCapability, SessionSource } from './capability.js';
import { createClientAddress, type TrustedProxies } from './client-address.js';
import {
  createContextFactory,
  csrfCookieName,
  csrfHeaderName,
  type EfaDatabase,
  readCookies,
} from './context.js';
import { type CorsOptions, createCorsPolicy } from './cors.js';
import { newCsrfToken } from './csrf-token.js';
import { databaseHealthy } from './database.js';
import { migrate } from './migrations.js';
import { openApiDocument } from './openapi.js';
import { createRateLimiter, type RateLimitOptions, rateLimitMigrations } from './rate-limit.js';
import { router } from './trpc.js';
import { createTrpcHttpHandler } from './trpc-http-handler.js';

export interface CapabilityHostOptions {
  db: EfaDatabase;
  /** Where the browser reaches this server, e.g. "https://service.land.example". */
  publicUrl: string | URL;
  capabilities: readonly EfaCapability[];
  /** Who is signed in: the service account capability's `sessions`; without it nobody is. */
  sessions?: SessionSource;
  /** Where the routers are mounted (default "/trpc/"). */
  basePath?: string;
  /**
   * Cross-origin callers (an element on a municipality's CMS page): listed origins may call
   * the routers with credentials. Off without it: only `publicUrl`'s origin may call.
   */
  cors?: CorsOptions;
  /** Further origins allowed to send mutations without CORS (a state's other portals behind one proxy). */
  allowedOrigins?: readonly string[];
  maxBatchSize?: number;
  maxBodyBytes?: number;
  /** Rate limit per client (default 120 points a minute); false for none. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Proxies whose X-Forwarded-For is believed (`trustedProxiesFromEnv(process.env)`, i.e.
   * TRUSTED_PROXIES); default none: the client address is the direct peer.
   */
  trustedProxies?: TrustedProxies;
  /** The client a request counts against (default: the client address, see `trustedProxies`). */
  clientKey?: (req: IncomingMessage) => string;
  /** Run the capabilities' jobs in this process (default true). */
  runJobs?: boolean;
  /** Path of the health check (default "/healthz"); false for none. */
  healthPath?: string | false;
  /** Path of the OpenAPI document (default "/openapi.json"); false for none. */
  openApiPath?: string | false;
  /** Title and version written into the OpenAPI document. */
  info?: { title: string; version: string };
  log?: (message: string) => void;
}

/** The handler a host's node:http server calls, and what the host needs around it. */
export interface CapabilityHost {
  /** Answers the request and returns true when it belongs to a mounted capability or the host. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Sets the `efa_csrf` cookie unless the request carries one; for a host's own HTML pages. */
  ensureCsrfCookie(req: IncomingMessage, res: ServerResponse): string;
  /** The session of a request (null without `sessions`). */
  sessions: SessionSource;
  /** The request's client address under the host's `trustedProxies` (for a host's own pages). */
  clientAddress(req: IncomingMessage): string;
  /** All namespaces, merged: for a typed client or tests. */
  router: AnyTRPCRouter;
  /** Stops the jobs, then every capability in reverse order. */
  stop(): Promise<void>;
}

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Path of the CSRF token read, under the base path: answers `{ result: { data: { token } } }`. */
export const csrfTokenProcedure = 'efa.csrfToken';

function namespaces(capabilities: readonly EfaCapability[]): Map<string, EfaCapability> {
  const owners = new Map<string, EfaCapability>();
  for (const capability of capabilities) {
    for (const namespace of Object.keys(capability.routers)) {
      if (owners.has(namespace) || namespace === 'efa')
        throw new Error(`namespace "${namespace}" is used twice (capability ${capability.name})`);
      owners.set(namespace, capability);
    }
  }
  return owners;
}

/** Runs a job every `everyMs`; a run still going when the next is due is not doubled. */
function schedule(job: CapabilityJob, log: (message: string) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    job
      .run()
      .catch((error: unknown) =>
        log(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = false;
      });
  }, job.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Mounts capabilities on any node:http server (docs/adr/0009-capability-contract.md): the
 * routers through core's one tRPC handler (batch, body and rate limits, cache classes), the
 * capabilities' own routes, the CSRF token, CORS for listed origins, a health check, the
 * OpenAPI document and the background jobs.
 *
 * CSRF: every mutation needs the `x-efa-csrf` header equal to the `efa_csrf` cookie (double
 * submit) and an allowed Origin. The host sets the cookie on every answer that lacks it except
 * public reads (a shared cache must never hand one browser's token to others), and
 * `GET <basePath>efa.csrfToken` returns the token for a page that cannot read the cookie (an
 * element on another origin, a page that has only read public answers so far); core's endpoint
 * client fetches it before its first mutation when the page has no cookie.
 */
export async function createCapabilityHost(options: CapabilityHostOptions): Promise<CapabilityHost> {
  const log = options.log ?? (() => undefined);
  const publicUrl = new URL(options.publicUrl);
  const https = publicUrl.protocol === 'https:';
  const basePath = options.basePath ?? '/trpc/';
  const cors = options.cors ? createCorsPolicy(options.cors) : undefined;
  const owners = namespaces(options.capabilities);
  const record: Record<string, AnyTRPCRouter> = {};
  for (const capability of options.capabilities) Object.assign(record, capability.routers);
  const appRouter = router(record);
  const procedures = appRouter._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  /** A GET whose every call declares a public cache class: its answer may be stored by a shared cache. */
  function publicRead(req: IncomingMessage, procedurePath: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    return procedurePath.split(',').every((path) => {
      const procedure = procedures[path];
      return procedure?._def.type === 'query' && procedureMeta(procedure).cache?.scope === 'public';
    });
  }
  const sessions: SessionSource = options.sessions ?? (async () => null);
  if (options.rateLimit !== false) await migrate(options.db, [rateLimitMigrations]);
  const clientAddress = createClientAddress(options.trustedProxies);
  const trpc = createTrpcHttpHandler({
    router: appRouter,
    basePath,
    createContext: createContextFactory({
      db: options.db,
      publicOrigin: publicUrl.origin,
      allowedOrigins: [...(options.allowedOrigins ?? []), ...(cors?.origins ?? [])],
      resolveSession: sessions,
      clientAddress,
    }),
    ...(options.maxBatchSize ? { maxBatchSize: options.maxBatchSize } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.rateLimit === false
      ? {}
      : { rateLimiter: createRateLimiter(options.db, options.rateLimit ?? undefined) }),
    clientKey: options.clientKey ?? ((req: IncomingMessage) => clientAddress(req) || 'unknown'),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log(`tRPC ${path ?? '?'} failed: ${error.cause?.stack ?? error.stack}`);
    },
  });
  const healthPath = options.healthPath === undefined ? '/healthz' : options.healthPath;
  const openApiPath = options.openApiPath === undefined ? '/openapi.json' : options.openApiPath;
  let openApi: Buffer | undefined;
  const stopJobs =
    options.runJobs === false
      ? []
      : options.capabilities.flatMap((capability) =>
          (capability.jobs ?? []).map((job) => schedule(job, log)),
        );

  function ensureCsrfCookie(req: IncomingMessage, res: ServerResponse): string {
    const existing = readCookies(req.headers).get(csrfCookieName);
    if (existing && existing.length >= 16) return existing;
    const token = newCsrfToken();
    // Readable by script by design (double submit). Cross-site callers only get it back with
    // SameSite=None, which browsers accept only on Secure cookies: on https, and on
    // http://localhost, which browsers treat as a secure context (local trials of the EfA model).
    const crossSite = cors !== undefined && (https || localHosts.has(publicUrl.hostname));
    res.appendHeader(
      'set-cookie',
      `${csrfCookieName}=${token}; Path=/; SameSite=${crossSite ? 'None' : 'Lax'}${https || crossSite ? '; Secure' : ''}`,
    );
    return token;
  }

  function json(res: ServerResponse, status: number, body: unknown, cacheControl: string): void {
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': cacheControl,
      'content-length': bytes.length,
    });
    res.end(bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', publicUrl.origin);
    } catch {
      return false;
    }
    const path = url.pathname;
    if (healthPath && path === healthPath) {
      const healthy = await databaseHealthy(options.db);
      json(
        res,
        healthy ? 200 : 503,
        { status: healthy ? 'ok' : 'unavailable', database: healthy ? 'ok' : 'unreachable' },
        'no-store',
      );
      return true;
    }
    if (openApiPath && path === openApiPath && (req.method === 'GET' || req.method === 'HEAD')) {
      if (cors?.apply(req, res)) return true;
      openApi ??= Buffer.from(
        JSON.stringify(
          openApiDocument({
            routers: record,
            basePath,
            serverUrl: publicUrl.origin,
            info: options.info ?? { title: 'EfA Kit', version: '0' },
          }),
        ),
      );
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'public, max-age=300',
        'content-length': openApi.length,
      });
      res.end(openApi);
      return true;
    }
    if (path.startsWith(basePath)) {
      if (cors?.apply(req, res)) return true;
      const procedure = path.slice(basePath.length);
      if (procedure === csrfTokenProcedure) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return false;
        // The token the cookie carries, or a new one set now: old tabs stay valid.
        const token = ensureCsrfCookie(req, res);
        json(res, 200, { result: { data: { token, header: csrfHeaderName } } }, 'private, no-store');
        return true;
      }
      if (!publicRead(req, procedure)) ensureCsrfCookie(req, res);
      const owner = owners.get(procedure.split('.')[0] ?? '');
      if (owner?.routes && (await owner.routes(req, res, url))) return true;
      await trpc(req, res, url);
      return true;
    }
    for (const capability of options.capabilities) {
      if (capability.routes && (await capability.routes(req, res, url))) return true;
    }
    return false;
  }

  return {
    handle,
    ensureCsrfCookie,
    sessions,
    clientAddress,
    router: appRouter,
    async stop() {
      for (const stop of stopJobs) stop();
      for (const capability of [...options.capabilities].reverse()) await capability.stop();
    },
  };
}
