import { fromKysely, type Db as IDatabase, PgBoss } from 'pg-boss';
import type { EfaDatabase } from './context.js';
import { rawAccessOf } from './database.js';

/**
 * The kit's job queue: pg-boss on the kit's own database, the same code on PGlite and on a
 * PostgreSQL server (docs/adr/0006). Its SQL goes through the database's own connections, so
 * on PGlite (one session) a job query waits while a Kysely transaction holds the session
 * instead of slipping into it, and a job is enqueued inside a transaction with
 * `jobsIn(trx)`: it exists exactly when the transaction commits.
 */
export interface JobQueueOptions {
  /** Schema of pg-boss's tables; default "efa_jobs". */
  schema?: string;
  /** Name under which this process appears among pg-boss's instances. */
  instanceName?: string;
}

/** pg-boss's database interface over the kit's database. */
export function jobQueueDatabase(db: EfaDatabase): IDatabase {
  const access = rawAccessOf(db);
  if (!access) throw new TypeError('job queue: the database was not opened with createDatabase');
  if (access.kind === 'pglite') {
    return { executeSql: (text: string, values: unknown[] = []) => access.dialect.runRaw(text, values) };
  }
  const { pool } = access;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return { rows: (await pool.query(text, values)).rows };
      // Parameter-less text may hold several statements (BEGIN … COMMIT): run it on one
      // client and roll back after a failure, so no client returns to the pool mid-transaction.
      const client = await pool.connect();
      try {
        const result: unknown = await client.query(text);
        const results = (Array.isArray(result) ? result : [result]) as Array<{ rows?: unknown[] }>;
        return { rows: results.flatMap((part) => part.rows ?? []) };
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** A started pg-boss on the kit's database; stop it with `stop({ graceful: true })` on shutdown. */
export async function createJobQueue(db: EfaDatabase, options: JobQueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    db: jobQueueDatabase(db),
    schema: options.schema ?? 'efa_jobs',
    backend: rawAccessOf(db)?.kind === 'postgres' ? 'postgres' : 'pglite',
    ...(options.instanceName ? { instanceName: options.instanceName } : {}),
  });
  // pg-boss reports background failures (a maintenance query that failed) as events; without a
  // listener Node would treat them as unhandled. They are logged, and the queue carries on.
  boss.on('error', (error: unknown) => {
    console.error('[efa-kit] job queue:', error instanceof Error ? error.message : error);
  });
  await boss.start();
  return boss;
}

/** The connection to pass as `{ db: jobsIn(trx) }` to `send`, so the job commits with `trx`. */
export function jobsIn(trx: Parameters<typeof fromKysely>[0]): IDatabase {
  return fromKysely(trx);
}

export type { PgBoss };
