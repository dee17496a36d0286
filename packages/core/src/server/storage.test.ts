import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isEfaError } from '../errors.js';
import { testDatabases } from '../testing/databases.js';
import type { EfaDatabase } from './context.js';
import { createDatabase, parseDatabaseTarget } from './database.js';
import { migrate, type PackageMigrations } from './migrations.js';

// A type alias, not an interface: Kysely's table map needs an index signature.
type NoteTables = {
  'efa_notes.note': { id: string; body: string; amount_cents: number; created_at: Generated<Date> };
};

const notesMigrations: PackageMigrations = {
  namespace: 'notes',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_notes').execute();
        await db.schema
          .withSchema('efa_notes')
          .createTable('note')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('amount_cents', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .execute();
      },
    },
  },
};

describe.each(testDatabases(inject('efaPostgresUrl')))('storage on $name', (driver) => {
  let db: EfaDatabase;
  let notes: Kysely<NoteTables>;

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [notesMigrations]);
    notes = db.withTables<NoteTables>();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it.skipIf(!driver.available)('runs migrations once, however often it is asked', async () => {
    const again = await migrate(db, [notesMigrations]);
    expect(again.results).toEqual([]);
  });

  it.skipIf(!driver.available)('stores and reads rows with the same types on both drivers', async () => {
    await notes
      .insertInto('efa_notes.note')
      .values({ id: 'a', body: 'Hund anmelden', amount_cents: 9_007_199_254 })
      .execute();
    const row = await notes
      .selectFrom('efa_notes.note')
      .selectAll()
      .where('id', '=', 'a')
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Hund anmelden');
    expect(row.amount_cents).toBe(9_007_199_254);
    expect(row.created_at).toBeInstanceOf(Date);
  });

  it.skipIf(!driver.available)('counts affected rows', async () => {
    const result = await notes
      .updateTable('efa_notes.note')
      .set({ body: 'x' })
      .where('id', '=', 'nobody')
      .executeTakeFirst();
    expect(result.numUpdatedRows).toBe(0n);
  });

  it.skipIf(!driver.available)('rolls a failed transaction back whole', async () => {
    await expect(
      notes.transaction().execute(async (trx) => {
        await trx.insertInto('efa_notes.note').values({ id: 'b', body: 'kept?', amount_cents: 1 }).execute();
        await trx
          .insertInto('efa_notes.note')
          .values({ id: 'b', body: 'duplicate key', amount_cents: 1 })
          .execute();
      }),
    ).rejects.toThrow();
    const rows = await notes.selectFrom('efa_notes.note').select('id').where('id', '=', 'b').execute();
    expect(rows).toEqual([]);
  });

  it.skipIf(!driver.available)('keeps concurrent transactions apart', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        notes.transaction().execute(async (trx) => {
          await trx
            .insertInto('efa_notes.note')
            .values({ id: `c${i}`, body: 'c', amount_cents: i })
            .execute();
        }),
      ),
    );
    const { count } = await notes
      .selectFrom('efa_notes.note')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('body', '=', 'c')
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(10);
  });
});

describe('database configuration', () => {
  it('reads the URL forms', () => {
    expect(parseDatabaseTarget(undefined)).toEqual({ kind: 'pglite-memory' });
    expect(parseDatabaseTarget('.data/db')).toEqual({ kind: 'pglite-folder', folder: '.data/db' });
    expect(parseDatabaseTarget('postgres://u:p@db.example:5432/efa').kind).toBe('postgres');
  });

  it('rejects a bad URL with one clear error and hides the password', () => {
    try {
      parseDatabaseTarget('mysql://user:secret@host/db');
      expect.unreachable();
    } catch (error) {
      expect(isEfaError(error) && error.code).toBe('DATABASE_URL_INVALID');
      expect(String(error)).not.toContain('secret');
    }
  });

  it('fails fast with DATABASE_UNREACHABLE when no server answers', async () => {
    // Port 9 (discard) on loopback: nothing listens there in this sandbox.
    await expect(createDatabase('postgres://nobody:pw@127.0.0.1:9/efa')).rejects.toMatchObject({
      code: 'DATABASE_UNREACHABLE',
    });
  });
});
