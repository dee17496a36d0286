import { formatMoney } from '@efa-kit/core';
import type { PaidFee } from '@efa-kit/core/server';
import {
  type PaidFeeQuery,
  type PaymentStatus,
  type PaymentView,
  paidFeeQuerySchema,
} from '../schema/index.js';
import { paymentError } from './errors.js';
import type { FeeCatalogue } from './fees.js';
import { type PaymentAccess, paymentOwnerHash } from './owner.js';
import type { PaymentDb, PaymentRow } from './storage.js';

/**
 * Payments bound to an application (issue 12): the lookup `create` uses so that one
 * application is not charged twice, and the fee check the app runs at submit, which hands
 * the paid fee over in the shape FIT-Connect's `paymentInformation` needs.
 */

/** The owner's payments for one application under one fee schedule, newest first. */
export function paymentsForApplication(
  db: PaymentDb,
  ownerHashes: readonly string[],
  applicationId: string,
  serviceId: string,
): Promise<PaymentRow[]> {
  if (ownerHashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('efa_payment.payment')
    .selectAll()
    .where('owner_hash', 'in', [...ownerHashes])
    .where('application_id', '=', applicationId)
    .where('service_id', '=', serviceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** FIT-Connect metadata `paymentInformation.transactionId`: at most 36 word characters or hyphens. */
export const fitConnectTransactionIdPattern = /^[\w-]{1,36}$/;

/** FIT-Connect metadata `paymentInformation.paymentMethod`. */
export const fitConnectPaymentMethods = [
  'GIROPAY',
  'PAYDIRECT',
  'CREDITCARD',
  'PAYPAL',
  'INVOICE',
  'OTHER',
] as const satisfies readonly PaidFee['paymentMethod'][];

/**
 * The provider's XBezahldienste method code as FIT-Connect names it. XBezahldienste has no
 * INVOICE; SEPA direct debit and bank transfer arrive as OTHER. A missing or unknown code is
 * OTHER too: the payment is paid, only its method is not one FIT-Connect lists.
 */
export function fitConnectPaymentMethod(code: string | null): PaidFee['paymentMethod'] {
  const upper = code?.toUpperCase() ?? '';
  return (fitConnectPaymentMethods as readonly string[]).includes(upper)
    ? (upper as PaidFee['paymentMethod'])
    : 'OTHER';
}

/**
 * A paid payment as `PaidFee`. The transaction id is the provider's when FIT-Connect can carry
 * it; a longer or differently spelt one is replaced by our payment id, which the provider
 * also knows (it is the XBezahldienste `requestId`), so the case can still be traced there.
 */
export function toPaidFee(row: PaymentRow): PaidFee {
  if (row.status !== 'paid') throw new RangeError(`payment ${row.id} is ${row.status}, not paid`);
  const providerId = row.provider_transaction_id;
  return {
    paymentId: row.id,
    transactionReference: row.kassenzeichen,
    transactionId: providerId && fitConnectTransactionIdPattern.test(providerId) ? providerId : row.id,
    paymentMethod: fitConnectPaymentMethod(row.provider_method),
    grossCents: row.total_cents,
    paidAt: (row.paid_at ?? row.updated_at).toISOString(),
  };
}

const stateWords: Record<Exclude<PaymentStatus, 'paid' | 'refunded'>, { de: string; en: string }> = {
  created: { de: 'noch offen', en: 'still open' },
  pending: { de: 'noch offen', en: 'still open' },
  failed: { de: 'fehlgeschlagen', en: 'failed' },
  cancelled: { de: 'abgebrochen', en: 'cancelled' },
  expired: { de: 'abgelaufen', en: 'expired' },
};

/** How many open attempts of one application are asked about at the provider per check. */
const maxRefreshes = 5;

export interface PaidFeeCheckOptions {
  db: PaymentDb;
  fees: FeeCatalogue;
  /** The service's `status`: refreshes an open payment from the provider (trusted caller). */
  status: (id: string) => Promise<PaymentView>;
}

export type PaidFeeCheckQuery = PaidFeeQuery & {
  /**
   * Further owner hashes the submitting request holds (`paymentAccessOf(session, headers)`),
   * so a fee paid in the same browser before signing in still counts. The subject's own
   * payments always count.
   */
  access?: PaymentAccess | undefined;
};

/**
 * The fee check at submit. Finds the owner's payments for the application, asks the provider
 * about those still open, computes the fee again from the schedule and the submitted answers
 * and accepts only a paid payment of exactly that amount. Null when the answers make the
 * fee zero (an exemption): nothing is due, nothing goes into `paymentInformation`.
 */
export function createPaidFeeCheck(options: PaidFeeCheckOptions) {
  const { db, fees } = options;
  return async function paidFeeFor(query: PaidFeeCheckQuery): Promise<PaidFee | null> {
    const { subject, applicationId, serviceId, answers } = paidFeeQuerySchema.parse(query);
    const due = fees.compute(serviceId, answers).totalCents;
    if (due === 0) return null;
    const owners = new Set([paymentOwnerHash('subject', subject), ...(query.access?.ownerHashes ?? [])]);
    let rows = await paymentsForApplication(db, [...owners], applicationId, serviceId);
    const ready = rows.find((row) => row.status === 'paid' && row.total_cents === due);
    if (ready) return toPaidFee(ready);

    // Open ones (and expired ones, which may still succeed late) are asked about now, not
    // judged by what was stored: the citizen may have paid a moment ago and closed the tab.
    const askable = rows.filter((row) => ['created', 'pending', 'expired'].includes(row.status));
    if (askable.length > 0) {
      for (const row of askable.slice(0, maxRefreshes)) await options.status(row.id);
      rows = await paymentsForApplication(db, [...owners], applicationId, serviceId);
      const late = rows.find((row) => row.status === 'paid' && row.total_cents === due);
      if (late) return toPaidFee(late);
    }

    const open = (row: PaymentRow) => row.status === 'created' || row.status === 'pending';
    if (rows.some((row) => open(row) && row.total_cents === due)) {
      throw paymentError('PAYMENT_NOT_COMPLETED', {
        stateDe: stateWords.pending.de,
        stateEn: stateWords.pending.en,
        status: 'pending',
      });
    }
    const other = rows.find((row) => row.status === 'paid') ?? rows.find(open);
    if (other) {
      throw paymentError('PAYMENT_AMOUNT_CHANGED', {
        paidDe: formatMoney(other.total_cents, 'de'),
        paidEn: formatMoney(other.total_cents, 'en'),
        dueDe: formatMoney(due, 'de'),
        dueEn: formatMoney(due, 'en'),
        paidCents: other.total_cents,
        dueCents: due,
      });
    }
    const ended = rows.find((row) => row.status !== 'refunded');
    if (ended && ended.status !== 'paid' && ended.status !== 'refunded') {
      const words = stateWords[ended.status];
      throw paymentError('PAYMENT_NOT_COMPLETED', {
        stateDe: words.de,
        stateEn: words.en,
        status: ended.status,
      });
    }
    throw paymentError('PAYMENT_REQUIRED');
  };
}
