/** `@efa-kit/form-assistant/server`: the router factory, server-side validation, uploads and submit. */

export type { SubmitAnswer, SubmitInput, UploadAnswer } from '../schema/submission.js';
export {
  createValidator,
  type IdentityAttributes,
  lockedPrefillIssues,
  prefillFromIdentity,
  toFimSubmission,
  validationMessages,
} from '../validation/index.js';
export { answerSections, feeAnswersOf, placeOf, type SummaryInput } from './answers.js';
export {
  createFormCapability,
  type FormCapability,
  type FormCapabilityOptions,
} from './capability.js';
export { type FormEnvConfig, formConfigFromEnv } from './config.js';
export { type DraftExpiryOptions, draftExpiryQueue, scheduleDraftExpiry } from './drafts/expiry.js';
export { draftByteLimit } from './drafts/limits.js';
export {
  createDraftRouter,
  type DraftRouter,
  type DraftRouterOptions,
  draftProcedureCosts,
  draftResumeRateLimit,
} from './drafts/router.js';
export {
  createDraftStore,
  type DraftCaller,
  type DraftContent,
  type DraftMeta,
  type DraftRecord,
  type DraftStore,
  type DraftStoreOptions,
  type DraftTables,
  defaultDraftTtlMs,
  draftUploadOwnerHash,
  purgeExpiredDrafts,
  resumeCodeSymbols,
} from './drafts/storage.js';
export { type FormErrorCode, formError } from './errors.js';
export { firstStepControlId, firstStepHtml } from './first-step-html.js';
export {
  createFormRouter,
  type FormRouter,
  type FormRouterOptions,
  formProcedureCosts,
  type SubmitPreview,
} from './router.js';
export {
  defaultLockTrustLevel,
  identityAttributesFrom,
  identityFromSession,
} from './session-identity.js';
export {
  buildHandoff,
  defaultAttachedUploadRetentionMs,
  defaultSchemaUri,
  type FormSubmissionOptions,
  resolveUploads,
} from './submit.js';
export {
  acceptsFile,
  decideMediaType,
  type MediaTypeDecision,
  normalizeMediaType,
  sniffMediaType,
} from './uploads/content-type.js';
export { decodeFilenameHeader, encodeFilenameHeader, sanitizeFilename } from './uploads/filename.js';
export {
  createUploadHandler,
  defaultMaxUploadBytes,
  draftUploadHeader,
  type UploadHandlerOptions,
  uploadRateLimit,
} from './uploads/handler.js';
export {
  createUploadStore,
  defaultUploadTtlMs,
  formAssistantMigrations,
  type NewUpload,
  purgeExpiredUploads,
  releaseApplicationUploads,
  type StoredUpload,
  UploadIntegrityError,
  type UploadRow,
  type UploadStore,
  type UploadStoreOptions,
  type UploadTables,
  uploadOwnerHash,
} from './uploads/storage.js';
