#!/usr/bin/env node
// Adds up every runner's JSON report (vitest, Playwright, the size and package checks) and
// prints the one closing line CI reads: "N passed, N failed, N skipped". Exits 1 on any
// failed test or step, or when no test ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function reportFiles() {
  const files = [];
  const collect = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir))
      if (name.endsWith('.json') && name !== 'steps.json') files.push(join(dir, name));
  };
  collect(join(root, 'reports'));
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const pkg of readdirSync(base)) collect(join(base, pkg, 'reports'));
  }
  return files;
}

function count(report) {
  if (report && typeof report.numPassedTests === 'number') {
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests ?? 0,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    };
  }
  if (report?.stats && typeof report.stats.expected === 'number') {
    return {
      passed: report.stats.expected + (report.stats.flaky ?? 0),
      failed: report.stats.unexpected ?? 0,
      skipped: report.stats.skipped ?? 0,
    };
  }
  return undefined;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const file of reportFiles()) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    lines.push(`  ${relative(root, file)}: unreadable report`);
    failed += 1;
    continue;
  }
  const counts = count(report);
  if (!counts) continue;
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  lines.push(
    `  ${relative(root, file)}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
}

const stepsFile = join(root, 'reports', 'steps.json');
const steps = existsSync(stepsFile) ? JSON.parse(readFileSync(stepsFile, 'utf8')) : [];
const failedSteps = steps.filter((step) => step.status !== 0);

console.log('\nTest reports:');
for (const line of lines) console.log(line);
for (const step of steps) {
  console.log(
    `  step "${step.name}": ${step.status === 0 ? 'ok' : `FAILED (exit ${step.status})`} in ${step.seconds.toFixed(1)} s`,
  );
}
// A failed step whose tests were all reported (or that has no report, like a build error)
// still counts as one failure, so the line never reads green over a broken step.
const failedTotal = failed === 0 && failedSteps.length > 0 ? failedSteps.length : failed;
console.log(`\n${passed} passed, ${failedTotal} failed, ${skipped} skipped`);
if (passed === 0) console.error('No test ran.');
process.exit(failedTotal > 0 || failedSteps.length > 0 || passed === 0 ? 1 : 0);
