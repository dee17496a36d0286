import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliveryServiceMigrations } from './ledger.js';
import { createDeliveryService } from './service.js';
import {
  allClients,
  api,
  authenticationTags,
  destinationConfig,
  destinationEvent,
  destinationId,
  generateTestKeys,
  senderClient,
  sendSubmission,
  subscriberClient,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

async function verifyAll(tokens: string[], jwks: Parameters<typeof createLocalJWKSet>[0]) {
  const keySet = createLocalJWKSet(jwks);
  for (const token of tokens) await jwtVerify(token, keySet, { algorithms: ['PS512'], typ: 'secevent+jwt' });
}

describe.each(testDatabases(inject('efaPostgresUrl')))('delivery service ledger on $name', (driver) => {
  it.skipIf(!driver.available)(
    'survives a restart: submissions, attachments, events, access tokens and the signing key (generated once) are still there',
    async () => {
      const db = await driver.open();
      try {
        // No signingKey option: the first start generates one and stores it in the ledger.
        const options = {
          db,
          destinations: [destinationConfig(keys)],
          clients: allClients,
          sweepIntervalMs: 0,
        };
        const first = await createDeliveryService(options);
        const senderToken = await tokenFor(first, senderClient);
        const subscriberToken = await tokenFor(first, subscriberClient);
        const sent = await sendSubmission(first, senderToken, keys, { attachments: 1 });
        const incomplete = (await (
          await api(first, senderToken).post('/v1/submissions', {
            destinationId,
            announcedAttachments: [],
            serviceType: { identifier: 'urn:de:fim:leika:leistung:99108008252000', name: 'Hund anmelden' },
          })
        ).json()) as { submissionId: string };
        const before = (await (
          await api(first, senderToken).get(`/v1/cases/${sent.caseId}/events`)
        ).json()) as {
          eventLog: string[];
        };
        const jwksBefore = first.jwks();
        const firstUrl = first.url;
        await first.stop();

        const second = await createDeliveryService(options);
        try {
          expect(second.jwks()).toEqual(jwksBefore);
          // Tokens issued before the restart still work (their hashes are in the ledger).
          const subscriber = api(second, subscriberToken);
          const list = (await (await subscriber.get('/v1/submissions')).json()) as {
            submissions: Array<{ submissionId: string }>;
          };
          expect(list.submissions.map((s) => s.submissionId)).toEqual([sent.submissionId]);
          const submission = (await (
            await subscriber.get(`/v1/submissions/${sent.submissionId}`)
          ).json()) as {
            encryptedData: string;
          };
          expect(submission.encryptedData).toBe(sent.encryptedData);
          const attachment = await subscriber.get(
            `/v1/submissions/${sent.submissionId}/attachments/${sent.attachmentIds[0]}`,
          );
          expect(await attachment.text()).toBe(sent.encryptedAttachments[0]);
          const after = (await (
            await api(second, senderToken).get(`/v1/cases/${sent.caseId}/events`)
          ).json()) as {
            eventLog: string[];
          };
          expect(after.eventLog).toEqual(before.eventLog);
          // The SETs from before the restart verify against the JWKS served after it.
          await verifyAll(after.eventLog, (await (await fetch(second.jwksUrl)).json()) as never);
          // The incomplete submission can still be completed, and the case continues.
          const done = await api(second, senderToken).put(`/v1/submissions/${incomplete.submissionId}`, {
            encryptedMetadata: sent.encryptedMetadata,
          });
          expect(done.status).toBe(202);
          const accept = await destinationEvent(keys, sent, 'accept-submission', {
            authenticationTags: authenticationTags(sent),
          });
          expect(
            (await subscriber.post(`/v1/cases/${sent.caseId}/events`, accept, 'application/jose')).status,
          ).toBe(201);
          expect(firstUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        } finally {
          await second.stop();
        }
      } finally {
        await db.destroy();
      }
    },
    120_000,
  );

  it.skipIf(!driver.available)(
    'adds a given signing key to the ledger; older keys stay in the JWKS so their SETs keep verifying',
    async () => {
      const db = await driver.open();
      try {
        const options = {
          db,
          destinations: [destinationConfig(keys)],
          clients: allClients,
          sweepIntervalMs: 0,
        };
        const first = await createDeliveryService(options);
        const sent = await sendSubmission(first, await tokenFor(first, senderClient), keys, {
          attachments: 0,
        });
        await first.stop();
        const second = await createDeliveryService({ ...options, signingKey: keys.service });
        try {
          expect(second.jwks().keys).toHaveLength(2);
          const later = await sendSubmission(second, await tokenFor(second, senderClient), keys, {
            attachments: 0,
          });
          const token = await tokenFor(second, senderClient);
          const logs = await Promise.all(
            [sent.caseId, later.caseId].map(async (caseId) => {
              const body = (await (await api(second, token).get(`/v1/cases/${caseId}/events`)).json()) as {
                eventLog: string[];
              };
              return body.eventLog;
            }),
          );
          await verifyAll(logs.flat(), second.jwks());
        } finally {
          await second.stop();
        }
      } finally {
        await db.destroy();
      }
    },
    120_000,
  );

  it.skipIf(!driver.available)(
    'on a database other packages migrate, asks for deliveryServiceMigrations in the app’s migrate() call and then works',
    async () => {
      const db = await driver.open();
      try {
        const other = {
          namespace: 'other-package',
          migrations: { '0001_init': { up: async () => {} } },
        };
        await migrate(db, [other]);
        await expect(
          createDeliveryService({ db, destinations: [], clients: allClients, signingKey: keys.service }),
        ).rejects.toMatchObject({ code: 'DELIVERY_SERVICE_MIGRATIONS_PENDING' });
        await migrate(db, [other, deliveryServiceMigrations]);
        const service = await createDeliveryService({
          db,
          migrate: false,
          destinations: [],
          clients: allClients,
          signingKey: keys.service,
        });
        await service.stop();
        const tables = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables where table_schema = 'efa_delivery_service'`.execute(
          db,
        );
        expect(tables.rows[0]?.n).toBe(10); // 7 of issue 12, then reply, reply_attachment, destination_signing_key (issue 13)
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );
});

describe('delivery service ledger in a PGlite folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'efa-delivery-ledger-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('survives closing and reopening the database itself', async () => {
    const open = () => createDatabase(folder);
    const options = {
      destinations: [destinationConfig(keys)],
      clients: allClients,
      sweepIntervalMs: 0,
      signingKey: keys.service,
    };
    let db = await open();
    const first = await createDeliveryService({ ...options, db });
    const sent = await sendSubmission(first, await tokenFor(first, senderClient), keys);
    await first.stop();
    await db.destroy();

    db = await open();
    const second = await createDeliveryService({ ...options, db });
    try {
      const token = await tokenFor(second, subscriberClient);
      const response = await api(second, token).get(`/v1/submissions/${sent.submissionId}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { encryptedMetadata: string }).encryptedMetadata).toBe(
        sent.encryptedMetadata,
      );
    } finally {
      await second.stop();
      await db.destroy();
    }
  }, 120_000);
});
