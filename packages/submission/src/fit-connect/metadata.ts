import { readFileSync } from 'node:fs';
import { centsToDecimal, leistungsschluesselSchema, leistungUrn } from '@efa-kit/core';
import type { PaidFee } from '@efa-kit/core/server';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import {
  type Metadata,
  type MetadataAttachment,
  type MetadataReplyChannel,
  metadataSchemaFile,
  metadataSchemaUri,
} from '../schema/metadata.js';
import { describeIssues, fitConnectError } from './errors.js';
import { sha512Hex } from './hash.js';

/**
 * Builds a submission's metadata (the envelope the destination reads first: hashes of data
 * and attachments, the service, payment, identity proof, reply channel, our reference) and
 * checks it against FITKO's own schema, vendored verbatim, with a JSON Schema 2020-12
 * validator.
 */

const sha512 = z.string().regex(/^[a-f0-9]{128}$/);
const attachmentBase = {
  attachmentId: z.uuid(),
  mimeType: z.string().regex(/^[-\w.]+\/[-\w.+]+$/),
  filename: z.string().min(1).max(255),
  purpose: z.enum(['form', 'attachment', 'report']),
  description: z.string().min(1).max(1000).optional(),
};

const replyChannelSchema = z.union([
  z.strictObject({
    eMail: z.strictObject({ address: z.email(), pgpPublicKey: z.string().max(100_000).optional() }),
  }),
  z.strictObject({ deMail: z.strictObject({ address: z.email() }) }),
  z.strictObject({
    fink: z.strictObject({
      finkPostfachRef: z
        .string()
        .max(150)
        .regex(/^[-._a-z0-9~/]*$/),
      host: z.url().optional(),
    }),
  }),
  z.strictObject({
    elster: z.strictObject({
      accountId: z.string().regex(/^\d{10}$/),
      lieferTicket: z.string().max(100).optional(),
      geschaeftszeichen: z.string().max(10).optional(),
    }),
  }),
]);

const paidFeeSchema = z.object({
  paymentId: z.string().min(1),
  transactionReference: z.string().min(1).max(200),
  transactionId: z.string().regex(/^[\w-]{1,36}$/),
  paymentMethod: z.enum(['GIROPAY', 'PAYDIRECT', 'CREDITCARD', 'PAYPAL', 'INVOICE', 'OTHER']),
  // FITKO's grossAmount has a minimum of 0.01: an application without a fee carries no payment.
  grossCents: z.number().int().positive().max(100_000_000_00),
  paidAt: z.iso.datetime({ offset: true }),
});

const buildInputSchema = z.object({
  data: z.object({
    bytes: z.instanceof(Uint8Array),
    schemaUri: z.url().max(2000),
    mimeType: z.enum(['application/json', 'application/xml']),
  }),
  attachments: z
    .array(
      z.union([
        z.object({ ...attachmentBase, bytes: z.instanceof(Uint8Array), sha512: z.undefined().optional() }),
        z.object({ ...attachmentBase, sha512, bytes: z.undefined().optional() }),
      ]),
    )
    .max(1000)
    .refine((list) => new Set(list.map((a) => a.attachmentId.toLowerCase())).size === list.length, {
      message: 'attachment ids repeat',
    }),
  publicService: z.object({ leikaKey: leistungsschluesselSchema, name: z.string().min(1).max(500) }),
  payment: paidFeeSchema.optional(),
  authentication: z
    .object({
      version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/),
      content: z.string().regex(/^[a-zA-Z0-9_\-.]+$/),
    })
    .optional(),
  replyChannel: replyChannelSchema.optional(),
  senderReference: z.string().min(1).max(100),
  applicationDate: z.iso.date(),
});

export interface MetadataInput {
  /** The Fachdaten as they are encrypted (`encryptedData`), and the schema they follow. */
  data: { bytes: Uint8Array; schemaUri: string; mimeType: 'application/json' | 'application/xml' };
  /** Each announced attachment, with its plaintext or its SHA-512 (hex) computed earlier. */
  attachments: ReadonlyArray<
    {
      attachmentId: string;
      mimeType: string;
      filename: string;
      purpose: MetadataAttachment['purpose'];
      description?: string;
    } & ({ bytes: Uint8Array; sha512?: undefined } | { sha512: string; bytes?: undefined })
  >;
  publicService: { leikaKey: string; name: string };
  payment?: PaidFee;
  /** The login's identity proof, when the account service gives one. */
  authentication?: { version: string; content: string };
  replyChannel?: MetadataReplyChannel;
  /** The kit's reference number (`additionalReferenceInfo.senderReference`). */
  senderReference: string;
  /** ISO date of the application, in Europe/Berlin. */
  applicationDate: string;
}

