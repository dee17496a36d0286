/**
 * RFC 7807 problems as the FIT-Connect Submission API answers refusals: `type` under
 * https://schema.fitko.de/fit-connect/submission-api/problems/, `title`, `status`, optional
 * `detail` and `instance` (docs.fitko.de, "Fehlerverhalten und Statuscodes").
 *
 * `destination-not-found`, `destination-state-invalid` and `submission-not-found` are the
 * names FITKO documents and SDKs test for; the others follow the same naming and are not
 * verified against FITKO's catalogue, so clients should decide by the HTTP status class and
 * treat `type` as a detail (as FITKO asks of API clients anyway).
 */
export const problemBase = 'https://schema.fitko.de/fit-connect/submission-api/problems/';

export const problemTypes = {
  // Technical (one per HTTP status the service answers).
  'bad-request': { status: 400, title: 'Bad Request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed' },
  'payload-too-large': { status: 413, title: 'Payload Too Large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  'internal-server-error': { status: 500, title: 'Internal Server Error' },
  // Functional.
  'destination-not-found': { status: 404, title: 'Destination not found' },
  'destination-state-invalid': { status: 422, title: 'Destination not active' },
  'service-type-not-offered': { status: 422, title: 'Service type not offered by the destination' },
  'case-not-found': { status: 404, title: 'Case not found' },
  'submission-not-found': { status: 404, title: 'Submission not found' },
  'submission-state-invalid': { status: 409, title: 'Submission is not in a state that allows this' },
  'attachment-not-announced': { status: 422, title: 'Attachment was not announced' },
  'attachment-not-found': { status: 404, title: 'Attachment not found' },
  'missing-attachments': { status: 422, title: 'Announced attachments are missing' },
  'jwe-invalid': { status: 400, title: 'Not a valid JWE for this destination' },
  'event-invalid': { status: 400, title: 'Not a valid Security Event Token' },
  'event-signature-invalid': { status: 400, title: 'Security Event Token signature invalid' },
  'event-duplicate': { status: 409, title: 'Security Event Token already recorded' },
  'signature-key-missing': { status: 422, title: 'No signature key configured for the destination' },
  // Replies (the kit's own resource, see docs/adr/0008-casework-and-mailbox.md).
  'reply-not-found': { status: 404, title: 'Reply not found' },
  'reply-state-invalid': { status: 409, title: 'Reply is not in a state that allows this' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemName = keyof typeof problemTypes;

/** A refusal on its way to the client; thrown by handlers, written by the router. */
export class Problem extends Error {
  override readonly name = 'Problem';
  readonly status: number;
  readonly type: string;
  readonly title: string;

  constructor(
    readonly problem: ProblemName,
    readonly detail?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${problem}${detail ? `: ${detail}` : ''}`);
    const definition = problemTypes[problem];
    this.status = definition.status;
    this.title = definition.title;
    this.type = `${problemBase}${problem}`;
  }

  body(instance?: string): Record<string, string | number> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
    };
  }
}
