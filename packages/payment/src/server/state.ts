import type { PaymentStatus, ProviderStatus } from '../schema/index.js';

/**
 * The payment state machine. The provider is the truth about money: its answer is applied
 * whenever it arrives, so a success reported after we gave up (expired) or after a failure
 * still completes the payment. Nothing moves a payment out of `paid` except a refund.
 *
 *   created ─submitted→ pending ─PAYED→ paid ─refund→ refunded
 *      │                   ├─FAILED→ failed ─┐
 *      ├─rejected→ failed  ├─CANCELED→ cancelled ─┼─PAYED (late)→ paid
 *      └─expire→ expired   └─expire→ expired ─┘
 */
export type PaymentEvent =
  | { type: 'provider'; status: ProviderStatus }
  | { type: 'rejected' }
  | { type: 'expire' }
  | { type: 'refund' };

export const allowedTransitions: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  created: ['pending', 'paid', 'failed', 'cancelled', 'expired'],
  pending: ['paid', 'failed', 'cancelled', 'expired'],
  failed: ['paid'],
  cancelled: ['paid'],
  expired: ['paid', 'failed', 'cancelled'],
  paid: ['refunded'],
  refunded: [],
};

const fromProvider: Record<ProviderStatus, PaymentStatus> = {
  INITIAL: 'pending',
  PAYED: 'paid',
  FAILED: 'failed',
  CANCELED: 'cancelled',
};

/** The next status; the same status when the event does not apply (stale or duplicate). */
export function nextStatus(
  current: PaymentStatus,
  event: PaymentEvent,
  options: { canRefund: boolean } = { canRefund: false },
): PaymentStatus {
  let target: PaymentStatus;
  switch (event.type) {
    case 'provider':
      target = fromProvider[event.status];
      break;
    case 'rejected':
      target = 'failed';
      break;
    case 'expire':
      target = 'expired';
      break;
    case 'refund':
      if (!options.canRefund) return current;
      target = 'refunded';
      break;
  }
  // `expire` is our own decision: only an open payment can expire.
  if (event.type === 'expire' && current !== 'created' && current !== 'pending') return current;
  // `rejected` applies only before the provider accepted the payment.
  if (event.type === 'rejected' && current !== 'created') return current;
  return allowedTransitions[current].includes(target) ? target : current;
}

export function isOpen(status: PaymentStatus): boolean {
  return status === 'created' || status === 'pending';
}
