/**
 * `pnpm bench` rows for @efa-kit/payment, written to ../../bench/raw/payment.json:
 *  - create payment, server time excluding the provider (the provider call is timed and
 *    subtracted), on the embedded PGlite and, where the binaries exist, on PostgreSQL;
 *  - 100 concurrent duplicate creates → number of payments stored and sent to the provider;
 *  The element's bundle size is measured with every other budget by tools/size.mjs.
 *  The simulator runs as its own process (like a provider on its own host).
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type EfaDatabase, migrate } from '@efa-kit/core/server';
import { startPostgres } from '@efa-kit/core/testing';
import { defineFeeSchedules, exampleFeeSchedules } from '../server/fees.js';
import { paymentOwnerHash } from '../server/owner.js';
import type { PaymentProvider } from '../server/provider.js';
import { createPaymentService } from '../server/service.js';
import { type PaymentTables, paymentMigrations } from '../server/storage.js';
import { createXBezahldiensteProvider } from '../server/xbezahldienste.js';

/** The owner every payment of this file belongs to (a browser capability's hash). */
const owner = paymentOwnerHash('browser', 'a'.repeat(43));

interface Row {
  package: string;
  metric: string;
  value: number;
  unit: string;
  target: string;
  pass?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');
const rows: Row[] = [];
const dog = '99102013104000';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(db: EfaDatabase, driver: string, simUrl: string) {
  const count = () => transactionCount(simUrl);
  await migrate(db, [paymentMigrations]);
  const real = createXBezahldiensteProvider({
    baseUrl: simUrl,
    originatorId: 'bench',
    endPointId: 'e',
    auth: { type: 'none' },
  });
  let providerMs = 0;
  const timed: PaymentProvider = {
    id: real.id,
    canRefund: real.canRefund,
    status: (ref) => real.status(ref),
    health: () => real.health(),
    async create(request) {
      const start = performance.now();
      try {
        return await real.create(request);
      } finally {
        providerMs += performance.now() - start;
      }
    },
  };
  const fees = defineFeeSchedules(exampleFeeSchedules);
  const service = createPaymentService({
    db,
    provider: timed,
    fees,
    returnUrl: (id) => `http://portal.test/payment/return/${id}`,
  });
  const command = () => ({
    serviceId: dog,
    answers: { dogs: 2 },
    idempotencyKey: randomBytes(12).toString('hex'),
    expectedTotalCents: 2500,
    returnPath: '/',
    owner,
  });
  for (let i = 0; i < 20; i++) await service.create(command());
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    providerMs = 0;
    const start = performance.now();
    await service.create(command());
    samples.push(performance.now() - start - providerMs);
  }
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const p99 = percentile(samples, 99);
  const metric = (name: string) => `create payment server time ${name} (${driver}, excl. provider, 200 runs)`;
  rows.push(
    {
      package: '@efa-kit/payment',
      metric: metric('p50'),
      value: round(p50),
      unit: 'ms',
      target: '≤ 10',
      pass: p50 <= 10,
    },
    // The tail on a shared 2-core machine mostly measures other processes (see the load row):
    // shown, not gated.
    { package: '@efa-kit/payment', metric: metric('p95'), value: round(p95), unit: 'ms', target: 'info' },
    { package: '@efa-kit/payment', metric: metric('p99'), value: round(p99), unit: 'ms', target: 'info' },
  );

  const duplicate = command();
  const before = await count();
  // Settled, not all: a duplicate that gives up waiting on a very busy machine is not a second payment.
  await Promise.allSettled(Array.from({ length: 100 }, () => service.create(duplicate)));
  const stored = await db
    .withTables<PaymentTables>()
    .selectFrom('efa_payment.payment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('idempotency_key', '=', duplicate.idempotencyKey)
    .executeTakeFirstOrThrow();
  const n = Number(stored.n);
  const sent = (await count()) - before;
  rows.push(
    {
      package: '@efa-kit/payment',
      metric: `100 concurrent duplicate creates → payments stored (${driver})`,
      value: n,
      unit: 'payments',
      target: '= 1',
      pass: n === 1,
    },
    {
      package: '@efa-kit/payment',
      metric: `100 concurrent duplicate creates → provider transactions (${driver})`,
      value: sent,
      unit: 'transactions',
      target: '= 1',
      pass: sent === 1,
    },
  );
}

/** The simulator's control routes need a token; the bench gives it one of its own. */
const controlToken = randomBytes(32).toString('base64url');

interface SimulatorProcess {
  url: string;
  close(): Promise<void>;
}

async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const cli = join(packageDir, 'dist', 'testing', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--open', '--control-token', controlToken], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const simulator: SimulatorProcess = {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return simulator;
}

async function transactionCount(url: string): Promise<number> {
  const response = await fetch(`${url}/_simulator/transactions`, {
    headers: { authorization: `Bearer ${controlToken}` },
  });
  if (!response.ok) throw new Error(`simulator control route answered ${response.status}`);
  return ((await response.json()) as unknown[]).length;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

async function main() {
  const loadBefore = loadavg()[0] ?? 0;
  // The provider runs in its own process, as it would on its own host, so its work does not
  // count against the server time measured here.
  const sim = await startSimulatorProcess();
  try {
    const pglite = await createDatabase();
    try {
      await measure(pglite, 'PGlite', sim.url);
    } finally {
      await pglite.destroy();
    }
    const server = await startPostgres();
    if (server) {
      const db = await createDatabase(server.url);
      try {
        await measure(db, 'PostgreSQL', sim.url);
      } finally {
        await db.destroy();
        await server.stop();
      }
    }
  } finally {
    await sim.close();
  }

  rows.push({
    package: '@efa-kit/payment',
    metric: `1-minute load average during the run (${cpus().length} cores)`,
    value: round(Math.max(loadBefore, loadavg()[0] ?? 0)),
    unit: '',
    target: 'info',
  });
  const out = join(packageDir, '..', '..', 'bench', 'raw');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'payment.json'), `${JSON.stringify(rows, null, 2)}\n`);
  for (const row of rows)
    console.log(
      `${row.pass === false ? 'MISS' : 'ok  '} ${row.metric}: ${row.value} ${row.unit} (target ${row.target})`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
