import { type EfaDatabase, migrate, type PackageMigrations } from '@efa-kit/core/server';
import { type Generated, type Kysely, sql } from 'kysely';
import { deliveryServiceError } from './errors.js';

/**
 * The development delivery service's ledger, schema `efa_delivery_service`: cases, submissions
 * with their ciphertext, the event log (the signed SETs as issued), the service's signing keys,
 * access tokens (hashed) and the callback outbox. Everything a restart must not lose.
 */
export interface SigningKeyRow {
  kid: string;
  private_jwk: Record<string, unknown>;
  public_jwk: { kty: string; kid: string; n: string; e: string };
  created_at: Date;
}

export interface AccessTokenRow {
  /** SHA-256 (hex) of the opaque token: a copy of the ledger gives no usable token. */
  token_hash: string;
  client_id: string;
  role: 'sender' | 'subscriber';
  expires_at: Date;
}

export interface CaseRow {
  case_id: string;
  destination_id: string;
  /** The sender that opened the case; only it may add submissions and read its events. */
  sender_client_id: string;
  created_at: Date;
  last_event_at: Date;
}

export type SubmissionStatus = 'incomplete' | 'submitted' | 'accepted' | 'rejected' | 'deleted';

export interface AuthenticationTags {
  metadata: string;
  data?: string;
  attachments: Record<string, string>;
}

export interface SubmissionRow {
  submission_id: string;
  case_id: string;
  destination_id: string;
  sender_client_id: string;
  service_identifier: string;
  service_name: string;
  announced_attachments: string[];
  status: SubmissionStatus;
  encrypted_metadata: string | null;
  encrypted_data: string | null;
  /** The JWEs' authentication tags at submit, kept after the content is deleted. */
  authentication_tags: AuthenticationTags | null;
  created_at: Date;
  submitted_at: Date | null;
  /** First time a subscriber read the submission (FITKO's "Abholung"). */
  fetched_at: Date | null;
  accepted_at: Date | null;
  rejected_at: Date | null;
  rejected_by: 'service' | 'destination' | null;
  content_deleted_at: Date | null;
}

export interface AttachmentRow {
  submission_id: string;
  attachment_id: string;
  content: string;
  uploaded_at: Date;
}

export interface EventRow {
  seq: number;
  jti: string;
  case_id: string;
  submission_id: string;
  event_name: string;
  issuer: string;
  /** The SET; for the service's own events null until the event log is first read. */
  token: string | null;
  /** The claims of the service's own SET, kept when signed (a subscriber's SET has none). */
  claims: Record<string, unknown> | null;
  issued_at: Date;
}

