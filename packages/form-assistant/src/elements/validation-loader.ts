import { partLoader } from './part-loader.js';
import type * as Kit from './validation-kit.js';

/** The validation module, as `import()` gives it. */
export type ValidationKit = typeof Kit;

const part = partLoader<ValidationKit>('validation');

/** The validation is part of the bundle (validation-eager.ts: the whole kit in one file). */
export const installValidation = part.install;

/** The validation is a chunk of its own (validation-chunk.ts, the `/form` entry). */
export const installValidationChunk = part.installChunk;

/** The validation if it is there already; never starts a fetch (step 1 renders without it). */
export const validationNow = part.now;

/**
 * The validation, fetched if it is not there yet. Rejects when its chunk cannot be fetched
 * (the next call tries again) or none is installed: a form without validation never submits.
 */
export const validation = part.load;
