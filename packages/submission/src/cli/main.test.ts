import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, createJobQueue, migrate } from '@efa-kit/core/server';
import { describe, expect, it } from 'vitest';
import { ensureDeliveryQueues } from '../delivery/operations.js';
import { type DeliveryTables, deliveryMigrations } from '../delivery/storage.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('efa-submission (operator CLI)', () => {
  it('lists failed deliveries and re-drives one, on a PGlite folder', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'efa-submission-cli-')), 'db');
    const db = await createDatabase(folder);
    await migrate(db, [deliveryMigrations]);
    const applicationId = randomUUID();
    const now = new Date();
    await db
      .withTables<DeliveryTables>()
      .insertInto('efa_submission.delivery')
      .values({
        application_id: applicationId,
        reference: 'EFA-0000-0000-00X',
        owner_hash: 'x',
        form_id: 'dog-registration',
        leika_key: '99102013104000',
        destination_id: randomUUID(),
        locale: 'de',
        state: 'failed',
        failed_in: 'announced',
        submission_id: null,
        case_id: null,
        attempts: 10,
        last_error: 'delivery service answered 503',
        claimed_by: null,
        claimed_until: null,
        submitted_at: now,
        delivered_at: null,
        decided_at: null,
        updated_at: now,
      })
      .execute();
    // The queues exist wherever the portal ran; this database never saw a portal.
    const boss = await createJobQueue(db);
    await ensureDeliveryQueues(boss);
    await boss.stop({ graceful: false, close: false });
    await db.destroy();

    const listed = run(['failed', '--database', folder]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('EFA-0000-0000-00X');
    expect(listed.stdout).toContain('delivery service answered 503');

    const redriven = run(['redrive', applicationId, '--database', folder]);
    expect(redriven.stderr).toBe('');
    expect(redriven.status).toBe(0);
    const again = run(['redrive', applicationId, '--database', folder]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('SUBMISSION_NOT_RETRYABLE');

    const reopened = await createDatabase(folder);
    const row = await reopened
      .withTables<DeliveryTables>()
      .selectFrom('efa_submission.delivery')
      .select(['state', 'attempts'])
      .where('application_id', '=', applicationId)
      .executeTakeFirstOrThrow();
    await reopened.destroy();
    expect(row).toEqual({ state: 'announced', attempts: 0 });
    expect(run(['failed', '--database', folder]).stdout).toContain('no failed deliveries');
  }, 120_000);

  it('refuses a wrong command line with the usage and exit code 2', () => {
    for (const args of [[], ['redrive'], ['redrive', 'not-a-uuid'], ['list']]) {
      const result = run(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage:');
    }
  });
});
