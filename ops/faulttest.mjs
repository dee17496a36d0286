#!/usr/bin/env node
// pnpm faulttest: scripted journeys of issue 12 through HAProxy to 2 app servers on PostgreSQL
// while app servers and the database are killed with SIGKILL and restarted at seeded random
// points (a fault fires when a chosen journey finishes a chosen step). Afterwards, checked by
// SQL on the portal's database and on the delivery service's ledger: every journey completed
// exactly once or resumable (a journey cut off is resumed with its own ids and must then
// complete), no payment orphaned, no submission doubled, no job lost. Writes bench/faulttest.md.
//
//   pnpm faulttest [--journeys 200] [--parallel 6] [--seed 17] [--no-build]
//
// The fault schedule, the journeys' people and which journeys upload are fixed by the seed;
// where in a request a kill lands depends on timing, which a shared machine varies.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPortal, codeLabel, log, repoRoot, seededRandom, waitFor } from './lib/base.mjs';
import { verify } from './lib/checks.mjs';
import { startCluster } from './lib/cluster.mjs';
import { citizens, Journey } from './lib/journey.mjs';

const { values } = parseArgs({
  // `pnpm <script> -- --flag` hands the `--` on to the script: not an argument of ours.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    journeys: { type: 'string', default: '200' },
    parallel: { type: 'string', default: '6' },
    seed: { type: 'string', default: '17' },
    'no-build': { type: 'boolean', default: false },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const total = Number(values.journeys);
const parallel = Number(values.parallel);
const seed = Number(values.seed);
for (const [name, value] of Object.entries({ journeys: total, parallel, seed })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
buildPortal(values['no-build']);

const random = seededRandom(seed);
const pick = (list) => list[Math.floor(random() * list.length)];
/** Where a fault may fire: after each step of the journey (before the next one starts). */
const points = [
  'finder',
  'login',
  'draft halter',
  'upload',
  'draft #check',
  'payment.create',
  'checkout',
  'payment.status',
  'submit',
];
const targets = ['app1', 'app2', 'database'];

// One fault for every fourth journey on average, at a seeded step, on a seeded target, down for
// a seeded time.
const faults = [];
for (let i = 0; i < total; i++) {
  if (random() < 0.25) {
    faults.push({
      journey: i,
      after: pick(points),
      target: pick(targets),
      downMs: 200 + Math.floor(random() * 2800),
    });
  }
}
const plan = Array.from({ length: total }, (_, i) => ({
  identity: citizens[Math.floor(random() * citizens.length)],
  // The upload limit is per person (30 in 10 minutes): every fourth journey uploads its proof.
  withUpload: i % 4 === 0,
}));

const cluster = await startCluster({ servers: 2, keepLogs: values['keep-logs'] });
for (const portal of cluster.portals) portal.supervise = true;
const started = performance.now();
const fired = [];
const skipped = [];
const recovering = new Set();
const pending = new Set();

/**
 * Kills the target at once and restarts it after its down time, without holding up the
 * journeys. A fault on a target that is still coming back is skipped; an app server is killed
 * only while the other one is up (the others carry on), the database whenever it is up.
 */
function fire(fault) {
  const target = fault.target;
  const running = cluster.portals.filter((p) => p.running && !recovering.has(p.name));
  if (recovering.has(target) || (target !== 'database' && running.length < 2)) {
    skipped.push(fault);
    return;
  }
  recovering.add(target);
  const t0 = performance.now();
  const recovery = (async () => {
    if (target === 'database') {
      await cluster.db.kill();
      await new Promise((done) => setTimeout(done, fault.downMs));
      await cluster.db.startAsync();
    } else {
      const portal = cluster.portals.find((p) => p.name === target);
      portal.supervise = false;
      await portal.kill();
      await new Promise((done) => setTimeout(done, fault.downMs));
      portal.supervise = true;
      await portal.start().catch((error) => log(`${portal.name} restart: ${error.message}`));
    }
    const ms = Math.round(performance.now() - t0);
    fired.push({ ...fault, recoveredMs: ms });
    log(
      `fault ${fired.length}: ${target} killed after journey ${fault.journey + 1} ${fault.after}, back after ${ms} ms`,
    );
  })().finally(() => {
    recovering.delete(target);
    pending.delete(recovery);
  });
  pending.add(recovery);
}

const journeys = [];
const outcomes = [];
let next = 0;
async function worker() {
  while (next < total) {
    const index = next++;
    const journey = new Journey(cluster.publicUrl, { ...plan[index], retryForMs: 240_000 });
    journey.index = index;
    journeys[index] = journey;
    const mine = faults.filter((f) => f.journey === index);
    journey.onStep = (step) => {
      for (const fault of mine) if (fault.after === step) fire(fault);
    };
    try {
      await journey.run();
      outcomes[index] = { status: 'completed', retries: journey.browser.retries };
    } catch (error) {
      outcomes[index] = { status: 'cut off', error: error.message, at: journey.state };
    }
    if ((index + 1) % 20 === 0) log(`${index + 1}/${total} journeys`);
  }
}
let exitCode = 0;
try {
  await Promise.all(Array.from({ length: parallel }, worker));
  await Promise.all([...pending]);
  const chaosSeconds = (performance.now() - started) / 1000;

  // Resume every journey that was cut off, with its own ids, on a healthy cluster.
  await waitFor('every app server up', () => cluster.portals.every((p) => p.running), { timeoutMs: 120_000 });
  const cut = outcomes.map((o, i) => (o.status === 'completed' ? null : i)).filter((i) => i !== null);
  for (const index of cut) {
    const journey = journeys[index];
    journey.onStep = undefined;
    try {
      // Each step again with the journey's own ids (application id, payment idempotency key,
      // draft id and version): what a citizen does when she comes back.
      if (!journey.submitted) {
        if (!journey.did('login')) await journey.login();
        if (!journey.data) await journey.fillForm();
        if (!journey.did('draft #check')) await journey.upload();
        await journey.pay();
        await journey.submit();
      }
      await journey.delivered();
      outcomes[index] = { ...outcomes[index], status: 'resumed', resumedOk: true };
    } catch (error) {
      outcomes[index] = { ...outcomes[index], status: 'resume failed', resumeError: error.message };
    }
  }

  const check = await verify(cluster, journeys);
  const { figures, problems } = check;
  const completed = outcomes.filter((o) => o.status === 'completed').length;
  const resumed = outcomes.filter((o) => o.status === 'resumed').length;
  const failedResume = outcomes.filter((o) => o.status === 'resume failed');
  const byTarget = Object.fromEntries(targets.map((t) => [t, fired.filter((f) => f.target === t).length]));
  const unplanned = cluster.portals.flatMap((p) => p.unplannedExits.map((e) => ({ name: p.name, ...e })));
  const retries = journeys.reduce((sum, j) => sum + j.browser.retries, 0);
  const lines = [
    '# Fault test (issue 17)',
    '',
    `Code: ${codeLabel()}. Written by \`pnpm faulttest\` (ops/faulttest.mjs) on ${new Date().toISOString()}: seed ${seed}, ${total} journeys,`,
    `${parallel} at a time, through HAProxy to 2 app servers (PORTAL_MODE=production) on one PostgreSQL; faults by SIGKILL`,
    'at seeded points (after a chosen step of a chosen journey), each target restarted after a seeded 0.2–3 s',
    '("back after" includes the restart: an app server is back when its /healthz answers).',
    'Each journey is the whole procedure of issue 12 (finder → login → prefill → drafts → upload in every',
    'fourth journey → fee paid at the simulator → submit → delivered); a failed request is retried with the',
    'same ids for up to 4 minutes, as a citizen would. Checked by SQL on the portal database and on the',
    "delivery service's ledger (ops/lib/checks.mjs).",
    '',
    '| figure | value | target |',
    '| --- | ---: | --- |',
    `| journeys | ${total} | |`,
    `| faults fired (app1 / app2 / database) | ${fired.length} (${byTarget.app1} / ${byTarget.app2} / ${byTarget.database}) | |`,
    `| faults skipped (target still coming back, or the other app server down) | ${skipped.length} | |`,
    `| journeys completed while faults ran | ${completed} | |`,
    `| journeys cut off, then resumed with their own ids and completed | ${resumed} | |`,
    `| journeys neither completed nor resumable | ${failedResume.length} | 0 |`,
    `| applications delivered exactly once (one submit event at the delivery service) | ${figures.completed} | ${total} |`,
    `| lost | ${figures.lost} | 0 |`,
    `| doubled | ${figures.doubled} | 0 |`,
    `| payments paid / orphaned | ${figures.paidPayments} / ${figures.orphanedPayments} | ${total} / 0 |`,
    `| ledger: submissions / submitted / created but never submitted | ${figures.ledgerSubmissions} / ${figures.ledgerSubmitted} / ${figures.ledgerNeverSubmitted} | |`,
    `| pg-boss delivery jobs completed / open / failed / dead-lettered | ${figures.jobs.deliveryCompleted} / ${figures.jobs.deliveryOpen} (${figures.jobs.openForDelivered} duplicates of delivered applications, ${figures.jobs.openForUnfinished} for unfinished ones) / ${figures.jobs.deliveryFailed} / ${figures.jobs.deadLettered} | open for unfinished 0, failed 0 |`,
    `| cron slots with more than one job | ${figures.jobs.scheduledTwice} | 0 |`,
    `| requests retried by the journeys | ${retries} | |`,
    `| app server exits not caused by a kill (incl. failed starts while the database was down) | ${unplanned.length} | |`,
    `| time with faults | ${chaosSeconds.toFixed(0)} s | |`,
    `| problems | ${problems.length ? problems.join('; ') : 'none'} | none |`,
    '',
    '"Created but never submitted" are submissions the delivery service opened for an application whose',
    'id the pipeline had not stored yet when it was killed; the pipeline never submits them and delivers',
    'the application through a new one (issue 12). They expire at the delivery service.',
    '',
  ];
  if (failedResume.length) {
    lines.push(
      'Journeys not resumable:',
      '',
      ...failedResume.map((o) =>
        `- ${o.at}: ${o.error} / ${o.resumeError}`.replace(/\s+/g, ' ').slice(0, 300),
      ),
      '',
    );
  }
  const cutReasons = new Map();
  for (const o of outcomes)
    if (o.error)
      cutReasons.set(
        `${o.at}: ${o.error.slice(0, 100)}`,
        (cutReasons.get(`${o.at}: ${o.error.slice(0, 100)}`) ?? 0) + 1,
      );
  if (cutReasons.size)
    lines.push(
      'Why journeys were cut off (before their resume):',
      '',
      ...[...cutReasons].map(([k, n]) => `- ${n}× ${k}`),
      '',
    );
  if (unplanned.length) {
    lines.push(
      'App server exits not caused by a kill:',
      '',
      ...unplanned.slice(0, 20).map((e) => `- ${e.name} at ${e.at}: exit ${e.code ?? e.signal}: ${e.last}`),
      '',
    );
  }
  lines.push(
    'Faults (first 30):',
    '',
    '| # | after journey | step | target | back after ms |',
    '| ---: | ---: | --- | --- | ---: |',
  );
  for (const [i, f] of fired.slice(0, 30).entries()) {
    lines.push(`| ${i + 1} | ${f.journey + 1} | ${f.after} | ${f.target} | ${f.recoveredMs} |`);
  }
  writeFileSync(join(repoRoot, 'bench', 'faulttest.md'), `${lines.join('\n')}\n`);
  log(
    `${completed} completed, ${resumed} resumed, ${failedResume.length} not resumable; ${figures.completed} delivered once, ${figures.lost} lost, ${figures.doubled} doubled, ${figures.orphanedPayments} orphaned payments; problems: ${problems.length ? problems.join('; ') : 'none'}`,
  );
  log('wrote bench/faulttest.md');
  if (problems.length || failedResume.length || figures.completed !== total) exitCode = 1;
} finally {
  await cluster.close();
}
process.exit(exitCode);
