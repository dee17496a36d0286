import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { catalogueProblem } from './catalogue.js';
import { importKeyFile } from './enrolment.js';
import { eventBase, setPayloadSchemaUri, signAccept, signReject } from './events.js';

const fixtures = inject('inboxFixtures');

describe('Security Event Tokens signed in the browser', () => {
  it('accept-submission and reject-submission verify with the registered public key, as the delivery service checks them', async () => {
    const { keys, publicJwks } = await importKeyFile(
      fixtures.destinationId,
      JSON.stringify(fixtures.privateJwk),
    );
    const verifyKey = await importJWK(
      { kty: 'RSA', n: publicJwks.signing.n, e: publicJwks.signing.e },
      'PS512',
    );
    const subject = {
      destinationId: fixtures.destinationId,
      submissionId: fixtures.valid.summary.submissionId,
      caseId: fixtures.valid.summary.caseId,
    };
    const tags = {
      metadata: 'm'.repeat(22),
      data: 'd'.repeat(22),
      attachments: { [fixtures.plain.attachmentId]: 'a'.repeat(22) },
    };
    const accept = await signAccept(keys.signing, subject, tags);
    expect(decodeProtectedHeader(accept)).toEqual({
      typ: 'secevent+jwt',
      alg: 'PS512',
      kid: publicJwks.signing.kid,
    });
    const { payload } = await jwtVerify(accept, verifyKey, {
      algorithms: ['PS512'],
      typ: 'secevent+jwt',
      issuer: fixtures.destinationId,
      subject: `submission:${subject.submissionId}`,
    });
    expect(payload).toMatchObject({
      $schema: setPayloadSchemaUri,
      txn: `case:${subject.caseId}`,
      events: { [`${eventBase}accept-submission`]: { authenticationTags: tags } },
    });
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const problem = catalogueProblem('hash-mismatch-data', 'Der Hashwert der Fachdaten stimmt nicht.');
    const reject = await signReject(keys.signing, subject, [problem], tags);
    const rejected = await jwtVerify(reject, verifyKey, { algorithms: ['PS512'] });
    expect(rejected.payload.events).toEqual({
      [`${eventBase}reject-submission`]: { problems: [problem], authenticationTags: tags },
    });

    // Another key does not verify it: the signature is real.
    const other = await importKeyFile(fixtures.destinationId, JSON.stringify(fixtures.privateJwk));
    const otherKey = await importJWK(
      { kty: 'RSA', n: other.publicJwks.signing.n, e: other.publicJwks.signing.e },
      'PS512',
    );
    await expect(jwtVerify(accept, otherKey)).rejects.toThrow();
  });
});
