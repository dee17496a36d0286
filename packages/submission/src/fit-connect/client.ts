import type { X509Certificate } from 'node:crypto';
import { importJWK } from 'jose';
import { z } from 'zod';
import { parseTrustAnchors } from './certificates.js';
import { isCompactJwe } from './encrypt.js';
import { describeIssues, fitConnectError, submissionApiError } from './errors.js';
import { type EventKeyResolver, type VerificationKey, verifyCaseEvent } from './events.js';
import { answerError, exchange, type HttpAnswer, jsonOf } from './http.js';
import { type CheckedRsaJwk, checkDestinationKey, checkRsaPublicJwkShape } from './keys.js';
import {
  type CaseEvent,
  type DestinationInfo,
  isSubmissionApiError,
  type SubmissionApi,
  type VerifiedEncryptionKey,
} from './submission-api.js';
import { createTokenSource } from './token.js';

/**
 * The FIT-Connect Submission API v1 over HTTP, sender's side (docs.fitko.de/fit-connect,
 * submission-api 1.0.x): OAuth client credentials, the destination and its encryption key
 * (checked: RSA-OAEP-256, wrapKey, ≥ 4096 bit, x5c chain to the configured trust anchors),
 * create, upload, submit, and the case's event log with every SET verified.
 */
export interface SubmissionApiClientOptions {
  /**
   * The delivery service's server URL as the OpenAPI `servers` entry names it, e.g.
   * "https://submission-api-testing.fit-connect.fitko.dev"; the client appends "/v1/…". A
   * trailing "/v1" (as some SDKs write it) is accepted and dropped.
   */
  baseUrl: string;
  /** OAuth 2.0 token endpoint, e.g. "https://auth-testing.fit-connect.fitko.dev/token". */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** OAuth scope, when the token endpoint wants one. */
  scope?: string;
  /**
   * PEM CA certificates (the Verwaltungs-PKI roots) that destination keys must chain to. When
   * given, a key without `x5c` is refused. When empty, an `x5c` is still checked for
   * consistency, and keys are trusted as the delivery service serves them (test environments).
   */
  trustAnchors?: readonly string[];
  /** Where the delivery service's SET keys are; default `<origin of baseUrl>/.well-known/jwks.json`. */
  jwksUrl?: string;
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Deadline of each ordinary request; 15 s by default. */
  timeoutMs?: number;
  /** Deadline of an attachment upload and of the submit; 120 s by default. */
  uploadTimeoutMs?: number;
  /** The most bytes read from one answer; 4 MiB by default (an event page of 500 SETs fits). */
  maxResponseBytes?: number;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http to this machine only (the development delivery service): tokens are secrets. */
const serviceUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || loopbackHosts.has(url.hostname) || url.hostname.startsWith('127.');
  }, 'must be https (http only for localhost)');

const optionsSchema = z.object({
  baseUrl: serviceUrl,
  tokenUrl: serviceUrl,
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(4096),
  scope: z.string().min(1).max(2048).optional(),
  trustAnchors: z.array(z.string().min(1)).max(100).optional(),
  jwksUrl: serviceUrl.optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  uploadTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .optional(),
});

const idSchema = z.uuid();
const isDestinationId = (issuer: string) => idSchema.safeParse(issuer).success;
const kidSchema = z.string().min(1).max(256);
const createSchema = z.object({
  destinationId: idSchema,
  announcedAttachments: z
    .array(idSchema)
    .max(1000)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, 'attachment ids repeat'),
  serviceType: z.object({ identifier: z.string().min(7).max(255), name: z.string().min(1).max(255) }),
  caseId: idSchema.optional(),
});

const destinationAnswerSchema = z
  .object({
    destinationId: z.string(),
    status: z.enum(['created', 'active', 'archived', 'deleted']),
    encryptionKid: kidSchema.optional(),
    services: z
      .array(
        z
          .object({
            identifier: z.string().max(255),
            submissionSchemas: z
              .array(z.object({ schemaUri: z.string().max(2048), mimeType: z.string().max(255) }).loose())
              .max(1000)
              .default([]),
          })
          .loose(),
      )
      .max(1000)
      .default([]),
    metadataVersions: z.array(z.string().max(32)).max(100).default([]),
    // FITKO describes each offered channel as an object under its name; older answers list names.
    replyChannels: z
      .union([z.array(z.string().max(64)).max(20), z.record(z.string().max(64), z.unknown())])
      .optional(),
  })
  .loose();

