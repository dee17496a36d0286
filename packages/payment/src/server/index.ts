export {
  createPaidFeeCheck,
  fitConnectPaymentMethod,
  fitConnectPaymentMethods,
  fitConnectTransactionIdPattern,
  type PaidFeeCheckOptions,
  type PaidFeeCheckQuery,
  paymentsForApplication,
  toPaidFee,
} from './application-payments.js';
export {
  createPaymentCapability,
  type PaymentCapability,
  type PaymentCapabilityOptions,
} from './capability.js';
export {
  type PaymentConfigOptions,
  type PaymentEnvConfig,
  type PaymentMode,
  paymentConfigFromEnv,
  providerFromConfig,
} from './config.js';
export { type PaymentErrorCode, paymentError } from './errors.js';
export {
  berlinMidnight,
  exportColumns,
  exportPageSize,
  exportPaymentChunks,
  exportPayments,
  exportPeriod,
  paymentsCsv,
  paymentsCsvHeader,
  paymentsCsvLines,
} from './export.js';
export {
  type ComputedFee,
  computeFee,
  conditionHolds,
  defineFeeSchedules,
  exampleFeeSchedules,
  type FeeCatalogue,
  type FeeCondition,
  type FeeSchedule,
  type FeeScheduleInput,
  feeScheduleSchema,
  percentOf,
} from './fees.js';
export { defaultPaymentMethods, offeredMethods, type PaymentMethod } from './methods.js';
export {
  browserCapabilityOf,
  newBrowserCapability,
  type PaymentAccess,
  paymentAccessOf,
  paymentOwnerCookie,
  paymentOwnerCookieHeader,
  paymentOwnerHash,
} from './owner.js';
export {
  type PaymentProvider,
  ProviderError,
  type ProviderErrorKind,
  type ProviderPaymentItem,
  type ProviderPaymentRequest,
  type ProviderTransaction,
} from './provider.js';
export {
  createPaymentExportHandler,
  createPaymentReturnHandler,
  createPaymentRouter,
  type PaymentExportHandlerOptions,
  type PaymentReturnHandlerOptions,
  type PaymentRouter,
  type PaymentRouterOptions,
  paymentProcedureCosts,
} from './router.js';
export {
  type CreatePaymentCommand,
  createPaymentService,
  type PaymentService,
  type PaymentServiceOptions,
  type ReconcileResult,
  toView,
} from './service.js';
export { allowedTransitions, isOpen, nextStatus, type PaymentEvent } from './state.js';
export {
  kassenzeichenFor,
  luhnCheckDigit,
  type PaymentRow,
  type PaymentTables,
  paymentMigrations,
  type TransitionRow,
} from './storage.js';
export { parseWireJson, toWireJson, WireDecimal, wireCents } from './wire.js';
export {
  createXBezahldiensteProvider,
  type XBezahldiensteAuth,
  type XBezahldiensteOptions,
} from './xbezahldienste.js';
