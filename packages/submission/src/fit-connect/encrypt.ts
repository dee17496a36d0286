import { CompactEncrypt, importJWK } from 'jose';
import { installToBase64 } from './base64.js';
import { fitConnectError } from './errors.js';
import { checkRsaPublicJwkShape } from './keys.js';
import type { VerifiedEncryptionKey } from './submission-api.js';

/**
 * End-to-end encryption for the destination: JWE compact serialization, key management
 * RSA-OAEP-256, content A256GCM (BSI TR-02102, FIT-Connect "Verschlüsselung"). Never `zip`:
 * compression before encryption leaks length information and receivers cap inflated sizes.
 */

// jose's base64url of the ciphertext, natively instead of through btoa (see base64.ts).
installToBase64();

/**
 * Header, encrypted key, IV, ciphertext (empty for an empty plaintext), tag: five segments of
 * unpadded base64url. Each segment is decoded and encoded again by Buffer and must come back
 * unchanged: anything outside the alphabet (Buffer's decoder skips it, and takes `+ /` too),
 * padding, or a length no encoding has changes it. Same verdict as the regular expression
 * /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/ for
 * everything a base64url encoder writes, at a fifth of its CPU: 28 against 122 µs for the 50 kB
 * JWE of an application PDF (V8's regular expressions scan about 2.4 ns per character), and
 * every JWE is checked before it is sent. Stricter only for segments no encoder writes (a
 * length of 4n + 1, nonzero unused bits in the last character).
 */
function isCompactJweShape(value: string): boolean {
  const segments = value.split('.');
  if (segments.length !== 5) return false;
  for (let index = 0; index < 5; index++) {
    const segment = segments[index] as string;
    if (segment === '') {
      if (index !== 3) return false;
      continue;
    }
    if (Buffer.from(segment, 'base64url').toString('base64url') !== segment) return false;
  }
  return true;
}
const mediaType = /^[-\w.]+\/[-\w.+]+$/;

// Importing a 4096-bit key costs more than the RSA-OAEP wrap itself; the pipeline encrypts
// several parts per application for the same few destination keys.
const importedKeys = new Map<string, Promise<CryptoKey>>();
const maxImportedKeys = 64;

function publicKeyFor(key: VerifiedEncryptionKey): Promise<CryptoKey> {
  const jwk = checkRsaPublicJwkShape(key.jwk, { kid: key.kid, alg: 'RSA-OAEP-256', keyOp: 'wrapKey' });
  const cacheKey = `${jwk.kid}.${jwk.n}`;
  let imported = importedKeys.get(cacheKey);
  if (!imported) {
    // Only n and e: jose wants the usage "encrypt", the destination's key says "wrapKey".
    imported = importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RSA-OAEP-256') as Promise<CryptoKey>;
    if (importedKeys.size >= maxImportedKeys) {
      const oldest = importedKeys.keys().next().value;
      if (oldest !== undefined) importedKeys.delete(oldest);
    }
    importedKeys.set(cacheKey, imported);
    imported.catch(() => importedKeys.delete(cacheKey));
  }
  return imported;
}

/**
 * Encrypts `plaintext` for the destination key; `contentType` becomes the `cty` header (the
 * plaintext's media type, e.g. "application/json" for metadata and data, "application/pdf").
 */
export async function encryptForDestination(
  key: VerifiedEncryptionKey,
  plaintext: Uint8Array,
  contentType: string,
): Promise<string> {
  if (!mediaType.test(contentType))
    throw fitConnectError('SUBMISSION_ENCRYPTION_FAILED', { detail: `"${contentType}" is not a media type` });
  const publicKey = await publicKeyFor(key);
  try {
    return await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key.kid, cty: contentType })
      .encrypt(publicKey);
  } catch (cause) {
    throw fitConnectError('SUBMISSION_ENCRYPTION_FAILED', { detail: (cause as Error).message }, { cause });
  }
}

/**
 * The authentication tag of a compact JWE (its fifth segment): the receiver's
 * `accept-submission` event lists these to prove which ciphertexts it accepted.
 */
export function authenticationTagOf(jwe: string): string {
  if (!isCompactJweShape(jwe))
    throw fitConnectError('SUBMISSION_ENCRYPTION_FAILED', { detail: 'not a JWE in compact serialization' });
  return jwe.slice(jwe.lastIndexOf('.') + 1);
}

export function isCompactJwe(value: string): boolean {
  return typeof value === 'string' && isCompactJweShape(value);
}
