/**
 * Types of FIT-Connect submission metadata as the vendored schema 1.0.0 defines them
 * (`vendor/fitko/fit-connect/metadata/1.0.0/metadata.schema.json`). These types are the kit's
 * reading of that schema; the schema file itself, checked by `validateMetadata`, is the rule.
 */

export const metadataSchemaVersion = '1.0.0';
export const metadataSchemaUri = `https://schema.fitko.de/fit-connect/metadata/${metadataSchemaVersion}/metadata.schema.json`;
/** Path of the schema file relative to this module (the build copies `vendor/` to dist). */
export const metadataSchemaFile = `vendor/fitko/fit-connect/metadata/${metadataSchemaVersion}/metadata.schema.json`;

export interface MetadataHash {
  type: 'sha512';
  /** Lower-case hex, 128 characters. */
  content: string;
}

export interface MetadataSignature {
  signatureFormat: 'cms' | 'xml' | 'pdf' | 'asic' | 'json';
  eidasAdesProfile?:
    | 'http://uri.etsi.org/ades/191x2/level/baseline/B-B#'
    | 'http://uri.etsi.org/ades/191x2/level/baseline/B-T#'
    | 'http://uri.etsi.org/ades/191x2/level/baseline/B-LT#'
    | 'http://uri.etsi.org/ades/191x2/level/baseline/B-LTA#';
  detachedSignature: boolean;
  content?: string;
}

/** `form`: the application as PDF; `attachment`: a citizen's upload; `report`: made by the portal. */
export type AttachmentPurpose = 'form' | 'attachment' | 'report';

export interface MetadataAttachment {
  attachmentId: string;
  hash: MetadataHash;
  purpose: AttachmentPurpose;
  mimeType: string;
  filename?: string;
  description?: string;
  signature?: MetadataSignature;
}

export type DataMimeType = 'application/json' | 'application/xml';

export interface MetadataContentStructure {
  data?: {
    hash: MetadataHash;
    submissionSchema: { schemaUri: string; mimeType: DataMimeType };
    signature?: MetadataSignature;
  };
  attachments: MetadataAttachment[];
}

export interface MetadataPublicServiceType {
  /** A URN; for a Leistung `urn:de:fim:leika:leistung:<14 digits>`. */
  identifier: string;
  name?: string;
  description?: string;
}

export interface MetadataAuthenticationInformation {
  type: 'identificationReport';
  /** Semantic version of the proof's format. */
  version: string;
  /** The proof, base64url. */
  content: string;
}

export type MetadataPaymentMethod = 'GIROPAY' | 'PAYDIRECT' | 'CREDITCARD' | 'PAYPAL' | 'INVOICE' | 'OTHER';

export interface MetadataPaymentInformation {
  transactionReference: string;
  /** ≤ 36 characters, `^[\w\d-]+$`. */
  transactionId: string;
  paymentMethod: MetadataPaymentMethod;
  /** Metadata says BOOKED where XBezahldienste says PAYED. */
  status: 'INITIAL' | 'BOOKED' | 'FAILED' | 'CANCELED';
  transactionUrl?: string;
  transactionTimestamp?: string;
  paymentMethodDetail?: string;
  /** Euros, a multiple of 0.01. */
  grossAmount?: number;
}

/** Exactly one channel (`minProperties`/`maxProperties` 1). */
export type MetadataReplyChannel =
  | { eMail: { address: string; pgpPublicKey?: string } }
  | { deMail: { address: string } }
  | { fink: { finkPostfachRef: string; host?: string } }
  | { elster: { accountId: string; lieferTicket?: string; geschaeftszeichen?: string } };

export interface MetadataAdditionalReferenceInfo {
  senderReference?: string;
  /** ISO date. */
  applicationDate?: string;
}

export interface Metadata {
  /** Not in schema 1.0.0, allowed by it and recommended by FITKO so receivers know the version. */
  $schema: string;
  contentStructure: MetadataContentStructure;
  publicServiceType?: MetadataPublicServiceType;
  authenticationInformation?: MetadataAuthenticationInformation[];
  paymentInformation?: MetadataPaymentInformation;
  replyChannel?: MetadataReplyChannel;
  additionalReferenceInfo?: MetadataAdditionalReferenceInfo;
}
