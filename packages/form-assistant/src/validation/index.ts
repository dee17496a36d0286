/**
 * `@efa-kit/form-assistant/validation`: the validation generated from a form definition, for
 * the browser (field and step) and the server (whole application, prefill locks).
 */
export { type ValidationMessageKey, validationMessages } from '../messages/validation-catalogue.js';
export { type FimSubmission, fromFimSubmission, toFimSubmission } from './fim-data.js';
export { createValidator, type FormValidator, type ValidatorOptions } from './generate.js';
export {
  type IdentityAttributes,
  lockedPrefillIssues,
  type Prefilled,
  prefillFromIdentity,
} from './prefill.js';
export { isEmptyValue, resolveDateBound, valueSchema } from './values.js';
