import { centsSchema, leistungsschluesselSchema, locales } from '@efa-kit/core';
import { z } from 'zod';

/**
 * What a receipt shows, as plain data. The caller (the submission service) assembles it from
 * the stored application, the payment and the delivery row; the renderer only lays it out, so
 * the same view can also feed the HTML confirmation page.
 */

// Text the citizen typed can hold anything; limits only keep a hostile input from costing
// minutes of layout. A value of 100 000 characters still prints (over several pages).
const shortText = z.string().min(1).max(500);
const longText = z.string().max(100_000);
const isoInstant = z.iso.datetime({ offset: true });

export const deliveryStatuses = ['pending', 'submitted', 'accepted', 'rejected', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const paymentMethods = ['GIROPAY', 'PAYDIRECT', 'CREDITCARD', 'PAYPAL', 'INVOICE', 'OTHER'] as const;

const answerSectionSchema = z.object({
  title: z.string().max(500),
  lines: z
    .array(z.object({ label: z.string().max(2_000), value: longText }))
    .max(10_000)
    .readonly(),
});

const applicationViewShape = {
  /** The reference number as shown to people, e.g. "EFA-7K3M-9QXD-W2A". */
  reference: z.string().regex(/^[A-Z0-9][A-Z0-9*~$=-]{2,63}$/),
  /** The instant the portal took the application; shown in Europe/Berlin with its zone. */
  submittedAt: isoInstant,
  locale: z.enum(locales),
  authority: z.object({
    name: shortText,
    /** Postal address, lines separated by "\n". */
    address: z.string().max(1_000).optional(),
    /** Phone, e-mail or web address, lines separated by "\n". */
    contact: z.string().max(1_000).optional(),
  }),
  service: z.object({ name: shortText, leikaKey: leistungsschluesselSchema }),
  summary: z.array(answerSectionSchema).max(1_000).readonly(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(255),
        mimeType: z.string().min(1).max(255),
        size: z.number().int().min(0),
        sha512: z.string().regex(/^[0-9a-fA-F]{128}$/),
      }),
    )
    .max(1_000)
    .readonly(),
  fee: z
    .object({
      amountCents: centsSchema,
      kassenzeichen: z.string().min(1).max(100),
      paymentMethod: z.enum(paymentMethods),
    })
    .optional(),
};

/** The application as the authority receives it (attachment purpose `form`): no delivery state. */
export const applicationViewSchema = z.object(applicationViewShape);

export const receiptViewSchema = z.object({
  ...applicationViewShape,
  delivery: z.object({
    status: z.enum(deliveryStatuses),
    submissionId: z.string().min(1).max(100).optional(),
    caseId: z.string().min(1).max(100).optional(),
    /** When the status was last known to be true. */
    at: isoInstant.optional(),
  }),
});

/** Input of `renderReceiptPdf`; the summary is core's `AnswerSection[]`. */
export type ReceiptView = z.input<typeof receiptViewSchema>;
/** Input of `renderApplicationPdf`. */
export type ApplicationView = z.input<typeof applicationViewSchema>;
export type ParsedApplicationView = z.output<typeof applicationViewSchema>;
export type ParsedReceiptView = z.output<typeof receiptViewSchema>;
