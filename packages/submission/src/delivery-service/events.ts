import { randomUUID } from 'node:crypto';
import { type CryptoKey, decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Destination } from './config.js';
import type { ServiceSigningKey } from './keys.js';
import type { AuthenticationTags } from './ledger.js';
import { Problem } from './problems.js';

/** Security Event Tokens (RFC 8417) as FIT-Connect's event log holds them. */
export const eventBase = 'https://schema.fitko.de/fit-connect/events/';
export const setPayloadSchemaUri =
  'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json';

export type ServiceEventName =
  | 'create-submission'
  | 'submit-submission'
  | 'reject-submission'
  | 'delete-submission';
export type DestinationEventName = 'accept-submission' | 'reject-submission';

/** The claims of a SET as the ledger keeps them until the token is first read. */
export type SetClaims = Readonly<Record<string, unknown>>;

/**
 * An event as the ledger records it: either a signed token (a subscriber's SET, as posted) or
 * the claims of one of the service's own SETs, signed when the event log is first read.
 */
export interface LedgerEvent {
  jti: string;
  eventName: string;
  issuer: string;
  issuedAt: Date;
  token: string | null;
  claims: SetClaims | null;
}

/**
 * A SET the service issues about a submission, as claims: `$schema`, a UUID `jti`, `iss` the
 * service's URL, `iat`, `sub: submission:<id>`, `txn: case:<id>`, one event. Signing waits for
 * the first read of the event log (`signServiceEvent`): an RSA-4096 signature takes
 * milliseconds, and most SETs of a busy service are never read.
 */
export function serviceEvent(
  issuer: string,
  now: Date,
  submissionId: string,
  caseId: string,
  eventName: ServiceEventName,
  payload: Record<string, unknown> = {},
): LedgerEvent {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const claims = {
    $schema: setPayloadSchemaUri,
    jti,
    iss: issuer,
    iat,
    sub: `submission:${submissionId}`,
    txn: `case:${caseId}`,
    events: { [`${eventBase}${eventName}`]: payload },
  };
  return { jti, eventName, issuer, issuedAt: new Date(iat * 1000), token: null, claims };
}

/**
 * Signs recorded claims as a SET: header `typ: secevent+jwt`, `alg: PS512`, `kid` of the
 * service key at /.well-known/jwks.json.
 */
export async function signServiceEvent(key: ServiceSigningKey, claims: SetClaims): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: key.kid })
    .sign(key.privateKey);
}