export interface CallbackRow {
  id: string;
  destination_id: string;
  /** A sender's new-events callback goes to this client's URL; null: the destination's. */
  client_id: string | null;
  body: string;
  attempts: number;
  /** Real time (callbacks are retried on the wall clock, not the injectable one). */
  next_attempt_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

/**
 * A reply on a case, from the destination's subscriber back to the case's sender (Rückkanal):
 * a question, a status or a Bescheid, encrypted to the sender's reply key. The resource and
 * its routes are the kit's own (see docs/adr/0008-casework-and-mailbox.md).
 */
export interface ReplyRow {
  reply_id: string;
  case_id: string;
  destination_id: string;
  subscriber_client_id: string;
  announced_attachments: string[];
  status: 'incomplete' | 'submitted' | 'accepted';
  encrypted_data: string | null;
  created_at: Date;
  submitted_at: Date | null;
  /** The sender took the reply into its system (it leaves the sender's list). */
  accepted_at: Date | null;
  /** The citizen first opened it, as the sender reports it: the read receipt. */
  retrieved_at: Date | null;
}

/** A signature key registered at run time (as in FITKO's self-service portal); wins over the configured one. */
export interface DestinationSigningKeyRow {
  destination_id: string;
  public_jwk: { kty: 'RSA'; kid: string; n: string; e: string };
  registered_at: Date;
}

export interface ReplyAttachmentRow {
  reply_id: string;
  attachment_id: string;
  content: string;
  uploaded_at: Date;
}

export type LedgerTables = {
  'efa_delivery_service.signing_key': SigningKeyRow;
  'efa_delivery_service.access_token': AccessTokenRow;
  'efa_delivery_service.fit_case': CaseRow;
  'efa_delivery_service.submission': SubmissionRow;
  'efa_delivery_service.attachment': AttachmentRow;
  'efa_delivery_service.event': Omit<EventRow, 'seq'> & { seq: Generated<number> };
  'efa_delivery_service.callback': CallbackRow;
  'efa_delivery_service.reply': ReplyRow;
  'efa_delivery_service.destination_signing_key': DestinationSigningKeyRow;
  'efa_delivery_service.reply_attachment': ReplyAttachmentRow;
};

export type LedgerDb = Kysely<LedgerTables>;

export const deliveryServiceMigrations: PackageMigrations = {
  namespace: 'delivery-service',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_delivery_service').ifNotExists().execute();
        const schema = db.schema.withSchema('efa_delivery_service');
        await schema
          .createTable('signing_key')
          .addColumn('kid', 'text', (c) => c.primaryKey())
          .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
          .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema
          .createTable('access_token')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('client_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('sender','subscriber')`))
          .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema.createIndex('access_token_expires').on('access_token').column('expires_at').execute();
        await schema
          .createTable('fit_case')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('destination_id', 'text', (c) => c.notNull())
          .addColumn('sender_client_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .addColumn('last_event_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema.createIndex('fit_case_last_event').on('fit_case').column('last_event_at').execute();
        await schema
          .createTable('submission')
          .addColumn('submission_id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('efa_delivery_service.fit_case.case_id'),
          )
          .addColumn('destination_id', 'text', (c) => c.notNull())
          .addColumn('sender_client_id', 'text', (c) => c.notNull())
          .addColumn('service_identifier', 'text', (c) => c.notNull())
          .addColumn('service_name', 'text', (c) => c.notNull())
          .addColumn('announced_attachments', 'jsonb', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('incomplete','submitted','accepted','rejected','deleted')`),
          )
          .addColumn('encrypted_metadata', 'text')
          .addColumn('encrypted_data', 'text')
          .addColumn('authentication_tags', 'jsonb')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .addColumn('submitted_at', 'timestamptz')
          .addColumn('fetched_at', 'timestamptz')
          .addColumn('accepted_at', 'timestamptz')
          .addColumn('rejected_at', 'timestamptz')
          .addColumn('rejected_by', 'text', (c) => c.check(sql`rejected_by in ('service','destination')`))
          .addColumn('content_deleted_at', 'timestamptz')
          .execute();
        // The subscriber's list (by destination and status) and the deadline sweep.
        await schema
          .createIndex('submission_destination_status')
          .on('submission')
          .columns(['destination_id', 'status', 'submitted_at'])
          .execute();
        await schema
          .createIndex('submission_status_created')
          .on('submission')
          .columns(['status', 'created_at'])
          .execute();
        await schema.createIndex('submission_case').on('submission').column('case_id').execute();
        await schema
          .createTable('attachment')
          .addColumn('submission_id', 'text', (c) =>
            c.notNull().references('efa_delivery_service.submission.submission_id').onDelete('cascade'),
          )
          .addColumn('attachment_id', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
          .addPrimaryKeyConstraint('attachment_pk', ['submission_id', 'attachment_id'])
          .execute();
        await schema
          .createTable('event')
          .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('jti', 'text', (c) => c.notNull().unique())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('submission_id', 'text', (c) => c.notNull())
          .addColumn('event_name', 'text', (c) => c.notNull())
          .addColumn('issuer', 'text', (c) => c.notNull())
          .addColumn('token', 'text', (c) => c.notNull())
          .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema.createIndex('event_case_seq').on('event').columns(['case_id', 'seq']).execute();
        await schema
          .createTable('callback')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('destination_id', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
          .addColumn('delivered_at', 'timestamptz')
          .addColumn('failed_at', 'timestamptz')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema
          .createIndex('callback_pending')
          .on('callback')
          .column('next_attempt_at')
          .where(sql.ref('delivered_at'), 'is', null)
          .execute();
      },
    },
    // The service's own SETs are signed when the log is first read, not when they happen.
    '0002_lazy_event_signing': {
      async up(db: Kysely<unknown>) {
        const schema = db.schema.withSchema('efa_delivery_service');
        await schema.alterTable('event').addColumn('claims', 'jsonb').execute();
        await schema
          .alterTable('event')
          .alterColumn('token', (c) => c.dropNotNull())
          .execute();
        await schema
          .alterTable('event')
          .addCheckConstraint('event_token_or_claims', sql`token is not null or claims is not null`)
          .execute();
      },
    },
    // Ciphertext does not compress: storing it out of line uncompressed spares PostgreSQL the
    // attempt (pglz over every upload and submit).
    '0003_ciphertext_uncompressed': {
      async up(db: Kysely<unknown>) {
        for (const [table, column] of [
          ['attachment', 'content'],
          ['submission', 'encrypted_metadata'],
          ['submission', 'encrypted_data'],
        ] as const) {
          await sql`alter table ${sql.id('efa_delivery_service', table)} alter column ${sql.id(column)} set storage external`.execute(
            db,
          );
        }
      },
    },
    // Replies on a case, subscriber to sender (issue 13).
    '0004_replies': {
      async up(db: Kysely<unknown>) {
        const schema = db.schema.withSchema('efa_delivery_service');
        await schema
          .createTable('reply')
          .addColumn('reply_id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('efa_delivery_service.fit_case.case_id'),
          )
          .addColumn('destination_id', 'text', (c) => c.notNull())
          .addColumn('subscriber_client_id', 'text', (c) => c.notNull())
          .addColumn('announced_attachments', 'jsonb', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('incomplete','submitted','accepted')`),
          )
          .addColumn('encrypted_data', 'text')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .addColumn('submitted_at', 'timestamptz')
          .addColumn('accepted_at', 'timestamptz')
          .addColumn('retrieved_at', 'timestamptz')
          .execute();
        await schema.createIndex('reply_case').on('reply').columns(['case_id', 'created_at']).execute();
        await schema.createIndex('reply_status').on('reply').columns(['status', 'submitted_at']).execute();
        await schema
          .createTable('reply_attachment')
          .addColumn('reply_id', 'text', (c) =>
            c.notNull().references('efa_delivery_service.reply.reply_id').onDelete('cascade'),
          )
          .addColumn('attachment_id', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
          .addPrimaryKeyConstraint('reply_attachment_pk', ['reply_id', 'attachment_id'])
          .execute();
        await schema
          .createTable('destination_signing_key')
          .addColumn('destination_id', 'text', (c) => c.primaryKey())
          .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
          .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
          .execute();
        for (const [table, column] of [
          ['reply', 'encrypted_data'],
          ['reply_attachment', 'content'],
        ] as const) {
          await sql`alter table ${sql.id('efa_delivery_service', table)} alter column ${sql.id(column)} set storage external`.execute(
            db,
          );
        }
      },
    },
    // Callbacks to senders (new events on their cases), issue 12.
    '0005_sender_callbacks': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_delivery_service')
          .alterTable('callback')
          .addColumn('client_id', 'text')
          .execute();
      },
    },
  },
};

