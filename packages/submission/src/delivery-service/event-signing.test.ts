import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventBase } from './events.js';
import type { LedgerTables } from './ledger.js';
import { createDeliveryService } from './service.js';
import {
  allClients,
  api,
  destinationConfig,
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

describe.each(testDatabases(inject('efaPostgresUrl')))('lazy event signing on $name', (driver) => {
  const databases: Array<{ destroy(): Promise<void> }> = [];
  afterAll(async () => {
    for (const db of databases) await db.destroy();
  });

  it.skipIf(!driver.available)(
    'records claims at create and submit, signs once on the first read (concurrent readers agree), keeps the SET across a restart',
    async () => {
      const db = await driver.open();
      databases.push(db);
      const ledger = db.withTables<LedgerTables>();
      const options = {
        db,
        destinations: [destinationConfig(keys)],
        clients: allClients,
        sweepIntervalMs: 0,
        signingKey: keys.service,
      };
      const first = await createDeliveryService(options);
      const sent = await sendSubmission(first, await tokenFor(first, senderClient), keys);
      const unsigned = await ledger
        .selectFrom('efa_delivery_service.event')
        .select(['token', 'claims', 'event_name'])
        .where('case_id', '=', sent.caseId)
        .orderBy('seq')
        .execute();
      // Nothing signed on the submit path: only the claims are there.
      expect(unsigned.map((row) => row.event_name)).toEqual(['create-submission', 'submit-submission']);
      expect(unsigned.every((row) => row.token === null && row.claims !== null)).toBe(true);

      // Many first readers at once (sender and subscriber): one SET per event, the same for all.
      const senderApi = api(first, await tokenFor(first, senderClient));
      const subscriberApi = api(first, await tokenFor(first, subscriberClient));
      const logs = await Promise.all(
        Array.from({ length: 12 }, async (_, index) => {
          const client = index % 2 === 0 ? senderApi : subscriberApi;
          const answer = await client.get(`/v1/cases/${sent.caseId}/events`);
          expect(answer.status).toBe(200);
          return ((await answer.json()) as { eventLog: string[] }).eventLog;
        }),
      );
      const [log] = logs;
      if (!log) throw new Error('no event log');
      for (const other of logs) expect(other).toEqual(log);
      const keySet = createLocalJWKSet(first.jwks());
      for (const token of log) {
        const { protectedHeader } = await jwtVerify(token, keySet, {
          algorithms: ['PS512'],
          typ: 'secevent+jwt',
          issuer: first.issuer,
          subject: `submission:${sent.submissionId}`,
        });
        expect(protectedHeader.kid).toBe(first.jwks().keys[0]?.kid);
      }
      const submitClaims = decodeJwt(log[1] ?? '');
      expect(submitClaims.txn).toBe(`case:${sent.caseId}`);
      expect(Object.keys(submitClaims.events as object)).toEqual([`${eventBase}submit-submission`]);
      const stored = await ledger
        .selectFrom('efa_delivery_service.event')
        .select('token')
        .where('case_id', '=', sent.caseId)
        .orderBy('seq')
        .execute();
      expect(stored.map((row) => row.token)).toEqual(log);
      await first.stop();

      const second = await createDeliveryService(options);
      try {
        const again = await api(second, await tokenFor(second, senderClient)).get(
          `/v1/cases/${sent.caseId}/events`,
        );
        expect(((await again.json()) as { eventLog: string[] }).eventLog).toEqual(log);
      } finally {
        await second.stop();
      }
    },
    120_000,
  );

  it.skipIf(!driver.available)(
    'an event first read after a restart is signed then, with the claims recorded before it',
    async () => {
      const db = await driver.open();
      databases.push(db);
      const options = {
        db,
        destinations: [destinationConfig(keys)],
        clients: allClients,
        sweepIntervalMs: 0,
        signingKey: keys.service,
      };
      const first = await createDeliveryService(options);
      const sent = await sendSubmission(first, await tokenFor(first, senderClient), keys, { attachments: 0 });
      const issuer = first.issuer;
      await first.stop();
      const second = await createDeliveryService(options);
      try {
        const answer = await api(second, await tokenFor(second, senderClient)).get(
          `/v1/cases/${sent.caseId}/events`,
        );
        const { eventLog } = (await answer.json()) as { eventLog: string[] };
        expect(eventLog).toHaveLength(2);
        const keySet = createLocalJWKSet(second.jwks());
        for (const token of eventLog) {
          // iss is the URL the event happened under, not the restarted service's.
          await jwtVerify(token, keySet, { algorithms: ['PS512'], typ: 'secevent+jwt', issuer });
        }
      } finally {
        await second.stop();
      }
    },
    120_000,
  );
});
