import type { Kysely } from 'kysely';
import { recordEvent } from './event-log.js';
import { serviceEvent } from './events.js';
import type { LedgerTables } from './ledger.js';
import type { OperationsContext } from './operations.js';
import { notifySender } from './sender-callbacks.js';

const day = 24 * 60 * 60 * 1000;

/**
 * FITKO's deadlines (docs.fitko.de, "Benachrichtigungen und Löschfristen"): incomplete
 * submissions go after 1 day; one not fetched is rejected by the Zustelldienst on day 14 and
 * deleted on day 21; a fetched one is deleted 7 days after the fetch; a case's SETs go 730 days
 * after its last event. Deleting a submission removes its content; its events stay (with a
 * delete-submission SET) until the case itself is purged. The 3- and 9-day e-mails to the
 * destination's operator are not sent (a development service has no operator).
 */
export const deliveryDeadlines = {
  incompleteMs: 1 * day,
  unfetchedRejectMs: 14 * day,
  deleteAfterFetchMs: 7 * day,
  deleteAfterServiceRejectMs: 7 * day,
  purgeCaseMs: 730 * day,
} as const;

/** The reason the service gives in its own reject-submission (not a FITKO catalogue entry). */
export const notFetchedProblem = {
  type: 'urn:efa-kit:delivery-service:problem:not-fetched-in-time',
  title: 'Submission not fetched in time',
  detail:
    'The destination did not fetch the submission within 14 days of its arrival; it can no longer be fetched.',
  instance: 'submission',
} as const;

export interface SweepReport {
  deletedIncomplete: number;
  rejectedUnfetched: number;
  deletedAfterFetch: number;
  deletedAfterRejection: number;
  purgedCases: number;
}

const batch = 200;

async function removeContent(trx: Kysely<LedgerTables>, submissionId: string, now: Date, status?: 'deleted') {
  await trx.deleteFrom('efa_delivery_service.attachment').where('submission_id', '=', submissionId).execute();
  await trx
    .updateTable('efa_delivery_service.submission')
    .set({
      content_deleted_at: now,
      encrypted_metadata: null,
      encrypted_data: null,
      ...(status ? { status } : {}),
    })
    .where('submission_id', '=', submissionId)
    .execute();
}

/**
 * One pass over every deadline at `ctx.clock()`. Each change is guarded by the state it
 * expects and made in one transaction with its SET, so two sweeps (two services on one
 * ledger, or a sweep racing a fetch) never act twice or on a submission that moved on.
 */
export async function sweepDeadlines(ctx: OperationsContext): Promise<SweepReport> {
  const now = ctx.clock();
  const before = (ms: number) => new Date(now.getTime() - ms);
  const report: SweepReport = {
    deletedIncomplete: 0,
    rejectedUnfetched: 0,
    deletedAfterFetch: 0,
    deletedAfterRejection: 0,
    purgedCases: 0,
  };

  let notified = false;
  const issue = (
    submissionId: string,
    caseId: string,
    name: 'delete-submission' | 'reject-submission',
    payload = {},
  ) => serviceEvent(ctx.issuer(), now, submissionId, caseId, name, payload);

  for (;;) {
    const due = await ctx.db
      .selectFrom('efa_delivery_service.submission')
      .select(['submission_id', 'case_id'])
      .where('status', '=', 'incomplete')
      .where('created_at', '<=', before(deliveryDeadlines.incompleteMs))
      .limit(batch)
      .execute();
    for (const row of due) {
      const event = issue(row.submission_id, row.case_id, 'delete-submission');
      await ctx.db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('efa_delivery_service.submission')
          .select('status')
          .where('submission_id', '=', row.submission_id)
          .forUpdate()
          .executeTakeFirst();
        if (locked?.status !== 'incomplete') return;
        await removeContent(trx, row.submission_id, now, 'deleted');
        await recordEvent(trx, event, row.case_id, row.submission_id);
        report.deletedIncomplete++;
      });
    }
    if (due.length < batch) break;
  }

  for (;;) {
    const due = await ctx.db
      .selectFrom('efa_delivery_service.submission')
      .select(['submission_id', 'case_id', 'destination_id', 'sender_client_id'])
      .where('status', '=', 'submitted')
      .where('fetched_at', 'is', null)
      .where('submitted_at', '<=', before(deliveryDeadlines.unfetchedRejectMs))
      .limit(batch)
      .execute();
    for (const row of due) {
      const event = issue(row.submission_id, row.case_id, 'reject-submission', {
        problems: [notFetchedProblem],
      });
      await ctx.db.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('efa_delivery_service.submission')
          .set({ status: 'rejected', rejected_by: 'service', rejected_at: now })
          .where('submission_id', '=', row.submission_id)
          .where('status', '=', 'submitted')
          .where('fetched_at', 'is', null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return;
        await recordEvent(trx, event, row.case_id, row.submission_id);
        if (await notifySender(ctx, trx, row, now)) notified = true;
        report.rejectedUnfetched++;
      });
    }
    if (due.length < batch) break;
  }

  for (const kind of ['fetched', 'rejected'] as const) {
    for (;;) {
      let query = ctx.db
        .selectFrom('efa_delivery_service.submission')
        .select(['submission_id', 'case_id'])
        .where('content_deleted_at', 'is', null)
        .limit(batch);
      query =
        kind === 'fetched'
          ? query.where('fetched_at', '<=', before(deliveryDeadlines.deleteAfterFetchMs))
          : query
              .where('rejected_by', '=', 'service')
              .where('rejected_at', '<=', before(deliveryDeadlines.deleteAfterServiceRejectMs));
      const due = await query.execute();
      for (const row of due) {
        const event = issue(row.submission_id, row.case_id, 'delete-submission');
        await ctx.db.transaction().execute(async (trx) => {
          const locked = await trx
            .selectFrom('efa_delivery_service.submission')
            .select('content_deleted_at')
            .where('submission_id', '=', row.submission_id)
            .forUpdate()
            .executeTakeFirst();
          if (!locked || locked.content_deleted_at !== null) return;
          await removeContent(trx, row.submission_id, now);
          await recordEvent(trx, event, row.case_id, row.submission_id);
          if (kind === 'fetched') report.deletedAfterFetch++;
          else report.deletedAfterRejection++;
        });
      }
      if (due.length < batch) break;
    }
  }

  for (;;) {
    const due = await ctx.db
      .selectFrom('efa_delivery_service.fit_case')
      .select('case_id')
      .where('last_event_at', '<=', before(deliveryDeadlines.purgeCaseMs))
      .limit(batch)
      .execute();
    for (const { case_id } of due) {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('efa_delivery_service.event').where('case_id', '=', case_id).execute();
        const submissions = trx
          .selectFrom('efa_delivery_service.submission')
          .select('submission_id')
          .where('case_id', '=', case_id);
        await trx
          .deleteFrom('efa_delivery_service.attachment')
          .where('submission_id', 'in', submissions)
          .execute();
        await trx.deleteFrom('efa_delivery_service.submission').where('case_id', '=', case_id).execute();
        // Replies go with their case (their attachments by cascade).
        await trx.deleteFrom('efa_delivery_service.reply').where('case_id', '=', case_id).execute();
        await trx.deleteFrom('efa_delivery_service.fit_case').where('case_id', '=', case_id).execute();
      });
      report.purgedCases++;
    }
    if (due.length < batch) break;
  }
  if (notified) ctx.callbacks.kick();
  return report;
}
