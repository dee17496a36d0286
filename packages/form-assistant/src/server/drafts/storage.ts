import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { newCheckedCode, parseCheckedCode } from '@efa-kit/core';
import type { DataSealer, EfaDatabase } from '@efa-kit/core/server';
import { type Kysely, sql } from 'kysely';
import type { UploadTables } from '../uploads/storage.js';

/**
 * One row of `efa_form.draft`: an application not yet submitted. Only what the server needs to
 * find, order and expire it is in the clear; the answers, the step and the application id are
 * sealed (a data key per draft and version, wrapped by the configured key-encryption key).
 */
export interface DraftRow {
  id: string;
  form_id: string;
  form_version: string;
  /** SHA-256 of `subject:<sub>` when started logged in (the same hash as uploads); null otherwise. */
  owner_hash: string | null;
  /** SHA-256 of the draft key a browser holds for a draft without login; null for a person's draft. */
  key_hash: string | null;
  /** 1 after the first save, one more with every save; a save names the version it is based on. */
  version: number;
  /** `{ data, stepId, applicationId? }` as JSON, sealed under "draft:<id>:<version>". */
  content: Uint8Array;
  size: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}

/** A resume code, stored only as its hash: single-use, and gone with its draft. */
export interface DraftResumeRow {
  code_hash: string;
  draft_id: string;
  created_at: Date;
}

export type DraftTables = {
  'efa_form.draft': DraftRow;
  'efa_form.draft_resume': DraftResumeRow;
} & UploadTables;

