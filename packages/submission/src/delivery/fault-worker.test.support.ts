/**
 * The portal's submission side in a process of its own, for the crash tests: the application
 * sink and the delivery pipeline on a database (a PGlite folder or PostgreSQL), driven over the
 * IPC channel by the test (fault-journey.test.support.ts), which kills it with SIGKILL at a
 * chosen moment and starts another one on the same database.
 *
 * Run from dist (`node dist/delivery/fault-worker.test.support.js`, started with fork()), with
 * its configuration as JSON in EFA_FAULT_WORKER. Nothing here is in production code: the one
 * kill point inside the portal (during accept, before its transaction commits) is made by
 * wrapping the job queue the pipeline is given, not by a hook in the pipeline.
 */
import {
  createDatabase,
  createDataSealer,
  createJobQueue,
  type EfaContext,
  migrate,
  type PgBoss,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { createSubmissionApiClient } from '../fit-connect/index.js';
import { createApplicationSink } from '../server/sink.js';
import {
  dogCatalogue,
  fromPortable,
  type PortableHandoff,
  paidFeeFor,
  placeholderApplicationPdf,
} from './fixtures.test.support.js';
import { createDeliveryPipeline, deliveryQueue } from './pipeline.js';
import { type DeliveryTables, deliveryMigrations } from './storage.js';

export interface FaultWorkerConfig {
  /** A PGlite folder or a postgres:// URL. */
  database: string;
  /** EFA_DATA_KEYS-style key ring: the same for every worker on one database. */
  dataKeys: string;
  api: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string };
  destinationId: string;
  leaseSeconds: number;
  retryDelaySeconds: number;
}

/** Test → worker. */
export type WorkerCommand =
  | { type: 'submit'; id: number; application: PortableHandoff }
  | { type: 'arm-accept-kill' }
  | { type: 'status'; id: number; applicationIds: string[] }
  | { type: 'stop'; id: number };

export interface WorkerDeliveryRow {
  applicationId: string;
  reference: string;
  state: string;
  submissionId: string | null;
  attempts: number;
  lastError: string | null;
}

/** Worker → test. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'reached'; point: 'accept-before-commit'; applicationId: string }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'error'; id: number; code: string | null; message: string };

function say(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const raw = process.env.EFA_FAULT_WORKER;
  if (!raw || !process.send) throw new Error('start me with fork() and EFA_FAULT_WORKER');
  const config = JSON.parse(raw) as FaultWorkerConfig;
  const db = await createDatabase(config.database);
  await migrate(db, [deliveryMigrations]);
  const boss = await createJobQueue(db);

  // The kill point during accept: the job is enqueued inside accept's transaction, after the
  // application's rows were written and before the commit. Armed, that send never returns.
  let acceptKillArmed = false;
  const queue = new Proxy(boss, {
    get(target, property) {
      if (property === 'send') {
        return (name: string, data: { applicationId?: string }, options?: { db?: unknown }) => {
          if (acceptKillArmed && name === deliveryQueue && options?.db !== undefined) {
            acceptKillArmed = false;
            say({ type: 'reached', point: 'accept-before-commit', applicationId: data.applicationId ?? '' });
            return new Promise(() => {});
          }
          return (target.send as (...args: unknown[]) => Promise<unknown>)(name, data, options);
        };
      }
      // The pipeline's group commit enqueues a batch's jobs with one insert.
      if (property === 'insert') {
        return (
          name: string,
          jobs: Array<{ data?: { applicationId?: string } }>,
          options?: { db?: unknown },
        ) => {
          if (acceptKillArmed && name === deliveryQueue && options?.db !== undefined) {
            acceptKillArmed = false;
            const applicationId = jobs[0]?.data?.applicationId ?? '';
            say({ type: 'reached', point: 'accept-before-commit', applicationId });
            return new Promise(() => {});
          }
          return (target.insert as (...args: unknown[]) => Promise<unknown>)(name, jobs, options);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as PgBoss;

  const pipeline = createDeliveryPipeline({
    db,
    boss: queue,
    sealer: createDataSealer(parseDataKeyRing(config.dataKeys)),
    api: createSubmissionApiClient(config.api),
    leaseSeconds: config.leaseSeconds,
    retryDelaySeconds: config.retryDelaySeconds,
    renderFormPdf: async () => placeholderApplicationPdf,
    ...(process.env.EFA_FAULT_WORKER_LOG
      ? { log: (line: string) => console.error(`[worker ${process.pid}] ${line}`) }
      : {}),
  });
  await pipeline.start();
  const sink = createApplicationSink({
    pipeline,
    catalogue: dogCatalogue(config.destinationId),
    route: async () => ({
      destinationId: config.destinationId,
      authority: { id: 'pirna', name: 'Große Kreisstadt Pirna' },
    }),
    paidFee: async (_service, application) => paidFeeFor(application.applicationId),
  });
  const ctx = {} as EfaContext;
  const rows = db.withTables<DeliveryTables>();

  process.on('message', (command: WorkerCommand) => {
    const answer = (id: number, work: () => Promise<unknown>) =>
      work().then(
        (value) => say({ type: 'answer', id, value }),
        (error: unknown) =>
          say({
            type: 'error',
            id,
            code: (error as { code?: string }).code ?? null,
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    switch (command.type) {
      case 'arm-accept-kill':
        acceptKillArmed = true;
        return;
      case 'submit':
        void answer(command.id, () => sink(ctx, fromPortable(command.application)));
        return;
      case 'status':
        void answer(command.id, async () => {
          if (command.applicationIds.length === 0) return [];
          const found = await rows
            .selectFrom('efa_submission.delivery')
            .select(['application_id', 'reference', 'state', 'submission_id', 'attempts', 'last_error'])
            .where('application_id', 'in', command.applicationIds)
            .execute();
          return found.map(
            (row): WorkerDeliveryRow => ({
              applicationId: row.application_id,
              reference: row.reference,
              state: row.state,
              submissionId: row.submission_id,
              attempts: row.attempts,
              lastError: row.last_error,
            }),
          );
        });
        return;
      case 'stop':
        void answer(command.id, async () => {
          await boss.stop({ graceful: false, close: false });
          await db.destroy();
        }).then(() => process.exit(0));
        return;
    }
  });
  say({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error('[fault worker]', error);
  process.exit(1);
});
