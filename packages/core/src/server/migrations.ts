import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
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
/** Names of migrations already run, by any package (empty before the first run). */
async function executedNames(db: EfaDatabase): Promise<string[]> {
  try {
    const result = await sql<{ name: string }>`select name from efa_migration`.execute(db);
    return result.rows.map((row) => row.name);
  } catch {
    return [];
  }
}

const noop = { up: async () => undefined };

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
  const namespaces = new Set(packages.map((pkg) => pkg.namespace));
  // Each capability migrates its own packages (docs/adr/0009); other packages' history stays
  // as it is, so Kysely must not take it for missing migrations: they stand in as no-ops.
  const others = async () => {
    const known: Record<string, Migration> = {};
    for (const name of await executedNames(db)) {
      if (!namespaces.has(name.split(':')[0] ?? '') && !all[name]) known[name] = noop;
    }
    return known;
  };
  const run = async () => {
    const foreign = await others();
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ ...foreign, ...all }) },
      allowUnorderedMigrations: true,
      migrationTableName: 'efa_migration',
      migrationLockTableName: 'efa_migration_lock',
    });
    return migrator.migrateToLatest();
  };
  let result = await run();
  // Another process ran another package's migration between our read and our lock: once more.
  if (result.error instanceof Error && /corrupted migrations/i.test(result.error.message))
    result = await run();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailedError(`Migration ${failed} failed`, { cause: result.error });
  }
  return result;
}
