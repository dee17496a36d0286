/**
 * The sender's view of a FIT-Connect Submission API v1 (docs.fitko.de/fit-connect), as the
 * delivery state machine uses it. `createSubmissionApiClient` implements it over HTTP; every
 * answer is checked before it is trusted (destination keys, event signatures).
 */
import type { Locale } from '@efa-kit/core';

/** `GET /v1/destinations/{id}`, the parts a sender needs. */
export interface DestinationInfo {
  destinationId: string;
  /** Only `active` destinations take submissions. */
  status: 'created' | 'active' | 'archived' | 'deleted';
  encryptionKid: string;
  /** Services the destination offers: `identifier` is the LeiKa URN. */
  services: ReadonlyArray<{
    identifier: string;
    submissionSchemas: ReadonlyArray<{ schemaUri: string; mimeType: string }>;
  }>;
  /** Metadata schema versions it reads, e.g. "1.2.0". */
  metadataVersions: readonly string[];
  /** Reply channels it offers (`eMail`, `deMail`, `fink`, `elster`, `fitConnect`). */
  replyChannels: readonly string[];
}

/** An RSA-OAEP-256 public JWK that passed every check (`wrapKey`, ≥ 4096 bit, chain). */
export interface VerifiedEncryptionKey {
  kid: string;
  jwk: JsonWebKey & { kid: string };
}

/** A Security Event Token of the case's event log, signature verified. */
export interface CaseEvent {
  jti: string;
  /** Full event URI, e.g. https://schema.fitko.de/fit-connect/events/submit-submission */
  event: string;
  /** From `sub: submission:<id>`. */
  submissionId: string;
  caseId: string;
  /** `iat`: seconds since the epoch. */
  issuedAt: number;
  issuer: string;
  /** The event's payload (`problems` of a reject, `authenticationTags` of an accept). */
  payload: Readonly<Record<string, unknown>>;
}

export interface SubmissionApi {
  destination(destinationId: string): Promise<DestinationInfo>;
  encryptionKey(destinationId: string, kid: string): Promise<VerifiedEncryptionKey>;
  /** `POST /v1/submissions`; a new submission each call (FIT-Connect has no idempotency key). */
  createSubmission(request: {
    destinationId: string;
    announcedAttachments: readonly string[];
    serviceType: { identifier: string; name: string };
    /** Continue an existing case (a later submission on the same Vorgang). */
    caseId?: string;
  }): Promise<{ submissionId: string; caseId: string }>;
  /** `PUT /v1/submissions/{id}/attachments/{attachmentId}` with a compact JWE. */
  uploadAttachment(submissionId: string, attachmentId: string, jwe: string): Promise<void>;
  /** `PUT /v1/submissions/{id}`: the commit point. */
  submit(submissionId: string, body: { encryptedMetadata: string; encryptedData: string }): Promise<void>;
  /**
   * `GET /v1/cases/{caseId}/events`, every page, each SET verified. With `destinationId`, an
   * event issued by any other destination is refused too (the delivery service's own events
   * are still taken).
   */
  caseEvents(caseId: string, options?: { destinationId?: string }): Promise<CaseEvent[]>;
}

/**
 * A refusal or failure of the delivery service, RFC 7807 `type` kept. `retryable` is true for
 * network errors, 429 and 5xx (the state machine tries again later), false for a refusal that
 * repeating will not change (a 4xx problem, a key that fails its checks).
 *
 * `code` is a stable error code of the submission catalogue (`SUBMISSION_…`, texts in
 * `src/messages`), `messages` its German and English text; both are optional in the
 * constructor, so code that only knows the four positional fields still compiles.
 */
export class SubmissionApiError extends Error {
  override readonly name = 'SubmissionApiError';
  readonly code: string;
  readonly messages: Readonly<Record<Locale, string>>;
  /** Facts for operators: the problem's `title`/`detail`, `retryAfterSeconds`, ajv errors … */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly problemType: string | null,
    options?: {
      cause?: unknown;
      code?: string;
      messages?: Readonly<Record<Locale, string>>;
      details?: Readonly<Record<string, unknown>>;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? 'SUBMISSION_API_ERROR';
    this.messages = options?.messages ?? { de: message, en: message };
    this.details = options?.details ?? {};
  }

  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

/** Duck-typed like core's `isEfaError`, so two copies of this package still agree. */
export function isSubmissionApiError(value: unknown): value is SubmissionApiError {
  return (
    value instanceof Error &&
    value.name === 'SubmissionApiError' &&
    typeof (value as Partial<SubmissionApiError>).retryable === 'boolean'
  );
}