const uuidPart = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const tag = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const authenticationTagsSchema = z.object({
  metadata: tag,
  data: tag.optional(),
  attachments: z.record(z.string().regex(new RegExp(`^${uuidPart}$`, 'i')), tag).optional(),
});
const problemSchema = z.object({
  type: z.string().min(1).max(2048),
  title: z.string().min(1).max(1000),
  detail: z.string().max(4000).optional(),
  instance: z.string().min(1).max(1000),
});
const claimsSchema = z.object({
  $schema: z.literal(setPayloadSchemaUri),
  jti: z.uuid(),
  iss: z.string(),
  iat: z.number().int().nonnegative(),
  sub: z.string().regex(new RegExp(`^submission:${uuidPart}$`, 'i')),
  txn: z.string().regex(new RegExp(`^case:${uuidPart}$`, 'i')),
  events: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const acceptSchema = z.object({ authenticationTags: authenticationTagsSchema });
const rejectSchema = z.object({
  problems: z.array(problemSchema).min(1).max(100),
  authenticationTags: authenticationTagsSchema.optional(),
});

export interface DestinationEvent {
  jti: string;
  eventName: DestinationEventName;
  submissionId: string;
  caseId: string;
  issuedAt: Date;
  authenticationTags: z.infer<typeof authenticationTagsSchema> | undefined;
}

const keys = new WeakMap<Destination, Promise<CryptoKey>>();

function verificationKey(destination: Destination): Promise<CryptoKey> {
  const jwk = destination.signingKey;
  if (!jwk) throw new Problem('signature-key-missing', `destination ${destination.destinationId}`);
  let key = keys.get(destination);
  if (!key) {
    key = importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'PS512') as Promise<CryptoKey>;
    keys.set(destination, key);
  }
  return key;
}

/**
 * Checks a SET a subscriber posts: signed PS512 with the destination's configured signature
 * key (the kid must be that key's), `typ: secevent+jwt`, `iss` the destination id, a FIT-Connect
 * set-payload with exactly one event, accept-submission with authentication tags or
 * reject-submission with problems. `iat` may be at most five minutes ahead of `now`.
 */
export async function verifyDestinationEvent(
  token: string,
  destination: Destination,
  now: Date,
): Promise<DestinationEvent> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new Problem('event-invalid', 'not a compact JWS');
  }
  if (token.split('.').length !== 3) throw new Problem('event-invalid', 'not a compact JWS');
  if (header.typ !== 'secevent+jwt') throw new Problem('event-invalid', 'typ must be secevent+jwt');
  if (header.alg !== 'PS512') throw new Problem('event-invalid', 'alg must be PS512');
  const key = await verificationKey(destination);
  if (header.kid !== destination.signingKey?.kid) {
    throw new Problem(
      'event-signature-invalid',
      `kid ${String(header.kid)} is not the destination's signature key`,
    );
  }
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['PS512'],
      typ: 'secevent+jwt',
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new Problem('event-signature-invalid', 'the signature does not verify');
    }
    throw new Problem('event-invalid', error instanceof Error ? error.message : 'not a valid JWT');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new Problem(
      'event-invalid',
      claims.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '),
    );
  }
  const { jti, iss, iat, sub, txn, events } = claims.data;
  if (iss.toLowerCase() !== destination.destinationId)
    throw new Problem('event-invalid', 'iss must be the destination id');
  if (iat * 1000 > now.getTime() + 5 * 60_000) throw new Problem('event-invalid', 'iat is in the future');
  const names = Object.keys(events);
  const [uri] = names;
  if (names.length !== 1 || !uri) throw new Problem('event-invalid', 'exactly one event per SET');
  const eventName = uri.startsWith(eventBase) ? uri.slice(eventBase.length) : '';
  const body = events[uri];
  let authenticationTags: DestinationEvent['authenticationTags'];
  if (eventName === 'accept-submission') {
    const parsed = acceptSchema.safeParse(body);
    if (!parsed.success) throw new Problem('event-invalid', 'accept-submission needs authenticationTags');
    authenticationTags = parsed.data.authenticationTags;
  } else if (eventName === 'reject-submission') {
    const parsed = rejectSchema.safeParse(body);
    if (!parsed.success)
      throw new Problem('event-invalid', 'reject-submission needs problems (type, title, instance)');
    authenticationTags = parsed.data.authenticationTags;
  } else {
    throw new Problem(
      'event-invalid',
      `a destination may post accept-submission or reject-submission, not ${uri}`,
    );
  }
  return {
    jti: jti.toLowerCase(),
    eventName,
    submissionId: sub.slice('submission:'.length).toLowerCase(),
    caseId: txn.slice('case:'.length).toLowerCase(),
    issuedAt: new Date(iat * 1000),
    authenticationTags,
  };
}

/** True when the tags an event quotes are exactly those of the ciphertext that was submitted. */
export function tagsMatch(
  quoted: NonNullable<DestinationEvent['authenticationTags']>,
  stored: AuthenticationTags,
): boolean {
  if (quoted.metadata !== stored.metadata) return false;
  if ((quoted.data ?? null) !== (stored.data ?? null)) return false;
  const quotedAttachments = Object.fromEntries(
    Object.entries(quoted.attachments ?? {}).map(([id, value]) => [id.toLowerCase(), value]),
  );
  const ids = new Set([...Object.keys(quotedAttachments), ...Object.keys(stored.attachments)]);
  for (const id of ids) if (quotedAttachments[id] !== stored.attachments[id]) return false;
  return true;
}
