import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCProcedure, AnyTRPCRouter, TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { isLocale, type Locale, negotiateLocale } from '../i18n.js';
import { type CoreMessageKey, translateCore } from '../messages/index.js';
import { cacheControlFor, procedureMeta } from './cache-control.js';
import { clientAddress } from './client-address.js';
import type { EfaContext } from './context.js';
import { jsonNestingExceeds } from './json-depth.js';
import type { RequestRateLimiter } from './rate-limit.js';

export interface TrpcHttpHandlerOptions {
  router: AnyTRPCRouter;
  createContext: (options: { req: IncomingMessage; res: ServerResponse }) => Promise<EfaContext>;
  /** Where the router is mounted (default "/trpc/"). */
  basePath?: string;
  /** Most calls one batched request may carry (default 10). */
  maxBatchSize?: number;
  /** Largest request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Deepest nesting of arrays and objects in an input (default 32). */
  maxJsonDepth?: number;
  /**
   * Counts what costs, per client: every mutation and every query whose meta declares a cost
   * above 1 spends its cost (default 1). Without a limiter nothing is counted.
   */
  rateLimiter?: RequestRateLimiter;
  /** The client a request counts against (default: the peer address, X-Forwarded-For never read). */
  clientKey?: (req: IncomingMessage) => string;
  onError?: (failure: { error: TRPCError; path: string | undefined }) => void;
}

export const defaultMaxBatchSize = 10;
export const defaultMaxJsonDepth = 32;
const defaultMaxBodyBytes = 1024 * 1024;

type RefusalCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_REQUESTS';
const httpStatus: Record<RefusalCode, number> = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

interface Refusal {
  code: RefusalCode;
  efaCode: string;
  key: CoreMessageKey;
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
}

function requestLocale(req: IncomingMessage, url: URL): Locale {
  const explicit = url.searchParams.get('lang');
  if (isLocale(explicit)) return explicit;
  const header = req.headers['accept-language'];
  return negotiateLocale(Array.isArray(header) ? header[0] : header);
}

/** Answers in tRPC's error envelope (one per call of a batch), so clients read it as any other error. */
function refuse(req: IncomingMessage, res: ServerResponse, url: URL, calls: number, refusal: Refusal): void {
  const locale = requestLocale(req, url);
  const error = {
    message: translateCore(locale, refusal.key, refusal.params),
    code: TRPC_ERROR_CODES_BY_KEY[refusal.code],
    data: {
      code: refusal.code,
      httpStatus: httpStatus[refusal.code],
      efaCode: refusal.efaCode,
      fieldErrors: [],
    },
  };
  const batch = url.searchParams.get('batch') === '1';
  const body = JSON.stringify(
    batch ? Array.from({ length: Math.max(calls, 1) }, () => ({ error })) : { error },
  );
  res.writeHead(httpStatus[refusal.code], {
    'content-type': 'application/json',
    'cache-control': 'private, no-store',
    ...refusal.headers,
  });
  res.end(body);
  // Whatever the client still sends is not read.
  req.resume();
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/**
 * The kit's tRPC endpoint over node:http: bounded batches, bodies and nesting, a rate limit on
 * what costs (429 with Retry-After), and a caching class per answer from the procedures' meta
 * (`private, no-store` unless every call is a public read). Refusals happen before any
 * procedure runs and carry a coded, localized error.
 */
export function createTrpcHttpHandler(options: TrpcHttpHandlerOptions) {
  const basePath = options.basePath ?? '/trpc/';
  const maxBatchSize = options.maxBatchSize ?? defaultMaxBatchSize;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const maxJsonDepth = options.maxJsonDepth ?? defaultMaxJsonDepth;
  const clientKey = options.clientKey ?? ((req: IncomingMessage) => clientAddress(req) || 'unknown');
  const procedures = options.router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;

  const trpc = createHTTPHandler({
    router: options.router,
    basePath,
    createContext: options.createContext,
    maxBodySize: maxBodyBytes,
    maxBatchSize,
    responseMeta({ info, type, errors }) {
      const cacheControl = cacheControlFor({ type, calls: info?.calls ?? [], failed: errors.length > 0 });
      return {
        // Answers depend on the language and, with CORS, on the Origin (docs/adr/0009); a
        // string replaces tRPC's own Vary, an array is added to it.
        headers: cacheControl.startsWith('public')
          ? { 'cache-control': cacheControl, vary: 'Accept-Language, Origin' }
          : { 'cache-control': cacheControl, vary: ['Origin'] },
      };
    },
    ...(options.onError ? { onError: ({ error, path }) => options.onError?.({ error, path }) } : {}),
  });

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const paths = url.pathname.slice(basePath.length).split(',');
    const batch = url.searchParams.get('batch') === '1';
    if (batch && paths.length > maxBatchSize) {
      refuse(req, res, url, paths.length, {
        code: 'BAD_REQUEST',
        efaCode: 'BATCH_TOO_LARGE',
        key: 'error.BATCH_TOO_LARGE',
        params: { maximum: maxBatchSize },
      });
      return;
    }
    if (options.rateLimiter) {
      let cost = 0;
      for (const path of paths) {
        const procedure = procedures[path];
        if (!procedure) continue;
        const declared = procedureMeta(procedure).cost ?? 1;
        if (procedure._def.type === 'mutation' || declared > 1) cost += declared;
      }
      if (cost > 0) {
        const decision = await options.rateLimiter.consume(clientKey(req), cost);
        if (!decision.allowed) {
          refuse(req, res, url, paths.length, {
            code: 'TOO_MANY_REQUESTS',
            efaCode: 'TOO_MANY_REQUESTS',
            key: 'error.TOO_MANY_REQUESTS',
            params: { seconds: decision.retryAfterSeconds },
            headers: { 'retry-after': String(decision.retryAfterSeconds) },
          });
          return;
        }
      }
    }
    const queryInput = url.searchParams.get('input');
    if (queryInput && jsonNestingExceeds(queryInput, maxJsonDepth)) {
      refuse(req, res, url, paths.length, {
        code: 'BAD_REQUEST',
        efaCode: 'JSON_TOO_DEEP',
        key: 'error.JSON_TOO_DEEP',
        params: { maximum: maxJsonDepth },
      });
      return;
    }
    if (req.method === 'POST') {
      const body = await readBody(req, maxBodyBytes);
      if (body === null) {
        refuse(req, res, url, paths.length, {
          code: 'PAYLOAD_TOO_LARGE',
          efaCode: 'PAYLOAD_TOO_LARGE',
          key: 'error.PAYLOAD_TOO_LARGE',
        });
        return;
      }
      if (jsonNestingExceeds(body, maxJsonDepth)) {
        refuse(req, res, url, paths.length, {
          code: 'BAD_REQUEST',
          efaCode: 'JSON_TOO_DEEP',
          key: 'error.JSON_TOO_DEEP',
          params: { maximum: maxJsonDepth },
        });
        return;
      }
      // tRPC's node adapter reads a body a previous step has read from `req.body`.
      Object.assign(req, { body });
    }
    trpc(req, res);
  };
}
