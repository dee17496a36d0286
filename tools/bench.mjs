#!/usr/bin/env node
// `pnpm bench`: runs every package's `bench` script one after another (so they do not compete
// for the two cores), measures bundle sizes, and writes all rows as a Markdown table to
// bench/results.md. Rows come from bench/raw/*.json:
//   [{ package, metric, value, unit, target, pass }]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root } from './workspace.mjs';

const raw = join(root, 'bench', 'raw');
rmSync(raw, { recursive: true, force: true });
mkdirSync(raw, { recursive: true });
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1',
};
const pm = process.env.npm_execpath?.includes('pnpm') ? process.env.npm_execpath : 'pnpm';
const benchRun = spawnSync(pm, ['exec', 'turbo', 'run', 'bench', '--concurrency=1', '--continue'], {
  cwd: root,
  stdio: 'inherit',
  env,
});
const sizeRun = spawnSync(process.execPath, [join(root, 'tools', 'size.mjs')], {
  cwd: root,
  stdio: 'inherit',
});

const rows = [];
for (const file of existsSync(raw) ? readdirSync(raw).sort() : []) {
  if (!file.endsWith('.json')) continue;
  rows.push(...JSON.parse(readFileSync(join(raw, file), 'utf8')));
}
const cell = (value) => String(value).replaceAll('|', '\\|');
const table = [
  '| package | metric | value | unit | target | pass |',
  '| --- | --- | ---: | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${cell(r.package)} | ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.unit)} | ${cell(r.target ?? '')} | ${r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'} |`,
  ),
];
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
const text = `# Benchmarks\n\nWritten by \`pnpm bench\` on ${new Date().toISOString()} (${machine}).\n\n${table.join('\n')}\n`;
writeFileSync(join(root, 'bench', 'results.md'), text);
console.log(`\n${text}`);
process.exit(benchRun.status === 0 && sizeRun.status === 0 && rows.every((r) => r.pass !== false) ? 0 : 1);
