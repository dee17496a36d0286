import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { submissionApiError } from './errors.js';
import type { SubmissionApiError } from './submission-api.js';

/**
 * One bounded HTTP exchange over `fetch`: a deadline per request (AbortSignal.timeout), a cap
 * on the bytes read from the answer, no redirects followed (a bearer token must not travel to
 * wherever a Location header points), and every failure as a SubmissionApiError whose
 * `retryable` says whether trying later can help.
 *
 * Without an injected `fetch` the exchange goes through node:http(s) with keep-alive agents:
 * the same request, at about half the CPU of `fetch` (WHATWG streams and Request/Response
 * objects cost more than the bytes they carry; several requests per application add up).
 */

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

async function readBounded(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(limit);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(limit: number): SubmissionApiError {
  return submissionApiError(
    'SUBMISSION_API_PROTOCOL',
    { detail: `the answer is larger than ${limit} bytes` },
    { retryable: false },
  );
}

function unreachable(url: URL, cause: unknown, timeoutMs: number): SubmissionApiError {
  const name = cause instanceof Error ? cause.name : '';
  const detail =
    name === 'TimeoutError' || name === 'AbortError'
      ? `no answer from ${url.host} within ${timeoutMs} ms`
      : `${url.host}: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`;
  return submissionApiError('SUBMISSION_API_UNREACHABLE', { detail }, { retryable: true, cause });
}

/** Connections to the delivery service stay open between requests (keep-alive). */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** One exchange over node:http(s): no redirects followed, deadline and byte cap as with fetch. */
function nodeExchange(url: URL, request: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: SubmissionApiError) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const secure = url.protocol === 'https:';
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: request.method,
        headers: { ...request.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
        agent: secure ? agents.https : agents.http,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        const limit = request.maxResponseBytes;
        const declared = Number(res.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > limit) {
          res.destroy();
          return fail(tooLarge(limit));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > limit) {
            res.destroy();
            return fail(tooLarge(limit));
          }
          chunks.push(chunk);
        });
        res.on('error', (cause) => fail(unreachable(url, cause, request.timeoutMs)));
        res.on('close', () => {
          if (!res.complete) fail(unreachable(url, new Error('the answer broke off'), request.timeoutMs));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: headersOf(res.headers),
            body: new Uint8Array(Buffer.concat(chunks, size)),
          });
        });
      },
    );
    req.on('error', (cause) => fail(unreachable(url, cause, request.timeoutMs)));
    req.end(body);
  });
}

/** One bounded exchange: through `fetchImpl` when one is given, else node:http(s). */
export async function exchange(
  fetchImpl: typeof fetch | undefined,
  url: URL,
  request: HttpRequest,
): Promise<HttpAnswer> {
  if (!fetchImpl) return nodeExchange(url, request);
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal,
    });
  } catch (cause) {
    throw unreachable(url, cause, request.timeoutMs);
  }
  let body: Uint8Array;
  try {
    body = await readBounded(response, request.maxResponseBytes);
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'SubmissionApiError') throw cause;
    throw unreachable(url, cause, request.timeoutMs);
  }
  return { status: response.status, headers: response.headers, body };
}

const problemSchema = z
  .object({
    type: z.string().max(2000).optional(),
    title: z.string().optional(),
    status: z.number().optional(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .loose();

export type Problem = z.infer<typeof problemSchema>;

/** An RFC 7807 problem from the answer, when it is one; titles are cut for our messages. */
export function problemOf(answer: HttpAnswer): Problem | null {
  const contentType = answer.headers.get('content-type') ?? '';
  if (!/json/i.test(contentType)) return null;
  try {
    const parsed = problemSchema.safeParse(JSON.parse(new TextDecoder().decode(answer.body)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const clip = (text: string, length = 200) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The error for a non-2xx answer: 408, 429 and 5xx may pass, every other 4xx will not. */
export function answerError(answer: HttpAnswer, what: string): SubmissionApiError {
  const problem = problemOf(answer);
  const status = answer.status;
  const details: Record<string, unknown> = { request: what };
  if (problem?.title) details.title = clip(problem.title);
  if (problem?.detail) details.detail = clip(problem.detail, 1000);
  if (problem?.instance) details.instance = clip(problem.instance, 500);
  const retryAfter = retryAfterSeconds(answer.headers);
  if (retryAfter !== undefined) details.retryAfterSeconds = retryAfter;
  const problemType = problem?.type ?? null;
  if (status === 408 || status === 429 || status >= 500)
    return submissionApiError(
      'SUBMISSION_API_UNAVAILABLE',
      { status },
      { retryable: true, status, problemType, details },
    );
  if (status >= 300 && status < 400)
    return submissionApiError(
      'SUBMISSION_API_PROTOCOL',
      { detail: `${what} was redirected (HTTP ${status})` },
      { retryable: false, status, problemType, details },
    );
  // 401 is our credentials; a 403 refuses this client this resource (a destination it may not
  // send to) and reads as a refusal with the problem's title.
  if (status === 401)
    return submissionApiError(
      'SUBMISSION_API_AUTH',
      { status },
      { retryable: false, status, problemType, details },
    );
  return submissionApiError(
    'SUBMISSION_API_REFUSED',
    { status, title: clip(problem?.title ?? problem?.detail ?? what) },
    { retryable: false, status, problemType, details },
  );
}

/** Parses a 2xx JSON answer with a zod schema; anything else is a protocol error. */
export function jsonOf<T>(answer: HttpAnswer, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(answer.body));
  } catch (cause) {
    throw submissionApiError(
      'SUBMISSION_API_PROTOCOL',
      { detail: `${what}: the answer is not JSON` },
      { retryable: false, status: answer.status, cause },
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw submissionApiError(
      'SUBMISSION_API_PROTOCOL',
      {
        detail: `${what}: ${parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.map(String).join('.') || '(root)'} ${issue.message}`)
          .join('; ')}`,
      },
      { retryable: false, status: answer.status },
    );
  return parsed.data;
}
