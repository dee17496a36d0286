import { createHash, randomUUID } from 'node:crypto';
import { formatMoney, isEfaError, safeReturnPath } from '@efa-kit/core';
import type { EfaDatabase, PaidFee } from '@efa-kit/core/server';
import { sql } from 'kysely';
import {
  type FeeAnswers,
  type LineItem,
  type PaymentStatus,
  type PaymentView,
  paymentStatuses,
  type Quote,
} from '../schema/index.js';
import {
  createPaidFeeCheck,
  type PaidFeeCheckQuery,
  paymentsForApplication,
} from './application-payments.js';
import { paymentError } from './errors.js';
import type { FeeCatalogue } from './fees.js';
import { defaultPaymentMethods, offeredMethods, type PaymentMethod } from './methods.js';
import type { PaymentAccess } from './owner.js';
import { type PaymentProvider, ProviderError, type ProviderTransaction } from './provider.js';
import { isOpen, nextStatus, type PaymentEvent } from './state.js';
import { kassenzeichenFor, type PaymentDb, type PaymentRow, type PaymentTables } from './storage.js';

export interface PaymentServiceOptions {
  db: EfaDatabase;
  provider: PaymentProvider;
  fees: FeeCatalogue;
  /** Offered payment methods with their lifecycle; retired ones are filtered by date. */
  methods?: readonly PaymentMethod[];
  /** The URL the provider sends the citizen back to, e.g. `https://portal/payment/return/<id>`. */
  returnUrl: (paymentId: string) => string;
  /**
   * The portal's public origin; return paths must stay on it. Defaults to the origin of
   * `returnUrl`, which the provider needs as an absolute URL anyway.
   */
  publicOrigin?: string;
  /** Leading digits of every Kassenzeichen (the cash office's number range), 1–6 digits. */
  kassenzeichenPrefix?: string;
  /**
   * An unfinished payment expires after this long (default 90 minutes, as GOV.UK Pay): the
   * reconciler moves it to `expired` once the provider still reports it unpaid or no longer
   * knows it, and the citizen may retry. A late success still completes it.
   */
  expireAfterMs?: number | undefined;
  /** How long expired payments are still asked about, for late successes (transfers take days). */
  lateWindowMs?: number;
  /** How long a duplicate create waits for the first one to reach the provider. */
  duplicateWaitMs?: number;
  now?: () => Date;
}

export interface CreatePaymentCommand {
  serviceId: string;
  answers: FeeAnswers;
  idempotencyKey: string;
  expectedTotalCents: number;
  returnPath: string;
  retryOf?: string | undefined;
  /**
   * The application the fee is for. While the caller holds a paid payment of the same fee for
   * it, that payment is returned; an open one of the same fee is resumed; otherwise (none, or
   * only failed, cancelled, expired ones, or a paid one of another amount) a new one starts.
   */
  applicationId?: string | undefined;
  /** The session's subject, kept for the cash office; not what decides access. */
  subject?: string | null;
  /** The citizen's language, passed to the provider for its pay page. */
  locale?: 'de' | 'en' | undefined;
  /** Owner hash the payment is bound to (`paymentOwnerHash`): the subject's, else the browser's. */
  owner: string;
  /**
   * Every owner hash the caller holds, for `retryOf` (a payment started before signing in
   * stays the caller's); by default only `owner`.
   */
  access?: PaymentAccess;
}

export interface ReconcileResult {
  checked: number;
  changed: number;
  failed: number;
}

