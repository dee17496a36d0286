import { createHash, randomUUID } from 'node:crypto';
import type { DataSealer, EfaDatabase, PackageMigrations } from '@efa-kit/core/server';
import { type Kysely, sql } from 'kysely';
import { createDraftTables } from '../drafts/storage.js';

/** One row of `efa_form.upload`: a citizen's file, sealed, bound to its owner and form field. */
export interface UploadRow {
  /** UUIDv4; also the attachment id the file travels under (stable across retries). */
  id: string;
  /** SHA-256 (hex) of `subject:<sub>`: the session subject is not stored in the clear. */
  owner_hash: string;
  form_id: string;
  /** The field's data path without item numbers ("G99777000050.G99777000055.F99777000053"). */
  field_path: string;
  filename: string;
  mime_type: string;
  size: number;
  /** SHA-512 (hex) of the plaintext, as FIT-Connect's metadata carries it. */
  sha512: string;
  /** The file sealed with the DataSealer under the context "upload:<id>". */
  content: Uint8Array;
  /** The application it was submitted with; from then on it is no longer the citizen's to delete. */
  application_id: string | null;
  /** The draft the file was uploaded into (migration 0002): it lives and dies with the draft. */
  draft_id: string | null;
  created_at: Date;
  expires_at: Date;
}

export type UploadTables = { 'efa_form.upload': UploadRow };

