import type { EfaDatabase } from '@efa-kit/core/server';
import { z } from 'zod';
import { callbackToleranceSeconds, checkCallback } from '../fit-connect/callback-signature.js';
import { deliveryError } from './errors.js';
import type { DeliveryState, DeliveryTables } from './storage.js';

/**
 * The sender's side of the delivery service's event callbacks (FITKO's NEW_EVENTS): a signed
 * notice that cases of ours have new events. It moves nothing by itself: the callback only
 * says where to look, and the status comes from the case's event log, where every event is a
 * Security Event Token whose signature `refreshDecision` verifies. So a valid HMAC cannot set
 * a status either; the once-a-minute sweep stays as the fallback for a lost callback.
 *
 * Refused with a coded error, changing nothing: a malformed callback, one whose timestamp is
 * more than five minutes off (stale), one whose HMAC-SHA-512 does not match (forged), and the
 * same callback a second time (replayed; its HMAC is remembered for twice the window).
 */

const uuid = z.uuid().transform((value) => value.toLowerCase());
const bodySchema = z.object({
  type: z.string().max(2048),
  submissions: z
    .array(z.object({ destinationId: uuid, submissionId: uuid, caseId: uuid }).loose())
    .min(1)
    .max(100),
});

export interface EventCallbackInput {
  /** The `callback-timestamp` header as received. */
  timestamp: string | readonly string[] | null | undefined;
  /** The `callback-authentication` header as received. */
  authentication: string | readonly string[] | null | undefined;
  /** The raw body, exactly as received. */
  body: string;
}

export interface EventCallbackOutcome {
  /** Per submission named that is ours: its state after reading its event log. */
  updated: Array<{ submissionId: string; state: DeliveryState }>;
  /** Submissions named that are not ours (or not known under that case and destination). */
  ignored: number;
}

export function createEventCallbackConsumer(options: {
  db: EfaDatabase;
  secret: string | undefined;
  refreshDecision(applicationId: string): Promise<DeliveryState>;
  clock?: () => Date;
}) {
  const db = options.db.withTables<DeliveryTables>();
  const clock = options.clock ?? (() => new Date());

  return async function take(input: EventCallbackInput): Promise<EventCallbackOutcome> {
    const { secret } = options;
    if (!secret) throw deliveryError('SUBMISSION_CALLBACK_NOT_CONFIGURED');
    const now = clock();
    const check = checkCallback({ secret, ...input, now });
    if (check === 'malformed') throw deliveryError('SUBMISSION_CALLBACK_MALFORMED');
    if (check === 'stale') throw deliveryError('SUBMISSION_CALLBACK_STALE');
    if (check === 'forged') throw deliveryError('SUBMISSION_CALLBACK_FORGED');
    let parsed: z.infer<typeof bodySchema>;
    try {
      const result = bodySchema.safeParse(JSON.parse(input.body));
      if (!result.success) throw result.error;
      parsed = result.data;
    } catch {
      throw deliveryError('SUBMISSION_CALLBACK_MALFORMED');
    }
    // Taken once: the first of two identical callbacks records its HMAC, the second finds it.
    // Entries older than the window are dropped in the same statement (stale anyway).
    const authentication = String(input.authentication).toLowerCase();
    const horizon = new Date(now.getTime() - 2 * callbackToleranceSeconds * 1000);
    const fresh = await db
      .with('expired', (q) => q.deleteFrom('efa_submission.callback_seen').where('seen_at', '<', horizon))
      .insertInto('efa_submission.callback_seen')
      .values({ authentication, seen_at: now })
      .onConflict((conflict) => conflict.column('authentication').doNothing())
      .returning('authentication')
      .executeTakeFirst();
    if (!fresh) throw deliveryError('SUBMISSION_CALLBACK_REPLAYED');

    // Only applications we sent, under the case and destination the callback names.
    const named = parsed.submissions;
    const rows = await db
      .selectFrom('efa_submission.delivery')
      .select(['application_id', 'submission_id', 'case_id', 'destination_id'])
      .where(
        'submission_id',
        'in',
        named.map((entry) => entry.submissionId),
      )
      .execute();
    const updated: EventCallbackOutcome['updated'] = [];
    let ignored = 0;
    for (const entry of named) {
      const row = rows.find(
        (candidate) =>
          candidate.submission_id === entry.submissionId &&
          candidate.case_id === entry.caseId &&
          candidate.destination_id === entry.destinationId,
      );
      if (!row) {
        ignored++;
        continue;
      }
      updated.push({
        submissionId: entry.submissionId,
        state: await options.refreshDecision(row.application_id),
      });
    }
    return { updated, ignored };
  };
}
