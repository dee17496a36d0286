import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, compactDecrypt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from '../testing/index.js';
import { createSubmissionApiClient } from './client.js';
import { authenticationTagOf, encryptForDestination } from './encrypt.js';
import { sha512Hex } from './hash.js';
import { buildMetadata, validateMetadata } from './metadata.js';
import type { SubmissionApi } from './submission-api.js';

/**
 * The sender client against the kit's development delivery service: a real FIT-Connect-style
 * server, so both sides are checked against each other (token, destination, key, create,
 * upload, submit, event log with the service's and the destination's SETs).
 */

const destinationId = '5d0c1f6e-2a3b-4c5d-8e9f-a0b1c2d3e4f5';
const leika = '99108008252000';
const sender = { clientId: 'portal', secret: 'portal-secret-123', role: 'sender' as const };
const subscriber = {
  clientId: 'authority',
  secret: 'authority-secret-1',
  role: 'subscriber' as const,
  destinationIds: [destinationId],
};

let service: DeliveryService;
let api: SubmissionApi;
let encryption: { publicJwk: JWK & { kid: string }; privateKey: CryptoKey };
let signing: { publicJwk: JWK & { kid: string }; privateKey: CryptoKey };

async function pair(alg: 'RSA-OAEP-256' | 'PS512') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { modulusLength: 4096, extractable: true });
  const jwk = await exportJWK(publicKey);
  return { publicJwk: { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') }, privateKey };
}

async function subscriberToken(): Promise<string> {
  const response = await fetch(service.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: subscriber.clientId,
      client_secret: subscriber.secret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  let serviceKey: JWK;
  [encryption, signing, serviceKey] = await Promise.all([
    pair('RSA-OAEP-256'),
    pair('PS512'),
    generateKeyPair('PS512', { modulusLength: 4096, extractable: true }).then((p) => exportJWK(p.privateKey)),
  ]);
  service = await createDeliveryService({
    signingKey: serviceKey,
    destinations: [
      {
        destinationId,
        encryptionJwk: encryption.publicJwk,
        signingJwk: signing.publicJwk,
        services: [
          {
            identifier: `urn:de:fim:leika:leistung:${leika}`,
            submissionSchemas: [
              {
                schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
                mimeType: 'application/json',
              },
            ],
          },
        ],
      },
    ],
    clients: [sender, subscriber],
    sweepIntervalMs: 0,
  });
  api = createSubmissionApiClient({
    baseUrl: service.url,
    tokenUrl: service.tokenUrl,
    clientId: sender.clientId,
    clientSecret: sender.secret,
  });
}, 180_000);

afterAll(() => service?.stop());

describe('sender client against the development delivery service', () => {
  it('sends an encrypted application and reads a verified event log up to the accept', async () => {
    const destination = await api.destination(destinationId);
    expect(destination).toMatchObject({
      destinationId,
      status: 'active',
      encryptionKid: encryption.publicJwk.kid,
    });
    expect(destination.metadataVersions).toContain('1.0.0');
    const key = await api.encryptionKey(destinationId, destination.encryptionKid);

    const data = new TextEncoder().encode(JSON.stringify({ hund: { name: 'Bello', rasse: 'Dackel' } }));
    const pdf = new TextEncoder().encode('%PDF-1.7 Antrag – äöü ß €');
    const attachmentId = randomUUID();
    const metadata = buildMetadata({
      data: {
        bytes: data,
        schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
        mimeType: 'application/json',
      },
      attachments: [
        { attachmentId, bytes: pdf, mimeType: 'application/pdf', filename: 'antrag.pdf', purpose: 'form' },
      ],
      publicService: { leikaKey: leika, name: 'Hund anmelden' },
      replyChannel: { eMail: { address: 'anna@example.org' } },
      senderReference: 'EFA-TEST-0001',
      applicationDate: '2026-12-03',
    });
    const [encryptedAttachment, encryptedMetadata, encryptedData] = await Promise.all([
      encryptForDestination(key, pdf, 'application/pdf'),
      encryptForDestination(key, new TextEncoder().encode(JSON.stringify(metadata)), 'application/json'),
      encryptForDestination(key, data, 'application/json'),
    ]);

    const { submissionId, caseId } = await api.createSubmission({
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { identifier: `urn:de:fim:leika:leistung:${leika}`, name: 'Hund anmelden' },
    });
    await api.uploadAttachment(submissionId, attachmentId, encryptedAttachment);
    await api.submit(submissionId, { encryptedMetadata, encryptedData });

    const beforeAccept = await api.caseEvents(caseId);
    expect(beforeAccept.map((event) => event.event.split('/').at(-1))).toEqual(
      expect.arrayContaining(['create-submission', 'submit-submission']),
    );
    expect(
      beforeAccept.every((event) => event.submissionId === submissionId && event.caseId === caseId),
    ).toBe(true);

    // The authority: fetch, decrypt with the destination's private key, check, accept.
    const token = await subscriberToken();
    const fetched = (await (
      await fetch(`${service.url}/v1/submissions/${submissionId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { encryptedMetadata: string; encryptedData: string };
    const received = JSON.parse(
      new TextDecoder().decode(
        (await compactDecrypt(fetched.encryptedMetadata, encryption.privateKey)).plaintext,
      ),
    );
    validateMetadata(received);
    const receivedData = (await compactDecrypt(fetched.encryptedData, encryption.privateKey)).plaintext;
    expect(received.contentStructure.data?.hash.content).toBe(sha512Hex(receivedData));
    const accept = await new SignJWT({
      $schema: 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json',
      txn: `case:${caseId}`,
      events: {
        'https://schema.fitko.de/fit-connect/events/accept-submission': {
          authenticationTags: {
            metadata: authenticationTagOf(encryptedMetadata),
            data: authenticationTagOf(encryptedData),
            attachments: { [attachmentId]: authenticationTagOf(encryptedAttachment) },
          },
        },
      },
    })
      .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: signing.publicJwk.kid })
      .setJti(randomUUID())
      .setIssuer(destinationId)
      .setIssuedAt()
      .setSubject(`submission:${submissionId}`)
      .sign(signing.privateKey);
    const posted = await fetch(`${service.url}/v1/cases/${caseId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/jose' },
      body: accept,
    });
    expect(posted.status).toBe(201);

    const afterAccept = await api.caseEvents(caseId);
    const accepted = afterAccept.find((event) => event.event.endsWith('/accept-submission'));
    expect(accepted).toMatchObject({ issuer: destinationId, submissionId, caseId });
    expect(accepted?.payload).toMatchObject({
      authenticationTags: { metadata: authenticationTagOf(encryptedMetadata) },
    });
  }, 60_000);

  it('is refused with the service’s problem type when the destination does not offer the service', async () => {
    await expect(
      api.createSubmission({
        destinationId,
        announcedAttachments: [],
        serviceType: { identifier: 'urn:de:fim:leika:leistung:99000000000000', name: 'Etwas anderes' },
      }),
    ).rejects.toMatchObject({
      retryable: false,
      problemType: expect.stringContaining('https://schema.fitko.de/fit-connect/submission-api/problems/'),
    });
  });
});
