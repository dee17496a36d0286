import type { KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { submissionApiError } from './errors.js';
import type { CaseEvent } from './submission-api.js';

/**
 * Security Event Tokens (RFC 8417) of a FIT-Connect case's event log, verified before the
 * state machine believes any of them: header `typ: secevent+jwt`, `alg: PS512`, a `kid`; signed
 * by the delivery service (its keys at /.well-known/jwks.json) or, when `iss` is a destination
 * id, by that destination's signature key; claims jti (UUID), sub `submission:<uuid>`,
 * txn `case:<uuid>` of this case, and exactly one event.
 */

export type VerificationKey = CryptoKey | KeyObject;

export interface EventKeyResolver {
  /** The delivery service's key with this kid, from its JWKS. */
  deliveryServiceKey(kid: string): Promise<VerificationKey>;
  /** The signature key `kid` of destination `destinationId`, checked like an encryption key. */
  destinationKey(destinationId: string, kid: string): Promise<VerificationKey>;
}

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const uuidPattern = new RegExp(`^${uuid}$`);
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const maxTokenLength = 64 * 1024;

const claimsSchema = z
  .object({
    jti: z.string().regex(uuidPattern, { message: 'jti is not a UUID' }),
    iss: z.string().min(1).max(2048),
    iat: z.number().int().nonnegative(),
    sub: z.string().regex(new RegExp(`^submission:(${uuid})$`), { message: 'sub is not submission:<uuid>' }),
    txn: z.string().regex(new RegExp(`^case:(${uuid})$`), { message: 'txn is not case:<uuid>' }),
    events: z
      .record(z.string().min(1).max(2048), z.record(z.string(), z.unknown()))
      .refine((events) => Object.keys(events).length === 1, {
        message: 'events must hold exactly one event',
      }),
  })
  .loose();

function invalid(detail: string, cause?: unknown) {
  return submissionApiError('SUBMISSION_EVENT_INVALID', { detail }, { retryable: false, cause });
}

export async function verifyCaseEvent(
  token: unknown,
  caseId: string,
  keys: EventKeyResolver,
  now: Date,
): Promise<CaseEvent> {
  if (typeof token !== 'string' || token.length > maxTokenLength || !compactJws.test(token))
    throw invalid('not a compact JWS');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch (cause) {
    throw invalid('header or payload cannot be read', cause);
  }
  if (header.typ !== 'secevent+jwt')
    throw invalid(`typ is "${String(header.typ ?? '')}", not "secevent+jwt"`);
  if (header.alg !== 'PS512') throw invalid(`alg is "${String(header.alg ?? '')}", not "PS512"`);
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 256)
    throw invalid('kid is missing');
  // The unverified issuer only picks the key; nothing else of the payload is used before
  // the signature is checked.
  const issuer = unverified.iss;
  if (typeof issuer !== 'string' || issuer.length === 0) throw invalid('iss is missing');
  const key = uuidPattern.test(issuer)
    ? await keys.destinationKey(issuer.toLowerCase(), header.kid)
    : await keys.deliveryServiceKey(header.kid);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['PS512'],
      typ: 'secevent+jwt',
      currentDate: now,
    }));
  } catch (cause) {
    if (cause instanceof errors.JWSSignatureVerificationFailed)
      throw submissionApiError(
        'SUBMISSION_EVENT_SIGNATURE',
        { detail: `the signature with key ${header.kid} does not verify` },
        { retryable: false, cause },
      );
    throw invalid(cause instanceof Error ? cause.message : 'not a valid JWT', cause);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success)
    throw invalid(
      claims.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}`)
        .join('; '),
    );
  const { jti, iss, iat, sub, txn, events } = claims.data;
  const eventCaseId = txn.slice('case:'.length).toLowerCase();
  if (eventCaseId !== caseId.toLowerCase()) throw invalid(`txn names case ${eventCaseId}, not ${caseId}`);
  const [event, eventPayload] = Object.entries(events)[0] ?? [];
  if (event === undefined || eventPayload === undefined) throw invalid('events must hold exactly one event');
  return {
    jti: jti.toLowerCase(),
    event,
    submissionId: sub.slice('submission:'.length).toLowerCase(),
    caseId: eventCaseId,
    issuedAt: iat,
    issuer: iss,
    payload: eventPayload,
  };
}