/** A jsonb parameter that both drivers pass the same way (PGlite would turn arrays into PG arrays). */
export function jsonb<T>(value: T) {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}

const ownPrefix = `${deliveryServiceMigrations.namespace}:`;

/**
 * Brings the ledger's schema up to date. Core's migrator refuses a history that names
 * migrations it is not given, so on a database other packages migrate too (the portal's, in
 * development) the application must list `deliveryServiceMigrations` in its own migrate()
 * call; here that case is recognised and either accepted (all applied) or refused with a
 * coded error that says what to do, instead of Kysely's "corrupted migrations".
 */
export async function ensureLedger(db: EfaDatabase, runMigrations: boolean): Promise<void> {
  const table = await sql<{
    found: string | null;
  }>`select to_regclass('efa_migration')::text as found`.execute(db);
  const history = table.rows[0]?.found
    ? (await sql<{ name: string }>`select name from efa_migration`.execute(db)).rows.map((row) => row.name)
    : [];
  const foreign = history.filter((name) => !name.startsWith(ownPrefix));
  const pending = Object.keys(deliveryServiceMigrations.migrations).filter(
    (name) => !history.includes(`${ownPrefix}${name}`),
  );
  if (pending.length === 0) return;
  if (!runMigrations || foreign.length > 0) throw deliveryServiceError('DELIVERY_SERVICE_MIGRATIONS_PENDING');
  await migrate(db, [deliveryServiceMigrations]);
}
