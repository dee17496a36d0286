#!/usr/bin/env node
// Known vulnerabilities and deprecations of the locked dependencies (docs/supply-chain.md).
// Asks the registry's advisory database through `pnpm audit`; where that endpoint refuses (as
// the registry mirror of the development machines does, with HTTP 405) it says so plainly and
// reports what the registry does answer: deprecated versions among the direct dependencies.
// Not part of `npm test`: its answer depends on a database that changes every day.
import { spawnSync } from 'node:child_process';
import { root } from './workspace.mjs';

function pnpm(args) {
  return spawnSync('pnpm', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const audit = pnpm(['audit', '--json']);
let advisories;
try {
  advisories = JSON.parse(audit.stdout);
} catch {
  advisories = undefined;
}
if (advisories?.metadata?.vulnerabilities) {
  const counts = advisories.metadata.vulnerabilities;
  console.log(`advisories: ${JSON.stringify(counts)} (pnpm audit)`);
  for (const advisory of Object.values(advisories.advisories ?? {})) {
    console.log(
      `  ${advisory.severity}: ${advisory.module_name} ${advisory.vulnerable_versions}: ${advisory.title}`,
    );
  }
} else {
  const reason = `${audit.stdout}\n${audit.stderr}`.match(
    /responded with \d+|ERR_PNPM_[A-Z_]+|ENOTFOUND|ETIMEDOUT/,
  )?.[0];
  console.log(
    `advisories: NOT CHECKED: the registry's audit endpoint did not answer (${reason ?? `exit ${audit.status}`}). ` +
      'Run `pnpm run advisories` where the public registry answers, or import pnpm-lock.yaml into an advisory scanner.',
  );
}

const outdated = pnpm(['outdated', '-r', '--format', 'json']);
let report = {};
try {
  report = JSON.parse(outdated.stdout || '{}');
} catch {
  console.log(`deprecations: NOT CHECKED (pnpm outdated exit ${outdated.status})`);
  process.exit(1);
}
const deprecated = Object.entries(report).filter(([, info]) => info.isDeprecated);
console.log(`deprecations: ${deprecated.length} deprecated direct dependencies`);
for (const [name, info] of deprecated) console.log(`  ${name}@${info.current}`);
const newer = Object.entries(report).filter(([, info]) => info.latest && info.latest !== info.current);
console.log(`updates: ${newer.length} direct dependencies have a newer release (review, then pin)`);
process.exit(deprecated.length > 0 || !advisories?.metadata ? 1 : 0);
