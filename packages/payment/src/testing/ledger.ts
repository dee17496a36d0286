import { type Kysely, sql } from 'kysely';
import type { ProviderStatus } from '../schema/index.js';

/**
 * The simulator's ledger: every transaction it created, so that a restart over the same
 * database answers for every payment it ever accepted (issue 11, finding 6). Its own schema,
 * apart from the payment records of the portal, which may share the database in development.
 */
export interface SimulatorTransactionRow {
  transaction_id: string;
  tenant: string;
  request_id: string;
  request: Record<string, unknown>;
  total_cents: number;
  redirect_url: string;
  status: ProviderStatus;
  previous_status: ProviderStatus;
  /** Epoch ms from which `status` is reported (slow status changes). */
  visible_at: number;
  status_detail: string | null;
  reference: string | null;
  method: string | null;
  method_detail: string | null;
  paid_at: Date | null;
  created_at: Date;
  /** Epoch ms of a late authorisation (the timeout test card), applied when it is next read. */
  succeed_at: number | null;
  /** The pay page's language as the service named it at creation ('de' | 'en'), or null. */
  lang: string | null;
}

export type SimulatorTables = {
  'efa_payment_simulator.transaction': SimulatorTransactionRow;
};

/**
 * Creates the ledger's schema and table where they are missing. Not a migration: the database
 * may be the portal's own (development), whose migration history lists only the portal's
 * packages, and core's migrator refuses histories that name migrations it is not given. Later
 * changes to the ledger add columns with `if not exists` here.
 */
export async function ensureSimulatorLedger(db: Kysely<object>): Promise<void> {
  await db.schema.createSchema('efa_payment_simulator').ifNotExists().execute();
  await db.schema
    .withSchema('efa_payment_simulator')
    .createTable('transaction')
    .ifNotExists()
    .addColumn('transaction_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('total_cents', 'bigint', (c) => c.notNull())
    .addColumn('redirect_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text', (c) => c.notNull())
    .addColumn('visible_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status_detail', 'text')
    .addColumn('reference', 'text')
    .addColumn('method', 'text')
    .addColumn('method_detail', 'text')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('succeed_at', 'bigint')
    .addUniqueConstraint('transaction_tenant_request', ['tenant', 'request_id'])
    .execute();
  // Issue 12: the pay page speaks the language the service named; ledgers from before lack it.
  await sql`alter table efa_payment_simulator.transaction add column if not exists lang text`.execute(db);
}
