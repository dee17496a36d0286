/**
 * `@efa-kit/submission/server`: the delivery pipeline, the sink the form assistant submits to,
 * the citizen's status router, the receipt route, configuration, and the FIT-Connect sender.
 */
export * from '../casework/index.js';
export { deliveryError } from '../delivery/errors.js';
export {
  createDeliveryPipeline,
  type DeliveryPipeline,
  type DeliveryPipelineOptions,
  type DeliveryRequest,
  type DeliveryStatus,
  deliveryDeadLetterQueue,
  deliveryQueue,
} from '../delivery/pipeline.js';
export { citizenDelivery } from '../delivery/status.js';
export { type DeliveryState, deliveryMigrations, deliveryStates } from '../delivery/storage.js';
export type { DevelopmentSecretStore } from '../delivery-service/development.js';
export * from '../fit-connect/index.js';
export * from '../receipt/index.js';
export {
  createSubmissionCapability,
  type SubmissionCapability,
  type SubmissionCapabilityOptions,
  type SubmissionService,
} from './capability.js';
export { type SubmissionEnvConfig, submissionConfigFromEnv } from './config.js';
export { submissionConfigError } from './errors.js';
export { createEventCallbackRoute, type EventCallbackRouteOptions } from './event-callback-route.js';
export { createReceiptRoute, type ReceiptRouteOptions } from './receipt-route.js';
export { createSubmissionRouter, submissionProcedureCosts } from './router.js';
export { type ApplicationSinkOptions, createApplicationSink, type RoutedApplication } from './sink.js';