const createdAnswerSchema = z.object({ submissionId: idSchema, caseId: idSchema }).loose();
const eventPageSchema = z
  .object({
    eventLog: z.array(z.string()).max(500),
    totalCount: z.number().int().nonnegative().optional(),
  })
  .loose();
const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(100) }).loose();

const eventPageLimit = 500;
const maxEventPages = 200;
const keyCacheMs = 5 * 60_000;
const jwksCacheMs = 10 * 60_000;
const jwksCooldownMs = 30_000;

function checkedInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RangeError(`${what}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function createSubmissionApiClient(options: SubmissionApiClientOptions): SubmissionApi {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw fitConnectError('SUBMISSION_CONFIGURATION', { detail: describeIssues(parsed.error.issues) });
  const config = parsed.data;
  let trustAnchors: X509Certificate[];
  try {
    trustAnchors = parseTrustAnchors(config.trustAnchors ?? []);
  } catch (cause) {
    throw fitConnectError('SUBMISSION_CONFIGURATION', { detail: (cause as Error).message }, { cause });
  }
  // Without an injected fetch, node:http(s) with keep-alive (cheaper per request; see http.ts).
  const fetchImpl = options.fetch;
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = config.timeoutMs ?? 15_000;
  const uploadTimeoutMs = config.uploadTimeoutMs ?? 120_000;
  const maxResponseBytes = config.maxResponseBytes ?? 4 * 1024 * 1024;
  const base = config.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const jwksUrl = new URL(config.jwksUrl ?? `${new URL(base).origin}/.well-known/jwks.json`);
  const tokens = createTokenSource({
    tokenUrl: new URL(config.tokenUrl),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.scope === undefined ? {} : { scope: config.scope }),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    clock,
    timeoutMs,
  });

  const url = (path: string) => new URL(`${base}${path}`);
  const segment = (value: string) => encodeURIComponent(value);

  async function authorized(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    what: string,
    init: { body?: string; contentType?: string; timeoutMs?: number } = {},
  ): Promise<HttpAnswer> {
    const send = async (force: boolean) =>
      exchange(fetchImpl, url(path), {
        method,
        headers: {
          authorization: `Bearer ${await tokens.token(force)}`,
          accept: 'application/json, application/problem+json',
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        ...(init.body === undefined ? {} : { body: init.body }),
        timeoutMs: init.timeoutMs ?? timeoutMs,
        maxResponseBytes,
      });
    let answer = await send(false);
    // A token can be revoked or expire early (the server's clock): one fresh token, one retry.
    if (answer.status === 401) answer = await send(true);
    if (answer.status < 200 || answer.status >= 300) throw answerError(answer, what);
    return answer;
  }

  // Checked keys, for a few minutes: a burst of applications to one authority checks its
  // certificate chain once, and a rolled key (new kid) is still seen at once.
  const keyCache = new Map<string, { expiresAt: number; value: Promise<unknown> }>();
  function cached<T>(cacheKey: string, load: () => Promise<T>): Promise<T> {
    const now = clock().getTime();
    const hit = keyCache.get(cacheKey);
    if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
    if (keyCache.size > 512) keyCache.clear();
    const value = load();
    keyCache.set(cacheKey, { expiresAt: now + keyCacheMs, value });
    value.catch(() => keyCache.delete(cacheKey));
    return value;
  }

  async function destinationKeyJwk(
    destinationId: string,
    kid: string,
    use: 'encryption' | 'signature',
  ): Promise<CheckedRsaJwk> {
    const answer = await authorized(
      'GET',
      `/v1/destinations/${segment(destinationId)}/keys/${segment(kid)}`,
      `key ${kid} of destination ${destinationId}`,
    );
    const jwk = jsonOf(answer, z.unknown(), 'destination key');
    return checkDestinationKey(jwk, {
      kid,
      alg: use === 'encryption' ? 'RSA-OAEP-256' : 'PS512',
      keyOp: use === 'encryption' ? 'wrapKey' : 'verify',
      trustAnchors,
      now: clock(),
    });
  }

  let jwks:
    | { fetchedAt: number; keys: Map<string, Promise<VerificationKey>>; refused: Map<string, unknown> }
    | undefined;
  let jwksPending: Promise<void> | undefined;

  async function loadJwks(): Promise<void> {
    const answer = await exchange(fetchImpl, jwksUrl, {
      method: 'GET',
      headers: { accept: 'application/json' },
      timeoutMs,
      maxResponseBytes,
    });
    if (answer.status < 200 || answer.status >= 300) throw answerError(answer, 'JWKS');
    const set = jsonOf(answer, jwksSchema, 'JWKS');
    const keys = new Map<string, Promise<VerificationKey>>();
    const refused = new Map<string, unknown>();
    for (const candidate of set.keys) {
      const kid = typeof candidate.kid === 'string' ? candidate.kid : undefined;
      if (!kid) continue;
      try {
        const jwk = checkRsaPublicJwkShape(candidate, { kid, alg: 'PS512', keyOp: 'verify' });
        keys.set(kid, importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'PS512') as Promise<VerificationKey>);
      } catch (error) {
        refused.set(kid, error);
      }
    }
    jwks = { fetchedAt: clock().getTime(), keys, refused };
  }

  const resolver: EventKeyResolver = {
    async deliveryServiceKey(kid) {
      const now = clock().getTime();
      const fresh = jwks && now - jwks.fetchedAt < jwksCacheMs;
      // An unknown kid may be a key rolled since the last fetch; look again, but not on every
      // event (a forged kid must not make us hammer the JWKS).
      if (!fresh || (!jwks?.keys.has(kid) && now - (jwks?.fetchedAt ?? 0) >= jwksCooldownMs)) {
        if (!jwksPending)
          jwksPending = loadJwks().finally(() => {
            jwksPending = undefined;
          });
        await jwksPending;
      }
      const key = jwks?.keys.get(kid);
      if (key) return key;
      const refusal = jwks?.refused.get(kid);
      if (refusal) throw refusal;
      throw submissionApiError(
        'SUBMISSION_EVENT_SIGNATURE',
        { detail: `the delivery service publishes no key ${kid}` },
        { retryable: false },
      );
    },
    destinationKey(destinationId, kid) {
      return cached(`signature/${destinationId}/${kid}`, async () => {
        let jwk: CheckedRsaJwk;
        try {
          jwk = await destinationKeyJwk(destinationId, kid, 'signature');
        } catch (error) {
          // No such key: the event cannot be verified (not a failure of the request itself).
          if (isSubmissionApiError(error) && error.status === 404)
            throw submissionApiError(
              'SUBMISSION_EVENT_SIGNATURE',
              { detail: `destination ${destinationId} has no key ${kid}` },
              { retryable: false, status: 404, problemType: error.problemType, cause: error },
            );
          throw error;
        }
        return (await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'PS512')) as VerificationKey;
      });
    },
  };

  return {
    async destination(destinationId: string): Promise<DestinationInfo> {
      const id = checkedInput(idSchema, destinationId, 'destinationId');
      const answer = await authorized('GET', `/v1/destinations/${segment(id)}`, `destination ${id}`);
      const info = jsonOf(answer, destinationAnswerSchema, 'destination');
      if (info.destinationId.toLowerCase() !== id.toLowerCase())
        throw submissionApiError(
          'SUBMISSION_DESTINATION_MISMATCH',
          { actual: info.destinationId.slice(0, 64), expected: id },
          { retryable: false },
        );
      if (info.status === 'active' && !info.encryptionKid)
        throw submissionApiError(
          'SUBMISSION_API_PROTOCOL',
          { detail: `active destination ${id} names no encryptionKid` },
          { retryable: false },
        );
      const replyChannels = Array.isArray(info.replyChannels)
        ? info.replyChannels
        : Object.keys(info.replyChannels ?? {});
      return {
        destinationId: id.toLowerCase(),
        status: info.status,
        encryptionKid: info.encryptionKid ?? '',
        services: info.services.map((service) => ({
          identifier: service.identifier,
          submissionSchemas: service.submissionSchemas.map((schema) => ({
            schemaUri: schema.schemaUri,
            mimeType: schema.mimeType,
          })),
        })),
        metadataVersions: info.metadataVersions,
        replyChannels,
      };
    },

    encryptionKey(destinationId: string, kid: string): Promise<VerifiedEncryptionKey> {
      const id = checkedInput(idSchema, destinationId, 'destinationId').toLowerCase();
      const keyId = checkedInput(kidSchema, kid, 'kid');
      return cached(`encryption/${id}/${keyId}`, async () => {
        const jwk = await destinationKeyJwk(id, keyId, 'encryption');
        return { kid: jwk.kid, jwk: { ...jwk } };
      });
    },

    async createSubmission(request) {
      const body = checkedInput(createSchema, request, 'createSubmission');
      const answer = await authorized('POST', '/v1/submissions', 'create submission', {
        body: JSON.stringify({
          destinationId: body.destinationId,
          announcedAttachments: body.announcedAttachments,
          serviceType: { name: body.serviceType.name, identifier: body.serviceType.identifier },
          ...(body.caseId === undefined ? {} : { caseId: body.caseId }),
        }),
        contentType: 'application/json',
      });
      const created = jsonOf(answer, createdAnswerSchema, 'create submission');
      return { submissionId: created.submissionId.toLowerCase(), caseId: created.caseId.toLowerCase() };
    },

    async uploadAttachment(submissionId, attachmentId, jwe) {
      const id = checkedInput(idSchema, submissionId, 'submissionId');
      const attachment = checkedInput(idSchema, attachmentId, 'attachmentId');
      if (typeof jwe !== 'string' || !isCompactJwe(jwe)) throw new RangeError('jwe: not a compact JWE');
      await authorized(
        'PUT',
        `/v1/submissions/${segment(id)}/attachments/${segment(attachment)}`,
        `upload attachment ${attachment}`,
        { body: jwe, contentType: 'application/jose', timeoutMs: uploadTimeoutMs },
      );
    },

    async submit(submissionId, body) {
      const id = checkedInput(idSchema, submissionId, 'submissionId');
      if (!isCompactJwe(body.encryptedMetadata)) throw new RangeError('encryptedMetadata: not a compact JWE');
      if (!isCompactJwe(body.encryptedData)) throw new RangeError('encryptedData: not a compact JWE');
      await authorized('PUT', `/v1/submissions/${segment(id)}`, `submit ${id}`, {
        body: JSON.stringify({
          encryptedMetadata: body.encryptedMetadata,
          encryptedData: body.encryptedData,
        }),
        contentType: 'application/json',
        timeoutMs: uploadTimeoutMs,
      });
    },

    async caseEvents(caseId: string, options: { destinationId?: string } = {}): Promise<CaseEvent[]> {
      const id = checkedInput(idSchema, caseId, 'caseId').toLowerCase();
      const expectedDestination =
        options.destinationId === undefined
          ? undefined
          : checkedInput(idSchema, options.destinationId, 'destinationId').toLowerCase();
      const events: CaseEvent[] = [];
      const seen = new Set<string>();
      let offset = 0;
      for (let page = 0; page < maxEventPages; page += 1) {
        const answer = await authorized(
          'GET',
          `/v1/cases/${segment(id)}/events?offset=${offset}&limit=${eventPageLimit}`,
          `events of case ${id}`,
        );
        const { eventLog, totalCount } = jsonOf(answer, eventPageSchema, 'event log');
        for (const token of eventLog) {
          const event = await verifyCaseEvent(token, id, resolver, clock());
          if (
            expectedDestination &&
            isDestinationId(event.issuer) &&
            event.issuer.toLowerCase() !== expectedDestination
          )
            throw submissionApiError(
              'SUBMISSION_EVENT_INVALID',
              {
                detail: `event ${event.jti} was issued by destination ${event.issuer}, not ${expectedDestination}`,
              },
              { retryable: false },
            );
          if (seen.has(event.jti))
            throw submissionApiError(
              'SUBMISSION_EVENT_INVALID',
              { detail: `jti ${event.jti} appears twice` },
              { retryable: false },
            );
          seen.add(event.jti);
          events.push(event);
        }
        offset += eventLog.length;
        const done =
          eventLog.length === 0 ||
          (totalCount === undefined ? eventLog.length < eventPageLimit : offset >= totalCount);
        if (done) return events;
      }
      throw submissionApiError(
        'SUBMISSION_API_PROTOCOL',
        { detail: `the event log of case ${id} has more than ${maxEventPages} pages` },
        { retryable: false },
      );
    },
  };
}
