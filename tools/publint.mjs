#!/usr/bin/env node
// Every public package must pack and pass publint (exports, types, files as published).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { root, workspacePackages } from './workspace.mjs';

let passed = 0;
let failed = 0;
for (const { dir, manifest } of workspacePackages()) {
  if (manifest.private) continue;
  const { messages, pkg } = await publint({ pkgDir: dir, level: 'warning', strict: false, pack: 'pnpm' });
  const errors = messages.filter((m) => m.type === 'error');
  for (const message of messages) {
    console.log(`  ${message.type.padEnd(7)} ${manifest.name}: ${formatMessage(message, pkg)}`);
  }
  if (errors.length > 0) failed += 1;
  else passed += 1;
  console.log(
    `  ${errors.length > 0 ? 'FAIL' : 'ok  '} ${manifest.name}@${manifest.version} packs, ${errors.length} publint errors`,
  );
}
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(
  join(root, 'reports', 'publint.json'),
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
);
process.exit(failed > 0 ? 1 : 0);
