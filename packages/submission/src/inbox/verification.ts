import type { RejectProblem } from './catalogue.js';

/**
 * The inbox's verification report: what was checked on a decrypted submission before the
 * caseworker is told it is valid. `valid` only when every check ran and passed; a check that
 * could not run (no form validator from the host) makes the result `incomplete`, never valid.
 */

export type CheckName =
  | 'decryption'
  | 'metadataSchema'
  | 'dataHash'
  | 'attachmentHashes'
  | 'attachmentsComplete'
  | 'serviceType'
  | 'dataSchema';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export type FindingCode =
  | 'decryptFailed'
  | 'metadataNotJson'
  | 'metadataSchema'
  | 'dataMissing'
  | 'dataHashMismatch'
  | 'attachmentHashMismatch'
  | 'attachmentMissing'
  | 'attachmentUnexpected'
  | 'attachmentsAnnouncedDiffer'
  | 'serviceMismatch'
  | 'dataInvalid';

export type Part = 'metadata' | 'data' | 'attachment';

export interface VerificationFinding {
  code: FindingCode;
  part: Part;
  attachmentId?: string;
  /** Technical detail (English, for logs and the reject's `detail`). */
  detail: string;
  /** The problem from FITKO's catalogue this finding is rejected with, where the kit has it. */
  problem?: RejectProblem;
}

export interface AuthenticationTags {
  metadata: string;
  data: string;
  attachments: Record<string, string>;
}

export interface VerificationReport {
  result: 'valid' | 'invalid' | 'incomplete';
  checks: Record<CheckName, CheckStatus>;
  findings: VerificationFinding[];
  /** The kit's reference (additionalReferenceInfo.senderReference), once metadata decrypted. */
  reference: string | null;
  /** Last segment of each JWE: what an accept-submission event names. */
  authenticationTags: AuthenticationTags;
}

export function resultOf(checks: Record<CheckName, CheckStatus>): VerificationReport['result'] {
  const statuses = Object.values(checks);
  if (statuses.includes('failed')) return 'invalid';
  if (statuses.includes('skipped')) return 'incomplete';
  return 'valid';
}
