import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError, isLocale, type Locale, negotiateLocale } from '@efa-kit/core';
import {
  createRateLimiter,
  csrfTokenValid,
  type DataSealer,
  type EfaDatabase,
  type EfaRequest,
  type EfaResponse,
  type EfaSession,
  privateCacheControl,
  type RateLimitOptions,
  type RequestRateLimiter,
  requestOrigin,
} from '@efa-kit/core/server';
import type { FieldOf, FormDefinition } from '../../schema/definition.js';
import { parseFormDefinition } from '../../schema/index.js';
import { type UploadAnswer, uploadFilenameHeader } from '../../schema/submission.js';
import { findItem } from '../../schema/walk.js';
import type { DraftStore } from '../drafts/storage.js';
import { draftUploadOwnerHash } from '../drafts/storage.js';
import { type FormErrorCode, formError } from '../errors.js';
import { acceptedTypesText, decideMediaType } from './content-type.js';
import { decodeFilenameHeader, sanitizeFilename } from './filename.js';
import { createUploadStore, isUploadId, type UploadStore, uploadOwnerHash } from './storage.js';

export interface UploadHandlerOptions {
  db: EfaDatabase;
  sealer: DataSealer;
  /** The forms uploads are accepted for (the same map as `createFormRouter`'s). */
  forms: Readonly<Record<string, FormDefinition>>;
  /** The session of a request (the service account's resolver). Only signed-in people upload. */
  resolveSession(request: EfaRequest, response: EfaResponse): Promise<EfaSession | null>;
  /** The portal's public origin; uploads, like tRPC mutations, come only from it (or `allowedOrigins`). */
  publicOrigin: string;
  allowedOrigins?: readonly string[];
  /** Largest file in bytes, whatever a definition allows; default 10 MiB. */
  maxBytes?: number;
  /** Where the routes live: `POST <basePath>?formId=…&field=…`, `DELETE <basePath>/<id>`; default "/uploads". */
  basePath?: string;
  /** The store to write to (default: one over `db` and `sealer`). */
  store?: UploadStore;
  /** Per person; default `uploadRateLimit` in the database (core's rate-limit table). */
  rateLimiter?: RequestRateLimiter;
  /** Bytes a person may hold in uploads not yet submitted; default 100 MiB. */
  maxOpenBytesPerOwner?: number;
  /** How long an upload not submitted is kept; default 24 hours. */
  ttlMs?: number;
  now?: () => Date;
  /** Told about unexpected failures (answered 500 without details). */
  onError?: (error: unknown) => void;
  /**
   * Server drafts: a request naming a draft (`X-Efa-Draft: <draftId>` for a logged-in person's,
   * `<draftId>.<key>` for one without login) stores the file with the draft, kept as long as it,
   * and lets a draft's key holder upload without a login.
   */
  drafts?: DraftStore;
}

/** The header naming the draft an upload belongs to. */
export const draftUploadHeader = 'x-efa-draft';

/** 30 uploads per person per 10 minutes: a housing benefit application has up to 25 files. */
export const uploadRateLimit: RateLimitOptions = { points: 30, durationSeconds: 600 };
export const defaultMaxUploadBytes = 10 * 1024 * 1024;
const defaultMaxOpenBytes = 100 * 1024 * 1024;

/** HTTP statuses of the handler's refusals; the type refusals are 415, as HTTP names them. */
const httpStatus: Partial<Record<FormErrorCode, number>> = {
  FORM_UPLOAD_ORIGIN: 403,
  FORM_UPLOAD_SIGN_IN: 401,
  FORM_UNKNOWN: 404,
  FORM_UPLOAD_FIELD_UNKNOWN: 404,
  FORM_UPLOAD_FILENAME: 400,
  FORM_UPLOAD_EMPTY: 400,
  FORM_UPLOAD_TOO_LARGE: 413,
  FORM_UPLOAD_QUOTA: 413,
  FORM_UPLOAD_TYPE: 415,
  FORM_UPLOAD_CONTENT_MISMATCH: 415,
  FORM_UPLOAD_RATE_LIMITED: 429,
  FORM_UPLOAD_NOT_FOUND: 404,
  FORM_UPLOAD_IN_USE: 409,
  DRAFT_NOT_FOUND: 404,
};

const sizeFormat = {
  de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

function formatBytes(bytes: number, locale: Locale): string {
  return bytes >= 1_048_576
    ? `${sizeFormat[locale].format(bytes / 1_048_576)} MB`
    : `${sizeFormat[locale].format(bytes / 1024)} kB`;
}

function localeOf(req: IncomingMessage, url: URL): Locale {
  const explicit = url.searchParams.get('lang');
  if (isLocale(explicit)) return explicit;
  const header = req.headers['accept-language'];
  return negotiateLocale(Array.isArray(header) ? header[0] : header);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): true {
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': privateCacheControl,
      'x-content-type-options': 'nosniff',
      ...headers,
    })
    .end(body === undefined ? undefined : JSON.stringify(body));
  return true;
}

