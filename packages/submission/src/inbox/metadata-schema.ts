import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import metadataSchema from '../schema/vendor/fitko/fit-connect/metadata/1.0.0/metadata.schema.json' with {
  type: 'json',
};

/**
 * FITKO's metadata schema 1.0.0 (vendored verbatim) checked in the browser, with the same
 * validator and options the sending side uses (fit-connect/metadata.ts): JSON Schema 2020-12,
 * every error, formats. Runs in the decryption worker, so ajv stays out of the page's bundle.
 */

// ajv-formats is CommonJS; bundlers give the plugin itself, NodeNext types the module object.
const addFormats = ((addFormatsModule as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

let compiled: ValidateFunction | undefined;

export interface SchemaError {
  /** JSON Pointer into the metadata. */
  path: string;
  message: string;
}

/** The schema's errors for `metadata`, none when it is valid. Compiled once per worker. */
export function metadataSchemaErrors(metadata: unknown): SchemaError[] {
  if (!compiled) {
    // multipleOfPrecision: grossAmount is `multipleOf: 0.01`, which 12.34 fails in binary floats.
    const ajv = new Ajv2020({ allErrors: true, strict: true, multipleOfPrecision: 9 });
    addFormats(ajv);
    compiled = ajv.compile(metadataSchema);
  }
  if (compiled(metadata)) return [];
  return (compiled.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? error.keyword,
  }));
}
