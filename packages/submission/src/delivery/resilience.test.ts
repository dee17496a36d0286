import {
  createDatabase,
  createDataSealer,
  createJobQueue,
  type EfaContext,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  type PgBoss,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LedgerTables } from '../delivery-service/ledger.js';
import { createDeliveryService, type DeliveryService } from '../delivery-service/service.js';
import {
  destinationConfig,
  destinationId,
  generateTestKeys,
  senderClient,
  type TestKeys,
} from '../delivery-service/test-support.test.support.js';
import { createSubmissionApiClient } from '../fit-connect/index.js';
import { createApplicationSink } from '../server/sink.js';
import {
  dogCatalogue,
  dogRegistration,
  fromPortable,
  paidFeeFor,
  placeholderApplicationPdf,
} from './fixtures.test.support.js';
import { createDeliveryPipeline, type DeliveryPipeline } from './pipeline.js';
import { type DeliveryTables, deliveryMigrations } from './storage.js';

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

describe.each(testDatabases(inject('efaPostgresUrl')))('delivery pipeline resilience on $name', (driver) => {
  let db: EfaDatabase;
  let boss: PgBoss;
  let ledger: EfaDatabase;
  let service: DeliveryService;
  let port: number;
  let pipeline: DeliveryPipeline;
  let sink: ReturnType<typeof createApplicationSink>;
  const ctx = {} as EfaContext;
  const serviceOptions = () => ({
    db: ledger,
    destinations: [destinationConfig(keys)],
    clients: [senderClient],
    signingKey: keys.service,
    sweepIntervalMs: 0,
    log: () => {},
  });

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [deliveryMigrations]);
    boss = await createJobQueue(db);
    // The ledger outlives the service, so it can be stopped and started again on its port.
    ledger = await createDatabase();
    service = await createDeliveryService(serviceOptions());
    port = Number(new URL(service.url).port);
    pipeline = createDeliveryPipeline({
      db,
      boss,
      sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1'))),
      api: createSubmissionApiClient({
        baseUrl: service.url,
        tokenUrl: service.tokenUrl,
        clientId: senderClient.clientId,
        clientSecret: senderClient.secret,
      }),
      retryDelaySeconds: 1,
      renderFormPdf: async () => placeholderApplicationPdf,
    });
    await pipeline.start();
    sink = createApplicationSink({
      pipeline,
      catalogue: dogCatalogue(destinationId),
      route: async () => ({ destinationId, authority: { id: 'pirna', name: 'Große Kreisstadt Pirna' } }),
      paidFee: async (_service, application) => paidFeeFor(application.applicationId),
    });
  }, 120_000);

  afterAll(async () => {
    if (!driver.available) return;
    await boss.stop({ graceful: false, close: false });
    await service.stop();
    await ledger.destroy();
    await db.destroy();
  });

  const submissionsAtService = () =>
    ledger
      .withTables<LedgerTables>()
      .selectFrom('efa_delivery_service.submission')
      .select(['submission_id', 'status'])
      .execute();

  const deliveryRow = (applicationId: string) =>
    db
      .withTables<DeliveryTables>()
      .selectFrom('efa_submission.delivery')
      .selectAll()
      .where('application_id', '=', applicationId)
      .executeTakeFirst();

  it.runIf(driver.available)(
    '100 concurrent duplicate submits of one application: one answer, one application stored, one submission at the delivery service',
    async () => {
      const before = (await submissionsAtService()).length;
      const application = dogRegistration('subject-erika');
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => sink(ctx, fromPortable(application))),
      );
      expect(new Set(answers.map((answer) => answer.reference)).size).toBe(1);
      expect(answers.every((answer) => answer.applicationId === application.applicationId)).toBe(true);
      await expect
        .poll(async () => (await pipeline.statusFor('subject-erika', application.applicationId))?.delivery, {
          timeout: 60_000,
          interval: 100,
        })
        .toBe('submitted');
      const stored = await db
        .withTables<DeliveryTables>()
        .selectFrom('efa_submission.delivery')
        .select('submission_id')
        .where('application_id', '=', application.applicationId)
        .execute();
      expect(stored).toHaveLength(1);
      const submissions = await submissionsAtService();
      expect(submissions).toHaveLength(before + 1);
      expect(submissions.filter((s) => s.submission_id === stored[0]?.submission_id)).toEqual([
        { submission_id: stored[0]?.submission_id, status: 'submitted' },
      ]);
    },
    120_000,
  );

  it.runIf(driver.available)(
    'the delivery service down for a while: the citizen is told "pending" with the error kept for operators, and it is delivered once the service is back',
    async () => {
      const before = (await submissionsAtService()).length;
      await service.stop();
      const application = dogRegistration('subject-max');
      const answer = await sink(ctx, fromPortable(application));
      expect(answer.delivery).toBe('pending');
      // Tried and failed: the row keeps the error and stays where it was, to be retried.
      await expect
        .poll(async () => (await deliveryRow(application.applicationId))?.last_error ?? null, {
          timeout: 60_000,
          interval: 100,
        })
        .not.toBeNull();
      const waiting = await deliveryRow(application.applicationId);
      expect(waiting?.state).toBe('created');
      expect(waiting?.last_error).toMatch(/127\.0\.0\.1/);
      const status = await pipeline.statusFor('subject-max', application.applicationId);
      expect(status).toMatchObject({ delivery: 'pending', lastError: null, deliveredAt: null });

      // Back on the same port with the same ledger: the next retry delivers it.
      service = await createDeliveryService({ ...serviceOptions(), port });
      expect(Number(new URL(service.url).port)).toBe(port);
      await expect
        .poll(async () => (await pipeline.statusFor('subject-max', application.applicationId))?.delivery, {
          timeout: 90_000,
          interval: 200,
        })
        .toBe('submitted');
      const delivered = await deliveryRow(application.applicationId);
      expect(delivered?.last_error).toBeNull();
      expect(delivered?.attempts).toBeGreaterThanOrEqual(2);
      const submissions = await submissionsAtService();
      expect(submissions).toHaveLength(before + 1);
      expect(submissions.find((s) => s.submission_id === delivered?.submission_id)?.status).toBe('submitted');
    },
    150_000,
  );
});
