import { randomUUID } from 'node:crypto';
import { newReferenceNumber } from '@efa-kit/core';
import {
  type ApplicationHandoff,
  createDataSealer,
  createJobQueue,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  type PgBoss,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import { sql } from 'kysely';
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
import { createSubmissionApiClient, type SubmissionApi, sha512Hex } from '../fit-connect/index.js';
import { ensureDeliveryQueues } from './operations.js';
import { createDeliveryPipeline } from './pipeline.js';
import { type DeliveryTables, deliveryMigrations } from './storage.js';

/**
 * The pipeline's lease on an application (claimed_by / claimed_until) while a delivery takes
 * longer than the lease: it is renewed, so a second instance cannot take the application over
 * and send it a second time; and an instance that lost its lease sends nothing more.
 */
const leaseSeconds = 1;
const leikaKey = '99108008252000';
const upload = new TextEncoder().encode('%PDF-1.7\n% Impfausweis Bello\n');

function handoff(): ApplicationHandoff {
  return {
    applicationId: randomUUID(),
    formId: 'dog-registration',
    formVersion: '1.0.0',
    locale: 'de',
    subject: 'subject-erika',
    trustLevel: 'substantial',
    data: { hund: { name: 'Bello' } },
    schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
    summary: [],
    feeAnswers: {},
    place: { postcode: '01796', municipality: 'Pirna' },
    uploads: [
      {
        attachmentId: randomUUID(),
        filename: 'impfausweis.pdf',
        mimeType: 'application/pdf',
        size: upload.byteLength,
        sha512: sha512Hex(upload),
        purpose: 'attachment',
        content: async () => upload,
      },
    ],
  };
}

/** An API whose first upload waits at a gate: a delivery that outlasts its lease. */
function gated(inner: SubmissionApi) {
  let enter: () => void = () => {};
  let open: () => void = () => {};
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held = false;
  const wrapped: SubmissionApi = {
    ...inner,
    async uploadAttachment(submissionId, attachmentId, jwe) {
      if (!held) {
        held = true;
        enter();
        await opened;
      }
      return inner.uploadAttachment(submissionId, attachmentId, jwe);
    },
  };
  return { api: wrapped, entered, open };
}

/** Counts the requests that would send something for an application. */
function counted(inner: SubmissionApi) {
  const sent: string[] = [];
  const wrapped: SubmissionApi = {
    ...inner,
    async createSubmission(request) {
      sent.push('create');
      return inner.createSubmission(request);
    },
    async uploadAttachment(submissionId, attachmentId, jwe) {
      sent.push('upload');
      return inner.uploadAttachment(submissionId, attachmentId, jwe);
    },
    async submit(submissionId, body) {
      sent.push('submit');
      return inner.submit(submissionId, body);
    },
  };
  return { api: wrapped, sent };
}

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

describe.each(testDatabases(inject('efaPostgresUrl')))('delivery lease on $name', (driver) => {
  let db: EfaDatabase;
  let boss: PgBoss;
  let service: DeliveryService;
  let client: SubmissionApi;
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1')));

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [deliveryMigrations]);
    boss = await createJobQueue(db);
    await ensureDeliveryQueues(boss);
    service = await createDeliveryService({
      destinations: [destinationConfig(keys)],
      clients: [senderClient, subscriberClient],
      signingKey: keys.service,
    });
    client = createSubmissionApiClient({
      baseUrl: service.url,
      tokenUrl: service.tokenUrl,
      clientId: senderClient.clientId,
      clientSecret: senderClient.secret,
    });
  }, 120_000);

  afterAll(async () => {
    if (!driver.available) return;
    await boss.stop({ graceful: false, close: false });
    await service.stop();
    await db.destroy();
  });

  const delivery = () => db.withTables<DeliveryTables>().selectFrom('efa_submission.delivery');

  /** Until the database's clock is past `instant` (the lease as first taken has run out). */
  async function untilPast(instant: Date): Promise<void> {
    await expect
      .poll(
        async () =>
          (await sql<{ past: boolean }>`select now() > ${instant}::timestamptz as past`.execute(db)).rows[0]
            ?.past,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
  }

  async function accepted(pipeline: ReturnType<typeof createDeliveryPipeline>) {
    const application = handoff();
    await pipeline.accept({
      application,
      reference: newReferenceNumber(),
      submittedAt: new Date(),
      service: { leikaKey, name: 'Hund anmelden' },
      destinationId,
      fee: null,
      receipt: {},
    });
    return application.applicationId;
  }

  async function submittedAtService(submissionId: string): Promise<string> {
    const subscriber = api(service, await tokenFor(service, subscriberClient));
    const answer = await subscriber.get(`/v1/submissions/${submissionId}`);
    return answer.status === 200 ? 'submitted' : `HTTP ${answer.status}`;
  }

  it.runIf(driver.available)(
    'renews the lease while a delivery outlasts it: a second instance cannot take the application',
    async () => {
      const slow = gated(client);
      const first = createDeliveryPipeline({ db, boss, sealer, api: slow.api, leaseSeconds });
      const other = counted(client);
      const second = createDeliveryPipeline({ db, boss, sealer, api: other.api, leaseSeconds });
      const id = await accepted(first);

      const running = first.advance(id);
      await slow.entered;
      const leased = await delivery()
        .select('claimed_until')
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      if (!leased.claimed_until) throw new Error('no lease taken');
      // Well past the lease as first taken: without renewal it would be free now.
      await untilPast(new Date(new Date(leased.claimed_until).getTime() + 500));

      await expect(second.advance(id)).rejects.toThrow(/held by another pipeline instance/);
      expect(other.sent).toEqual([]);

      slow.open();
      expect(await running).toBe('submitted');
      const row = await delivery().selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
      expect(row.state).toBe('submitted');
      expect(row.claimed_by).toBeNull();
      expect(await submittedAtService(row.submission_id as string)).toBe('submitted');
    },
    60_000,
  );

  it.runIf(driver.available)(
    'an instance that lost its lease sends nothing more and leaves the new holder its claim',
    async () => {
      const slow = gated(client);
      const lines: string[] = [];
      let lost: () => void = () => {};
      const lostSeen = new Promise<void>((resolve) => {
        lost = resolve;
      });
      const first = createDeliveryPipeline({
        db,
        boss,
        sealer,
        api: slow.api,
        leaseSeconds,
        log: (line) => {
          lines.push(line);
          if (line.includes('lease lost')) lost();
        },
      });
      const id = await accepted(first);
      const running = first.advance(id);
      await slow.entered;
      // As if this process had stalled past its lease and another instance had taken over.
      await db
        .withTables<DeliveryTables>()
        .updateTable('efa_submission.delivery')
        .set({ claimed_by: 'another-instance', claimed_until: sql<Date>`now() + interval '1 hour'` })
        .where('application_id', '=', id)
        .execute();
      await lostSeen;
      slow.open();
      // The upload under way finishes (and is recorded); the submit is not sent.
      await expect(running).rejects.toThrow(/lease lost/);
      const row = await delivery().selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
      expect(row.state).toBe('uploaded');
      expect(row.claimed_by).toBe('another-instance');
      expect(await submittedAtService(row.submission_id as string)).toBe('HTTP 404');
      expect(lines.some((line) => line.includes('will retry: lease lost'))).toBe(true);
    },
    60_000,
  );
});
