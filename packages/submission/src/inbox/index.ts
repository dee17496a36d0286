/**
 * `@efa-kit/submission/inbox`: the authority's side in the browser. Keys that never leave the
 * caseworker's browser, decryption and verification in a Web Worker, Security Event Tokens
 * signed here, decisions encrypted here, and the `InboxSource` the `<efa-inbox>` element
 * (`@efa-kit/submission/elements/efa-inbox.js`) talks to the server through. Kept apart from
 * the package's other entries so none of it reaches the citizen's pages.
 */
export { type CatalogueKey, catalogueProblem, type RejectProblem, rejectCatalogue } from './catalogue.js';
export {
  applyDataCheck,
  type DataValidator,
  type DecryptedAttachment,
  type DecryptedSubmission,
  decryptSubmission,
  type EncryptedSubmission,
} from './decrypt.js';
export {
  backupDestination,
  backupFormat,
  type Enrolment,
  generateDestinationKeys,
  importKeyFile,
  minPassphraseLength,
  type PublicJwks,
  pbkdf2Iterations,
  restoreBackup,
} from './enrolment.js';
export { InboxError, type InboxErrorCode } from './errors.js';
export { eventBase, type SetSubject, setPayloadSchemaUri, signAccept, signReject } from './events.js';
export { sha512Hex } from './hash.js';
export {
  type DestinationKeys,
  indexedDbKeyStore,
  type KeyStore,
  memoryKeyStore,
  type StoredKey,
} from './key-store.js';
export { type MemoryInboxSource, memoryInboxSource } from './memory-source.js';
export { inboxDe } from './messages/de.js';
export { inboxEn } from './messages/en.js';
export { type EncryptedDecision, encryptDecision, maxDecisionBytes } from './reply.js';
export {
  type CaseList,
  type CaseMessage,
  type CaseStatus,
  type CaseVerification,
  type DestinationKeyInfo,
  type EncryptedCase,
  type InboxCase,
  type InboxSource,
  trpcInboxSource,
} from './source.js';
export type {
  AuthenticationTags,
  CheckName,
  CheckStatus,
  FindingCode,
  VerificationFinding,
  VerificationReport,
} from './verification.js';
export { createDecryptor, type Decryptor, defaultDecryptWorker } from './worker-client.js';