export interface PaymentService {
  readonly provider: PaymentProvider;
  quote(serviceId: string, answers: FeeAnswers): Quote;
  create(command: CreatePaymentCommand): Promise<PaymentView>;
  /** The origin return paths are checked against. */
  readonly publicOrigin: string;
  /**
   * The stored payment, refreshed from the provider while its outcome can still change. With
   * `access`, a payment of another owner is PAYMENT_NOT_FOUND, exactly like an unknown id;
   * without it the caller is trusted (reconciler, cash office).
   */
  status(id: string, access?: PaymentAccess): Promise<PaymentView>;
  /** Asks the provider now and applies its answer; never trusts anything else. `access` as in `status`. */
  refresh(id: string, source: string, access?: PaymentAccess): Promise<PaymentView>;
  /** Polls the provider for payments left open (closed tabs) and recent expiries (late success). */
  reconcile(options?: { limit?: number }): Promise<ReconcileResult>;
  /** Records a refund the provider confirmed (only where the provider supports refunds). */
  refund(id: string, detail: string): Promise<PaymentView>;
  /** Runs `reconcile` every `intervalMs` until the returned function is called. */
  startReconciler(intervalMs?: number): () => void;
  /**
   * Payments created in [from, to), oldest first. With `page`, at most `page.limit` of them,
   * after the payment `page.afterId` (keyset on created_at, id): the export reads a long period
   * in pages instead of all at once.
   */
  rows(
    from: Date,
    to: Date,
    statuses?: readonly PaymentStatus[],
    page?: { limit: number; afterId?: string },
  ): Promise<PaymentRow[]>;
  /**
   * The fee check at submit: the subject's paid payment for the application whose amount is
   * the fee the schedule gives for the submitted answers, as FIT-Connect's payment
   * information needs it. Open payments are asked about at the provider first. Throws
   * PAYMENT_REQUIRED (none), PAYMENT_NOT_COMPLETED (open, failed, cancelled, expired) or
   * PAYMENT_AMOUNT_CHANGED (the answers changed the fee); null when the fee is zero.
   */
  paidFeeFor(query: PaidFeeCheckQuery): Promise<PaidFee | null>;
}

const SUBMIT_LEASE_MS = 30_000;

function hashRequest(
  serviceId: string,
  answers: FeeAnswers,
  totalCents: number,
  applicationId: string | undefined,
): string {
  const sorted = Object.keys(answers)
    .sort()
    .map((key) => [key, answers[key]]);
  // Without an application the hash stays what it was, so stored attempts still replay.
  const request = applicationId
    ? [serviceId, sorted, totalCents, applicationId]
    : [serviceId, sorted, totalCents];
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The provider's `purpose`: Kassenzeichen first, so the cash office can match a transfer. */
function purposeFor(kassenzeichen: string, schedulePurpose: string): string {
  return `${kassenzeichen} ${schedulePurpose}`.slice(0, 27).trim();
}

export function toView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    serviceId: row.service_id,
    status: row.status,
    kassenzeichen: row.kassenzeichen,
    totalCents: row.total_cents,
    currency: 'EUR',
    items: row.items,
    redirectUrl: row.status === 'pending' ? row.provider_redirect_url : null,
    method: row.provider_method,
    providerReference: row.provider_reference,
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    returnPath: row.return_path,
    retryable: row.status === 'failed' || row.status === 'cancelled' || row.status === 'expired',
    ...(row.application_id ? { applicationId: row.application_id } : {}),
  };
}

