import type { PackageMigrations } from '@efa-kit/core/server';
import { type Generated, type Kysely, sql } from 'kysely';

/**
 * Two sides, two schemas, one boundary: the delivery service between them.
 *
 * `efa_casework` is the authority's side: the cases its destinations received, as ciphertext
 * only (the caseworker's browser decrypts), the messages on each case and their read receipts.
 *
 * `efa_mailbox` is the citizen's side (the portal's mailbox): what the authority replied,
 * decrypted with the portal's reply key and sealed at rest, the decision dates the law needs,
 * and the citizen's consent to electronic notification.
 */
export type CaseStatus = 'received' | 'in_progress' | 'action_required' | 'decided' | 'rejected';
export const caseStatuses = ['received', 'in_progress', 'action_required', 'decided', 'rejected'] as const;
export type Verification = 'unchecked' | 'valid' | 'invalid';

export interface CaseRow {
  case_id: string;
  submission_id: string;
  destination_id: string;
  authority_id: string;
  service_name: string | null;
  leika_key: string | null;
  submitted_at: Date;
  status: CaseStatus;
  /** Known once a caseworker's browser reported it after decrypting. */
  reference: string | null;
  verification: Verification;
  problems: string[] | null;
  encrypted_metadata: string;
  encrypted_data: string | null;
  announced_attachments: string[];
  received_at: Date;
  updated_at: Date;
}

export interface CaseAttachmentRow {
  case_id: string;
  attachment_id: string;
  jwe: string;
}

export interface CaseEventRow {
  id: Generated<number>;
  case_id: string;
  type: string;
  at: Date;
}

export type MessageKind = 'status' | 'question' | 'answer' | 'decision';

export interface CaseMessageRow {
  message_id: string;
  case_id: string;
  direction: 'to_citizen' | 'from_citizen';
  kind: MessageKind;
  /** What the caseworker wrote (to the citizen); null for an answer, which stays ciphertext. */
  title: string | null;
  body: string | null;
  status: CaseStatus | null;
  decision: { filename: string; sha512: string; size: number } | null;
  /** The delivery service's reply (to the citizen) or the follow-up submission (an answer). */
  reply_id: string | null;
  submission_id: string | null;
  encrypted_metadata: string | null;
  encrypted_data: string | null;
  created_at: Date;
  /** The citizen first opened it (the read receipt), as the delivery service reports it. */
  retrieved_at: Date | null;
  /**
   * The citizen's mailbox took the reply (the delivery service's `acceptedAt`): the authority's
   * record of when it was provided for retrieval, which it must be able to prove.
   */
  provided_at: Date | null;
}

export interface MailboxMessageRow {
  message_id: string;
  application_id: string;
  owner_hash: string;
  case_id: string;
  reply_id: string | null;
  kind: MessageKind;
  /** ZBP status carried by a status message (or a decision: COMPLETED). */
  status: string | null;
  /** Title, body, sender, service, reference and attachment list, sealed (createDataSealer). */
  sealed: Uint8Array;
  required_trust_level: 'low' | 'substantial' | 'high';
  provided_at: Date;
  notification_sent_at: Date | null;
  first_retrieved_at: Date | null;
  receipt_sent_at: Date | null;
  /** For an answer: the question it answers. */
  answers: string | null;
  created_at: Date;
}

export interface MailboxAttachmentRow {
  message_id: string;
  n: number;
  filename: string;
  mime_type: string;
  sha512: string;
  size: number;
  sealed: Uint8Array;
}

export interface MailboxConsentRow {
  id: Generated<number>;
  owner_hash: string;
  given: boolean;
  at: Date;
}

export type CaseworkTables = {
  'efa_casework.case': CaseRow;
  'efa_casework.attachment': CaseAttachmentRow;
  'efa_casework.event': CaseEventRow;
  'efa_casework.message': CaseMessageRow;
};

export type MailboxTables = {
  'efa_mailbox.message': MailboxMessageRow;
  'efa_mailbox.attachment': MailboxAttachmentRow;
  'efa_mailbox.consent': MailboxConsentRow;
};

