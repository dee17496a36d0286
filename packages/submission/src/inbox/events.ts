import { SignJWT } from 'jose';
import type { RejectProblem } from './catalogue.js';
import type { StoredKey } from './key-store.js';
import type { AuthenticationTags } from './verification.js';

/**
 * The destination's answers to a submission as FIT-Connect Security Event Tokens, signed in
 * this browser with the destination's non-extractable PS512 key: header typ secevent+jwt,
 * alg PS512, kid; claims $schema (set-payload 1.0.0), jti (UUID), iss the destination id, iat,
 * sub submission:<id>, txn case:<id>, one event. The URIs are those the delivery service
 * checks (delivery-service/events.ts).
 */
export const eventBase = 'https://schema.fitko.de/fit-connect/events/';
export const setPayloadSchemaUri =
  'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json';

export interface SetSubject {
  destinationId: string;
  submissionId: string;
  caseId: string;
}

function signEvent(key: StoredKey, subject: SetSubject, event: string, payload: object): Promise<string> {
  return new SignJWT({
    $schema: setPayloadSchemaUri,
    txn: `case:${subject.caseId.toLowerCase()}`,
    events: { [`${eventBase}${event}`]: payload },
  })
    .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: key.kid })
    .setJti(crypto.randomUUID())
    .setIssuer(subject.destinationId.toLowerCase())
    .setIssuedAt()
    .setSubject(`submission:${subject.submissionId.toLowerCase()}`)
    .sign(key.privateKey);
}

/** accept-submission: names exactly the ciphertexts accepted, by their authentication tags. */
export function signAccept(key: StoredKey, subject: SetSubject, tags: AuthenticationTags): Promise<string> {
  return signEvent(key, subject, 'accept-submission', { authenticationTags: tags });
}

/** reject-submission: problems from FITKO's catalogue, and the tags of what was read. */
export function signReject(
  key: StoredKey,
  subject: SetSubject,
  problems: readonly RejectProblem[],
  tags?: AuthenticationTags,
): Promise<string> {
  return signEvent(key, subject, 'reject-submission', {
    problems,
    ...(tags ? { authenticationTags: tags } : {}),
  });
}
