/**
 * Crash journeys for the delivery pipeline: the development delivery service (with its fault
 * control) runs in this process, the portal's submission side in a child process
 * (fault-worker.test.support.ts) on a PGlite folder or a PostgreSQL database. A journey holds a
 * request at a chosen point, kills the child with SIGKILL there, starts a new child on the same
 * database and waits until the application is submitted; `verifyDeliveries` then reads the
 * delivery service's ledger: one submitted submission per application, nothing else submitted.
 *
 * Used by crash.test.ts (a short fixed set) and scripts/faulttest.mjs (many random journeys).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type EfaDatabase, generateDataKeyEntry } from '@efa-kit/core/server';
import { compactDecrypt } from 'jose';
import { sql } from 'kysely';
import {
  createFaultControl,
  type FaultContext,
  type FaultControl,
  type FaultOutcome,
  type FaultPoint,
} from '../delivery-service/faults.js';
import type { LedgerTables } from '../delivery-service/ledger.js';
import { createDeliveryService, type DeliveryService } from '../delivery-service/service.js';
import {
  destinationConfig,
  destinationId,
  generateTestKeys,
  senderClient,
  type TestKeys,
} from '../delivery-service/test-support.test.support.js';
import type {
  FaultWorkerConfig,
  WorkerCommand,
  WorkerDeliveryRow,
  WorkerMessage,
} from './fault-worker.test.support.js';
import { dogRegistration, type PortableHandoff, paidFeeFor } from './fixtures.test.support.js';

/** Where a journey kills the portal: during accept, or while the delivery service holds a request. */
export type KillPoint = 'accept-before-commit' | FaultPoint;
export const killPoints: readonly KillPoint[] = [
  'accept-before-commit',
  'create-before-commit',
  'create-after-commit',
  'upload-before-commit',
  'upload-after-commit',
  'submit-before-commit',
  'submit-after-commit',
];

export interface Journey {
  /** The applications submitted before the kill (one, except for a kill at a random moment). */
  applications: PortableHandoff[];
  /** `random`: killed after a random delay, wherever the applications then were. */
  point: KillPoint | 'random';
  /** What the delivery service did with the held request once the portal was dead. */
  outcome: FaultOutcome;
  /** The request the kill happened during (none for a kill during accept or at random). */
  held: FaultContext | null;
}

function findPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'tsconfig.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package directory of @efa-kit/submission not found');
    dir = parent;
  }
  return dir;
}

