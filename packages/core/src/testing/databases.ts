import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { EfaDatabase } from '../server/context.js';
import { createDatabase } from '../server/database.js';

export interface TestDatabaseDriver {
  name: 'pglite' | 'postgres';
  /** Undefined when this driver cannot run here (no PostgreSQL server binaries). */
  available: boolean;
  /** A new, empty database; close it with `db.destroy()`. */
  open(): Promise<EfaDatabase>;
}

/**
 * Both storage drivers, for `describe.each(testDatabases(inject('efaPostgresUrl')))` so that
 * the same storage tests run on PGlite and on a real PostgreSQL server.
 */
export function testDatabases(postgresUrl: string | null | undefined): TestDatabaseDriver[] {
  return [
    { name: 'pglite', available: true, open: () => createDatabase() },
    {
      name: 'postgres',
      available: Boolean(postgresUrl),
      async open() {
        if (!postgresUrl) throw new Error('No PostgreSQL server for tests');
        const admin = await createDatabase(postgresUrl);
        const name = `efa_test_${randomBytes(6).toString('hex')}`;
        try {
          await sql`create database ${sql.id(name)}`.execute(admin);
        } finally {
          await admin.destroy();
        }
        const url = new URL(postgresUrl);
        url.pathname = `/${name}`;
        return createDatabase(url.toString());
      },
    },
  ];
}
