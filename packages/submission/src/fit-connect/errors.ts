import { defineErrors, interpolate, type MessageParams } from '@efa-kit/core';
import { errorsDe, errorsEn, type SubmissionErrorKey } from '../messages/index.js';
import { SubmissionApiError } from './submission-api.js';

/**
 * The FIT-Connect sender's errors. Failures that belong to a call of the Submission API (the
 * delivery service, its keys, its event log) are `SubmissionApiError`s, because the delivery
 * state machine decides by `retryable`; failures of local work (metadata, encryption input,
 * configuration) are core `EfaError`s like every other package's.
 */
export type FitConnectApiErrorCode = Extract<
  SubmissionErrorKey,
  | 'SUBMISSION_API_UNREACHABLE'
  | 'SUBMISSION_API_UNAVAILABLE'
  | 'SUBMISSION_API_AUTH'
  | 'SUBMISSION_API_REFUSED'
  | 'SUBMISSION_API_PROTOCOL'
  | 'SUBMISSION_DESTINATION_MISMATCH'
  | `SUBMISSION_KEY_${string}`
  | `SUBMISSION_EVENT_${string}`
>;

export function submissionApiError(
  code: FitConnectApiErrorCode,
  params: MessageParams,
  options: {
    retryable: boolean;
    status?: number | null;
    problemType?: string | null;
    cause?: unknown;
    details?: Record<string, unknown>;
  },
): SubmissionApiError {
  const messages = { de: interpolate(errorsDe[code], params), en: interpolate(errorsEn[code], params) };
  return new SubmissionApiError(
    `${code}: ${messages.en}`,
    options.retryable,
    options.status ?? null,
    options.problemType ?? null,
    {
      code,
      messages,
      details: { ...params, ...options.details },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    },
  );
}

/** Local failures; `INTERNAL_SERVER_ERROR` because a citizen's input never reaches them unchecked. */
export const fitConnectError = defineErrors({
  SUBMISSION_CONFIGURATION: {
    status: 'INTERNAL_SERVER_ERROR',
    de: errorsDe.SUBMISSION_CONFIGURATION,
    en: errorsEn.SUBMISSION_CONFIGURATION,
  },
  SUBMISSION_ENCRYPTION_FAILED: {
    status: 'INTERNAL_SERVER_ERROR',
    de: errorsDe.SUBMISSION_ENCRYPTION_FAILED,
    en: errorsEn.SUBMISSION_ENCRYPTION_FAILED,
  },
  SUBMISSION_METADATA_INPUT: {
    status: 'INTERNAL_SERVER_ERROR',
    de: errorsDe.SUBMISSION_METADATA_INPUT,
    en: errorsEn.SUBMISSION_METADATA_INPUT,
  },
  SUBMISSION_METADATA_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: errorsDe.SUBMISSION_METADATA_INVALID,
    en: errorsEn.SUBMISSION_METADATA_INVALID,
  },
});

/** A short, single-line rendering of zod issues for an error's `{detail}`. */
export function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
