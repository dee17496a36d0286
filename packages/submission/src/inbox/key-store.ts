import { InboxError } from './errors.js';

/**
 * The caseworker's keys for a destination, kept in this browser's IndexedDB as CryptoKeys
 * (structured clone), non-extractable: script on the page can use them but never read their
 * material (W3C Web Crypto §5.2 "Key Storage"). One record per destination id.
 */

export interface StoredKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as a JWK (no private members), to show and to register. */
  publicJwk: JsonWebKey & { kid: string; alg: string };
}

export interface DestinationKeys {
  destinationId: string;
  /** RSA-OAEP-256, usage `decrypt`. */
  encryption: StoredKey;
  /** RSA-PSS SHA-512 (PS512), usage `sign`. */
  signing: StoredKey;
  enrolledAt: string;
}

export interface KeyStore {
  get(destinationId: string): Promise<DestinationKeys | undefined>;
  put(keys: DestinationKeys): Promise<void>;
  delete(destinationId: string): Promise<void>;
  list(): Promise<DestinationKeys[]>;
}

const storeName = 'destination-keys';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(name: string): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore(storeName, { keyPath: 'destinationId' });
  };
  return request(open);
}

function assertNonExtractable(keys: DestinationKeys): void {
  // The store refuses what could be read back: that is its whole point.
  if (keys.encryption.privateKey.extractable || keys.signing.privateKey.extractable)
    throw new InboxError('INBOX_KEY_EXTRACTABLE');
}

/** The key store over IndexedDB database `name` (one per origin and browser profile). */
export function indexedDbKeyStore(name = 'efa-inbox-keys'): KeyStore {
  let db: Promise<IDBDatabase> | undefined;
  const database = () => {
    db ??= openDatabase(name).catch((cause: unknown) => {
      db = undefined;
      throw new InboxError('INBOX_KEY_STORE_UNAVAILABLE', {}, { cause });
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>) => {
    const tx = (await database()).transaction(storeName, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await request(action(tx.objectStore(storeName)));
    await done;
    return result;
  };
  return {
    async get(destinationId) {
      return (await run('readonly', (s) => s.get(destinationId.toLowerCase()))) as
        | DestinationKeys
        | undefined;
    },
    async put(keys) {
      assertNonExtractable(keys);
      await run('readwrite', (s) => s.put({ ...keys, destinationId: keys.destinationId.toLowerCase() }));
    },
    async delete(destinationId) {
      await run('readwrite', (s) => s.delete(destinationId.toLowerCase()));
    },
    async list() {
      return (await run('readonly', (s) => s.getAll())) as DestinationKeys[];
    },
  };
}

/** A key store held in memory only (this tab), for tests and stories; same checks. */
export function memoryKeyStore(): KeyStore {
  const keys = new Map<string, DestinationKeys>();
  return {
    async get(id) {
      return keys.get(id.toLowerCase());
    },
    async put(entry) {
      assertNonExtractable(entry);
      keys.set(entry.destinationId.toLowerCase(), entry);
    },
    async delete(id) {
      keys.delete(id.toLowerCase());
    },
    async list() {
      return [...keys.values()];
    },
  };
}
