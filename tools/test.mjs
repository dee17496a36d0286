#!/usr/bin/env node
// Every check of `npm test`, in order, each run even when an earlier one failed, so that one
// run shows everything that is wrong. Ends with the summary line of tools/summarize.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pm = process.argv[2] ?? 'pnpm';
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  DO_NOT_TRACK: '1',
};

rmSync(join(root, 'reports'), { recursive: true, force: true });
mkdirSync(join(root, 'reports'), { recursive: true });

const steps = [
  { name: 'lint and format (biome)', args: ['exec', 'biome', 'ci', '--reporter=summary', '.'] },
  {
    name: 'supply chain: exact pins, release-age delay, pinned runtime',
    args: ['run', '--silent', 'supply-chain'],
  },
  {
    name: 'build, type checks, unit, browser, storage, story and end-to-end tests (turbo)',
    // Two at a time: browser and database tests on two cores time out when ten run at once.
    args: [
      'exec',
      'turbo',
      'run',
      'build',
      'test',
      'e2e',
      '--continue',
      '--concurrency=2',
      '--output-logs=errors-only',
    ],
  },
  {
    name: 'element references, React wrappers, JSX types and exports match the manifests',
    args: ['exec', 'node', 'tools/elements.mjs', '--check'],
  },
  { name: 'bundle size budgets', args: ['run', '--silent', 'size'] },
  { name: 'package checks (pack + publint)', args: ['run', '--silent', 'publint'] },
  {
    name: 'packed tarballs install and work outside the workspace',
    args: ['run', '--silent', 'install-check'],
  },
  {
    name: 'consumer projects from the tarballs in Chromium: Vite + CORS, React + tsc, payment server, CDN file',
    args: ['exec', 'node', 'tools/consumers.mjs'],
  },
];

const results = [];
for (const step of steps) {
  console.log(`\n[efa-kit] ${step.name}`);
  const started = Date.now();
  const result = spawnSync(pm, step.args, { cwd: root, stdio: 'inherit', env });
  const status = result.status ?? 1;
  results.push({ name: step.name, status, seconds: (Date.now() - started) / 1000 });
}
writeFileSync(join(root, 'reports', 'steps.json'), JSON.stringify(results, null, 2));
const summary = spawnSync(process.execPath, [join(root, 'tools', 'summarize.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
