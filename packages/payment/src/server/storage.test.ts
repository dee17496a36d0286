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
          values (${id}, ${key}, 'h', '99108008252000', ${`51${id.slice(0, 10)}`}, 'pending', 2000, '[]'::jsonb,
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
            '99108008252000', '513000000000', 'created', 2000, '[]'::jsonb, 'p', '/', 'sim')`.execute(db),
        ).resolves.toBeDefined();
        await expect(
          sql`insert into efa_payment.payment (id, owner_hash, idempotency_key, request_hash, service_id,
            kassenzeichen, status, total_cents, items, purpose, return_path, provider)
            values ('4000000000-dup', ${paymentOwnerHash('subject', 'bpk-1')}, 'key-of-erika-0000001', 'h',
            '99108008252000', '514000000000', 'created', 2000, '[]'::jsonb, 'p', '/', 'sim')`.execute(db),
        ).rejects.toThrow();
      } finally {
        await db.destroy();
      }
    },
    60_000,
  );
});
