import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDatabase,
  createDataSealer,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { formAssistantMigrations } from '../uploads/storage.js';
import { type CrashWorkerConfig, type CrashWorkerMessage, contentFor } from './crash-worker.test.support.js';
import { createDraftStore } from './storage.js';

/** The worker runs compiled (`pnpm build` first), as the submission's crash tests do. */
const workerScript = fileURLToPath(
  new URL('../../../dist/server/drafts/crash-worker.test.support.js', import.meta.url),
);

/** Starts the saver, waits until it has had `acks` saves acknowledged past the start, kills it mid-stream. */
async function saveUntilKilled(config: CrashWorkerConfig, acks: number): Promise<number> {
  const child = fork(workerScript, [], {
    env: { ...process.env, EFA_DRAFT_CRASH_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let acked = config.version;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: CrashWorkerMessage) => {
      if (message.type !== 'acked') return;
      acked = message.version;
      // Killed while the next save is on its way (the loop never pauses between saves).
      if (acked >= config.version + acks) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`worker ended at version ${acked} before it was killed`)));
  });
  await exited;
  return acked;
}

const postgresUrl = inject('efaPostgresUrl');
const drivers = [
  { name: 'a PGlite folder', postgres: false, available: true },
  { name: 'PostgreSQL', postgres: true, available: Boolean(postgresUrl) },
];

describe.each(drivers)('a save killed with SIGKILL on $name', (driver) => {
  it.skipIf(!driver.available)(
    'leaves the last acknowledged version or the one in flight, whole, never a torn one',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'efa-draft-crash-'));
      let database = join(folder, 'db');
      let admin: EfaDatabase | undefined;
      if (driver.postgres && postgresUrl) {
        admin = await createDatabase(postgresUrl);
        const name = `draft_crash_${Date.now()}`;
        await sql.raw(`create database ${name}`).execute(admin);
        const url = new URL(postgresUrl);
        url.pathname = `/${name}`;
        database = url.toString();
      }
      const dataKeys = generateDataKeyEntry('crash');
      const sealer = createDataSealer(parseDataKeyRing(dataKeys));
      const open = async () => {
        const db = await createDatabase(database);
        await migrate(db, [formAssistantMigrations]);
        return { db, store: createDraftStore({ db, sealer }) };
      };
      try {
        let { db, store } = await open();
        const created = await store.create({
          formId: 'housing-benefit',
          formVersion: '1.0.0',
          ownerHash: null,
          content: contentFor(1),
        });
        const key = created.key ?? '';
        let version = 1;
        await db.destroy();
        for (let round = 0; round < 3; round += 1) {
          const acked = await saveUntilKilled(
            { database, dataKeys, draftId: created.meta.draftId, key, version },
            5 + round * 7,
          );
          ({ db, store } = await open());
          const record = await store.load(created.meta.draftId, { ownerHash: null, key });
          // The save in flight may have committed before the kill; nothing else is possible.
          expect([acked, acked + 1]).toContain(record?.version);
          expect(record?.content).toEqual(contentFor(record?.version ?? 0));
          version = record?.version ?? 0;
          await db.destroy();
        }
      } finally {
        if (admin) await admin.destroy();
        await rm(folder, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
