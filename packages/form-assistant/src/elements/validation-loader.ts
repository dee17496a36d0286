import type * as Kit from './validation-kit.js';

/** The validation module, as `import()` gives it. */
export type ValidationKit = typeof Kit;

let loaded: ValidationKit | undefined;
let loader: (() => Promise<ValidationKit>) | undefined;
let loading: Promise<ValidationKit> | undefined;

/**
 * The validation is part of the bundle (validation-eager.ts: the whole kit in one file). Kept
 * out of `<efa-form>` like the field chunks: an `import()` in a one-file bundle wraps every
 * module it reaches for lazy start and defeats tree shaking.
 */
export function installValidation(kit: ValidationKit): void {
  loaded = kit;
}

/** The validation is a chunk of its own (validation-chunk.ts, the `/form` entry). */
export function installValidationChunk(load: () => Promise<ValidationKit>): void {
  loader = load;
}

/** The validation if it is there already; never starts a fetch (step 1 renders without it). */
export function validationNow(): ValidationKit | undefined {
  return loaded;
}

/**
 * The validation, fetched if it is not there yet. Rejects when its chunk cannot be fetched
 * (the next call tries again) or none is installed: a form without validation never submits.
 */
export function validation(): Promise<ValidationKit> {
  if (loaded) return Promise.resolve(loaded);
  if (loading) return loading;
  if (!loader) return Promise.reject(new Error('form-assistant: no validation installed'));
  loading = loader().then(
    (kit) => {
      loaded = kit;
      return kit;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
