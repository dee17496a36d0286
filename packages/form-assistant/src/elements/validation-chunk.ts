import { installValidationChunk } from './validation-loader.js';

/**
 * The validation as a chunk of its own (zod, ibantools, the validation catalogues): fetched
 * after step 1 renders or when first needed (blur with an error shown, "Weiter", submit, which
 * wait for it). Imported by the `@efa-kit/form-assistant/form` entry only.
 */
installValidationChunk(() => import('./validation-kit.js'));