/** The form assistant's tables (migration namespace `form-assistant`). */
export const formAssistantMigrations: PackageMigrations = {
  namespace: 'form-assistant',
  migrations: {
    '0001_upload': {
      async up(db: Kysely<unknown>) {
        await db.schema.createSchema('efa_form').ifNotExists().execute();
        await db.schema
          .withSchema('efa_form')
          .createTable('upload')
          .addColumn('id', 'uuid', (c) => c.primaryKey())
          .addColumn('owner_hash', 'text', (c) => c.notNull())
          .addColumn('form_id', 'text', (c) => c.notNull())
          .addColumn('field_path', 'text', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('mime_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull().check(sql`size > 0`))
          .addColumn('sha512', 'text', (c) => c.notNull().check(sql`sha512 ~ '^[0-9a-f]{128}$'`))
          .addColumn('content', 'bytea', (c) => c.notNull())
          .addColumn('application_id', 'uuid')
          .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
          .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
          .execute();
        // The purge's work list, and the owner's open uploads (quota).
        await db.schema
          .withSchema('efa_form')
          .createIndex('upload_expires')
          .on('upload')
          .column('expires_at')
          .execute();
        await db.schema
          .withSchema('efa_form')
          .createIndex('upload_owner')
          .on('upload')
          .columns(['owner_hash', 'application_id'])
          .execute();
        await db.schema
          .withSchema('efa_form')
          .createIndex('upload_application')
          .on('upload')
          .column('application_id')
          .execute();
      },
    },
    '0002_draft': { up: createDraftTables },
  },
};

/** The owner hash of a signed-in person (the payment capability hashes subjects the same way). */
export function uploadOwnerHash(subject: string): string {
  return createHash('sha256').update(`subject:${subject}`, 'utf8').digest('hex');
}

/** An upload's metadata, without its content. */
export interface StoredUpload {
  id: string;
  formId: string;
  fieldPath: string;
  filename: string;
  mimeType: string;
  size: number;
  sha512: string;
  applicationId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewUpload {
  ownerHash: string;
  formId: string;
  fieldPath: string;
  filename: string;
  mimeType: string;
  content: Uint8Array;
  /** Uploaded into this draft: kept until the draft expires instead of for `ttlMs`. */
  draftId?: string;
  expiresAt?: Date;
}

export class UploadIntegrityError extends Error {
  override readonly name = 'UploadIntegrityError';
}

/** The sealed upload store: what the upload handler writes and the `submit` procedure reads. */
export interface UploadStore {
  put(upload: NewUpload): Promise<StoredUpload>;
  /** The owner's uploads among `ids` (unexpired); others are simply absent from the map. */
  find(ownerHash: string, ids: readonly string[]): Promise<Map<string, StoredUpload>>;
  /** Bytes of the owner's uploads not yet submitted with an application (for a quota). */
  openBytes(ownerHash: string): Promise<number>;
  /**
   * Binds uploads to an application and keeps them until `keepUntil`. Only the owner's, and only
   * uploads free or already bound to this application (a repeated submit). Returns how many.
   */
  attach(ownerHash: string, ids: readonly string[], applicationId: string, keepUntil: Date): Promise<number>;
  /** Deletes an upload of its owner that no application holds. */
  remove(ownerHash: string, id: string): Promise<'deleted' | 'not-found' | 'in-use'>;
  /** The plaintext, checked against its SHA-512; throws `SealError` or `UploadIntegrityError`. */
  open(id: string): Promise<Uint8Array>;
}

export interface UploadStoreOptions {
  db: EfaDatabase;
  sealer: DataSealer;
  /** How long an upload not (yet) submitted is kept; default 24 hours. */
  ttlMs?: number;
  now?: () => Date;
}

export const defaultUploadTtlMs = 24 * 60 * 60 * 1000;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUploadId(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

type UploadMeta = Omit<UploadRow, 'content' | 'owner_hash' | 'draft_id'>;

function toStored(row: UploadMeta): StoredUpload {
  return {
    id: row.id,
    formId: row.form_id,
    fieldPath: row.field_path,
    filename: row.filename,
    mimeType: row.mime_type,
    size: Number(row.size),
    sha512: row.sha512,
    applicationId: row.application_id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

const metaColumns = [
  'id',
  'form_id',
  'field_path',
  'filename',
  'mime_type',
  'size',
  'sha512',
  'application_id',
  'created_at',
  'expires_at',
] as const;

export function sha512Hex(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex');
}

export function createUploadStore(options: UploadStoreOptions): UploadStore {
  const db = options.db.withTables<UploadTables>();
  const now = options.now ?? (() => new Date());
  const ttlMs = options.ttlMs ?? defaultUploadTtlMs;
  const { sealer } = options;
  const context = (id: string) => `upload:${id}`;

  return {
    async put(upload) {
      const id = randomUUID();
      const created = now();
      const row = await db
        .insertInto('efa_form.upload')
        .values({
          id,
          owner_hash: upload.ownerHash,
          form_id: upload.formId,
          field_path: upload.fieldPath,
          filename: upload.filename,
          mime_type: upload.mimeType,
          size: upload.content.byteLength,
          sha512: sha512Hex(upload.content),
          content: sealer.seal(upload.content, context(id)),
          application_id: null,
          draft_id: upload.draftId ?? null,
          created_at: created,
          expires_at: upload.expiresAt ?? new Date(created.getTime() + ttlMs),
        })
        .returning(metaColumns)
        .executeTakeFirstOrThrow();
      return toStored(row);
    },

    async find(ownerHash, ids) {
      const wanted = [...new Set(ids.filter(isUploadId))];
      if (wanted.length === 0) return new Map();
      const rows = await db
        .selectFrom('efa_form.upload')
        .select(metaColumns)
        .where('owner_hash', '=', ownerHash)
        .where('id', 'in', wanted)
        .where('expires_at', '>', now())
        .execute();
      return new Map(rows.map((row) => [row.id, toStored(row)]));
    },

    async openBytes(ownerHash) {
      const row = await db
        .selectFrom('efa_form.upload')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('bytes'))
        .where('owner_hash', '=', ownerHash)
        .where('application_id', 'is', null)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      return Number(row?.bytes ?? 0);
    },

    async attach(ownerHash, ids, applicationId, keepUntil) {
      const wanted = [...new Set(ids.filter(isUploadId))];
      if (wanted.length === 0) return 0;
      const result = await db
        .updateTable('efa_form.upload')
        .set({ application_id: applicationId, expires_at: keepUntil })
        .where('owner_hash', '=', ownerHash)
        .where('id', 'in', wanted)
        .where((eb) => eb.or([eb('application_id', 'is', null), eb('application_id', '=', applicationId)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async remove(ownerHash, id) {
      if (!isUploadId(id)) return 'not-found';
      const deleted = await db
        .deleteFrom('efa_form.upload')
        .where('id', '=', id)
        .where('owner_hash', '=', ownerHash)
        .where('application_id', 'is', null)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) > 0) return 'deleted';
      const held = await db
        .selectFrom('efa_form.upload')
        .select('id')
        .where('id', '=', id)
        .where('owner_hash', '=', ownerHash)
        .executeTakeFirst();
      return held ? 'in-use' : 'not-found';
    },

    async open(id) {
      const row = await db
        .selectFrom('efa_form.upload')
        .select(['content', 'sha512'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new UploadIntegrityError(`upload ${id} is gone`);
      const plaintext = sealer.open(row.content, context(id));
      // GCM already proves the bytes are the sealed ones; the hash proves they are the ones announced.
      if (sha512Hex(plaintext) !== row.sha512)
        throw new UploadIntegrityError(`upload ${id}: SHA-512 differs`);
      return plaintext;
    },
  };
}

/**
 * Deletes every upload whose time is up: never submitted within its 24 hours, or submitted
 * and past its retention. The app schedules it (e.g. hourly on the job queue). Returns how many.
 */
export async function purgeExpiredUploads(db: EfaDatabase, now: Date = new Date()): Promise<number> {
  const result = await db
    .withTables<UploadTables>()
    .deleteFrom('efa_form.upload')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Lets the uploads of an application go once it no longer needs them (delivered and
 * confirmed): they are purged after `keepForMs` (default: at the next purge).
 */
export async function releaseApplicationUploads(
  db: EfaDatabase,
  applicationId: string,
  options: { now?: Date; keepForMs?: number } = {},
): Promise<number> {
  if (!isUploadId(applicationId)) return 0;
  const until = new Date((options.now ?? new Date()).getTime() + (options.keepForMs ?? 0));
  const result = await db
    .withTables<UploadTables>()
    .updateTable('efa_form.upload')
    .set({ expires_at: until })
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
