import { randomUUID } from 'node:crypto';
import type { EfaDatabase } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, it as base, beforeAll, describe, expect, inject } from 'vitest';
import { notFetchedProblem } from './deadlines.js';
import { createDeliveryService, type DeliveryService } from './service.js';
import {
  allClients,
  api,
  destinationConfig,
  destinationId,
  generateTestKeys,
  leika,
  senderClient,
  sendSubmission,
  subscriberClient,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

let keys: TestKeys;
let service: DeliveryService;
let now = 0;
const advance = (ms: number) => {
  now += ms;
};

/** Tokens expire on the fake clock too, so each step takes fresh ones. */
async function clients() {
  return {
    sender: api(service, await tokenFor(service, senderClient)),
    subscriber: api(service, await tokenFor(service, subscriberClient)),
  };
}

async function eventNames(caseId: string): Promise<string[]> {
  const { sender } = await clients();
  const log = (await (await sender.get(`/v1/cases/${caseId}/events`)).json()) as { eventLog: string[] };
  const keySet = createLocalJWKSet(service.jwks());
  const names: string[] = [];
  for (const token of log.eventLog) {
    // Verified on the fake clock's date: the service signs with iat from its clock.
    const { payload } = await jwtVerify(token, keySet, { currentDate: new Date(now) });
    names.push(
      Object.keys(payload.events as object)[0]
        ?.split('/')
        .pop() ?? '',
    );
  }
  return names;
}

beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

// The deadlines are SQL comparisons of timestamps: checked on both drivers.
describe.each(testDatabases(inject('efaPostgresUrl')))(
  'FITKO deadlines on an injectable clock, $name',
  (driver) => {
    let db: EfaDatabase | undefined;
    beforeAll(async () => {
      if (!driver.available) return;
      now = new Date('2026-03-02T08:00:00Z').getTime();
      db = await driver.open();
      service = await createDeliveryService({
        db,
        signingKey: keys.service,
        destinations: [destinationConfig(keys)],
        clients: allClients,
        clock: () => new Date(now),
        sweepIntervalMs: 0,
      });
    }, 120_000);
    afterAll(async () => {
      await service?.stop();
      await db?.destroy();
    });
    const it = driver.available ? base : base.skip;

    it('deletes an incomplete submission after one day and records delete-submission', async () => {
      const { sender } = await clients();
      const created = (await (
        await sender.post('/v1/submissions', {
          destinationId,
          announcedAttachments: [randomUUID()],
          serviceType: { identifier: leika, name: 'Hund anmelden' },
        })
      ).json()) as { submissionId: string; caseId: string };
      advance(day - hour);
      expect((await service.sweep()).deletedIncomplete).toBe(0);
      advance(2 * hour);
      expect((await service.sweep()).deletedIncomplete).toBe(1);
      expect(await eventNames(created.caseId)).toEqual(['create-submission', 'delete-submission']);
      const again = await clients();
      const put = await again.sender.put(`/v1/submissions/${created.submissionId}`, {
        encryptedMetadata: 'x',
      });
      expect(put.status).toBe(404);
      // Idempotent: a second sweep finds nothing more to do.
      expect(await service.sweep()).toEqual({
        deletedIncomplete: 0,
        rejectedUnfetched: 0,
        deletedAfterFetch: 0,
        deletedAfterRejection: 0,
        purgedCases: 0,
      });
    });

    it('rejects a submission nobody fetched on day 14 and deletes it on day 21; it cannot be fetched after the reject', async () => {
      const sent = await sendSubmission(service, await tokenFor(service, senderClient), keys);
      advance(14 * day - hour);
      expect((await service.sweep()).rejectedUnfetched).toBe(0);
      advance(2 * hour);
      expect((await service.sweep()).rejectedUnfetched).toBe(1);
      const { subscriber } = await clients();
      expect((await subscriber.get(`/v1/submissions/${sent.submissionId}`)).status).toBe(404);
      const list = (await (await subscriber.get('/v1/submissions')).json()) as {
        submissions: Array<{ submissionId: string }>;
      };
      expect(list.submissions.map((s) => s.submissionId)).not.toContain(sent.submissionId);
      const names = await eventNames(sent.caseId);
      expect(names).toEqual(['create-submission', 'submit-submission', 'reject-submission']);
      const log = (await (await (await clients()).sender.get(`/v1/cases/${sent.caseId}/events`)).json()) as {
        eventLog: string[];
      };
      const reject = decodeJwt(log.eventLog[2] ?? '');
      expect(reject).toMatchObject({
        iss: service.url,
        sub: `submission:${sent.submissionId}`,
        txn: `case:${sent.caseId}`,
      });
      expect(reject.events).toEqual({
        'https://schema.fitko.de/fit-connect/events/reject-submission': { problems: [notFetchedProblem] },
      });

      advance(7 * day);
      expect((await service.sweep()).deletedAfterRejection).toBe(1);
      expect(await eventNames(sent.caseId)).toEqual([
        'create-submission',
        'submit-submission',
        'reject-submission',
        'delete-submission',
      ]);
    });

    it('deletes a fetched submission 7 days after the fetch: content gone, events kept', async () => {
      const sent = await sendSubmission(service, await tokenFor(service, senderClient), keys, {
        attachments: 2,
      });
      advance(2 * day);
      const { subscriber } = await clients();
      expect((await subscriber.get(`/v1/submissions/${sent.submissionId}`)).status).toBe(200);
      // Fetched on day 2: the 14-day reject no longer applies.
      advance(7 * day - hour);
      expect(await service.sweep()).toMatchObject({ deletedAfterFetch: 0, rejectedUnfetched: 0 });
      const before = await clients();
      expect(
        (
          await before.subscriber.get(
            `/v1/submissions/${sent.submissionId}/attachments/${sent.attachmentIds[0]}`,
          )
        ).status,
      ).toBe(200);
      advance(2 * hour);
      expect((await service.sweep()).deletedAfterFetch).toBe(1);
      const after = await clients();
      expect((await after.subscriber.get(`/v1/submissions/${sent.submissionId}`)).status).toBe(404);
      expect(
        (
          await after.subscriber.get(
            `/v1/submissions/${sent.submissionId}/attachments/${sent.attachmentIds[0]}`,
          )
        ).status,
      ).toBe(404);
      expect(await eventNames(sent.caseId)).toEqual([
        'create-submission',
        'submit-submission',
        'delete-submission',
      ]);
      advance(30 * day);
      expect(await service.sweep()).toMatchObject({
        deletedAfterFetch: 0,
        rejectedUnfetched: 0,
        deletedAfterRejection: 0,
      });
    });

    it('purges a case and its SETs 730 days after its last event', async () => {
      const sent = await sendSubmission(service, await tokenFor(service, senderClient), keys, {
        attachments: 0,
      });
      advance(15 * day);
      await service.sweep();
      advance(7 * day);
      await service.sweep();
      expect((await eventNames(sent.caseId)).at(-1)).toBe('delete-submission');
      // The delete (day 22 here) is the last event: 730 days after it the case is gone.
      advance(730 * day - hour);
      await service.sweep();
      expect(await eventNames(sent.caseId)).toHaveLength(4);
      advance(2 * hour);
      expect((await service.sweep()).purgedCases).toBeGreaterThanOrEqual(1);
      const { sender } = await clients();
      expect((await sender.get(`/v1/cases/${sent.caseId}/events`)).status).toBe(404);
    });

    it('lets access tokens expire on the same clock', async () => {
      const token = await tokenFor(service, senderClient);
      expect((await api(service, token).get(`/v1/destinations/${destinationId}`)).status).toBe(200);
      advance(30 * 60 * 1000 + 1);
      expect((await api(service, token).get(`/v1/destinations/${destinationId}`)).status).toBe(401);
    });
  },
);
