/**
 * `@efa-kit/form-assistant/form`: `<efa-form>` with its field elements on demand. The form
 * loads the kinds its definition uses, each kind a chunk of its own, before the step that shows
 * them renders; a page bundled with code splitting fetches only those. For everything in one
 * file import `@efa-kit/form-assistant` instead.
 */

// zod (jitless, for a strict CSP) comes with the validation chunk, after step 1: validation-kit.ts.
import './elements/field-chunks.js';
import './elements/later-parts-chunk.js';
import './elements/validation-chunk.js';

// The error summary comes with the later parts (elements/later-parts.ts), after step 1.
export type { EfaErrorSummaryElement } from './elements/efa-error-summary.js';
export {
  EfaFormElement,
  type FormSubmitDetail,
  type FormSubmitErrorDetail,
  type FormSubmittedDetail,
} from './elements/efa-form.js';