export const packageDir = findPackageDir();
const workerScript = join(packageDir, 'dist', 'delivery', 'fault-worker.test.support.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The worker runs the built code (Node cannot run the sources: their imports name .js files).
 * When a source is newer than the built worker, the package is built first (tsc -b).
 */
export function ensureBuilt(): void {
  const built = existsSync(workerScript) ? statSync(workerScript).mtimeMs : 0;
  if (built >= newestSource(join(packageDir, 'src'))) return;
  const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b'], { cwd: packageDir, stdio: 'pipe' });
  } catch (error) {
    // tsc still emits on type errors (someone's work in progress elsewhere in the package).
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    console.warn(
      `tsc -b reported errors; running the crash tests on what it emitted:\n${output.slice(0, 2000)}`,
    );
  }
  if (!existsSync(workerScript)) throw new Error(`${workerScript} missing after the build`);
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

/** The child process that runs the sink and the pipeline. */
export class WorkerProcess {
  private next = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly reachedWaiters: Array<(applicationId: string) => void> = [];
  readonly exited: Promise<number | null>;
  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ? null : code)),
    );
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'reached') {
        for (const waiter of this.reachedWaiters.splice(0)) waiter(message.applicationId);
        return;
      }
      if (message.type !== 'answer' && message.type !== 'error') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.type === 'answer') waiter.resolve(message.value);
      else waiter.reject(Object.assign(new Error(message.message), { code: message.code }));
    });
    void this.exited.then(() => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('worker process ended'));
      this.pending.clear();
    });
  }

  static async start(config: FaultWorkerConfig): Promise<WorkerProcess> {
    const child = fork(workerScript, [], {
      env: { ...process.env, EFA_FAULT_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    const worker = new WorkerProcess(child);
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
      });
      void worker.exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    await withTimeout(ready, 90_000, 'worker start');
    return worker;
  }

  private request<T>(command: WorkerCommand & { id: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(command.id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send(command);
    });
  }

  submit(application: PortableHandoff): Promise<{ reference: string; delivery: string }> {
    return this.request({ type: 'submit', id: this.next++, application });
  }

  status(applicationIds: string[]): Promise<WorkerDeliveryRow[]> {
    return this.request({ type: 'status', id: this.next++, applicationIds });
  }

  /** The next accept stops inside its transaction, before the commit; resolves when it got there. */
  armAcceptKill(): Promise<string> {
    this.child.send({ type: 'arm-accept-kill' } satisfies WorkerCommand);
    return new Promise((resolve) => this.reachedWaiters.push(resolve));
  }

  async waitFor(applicationIds: string[], state: string, timeoutMs = 90_000): Promise<WorkerDeliveryRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.status(applicationIds);
      if (rows.length === applicationIds.length && rows.every((row) => row.state === state)) return rows;
      if (Date.now() > deadline) {
        throw new Error(`not all ${state} after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL, and wait until the process is gone (a PGlite folder takes one process at a time). */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await withTimeout(this.request({ type: 'stop', id: this.next++ }), 30_000, 'worker stop').catch(() => {
      this.child.kill('SIGKILL');
    });
    await this.exited;
  }
}

export interface FaultLab {
  readonly keys: TestKeys;
  readonly faults: FaultControl;
  readonly service: DeliveryService;
  readonly ledger: EfaDatabase;
  readonly workerConfig: FaultWorkerConfig;
  startWorker(): Promise<WorkerProcess>;
  close(): Promise<void>;
}

/**
 * The delivery service with fault control (ledger in this process's memory, kept across the
 * portal's restarts) and a database for the portal: a fresh PGlite folder, or with `postgresUrl`
 * a fresh database on that server.
 */
export async function createFaultLab(
  options: { postgresUrl?: string; keys?: TestKeys } = {},
): Promise<FaultLab> {
  ensureBuilt();
  const keys = options.keys ?? (await generateTestKeys());
  const faults = createFaultControl();
  const ledger = await createDatabase();
  const service = await createDeliveryService({
    db: ledger,
    destinations: [destinationConfig(keys)],
    clients: [senderClient],
    signingKey: keys.service,
    sweepIntervalMs: 0,
    faults,
    log: () => {},
  });
  let database: string;
  let cleanup: () => Promise<void>;
  if (options.postgresUrl) {
    const name = `efa_fault_${randomBytes(6).toString('hex')}`;
    const admin = await createDatabase(options.postgresUrl);
    try {
      await sql`create database ${sql.id(name)}`.execute(admin);
    } finally {
      await admin.destroy();
    }
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    database = url.toString();
    cleanup = async () => {};
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'efa-fault-'));
    database = join(folder, 'pglite');
    cleanup = async () => rmSync(folder, { recursive: true, force: true });
  }
  const workerConfig: FaultWorkerConfig = {
    database,
    dataKeys: generateDataKeyEntry('k1'),
    api: {
      baseUrl: service.url,
      tokenUrl: service.tokenUrl,
      clientId: senderClient.clientId,
      clientSecret: senderClient.secret,
    },
    destinationId,
    // Short, so that a restarted worker soon takes over what the killed one held.
    leaseSeconds: 1,
    retryDelaySeconds: 1,
  };
  return {
    keys,
    faults,
    service,
    ledger,
    workerConfig,
    startWorker: () => WorkerProcess.start(workerConfig),
    async close() {
      faults.releaseAll('fail');
      await service.stop();
      await ledger.destroy();
      await cleanup();
    },
  };
}

/**
 * One crash: arm the point, submit a new dog registration, SIGKILL the worker when the point
 * is reached, let the delivery service finish or fail the held request, start a new worker on
 * the same database (for a kill during accept: submit again with the same application id, as
 * the browser does) and wait until the application is submitted. Returns the new worker.
 */
export async function crashJourney(
  lab: FaultLab,
  worker: WorkerProcess,
  point: KillPoint,
  outcome: FaultOutcome,
): Promise<{ worker: WorkerProcess; journey: Journey }> {
  const application = dogRegistration();
  if (point === 'accept-before-commit') {
    const reached = worker.armAcceptKill();
    const answer = worker.submit(application).catch(() => null);
    await withTimeout(reached, 60_000, `kill point ${point}`);
    await worker.kill();
    expectNull(await answer, 'an answer from a worker killed during accept');
    const next = await lab.startWorker();
    // Nothing was stored: the browser's repeated submit with the same id is taken as new.
    expectNull((await next.status([application.applicationId]))[0] ?? null, 'a row from the killed accept');
    const again = await next.submit(application);
    if (again.delivery !== 'pending' && again.delivery !== 'submitted')
      throw new Error(`repeated submit answered ${again.delivery}`);
    await next.waitFor([application.applicationId], 'submitted');
    return { worker: next, journey: { applications: [application], point, outcome, held: null } };
  }
  const armed = lab.faults.hold(point);
  const answer = worker.submit(application);
  const request = await withTimeout(armed.reached, 60_000, `kill point ${point}`);
  // The accept committed before delivery started: the citizen was told "pending".
  const accepted = await answer;
  if (accepted.delivery !== 'pending') throw new Error(`submit answered ${accepted.delivery}`);
  await worker.kill();
  request.release(outcome);
  const next = await lab.startWorker();
  await next.waitFor([application.applicationId], 'submitted');
  return {
    worker: next,
    journey: { applications: [application], point, outcome, held: request.context },
  };
}

/**
 * A kill at no chosen point: `count` applications submitted at once, SIGKILL after `delayMs`,
 * wherever each of them then is (being accepted, encrypted, created, uploaded, submitted).
 * The submits the dead worker never answered are repeated by the "browser" after the restart.
 */
export async function randomCrashJourney(
  lab: FaultLab,
  worker: WorkerProcess,
  count: number,
  delayMs: number,
): Promise<{ worker: WorkerProcess; journey: Journey }> {
  const applications = Array.from({ length: count }, () => dogRegistration());
  const answers = applications.map((application) => worker.submit(application).catch(() => null));
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  await worker.kill();
  const answered = await Promise.all(answers);
  const next = await lab.startWorker();
  for (const [index, application] of applications.entries()) {
    // Unanswered: the browser submits again with the same id (stored or not, it is one application).
    if (answered[index] === null) await next.submit(application);
  }
  await next.waitFor(
    applications.map((application) => application.applicationId),
    'submitted',
  );
  return { worker: next, journey: { applications, point: 'random', outcome: 'proceed', held: null } };
}

function expectNull(value: unknown, what: string): void {
  if (value !== null) throw new Error(`expected no ${what}, got ${JSON.stringify(value)}`);
}

export interface DeliveryCheck {
  applications: number;
  /** Submissions the delivery service holds as submitted. */
  submitted: number;
  /** Created, never submitted (the portal died before it learnt the id). */
  orphaned: number;
  /** Submit requests that reached the delivery service (a repeat only after a lost first one). */
  submitRequests: number;
  /**
   * Paid fees that reached the authority: each application's payment in exactly one submitted
   * submission's `paymentInformation` (a fee paid and never delivered would be orphaned).
   */
  paymentsDelivered: number;
}

/**
 * The delivery service's ledger against the portal's rows: every application exactly once
 * submitted, as the submission the portal recorded (matched by the reference number inside the
 * encrypted metadata, decrypted with the destination's key); every other submission still
 * incomplete (orphans, never submitted); no submission submitted twice; a submit repeated only
 * where the first one was lost before its commit.
 */
export async function verifyDeliveries(
  lab: FaultLab,
  worker: WorkerProcess,
  journeys: readonly Journey[],
): Promise<DeliveryCheck> {
  const ids = journeys.flatMap((journey) =>
    journey.applications.map((application) => application.applicationId),
  );
  const found = new Map((await worker.waitFor(ids, 'submitted')).map((row) => [row.applicationId, row]));
  const rows = ids.map((id) => {
    const row = found.get(id);
    if (!row) throw new Error(`application ${id} not found`);
    return row;
  });
  const submissions = await lab.ledger
    .withTables<LedgerTables>()
    .selectFrom('efa_delivery_service.submission')
    .select(['submission_id', 'status', 'encrypted_metadata'])
    .execute();
  const byReference = new Map<string, string[]>();
  const paymentsByTransaction = new Map<string, number>();
  let orphaned = 0;
  for (const submission of submissions) {
    if (submission.status === 'incomplete') {
      orphaned++;
      continue;
    }
    if (submission.status !== 'submitted' || !submission.encrypted_metadata)
      throw new Error(`submission ${submission.submission_id} is ${submission.status}`);
    const { plaintext } = await compactDecrypt(submission.encrypted_metadata, lab.keys.encryption.privateKey);
    const metadata = JSON.parse(new TextDecoder().decode(plaintext)) as {
      additionalReferenceInfo?: { senderReference?: string };
      paymentInformation?: { transactionId?: string };
    };
    const reference = metadata.additionalReferenceInfo?.senderReference ?? '';
    byReference.set(reference, [...(byReference.get(reference) ?? []), submission.submission_id]);
    const payment = metadata.paymentInformation?.transactionId;
    if (payment) paymentsByTransaction.set(payment, (paymentsByTransaction.get(payment) ?? 0) + 1);
  }
  // The worker pays each application's fee as `paidFeeFor(applicationId)` does.
  let paymentsDelivered = 0;
  for (const id of ids) {
    const count = paymentsByTransaction.get(paidFeeFor(id).transactionId) ?? 0;
    if (count !== 1) throw new Error(`application ${id}: its payment is in ${count} submitted submissions`);
    paymentsDelivered++;
  }
  for (const row of rows) {
    const submitted = byReference.get(row.reference) ?? [];
    if (submitted.length !== 1 || submitted[0] !== row.submissionId) {
      throw new Error(
        `application ${row.reference}: submitted at the delivery service as ${JSON.stringify(submitted)}, recorded as ${row.submissionId}`,
      );
    }
  }
  const submitted = [...byReference.values()].flat().length;
  if (submitted !== rows.length)
    throw new Error(`${submitted} submitted submissions for ${rows.length} applications`);
  // An orphan only where the portal died between the create's commit and storing its id: a
  // create held after its commit, one held before it that the service then completed for the
  // dead portal, or any in flight at a random kill.
  const maxOrphans = journeys.reduce((sum, journey) => {
    if (journey.point === 'random') return sum + journey.applications.length;
    const created =
      journey.point === 'create-after-commit' ||
      (journey.point === 'create-before-commit' && journey.outcome === 'proceed');
    return sum + (created ? 1 : 0);
  }, 0);
  if (orphaned > maxOrphans)
    throw new Error(`${orphaned} orphaned submissions, at most ${maxOrphans} expected`);

  const committed = lab.faults.passes('submit-after-commit').map((context) => context.submissionId);
  if (new Set(committed).size !== committed.length) throw new Error('a submission was submitted twice');
  const attempts = new Map<string, number>();
  for (const context of lab.faults.passes('submit-before-commit')) {
    const id = context.submissionId ?? '';
    attempts.set(id, (attempts.get(id) ?? 0) + 1);
  }
  // A submit may be sent again only when the first one may have been lost before its commit:
  // the one held there, or any in flight at a random kill. After a commit the event log
  // answers, and nothing is sent twice.
  const mayRepeat = new Set<string>();
  for (const journey of journeys) {
    if (journey.point === 'submit-before-commit' && journey.held?.submissionId)
      mayRepeat.add(journey.held.submissionId);
    if (journey.point === 'random')
      for (const application of journey.applications) mayRepeat.add(application.applicationId);
  }
  for (const row of rows) {
    const submissionId = row.submissionId ?? '';
    const count = attempts.get(submissionId) ?? 0;
    const allowed = mayRepeat.has(submissionId) || mayRepeat.has(row.applicationId) ? 2 : 1;
    if (count < 1 || count > allowed)
      throw new Error(`application ${row.reference}: ${count} submit requests`);
  }
  return {
    applications: rows.length,
    submitted,
    orphaned,
    submitRequests: [...attempts.values()].reduce((sum, n) => sum + n, 0),
    paymentsDelivered,
  };
}
