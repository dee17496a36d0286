import { type Kysely, sql } from 'kysely';
import type { IssuedEvent } from './events.js';
import type { LedgerTables } from './ledger.js';

/** Appends a SET to its case's log, in the caller's transaction. */
export async function recordEvent(
  trx: Kysely<LedgerTables>,
  event: IssuedEvent,
  caseId: string,
  submissionId: string,
): Promise<void> {
  await trx
    .insertInto('efa_delivery_service.event')
    .values({
      jti: event.jti,
      case_id: caseId,
      submission_id: submissionId,
      event_name: event.eventName,
      issuer: event.issuer,
      token: event.token,
      issued_at: event.issuedAt,
    })
    .execute();
  await trx
    .updateTable('efa_delivery_service.fit_case')
    // A subscriber's SET may carry an older iat than the last event: the log's age only grows.
    .set({ last_event_at: sql<Date>`greatest(last_event_at, ${event.issuedAt}::timestamptz)` })
    .where('case_id', '=', caseId)
    .execute();
}
