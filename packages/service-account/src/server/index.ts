export { type AccountErrorCode, accountError, accountValidationMessages } from '../errors.js';
export {
  type AccountCapability,
  type AccountCapabilityOptions,
  createAccountCapability,
} from './capability.js';
export { type AccountEnvConfig, accountConfigFromEnv, readPrivateKeyFile } from './config.js';
export { clearCookie, serializeCookie, setCookie } from './cookies.js';
export {
  defaultOidcErrorCodes,
  defaultSamlStatusCodes,
  type LoginFailureCode,
} from './login-failures.js';
export {
  type OidcClientAuthentication,
  type OidcProviderConfig,
  OidcRelyingParty,
} from './oidc.js';
export {
  createLoginProvider,
  type LoginProvider,
  type ProviderConfig,
  type ProviderUrls,
} from './providers.js';
export { type AccountRouter, type AccountRouterOptions, createAccountRouter } from './router.js';
export { type AuthRoutesOptions, createAuthRoutes } from './routes.js';
export { parseSamlIdpMetadata, type SamlEndpoint, type SamlIdpMetadata } from './saml-metadata.js';
export {
  type AccountService,
  type AccountServiceOptions,
  createAccountService,
  type LoginOutcome,
} from './service.js';
export { createSessionStore, hashToken, type SessionStore, type StoredSession } from './sessions.js';
export { type AccountTables, accountMigrations } from './storage.js';
