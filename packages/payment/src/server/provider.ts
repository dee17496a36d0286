import type { Cents } from '@efa-kit/core';
import type { BookingData, ProviderStatus } from '../schema/index.js';

/**
 * What the payment service needs from any provider. XBezahldienste is one adapter
 * (xbezahldienste.ts); a Stripe, Worldline or GOV.UK-Pay-style adapter implements the same
 * four members. Amounts are integer cents here; adapters convert at their wire.
 */
export interface ProviderPaymentItem {
  id: string;
  reference: string;
  description: string;
  quantity: number;
  unitCents: Cents;
  totalCents: Cents;
  bookingData: BookingData;
}

export interface ProviderPaymentRequest {
  /** Our payment id: the provider's idempotency key (XBezahldienste `requestId`). */
  requestId: string;
  requestTimestamp: Date;
  totalCents: Cents;
  purpose: string;
  description: string;
  redirectUrl: string;
  items: ProviderPaymentItem[];
  /** The citizen's language, for the provider's pay page (sent as Accept-Language). */
  locale?: 'de' | 'en';
}

export interface ProviderTransaction {
  transactionId: string;
  status: ProviderStatus;
  /** The provider's pay page; only while the status is INITIAL. */
  redirectUrl: string | null;
  /** The provider's business reference (may be a Kassenzeichen of its own). */
  reference: string | null;
  method: string | null;
  statusDetail: string | null;
  paidAt: Date | null;
  /** The total the provider holds for this transaction, for the cross-check. */
  totalCents: Cents;
}

export interface PaymentProvider {
  readonly id: string;
  /** Whether the provider can refund, so that `paid → refunded` is allowed. */
  readonly canRefund: boolean;
  create(request: ProviderPaymentRequest): Promise<ProviderTransaction>;
  /** The transaction by its id, or by our requestId when no id is known yet; null if unknown. */
  status(ref: { requestId: string; transactionId: string | null }): Promise<ProviderTransaction | null>;
  /** True when the provider answers its health check for our tenant. */
  health(): Promise<boolean>;
}

export type ProviderErrorKind = 'unavailable' | 'auth' | 'functional' | 'protocol';

/** A provider failure, classified so the service can decide what the payment's state is. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly functionalCode: string | null = null,
    readonly httpStatus: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
