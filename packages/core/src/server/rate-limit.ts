import { CompiledQuery, sql } from 'kysely';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { EfaDatabase } from './context.js';
import type { PackageMigrations } from './migrations.js';

const tableName = 'efa_rate_limit';

/** The table rate-limiter-flexible's PostgreSQL store writes, created by migration, not at run time. */
export const rateLimitMigrations: PackageMigrations = {
  namespace: 'core',
  migrations: {
    '0001_rate_limit': {
      async up(db) {
        await sql`create table if not exists efa_rate_limit (
          key varchar(255) primary key,
          points integer not null default 0,
          expire bigint
        )`.execute(db);
      },
    },
  },
};

export interface RateLimitOptions {
  /** Points a client may spend per window (a call costs its procedure's `cost`, default 1). */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
}

export const defaultRateLimit: RateLimitOptions = { points: 120, durationSeconds: 60 };

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RequestRateLimiter {
  consume(clientKey: string, points: number): Promise<RateLimitDecision>;
}

interface PgQuery {
  text: string;
  values?: unknown[];
}

/**
 * The store's client interface (`query({ text, values })` answering `{ rows, rowCount }`) over
 * the kit's Kysely database, so the same counters work on PGlite and on PostgreSQL.
 */
function kyselyStoreClient(db: EfaDatabase) {
  return {
    async query(query: PgQuery) {
      const result = await db.executeQuery(CompiledQuery.raw(query.text, query.values ?? []));
      const rows = result.rows.map((row) => {
        // PGlite may hand int8 back as BigInt; the store does arithmetic with Date.now().
        const record = row as Record<string, unknown>;
        return typeof record.expire === 'bigint' ? { ...record, expire: Number(record.expire) } : record;
      });
      return { rows, rowCount: rows.length > 0 ? rows.length : Number(result.numAffectedRows ?? 0) };
    },
  };
}

/**
 * Counters in the database (rate-limiter-flexible's PostgreSQL store), so a limit holds across
 * several app servers. If the database cannot answer, a per-process counter with the same limit
 * stands in rather than letting everything through or refusing everyone.
 */
export function createRateLimiter(
  db: EfaDatabase,
  options: RateLimitOptions = defaultRateLimit,
): RequestRateLimiter {
  const limiter = new RateLimiterPostgres({
    storeClient: kyselyStoreClient(db),
    storeType: 'client',
    tableName,
    tableCreated: true,
    clearExpiredByTimeout: true,
    points: options.points,
    duration: options.durationSeconds,
    insuranceLimiter: new RateLimiterMemory({ points: options.points, duration: options.durationSeconds }),
  });
  return {
    async consume(clientKey, points) {
      try {
        await limiter.consume(clientKey, points);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        throw rejection;
      }
    },
  };
}
