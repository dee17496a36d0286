import type { Kysely } from 'kysely';
import { enqueueCallback, newEventsBody } from './callbacks.js';
import type { LedgerTables } from './ledger.js';
import type { OperationsContext } from './operations.js';

/**
 * Queues the new-events callback to the submission's sender, inside the transaction that
 * records the event (accept, reject, delete), when that sender registered a callback. True
 * when one was queued (the caller kicks the dispatcher after the commit).
 */
export async function notifySender(
  ctx: Pick<OperationsContext, 'clients'>,
  trx: Kysely<LedgerTables>,
  submission: { submission_id: string; case_id: string; destination_id: string; sender_client_id: string },
  now: Date,
): Promise<boolean> {
  const sender = ctx.clients?.get(submission.sender_client_id);
  if (!sender?.callback) return false;
  const body = newEventsBody([
    {
      destinationId: submission.destination_id,
      submissionId: submission.submission_id,
      caseId: submission.case_id,
    },
  ]);
  await enqueueCallback(trx, submission.destination_id, body, now, sender.clientId);
  return true;
}
