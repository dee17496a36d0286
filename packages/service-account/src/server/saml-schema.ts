import { readFileSync } from 'node:fs';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { accountError } from '../errors.js';

// XSD validation of every SAML message before samlify trusts it (issue 17). xmllint-wasm runs
// libxml2 (WebAssembly) in a fresh worker thread per validation and terminates the worker after
// it, so the 16–32 MiB WebAssembly heap goes with the worker. The earlier validator
// (node-xmllint 1.0.0, asm.js) kept 16 MB per call in the main thread for good: posting SAML
// responses to the login callback exhausted an app server's memory without logging in.

/** The SAML 2.0 schemas (OASIS) and the XML-DSig/XML-Enc schemas they import (W3C). */
const schemaDirectory = new URL('../../schemas/', import.meta.url);
const schemaFiles = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'XMLSchema.dtd',
  'datatypes.dtd',
] as const;

let schemas: { schema: XMLFileInfo; preload: XMLFileInfo[] } | undefined;
function loadSchemas() {
  if (!schemas) {
    const [schema, ...preload] = schemaFiles.map((fileName) => ({
      fileName,
      contents: readFileSync(new URL(fileName, schemaDirectory), 'utf8'),
    }));
    schemas = { schema: schema as XMLFileInfo, preload };
  }
  return schemas;
}

/** Each validation's worker may grow its WebAssembly memory to this (64 KiB pages): 32 MiB. */
const maxMemoryPages = 512;

/**
 * At most `concurrency` validations at once (each one is a worker thread with its own heap), at
 * most `maxWaiting` more waiting; past that a message is refused at once, so a flood of posted
 * responses costs bounded memory instead of one worker per request.
 */
export class BoundedQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) {
      this.#running++;
    } else {
      if (this.#waiting.length >= this.maxWaiting) throw accountError('ACCOUNT_LOGIN_BUSY');
      // The finishing task hands its slot over, so #running stays counted for this one.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** The validations of this process: two at once (the app servers have two cores), 32 waiting. */
export const samlSchemaQueue = new BoundedQueue(2, 32);

/**
 * Validates one SAML message against the SAML 2.0 protocol schema; resolves `true` or rejects
 * (samlify's `setSchemaValidator` contract). A full queue rejects with ACCOUNT_LOGIN_BUSY.
 */
export function validateSamlSchema(xml: string, queue: BoundedQueue = samlSchemaQueue): Promise<true> {
  return queue.run(async () => {
    const { schema, preload } = loadSchemas();
    const result = await validateXML({
      xml: [{ fileName: 'message.xml', contents: xml }],
      schema: [schema],
      preload,
      maxMemoryPages,
    });
    if (!result.valid) {
      // Only the first few lines: the message is the attacker's, its errors can be many.
      const detail = result.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ');
      throw new Error(`SAML message does not match the SAML 2.0 schema: ${detail}`);
    }
    return true as const;
  });
}
