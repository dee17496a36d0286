/**
 * The contract of uploads and submit between `<efa-form>`/`<efa-file-field>` and the server
 * (browser-safe, no zod: the element bundle checks these few shapes by hand).
 */

/** The request header that carries an upload's file name (RFC 5987 `ext-value`). */
export const uploadFilenameHeader = 'x-filename';

/**
 * `UTF-8''` plus the name percent-encoded as RFC 5987 `attr-char`s, so that "Bescheid
 * Müller.pdf" survives a header (which carries only Latin-1 bytes).
 */
export function encodeFilenameHeader(name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `UTF-8''${encoded}`;
}

/** The answer to a successful upload (`POST /uploads` → 201). */
export interface UploadAnswer {
  /** UUID; the file answer's `ref`, and the attachment id it is delivered under. */
  uploadId: string;
  filename: string;
  size: number;
  mimeType: string;
  /** SHA-512 (hex) of the file as the server stored it. */
  sha512: string;
}

export function isUploadAnswer(value: unknown): value is UploadAnswer {
  const answer = value as Partial<UploadAnswer> | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.uploadId === 'string' &&
    typeof answer.filename === 'string' &&
    typeof answer.size === 'number' &&
    typeof answer.mimeType === 'string' &&
    typeof answer.sha512 === 'string'
  );
}

export const deliveryStates = ['pending', 'submitted', 'accepted', 'rejected', 'failed'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/**
 * What `form.submit` answers (core's `SubmitAnswer`): the reference number and the honest
 * delivery state; "pending" means stored and waiting for the delivery service.
 */
export interface SubmitAnswer {
  applicationId: string;
  reference: string;
  delivery: DeliveryState;
  submittedAt: string;
}

export function isSubmitAnswer(value: unknown): value is SubmitAnswer {
  const answer = value as Partial<SubmitAnswer> | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.applicationId === 'string' &&
    typeof answer.reference === 'string' &&
    answer.reference !== '' &&
    typeof answer.submittedAt === 'string' &&
    (deliveryStates as readonly unknown[]).includes(answer.delivery)
  );
}

/** What `<efa-form>` sends to its `submit-procedure`. */
export interface SubmitInput {
  formId: string;
  version: string;
  /** A UUID the browser chose once for this application, sent again on every retry. */
  applicationId: string;
  data: Record<string, unknown>;
  /** The server draft this application was saved as: deleted once submitted. */
  draft?: DraftRef;
}

/** Names a server draft: its id, and for a draft without login the key this browser holds. */
export interface DraftRef {
  draftId: string;
  key?: string;
}
