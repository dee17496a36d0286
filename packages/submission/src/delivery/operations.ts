import { type EfaDatabase, jobsIn, type PgBoss } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { deliveryError } from './errors.js';
import { type DeliveryStatus, statusOf } from './status.js';
import type { DeliveryState, DeliveryTables } from './storage.js';

/** The delivery job's queue name (pg-boss). */
export const deliveryQueue = 'submission-delivery';
export const deliveryDeadLetterQueue = 'submission-delivery-failed';
export const decisionSweepQueue = 'submission-decision-sweep';

export interface DeliveryQueueOptions {
  /** Attempts before an application is set to failed for operators; default 10. */
  retryLimit?: number;
  /** First retry delay in seconds, doubled each time (with jitter) up to 10 minutes; default 5. */
  retryDelaySeconds?: number;
  leaseSeconds?: number;
}

/** Creates (or updates) the delivery queues; pg-boss keeps them in the database. */
export async function ensureDeliveryQueues(boss: PgBoss, options: DeliveryQueueOptions = {}): Promise<void> {
  await boss.createQueue(deliveryDeadLetterQueue);
  await boss.createQueue(deliveryQueue, {
    retryLimit: options.retryLimit ?? 10,
    retryDelay: options.retryDelaySeconds ?? 5,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: Math.max(60, (options.leaseSeconds ?? 30) * 4),
    deadLetter: deliveryDeadLetterQueue,
  });
  await boss.createQueue(decisionSweepQueue);
}

/** For operators: applications whose delivery failed, oldest first. */
export async function listFailedDeliveries(database: EfaDatabase, limit = 100): Promise<DeliveryStatus[]> {
  const rows = await database
    .withTables<DeliveryTables>()
    .selectFrom('efa_submission.delivery')
    .selectAll()
    .where('state', '=', 'failed')
    .orderBy('updated_at')
    .limit(Math.min(limit, 1000))
    .execute();
  return rows.map(statusOf);
}

/**
 * For operators, after fixing the cause: a failed application continues where it stopped
 * (its stored ids and uploaded parts are kept), its job enqueued in the same transaction.
 */
export async function redriveDelivery(
  database: EfaDatabase,
  boss: PgBoss,
  applicationId: string,
): Promise<void> {
  await database
    .withTables<DeliveryTables>()
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .updateTable('efa_submission.delivery')
        .set({
          state: sql<DeliveryState>`coalesce(failed_in, 'created')`,
          failed_in: null,
          attempts: 0,
          last_error: null,
          updated_at: new Date(),
        })
        .where('application_id', '=', applicationId)
        .where('state', '=', 'failed')
        .returning('application_id')
        .executeTakeFirst();
      if (!row) throw deliveryError('SUBMISSION_NOT_RETRYABLE');
      await boss.send(deliveryQueue, { applicationId }, { db: jobsIn(trx) });
    });
}
