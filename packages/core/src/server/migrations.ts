import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { EfaDatabase } from './context.js';

/**
 * A package's migrations. Names are prefixed with the package's namespace when run, so two
 * packages may both have "0001_init"; within a package they run in name order.
 */
export interface PackageMigrations {
  namespace: string;
  migrations: Record<
    string,
    { up(db: Kysely<unknown>): Promise<void>; down?(db: Kysely<unknown>): Promise<void> }
  >;
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

/**
 * Runs every package's pending migrations in one Kysely migrator (one history table,
 * one lock). Capabilities are independent of each other, so a package added later may run
 * its migrations after others' newer ones (unordered migrations are allowed across packages).
 */
export async function migrate(
  db: EfaDatabase,
  packages: readonly PackageMigrations[],
): Promise<MigrationResultSet> {
  const all: Record<string, Migration> = {};
  for (const pkg of packages) {
    if (!/^[a-z][a-z0-9_-]*$/.test(pkg.namespace))
      throw new RangeError(`Bad migration namespace ${pkg.namespace}`);
    for (const [name, migration] of Object.entries(pkg.migrations)) {
      all[`${pkg.namespace}:${name}`] = migration;
    }
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    allowUnorderedMigrations: true,
    migrationTableName: 'efa_migration',
    migrationLockTableName: 'efa_migration_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailedError(`Migration ${failed} failed`, { cause: result.error });
  }
  return result;
}
