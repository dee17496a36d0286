import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { encryptForDestination } from '../fit-connect/encrypt.js';
import { buildMetadata } from '../fit-connect/metadata.js';
import type { VerifiedEncryptionKey } from '../fit-connect/submission-api.js';
import type { EncryptedCase, InboxCase } from './source.js';

/**
 * Submissions as the portal sends them, made in Node with the package's own sending code
 * (buildMetadata, encryptForDestination) for the inbox's Chromium tests and bench: a valid
 * one, and one each with a tampered attachment hash, a missing attachment and metadata that
 * FITKO's schema refuses. JSON-serialisable, so vitest can `provide` them to the browser.
 */
export const fixtureLeikaKey = '99108008252000';

export interface FixtureCase {
  summary: InboxCase;
  encrypted: EncryptedCase;
}

export interface InboxFixtures {
  destinationId: string;
  privateJwk: JWK;
  publicJwk: JWK & { kid: string };
  /** A citizen-side reply key pair (decisions are encrypted to the public half). */
  replyPublicJwk: JWK;
  replyPrivateJwk: JWK;
  valid: FixtureCase;
  tamperedHash: FixtureCase;
  missingAttachment: FixtureCase;
  invalidMetadata: FixtureCase;
  /** A citizen's answer on the valid case, as the portal's mailbox sends it. */
  answer: { submissionId: string; encryptedMetadata: string; encryptedData: string; body: string };
  /** The plaintexts of the valid case, for comparison. */
  plain: { data: string; attachmentBase64: string; reference: string; attachmentId: string };
}

async function rsaPair(alg: 'RSA-OAEP-256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { modulusLength: 4096, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: publicJwk.n ?? '', e: publicJwk.e ?? '' });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), alg },
    publicJwk: { kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid, alg, key_ops: ['wrapKey'] } as JWK & {
      kid: string;
    },
  };
}

