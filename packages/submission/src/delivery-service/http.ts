import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { Problem } from './problems.js';

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length above the limit is
 * refused before anything is read; a body that grows past it is cut off. Either way the
 * connection is closed after the answer, since the rest of the body was never read.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new Problem('payload-too-large', `at most ${limit} bytes`, { connection: 'close' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit)
      throw new Problem('payload-too-large', `at most ${limit} bytes`, { connection: 'close' });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function requireMediaType(req: IncomingMessage, expected: string): void {
  if (mediaType(req) !== expected) throw new Problem('unsupported-media-type', `send ${expected}`);
}

/** A JSON body checked against a zod schema; every issue goes into the problem's detail. */
export async function readJson<T extends z.ZodType>(
  req: IncomingMessage,
  limit: number,
  schema: T,
): Promise<z.infer<T>> {
  requireMediaType(req, 'application/json');
  const text = await readBody(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Problem('bad-request', 'the body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new Problem('bad-request', detail.slice(0, 2000));
  }
  return parsed.data;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path or query UUID, lower-cased; anything else is a 400 (never a database lookup). */
export function uuidParam(value: string | null | undefined, name: string): string {
  if (!value || !uuid.test(value)) throw new Problem('bad-request', `${name} must be a UUID`);
  return value.toLowerCase();
}

/** offset ≥ 0 and 1 ≤ limit ≤ 500 (FITKO's page size), as integers. */
export function pageParams(url: URL, defaultLimit = 100): { offset: number; limit: number } {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = url.searchParams.get(name);
    if (raw === null) return fallback;
    if (!/^\d{1,9}$/.test(raw)) throw new Problem('bad-request', `${name} must be an integer`);
    const value = Number(raw);
    if (value < min || value > max)
      throw new Problem('bad-request', `${name} must be between ${min} and ${max}`);
    return value;
  };
  return { offset: read('offset', 0, 0, 1_000_000_000), limit: read('limit', defaultLimit, 1, 500) };
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | null,
  contentType: string | null,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(contentType ? { 'content-type': contentType } : {}),
    ...headers,
  });
  res.end(body ?? undefined);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  send(res, status, JSON.stringify(body), 'application/json', headers);
}

export function sendProblem(res: ServerResponse, problem: Problem, instance: string): void {
  send(res, problem.status, JSON.stringify(problem.body(instance)), 'application/problem+json', {
    ...problem.headers,
  });
}
