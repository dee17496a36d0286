import type { EfaDatabase, PgBoss } from '@efa-kit/core/server';
import { purgeExpiredDrafts } from './storage.js';

/** The expiry job's queue (pg-boss). */
export const draftExpiryQueue = 'form-draft-expiry';

export interface DraftExpiryOptions {
  /** Cron schedule of the sweep; default every 15 minutes. */
  cron?: string;
  log?: (message: string) => void;
  now?: () => Date;
}

/**
 * Schedules the sweep that deletes expired drafts, their resume codes and files (core's job
 * queue, so of several app servers one runs each sweep). The sweep is idempotent: a repeated
 * or late run deletes what is due then. Returns a function that runs one sweep now.
 */
export async function scheduleDraftExpiry(
  boss: PgBoss,
  db: EfaDatabase,
  options: DraftExpiryOptions = {},
): Promise<() => Promise<number>> {
  const sweep = async () => {
    const deleted = await purgeExpiredDrafts(db, options.now?.() ?? new Date());
    if (deleted > 0) options.log?.(`form: ${deleted} expired drafts deleted`);
    return deleted;
  };
  await boss.createQueue(draftExpiryQueue);
  await boss.work(draftExpiryQueue, { pollingIntervalSeconds: 30 }, async () => {
    await sweep();
  });
  await boss.schedule(draftExpiryQueue, options.cron ?? '*/15 * * * *');
  return sweep;
}
