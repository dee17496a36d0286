#!/usr/bin/env node
// pnpm scaleout: several app servers on one PostgreSQL behind HAProxy (round robin, no sticky
// sessions), the whole journey of issue 12 with every request free to land on any server, one
// server killed with SIGKILL mid-journey; then the same on a primary with a streaming replica.
// Afterwards checked by SQL (portal database, pg-boss, the delivery service's ledger). Writes
// bench/scaleout.md. Exit code 1 when anything was lost, doubled or orphaned.
//
//   pnpm scaleout [--servers 3] [--journeys 6] [--no-build]
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPortal, codeLabel, log, repoRoot } from './lib/base.mjs';
import { verify } from './lib/checks.mjs';
import { balancerStats, startCluster } from './lib/cluster.mjs';
import { citizens, Journey } from './lib/journey.mjs';
import { replicationLag, waitForReplay } from './lib/postgres.mjs';

const { values } = parseArgs({
  // `pnpm <script> -- --flag` hands the `--` on to the script: not an argument of ours.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    servers: { type: 'string', default: '3' },
    journeys: { type: 'string', default: '6' },
    'no-build': { type: 'boolean', default: false },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const servers = Number(values.servers);
const journeyCount = Number(values.journeys);
if (!Number.isInteger(servers) || servers < 2) throw new Error('--servers must be 2 or more');
if (!Number.isInteger(journeyCount) || journeyCount < 2) throw new Error('--journeys must be 2 or more');

buildPortal(values['no-build']);

/**
 * Runs `journeyCount` journeys at once; when half of them have paid, app1 is killed with
 * SIGKILL (requests in flight on it fail, the journeys retry and land on the others). The
 * killed server is not restarted: the others carry on alone.
 */
async function runPhase(name, cluster) {
  const started = performance.now();
  const journeys = Array.from(
    { length: journeyCount },
    (_, i) => new Journey(cluster.publicUrl, { identity: citizens[i % citizens.length] }),
  );
  let paid = 0;
  let killedAt = null;
  const victim = cluster.portals[0];
  const lagSamples = [];
  const sampler = cluster.replica
    ? setInterval(() => {
        replicationLag(cluster.db)
          .then((rows) => lagSamples.push(...rows))
          .catch(() => {});
      }, 500)
    : undefined;
  for (const journey of journeys) {
    journey.onStep = (step, j) => {
      if (step === 'payment.status' && ++paid === Math.ceil(journeyCount / 2) && !killedAt) {
        killedAt = {
          after: `${paid} of ${journeyCount} journeys paid`,
          states: journeys.map((x) => x.state),
        };
        log(`${name}: SIGKILL to ${victim.name} (${killedAt.after}; states ${killedAt.states.join(', ')})`);
        void victim.kill();
      }
      void j;
    };
  }
  const results = await Promise.allSettled(journeys.map((journey) => journey.run()));
  if (sampler) clearInterval(sampler);
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`journey ${i + 1}: ${r.reason.message}`] : [],
  );
  const check = await verify(cluster, journeys);
  let replicaCheck;
  if (cluster.replica) {
    await waitForReplay(cluster.db, cluster.replica);
    replicaCheck = await verify(cluster, journeys, { database: cluster.replica });
  }
  const stats = await balancerStats(cluster);
  return {
    name,
    seconds: (performance.now() - started) / 1000,
    journeys,
    failures,
    killedAt,
    check,
    replicaCheck,
    stats,
    lag: lagSamples,
  };
}

function crossings(journeys) {
  // How often consecutive steps of one journey were answered by different servers.
  let changes = 0;
  let pairs = 0;
  for (const journey of journeys) {
    const sequence = journey.browser.servedBy;
    for (let i = 1; i < sequence.length; i++) {
      pairs++;
      if (sequence[i] !== sequence[i - 1]) changes++;
    }
  }
  return { changes, pairs };
}

function stepTable(journey) {
  return journey.steps.map((s) => `${s.name} → ${s.servers.join('+') || '–'}`).join('; ');
}