export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const db: PaymentDb = options.db.withTables<PaymentTables>();
  const { provider, fees } = options;
  const methods = options.methods ?? defaultPaymentMethods;
  const now = options.now ?? (() => new Date());
  const prefix = options.kassenzeichenPrefix ?? '51';
  if (!/^\d{1,6}$/.test(prefix)) throw new RangeError('kassenzeichenPrefix must be 1–6 digits');
  const expireAfterMs = options.expireAfterMs ?? 90 * 60_000;
  const publicOrigin = new URL(options.publicOrigin ?? options.returnUrl(randomUUID())).origin;
  const lateWindowMs = options.lateWindowMs ?? 14 * 24 * 60 * 60_000;
  const duplicateWaitMs = options.duplicateWaitMs ?? 10_000;

  async function load(id: string, access?: PaymentAccess): Promise<PaymentRow> {
    const row = await db
      .selectFrom('efa_payment.payment')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    // Another owner's payment answers exactly like an unknown one: no existence oracle.
    if (!row || (access && !access.ownerHashes.includes(row.owner_hash)))
      throw paymentError('PAYMENT_NOT_FOUND');
    return row;
  }

  /**
   * Applies one event in a transaction with the row locked, so concurrent returns, status
   * queries and reconciler runs apply each change exactly once and log it exactly once.
   */
  async function apply(
    id: string,
    event: PaymentEvent | null,
    source: string,
    patch: Partial<PaymentRow>,
    providerPaidAt: Date | null = null,
  ): Promise<PaymentRow> {
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('efa_payment.payment')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw paymentError('PAYMENT_NOT_FOUND');
      const at = now();
      const changes: Partial<PaymentRow> = { ...patch, checked_at: at };
      const target = event ? nextStatus(row.status, event, { canRefund: provider.canRefund }) : row.status;
      if (target !== row.status) {
        changes.status = target;
        changes.version = row.version + 1;
        changes.updated_at = at;
        if (target === 'paid') changes.paid_at = providerPaidAt ?? at;
        await trx
          .insertInto('efa_payment.transition')
          .values({
            payment_id: id,
            version: row.version + 1,
            from_status: row.status,
            to_status: target,
            source,
            provider_status: patch.provider_status ?? null,
            detail: patch.status_detail ?? null,
            at,
          })
          .execute();
      }
      if (target !== 'pending') changes.provider_redirect_url = null;
      await trx.updateTable('efa_payment.payment').set(changes).where('id', '=', id).execute();
      return { ...row, ...changes };
    });
  }

  /**
   * The hot path of every create, `created → pending`, as one statement: the update only
   * matches the version this process created, so anything that changed the payment meanwhile
   * sends it through the general, locking `apply` instead.
   */
  async function markSubmitted(row: PaymentRow, tx: ProviderTransaction): Promise<PaymentRow | undefined> {
    const at = now();
    const changes: Partial<PaymentRow> = {
      ...providerPatch(tx),
      status: 'pending',
      version: row.version + 1,
      updated_at: at,
      checked_at: at,
    };
    const logged = await db
      .with('u', (qb) =>
        qb
          .updateTable('efa_payment.payment')
          .set(changes)
          .where('id', '=', row.id)
          .where('status', '=', 'created')
          .where('version', '=', row.version)
          .returning(['id', 'version']),
      )
      .insertInto('efa_payment.transition')
      .columns(['payment_id', 'version', 'from_status', 'to_status', 'source', 'provider_status', 'at'])
      .expression((eb) =>
        eb
          .selectFrom('u')
          .select([
            'u.id',
            'u.version',
            sql<PaymentStatus>`'created'`.as('from_status'),
            sql<PaymentStatus>`'pending'`.as('to_status'),
            sql<string>`'create'`.as('source'),
            sql<string>`'INITIAL'`.as('provider_status'),
            sql<Date>`${at.toISOString()}::timestamptz`.as('at'),
          ]),
      )
      .returning('payment_id')
      .executeTakeFirst();
    return logged ? { ...row, ...changes } : undefined;
  }

  function providerPatch(tx: ProviderTransaction): Partial<PaymentRow> {
    return {
      provider_transaction_id: tx.transactionId,
      provider_status: tx.status,
      provider_reference: tx.reference,
      provider_method: tx.method,
      provider_redirect_url: tx.redirectUrl,
      status_detail: tx.statusDetail,
    };
  }

  async function applyTransaction(
    row: PaymentRow,
    tx: ProviderTransaction,
    source: string,
  ): Promise<PaymentRow> {
    if (tx.totalCents !== row.total_cents) {
      // The provider holds another amount than we computed: never book that as our fee.
      await apply(row.id, null, source, { status_detail: 'PROVIDER_AMOUNT_MISMATCH' });
      throw paymentError('PAYMENT_PROVIDER_PROTOCOL');
    }
    let event: PaymentEvent = { type: 'provider', status: tx.status };
    const expired = now().getTime() - row.created_at.getTime() > expireAfterMs;
    if (source === 'create' && tx.status === 'INITIAL' && !expired) {
      const fast = await markSubmitted(row, tx);
      if (fast) return fast;
    }
    const applied = await apply(row.id, event, source, providerPatch(tx), tx.paidAt);
    if (tx.status === 'INITIAL' && expired) {
      event = { type: 'expire' };
      return apply(row.id, event, source, { status_detail: 'expired_without_payment' });
    }
    return applied;
  }

  function providerFailure(error: unknown): never {
    if (isEfaError(error)) throw error;
    if (error instanceof ProviderError) {
      if (error.kind === 'unavailable')
        throw paymentError('PAYMENT_PROVIDER_UNAVAILABLE', {}, { cause: error });
      if (error.kind === 'auth') throw paymentError('PAYMENT_PROVIDER_AUTH', {}, { cause: error });
      throw paymentError('PAYMENT_PROVIDER_PROTOCOL', {}, { cause: error });
    }
    throw error;
  }

  async function releaseClaim(id: string) {
    await db
      .updateTable('efa_payment.payment')
      .set({ submit_claimed_at: null })
      .where('id', '=', id)
      .execute();
  }

  async function submit(row: PaymentRow, locale?: 'de' | 'en'): Promise<PaymentRow> {
    const schedule = fees.get(row.service_id);
    let tx: ProviderTransaction;
    try {
      tx = await provider.create({
        requestId: row.id,
        requestTimestamp: row.created_at,
        totalCents: row.total_cents,
        purpose: row.purpose,
        description: `${schedule.title.de} – Kassenzeichen ${row.kassenzeichen}`,
        redirectUrl: options.returnUrl(row.id),
        ...(locale ? { locale } : {}),
        items: row.items.map((item) => ({
          id: item.id,
          reference: row.kassenzeichen,
          description: item.description.de,
          quantity: item.quantity,
          unitCents: item.unitCents,
          totalCents: item.totalCents,
          bookingData: item.bookingData,
        })),
      });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'functional') {
        if (error.functionalCode === 'PAYMENT_EXISTS') {
          // An earlier submission reached the provider but its answer was lost: adopt it.
          const existing = await provider
            .status({ requestId: row.id, transactionId: null })
            .catch(providerFailure);
          if (existing) return applyTransaction(row, existing, 'create-recovered');
          await releaseClaim(row.id);
          throw paymentError('PAYMENT_PROVIDER_PROTOCOL', {}, { cause: error });
        }
        // The provider refused this request for good: nothing was charged, the attempt failed.
        await apply(row.id, { type: 'rejected' }, 'create', { status_detail: error.functionalCode });
        if (error.functionalCode === 'CALCULATION_ERROR') {
          throw paymentError('PAYMENT_PROVIDER_CALCULATION', {}, { cause: error });
        }
        throw paymentError(
          'PAYMENT_PROVIDER_REJECTED',
          { functionalCode: error.functionalCode ?? 'UNSPECIFIED' },
          { cause: error },
        );
      }
      // Unreachable or unauthorised: the payment stays `created`; the same idempotency key
      // may submit again later (and PAYMENT_EXISTS covers a request that did arrive).
      await releaseClaim(row.id);
      providerFailure(error);
    }
    return applyTransaction(row, tx, 'create');
  }

  async function claim(id: string): Promise<PaymentRow | undefined> {
    const at = now();
    return db
      .updateTable('efa_payment.payment')
      .set({ submit_claimed_at: at })
      .where('id', '=', id)
      .where('status', '=', 'created')
      .where('provider_transaction_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('submit_claimed_at', 'is', null),
          eb('submit_claimed_at', '<', new Date(at.getTime() - SUBMIT_LEASE_MS)),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
  }

  async function settleDuplicate(existing: PaymentRow): Promise<PaymentRow> {
    let row = existing;
    const deadline = Date.now() + duplicateWaitMs;
    let pause = 20;
    while (row.status === 'created' && row.provider_transaction_id === null) {
      const claimed = await claim(row.id);
      if (claimed) return submit(claimed);
      if (Date.now() > deadline) break;
      // Back off with jitter: a burst of duplicates must not crowd out the one submitting.
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 250);
      row = await load(row.id);
    }
    return row;
  }

  /**
   * What `create` gives instead of a new payment for an application: the caller's paid
   * payment of this fee (never charge twice), else its open one of this fee, resumed once the
   * provider confirmed it is still open (two tabs meet at one checkout).
   */
  async function boundPayment(
    command: CreatePaymentCommand,
    applicationId: string,
    totalCents: number,
  ): Promise<PaymentView | undefined> {
    const owners = [...new Set([command.owner, ...(command.access?.ownerHashes ?? [])])];
    const rows = await paymentsForApplication(db, owners, applicationId, command.serviceId);
    const paid = rows.find((row) => row.status === 'paid' && row.total_cents === totalCents);
    if (paid) return toView(paid);
    for (const row of rows) {
      if (!isOpen(row.status) || row.total_cents !== totalCents) continue;
      const view = await service.status(row.id);
      if (view.status === 'paid') return view;
      if (isOpen(view.status)) return toView(await settleDuplicate(await load(row.id)));
    }
    return undefined;
  }

  const service: PaymentService = {
    provider,
    publicOrigin,

    quote(serviceId, answers) {
      const fee = fees.compute(serviceId, answers);
      return {
        serviceId,
        title: fee.schedule.title,
        items: fee.items,
        totalCents: fee.totalCents,
        currency: 'EUR',
        paymentRequired: fee.totalCents > 0,
        methods: offeredMethods(methods, now()).map(({ id, label }) => ({ id, label })),
      };
    },

    async create(command) {
      const fee = fees.compute(command.serviceId, command.answers);
      if (fee.totalCents === 0) throw paymentError('PAYMENT_NOT_REQUIRED');
      if (command.expectedTotalCents !== fee.totalCents) {
        throw paymentError('PAYMENT_AMOUNT_MISMATCH', {
          shown: formatMoney(command.expectedTotalCents, 'de'),
          actual: formatMoney(fee.totalCents, 'de'),
        });
      }
      const returnPath = safeReturnPath(command.returnPath, publicOrigin);
      if (returnPath === null) throw paymentError('PAYMENT_RETURN_PATH_INVALID');
      if (!/^[0-9a-f]{64}$/.test(command.owner)) throw new RangeError('owner must be a paymentOwnerHash');
      const requestHash = hashRequest(
        command.serviceId,
        command.answers,
        fee.totalCents,
        command.applicationId,
      );
      // Idempotency keys are the owner's: another caller's key is simply another payment.
      const replay = () =>
        db
          .selectFrom('efa_payment.payment')
          .selectAll()
          .where('owner_hash', '=', command.owner)
          .where('idempotency_key', '=', command.idempotencyKey)
          .executeTakeFirst();
      const bound = () =>
        command.applicationId
          ? boundPayment(command, command.applicationId, fee.totalCents)
          : Promise.resolve(undefined);
      if (command.retryOf || command.applicationId) {
        // A repeated request is a duplicate of that attempt, not another one.
        const existing = await replay();
        if (existing) {
          if (existing.request_hash !== requestHash) throw paymentError('PAYMENT_IDEMPOTENCY_CONFLICT');
          return toView(await settleDuplicate(existing));
        }
      }
      const already = await bound();
      if (already) return already;
      if (command.retryOf) {
        // Only the caller's own attempt can be retried; anyone else's is not found.
        const previous = await service.status(
          command.retryOf,
          command.access ?? { ownerHashes: [command.owner] },
        );
        // A retry must never pay twice: if the earlier attempt succeeded after all, that is the payment.
        if (previous.status === 'paid' && previous.serviceId === command.serviceId) return previous;
        if (!previous.retryable) {
          throw paymentError('PAYMENT_RETRY_NOT_ALLOWED', { status: previous.status });
        }
      }
      const { seq } = await sql<{ seq: number }>`select nextval('efa_payment.kassenzeichen_seq')::int8 as seq`
        .execute(db)
        .then((result) => result.rows[0] ?? { seq: 0 });
      const kassenzeichen = kassenzeichenFor(prefix, Number(seq));
      const at = now();
      const row: PaymentRow = {
        id: randomUUID(),
        owner_hash: command.owner,
        idempotency_key: command.idempotencyKey,
        request_hash: requestHash,
        service_id: command.serviceId,
        kassenzeichen,
        status: 'created',
        version: 0,
        total_cents: fee.totalCents,
        items: fee.items,
        purpose: purposeFor(kassenzeichen, fee.schedule.purpose),
        return_path: returnPath,
        retry_of: command.retryOf ?? null,
        application_id: command.applicationId ?? null,
        subject: command.subject ?? null,
        provider: provider.id,
        provider_transaction_id: null,
        provider_reference: null,
        provider_redirect_url: null,
        provider_status: null,
        provider_method: null,
        status_detail: null,
        submit_claimed_at: at,
        created_at: at,
        updated_at: at,
        paid_at: null,
        checked_at: null,
      };
      // One statement stores the payment and logs its creation. Concurrent duplicates race
      // here; the unique keys (owner and idempotency key; owner, application and amount while
      // open) let exactly one insert win, the others insert nothing.
      const inserted = await db
        .with('p', (qb) =>
          qb
            .insertInto('efa_payment.payment')
            .values({ ...row, items: sql<LineItem[]>`${JSON.stringify(fee.items)}::jsonb` })
            .onConflict((oc) => oc.doNothing())
            .returning('id'),
        )
        .insertInto('efa_payment.transition')
        .columns(['payment_id', 'version', 'from_status', 'to_status', 'source', 'at'])
        .expression((eb) =>
          eb
            .selectFrom('p')
            .select([
              'p.id',
              sql<number>`0`.as('version'),
              sql<PaymentStatus>`'created'`.as('from_status'),
              sql<PaymentStatus>`'created'`.as('to_status'),
              sql<string>`'create'`.as('source'),
              sql<Date>`${at.toISOString()}::timestamptz`.as('at'),
            ]),
        )
        .returning('payment_id')
        .executeTakeFirst();
      if (!inserted) {
        const winner = await replay();
        if (!winner) {
          // Another attempt for the same application and fee won the race: that is the payment.
          const other = await bound();
          if (other) return other;
          throw paymentError('PAYMENT_IDEMPOTENCY_CONFLICT');
        }
        if (winner.request_hash !== requestHash) throw paymentError('PAYMENT_IDEMPOTENCY_CONFLICT');
        return toView(await settleDuplicate(winner));
      }
      return toView(await submit(row, command.locale));
    },

    async refresh(id, source, access) {
      const row = await load(id, access);
      let tx: ProviderTransaction | null;
      try {
        tx = await provider.status({ requestId: row.id, transactionId: row.provider_transaction_id });
      } catch (error) {
        providerFailure(error);
      }
      if (!tx) {
        // The provider never got it (a submission that failed); after the expiry time it is over.
        if (row.status === 'created' && now().getTime() - row.created_at.getTime() > expireAfterMs) {
          return toView(
            await apply(id, { type: 'expire' }, source, { status_detail: 'never_reached_provider' }),
          );
        }
        // The provider accepted it once and no longer knows it (a lost ledger): it cannot be
        // paid there any more, so it ends now and the citizen may retry. `expired` stays
        // polled for the late window, so should the provider find it again as paid, it is paid.
        if (row.status === 'pending' && row.provider_transaction_id !== null) {
          return toView(
            await apply(id, { type: 'expire' }, source, { status_detail: 'unknown_at_provider' }),
          );
        }
        return toView(await apply(id, null, source, {}));
      }
      return toView(await applyTransaction(row, tx, source));
    },

    async status(id, access) {
      const row = await load(id, access);
      const recentlyExpired =
        row.status === 'expired' && now().getTime() - row.updated_at.getTime() < lateWindowMs;
      if (!isOpen(row.status) && !recentlyExpired) return toView(row);
      try {
        return await service.refresh(id, 'status', access);
      } catch (error) {
        // The provider being down must not hide what we know; the reconciler catches up.
        if (isEfaError(error) && error.code === 'PAYMENT_PROVIDER_UNAVAILABLE') return toView(row);
        throw error;
      }
    },

    async reconcile({ limit = 100 } = {}) {
      const at = now();
      const candidates = await db
        .selectFrom('efa_payment.payment')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['created', 'pending']),
            eb.and([
              eb('status', '=', 'expired'),
              eb('updated_at', '>', new Date(at.getTime() - lateWindowMs)),
            ]),
          ]),
        )
        .orderBy('checked_at', (ob) => ob.asc().nullsFirst())
        .limit(limit)
        .execute();
      const result: ReconcileResult = { checked: 0, changed: 0, failed: 0 };
      for (const { id } of candidates) {
        const before = await load(id);
        try {
          const after = await service.refresh(id, 'reconciler');
          result.checked += 1;
          if (after.status !== before.status) result.changed += 1;
        } catch {
          result.failed += 1;
        }
      }
      return result;
    },

    async refund(id, detail) {
      if (!provider.canRefund)
        throw paymentError('PAYMENT_PROVIDER_REJECTED', { functionalCode: 'REFUND_UNSUPPORTED' });
      return toView(await apply(id, { type: 'refund' }, 'refund', { status_detail: detail }));
    },

    startReconciler(intervalMs = 60_000) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        service
          .reconcile()
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    async rows(from, to, statuses, page) {
      let query = db
        .selectFrom('efa_payment.payment')
        .selectAll()
        .where('created_at', '>=', from)
        .where('created_at', '<', to);
      if (statuses && statuses.length > 0 && statuses.length < paymentStatuses.length) {
        query = query.where('status', 'in', [...statuses]);
      }
      if (page?.afterId !== undefined) {
        // The cursor's created_at is read in the database: JavaScript dates drop its microseconds.
        query = query.where(
          sql<boolean>`(created_at, id) > (select c.created_at, c.id from efa_payment.payment c where c.id = ${page.afterId})`,
        );
      }
      const ordered = query.orderBy('created_at').orderBy('id');
      return (page ? ordered.limit(page.limit) : ordered).execute();
    },
    paidFeeFor: (query) => paidFeeFor(query),
  };
  const paidFeeFor = createPaidFeeCheck({ db, fees, status: (id) => service.status(id) });
  return service;
}
