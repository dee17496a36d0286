import { createHash, randomBytes } from 'node:crypto';
import { parseTrustLevel, type TrustLevel } from '@efa-kit/core';
import type { EfaDatabase } from '@efa-kit/core/server';
import { type Identity, identitySchema } from '../schema/identity.js';
import type { AccountTables } from './storage.js';

export interface StoredSession {
  /** Hash of the token: safe to log and to compare. */
  id: string;
  provider: string;
  identity: Identity;
  trustLevel: TrustLevel;
  idToken: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface SessionStoreOptions {
  db: EfaDatabase;
  /** Idle timeout; 30 minutes unless a provider's rules demand less. */
  idleTimeoutSeconds?: number;
  /** Absolute lifetime; 12 hours. */
  absoluteTimeoutSeconds?: number;
  /**
   * Activity is written back at most this often, so that a page with many requests does not
   * write on each one; the idle timeout is therefore exact to within this many seconds.
   */
  touchIntervalSeconds?: number;
  now?: () => Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** 256 random bits, URL-safe: the only thing the browser holds. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(options: SessionStoreOptions) {
  const db = options.db.withTables<AccountTables>();
  const idleMs = (options.idleTimeoutSeconds ?? 30 * 60) * 1000;
  const absoluteMs = (options.absoluteTimeoutSeconds ?? 12 * 60 * 60) * 1000;
  const touchMs = (options.touchIntervalSeconds ?? 30) * 1000;
  const now = options.now ?? (() => new Date());

  function toSession(row: {
    id: string;
    provider: string;
    identity: string;
    trust_level: string;
    id_token: string | null;
    created_at: Date;
    last_seen_at: Date;
    absolute_expires_at: Date;
  }): StoredSession | null {
    const identity = identitySchema.safeParse(JSON.parse(row.identity));
    const trustLevel = parseTrustLevel(row.trust_level);
    if (!identity.success || !trustLevel) return null;
    const lastSeenAt = new Date(row.last_seen_at);
    return {
      id: row.id,
      provider: row.provider,
      identity: identity.data,
      trustLevel,
      idToken: row.id_token,
      createdAt: new Date(row.created_at),
      lastSeenAt,
      idleExpiresAt: new Date(
        Math.min(lastSeenAt.getTime() + idleMs, new Date(row.absolute_expires_at).getTime()),
      ),
      absoluteExpiresAt: new Date(row.absolute_expires_at),
    };
  }

  return {
    idleTimeoutSeconds: idleMs / 1000,

    /** A new session with a new token: never reuses an id the browser had before login. */
    async create(input: {
      provider: string;
      identity: Identity;
      idToken?: string | null;
      providerSid?: string | null;
    }) {
      const token = newToken();
      const at = now();
      const row = {
        id: hashToken(token),
        provider: input.provider,
        subject: input.identity.subject,
        kind: input.identity.kind,
        trust_level: input.identity.trustLevel,
        identity: JSON.stringify(input.identity),
        id_token: input.idToken ?? null,
        provider_sid: input.providerSid ?? null,
        created_at: at,
        last_seen_at: at,
        absolute_expires_at: new Date(at.getTime() + absoluteMs),
      };
      await db.insertInto('efa_account.session').values(row).execute();
      const session = toSession(row);
      if (!session) throw new Error('A session just created could not be read back');
      return { token, session };
    },

    /**
     * The live session for a token, sliding the idle timeout; null (and the row deleted) when
     * the token is unknown, idle too long or past its absolute lifetime.
     */
    async lookup(
      token: string | undefined,
      options: { touch?: boolean } = {},
    ): Promise<StoredSession | null> {
      if (!token || !tokenPattern.test(token)) return null;
      const id = hashToken(token);
      const row = await db
        .selectFrom('efa_account.session')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      const session = toSession(row);
      const at = now();
      if (!session || session.idleExpiresAt <= at || session.absoluteExpiresAt <= at) {
        await db.deleteFrom('efa_account.session').where('id', '=', id).execute();
        return null;
      }
      if (options.touch !== false && at.getTime() - session.lastSeenAt.getTime() >= touchMs) {
        await db.updateTable('efa_account.session').set({ last_seen_at: at }).where('id', '=', id).execute();
        session.lastSeenAt = at;
        session.idleExpiresAt = new Date(
          Math.min(at.getTime() + idleMs, session.absoluteExpiresAt.getTime()),
        );
      }
      return session;
    },

    /** Resets the idle timer now ("stay logged in"). */
    async keepAlive(token: string | undefined): Promise<StoredSession | null> {
      const session = await this.lookup(token, { touch: false });
      if (!session || !token) return null;
      const at = now();
      await db
        .updateTable('efa_account.session')
        .set({ last_seen_at: at })
        .where('id', '=', session.id)
        .execute();
      session.lastSeenAt = at;
      session.idleExpiresAt = new Date(Math.min(at.getTime() + idleMs, session.absoluteExpiresAt.getTime()));
      return session;
    },

    async destroy(token: string | undefined): Promise<StoredSession | null> {
      if (!token || !tokenPattern.test(token)) return null;
      const id = hashToken(token);
      const row = await db
        .deleteFrom('efa_account.session')
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toSession(row) : null;
    },

    /**
     * The live session with this id (the hash, as `EfaSession.id` carries it), without sliding
     * the idle timeout: for pages that render the identity of a request already resolved.
     */
    async findById(id: string): Promise<StoredSession | null> {
      const row = await db
        .selectFrom('efa_account.session')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const session = row ? toSession(row) : null;
      const at = now();
      return session && session.idleExpiresAt > at && session.absoluteExpiresAt > at ? session : null;
    },

    /**
     * Back-channel logout: ends the session the provider names by its `sid`, or every session
     * of the subject at that provider when the token carries no `sid`; returns how many.
     */
    async destroyBySubject(provider: string, subject: string, providerSid?: string): Promise<number> {
      let query = db
        .deleteFrom('efa_account.session')
        .where('provider', '=', provider)
        .where('subject', '=', subject);
      if (providerSid) query = query.where('provider_sid', '=', providerSid);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Whether a session with this hash still exists (for tests and audits). */
    async exists(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('efa_account.session')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Deletes expired sessions and login transactions; run it on a timer. */
    async purgeExpired(): Promise<number> {
      const at = now();
      const idleCutoff = new Date(at.getTime() - idleMs);
      const result = await db
        .deleteFrom('efa_account.session')
        .where((eb) => eb.or([eb('last_seen_at', '<=', idleCutoff), eb('absolute_expires_at', '<=', at)]))
        .executeTakeFirst();
      await db.deleteFrom('efa_account.login_transaction').where('expires_at', '<=', at).execute();
      return Number(result.numDeletedRows);
    },
  };
}
