export { type BrowserResponse, loginWithDevProvider, TestBrowser } from './browser.js';
export {
  type DevClient,
  type DevIdentityProvider,
  type DevIdentityProviderOptions,
  startDevIdentityProvider,
} from './dev-idp.js';
export {
  type AccountTestEnvironment,
  type AccountTestEnvironmentOptions,
  startAccountTestEnvironment,
} from './environment.js';
export {
  bundIdAttributesFor,
  type DevErrorCase,
  type DevLoginMethod,
  devAuthorities,
  devLoginMethods,
  pseudonymFor,
  type TestIdentity,
  testIdentities,
} from './identities.js';
export { type SamlTamper, type SamlTestIdentityProvider, startSamlTestIdentityProvider } from './saml-idp.js';
export * as testSamlKeys from './saml-keys.js';
