import { randomUUID, webcrypto } from 'node:crypto';
import { exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../delivery-service/config.js';
import { verifyDestinationEvent } from '../delivery-service/events.js';
import { catalogueProblem } from './catalogue.js';
import { signAccept, signReject } from './events.js';

/**
 * The inbox's SETs checked by the development delivery service's own verifier
 * (POST /v1/cases/{caseId}/events), so browser and service agree on header, claims and payload.
 */
describe('inbox SETs at the delivery service', () => {
  it('are accepted by verifyDestinationEvent, and refused under another key', async () => {
    const pair = (await webcrypto.subtle.generateKey(
      { name: 'RSA-PSS', hash: 'SHA-512', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]) },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const publicJwk = await exportJWK(pair.publicKey);
    const destinationId = randomUUID();
    const key = {
      kid: 'sig-1',
      privateKey: pair.privateKey,
      publicJwk: { ...publicJwk, kid: 'sig-1', alg: 'PS512' },
    };
    const destination = {
      destinationId,
      signingKey: { kty: 'RSA', kid: 'sig-1', n: publicJwk.n as string, e: publicJwk.e as string },
    } as Destination;
    const subject = { destinationId, submissionId: randomUUID(), caseId: randomUUID() };
    const tags = {
      metadata: 'm'.repeat(22),
      data: 'd'.repeat(22),
      attachments: { [randomUUID()]: 'a'.repeat(22) },
    };

    const accepted = await verifyDestinationEvent(
      await signAccept(key, subject, tags),
      destination,
      new Date(),
    );
    expect(accepted).toMatchObject({
      eventName: 'accept-submission',
      submissionId: subject.submissionId,
      caseId: subject.caseId,
      authenticationTags: tags,
    });
    const rejected = await verifyDestinationEvent(
      await signReject(key, subject, [catalogueProblem('hash-mismatch-data')], tags),
      destination,
      new Date(),
    );
    expect(rejected.eventName).toBe('reject-submission');

    const other = {
      ...destination,
      signingKey: {
        ...destination.signingKey,
        n: (
          await exportJWK(
            (
              (await webcrypto.subtle.generateKey(
                {
                  name: 'RSA-PSS',
                  hash: 'SHA-512',
                  modulusLength: 2048,
                  publicExponent: new Uint8Array([1, 0, 1]),
                },
                true,
                ['sign', 'verify'],
              )) as CryptoKeyPair
            ).publicKey,
          )
        ).n as string,
      },
    } as Destination;
    await expect(
      verifyDestinationEvent(await signAccept(key, subject, tags), other, new Date()),
    ).rejects.toMatchObject({
      problem: 'event-signature-invalid',
    });
  });
});