/** Refuses in the kit's error shape (`error.message`, `error.data.efaCode`), as tRPC errors read. */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  locale: Locale,
  code: FormErrorCode,
  params: Record<string, string | number> = {},
  headers: Record<string, string> = {},
): true {
  const error = formError(code, params);
  const status = httpStatus[code] ?? 400;
  send(
    res,
    status,
    { error: { message: error.localized(locale), data: { efaCode: code, httpStatus: status } } },
    headers,
  );
  // The rest of a refused body is read and dropped, so the client gets to read the answer.
  req.resume();
  return true;
}

type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads at most `limit` bytes; beyond that it stops keeping them (the caller refuses). */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!settled) {
        const bytes = new Uint8Array(Buffer.concat(chunks));
        settle({ ok: true, bytes });
      }
    });
    // The client gave up halfway: nothing to store, nobody to answer.
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/**
 * The upload routes, in the shape of a portal capability's `handle(req, res, url)` (true when
 * handled, false for requests it does not own):
 *
 * - `POST <basePath>?formId=<form>&field=<data path>`: the raw file as the body, its type as
 *   `Content-Type`, its name in `X-Filename` (RFC 5987: `UTF-8''Nachweis%20M%C3%BCller.pdf`).
 *   Same-origin with the double-submit CSRF header, like a tRPC mutation, and only for a
 *   signed-in session. Size and type limits come from the definition's file field; the type is
 *   read from the content's signature (a renamed program is refused). 201 with
 *   `{ uploadId, filename, size, mimeType, sha512 }`; refusals 401, 403, 404, 413, 415, 429
 *   with a coded, localized error. The file is stored sealed, bound to its owner, form and
 *   field, for 24 hours unless it is submitted with an application.
 * - `DELETE <basePath>/<uploadId>`: the owner removes an upload not yet submitted (204).
 *
 * Raw bodies rather than multipart: one file per request needs no parser, the size is known
 * from `Content-Length` before a byte is read, and progress events work with a plain XHR.
 */
