/**
 * `@efa-kit/form-assistant`: the browser entry. Importing it registers every element of the
 * form assistant (`<efa-form>` and the field elements); import a single
 * `@efa-kit/form-assistant/elements/efa-….js` module to register only that one.
 */

export type { ChoiceOption } from './elements/choice-options.js';

// Both element catalogues first, at the top of a one-file bundle, where a bundler puts the
// lazily imported English one: gzip then finds the English keys in the German (0.9 kB).
export { uiMessages } from './messages/ui-catalogues.js';

// Then: sets zod to jitless before any schema is created (strict CSP without 'unsafe-eval').
import './elements/zod-config.js';
// The validation inside the one file (the /form entry loads it as a chunk after step 1).
import './elements/validation-eager.js';
// And the later parts of <efa-form> (error summary, check-your-answers, draft panel).
import './elements/later-parts-eager.js';

export {
  EfaAddressFieldElement,
  suggestionsFrom,
  type TownLookup,
  type TownSuggestion,
} from './elements/efa-address-field.js';
export { EfaCheckboxGroupElement } from './elements/efa-checkbox-group.js';
export { EfaDateFieldElement } from './elements/efa-date-field.js';
export { EfaEmailFieldElement } from './elements/efa-email-field.js';
export {
  EfaErrorSummaryElement,
  type ErrorSummaryItem,
  type ErrorSummarySelectDetail,
} from './elements/efa-error-summary.js';
export { EfaFileFieldElement, type FileInfo } from './elements/efa-file-field.js';
export { EfaFormElement, type FormSubmitDetail } from './elements/efa-form.js';
export { EfaIbanFieldElement } from './elements/efa-iban-field.js';
export { EfaMoneyFieldElement } from './elements/efa-money-field.js';
export { EfaNameFieldElement } from './elements/efa-name-field.js';
export { EfaNumberFieldElement } from './elements/efa-number-field.js';
export { EfaPhoneFieldElement } from './elements/efa-phone-field.js';
export { EfaRadioGroupElement } from './elements/efa-radio-group.js';
export { EfaSelectFieldElement } from './elements/efa-select-field.js';
export { EfaTextFieldElement } from './elements/efa-text-field.js';
export { EfaTextareaElement } from './elements/efa-textarea.js';
export { EfaYesNoFieldElement } from './elements/efa-yes-no-field.js';
export {
  EfaFormAssociatedElement,
  type FieldProblem,
  type FormField,
} from './elements/form-associated-element.js';
export type { UiMessageKey } from './messages/ui.js';