/** Migration `0002_draft` of the form assistant (registered in `formAssistantMigrations`). */
export async function createDraftTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('efa_form')
    .createTable('draft')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('form_version', 'text', (c) => c.notNull())
    .addColumn('owner_hash', 'text')
    .addColumn('key_hash', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    // Exactly one way to own a draft: a person, or the holder of its key.
    .addCheckConstraint('draft_one_owner', sql`(owner_hash is null) <> (key_hash is null)`)
    .execute();
  await db.schema
    .withSchema('efa_form')
    .createIndex('draft_owner')
    .on('draft')
    .column('owner_hash')
    .execute();
  await db.schema
    .withSchema('efa_form')
    .createIndex('draft_expires')
    .on('draft')
    .column('expires_at')
    .execute();
  await db.schema
    .withSchema('efa_form')
    .createTable('draft_resume')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('draft_id', 'uuid', (c) => c.notNull().references('efa_form.draft.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .withSchema('efa_form')
    .createIndex('draft_resume_draft')
    .on('draft_resume')
    .column('draft_id')
    .execute();
  // Files attached to a draft live and die with it (and are found by it at submit).
  await db.schema.withSchema('efa_form').alterTable('upload').addColumn('draft_id', 'uuid').execute();
  await db.schema
    .withSchema('efa_form')
    .createIndex('upload_draft')
    .on('upload')
    .column('draft_id')
    .execute();
}

/** What a draft holds, sealed. */
export interface DraftContent {
  data: Record<string, unknown>;
  /** The step the citizen was on; a resume lands there. */
  stepId: string;
  /** Chosen at the first submit attempt and kept (the submit's idempotency key). */
  applicationId?: string;
}

export interface DraftMeta {
  draftId: string;
  formId: string;
  formVersion: string;
  version: number;
  savedAt: Date;
  expiresAt: Date;
  /** True when the draft belongs to a logged-in person (a resume asks for the same login). */
  personal: boolean;
}

export interface DraftRecord extends DraftMeta {
  content: DraftContent;
}

/** Who asks: the logged-in person's owner hash, and the draft key the browser sent. */
export interface DraftCaller {
  ownerHash: string | null;
  key?: string | undefined;
}

export type SaveOutcome =
  | { status: 'saved'; meta: DraftMeta }
  | { status: 'conflict'; current: DraftMeta }
  | { status: 'not-found' };

export type ResumeOutcome =
  | { status: 'resumed'; record: DraftRecord; key: string | null }
  | { status: 'login-required'; formId: string }
  | { status: 'not-found' };

export interface DraftStore {
  create(input: {
    formId: string;
    formVersion: string;
    ownerHash: string | null;
    content: DraftContent;
  }): Promise<{ meta: DraftMeta; key: string | null }>;
  /** Writes a new version if `baseVersion` is the current one (one statement: never torn). */
  save(
    draftId: string,
    caller: DraftCaller,
    baseVersion: number,
    content: DraftContent,
  ): Promise<SaveOutcome>;
  load(draftId: string, caller: DraftCaller): Promise<DraftRecord | null>;
  /** The caller's draft without its content (for the upload routes); null for anyone else. */
  authorize(draftId: string, caller: DraftCaller): Promise<DraftMeta | null>;
  listFor(ownerHash: string, limit?: number): Promise<DraftMeta[]>;
  /** Deletes the draft, its resume codes and its files no application holds. */
  remove(draftId: string, caller: DraftCaller): Promise<boolean>;
  createResumeCode(draftId: string, caller: DraftCaller): Promise<{ code: string; expiresAt: Date } | null>;
  /** The draft a code opens, without using the code up (the resume route's redirect). */
  peek(code: string): Promise<{ draftId: string; formId: string; personal: boolean } | null>;
  /**
   * Uses the code up and opens its draft. A person's draft opens only for the same person
   * (`login-required` otherwise, the code kept); a draft without login gets a new key, so the
   * device that made the code no longer opens it.
   */
  resume(code: string, ownerHash: string | null): Promise<ResumeOutcome>;
  /** Gives the draft's files to the submitting person, so the submit finds them as theirs. */
  adoptUploads(draftId: string, caller: DraftCaller, subjectHash: string): Promise<number>;
}

export interface DraftStoreOptions {
  db: EfaDatabase;
  sealer: DataSealer;
  /** How long a draft is kept after its last save; default 30 days. */
  ttlMs?: number;
  now?: () => Date;
}

export const defaultDraftTtlMs = 30 * 24 * 60 * 60 * 1000;
/** 16 symbols of 5 bits: 80 bits of secret, plus the check symbol. */
export const resumeCodeSymbols = 16;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The owner hash of files uploaded into a draft without a login. */
export function draftUploadOwnerHash(draftId: string): string {
  return sha256(`draft:${draftId}`);
}

function keyHash(key: string): string {
  return sha256(`draft-key:${key}`);
}

function codeHash(canonical: string): string {
  return sha256(`draft-resume:${canonical}`);
}

/** A new draft key: 32 random bytes, base64url (43 characters). */
function newKey(): string {
  return randomBytes(32).toString('base64url');
}

function sameHash(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

type MetaRow = Pick<
  DraftRow,
  'id' | 'form_id' | 'form_version' | 'owner_hash' | 'version' | 'updated_at' | 'expires_at'
>;

function toMeta(row: MetaRow): DraftMeta {
  return {
    draftId: row.id,
    formId: row.form_id,
    formVersion: row.form_version,
    version: Number(row.version),
    savedAt: new Date(row.updated_at),
    expiresAt: new Date(row.expires_at),
    personal: row.owner_hash !== null,
  };
}

const metaColumns = [
  'id',
  'form_id',
  'form_version',
  'owner_hash',
  'key_hash',
  'version',
  'updated_at',
  'expires_at',
] as const;

export function createDraftStore(options: DraftStoreOptions): DraftStore {
  const db = options.db.withTables<DraftTables>();
  const now = options.now ?? (() => new Date());
  const ttlMs = options.ttlMs ?? defaultDraftTtlMs;
  const { sealer } = options;
  const context = (id: string, version: number) => `draft:${id}:${version}`;
  const seal = (id: string, version: number, content: DraftContent) => {
    const bytes = new TextEncoder().encode(JSON.stringify(content));
    return { sealed: sealer.seal(bytes, context(id, version)), size: bytes.byteLength };
  };
  const open = (row: Pick<DraftRow, 'id' | 'version' | 'content'>): DraftContent =>
    JSON.parse(
      new TextDecoder().decode(sealer.open(row.content, context(row.id, Number(row.version)))),
    ) as DraftContent;

  /** The caller owns the row: the same person, or (a draft without login) the right key. */
  const owns = (row: Pick<DraftRow, 'owner_hash' | 'key_hash'>, caller: DraftCaller): boolean =>
    row.owner_hash !== null
      ? sameHash(row.owner_hash, caller.ownerHash)
      : caller.key !== undefined && sameHash(row.key_hash, keyHash(caller.key));

  const live = async (draftId: string, caller: DraftCaller) => {
    if (!uuidPattern.test(draftId)) return null;
    const row = await db
      .selectFrom('efa_form.draft')
      .select(metaColumns)
      .where('id', '=', draftId)
      .where('expires_at', '>', now())
      .executeTakeFirst();
    return row && owns(row, caller) ? row : null;
  };

  return {
    async create({ formId, formVersion, ownerHash, content }) {
      const id = randomUUID();
      const key = ownerHash === null ? newKey() : null;
      const saved = now();
      const { sealed, size } = seal(id, 1, content);
      const row = await db
        .insertInto('efa_form.draft')
        .values({
          id,
          form_id: formId,
          form_version: formVersion,
          owner_hash: ownerHash,
          key_hash: key === null ? null : keyHash(key),
          version: 1,
          content: sealed,
          size,
          created_at: saved,
          updated_at: saved,
          expires_at: new Date(saved.getTime() + ttlMs),
        })
        .returning(metaColumns)
        .executeTakeFirstOrThrow();
      return { meta: toMeta(row), key };
    },

    async save(draftId, caller, baseVersion, content) {
      if (!uuidPattern.test(draftId)) return { status: 'not-found' };
      const saved = now();
      const expires = new Date(saved.getTime() + ttlMs);
      const next = baseVersion + 1;
      const { sealed, size } = seal(draftId, next, content);
      const ownerHash = caller.ownerHash;
      const callerKey = caller.key === undefined ? null : keyHash(caller.key);
      // One statement: the new version with its content, and the draft's files kept as long as
      // it. A crash before the commit leaves the previous version whole; after it, this one.
      const result = await sql<MetaRow>`
        with saved as (
          update efa_form.draft
             set version = ${next}, content = ${sealed}, size = ${size},
                 updated_at = ${saved}, expires_at = ${expires}
           where id = ${draftId} and version = ${baseVersion} and expires_at > ${saved}
             and ((owner_hash is not null and owner_hash = ${ownerHash})
               or (owner_hash is null and key_hash = ${callerKey}))
          returning id, form_id, form_version, owner_hash, version, updated_at, expires_at
        ), files as (
          update efa_form.upload u set expires_at = saved.expires_at
            from saved where u.draft_id = saved.id and u.application_id is null
        )
        select * from saved`.execute(db);
      const row = result.rows[0];
      if (row) return { status: 'saved', meta: toMeta(row) };
      const current = await live(draftId, caller);
      return current ? { status: 'conflict', current: toMeta(current) } : { status: 'not-found' };
    },

    async load(draftId, caller) {
      if (!uuidPattern.test(draftId)) return null;
      const row = await db
        .selectFrom('efa_form.draft')
        .select([...metaColumns, 'content'])
        .where('id', '=', draftId)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      if (!row || !owns(row, caller)) return null;
      return { ...toMeta(row), content: open(row) };
    },

    async authorize(draftId, caller) {
      const row = await live(draftId, caller);
      return row ? toMeta(row) : null;
    },

    async listFor(ownerHash, limit = 50) {
      const rows = await db
        .selectFrom('efa_form.draft')
        .select(metaColumns)
        .where('owner_hash', '=', ownerHash)
        .where('expires_at', '>', now())
        .orderBy('updated_at', 'desc')
        .limit(Math.min(Math.max(limit, 1), 200))
        .execute();
      return rows.map(toMeta);
    },

    async remove(draftId, caller) {
      const row = await live(draftId, caller);
      if (!row) return false;
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('efa_form.upload')
          .where('draft_id', '=', draftId)
          .where('application_id', 'is', null)
          .execute();
        await trx.deleteFrom('efa_form.draft').where('id', '=', draftId).execute();
      });
      return true;
    },

    async createResumeCode(draftId, caller) {
      const row = await live(draftId, caller);
      if (!row) return null;
      const code = newCheckedCode(resumeCodeSymbols);
      await db
        .insertInto('efa_form.draft_resume')
        .values({ code_hash: codeHash(code), draft_id: draftId, created_at: now() })
        .execute();
      return { code, expiresAt: new Date(row.expires_at) };
    },

    async peek(code) {
      const canonical = parseCheckedCode(code, resumeCodeSymbols);
      if (!canonical) return null;
      const row = await db
        .selectFrom('efa_form.draft_resume as r')
        .innerJoin('efa_form.draft as d', 'd.id', 'r.draft_id')
        .select(['d.id', 'd.form_id', 'd.owner_hash'])
        .where('r.code_hash', '=', codeHash(canonical))
        .where('d.expires_at', '>', now())
        .executeTakeFirst();
      return row ? { draftId: row.id, formId: row.form_id, personal: row.owner_hash !== null } : null;
    },

    async resume(code, ownerHash) {
      const canonical = parseCheckedCode(code, resumeCodeSymbols);
      if (!canonical) return { status: 'not-found' };
      const hash = codeHash(canonical);
      return db.transaction().execute(async (trx): Promise<ResumeOutcome> => {
        const found = await trx
          .selectFrom('efa_form.draft_resume as r')
          .innerJoin('efa_form.draft as d', 'd.id', 'r.draft_id')
          .select(['d.id', 'd.form_id', 'd.owner_hash'])
          .where('r.code_hash', '=', hash)
          .where('d.expires_at', '>', now())
          .forUpdate()
          .executeTakeFirst();
        if (!found) return { status: 'not-found' };
        if (found.owner_hash !== null && !sameHash(found.owner_hash, ownerHash)) {
          return { status: 'login-required', formId: found.form_id };
        }
        // Used up here: of two browsers opening the same code at once, one gets the draft.
        const used = await trx
          .deleteFrom('efa_form.draft_resume')
          .where('code_hash', '=', hash)
          .executeTakeFirst();
        if (Number(used.numDeletedRows) !== 1) return { status: 'not-found' };
        const key = found.owner_hash === null ? newKey() : null;
        const row = await trx
          .updateTable('efa_form.draft')
          .set({ key_hash: key === null ? null : keyHash(key) })
          .where('id', '=', found.id)
          .returning([...metaColumns, 'content'])
          .executeTakeFirstOrThrow();
        return { status: 'resumed', record: { ...toMeta(row), content: open(row) }, key };
      });
    },

    async adoptUploads(draftId, caller, subjectHash) {
      const row = await live(draftId, caller);
      if (!row) return 0;
      const result = await db
        .updateTable('efa_form.upload')
        .set({ owner_hash: subjectHash })
        .where('draft_id', '=', draftId)
        .where('application_id', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

/**
 * Deletes every draft whose time is up, with its resume codes and the files no application
 * holds. The scheduled expiry job runs it; returns how many drafts.
 */
export async function purgeExpiredDrafts(database: EfaDatabase, now: Date = new Date()): Promise<number> {
  const db = database.withTables<DraftTables>();
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('efa_form.upload')
      .where('application_id', 'is', null)
      .where('draft_id', 'in', (eb) =>
        eb.selectFrom('efa_form.draft').select('id').where('expires_at', '<=', now),
      )
      .execute();
    const deleted = await trx.deleteFrom('efa_form.draft').where('expires_at', '<=', now).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}
