import { migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { paymentOwnerHash } from './owner.js';
import { type PaymentTables, paymentMigrations } from './storage.js';

const [first] = Object.entries(paymentMigrations.migrations);

describe.each(testDatabases(inject('efaPostgresUrl')))('payment storage on $name', (driver) => {
  it.skipIf(!driver.available)(
    'issue 11 finding 1: migration 0002 binds existing payments: signed-in ones to their subject, anonymous ones to nobody; keys become per owner',
    async () => {
      const db = await driver.open();
      try {
        // The schema as it was before owners: only the first migration.
        await migrate(db, [{ namespace: 'payment', migrations: Object.fromEntries(first ? [first] : []) }]);
        const legacy = (id: string, key: string, subject: string | null) => sql`
          insert into efa_payment.payment (id, idempotency_key, request_hash, service_id, kassenzeichen,
            status, total_cents, items, purpose, return_path, subject, provider)
          values (${id}, ${key}, 'h', '99102013104000', ${`51${id.slice(0, 10)}`}, 'pending', 2000, '[]'::jsonb,
            'p', '/', ${subject}, 'sim')`;
        await legacy('1000000000-signed-in', 'key-of-erika-0000001', 'bpk-1').execute(db);
        await legacy('2000000000-anonymous', 'key-of-someone-00001', null).execute(db);
        await migrate(db, [paymentMigrations]);

        const rows = await db
          .withTables<PaymentTables>()
          .selectFrom('efa_payment.payment')
          .select(['id', 'owner_hash'])
          .orderBy('id')
          .execute();
        expect(rows[0]?.owner_hash).toBe(paymentOwnerHash('subject', 'bpk-1'));
        // No subject and no browser capability hashes to the anonymous row's owner.
        expect(rows[1]?.owner_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(rows[1]?.owner_hash).not.toBe(paymentOwnerHash('browser', ''));
        expect(rows[1]?.owner_hash).not.toBe(paymentOwnerHash('subject', ''));
        // The same key from another owner is now another payment, not a conflict.
        await expect(
          sql`insert into efa_payment.payment (id, owner_hash, idempotency_key, request_hash, service_id,
            kassenzeichen, status, total_cents, items, purpose, return_path, provider)
            values ('3000000000-other', ${paymentOwnerHash('subject', 'bpk-2')}, 'key-of-erika-0000001', 'h',
            '99102013104000', '513000000000', 'created', 2000, '[]'::jsonb, 'p', '/', 'sim')`.execute(db),
        ).resolves.toBeDefined();
        await expect(
          sql`insert into efa_payment.payment (id, owner_hash, idempotency_key, request_hash, service_id,
            kassenzeichen, status, total_cents, items, purpose, return_path, provider)
            values ('4000000000-dup', ${paymentOwnerHash('subject', 'bpk-1')}, 'key-of-erika-0000001', 'h',
            '99102013104000', '514000000000', 'created', 2000, '[]'::jsonb, 'p', '/', 'sim')`.execute(db),
        ).rejects.toThrow();
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );
  it.skipIf(!driver.available)(
    'issue 12: migration 0003 leaves earlier payments unbound and allows one open payment per owner, application and amount',
    async () => {
      const db = await driver.open();
      try {
        const [one, two] = Object.entries(paymentMigrations.migrations);
        await migrate(db, [
          { namespace: 'payment', migrations: Object.fromEntries([one, two].filter((m) => m !== undefined)) },
        ]);
        const erika = paymentOwnerHash('subject', 'bpk-1');
        await sql`insert into efa_payment.payment (id, owner_hash, idempotency_key, request_hash, service_id,
            kassenzeichen, status, total_cents, items, purpose, return_path, provider)
            values ('0000000000-before', ${erika}, 'key-before-00000001', 'h', '99102013104000', '510000000001',
            'paid', 2000, '[]'::jsonb, 'p', '/', 'sim')`.execute(db);
        await migrate(db, [paymentMigrations]);
        const before = await db
          .withTables<PaymentTables>()
          .selectFrom('efa_payment.payment')
          .select('application_id')
          .where('id', '=', '0000000000-before')
          .executeTakeFirstOrThrow();
        expect(before.application_id).toBeNull();

        const application = '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
        let n = 10;
        const insert = (
          owner: string,
          status: string,
          total: number,
          applicationId: string | null = application,
        ) => {
          n += 1;
          return sql`insert into efa_payment.payment (id, owner_hash, idempotency_key, request_hash, service_id,
            kassenzeichen, status, total_cents, items, purpose, return_path, provider, application_id)
            values (${`p-${n}`}, ${owner}, ${`key-${n}-000000000000`}, 'h', '99102013104000', ${`5100000000${n}`},
            ${status}, ${total}, '[]'::jsonb, 'p', '/', 'sim', ${applicationId})`.execute(db);
        };
        await insert(erika, 'pending', 2000);
        // A second open one for the same owner, application and amount is refused …
        await expect(insert(erika, 'created', 2000)).rejects.toThrow();
        // … another amount, another owner, an unbound one and ended ones are not.
        await insert(erika, 'created', 3000);
        await insert(paymentOwnerHash('subject', 'bpk-2'), 'pending', 2000);
        await insert(erika, 'pending', 2000, null);
        await insert(erika, 'pending', 2000, null);
        await insert(erika, 'failed', 2000);
        await insert(erika, 'paid', 2000);
        // A late success of an ended attempt never collides with the open one.
        await sql`update efa_payment.payment set status = 'paid' where status = 'failed' and application_id = ${application}`.execute(
          db,
        );
        // Once the open one ends, a new attempt may open.
        await sql`update efa_payment.payment set status = 'expired' where id = 'p-11'`.execute(db);
        await insert(erika, 'created', 2000);
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );
});
