import { laterParts } from './later-parts-loader.js';

/**
 * The later parts of `<efa-form>` (error summary, check-your-answers, draft panel) as a chunk of
 * their own, fetched when the browser is idle after step 1 or when first needed. Imported by the
 * `@efa-kit/form-assistant/form` entry only.
 */
laterParts.installChunk(() => import('./later-parts.js'));
