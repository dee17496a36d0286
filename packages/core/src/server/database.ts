import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { defineErrors } from '../errors.js';
import { coreMessages } from '../messages/index.js';
import type { EfaDatabase } from './context.js';
import { PGliteDialect } from './pglite-dialect.js';

export const databaseError = defineErrors({
  DATABASE_URL_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: coreMessages.de['error.DATABASE_URL_INVALID'],
    en: coreMessages.en['error.DATABASE_URL_INVALID'],
  },
  DATABASE_UNREACHABLE: {
    status: 'SERVICE_UNAVAILABLE',
    de: coreMessages.de['error.DATABASE_UNREACHABLE'],
    en: coreMessages.en['error.DATABASE_UNREACHABLE'],
  },
});

export type DatabaseTarget =
  | { kind: 'pglite-memory' }
  | { kind: 'pglite-folder'; folder: string }
  | { kind: 'postgres'; url: string };

/**
 * Reads a DATABASE_URL: nothing → PGlite in memory; `postgres://` or `postgresql://` → a
 * PostgreSQL server; `memory://` → PGlite in memory; anything else that looks like a path →
 * PGlite data folder.
 */
export function parseDatabaseTarget(url: string | undefined): DatabaseTarget {
  const value = url?.trim();
  if (!value || value === 'memory://') return { kind: 'pglite-memory' };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const parsed = new URL(value);
      if (!parsed.hostname) throw new TypeError('no host');
    } catch {
      throw databaseError('DATABASE_URL_INVALID', { value: redact(value) });
    }
    return { kind: 'postgres', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /[\0\n]/.test(value)) {
    throw databaseError('DATABASE_URL_INVALID', { value: redact(value) });
  }
  return { kind: 'pglite-folder', folder: value.replace(/^file:/, '') };
}

/** Hides a password in a connection string before it reaches a log or message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

// PostgreSQL's int8 and numeric arrive as strings from `pg`; PGlite gives numbers for int8
// below 2^53 only in some versions. Parse both to JS numbers in `pg` so the drivers agree
// (the kit keeps money in integer cents, far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number.parseInt(value, 10));

/**
 * Opens the kit's database. Verifies the connection before returning, so a wrong URL or a
 * server that is down fails here with one clear error (DATABASE_UNREACHABLE), not later.
 */
export async function createDatabase(url?: string): Promise<EfaDatabase> {
  const target = parseDatabaseTarget(url);
  const pool =
    target.kind === 'postgres'
      ? new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 })
      : undefined;
  // A connection lost while the database restarts or fails over must not end the process: pg
  // reports it as an 'error' event, on the pool for an idle client and on the client itself for
  // one that is checked out, and an event nobody listens to throws. The pool drops the broken
  // client and the next query opens a new connection; the query that was running fails with
  // its own error. (pnpm faulttest kills PostgreSQL under running app servers, issue 17.)
  pool?.on('error', () => {});
  pool?.on('connect', (client) => client.on('error', () => {}));
  const pgliteDialect =
    pool === undefined
      ? new PGliteDialect(() =>
          target.kind === 'pglite-folder' ? PGlite.create(target.folder) : PGlite.create(),
        )
      : undefined;
  const db =
    pool !== undefined
      ? new Kysely<object>({ dialect: new PostgresDialect({ pool }) })
      : new Kysely<object>({ dialect: pgliteDialect as PGliteDialect });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => {});
    const where =
      target.kind === 'postgres'
        ? redact(target.url)
        : target.kind === 'pglite-folder'
          ? target.folder
          : 'memory';
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw databaseError('DATABASE_UNREACHABLE', { target: where, reason }, { cause });
  }
  rawAccess.set(
    db,
    pool ? { kind: 'postgres', pool } : { kind: 'pglite', dialect: pgliteDialect as PGliteDialect },
  );
  return db;
}

/**
 * What is behind a database `createDatabase` opened, for the job queue's raw SQL (Kysely's
 * drivers keep only the rows of the last statement of a multi-statement text).
 */
export type RawDatabaseAccess =
  | { kind: 'postgres'; pool: pg.Pool }
  | { kind: 'pglite'; dialect: PGliteDialect };
const rawAccess = new WeakMap<EfaDatabase, RawDatabaseAccess>();

export function rawAccessOf(db: EfaDatabase): RawDatabaseAccess | undefined {
  return rawAccess.get(db);
}

/** For health checks: true when the database answers a trivial query. */
export async function databaseHealthy(db: EfaDatabase): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
