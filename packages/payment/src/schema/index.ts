/**
 * The payment contract: what the router accepts and returns, shared by server, element and
 * other apps. Amounts are integer cents everywhere; decimal euros exist only on the wire to a
 * provider (see server/xbezahldienste.ts).
 */
import { centsSchema } from '@efa-kit/core';
import { z } from 'zod';

/** Our payment record's lifecycle (the provider's statuses map onto it, see server/state.ts). */
export const paymentStatuses = [
  'created',
  'pending',
  'paid',
  'failed',
  'cancelled',
  'expired',
  'refunded',
] as const;
export const paymentStatusSchema = z.enum(paymentStatuses);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** Statuses after which nothing more is expected unless the provider reports a late success. */
export const finalStatuses: readonly PaymentStatus[] = ['paid', 'failed', 'cancelled', 'expired', 'refunded'];

/** XBezahldienste 1.0.0 `PaymentInformation.status` (sic "PAYED"). */
export const providerStatuses = ['INITIAL', 'PAYED', 'FAILED', 'CANCELED'] as const;
export type ProviderStatus = (typeof providerStatuses)[number];

/** XBezahldienste 1.0.0 `paymentMethod` values, reported by the provider after success. */
export const providerMethodCodes = ['GIROPAY', 'PAYDIRECT', 'CREDITCARD', 'PAYPAL', 'OTHER'] as const;
export type ProviderMethodCode = (typeof providerMethodCodes)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
export const localizedTextSchema = z.object({ de: text(250), en: text(250) });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** A fee schedule is addressed by the Leistung's 14-digit key, optionally with a variant. */
export const serviceIdSchema = z
  .string()
  .max(64)
  .regex(/^\d{14}(?:[.:][a-z0-9-]{1,40})?$/, { error: 'payment.serviceId' });

/** Form answers the fee depends on: flat, small, primitive. */
export const feeAnswersSchema = z
  .record(
    z.string().regex(/^[A-Za-z][\w.-]{0,63}$/, { error: 'payment.answerName' }),
    z.union([z.number().finite(), z.boolean(), z.string().max(200)]),
  )
  .refine((value) => Object.keys(value).length <= 50, { error: 'payment.tooManyAnswers' });
export type FeeAnswers = z.infer<typeof feeAnswersSchema>;

/** Booking keys for the cash office's HKR system (Haushaltsstelle, Objektnummer, …). */
export const bookingDataSchema = z.record(z.string().regex(/^[\w-]{1,40}$/), z.string().max(100));
export type BookingData = z.infer<typeof bookingDataSchema>;

export const lineItemSchema = z.object({
  id: z.string().regex(/^[\w-]{1,36}$/),
  description: localizedTextSchema,
  quantity: z.number().int().min(0).max(999),
  unitCents: centsSchema,
  totalCents: centsSchema,
  /** Negative items (reductions) are expressed as positive `discountCents` on the item. */
  discountCents: centsSchema,
  reductions: z.array(localizedTextSchema).max(10),
  bookingData: bookingDataSchema,
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const quoteSchema = z.object({
  serviceId: serviceIdSchema,
  title: localizedTextSchema,
  items: z.array(lineItemSchema).max(99),
  totalCents: centsSchema,
  currency: z.literal('EUR'),
  /** False when exemptions bring the total to zero: nothing to pay. */
  paymentRequired: z.boolean(),
  methods: z.array(z.object({ id: z.string(), label: localizedTextSchema })),
});
export type Quote = z.infer<typeof quoteSchema>;

export const quoteInputSchema = z.object({
  serviceId: serviceIdSchema,
  answers: feeAnswersSchema.default({}),
});
export type QuoteInput = z.input<typeof quoteInputSchema>;

/**
 * Same-origin path the citizen comes back to. Its shape is only bounded here; whether it stays
 * on the portal is decided by core's `safeReturnPath` against the public origin when the
 * payment is created (PAYMENT_RETURN_PATH_INVALID) and again when the citizen is sent back.
 */
export const returnPathSchema = z
  .string()
  .min(1, { error: 'payment.returnPath' })
  .max(2048, { error: 'payment.returnPath' });

/** A browser-generated application id (UUID), as the form assistant's `submit` uses it. */
export const applicationIdSchema = z.uuid({ error: 'payment.applicationId' });

export const createInputSchema = z.object({
  serviceId: serviceIdSchema,
  answers: feeAnswersSchema.default({}),
  /** Chosen by the browser once per attempt; duplicates of one attempt yield one payment. */
  idempotencyKey: z.string().regex(/^[\w-]{16,64}$/, { error: 'payment.idempotencyKey' }),
  /**
   * The total the citizen was shown. The server charges its own computed total; a different
   * value here means the page is stale or was tampered with, and the payment is refused.
   */
  expectedTotalCents: centsSchema,
  returnPath: returnPathSchema.default('/'),
  /** The failed attempt this one retries; refused while that one may still succeed. */
  retryOf: z.uuid().optional(),
  /**
   * The application the fee is for (the id the browser generated for it, the same the form's
   * `submit` carries). A bound payment is what the fee check at submit looks for; while one
   * is paid for the same fee, `create` returns it instead of charging again.
   */
  applicationId: applicationIdSchema.optional(),
});
export type CreateInput = z.input<typeof createInputSchema>;

export const paymentViewSchema = z.object({
  id: z.uuid(),
  serviceId: serviceIdSchema,
  status: paymentStatusSchema,
  kassenzeichen: z.string(),
  totalCents: centsSchema,
  currency: z.literal('EUR'),
  items: z.array(lineItemSchema),
  /** Where to send the citizen to pay or to resume a payment left open (only while pending). */
  redirectUrl: z.string().nullable(),
  /** Provider's method code after success (CREDITCARD, PAYPAL, OTHER …). */
  method: z.string().nullable(),
  providerReference: z.string().nullable(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  returnPath: z.string(),
  /** True when a new attempt may be started (failed, cancelled, expired). */
  retryable: z.boolean(),
  /** The application the payment is bound to; absent for a payment bound to none. */
  applicationId: z.uuid().optional(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

/**
 * The fee check at submit (`PaymentService.paidFeeFor`): whose payment, for which application,
 * under which fee schedule, and the answers as submitted, from which the fee is computed again.
 */
export const paidFeeQuerySchema = z.object({
  /** The signed-in applicant's subject; only that person's payments count. */
  subject: z.string().min(1).max(255),
  applicationId: applicationIdSchema,
  /** The fee schedule id (the service catalogue's `feeScheduleId`). */
  serviceId: serviceIdSchema,
  answers: feeAnswersSchema,
});
export type PaidFeeQuery = z.input<typeof paidFeeQuerySchema>;

export const statusInputSchema = z.object({ id: z.uuid({ error: 'payment.id' }) });

const isoDate = z.iso.date({ error: 'payment.date' });
export const exportInputSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    statuses: z.array(paymentStatusSchema).max(7).optional(),
  })
  .refine((value) => value.from <= value.to, { error: 'payment.period', path: ['to'] });
export type ExportInput = z.input<typeof exportInputSchema>;

export const exportOutputSchema = z.object({
  filename: z.string(),
  contentType: z.literal('text/csv; charset=utf-8'),
  csv: z.string(),
  rows: z.number().int(),
});
export type ExportOutput = z.infer<typeof exportOutputSchema>;
