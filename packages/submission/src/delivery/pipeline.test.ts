import { randomUUID } from 'node:crypto';
import { newReferenceNumber } from '@efa-kit/core';
import type { ApplicationHandoff } from '@efa-kit/core/server';
import {
  createDataSealer,
  createJobQueue,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  type PgBoss,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import { compactDecrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from '../delivery-service/index.js';
import {
  api,
  destinationConfig,
  destinationId,
  generateTestKeys,
  senderClient,
  subscriberClient,
  type TestKeys,
  tokenFor,
} from '../delivery-service/test-support.test.support.js';
import { createSubmissionApiClient, sha512Hex } from '../fit-connect/index.js';
import { createDeliveryPipeline, type DeliveryPipeline } from './pipeline.js';
import { deliveryMigrations } from './storage.js';

const leikaKey = '99108008252000';
const text = new TextEncoder();
const upload = text.encode('%PDF-1.7\n% Lageplan des Grundstücks, Hauptstraße 1, Pirna\n');
const applicationPdf = text.encode('%PDF-1.7\n% Antrag Hund anmelden (the application as PDF)\n');

function handoff(subject: string, applicationId = randomUUID()): ApplicationHandoff {
  return {
    applicationId,
    formId: 'dog-registration',
    formVersion: '1.0.0',
    locale: 'de',
    subject,
    trustLevel: 'substantial',
    data: { G99777000010: { F99777000011: 'Erika Mustermann' }, hunde: [{ name: 'Bello' }] },
    schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
    summary: [{ title: 'Halterin', lines: [{ label: 'Name', value: 'Erika Mustermann' }] }],
    feeAnswers: {},
    place: { postcode: '01796', municipality: 'Pirna' },
    uploads: [
      {
        attachmentId: randomUUID(),
        filename: 'lageplan.pdf',
        mimeType: 'application/pdf',
        size: upload.byteLength,
        sha512: sha512Hex(upload),
        purpose: 'attachment',
        content: async () => upload,
      },
    ],
  };
}

function request(application: ApplicationHandoff) {
  return {
    application,
    reference: newReferenceNumber(),
    submittedAt: new Date(),
    service: { leikaKey, name: 'Hundesteuer – Anmeldung' },
    destinationId,
    fee: null,
    receipt: { authority: { name: 'Stadt Pirna' } },
  };
}

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

describe.each(testDatabases(inject('efaPostgresUrl')))('delivery pipeline on $name', (driver) => {
  let db: EfaDatabase;
  let boss: PgBoss;
  let service: DeliveryService;
  let pipeline: DeliveryPipeline;
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1')));

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [deliveryMigrations]);
    boss = await createJobQueue(db);
    service = await createDeliveryService({
      destinations: [destinationConfig(keys)],
      clients: [senderClient, subscriberClient],
      signingKey: keys.service,
    });
    const client = createSubmissionApiClient({
      baseUrl: service.url,
      tokenUrl: service.tokenUrl,
      clientId: senderClient.clientId,
      clientSecret: senderClient.secret,
    });
    // A fixed application PDF, so the test can compare what the authority receives byte for byte.
    pipeline = createDeliveryPipeline({
      db,
      boss,
      sealer,
      api: client,
      retryDelaySeconds: 1,
      renderFormPdf: async () => applicationPdf,
    });
    await pipeline.start();
  }, 120_000);

  afterAll(async () => {
    if (!driver.available) return;
    await boss.stop({ graceful: false, close: false });
    await service.stop();
    await db.destroy();
  });

  it.runIf(driver.available)(
    'delivers an application the authority decrypts to exactly what was sent, hashes included',
    async () => {
      // The login's ID token (a compact JWS) travels as the identity proof.
      const identityProof = {
        version: '1.0.0',
        content: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJlcmlrYSJ9.c2lnbmF0dXJl',
      };
      const application = { ...handoff('subject-erika'), identityProof };
      const answer = await pipeline.accept(request(application));
      expect(answer.delivery).toBe('pending');
      expect(answer.reference).toMatch(/^EFA-/);
      await expect
        .poll(async () => (await pipeline.statusFor('subject-erika', application.applicationId))?.delivery, {
          timeout: 60_000,
          interval: 200,
        })
        .toBe('submitted');

      // The authority's system, as a subscriber: pull, decrypt with the destination's private key.
      const subscriber = api(service, await tokenFor(service, subscriberClient));
      const list = (await (
        await subscriber.get(`/v1/submissions?destinationId=${destinationId}`)
      ).json()) as {
        submissions: Array<{ submissionId: string }>;
      };
      const status = await pipeline.statusFor('subject-erika', application.applicationId);
      const row = await db
        .withTables<{ 'efa_submission.delivery': { application_id: string; submission_id: string } }>()
        .selectFrom('efa_submission.delivery')
        .select('submission_id')
        .where('application_id', '=', application.applicationId)
        .executeTakeFirstOrThrow();
      expect(list.submissions.map((s) => s.submissionId)).toContain(row.submission_id);
      const submission = (await (await subscriber.get(`/v1/submissions/${row.submission_id}`)).json()) as {
        encryptedMetadata: string;
        encryptedData: string;
        attachments: string[];
      };
      const decrypt = async (jwe: string) =>
        (await compactDecrypt(jwe, keys.encryption.privateKey)).plaintext as Uint8Array;
      const metadata = JSON.parse(new TextDecoder().decode(await decrypt(submission.encryptedMetadata))) as {
        contentStructure: {
          data: { hash: { content: string } };
          attachments: Array<{
            attachmentId: string;
            hash: { content: string };
            purpose: string;
            filename: string;
          }>;
        };
        publicServiceType: { identifier: string };
        additionalReferenceInfo: { senderReference: string };
        authenticationInformation?: Array<{ type: string; version: string; content: string }>;
      };
      const data = await decrypt(submission.encryptedData);
      expect(JSON.parse(new TextDecoder().decode(data))).toEqual(application.data);
      expect(metadata.contentStructure.data.hash.content).toBe(sha512Hex(data));
      expect(metadata.publicServiceType.identifier).toBe(`urn:de:fim:leika:leistung:${leikaKey}`);
      expect(metadata.additionalReferenceInfo.senderReference).toBe(status?.reference);
      expect(metadata.authenticationInformation).toEqual([
        { type: 'identificationReport', ...identityProof },
      ]);
      expect(metadata.contentStructure.attachments.map((a) => a.purpose).sort()).toEqual([
        'attachment',
        'form',
      ]);
      for (const attachment of metadata.contentStructure.attachments) {
        const jwe = await (
          await subscriber.get(`/v1/submissions/${row.submission_id}/attachments/${attachment.attachmentId}`)
        ).text();
        const plaintext = await decrypt(jwe);
        expect(sha512Hex(plaintext)).toBe(attachment.hash.content);
        expect(new TextDecoder().decode(plaintext)).toBe(
          new TextDecoder().decode(attachment.purpose === 'form' ? applicationPdf : upload),
        );
      }

      // Sent parts are kept only as ciphertext; the plaintext sealed at submit is gone.
      const parts = await db
        .withTables<{
          'efa_submission.delivery_part': {
            application_id: string;
            part: string;
            sealed: Uint8Array | null;
            jwe: string | null;
          };
        }>()
        .selectFrom('efa_submission.delivery_part')
        .selectAll()
        .where('application_id', '=', application.applicationId)
        .execute();
      for (const part of parts) {
        if (part.part === 'receipt') expect(part.sealed).not.toBeNull();
        else expect(part.sealed).toBeNull();
        if (part.sealed) expect(Buffer.from(part.sealed).includes(Buffer.from('Mustermann'))).toBe(false);
      }
    },
    120_000,
  );

  it.runIf(driver.available)(
    'answers a repeated submit with the first answer, and only to its owner',
    async () => {
      const application = handoff('subject-max');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => pipeline.accept(request(application))),
      );
      expect(new Set(answers.map((answer) => answer.reference)).size).toBe(1);
      await expect(
        pipeline.accept(request({ ...application, subject: 'subject-mallory' })),
      ).rejects.toMatchObject({
        code: 'SUBMISSION_NOT_FOUND',
      });
      expect(await pipeline.statusFor('subject-mallory', application.applicationId)).toBeNull();
      await expect
        .poll(async () => (await pipeline.statusFor('subject-max', application.applicationId))?.delivery, {
          timeout: 60_000,
          interval: 200,
        })
        .toBe('submitted');
    },
    120_000,
  );

  it.runIf(driver.available)(
    'refuses an upload whose bytes no longer match the hash the form recorded',
    async () => {
      const application = handoff('subject-erika');
      const [first] = application.uploads;
      if (!first) throw new Error('test handoff without upload');
      const altered = {
        ...application,
        uploads: [{ ...first, content: async () => text.encode('something else') }],
      };
      await expect(pipeline.accept(request(altered))).rejects.toMatchObject({
        code: 'SUBMISSION_ATTACHMENT_ALTERED',
      });
      expect(await pipeline.statusFor('subject-erika', application.applicationId)).toBeNull();
    },
  );
});
