import { z } from 'zod';
import { submissionApiError } from './errors.js';
import { answerError, exchange, jsonOf } from './http.js';

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) as FIT-Connect's token endpoint takes them:
 * a form-encoded POST with grant_type, client_id and client_secret. The token is kept until
 * shortly before `expires_in` runs out; callers that met a 401 ask for a fresh one.
 */

export interface TokenSourceOptions {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Without it, node:http(s) (see exchange). */
  fetch?: typeof fetch;
  clock: () => Date;
  timeoutMs: number;
}

export interface TokenSource {
  /** A valid access token; `force` discards the cached one (after a 401). */
  token(force?: boolean): Promise<string>;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1).max(20_000),
  token_type: z
    .string()
    .refine((type) => type.toLowerCase() === 'bearer', { message: 'token_type is not Bearer' })
    .optional(),
  expires_in: z.number().positive().optional(),
});

/** FIT-Connect's tokens live a few minutes; without `expires_in` assume a short life. */
const defaultLifetimeSeconds = 300;

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  let cached: { value: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    if (options.scope) body.set('scope', options.scope);
    const requestedAt = options.clock().getTime();
    const answer = await exchange(options.fetch, options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: 64 * 1024,
    });
    if (answer.status === 400 || answer.status === 401) {
      // RFC 6749 §5.2: invalid_client, unauthorized_client, invalid_scope … repeating won't help.
      const { details } = answerError(answer, 'token');
      throw submissionApiError(
        'SUBMISSION_API_AUTH',
        { status: answer.status },
        { retryable: false, status: answer.status, details: { ...details } },
      );
    }
    if (answer.status < 200 || answer.status >= 300) throw answerError(answer, 'token');
    const parsed = jsonOf(answer, tokenAnswerSchema, 'token');
    const lifetimeMs = (parsed.expires_in ?? defaultLifetimeSeconds) * 1000;
    // Refresh before the end: a tenth of the lifetime, at most a minute, so a token is never
    // sent in its last seconds (clock skew, a slow upload).
    const margin = Math.min(60_000, lifetimeMs / 10);
    cached = { value: parsed.access_token, refreshAt: requestedAt + lifetimeMs - margin };
    return parsed.access_token;
  }

  return {
    token(force = false) {
      if (force) cached = undefined;
      if (cached && options.clock().getTime() < cached.refreshAt) return Promise.resolve(cached.value);
      // Concurrent callers share one token request.
      if (!pending)
        pending = fetchToken().finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}
