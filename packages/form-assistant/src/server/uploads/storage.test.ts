import {
  createDataSealer,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
  SealError,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import {
  createUploadStore,
  formAssistantMigrations,
  purgeExpiredUploads,
  releaseApplicationUploads,
  sha512Hex,
  type UploadTables,
  uploadOwnerHash,
} from './storage.js';

const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1')));
const erika = uploadOwnerHash('erika');
const max = uploadOwnerHash('max');
const field = 'G99777000050.G99777000055.F99777000053';
const plaintext = new TextEncoder().encode('%PDF-1.4 Schwerbehindertenausweis Erika Müller, Merkzeichen Bl');

describe.each(testDatabases(inject('efaPostgresUrl')))('upload store on $name', (driver) => {
  it.skipIf(!driver.available)(
    'stores uploads sealed and bound to their owner, opens them with their hash checked, purges what expired',
    async () => {
      const db = await driver.open();
      try {
        await migrate(db, [formAssistantMigrations]);
        // A second run finds nothing to do.
        await migrate(db, [formAssistantMigrations]);
        let clock = new Date('2026-11-23T10:00:00Z');
        const store = createUploadStore({ db, sealer, now: () => clock });
        const upload = {
          formId: 'dog-registration',
          fieldPath: field,
          filename: 'ausweis.pdf',
          mimeType: 'application/pdf',
        };
        const stored = await store.put({ ...upload, ownerHash: erika, content: plaintext });
        expect(stored).toMatchObject({
          filename: 'ausweis.pdf',
          size: plaintext.byteLength,
          sha512: sha512Hex(plaintext),
          applicationId: null,
          expiresAt: new Date('2026-11-24T10:00:00Z'),
        });
        expect(stored.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

        // The database holds the owner's hash and sealed bytes, neither the subject nor the text.
        const row = await db
          .withTables<UploadTables>()
          .selectFrom('efa_form.upload')
          .selectAll()
          .where('id', '=', stored.id)
          .executeTakeFirstOrThrow();
        expect(row.owner_hash).toBe(erika);
        expect(Buffer.from(row.content).includes(Buffer.from('Schwerbehindertenausweis'))).toBe(false);
        expect(Buffer.from(row.content).includes(Buffer.from(plaintext))).toBe(false);
        expect(Buffer.from(await store.open(stored.id)).equals(Buffer.from(plaintext))).toBe(true);

        // Sealed bytes copied to another row do not open there (the id is bound as context).
        const other = await store.put({
          ...upload,
          ownerHash: max,
          content: new TextEncoder().encode('%PDF-1.4 x'),
        });
        await sql`update efa_form.upload set content = ${Buffer.from(row.content)}, sha512 = ${row.sha512} where id = ${other.id}`.execute(
          db,
        );
        await expect(store.open(other.id)).rejects.toBeInstanceOf(SealError);

        // Owners see only their own.
        expect([...(await store.find(erika, [stored.id, other.id])).keys()]).toEqual([stored.id]);
        expect((await store.find(max, [stored.id])).size).toBe(0);
        expect(await store.openBytes(erika)).toBe(plaintext.byteLength);
        expect(await store.remove(max, stored.id)).toBe('not-found');

        // Bound to an application: kept, no longer the owner's to delete, not for another application.
        const application = '0f9b7a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
        const keep = new Date('2026-12-23T10:00:00Z');
        expect(await store.attach(erika, [stored.id], application, keep)).toBe(1);
        expect(await store.attach(erika, [stored.id], application, keep)).toBe(1);
        expect(await store.attach(erika, [stored.id], 'aaaaaaaa-2c3d-4e5f-8a9b-0c1d2e3f4a5b', keep)).toBe(0);
        expect(await store.attach(max, [stored.id], application, keep)).toBe(0);
        expect(await store.remove(erika, stored.id)).toBe('in-use');
        expect(await store.openBytes(erika)).toBe(0);

        // A day later the unsubmitted upload is purged, the submitted one stays.
        const loose = await store.put({ ...upload, ownerHash: erika, content: plaintext });
        clock = new Date('2026-11-24T10:00:01Z');
        expect((await store.find(erika, [loose.id])).size).toBe(0);
        expect(await purgeExpiredUploads(db, clock)).toBe(2);
        expect((await store.find(erika, [stored.id])).size).toBe(1);

        // Delivered: released, gone at the next purge.
        expect(await releaseApplicationUploads(db, application, { now: clock })).toBe(1);
        expect(await purgeExpiredUploads(db, clock)).toBe(1);
        await expect(store.open(stored.id)).rejects.toThrow(/gone/);

        const fresh = await store.put({ ...upload, ownerHash: erika, content: plaintext });
        expect(await store.remove(erika, fresh.id)).toBe('deleted');
        expect(await store.remove(erika, fresh.id)).toBe('not-found');
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );
});
