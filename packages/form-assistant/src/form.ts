/**
 * `@efa-kit/form-assistant/form`: `<efa-form>` with its field elements on demand. The form
 * loads the kinds its definition uses, each kind a chunk of its own, before the step that shows
 * them renders; a page bundled with code splitting fetches only those. For everything in one
 * file import `@efa-kit/form-assistant` instead.
 */

// First: sets zod to jitless before any schema is created (strict CSP without 'unsafe-eval').
import './elements/zod-config.js';
import './elements/field-chunks.js';

export { EfaErrorSummaryElement } from './elements/efa-error-summary.js';
export {
  EfaFormElement,
  type FormSubmitDetail,
  type FormSubmitErrorDetail,
  type FormSubmittedDetail,
} from './elements/efa-form.js';
