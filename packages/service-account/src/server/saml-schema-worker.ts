import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

// One thread of saml-schema.ts's pool (issue 17): compiles xmllint-wasm's libxml2 once, then
// validates each message in a fresh WebAssembly instance with a fresh memory, so nothing a
// message leaves in the heap outlives it. This file imports nothing relative: it runs as
// TypeScript (type stripping) under the tests and as JavaScript from dist.

/** The answer to one message (a string, the message's XML): xmllint's exit code and first lines. */
export interface SchemaWorkerAnswer {
  /** xmllint's exit code; -1 when the instance aborted or trapped. */
  exitCode: number;
  /** The first lines xmllint wrote to stderr, or why the instance aborted. */
  errors: string[];
}

/** The Emscripten module options xmllint-wasm 5.3.0's `xmllint-node.js` factory reads. */
interface XmllintOptions {
  inputFiles: Array<{ fileName: string; contents: string }>;
  arguments: string[];
  print(text: string): void;
  printErr(text: string): void;
  onExit(exitCode: number): void;
  onAbort(reason: unknown): void;
  wasmMemory: WebAssembly.Memory;
  instantiateWasm(
    imports: WebAssembly.Imports,
    done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object;
}

const require = createRequire(import.meta.url);
// The package has no `exports` map, so its files can be required. Requiring the factory also
// registers xmllint-wasm's own worker listener on parentPort, which only answers messages
// tagged with the key 'xmllint-wasm'; this thread receives plain strings, which never are.
const createXmllint = require('xmllint-wasm/xmllint-node.js') as (
  options: XmllintOptions,
) => Promise<unknown>;
const compiled = new WebAssembly.Module(readFileSync(require.resolve('xmllint-wasm/xmllint.wasm')));

/** The SAML 2.0 schemas (OASIS) and the XML-DSig/XML-Enc schemas they import (W3C). */
const schemaDirectory = new URL('../../schemas/', import.meta.url);
const schemas = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'XMLSchema.dtd',
  'datatypes.dtd',
].map((fileName) => ({ fileName, contents: readFileSync(new URL(fileName, schemaDirectory), 'utf8') }));
// Emscripten's main() prepends the program name to the array it is given: pass a copy.
const args = ['--schema', 'saml-schema-protocol-2.0.xsd', '--noout', 'message.xml'];

/** Lines of stderr kept: the message is the attacker's, its errors can be many. */
const keptLines = 4;
/** Each validation's WebAssembly memory: 16 MiB (the module's minimum), growing to 32 MiB. */
const memoryPages = { initial: 256, maximum: 512 };

function validate(xml: string): Promise<SchemaWorkerAnswer> {
  return new Promise((resolve) => {
    const errors: string[] = [];
    const aborted = (reason: unknown) =>
      resolve({ exitCode: -1, errors: [`xmllint aborted: ${String(reason)}`] });
    createXmllint({
      inputFiles: [{ fileName: 'message.xml', contents: xml }, ...schemas],
      arguments: [...args],
      print: () => {},
      printErr: (text) => {
        if (errors.length < keptLines) errors.push(text);
      },
      onExit: (exitCode) => resolve({ exitCode, errors }),
      onAbort: aborted,
      wasmMemory: new WebAssembly.Memory(memoryPages),
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(compiled, imports).then((instance) => done(instance, compiled), aborted);
        return {};
      },
      // A trap in libxml2 (or an exit the runtime did not report) rejects the factory's promise.
    }).catch(aborted);
  });
}

parentPort?.on('message', (message: unknown) => {
  if (typeof message !== 'string') return;
  validate(message).then((answer) => parentPort?.postMessage(answer));
});
