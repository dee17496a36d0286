/** `@efa-kit/form-assistant/server`: the router factory and the server-side validation. */

export {
  createValidator,
  type IdentityAttributes,
  lockedPrefillIssues,
  prefillFromIdentity,
  toFimSubmission,
  validationMessages,
} from '../validation/index.js';
export { formError } from './errors.js';
export { createFormRouter, type FormRouter, type FormRouterOptions, type SubmitPreview } from './router.js';
export {
  defaultLockTrustLevel,
  identityAttributesFrom,
  identityFromSession,
} from './session-identity.js';
