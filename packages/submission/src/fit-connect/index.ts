/**
 * The FIT-Connect sender: Submission API v1 client, destination key checks, JWE encryption,
 * hashes and metadata. Node only (node:crypto); the server face re-exports it.
 */

export { createSubmissionApiClient, type SubmissionApiClientOptions } from './client.js';
export { authenticationTagOf, encryptForDestination, isCompactJwe } from './encrypt.js';
export { type FitConnectApiErrorCode, fitConnectError, submissionApiError } from './errors.js';
export { emptySha512Hex, sha512Hex } from './hash.js';
export { type CheckedRsaJwk, checkDestinationKey, minimumRsaBits } from './keys.js';
export { buildMetadata, type MetadataInput, type MetadataProblem, validateMetadata } from './metadata.js';
export {
  type CaseEvent,
  type DestinationInfo,
  isSubmissionApiError,
  type SubmissionApi,
  SubmissionApiError,
  type VerifiedEncryptionKey,
} from './submission-api.js';