export function createUploadHandler(options: UploadHandlerOptions) {
  const basePath = (options.basePath ?? '/uploads').replace(/\/+$/, '');
  const maxBytes = options.maxBytes ?? defaultMaxUploadBytes;
  const maxOpenBytes = options.maxOpenBytesPerOwner ?? defaultMaxOpenBytes;
  const store =
    options.store ??
    createUploadStore({
      db: options.db,
      sealer: options.sealer,
      ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  const limiter = options.rateLimiter ?? createRateLimiter(options.db, uploadRateLimit);
  const allowed = new Set([new URL(options.publicOrigin).origin, ...(options.allowedOrigins ?? [])]);
  const forms = new Map<string, FormDefinition>();
  for (const [id, input] of Object.entries(options.forms)) forms.set(id, parseFormDefinition(input));

  type Owner = { ownerHash: string; draft?: { id: string; expiresAt: Date } };
  const owner = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<Owner | null | 'draft-not-found'> => {
    const session = await options.resolveSession(
      { method: req.method ?? 'GET', url, headers: req.headers, ip: req.socket.remoteAddress ?? '' },
      {
        setHeader: (name, value) => res.setHeader(name, value),
        appendHeader: (name, value) => res.appendHeader(name, value),
      },
    );
    const subjectHash = session ? uploadOwnerHash(session.subject) : null;
    const header = req.headers[draftUploadHeader];
    const named = typeof header === 'string' && header.length <= 100 ? header : undefined;
    if (!options.drafts || named === undefined) return subjectHash ? { ownerHash: subjectHash } : null;
    const [draftId = '', key] = named.split('.');
    const draft = await options.drafts.authorize(draftId, { ownerHash: subjectHash, key });
    if (!draft) return 'draft-not-found';
    // A logged-in person's files stay theirs (the submit finds them); without a login the draft owns them.
    return {
      ownerHash: subjectHash ?? draftUploadOwnerHash(draft.draftId),
      draft: { id: draft.draftId, expiresAt: draft.expiresAt },
    };
  };

  const fileField = (formId: string | null, field: string | null) => {
    const definition = formId ? forms.get(formId) : undefined;
    if (!definition || !field || field.length > 1000) return undefined;
    const entry = findItem(definition, field);
    return entry && entry.item.kind === 'file'
      ? { definition, field: entry.item as FieldOf<'file'>, path: entry.path }
      : undefined;
  };

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL, locale: Locale, who: Owner) {
    const { ownerHash } = who;
    const formId = url.searchParams.get('formId');
    const target = fileField(formId, url.searchParams.get('field'));
    if (!formId || !forms.has(formId))
      return refuse(req, res, locale, 'FORM_UNKNOWN', { formId: formId ?? '' });
    if (!target) {
      return refuse(req, res, locale, 'FORM_UPLOAD_FIELD_UNKNOWN', {
        field: url.searchParams.get('field') ?? '',
      });
    }
    const decoded = decodeFilenameHeader(req.headers[uploadFilenameHeader]);
    if (decoded === undefined) return refuse(req, res, locale, 'FORM_UPLOAD_FILENAME');
    const filename = sanitizeFilename(decoded);
    const decision = await limiter.consume(`form-upload:${ownerHash}`, 1);
    if (!decision.allowed) {
      return refuse(
        req,
        res,
        locale,
        'FORM_UPLOAD_RATE_LIMITED',
        { seconds: decision.retryAfterSeconds },
        { 'retry-after': String(decision.retryAfterSeconds) },
      );
    }
    const limit = Math.min(target.field.maxSize ?? maxBytes, maxBytes);
    const tooLarge = () =>
      refuse(req, res, locale, 'FORM_UPLOAD_TOO_LARGE', { filename, limit: formatBytes(limit, locale) });
    const declaredLength = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declaredLength) && declaredLength > limit) return tooLarge();
    const held = await store.openBytes(ownerHash);
    const overQuota = (size: number) => held + size > maxOpenBytes;
    const quota = () =>
      refuse(req, res, locale, 'FORM_UPLOAD_QUOTA', { limit: formatBytes(maxOpenBytes, locale) });
    if (Number.isFinite(declaredLength) && overQuota(declaredLength)) return quota();
    const body = await readBody(req, limit);
    if (!body.ok && body.reason === 'aborted') {
      res.destroy();
      return true;
    }
    if (!body.ok) return tooLarge();
    if (body.bytes.byteLength === 0) return refuse(req, res, locale, 'FORM_UPLOAD_EMPTY', { filename });
    if (overQuota(body.bytes.byteLength)) return quota();
    const accept = target.field.accept ?? [];
    const type = decideMediaType(body.bytes, req.headers['content-type'], accept, filename);
    if (!type.ok) {
      const types = acceptedTypesText(accept, locale) || '–';
      return refuse(
        req,
        res,
        locale,
        type.reason === 'not-accepted' ? 'FORM_UPLOAD_TYPE' : 'FORM_UPLOAD_CONTENT_MISMATCH',
        {
          filename,
          types,
        },
      );
    }
    const stored = await store.put({
      ownerHash,
      formId,
      fieldPath: target.path,
      filename,
      mimeType: type.mediaType,
      content: body.bytes,
      ...(who.draft ? { draftId: who.draft.id, expiresAt: who.draft.expiresAt } : {}),
    });
    const answer: UploadAnswer = {
      uploadId: stored.id,
      filename: stored.filename,
      size: stored.size,
      mimeType: stored.mimeType,
      sha512: stored.sha512,
    };
    return send(res, 201, answer);
  }

  async function remove(
    req: IncomingMessage,
    res: ServerResponse,
    locale: Locale,
    ownerHash: string,
    id: string,
  ) {
    const result = await store.remove(ownerHash, id);
    if (result === 'deleted') {
      req.resume();
      return send(res, 204, undefined);
    }
    return refuse(req, res, locale, result === 'in-use' ? 'FORM_UPLOAD_IN_USE' : 'FORM_UPLOAD_NOT_FOUND');
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname.replace(/\/+$/, '');
    const isUpload = path === basePath && req.method === 'POST';
    const deleteId =
      req.method === 'DELETE' && path.startsWith(`${basePath}/`)
        ? path.slice(basePath.length + 1)
        : undefined;
    if (!isUpload && deleteId === undefined) return false;
    const locale = localeOf(req, url);
    try {
      const origin = requestOrigin(req.headers);
      if (!(origin !== undefined && allowed.has(origin) && csrfTokenValid(req.headers))) {
        return refuse(req, res, locale, 'FORM_UPLOAD_ORIGIN');
      }
      const who = await owner(req, res, url);
      if (who === 'draft-not-found') return refuse(req, res, locale, 'DRAFT_NOT_FOUND');
      if (!who) return refuse(req, res, locale, 'FORM_UPLOAD_SIGN_IN');
      if (deleteId !== undefined) {
        if (!isUploadId(deleteId)) return refuse(req, res, locale, 'FORM_UPLOAD_NOT_FOUND');
        return await remove(req, res, locale, who.ownerHash, deleteId);
      }
      return await upload(req, res, url, locale, who);
    } catch (error) {
      if (res.headersSent) {
        options.onError?.(error);
        res.destroy();
        return true;
      }
      if (isEfaError(error)) {
        const status = httpStatus[error.code as FormErrorCode] ?? 500;
        send(res, status, {
          error: { message: error.localized(locale), data: { efaCode: error.code, httpStatus: status } },
        });
        req.resume();
        return true;
      }
      // Nothing about the cause leaves the server; the app's log hears of it.
      options.onError?.(error);
      send(res, 500, {
        error: {
          message:
            locale === 'en'
              ? 'The file could not be stored. Please try again.'
              : 'Die Datei konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
          data: { efaCode: 'INTERNAL', httpStatus: 500 },
        },
      });
      req.resume();
      return true;
    }
  };
}
