#!/usr/bin/env node
// The long crash test of the delivery pipeline (not part of `npm test`): many journeys, each
// killing the portal's submission process with SIGKILL at a random one of the fault points (or
// at a random moment with several applications in flight), restarting it on the same database,
// and checking the delivery service's ledger: every application exactly once submitted, orphans
// never submitted, no submit repeated after its commit. On a PGlite folder and, where the
// PostgreSQL binaries exist, on PostgreSQL.
//
//   pnpm --filter @efa-kit/submission build
//   node packages/submission/scripts/faulttest.mjs [--journeys 50] [--seed 42] [--only pglite|postgres]
import { parseArgs } from 'node:util';
import { startPostgres } from '@efa-kit/core/testing';
import {
  crashJourney,
  createFaultLab,
  ensureBuilt,
  killPoints,
  randomCrashJourney,
  verifyDeliveries,
} from '../dist/delivery/fault-journey.test.support.js';

const { values } = parseArgs({
  options: {
    journeys: { type: 'string', default: '50' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    only: { type: 'string' },
  },
});
const journeys = Number(values.journeys);
if (!Number.isInteger(journeys) || journeys < 1) throw new Error('--journeys must be a positive integer');

// A small seeded generator (mulberry32), so a failing run can be repeated with its --seed.
let state = Number(values.seed) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

async function run(name, postgresUrl) {
  const lab = await createFaultLab(postgresUrl ? { postgresUrl } : {});
  let worker = await lab.startWorker();
  const done = [];
  const started = performance.now();
  try {
    for (let index = 0; index < journeys; index++) {
      const random_ = random() < 0.25;
      const t0 = performance.now();
      let result;
      let label;
      if (random_) {
        const count = 1 + Math.floor(random() * 5);
        const delayMs = Math.floor(random() * 400);
        label = `random kill after ${delayMs} ms with ${count} in flight`;
        result = await randomCrashJourney(lab, worker, count, delayMs);
      } else {
        const point = pick(killPoints);
        const outcome = random() < 0.5 ? 'proceed' : 'fail';
        label = `${point}, held request then ${outcome}`;
        result = await crashJourney(lab, worker, point, outcome);
      }
      worker = result.worker;
      done.push(result.journey);
      console.log(`${name} ${index + 1}/${journeys}: ${label} (${Math.round(performance.now() - t0)} ms)`);
      if ((index + 1) % 10 === 0) await verifyDeliveries(lab, worker, done);
    }
    const check = await verifyDeliveries(lab, worker, done);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${name}: ${journeys} journeys in ${seconds} s — ${check.applications} applications, each exactly once submitted; ` +
        `${check.orphaned} orphaned (created, never submitted); ${check.submitRequests} submit requests; ` +
        `${check.paymentsDelivered} paid fees delivered, each with exactly one application (0 payments orphaned)`,
    );
  } finally {
    await worker.stop();
    await lab.close();
  }
}

ensureBuilt();
console.log(`seed ${values.seed}`);
let failed = false;
try {
  if (values.only !== 'postgres') await run('PGlite folder', undefined);
  if (values.only !== 'pglite') {
    const server = await startPostgres();
    if (!server) console.log('PostgreSQL: no server binaries here, skipped');
    else {
      try {
        await run('PostgreSQL', server.url);
      } finally {
        await server.stop();
      }
    }
  }
} catch (error) {
  failed = true;
  console.error(`FAILED (seed ${values.seed}):`, error);
}
process.exit(failed ? 1 : 0);
