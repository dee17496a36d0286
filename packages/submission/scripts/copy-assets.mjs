// Copies the vendored JSON schemas next to the compiled code (tsc copies only imported JSON).
import { cpSync, existsSync } from 'node:fs';

if (existsSync('src/schema/vendor')) cpSync('src/schema/vendor', 'dist/schema/vendor', { recursive: true });
