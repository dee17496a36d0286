import { type Kysely, sql } from 'kysely';
import { type LedgerEvent, type SetClaims, signServiceEvent } from './events.js';
import type { ServiceSigningKey } from './keys.js';
import { jsonb, type LedgerTables } from './ledger.js';

/** The event table's row for an event of a case. */
export function eventRow(event: LedgerEvent, caseId: string, submissionId: string) {
  return {
    jti: event.jti,
    case_id: caseId,
    submission_id: submissionId,
    event_name: event.eventName,
    issuer: event.issuer,
    token: event.token,
    claims: event.claims === null ? null : jsonb(event.claims),
    issued_at: event.issuedAt,
  };
}

/**
 * Appends an event to its case's log and moves the case's last event time, in one statement
 * (so in the caller's transaction, or atomic on its own).
 */
export async function recordEvent(
  db: Kysely<LedgerTables>,
  event: LedgerEvent,
  caseId: string,
  submissionId: string,
): Promise<void> {
  await db
    .with('recorded', (q) =>
      q.insertInto('efa_delivery_service.event').values(eventRow(event, caseId, submissionId)),
    )
    .updateTable('efa_delivery_service.fit_case')
    // A subscriber's SET may carry an older iat than the last event: the log's age only grows.
    .set({ last_event_at: sql<Date>`greatest(last_event_at, ${event.issuedAt}::timestamptz)` })
    .where('case_id', '=', caseId)
    .execute();
}

/**
 * The SETs of event log rows, signing those still unsigned. The first signature stored wins:
 * `update … where token is null` settles two readers signing the same event at once (each
 * would make a different token, PS512 being randomized), and the loser reads the winner's.
 * A stored token is kept for good, across restarts, so every reader sees the same SET.
 */
export async function signedTokens(
  db: Kysely<LedgerTables>,
  rows: ReadonlyArray<{ seq: number; token: string | null; claims: SetClaims | null }>,
  key: ServiceSigningKey,
): Promise<string[]> {
  return Promise.all(
    rows.map(async (row) => {
      if (row.token !== null) return row.token;
      if (row.claims === null) throw new Error(`event ${row.seq} has neither token nor claims`);
      const token = await signServiceEvent(key, row.claims);
      const stored = await db
        .updateTable('efa_delivery_service.event')
        .set({ token })
        .where('seq', '=', row.seq)
        .where('token', 'is', null)
        .returning('token')
        .executeTakeFirst();
      if (stored?.token) return stored.token;
      const winner = await db
        .selectFrom('efa_delivery_service.event')
        .select('token')
        .where('seq', '=', row.seq)
        .executeTakeFirstOrThrow();
      if (winner.token === null) throw new Error(`event ${row.seq} lost its token`);
      return winner.token;
    }),
  );
}
