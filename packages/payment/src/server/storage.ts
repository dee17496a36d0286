import type { PackageMigrations } from '@efa-kit/core/server';
import { type Kysely, sql } from 'kysely';
import type { LineItem, PaymentStatus } from '../schema/index.js';

/** Tables of the `efa_payment` schema, as Kysely sees them. */
export interface PaymentRow {
  id: string;
  /**
   * SHA-256 (hex) of who may see and act on the payment: `subject:<sub>` for a signed-in
   * person, `browser:<capability>` for the browser that created it anonymously (see owner.ts).
   */
  owner_hash: string;
  /** Unique per owner, never across owners. */
  idempotency_key: string;
  /** Hash of what the idempotency key was used for, so a reused key with other data is refused. */
  request_hash: string;
  service_id: string;
  kassenzeichen: string;
  status: PaymentStatus;
  version: number;
  total_cents: number;
  items: LineItem[];
  purpose: string;
  return_path: string;
  retry_of: string | null;
  /** The application the fee is for (browser-generated UUID); null for an unbound payment. */
  application_id: string | null;
  subject: string | null;
  provider: string;
  provider_transaction_id: string | null;
  provider_reference: string | null;
  provider_redirect_url: string | null;
  provider_status: string | null;
  provider_method: string | null;
  status_detail: string | null;
  /** Set while one process submits the payment to the provider (a lease, see service.ts). */
  submit_claimed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  checked_at: Date | null;
}

export interface TransitionRow {
  payment_id: string;
  version: number;
  from_status: PaymentStatus;
  to_status: PaymentStatus;
  source: string;
  provider_status: string | null;
  detail: string | null;
  at: Date;
}

export type PaymentTables = {
  'efa_payment.payment': PaymentRow;
  'efa_payment.transition': TransitionRow;
};

export type PaymentDb = Kysely<PaymentTables>;

export const paymentMigrations: PackageMigrations = {
  namespace: 'payment',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_payment').ifNotExists().execute();
        await sql`create sequence if not exists efa_payment.kassenzeichen_seq`.execute(db);
        await db.schema
          .withSchema('efa_payment')
          .createTable('payment')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('service_id', 'text', (c) => c.notNull())
          .addColumn('kassenzeichen', 'text', (c) => c.notNull().unique())
          .addColumn('status', 'text', (c) =>
            c
              .notNull()
              .check(sql`status in ('created','pending','paid','failed','cancelled','expired','refunded')`),
          )
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('total_cents', 'bigint', (c) => c.notNull().check(sql`total_cents > 0`))
          .addColumn('items', 'jsonb', (c) => c.notNull())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('return_path', 'text', (c) => c.notNull())
          .addColumn('retry_of', 'text')
          .addColumn('subject', 'text')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('provider_transaction_id', 'text')
          .addColumn('provider_reference', 'text')
          .addColumn('provider_redirect_url', 'text')
          .addColumn('provider_status', 'text')
          .addColumn('provider_method', 'text')
          .addColumn('status_detail', 'text')
          .addColumn('submit_claimed_at', 'timestamptz')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('paid_at', 'timestamptz')
          .addColumn('checked_at', 'timestamptz')
          .execute();
        // The reconciler's work list and the cash office's export by period.
        await db.schema
          .withSchema('efa_payment')
          .createIndex('payment_status_updated')
          .on('payment')
          .columns(['status', 'updated_at'])
          .execute();
        await db.schema
          .withSchema('efa_payment')
          .createIndex('payment_created')
          .on('payment')
          .column('created_at')
          .execute();
        await db.schema
          .withSchema('efa_payment')
          .createTable('transition')
          .addColumn('payment_id', 'text', (c) => c.notNull().references('efa_payment.payment.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('from_status', 'text', (c) => c.notNull())
          .addColumn('to_status', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('provider_status', 'text')
          .addColumn('detail', 'text')
          .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addPrimaryKeyConstraint('transition_pk', ['payment_id', 'version'])
          .execute();
      },
    },
    '0002_owner': {
      // Issue 11, finding 1: every payment belongs to someone, and idempotency keys are that
      // owner's, not global. Rows from before get their subject as owner; anonymous ones an
      // owner nobody holds (a hash of their id under a kind no caller can present), so no
      // one can read them any more. The reconciler and the cash office's export still do.
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_payment')
          .alterTable('payment')
          .addColumn('owner_hash', 'text')
          .execute();
        await sql`update efa_payment.payment set owner_hash = encode(sha256(convert_to(
            case when subject is not null then 'subject:' || subject else 'legacy:' || id end, 'UTF8')), 'hex')`.execute(
          db,
        );
        await sql`alter table efa_payment.payment alter column owner_hash set not null`.execute(db);
        await sql`alter table efa_payment.payment drop constraint if exists payment_idempotency_key_key`.execute(
          db,
        );
        await db.schema
          .withSchema('efa_payment')
          .alterTable('payment')
          .addUniqueConstraint('payment_owner_idempotency_key', ['owner_hash', 'idempotency_key'])
          .execute();
      },
    },
    '0003_application': {
      // Issue 12: a payment can be bound to the application it pays for, so that submit finds
      // it. Earlier rows stay unbound (null). The partial unique index allows at most one open
      // payment per owner, application and amount: two tabs paying the same fee for the same
      // application meet at one payment instead of charging twice. Only `created` and `pending`
      // count, and no row ever moves back into them, so a late success of an ended attempt
      // (failed/expired → paid) can never collide with it.
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_payment')
          .alterTable('payment')
          .addColumn('application_id', 'text')
          .execute();
        await sql`create index if not exists payment_owner_application
          on efa_payment.payment (owner_hash, application_id) where application_id is not null`.execute(db);
        await sql`create unique index if not exists payment_open_per_application
          on efa_payment.payment (owner_hash, application_id, total_cents)
          where application_id is not null and status in ('created', 'pending')`.execute(db);
      },
    },
  },
};

/** Kassenzeichen: prefix, 9-digit running number, Luhn check digit (catches typos at the bank). */
export function kassenzeichenFor(prefix: string, sequence: number): string {
  const body = `${prefix}${String(sequence).padStart(9, '0')}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