/** The authority's inbox tables (cases as ciphertext). */
export const caseworkMigrations: PackageMigrations = {
  namespace: 'casework',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_casework').ifNotExists().execute();
        const schema = db.schema.withSchema('efa_casework');
        await schema
          .createTable('case')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('submission_id', 'text', (c) => c.notNull().unique())
          .addColumn('destination_id', 'text', (c) => c.notNull())
          .addColumn('authority_id', 'text', (c) => c.notNull())
          .addColumn('service_name', 'text')
          .addColumn('leika_key', 'text')
          .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c
              .notNull()
              .check(sql`status in ('received','in_progress','action_required','decided','rejected')`),
          )
          .addColumn('reference', 'text')
          .addColumn('verification', 'text', (c) =>
            c.notNull().defaultTo('unchecked').check(sql`verification in ('unchecked','valid','invalid')`),
          )
          .addColumn('problems', 'jsonb')
          .addColumn('encrypted_metadata', 'text', (c) => c.notNull())
          .addColumn('encrypted_data', 'text')
          .addColumn('announced_attachments', 'jsonb', (c) => c.notNull())
          .addColumn('received_at', 'timestamptz', (c) => c.notNull())
          .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
          .execute();
        // The inbox list: an authority's cases, newest first, with a keyset cursor.
        await schema
          .createIndex('case_authority_submitted')
          .on('case')
          .columns(['authority_id', 'submitted_at desc', 'case_id desc'])
          .execute();
        await schema
          .createTable('attachment')
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('efa_casework.case.case_id').onDelete('cascade'),
          )
          .addColumn('attachment_id', 'text', (c) => c.notNull())
          .addColumn('jwe', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('casework_attachment_pk', ['case_id', 'attachment_id'])
          .execute();
        await schema
          .createTable('event')
          .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('efa_casework.case.case_id').onDelete('cascade'),
          )
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema.createIndex('casework_event_case').on('event').columns(['case_id', 'id']).execute();
        await schema
          .createTable('message')
          .addColumn('message_id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('efa_casework.case.case_id').onDelete('cascade'),
          )
          .addColumn('direction', 'text', (c) =>
            c.notNull().check(sql`direction in ('to_citizen','from_citizen')`),
          )
          .addColumn('kind', 'text', (c) =>
            c.notNull().check(sql`kind in ('status','question','answer','decision')`),
          )
          .addColumn('title', 'text')
          .addColumn('body', 'text')
          .addColumn('status', 'text')
          .addColumn('decision', 'jsonb')
          .addColumn('reply_id', 'text', (c) => c.unique())
          .addColumn('submission_id', 'text', (c) => c.unique())
          .addColumn('encrypted_metadata', 'text')
          .addColumn('encrypted_data', 'text')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .addColumn('retrieved_at', 'timestamptz')
          .execute();
        await schema
          .createIndex('casework_message_case')
          .on('message')
          .columns(['case_id', 'created_at'])
          .execute();
        for (const [table, column] of [
          ['case', 'encrypted_metadata'],
          ['case', 'encrypted_data'],
          ['attachment', 'jwe'],
        ] as const) {
          await sql`alter table ${sql.id('efa_casework', table)} alter column ${sql.id(column)} set storage external`.execute(
            db,
          );
        }
      },
    },
    // When the mailbox took each reply (proof of provision for the authority).
    '0002_message_provided_at': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_casework')
          .alterTable('message')
          .addColumn('provided_at', 'timestamptz')
          .execute();
      },
    },
  },
};

/** The citizen's mailbox tables (replies decrypted and sealed). */
export const mailboxMigrations: PackageMigrations = {
  namespace: 'mailbox',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_mailbox').ifNotExists().execute();
        const schema = db.schema.withSchema('efa_mailbox');
        await schema
          .createTable('message')
          .addColumn('message_id', 'text', (c) => c.primaryKey())
          .addColumn('application_id', 'text', (c) => c.notNull())
          .addColumn('owner_hash', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('reply_id', 'text', (c) => c.unique())
          .addColumn('kind', 'text', (c) =>
            c.notNull().check(sql`kind in ('status','question','answer','decision')`),
          )
          .addColumn('status', 'text')
          .addColumn('sealed', 'bytea', (c) => c.notNull())
          .addColumn('required_trust_level', 'text', (c) =>
            c.notNull().check(sql`required_trust_level in ('low','substantial','high')`),
          )
          .addColumn('provided_at', 'timestamptz', (c) => c.notNull())
          .addColumn('notification_sent_at', 'timestamptz')
          .addColumn('first_retrieved_at', 'timestamptz')
          .addColumn('receipt_sent_at', 'timestamptz')
          .addColumn('answers', 'text')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull())
          .execute();
        // The mailbox list (per owner) and the per-application message view.
        await schema
          .createIndex('mailbox_message_owner')
          .on('message')
          .columns(['owner_hash', 'application_id', 'provided_at'])
          .execute();
        await schema
          .createIndex('mailbox_receipt_pending')
          .on('message')
          .column('first_retrieved_at')
          .where(sql.ref('receipt_sent_at'), 'is', null)
          .execute();
        await schema
          .createTable('attachment')
          .addColumn('message_id', 'text', (c) =>
            c.notNull().references('efa_mailbox.message.message_id').onDelete('cascade'),
          )
          .addColumn('n', 'integer', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('mime_type', 'text', (c) => c.notNull())
          .addColumn('sha512', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sealed', 'bytea', (c) => c.notNull())
          .addPrimaryKeyConstraint('mailbox_attachment_pk', ['message_id', 'n'])
          .execute();
        await schema
          .createTable('consent')
          .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('owner_hash', 'text', (c) => c.notNull())
          .addColumn('given', 'boolean', (c) => c.notNull())
          .addColumn('at', 'timestamptz', (c) => c.notNull())
          .execute();
        await schema
          .createIndex('mailbox_consent_owner')
          .on('consent')
          .columns(['owner_hash', 'id'])
          .execute();
      },
    },
  },
};
