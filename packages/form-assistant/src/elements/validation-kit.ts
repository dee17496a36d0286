/**
 * What `<efa-form>` needs to validate: the generated validation (zod, ibantools) and the
 * issue texts (the validation catalogues). Kept out of the form's own module so that a page
 * split by its bundler shows step 1 without it (validation-chunk.ts loads it afterwards) while
 * the whole kit in one file still holds it (validation-eager.ts).
 */

// First: sets zod to jitless before any schema is created (strict CSP without 'unsafe-eval').
import './zod-config.js';

export { parseFormDefinition } from '../schema/index.js';
export { createValidator } from '../validation/generate.js';
export { issueMessages, issueText } from './issue-text.js';
