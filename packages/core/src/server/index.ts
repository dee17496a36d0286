export type {
  AnswerLine,
  AnswerSection,
  ApplicationAttachment,
  ApplicationHandoff,
  ApplicationSink,
  PaidFee,
  SubmitAnswer,
} from './application-handoff.js';
export { type CachedCall, cacheControlFor, procedureMeta } from './cache-control.js';
export type {
  CapabilityJob,
  CapabilityPageNeeds,
  CapabilityRoutes,
  EfaCapability,
  SessionSource,
} from './capability.js';
export {
  type CapabilityHost,
  type CapabilityHostOptions,
  createCapabilityHost,
  csrfTokenProcedure,
} from './capability-host.js';
export {
  clientAddress,
  clientAddressError,
  createClientAddress,
  normalizeAddress,
  noTrustedProxies,
  parseTrustedProxies,
  type TrustedProxies,
  trustedProxiesFromEnv,
  trustedProxiesSchema,
} from './client-address.js';
export {
  type ContextFactoryOptions,
  createContextFactory,
  csrfCookieName,
  csrfHeaderName,
  csrfTokenValid,
  type EfaContext,
  type EfaDatabase,
  type EfaRequest,
  type EfaResponse,
  type EfaSession,
  type IdentityProof,
  readCookies,
  requestOrigin,
} from './context.js';
export { type CorsOptions, type CorsPolicy, createCorsPolicy, normalizeOrigin } from './cors.js';
export {
  createDatabase,
  type DatabaseTarget,
  databaseError,
  databaseHealthy,
  parseDatabaseTarget,
  type RawDatabaseAccess,
  rawAccessOf,
  redact,
} from './database.js';
export { createJobQueue, type JobQueueOptions, jobQueueDatabase, jobsIn, type PgBoss } from './job-queue.js';
export { jsonNestingExceeds } from './json-depth.js';
export { MigrationFailedError, migrate, type PackageMigrations } from './migrations.js';
export { type OpenApiOptions, openApiDocument, procedureEntries } from './openapi.js';
export { PGliteDialect } from './pglite-dialect.js';
export { type EfaProcedureMeta, type PublicCacheClass, privateCacheControl } from './procedure-meta.js';
export {
  createRateLimiter,
  defaultRateLimit,
  type RateLimitDecision,
  type RateLimitOptions,
  type RequestRateLimiter,
  rateLimitMigrations,
} from './rate-limit.js';
export {
  createDataSealer,
  type DataKeyRing,
  type DataSealer,
  generateDataKeyEntry,
  parseDataKeyRing,
  SealError,
} from './sealing.js';
export {
  authedProcedure,
  createCallerFactory,
  type EfaErrorData,
  mergeRouters,
  middleware,
  publicProcedure,
  registerMessages,
  router,
} from './trpc.js';
export {
  createTrpcHttpHandler,
  defaultMaxBatchSize,
  defaultMaxJsonDepth,
  type TrpcHttpHandlerOptions,
} from './trpc-http-handler.js';
