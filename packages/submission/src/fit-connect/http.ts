import { z } from 'zod';
import { submissionApiError } from './errors.js';
import type { SubmissionApiError } from './submission-api.js';

/**
 * One bounded HTTP exchange over `fetch`: a deadline per request (AbortSignal.timeout), a cap
 * on the bytes read from the answer, no redirects followed (a bearer token must not travel to
 * wherever a Location header points), and every failure as a SubmissionApiError whose
 * `retryable` says whether trying later can help.
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

export async function exchange(fetchImpl: typeof fetch, url: URL, request: HttpRequest): Promise<HttpAnswer> {
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
