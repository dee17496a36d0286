import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { callbackAuthentication } from '../fit-connect/callback-signature.js';
import type { Client, Destination } from './config.js';
import type { LedgerDb, LedgerTables } from './ledger.js';

/**
 * FIT-Connect callbacks (docs.fitko.de, "Callbacks"): a POST to the destination's callback
 * URL with `callback-timestamp` (unix seconds) and `callback-authentication`, the hex
 * HMAC-SHA-512 of "<timestamp>.<raw body>" under the destination's callback secret.
 */
export const newSubmissionsCallbackType =
  'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions';

export {
  type CallbackCheck,
  callbackAuthentication,
  callbackToleranceSeconds,
  checkCallback,
  type VerifyCallbackInput,
  verifyCallback,
} from '../fit-connect/callback-signature.js';

/**
 * The kit's callback to a sender (FITKO's NEW_EVENTS): the case has new events for these
 * submissions; the sender reads them from the event log, where each is a signed SET. FITKO's
 * callback matrix says senders are called for notify, forward, accept, reject and delete; the
 * body's exact form for senders is not in our sources, so it mirrors new-submissions.
 */
export const newEventsCallbackType =
  'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events';

export function newEventsBody(
  submissions: ReadonlyArray<{ destinationId: string; submissionId: string; caseId: string }>,
): string {
  return JSON.stringify({
    type: newEventsCallbackType,
    submissions: submissions.map(({ destinationId, submissionId, caseId }) => ({
      destinationId,
      submissionId,
      caseId,
    })),
  });
}

export function newSubmissionsBody(
  submissions: ReadonlyArray<{ destinationId: string; submissionId: string; caseId: string }>,
): string {
  return JSON.stringify({
    type: newSubmissionsCallbackType,
    // Deprecated by FITKO in favour of `submissions`, still sent for older receivers.
    submissionIds: submissions.map((s) => s.submissionId),
    submissions: submissions.map(({ destinationId, submissionId, caseId }) => ({
      destinationId,
      submissionId,
      caseId,
    })),
  });
}

export interface CallbackRetry {
  /** Attempts before a callback is given up (default 10). */
  maxAttempts?: number;
  /** Delay after the first failure, doubled each time (default 1 s). */
  initialDelayMs?: number;
  /** Longest delay between attempts (default 5 min). */
  maxDelayMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
}

/** Stores a callback in the same transaction as the submit that causes it (an outbox). */
export async function enqueueCallback(
  trx: Kysely<LedgerTables>,
  destinationId: string,
  body: string,
  createdAt: Date,
  /** For a sender's new-events callback: the sender client it goes to. */
  clientId: string | null = null,
) {
  await trx
    .insertInto('efa_delivery_service.callback')
    .values({
      id: randomUUID(),
      destination_id: destinationId,
      client_id: clientId,
      body,
      attempts: 0,
      next_attempt_at: new Date(),
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: createdAt,
    })
    .execute();
}

/**
 * Sends the outbox: each callback until the receiver answers 2xx, with exponential backoff,
 * at most `maxAttempts` times. A callback is claimed by moving its next attempt past the
 * request's timeout, so two services on one PostgreSQL ledger do not both send it and no
 * transaction is held open during the HTTP request (PGlite has one connection).
 */
export class CallbackDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly db: LedgerDb,
    private readonly destinations: ReadonlyMap<string, Destination>,
    private readonly clients: ReadonlyMap<string, Client>,
    private readonly clock: () => Date,
    retry: CallbackRetry,
    private readonly log: (message: string) => void,
  ) {
    this.maxAttempts = retry.maxAttempts ?? 10;
    this.initialDelayMs = retry.initialDelayMs ?? 1_000;
    this.maxDelayMs = retry.maxDelayMs ?? 300_000;
    this.timeoutMs = retry.timeoutMs ?? 10_000;
  }

  /** Sends what is due now (soon after a submit commits, and at start for leftovers). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pump()
      .catch((error: unknown) =>
        this.log(`callbacks: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no send is in flight (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle();
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const due = await this.db
        .selectFrom('efa_delivery_service.callback')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', new Date())
        .orderBy('next_attempt_at')
        .limit(20)
        .execute();
      if (due.length === 0) break;
      await Promise.all(
        due.map((row) => this.attempt(row.id, row.destination_id, row.client_id, row.body, row.attempts)),
      );
    }
    await this.arm();
  }

  private async attempt(
    id: string,
    destinationId: string,
    clientId: string | null,
    body: string,
    attempts: number,
  ): Promise<void> {
    const claimed = await this.db
      .updateTable('efa_delivery_service.callback')
      .set({ next_attempt_at: new Date(Date.now() + this.timeoutMs * 2) })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', new Date())
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return;
    const callback = clientId
      ? this.clients.get(clientId)?.callback
      : this.destinations.get(destinationId)?.callback;
    let error: string | null = null;
    if (!callback) error = `the ${clientId ? 'sender' : 'destination'} has no callback configured any more`;
    else {
      const timestamp = String(Math.floor(this.clock().getTime() / 1000));
      try {
        const response = await fetch(callback.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'callback-timestamp': timestamp,
            'callback-authentication': callbackAuthentication(callback.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await response.body?.cancel().catch(() => undefined);
        if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    const tries = attempts + 1;
    if (error === null) {
      await this.db
        .updateTable('efa_delivery_service.callback')
        .set({ delivered_at: new Date(), attempts: tries, last_error: null })
        .where('id', '=', id)
        .execute();
      return;
    }
    const giveUp = tries >= this.maxAttempts || !callback;
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (tries - 1));
    await this.db
      .updateTable('efa_delivery_service.callback')
      .set({
        attempts: tries,
        last_error: error.slice(0, 500),
        next_attempt_at: new Date(Date.now() + delay),
        ...(giveUp ? { failed_at: new Date() } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (giveUp)
      this.log(`callback ${id} to destination ${destinationId} given up after ${tries} attempts: ${error}`);
  }

  /** One timer for the next pending attempt. */
  private async arm(): Promise<void> {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const next = await this.db
      .selectFrom('efa_delivery_service.callback')
      .select('next_attempt_at')
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .orderBy('next_attempt_at')
      .limit(1)
      .executeTakeFirst();
    if (!next || this.stopped) return;
    const wait = Math.max(0, Math.min(2 ** 31 - 1, new Date(next.next_attempt_at).getTime() - Date.now()));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }
}