/** The metadata object (with `$schema`), validated against FITKO's schema before it is returned. */
export function buildMetadata(input: MetadataInput): Metadata {
  const parsed = buildInputSchema.safeParse(input);
  if (!parsed.success)
    throw fitConnectError('SUBMISSION_METADATA_INPUT', { detail: describeIssues(parsed.error.issues) });
  const value = parsed.data;
  const metadata: Metadata = {
    $schema: metadataSchemaUri,
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512Hex(value.data.bytes) },
        submissionSchema: { schemaUri: value.data.schemaUri, mimeType: value.data.mimeType },
      },
      attachments: value.attachments.map((attachment) => ({
        attachmentId: attachment.attachmentId,
        hash: {
          type: 'sha512',
          content: attachment.bytes === undefined ? (attachment.sha512 ?? '') : sha512Hex(attachment.bytes),
        },
        purpose: attachment.purpose,
        mimeType: attachment.mimeType,
        filename: attachment.filename,
        ...(attachment.description === undefined ? {} : { description: attachment.description }),
      })),
    },
    publicServiceType: {
      identifier: leistungUrn(value.publicService.leikaKey),
      name: value.publicService.name,
    },
    additionalReferenceInfo: {
      senderReference: value.senderReference,
      applicationDate: value.applicationDate,
    },
  };
  if (value.payment)
    metadata.paymentInformation = {
      transactionReference: value.payment.transactionReference,
      transactionId: value.payment.transactionId,
      paymentMethod: value.payment.paymentMethod,
      // Only a fee that was paid reaches here (PaidFee); XBezahldienste's PAYED is BOOKED.
      status: 'BOOKED',
      // A decimal with at most two places, made from integer cents without float arithmetic.
      grossAmount: Number(centsToDecimal(value.payment.grossCents)),
      transactionTimestamp: value.payment.paidAt,
    };
  if (value.authentication)
    metadata.authenticationInformation = [
      {
        type: 'identificationReport',
        version: value.authentication.version,
        content: value.authentication.content,
      },
    ];
  if (value.replyChannel) metadata.replyChannel = value.replyChannel as MetadataReplyChannel;
  validateMetadata(metadata);
  return metadata;
}

// ajv-formats is CommonJS (`module.exports = plugin`, `exports.default = plugin`); NodeNext
// types its default import as the module object, so take `.default`, which exists at run time.
const addFormats = addFormatsModule.default;

let compiled: ValidateFunction | undefined;

function metadataValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(
      readFileSync(new URL(`../schema/${metadataSchemaFile}`, import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    // multipleOfPrecision: FITKO's grossAmount is `multipleOf: 0.01`, which 12.34 fails in binary
    // floating point (12.34 / 0.01 = 1233.9999999999998) without a tolerance.
    const ajv = new Ajv2020({ allErrors: true, strict: true, multipleOfPrecision: 9 });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export interface MetadataProblem {
  /** JSON Pointer into the metadata. */
  path: string;
  message: string;
  keyword: string;
}

function problemsOf(errors: readonly ErrorObject[]): MetadataProblem[] {
  return errors.map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? error.keyword,
    keyword: error.keyword,
  }));
}

/**
 * Checks metadata against FITKO's schema (compiled once). Throws SUBMISSION_METADATA_INVALID
 * listing every ajv error in `details.errors`.
 */
export function validateMetadata(metadata: unknown): asserts metadata is Metadata {
  const validate = metadataValidator();
  if (validate(metadata)) return;
  const errors = problemsOf(validate.errors ?? []);
  throw fitConnectError(
    'SUBMISSION_METADATA_INVALID',
    {
      count: errors.length,
      summary: errors
        .slice(0, 5)
        .map((error) => `${error.path} ${error.message}`)
        .join('; '),
    },
    { details: { errors } },
  );
}
