import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './database.js';
import { MigrationFailedError, migrate, type PackageMigrations } from './migrations.js';

const table = (name: string): PackageMigrations['migrations'][string] => ({
  up: async (db) => {
    await sql`create table ${sql.raw(name)} (id int primary key)`.execute(db);
  },
});

const a: PackageMigrations = { namespace: 'alpha', migrations: { '0001_init': table('alpha_t') } };
const b: PackageMigrations = { namespace: 'beta', migrations: { '0001_init': table('beta_t') } };

describe('migrate: each capability its own packages, one history', () => {
  it('migrates packages one by one and together, and leaves the others history alone', async () => {
    const db = await createDatabase();
    try {
      await migrate(db, [a, b]);
      // A capability that migrates only its own package after the portal migrated all of them.
      await expect(migrate(db, [a])).resolves.toBeDefined();
      const c: PackageMigrations = { namespace: 'gamma', migrations: { '0001_init': table('gamma_t') } };
      await migrate(db, [c]);
      const rows = await sql<{ name: string }>`select name from efa_migration order by name`.execute(db);
      expect(rows.rows.map((row) => row.name)).toEqual([
        'alpha:0001_init',
        'beta:0001_init',
        'gamma:0001_init',
      ]);
      // A migration of the package's own namespace that has gone missing is still an error.
      await expect(migrate(db, [{ namespace: 'beta', migrations: {} }])).rejects.toBeInstanceOf(
        MigrationFailedError,
      );
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
