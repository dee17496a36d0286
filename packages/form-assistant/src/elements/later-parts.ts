/**
 * What `<efa-form>` shows only after step 1 or only with a server draft: the error summary
 * (after the first "Weiter" with errors), check-your-answers (the last page) and the draft
 * panel (status, resume code, conflict). A page split by its bundler shows step 1 without them
 * and fetches them when the browser is idle afterwards (later-parts-chunk.ts); the whole kit in
 * one file holds them (later-parts-eager.ts).
 */
import './efa-error-summary.js';

export { renderCheckAnswers } from './check-answers.js';
export { renderDraftConflict, renderDraftStatus, renderResumeCode } from './draft-panel.js';
