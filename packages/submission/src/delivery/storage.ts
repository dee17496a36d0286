import type { PackageMigrations } from '@efa-kit/core/server';
import { type Kysely, sql } from 'kysely';

/**
 * Where an application stands on its way to the authority. One row per application: the
 * source of truth for the citizen's status and for operators; the job queue only drives it.
 *
 * created → announced (submission created at the delivery service, ids stored at once)
 *         → uploaded (every announced attachment is there) → submitted (the delivery service
 *         took it: "übermittelt") → accepted | rejected (the authority's answer);
 * failed: a refusal that repeating will not change, or the retries ran out. An operator
 * re-drives it after fixing the cause.
 */
export const deliveryStates = [
  'created',
  'announced',
  'uploaded',
  'submitted',
  'accepted',
  'rejected',
  'failed',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];

export interface DeliveryRow {
  application_id: string;
  reference: string;
  /** SHA-256 (hex) of `subject:<sub>`: who may read the status and the receipt. */
  owner_hash: string;
  form_id: string;
  leika_key: string;
  destination_id: string;
  locale: string;
  state: DeliveryState;
  /** The state a failed delivery had reached, so a re-drive continues from there. */
  failed_in: DeliveryState | null;
  submission_id: string | null;
  case_id: string | null;
  attempts: number;
  last_error: string | null;
  /** A lease: the pipeline instance working on the row, until when (a crashed one's runs out). */
  claimed_by: string | null;
  claimed_until: Date | null;
  submitted_at: Date;
  delivered_at: Date | null;
  decided_at: Date | null;
  updated_at: Date;
}

/**
 * An encrypted part of the application. `sealed`: the plaintext under the portal's data key
 * (from submit until the destination's key is known); `jwe`: encrypted for the destination,
 * what goes to the delivery service. Once a part has its JWE the sealed plaintext is dropped,
 * except for what the receipt needs (kind `receipt`, never sent).
 */
export interface DeliveryPartRow {
  application_id: string;
  /** `data`, `metadata`, `receipt`, or an attachment id (UUID). */
  part: string;
  sealed: Uint8Array | null;
  jwe: string | null;
  /**
   * Set by earlier versions per attachment. Uploads are recorded all together as the
   * application's state `uploaded` (one write), so this stays null for new applications.
   */
  uploaded_at: Date | null;
}

/**
 * A callback taken (its HMAC, lower-case hex): the same callback again is a replay. Kept for
 * twice the timestamp window; anything older is refused as stale anyway.
 */
export interface CallbackSeenRow {
  authentication: string;
  seen_at: Date;
}

export type DeliveryTables = {
  'efa_submission.delivery': DeliveryRow;
  'efa_submission.delivery_part': DeliveryPartRow;
  'efa_submission.callback_seen': CallbackSeenRow;
};

export type DeliveryDb = Kysely<DeliveryTables>;

export const deliveryMigrations: PackageMigrations = {
  namespace: 'submission',
  migrations: {
    '0001_delivery': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_submission').ifNotExists().execute();
        await db.schema
          .withSchema('efa_submission')
          .createTable('delivery')
          .addColumn('application_id', 'uuid', (c) => c.primaryKey())
          .addColumn('reference', 'text', (c) => c.notNull().unique())
          .addColumn('owner_hash', 'text', (c) => c.notNull())
          .addColumn('form_id', 'text', (c) => c.notNull())
          .addColumn('leika_key', 'text', (c) => c.notNull())
          .addColumn('destination_id', 'uuid', (c) => c.notNull())
          .addColumn('locale', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) =>
            c
              .notNull()
              .check(
                sql`state in ('created','announced','uploaded','submitted','accepted','rejected','failed')`,
              ),
          )
          .addColumn('failed_in', 'text')
          .addColumn('submission_id', 'uuid', (c) => c.unique())
          .addColumn('case_id', 'uuid')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('claimed_by', 'text')
          .addColumn('claimed_until', 'timestamptz')
          .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
          .addColumn('delivered_at', 'timestamptz')
          .addColumn('decided_at', 'timestamptz')
          .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await db.schema
          .withSchema('efa_submission')
          .createIndex('delivery_owner')
          .on('delivery')
          .columns(['owner_hash', 'submitted_at'])
          .execute();
        await db.schema
          .withSchema('efa_submission')
          .createIndex('delivery_state')
          .on('delivery')
          .columns(['state', 'updated_at'])
          .execute();
        await db.schema
          .withSchema('efa_submission')
          .createTable('delivery_part')
          .addColumn('application_id', 'uuid', (c) =>
            c.notNull().references('efa_submission.delivery.application_id').onDelete('cascade'),
          )
          .addColumn('part', 'text', (c) => c.notNull())
          .addColumn('sealed', 'bytea')
          .addColumn('jwe', 'text')
          .addColumn('uploaded_at', 'timestamptz')
          .addPrimaryKeyConstraint('delivery_part_pk', ['application_id', 'part'])
          .execute();
      },
    },
    // Replay protection of the delivery service's event callbacks (issue 12).
    '0002_callback_seen': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_submission')
          .createTable('callback_seen')
          .addColumn('authentication', 'text', (c) => c.primaryKey())
          .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
          .execute();
      },
    },
    // The parts are ciphertext (sealed plaintext, JWEs) that does not compress: stored out of
    // line uncompressed, PostgreSQL no longer runs pglz over every one in vain (the 50 kB JWE of
    // the application PDF cost about 1 ms of the server's CPU each time it was written).
    '0003_parts_uncompressed': {
      async up(db: Kysely<unknown>) {
        for (const column of ['sealed', 'jwe'])
          await sql`alter table efa_submission.delivery_part alter column ${sql.id(column)} set storage external`.execute(
            db,
          );
      },
    },
  },
};
