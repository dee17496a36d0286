// Copies the vendored JSON schemas next to the compiled code (tsc copies only imported JSON).
import { cpSync, existsSync } from 'node:fs';

if (existsSync('src/schema/vendor')) cpSync('src/schema/vendor', 'dist/schema/vendor', { recursive: true });
// The generated standalone validators are plain ES modules (tsc does not copy .js sources).
for (const file of ['metadata-validator.generated.js', 'metadata-validator.generated.d.ts']) {
  cpSync(`src/inbox/${file}`, `dist/inbox/${file}`);
}
