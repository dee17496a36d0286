import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * The development provider's storage: oidc-provider's own in-memory adapter keeps at most about
 * 2,000 entries (an LRU of 1,000 recent and 1,000 stale), and every login writes five or six
 * (interaction, session and its uid, grant, authorization code, access token). Under a few hundred
 * logins at once it evicted live interactions and sessions, and the citizen's round trip failed
 * with "no session" (the load test's 3,429 failed logins). Here an entry lives until it expires
 * or is destroyed; the bound only keeps a runaway client from filling the memory, and then the
 * oldest entries go first.
 */
export interface DevIdpStorageOptions {
  /** Entries kept at most (default 500,000: about 80,000 logins in flight). */
  maxEntries?: number;
  /** How often expired entries are swept, in ms (default 30 s). */
  sweepMs?: number;
  now?: () => number;
}

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity for entries without a lifetime. */
  expiresAt: number;
  grantId?: string;
  uid?: string;
  userCode?: string;
}

/** The models whose entries belong to a grant and go with it when it is revoked (as in oidc-provider). */
const grantable = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

export interface DevIdpStorage {
  adapter: AdapterFactory;
  /** Entries held now (expired ones not yet swept included). */
  size(): number;
  close(): void;
}

export function createDevIdpStorage(options: DevIdpStorageOptions = {}): DevIdpStorage {
  const maxEntries = options.maxEntries ?? 500_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    if (entry.grantId) {
      const members = byGrant.get(entry.grantId);
      members?.delete(key);
      if (members?.size === 0) byGrant.delete(entry.grantId);
    }
    if (entry.uid && byUid.get(entry.uid) === key) byUid.delete(entry.uid);
    if (entry.userCode && byUserCode.get(entry.userCode) === key) byUserCode.delete(entry.userCode);
  }

  function live(key: string | undefined): AdapterPayload | undefined {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  }

  function sweep(): void {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) remove(key);
  }

  const timer = setInterval(sweep, options.sweepMs ?? 30_000);
  timer.unref();

  function adapterFor(model: string): Adapter {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        remove(key);
        // Map keeps insertion order, so the first key is the oldest entry.
        while (entries.size >= maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest === undefined) break;
          remove(oldest);
        }
        const entry: Entry = {
          payload,
          expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : Number.POSITIVE_INFINITY,
        };
        if (grantable.has(model) && payload.grantId) {
          entry.grantId = payload.grantId;
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid) {
          entry.uid = payload.uid;
          byUid.set(payload.uid, key);
        }
        if (payload.userCode) {
          entry.userCode = payload.userCode;
          byUserCode.set(payload.userCode, key);
        }
        entries.set(key, entry);
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        return live(byUid.get(uid));
      },
      async findByUserCode(userCode) {
        return live(byUserCode.get(userCode));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of [...(byGrant.get(grantId) ?? [])]) remove(key);
      },
    };
  }

  return {
    adapter: adapterFor,
    size: () => entries.size,
    close: () => clearInterval(timer),
  };
}