function section(phase, extra) {
  const { figures, problems } = phase.check;
  const cross = crossings(phase.journeys);
  const lines = [
    `## ${phase.name}`,
    '',
    ...extra,
    '',
    `${phase.journeys.length} journeys at once in ${phase.seconds.toFixed(1)} s; ${phase.killedAt ? `SIGKILL to app1 after ${phase.killedAt.after}` : 'no kill'}, not restarted.`,
    `Requests answered by a different server than the journey's previous request: ${cross.changes} of ${cross.pairs}.`,
    '',
    '| check | result |',
    '| --- | --- |',
    `| journeys completed (delivered exactly once, one submit event at the delivery service) | ${figures.completed} of ${figures.journeys} |`,
    `| lost | ${figures.lost} |`,
    `| doubled | ${figures.doubled} |`,
    `| payments paid / orphaned | ${figures.paidPayments} / ${figures.orphanedPayments} |`,
    `| ledger: submissions / submitted / created but never submitted | ${figures.ledgerSubmissions} / ${figures.ledgerSubmitted} / ${figures.ledgerNeverSubmitted} |`,
    `| pg-boss delivery jobs completed / open / failed / dead-lettered | ${figures.jobs.deliveryCompleted} / ${figures.jobs.deliveryOpen} (${figures.jobs.openForDelivered} duplicates of delivered applications, ${figures.jobs.openForUnfinished} for unfinished ones) / ${figures.jobs.deliveryFailed} / ${figures.jobs.deadLettered} |`,
    `| scheduled job slots (cron, all servers) | ${figures.jobs.scheduled.map((s) => `${s.name}: ${s.slots} minutes, ${s.jobs} jobs, ${s.completed} completed`).join('; ') || 'none yet'} |`,
    `| cron slots with more than one job | ${figures.jobs.scheduledTwice} |`,
    `| journey errors | ${phase.failures.length ? phase.failures.join('; ') : 'none'} |`,
    `| problems | ${problems.length ? problems.join('; ') : 'none'} |`,
    `| balancer (requests per server) | ${phase.stats.map((s) => `${s.name} ${s.status} ${s.requests}`).join(', ')} |`,
  ];
  if (phase.replicaCheck) {
    const r = phase.replicaCheck.figures;
    const maxBytes = Math.max(0, ...phase.lag.map((l) => l.bytes));
    const maxSeconds = Math.max(0, ...phase.lag.map((l) => l.seconds));
    lines.push(
      `| the same checks on the replica after replay | ${r.completed} of ${r.journeys} completed, ${r.lost} lost, ${r.doubled} doubled |`,
      `| replica lag during the run (max, ${phase.lag.length} samples) | ${maxBytes} bytes, ${maxSeconds.toFixed(3)} s |`,
    );
  }
  lines.push('', 'Servers that answered each step of the first two journeys:', '');
  for (const journey of phase.journeys.slice(0, 2))
    lines.push(`- ${journey.reference ?? journey.applicationId}: ${stepTable(journey)}`);
  return lines;
}

const phases = [];
let exitCode = 0;
for (const replica of [false, true]) {
  const cluster = await startCluster({ servers, replica, keepLogs: values['keep-logs'] });
  try {
    const phase = await runPhase(
      replica ? 'Primary with a streaming replica' : 'One PostgreSQL primary',
      cluster,
    );
    const extra = [
      `${servers} app servers (PORTAL_MODE=production) on PostgreSQL ${replica ? 'primary (all app reads and writes) with a streaming replica (pg_basebackup -R)' : 'primary'}, HAProxy round robin without stickiness, providers in their own process.`,
    ];
    if (replica) {
      // The backup comes from the replica: no load on the primary.
      const dump = join(cluster.stateDir, 'efa.dump');
      const result = spawnSync(
        join(cluster.db.bin, 'pg_dump'),
        ['-h', '127.0.0.1', '-p', String(cluster.replica.port), '-U', 'postgres', '-Fc', '-f', dump, 'efa'],
        { encoding: 'utf8' },
      );
      extra.push(
        result.status === 0
          ? `Backup: pg_dump -Fc from the replica, ${(statSync(dump).size / 1024 / 1024).toFixed(1)} MiB.`
          : `Backup from the replica failed: ${result.stderr}`,
      );
      if (result.status !== 0) exitCode = 1;
    }
    phase.extra = extra;
    phases.push(phase);
    const { figures, problems } = phase.check;
    log(
      `${phase.name}: ${figures.completed}/${figures.journeys} completed, ${figures.lost} lost, ${figures.doubled} doubled, ${figures.orphanedPayments} orphaned payments; problems: ${problems.length ? problems.join('; ') : 'none'}`,
    );
    if (problems.length || phase.failures.length || figures.completed !== figures.journeys) exitCode = 1;
    if (phase.replicaCheck?.problems.length) exitCode = 1;
  } finally {
    await cluster.close();
  }
}

const report = [
  '# Scale-out: several app servers on PostgreSQL (issue 17)',
  '',
  `Code: ${codeLabel()}. Written by \`pnpm scaleout\` (ops/scaleout.mjs) on ${new Date().toISOString()}, loopback, ${servers} app servers.`,
  'Each journey is the whole procedure of issue 12 over HTTP through HAProxy: finder → login at the',
  'development OpenID provider (level "substanziell") → locked prefill → draft saves → upload →',
  'fee paid at the payment simulator → submit → "übermittelt" once the delivery service has it.',
  'Checks: SQL on the portal database (efa_submission.delivery, efa_payment.payment, efa_jobs.job of pg-boss)',
  "and on the delivery service's ledger (efa_delivery_service.submission and its submit events).",
  'Topology and monitoring: docs/operate.md.',
  '',
  ...phases.flatMap((phase) => [...section(phase, phase.extra), '']),
];
writeFileSync(join(repoRoot, 'bench', 'scaleout.md'), `${report.join('\n')}\n`);
log(`wrote bench/scaleout.md${exitCode ? ' (with problems)' : ''}`);
process.exit(exitCode);
