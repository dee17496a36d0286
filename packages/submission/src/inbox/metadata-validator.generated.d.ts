import type { ErrorObject } from 'ajv';

/** ajv's standalone validator of FITKO's metadata schema 1.0.0 (see scripts/generate-metadata-validator.mjs). */
declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
export { validate };
