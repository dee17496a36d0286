#!/usr/bin/env node
// Every public package must pack and pass publint (exports, types, files as published) and
// @arethetypeswrong/cli (every export's types resolve as TypeScript resolves them; profile
// esm-only: the packages are ES modules only, so CommonJS require and node10 are out of scope).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll } from './pack.mjs';
import { root, workspacePackages } from './workspace.mjs';

const ignored = new Set(['node10', 'node16-cjs']);
const tarballDir = mkdtempSync(join(tmpdir(), 'efa-attw-'));
const tarballs = packAll(tarballDir);

/** attw's problems for a tarball, without those its esm-only profile ignores. */
function typesProblems(tarball) {
  const attw = join(root, 'node_modules', '.bin', 'attw');
  // To a file: attw exits before a pipe is drained, which cut large reports short.
  const out = join(tarballDir, 'attw.json');
  const fd = openSync(out, 'w');
  const result = spawnSync(attw, ['--profile', 'esm-only', '--format', 'json', tarball], {
    stdio: ['ignore', fd, 'pipe'],
    encoding: 'utf8',
  });
  closeSync(fd);
  let report;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    return [`attw did not answer: ${result.stderr || readFileSync(out, 'utf8').slice(0, 500)}`];
  }
  const problems = report.analysis?.problems ?? report.problems ?? [];
  return (Array.isArray(problems) ? problems : [])
    .filter((problem) => !ignored.has(problem.resolutionKind) && problem.resolutionOption !== 'node10')
    .map(
      (problem) =>
        `${problem.kind} ${problem.entrypoint ?? `${problem.fileName ?? ''} → ${problem.moduleSpecifier ?? ''}`} (${problem.resolutionKind ?? problem.resolutionOption ?? 'any'})`,
    );
}

let passed = 0;
let failed = 0;
for (const { dir, manifest } of workspacePackages()) {
  if (manifest.private) continue;
  const { messages, pkg } = await publint({ pkgDir: dir, level: 'warning', strict: false, pack: 'pnpm' });
  for (const message of messages) {
    console.log(`  ${message.type.padEnd(7)} ${manifest.name}: ${formatMessage(message, pkg)}`);
  }
  const types = typesProblems(tarballs[manifest.name]);
  for (const problem of types) console.log(`  attw    ${manifest.name}: ${problem}`);
  // Warnings count too: the first release is to be clean (issue 15).
  const bad = messages.length + types.length;
  if (bad > 0) failed += 1;
  else passed += 1;
  console.log(
    `  ${bad > 0 ? 'FAIL' : 'ok  '} ${manifest.name}@${manifest.version} packs, ${messages.length} publint messages, ${types.length} attw problems`,
  );
}
rmSync(tarballDir, { recursive: true, force: true });
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(
  join(root, 'reports', 'publint.json'),
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed }),
);
process.exit(failed > 0 ? 1 : 0);
