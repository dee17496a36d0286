/**
 * A draft saver in a process of its own, for the crash test (crash.test.ts): it saves new
 * versions of one draft as fast as it can and reports each version once the database
 * acknowledged it, until the test kills it with SIGKILL. Run from dist with fork(); its
 * configuration comes as JSON in EFA_DRAFT_CRASH_WORKER.
 */
import { createDatabase, createDataSealer, migrate, parseDataKeyRing } from '@efa-kit/core/server';
import { formAssistantMigrations } from '../uploads/storage.js';
import { createDraftStore } from './storage.js';

export interface CrashWorkerConfig {
  /** A PGlite folder or a postgres:// URL. */
  database: string;
  dataKeys: string;
  draftId: string;
  key: string;
  /** The version the draft has now. */
  version: number;
}

export type CrashWorkerMessage = { type: 'ready' } | { type: 'acked'; version: number };

/** Version n holds n rows of about 1 kB: a torn write would show as a count that is not n. */
export function contentFor(version: number) {
  return {
    stepId: 'einkommen',
    data: { version, rows: Array.from({ length: version }, (_, row) => `${row}:${'ä'.repeat(500)}`) },
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.EFA_DRAFT_CRASH_WORKER ?? '{}') as CrashWorkerConfig;
  const db = await createDatabase(config.database);
  await migrate(db, [formAssistantMigrations]);
  const store = createDraftStore({ db, sealer: createDataSealer(parseDataKeyRing(config.dataKeys)) });
  const send = (message: CrashWorkerMessage) => process.send?.(message);
  send({ type: 'ready' });
  let version = config.version;
  for (;;) {
    const outcome = await store.save(
      config.draftId,
      { ownerHash: null, key: config.key },
      version,
      contentFor(version + 1),
    );
    if (outcome.status !== 'saved') throw new Error(`save ${version + 1}: ${outcome.status}`);
    version = outcome.meta.version;
    send({ type: 'acked', version });
  }
}

if (process.env.EFA_DRAFT_CRASH_WORKER) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
