import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for personal data at rest (uploads, applications waiting for delivery,
 * receipts, drafts): every object gets its own random data key (AES-256-GCM); the data key is
 * stored wrapped by a key-encryption key from configuration, so a database dump reveals nothing
 * without the configuration, and rotating the key-encryption key needs no re-encryption of
 * old rows (they name the key that wrapped them). A context string (e.g. "upload:<id>") is
 * bound as additional data: a sealed value copied to another row does not open there.
 */
export interface DataSealer {
  seal(plaintext: Uint8Array, context: string): Uint8Array;
  /** Throws a `SealError` when the value was altered, belongs elsewhere or its key is gone. */
  open(sealed: Uint8Array, context: string): Uint8Array;
  /** The id of the key new values are wrapped with. */
  readonly currentKeyId: string;
}

export class SealError extends Error {
  override readonly name = 'SealError';
}

/** Key-encryption keys by id; the first is used for new values, the others only to open. */
export interface DataKeyRing {
  readonly current: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

const magic = Buffer.from('efs1', 'ascii');
const ivBytes = 12;
const tagBytes = 16;
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `EFA_DATA_KEYS`: comma-separated `id:base64url` entries of 32 random bytes each,
 * the current one first, e.g. `k2:…,k1:…`.
 */
export function parseDataKeyRing(value: string): DataKeyRing {
  const keys = new Map<string, Uint8Array>();
  let current: string | undefined;
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [id, material, extra] = entry.split(':');
    if (extra !== undefined || !id || !material || !keyIdPattern.test(id)) {
      throw new RangeError('EFA_DATA_KEYS: each entry is "id:base64url" (id of letters, digits, _ or -)');
    }
    const bytes = Buffer.from(material, 'base64url');
    if (bytes.length !== 32) throw new RangeError(`EFA_DATA_KEYS: key "${id}" must be 32 bytes (base64url)`);
    if (keys.has(id)) throw new RangeError(`EFA_DATA_KEYS: key id "${id}" appears twice`);
    keys.set(id, bytes);
    current ??= id;
  }
  if (!current) throw new RangeError('EFA_DATA_KEYS: no key given');
  return { current, keys };
}

/** A new key-ring entry, for `EFA_DATA_KEYS` (and for development and tests). */
export function generateDataKeyEntry(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64url')}`;
}

function gcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function gcmOpen(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const buffer = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buffer.length < ivBytes + tagBytes) throw new SealError('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, ivBytes));
  decipher.setAAD(aad);
  decipher.setAuthTag(buffer.subarray(ivBytes, ivBytes + tagBytes));
  try {
    return Buffer.concat([decipher.update(buffer.subarray(ivBytes + tagBytes)), decipher.final()]);
  } catch (error) {
    throw new SealError('sealed value altered or bound to another context', { cause: error });
  }
}

/**
 * Layout: "efs1" | key-id length (1 byte) | key id | wrapped data key (12 + 16 + 32 bytes) |
 * sealed content (12 + 16 + n bytes).
 */
export function createDataSealer(ring: DataKeyRing): DataSealer {
  const currentKey = ring.keys.get(ring.current);
  if (!currentKey) throw new RangeError(`data key ring: current key "${ring.current}" missing`);
  const wrappedLength = ivBytes + tagBytes + 32;
  return {
    currentKeyId: ring.current,
    seal(plaintext, context) {
      const dataKey = randomBytes(32);
      const keyId = Buffer.from(ring.current, 'ascii');
      const header = Buffer.concat([magic, Buffer.from([keyId.length]), keyId]);
      const aad = Buffer.concat([header, Buffer.from(context, 'utf8')]);
      const wrapped = gcmSeal(currentKey, dataKey, aad);
      const content = gcmSeal(dataKey, plaintext, aad);
      dataKey.fill(0);
      return Buffer.concat([header, wrapped, content]);
    },
    open(sealed, context) {
      const buffer = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (buffer.length < magic.length + 1 || !buffer.subarray(0, magic.length).equals(magic)) {
        throw new SealError('not a sealed value');
      }
      const idLength = buffer[magic.length] ?? 0;
      const headerLength = magic.length + 1 + idLength;
      const keyId = buffer.subarray(magic.length + 1, headerLength).toString('ascii');
      const key = ring.keys.get(keyId);
      if (!key) throw new SealError(`sealed with key "${keyId}", which is not configured`);
      const aad = Buffer.concat([buffer.subarray(0, headerLength), Buffer.from(context, 'utf8')]);
      const dataKey = gcmOpen(key, buffer.subarray(headerLength, headerLength + wrappedLength), aad);
      try {
        return gcmOpen(dataKey, buffer.subarray(headerLength + wrappedLength), aad);
      } finally {
        dataKey.fill(0);
      }
    },
  };
}