/** Bytes that look like a small PDF (the inbox only hashes and offers them for download). */
export function pdfLike(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  let x = seed;
  for (let i = 9; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

export interface CaseOptions {
  key: VerifiedEncryptionKey;
  destinationId: string;
  data: Uint8Array;
  attachment: Uint8Array;
  tamper?: 'hash' | 'missing' | 'schema';
  reference?: string;
}

export async function fixtureCase(options: CaseOptions): Promise<FixtureCase> {
  const caseId = randomUUID();
  const submissionId = randomUUID();
  const attachmentId = randomUUID();
  const reference = options.reference ?? 'EFA-7K3M-9QXD-W';
  const metadata = buildMetadata({
    data: {
      bytes: options.data,
      schemaUri: 'https://efa-kit.example/forms/dog/1.0.0',
      mimeType: 'application/json',
    },
    attachments: [
      {
        attachmentId,
        mimeType: 'application/pdf',
        filename: 'Impfpass.pdf',
        purpose: 'attachment',
        // A tampered hash: the metadata name other bytes than the ones sent.
        ...(options.tamper === 'hash' ? { bytes: pdfLike(64, 99) } : { bytes: options.attachment }),
      },
    ],
    publicService: { leikaKey: fixtureLeikaKey, name: 'Hundesteuer: Anmeldung' },
    senderReference: reference,
    applicationDate: '2026-12-01',
  });
  const metadataValue: Record<string, unknown> =
    options.tamper === 'schema'
      ? {
          ...metadata,
          contentStructure: {
            ...metadata.contentStructure,
            data: { ...metadata.contentStructure.data, hash: { type: 'md5', content: 'x' } },
          },
        }
      : { ...metadata };
  const encryptedMetadata = await encryptForDestination(
    options.key,
    new TextEncoder().encode(JSON.stringify(metadataValue)),
    'application/json',
  );
  const encryptedData = await encryptForDestination(options.key, options.data, 'application/json');
  const attachmentJwe = await encryptForDestination(options.key, options.attachment, 'application/pdf');
  return {
    summary: {
      caseId,
      submissionId,
      destinationId: options.destinationId,
      serviceName: 'Hundesteuer: Anmeldung',
      leikaKey: fixtureLeikaKey,
      submittedAt: '2026-12-01T09:30:00.000Z',
      status: 'received',
      reference: null,
      verification: 'unchecked',
      attachmentCount: 1,
    },
    encrypted: {
      caseId,
      submissionId,
      destinationId: options.destinationId,
      encryptedMetadata,
      encryptedData,
      attachments: options.tamper === 'missing' ? [] : [{ attachmentId, jwe: attachmentJwe }],
      announcedAttachmentIds: [attachmentId],
      status: 'received',
      events: [{ type: 'submit-submission', at: '2026-12-01T09:30:00.000Z' }],
    },
  };
}

export const fixtureAnswers = {
  owner: { givenName: 'Erika', familyName: 'Mustermann' },
  dogName: 'Bello',
  dogBreed: 'Mischling',
  keptSince: '2026-11-15',
};

export async function destinationKeyFixture() {
  const pair = await rsaPair('RSA-OAEP-256');
  const key: VerifiedEncryptionKey = {
    kid: pair.publicJwk.kid,
    jwk: pair.publicJwk as JsonWebKey & { kid: string },
  };
  return { ...pair, key };
}

export async function inboxFixtures(): Promise<InboxFixtures> {
  const destinationId = randomUUID();
  const [destination, reply] = await Promise.all([destinationKeyFixture(), rsaPair('RSA-OAEP-256')]);
  const data = new TextEncoder().encode(JSON.stringify(fixtureAnswers));
  const attachment = pdfLike(4096);
  const base = { key: destination.key, destinationId, data, attachment };
  const [valid, tamperedHash, missingAttachment, invalidMetadata] = await Promise.all([
    fixtureCase(base),
    fixtureCase({ ...base, tamper: 'hash', reference: 'EFA-AAAA-BBBB-C' }),
    fixtureCase({ ...base, tamper: 'missing', reference: 'EFA-DDDD-EEEE-F' }),
    fixtureCase({ ...base, tamper: 'schema', reference: 'EFA-GGGG-HHHH-J' }),
  ]);
  const body = 'Der Impfpass ist angehängt; Bello ist seit dem 15. November geimpft.';
  const answerData = new TextEncoder().encode(
    JSON.stringify({
      type: 'answer',
      inReplyTo: randomUUID(),
      reference: 'EFA-7K3M-9QXD-W',
      body,
      answeredAt: '2026-12-02T10:00:00.000Z',
    }),
  );
  const answerMetadata = buildMetadata({
    data: { bytes: answerData, schemaUri: 'urn:efa-kit:mailbox:answer:1.0.0', mimeType: 'application/json' },
    attachments: [],
    publicService: { leikaKey: fixtureLeikaKey, name: 'Hundesteuer: Anmeldung' },
    senderReference: 'EFA-7K3M-9QXD-W',
    applicationDate: '2026-12-02',
  });
  const answer = {
    submissionId: randomUUID(),
    encryptedMetadata: await encryptForDestination(
      destination.key,
      new TextEncoder().encode(JSON.stringify(answerMetadata)),
      'application/json',
    ),
    encryptedData: await encryptForDestination(destination.key, answerData, 'application/json'),
    body,
  };
  return {
    destinationId,
    answer,
    privateJwk: destination.privateJwk,
    publicJwk: destination.publicJwk,
    replyPublicJwk: reply.publicJwk,
    replyPrivateJwk: reply.privateJwk,
    valid,
    tamperedHash,
    missingAttachment,
    invalidMetadata,
    plain: {
      data: new TextDecoder().decode(data),
      attachmentBase64: Buffer.from(attachment).toString('base64'),
      reference: 'EFA-7K3M-9QXD-W',
      attachmentId: valid.encrypted.announcedAttachmentIds[0] ?? '',
    },
  };
}
