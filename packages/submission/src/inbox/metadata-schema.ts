import validateMetadata from './metadata-validator.generated.js';

/**
 * FITKO's metadata schema 1.0.0 (vendored verbatim) checked in the browser, with the same
 * validator and options the sending side uses (fit-connect/metadata.ts): JSON Schema 2020-12,
 * every error, formats. The validator is ajv's standalone code, generated at development time
 * (scripts/generate-metadata-validator.mjs): compiling at run time would evaluate code, which a
 * Content-Security-Policy without 'unsafe-eval' (the portal's) refuses. Runs in the decryption
 * worker, so it stays out of the page's bundle.
 */

export interface SchemaError {
  /** JSON Pointer into the metadata. */
  path: string;
  message: string;
}

/** The schema's errors for `metadata`, none when it is valid. */
export function metadataSchemaErrors(metadata: unknown): SchemaError[] {
  if (validateMetadata(metadata)) return [];
  return (validateMetadata.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? error.keyword,
  }));
}
