import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDatabases } from '../testing/databases.js';
import { createJobQueue, jobsIn } from './job-queue.js';

describe.each(testDatabases(inject('efaPostgresUrl')))('job queue on $name', ({ available, open }) => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it.runIf(available)(
    'runs a job once, enqueued inside a transaction that commits',
    async () => {
      const db = await open();
      const boss = await createJobQueue(db, { schema: 'efa_jobs_test' });
      closers.push(async () => {
        await boss.stop({ graceful: false, close: false });
        await db.destroy();
      });
      await boss.createQueue('greet');
      const seen: string[] = [];
      await boss.work<{ name: string }>('greet', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (job) seen.push(job.data.name);
      });
      await db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await boss.send('greet', { name: 'committed' }, { db: jobsIn(trx) });
      });
      await db
        .transaction()
        .execute(async (trx) => {
          await boss.send('greet', { name: 'rolled back' }, { db: jobsIn(trx) });
          throw new Error('abort');
        })
        .catch(() => {});
      await expect.poll(() => seen, { timeout: 30_000, interval: 100 }).toEqual(['committed']);
      const queue = await boss.getQueue('greet');
      expect(queue?.name).toBe('greet');
    },
    60_000,
  );
});
