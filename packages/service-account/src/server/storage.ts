import type { PackageMigrations } from '@efa-kit/core/server';
import { type Kysely, sql } from 'kysely';

// A type alias (not an interface) so that Kysely's table-map constraint accepts it.
export type AccountTables = {
  'efa_account.session': {
    /** SHA-256 of the cookie value: a database leak does not hand out live sessions. */
    id: string;
    provider: string;
    subject: string;
    kind: string;
    trust_level: string;
    identity: string;
    id_token: string | null;
    /** The provider's session id (`sid`), for back-channel logout of exactly this session. */
    provider_sid: string | null;
    created_at: Date;
    last_seen_at: Date;
    absolute_expires_at: Date;
  };
  'efa_account.login_transaction': {
    /** SHA-256 of the value in the browser-bound login cookie. */
    id: string;
    provider: string;
    state: string;
    nonce: string;
    code_verifier: string;
    requested_level: string;
    return_to: string;
    created_at: Date;
    expires_at: Date;
  };
};

export const accountMigrations: PackageMigrations = {
  namespace: 'account',
  migrations: {
    '0001_init': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_account').ifNotExists().execute();
        await db.schema
          .withSchema('efa_account')
          .createTable('session')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('trust_level', 'text', (c) => c.notNull())
          .addColumn('identity', 'text', (c) => c.notNull())
          .addColumn('id_token', 'text')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
          .addColumn('absolute_expires_at', 'timestamptz', (c) => c.notNull())
          .execute();
        await db.schema
          .withSchema('efa_account')
          .createIndex('session_subject_idx')
          .on('session')
          .columns(['provider', 'subject'])
          .execute();
        await db.schema
          .withSchema('efa_account')
          .createTable('login_transaction')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('code_verifier', 'text', (c) => c.notNull())
          .addColumn('requested_level', 'text', (c) => c.notNull())
          .addColumn('return_to', 'text', (c) => c.notNull())
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
          .execute();
      },
    },
    '0002_provider_sid': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .withSchema('efa_account')
          .alterTable('session')
          .addColumn('provider_sid', 'text')
          .execute();
      },
    },
  },
};
