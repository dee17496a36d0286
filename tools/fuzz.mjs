#!/usr/bin/env node
/**
 * The long fuzz run (issue 17): every package's `src/fuzz/*.fuzz.test.ts` properties with
 * EFA_FUZZ_RUNS runs each (default 100,000; the same tests run a few hundred times in every
 * package's normal `vitest run`). Writes the table of property, runs, time and result to
 * bench/fuzz.md. Not part of `pnpm test`.
 *
 *   pnpm fuzz                          all packages, 100,000 runs per property
 *   pnpm fuzz -- --runs 10000 core     fewer runs, some packages
 *   pnpm fuzz -- --append submission   keep the rows of bench/fuzz.md this run does not measure again
 *   pnpm fuzz -- --files router        only src/fuzz files whose name contains "router"
 *   pnpm fuzz -- --only 'event callbacks' submission
 *                                      only the tests whose name matches (vitest -t), so one slow
 *                                      property of a file can get its long run without the others
 *   pnpm fuzz -- --parallel            the packages at once (their runs mostly wait on loopback HTTP)
 *   pnpm fuzz -- --until 05:10         no property starts a run after 05:10 UTC (today); a property
 *                                      stopped there is recorded with the runs it made, marked so
 *   pnpm fuzz -- --property-minutes 15 at most 15 minutes per property (same record)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2).filter((a) => a !== '--');
let runs = Number(process.env.EFA_FUZZ_RUNS ?? 100_000);
const runsAt = args.indexOf('--runs');
if (runsAt !== -1) {
  runs = Number(args[runsAt + 1]);
  args.splice(runsAt, 2);
}
const filesAt = args.indexOf('--files');
const files = filesAt === -1 ? '' : String(args[filesAt + 1] ?? '');
if (filesAt !== -1) args.splice(filesAt, 2);
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? '' : String(args[onlyAt + 1] ?? '');
if (onlyAt !== -1) args.splice(onlyAt, 2);
const parallelAt = args.indexOf('--parallel');
const parallel = parallelAt !== -1;
if (parallel) args.splice(parallelAt, 1);
const untilAt = args.indexOf('--until');
if (untilAt !== -1) {
  const [hours, minutes] = String(args[untilAt + 1] ?? '')
    .split(':')
    .map(Number);
  const until = new Date();
  until.setUTCHours(hours ?? Number.NaN, minutes ?? Number.NaN, 0, 0);
  if (Number.isNaN(until.getTime())) throw new Error('--until needs a UTC time as HH:MM');
  process.env.EFA_FUZZ_DEADLINE = String(until.getTime());
  args.splice(untilAt, 2);
}
const propertyAt = args.indexOf('--property-minutes');
if (propertyAt !== -1) {
  const minutes = Number(args[propertyAt + 1]);
  if (!(minutes > 0)) throw new Error('--property-minutes needs a positive number');
  process.env.EFA_FUZZ_PROPERTY_MS = String(Math.round(minutes * 60_000));
  args.splice(propertyAt, 2);
}
const appendAt = args.indexOf('--append');
const append = appendAt !== -1;
if (append) args.splice(appendAt, 1);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive whole number');
const all = ['core', 'form-assistant', 'jurisdiction-finder', 'service-account', 'submission', 'payment'];
const packages = (args.length > 0 ? args : all).filter((name) =>
  existsSync(join(root, 'packages', name, 'src/fuzz')),
);

const dir = mkdtempSync(join(tmpdir(), 'efa-fuzz-'));
const report = join(dir, 'fuzz.jsonl');
writeFileSync(report, '');
const failedPackages = [];
const started = Date.now();
function fuzzPackage(name) {
  console.log(
    `fuzz: ${name}, ${runs} runs per property${files ? ` (files matching "${files}")` : ''}${only ? ` (tests matching "${only}")` : ''}`,
  );
  const vitestArgs = ['exec', 'vitest', 'run', '--project', 'node', `src/fuzz/${files}`];
  if (only) vitestArgs.push('-t', only);
  const child = spawn('pnpm', vitestArgs, {
    cwd: join(root, 'packages', name),
    stdio: 'inherit',
    env: { ...process.env, EFA_FUZZ_RUNS: String(runs), EFA_FUZZ_REPORT: report },
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      if (code !== 0) failedPackages.push(name);
      resolve();
    }),
  );
}
if (parallel) await Promise.all(packages.map(fuzzPackage));
else for (const name of packages) await fuzzPackage(name);
const records = readFileSync(report, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  // Parallel packages finish in any order; the table keeps the packages' order.
  .sort((a, b) => all.indexOf(a.package) - all.indexOf(b.package));
rmSync(dir, { recursive: true, force: true });

const tablePath = join(root, 'bench/fuzz.md');
// Rows of properties not measured this time, when appending (a measured property's row is replaced).
const measured = new Set(records.map((r) => `${r.package} | ${r.property}`));
const kept =
  append && existsSync(tablePath)
    ? readFileSync(tablePath, 'utf8')
        .split('\n')
        .filter(
          (line) =>
            /^\| [a-z-]+ \| /.test(line) && !line.startsWith('| package ') && !line.startsWith('| ---'),
        )
        .filter((line) => !measured.has(line.split(' | ').slice(0, 2).join(' | ').slice(2)))
    : [];
const seconds = (ms) => (ms / 1000).toFixed(1);
const lines = [
  '# Fuzzing (issue 17)',
  '',
  `Last written by \`pnpm fuzz\` on ${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}. \`pnpm fuzz\``,
  'asks for 100,000 runs per property; each row gives the runs its property made (an HTTP property: one round',
  'trip per run; rows kept with --append come from earlier runs). Properties: no crash, no hang',
  `(per-run budget EFA_FUZZ_BUDGET_MS, default 2,000 ms${process.env.EFA_FUZZ_BUDGET_MS ? `; this run ${process.env.EFA_FUZZ_BUDGET_MS} ms` : ''}), every refusal a coded error, round trips.`,
  '',
  '| package | property | runs | time (s) | result |',
  '| --- | --- | ---: | ---: | --- |',
  ...kept,
  ...records.map(
    (r) =>
      `| ${r.package} | ${r.property} | ${r.runs} | ${seconds(r.ms)} | ${r.result}${r.asked ? ` (stopped at the time limit, ${r.asked} asked)` : ''} |`,
  ),
  '',
  `This run: ${seconds(Date.now() - started)} s for ${records.length} properties in ${packages.join(', ')}` +
    ` (\`${process.argv.slice(2).join(' ')}\`).` +
    (failedPackages.length > 0 ? ` Failed: ${failedPackages.join(', ')}.` : ' All passed.'),
  '',
];
writeFileSync(tablePath, lines.join('\n'));
console.log(lines.join('\n'));
process.exit(failedPackages.length > 0 ? 1 : 0);
