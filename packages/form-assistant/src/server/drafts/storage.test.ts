import {
  createDataSealer,
  createJobQueue,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { createUploadStore, formAssistantMigrations, uploadOwnerHash } from '../uploads/storage.js';
import { draftExpiryQueue, scheduleDraftExpiry } from './expiry.js';
import { createDraftStore, draftUploadOwnerHash, purgeExpiredDrafts } from './storage.js';

const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1')));
const day = 24 * 60 * 60 * 1000;

describe.each(testDatabases(inject('efaPostgresUrl')))('draft store on $name', (driver) => {
  it.skipIf(!driver.available)(
    'expires drafts 30 days after the last save, with their codes and files; the expiry job runs on the job queue',
    async () => {
      const db = await driver.open();
      try {
        await migrate(db, [formAssistantMigrations]);
        let clock = new Date('2026-11-23T10:00:00Z');
        const now = () => clock;
        const drafts = createDraftStore({ db, sealer, now });
        const uploads = createUploadStore({ db, sealer, now });
        const content = { data: { name: 'Erika Müller' }, stepId: 'hunde' };
        const { meta, key } = await drafts.create({
          formId: 'dog-registration',
          formVersion: '1.0.0',
          ownerHash: null,
          content,
        });
        const caller = { ownerHash: null, key: key ?? '' };
        const file = await uploads.put({
          ownerHash: draftUploadOwnerHash(meta.draftId),
          formId: 'dog-registration',
          fieldPath: 'a.b',
          filename: 'a.pdf',
          mimeType: 'application/pdf',
          content: new Uint8Array([1, 2, 3]),
          draftId: meta.draftId,
          expiresAt: meta.expiresAt,
        });
        const code = await drafts.createResumeCode(meta.draftId, caller);
        // A save 20 days later keeps the draft, and its file, 30 days from then.
        clock = new Date(clock.getTime() + 20 * day);
        const saved = await drafts.save(meta.draftId, caller, 1, content);
        expect(saved.status).toBe('saved');
        const expiresAt = saved.status === 'saved' ? saved.meta.expiresAt : new Date(0);
        expect(expiresAt.getTime() - clock.getTime()).toBe(30 * day);
        const fileRow = await sql<{
          expires_at: Date;
        }>`select expires_at from efa_form.upload where id = ${file.id}`.execute(db);
        expect(new Date(fileRow.rows[0]?.expires_at ?? 0).getTime()).toBe(expiresAt.getTime());
        // Another person's draft, and an older one that is due.
        const other = await drafts.create({
          formId: 'dog-registration',
          formVersion: '1.0.0',
          ownerHash: uploadOwnerHash('max'),
          content,
        });
        expect(await purgeExpiredDrafts(db, clock)).toBe(0);

        clock = new Date(expiresAt.getTime() + 1000);
        expect(await drafts.load(meta.draftId, caller)).toBeNull();
        expect(await drafts.peek(code?.code ?? '')).toBeNull();
        expect((await drafts.resume(code?.code ?? '', null)).status).toBe('not-found');

        // The scheduled job: the queue exists with its schedule, and a sweep deletes what is due.
        const boss = await createJobQueue(db);
        try {
          const sweep = await scheduleDraftExpiry(boss, db, { now });
          const schedules = await boss.getSchedules();
          expect(schedules.map((schedule) => schedule.name)).toContain(draftExpiryQueue);
          expect(await sweep()).toBe(2);
        } finally {
          await boss.stop({ graceful: false, close: false });
        }
        const left = await sql<{ n: number }>`select count(*)::int as n from efa_form.draft`.execute(db);
        expect(Number(left.rows[0]?.n)).toBe(0);
        const codes = await sql<{ n: number }>`select count(*)::int as n from efa_form.draft_resume`.execute(
          db,
        );
        expect(Number(codes.rows[0]?.n)).toBe(0);
        const files = await sql<{
          n: number;
        }>`select count(*)::int as n from efa_form.upload where id = ${file.id}`.execute(db);
        expect(Number(files.rows[0]?.n)).toBe(0);
        expect(other.meta.personal).toBe(true);
      } finally {
        await db.destroy();
      }
    },
    // pg-boss creates its schema on PGlite here: about 1 s on a quiet machine, over 20 s (the
    // default bound) on the loaded 2 cores of CI; the same bound as the other job-queue tests.
    120_000,
  );

  it.skipIf(!driver.available)('opens nothing sealed for another draft or another version', async () => {
    const db = await driver.open();
    try {
      await migrate(db, [formAssistantMigrations]);
      const drafts = createDraftStore({ db, sealer });
      const a = await drafts.create({
        formId: 'f',
        formVersion: '1',
        ownerHash: 'owner-a',
        content: { data: { x: 1 }, stepId: '' },
      });
      const b = await drafts.create({
        formId: 'f',
        formVersion: '1',
        ownerHash: 'owner-b',
        content: { data: { x: 2 }, stepId: '' },
      });
      // Someone with write access to the database copies b's sealed content into a's row.
      await sql`update efa_form.draft set content = (select content from efa_form.draft where id = ${b.meta.draftId}) where id = ${a.meta.draftId}`.execute(
        db,
      );
      await expect(drafts.load(a.meta.draftId, { ownerHash: 'owner-a' })).rejects.toThrow(
        /altered or bound to another context/,
      );
      // An older version's content under a newer version number does not open either.
      const c = await drafts.create({
        formId: 'f',
        formVersion: '1',
        ownerHash: 'owner-c',
        content: { data: { x: 3 }, stepId: '' },
      });
      await sql`update efa_form.draft set version = 2 where id = ${c.meta.draftId}`.execute(db);
      await expect(drafts.load(c.meta.draftId, { ownerHash: 'owner-c' })).rejects.toThrow(/altered or bound/);
    } finally {
      await db.destroy();
    }
  });
});
