export {
  type CallbackRetry,
  callbackAuthentication,
  callbackToleranceSeconds,
  checkCallback,
  newEventsBody,
  newEventsCallbackType,
  newSubmissionsCallbackType,
  type VerifyCallbackInput,
  verifyCallback,
} from './callbacks.js';
export type { ClientConfig, DestinationConfig, ReplyChannels } from './config.js';
export { deliveryDeadlines, notFetchedProblem, type SweepReport } from './deadlines.js';
export {
  type DevelopmentDelivery,
  type DevelopmentSecretStore,
  developmentDestinationId,
  memorySecretStore,
  startDevelopmentDelivery,
} from './development.js';
export { type DeliveryServiceErrorCode, deliveryServiceError } from './errors.js';
export { eventBase, setPayloadSchemaUri } from './events.js';
export {
  type ArmedFault,
  createFaultControl,
  type FaultContext,
  type FaultControl,
  type FaultOutcome,
  type FaultPoint,
  faultPoints,
  type HeldRequest,
} from './faults.js';
export { minimumJweLength } from './jwe.js';
export type { ServicePublicJwk } from './keys.js';
export { deliveryServiceMigrations } from './ledger.js';
export { type ProblemName, problemBase, problemTypes } from './problems.js';
export { type DeliveryServiceLimits, defaultLimits } from './routes.js';
export { createDeliveryService, type DeliveryService, type DeliveryServiceOptions } from './service.js';
