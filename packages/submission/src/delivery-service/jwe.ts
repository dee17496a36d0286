import type { Destination } from './config.js';
import { Problem } from './problems.js';

/** FITKO's "magic number": a compact JWE for a 4096-bit RSA key is at least this long. */
export const minimumJweLength = 776;

const segment = /^[A-Za-z0-9_-]*$/;

/**
 * The checks a Zustelldienst can make on ciphertext it cannot read: JWE Compact Serialization
 * (five base64url segments), at least 776 characters, protected header `alg: RSA-OAEP-256`,
 * `enc: A256GCM`, no `zip` (the kit never compresses), a `kid`, when given, that is the
 * destination's encryption key, and segment lengths that fit RSA-OAEP with the destination's
 * modulus and AES-GCM (96-bit IV, 128-bit tag). Returns the authentication tag, the value
 * FITKO's accept/reject events quote. `what` names the part for the problem's detail.
 */
export function checkCompactJwe(value: string, destination: Destination, what: string): string {
  const refuse = (detail: string) => new Problem('jwe-invalid', `${what}: ${detail}`);
  if (value.length < minimumJweLength) {
    throw refuse(`a compact JWE for a 4096-bit key has at least ${minimumJweLength} characters`);
  }
  const parts = value.split('.');
  if (parts.length !== 5) throw refuse('JWE Compact Serialization has five dot-separated segments');
  const [header = '', encryptedKey = '', iv = '', , tag = ''] = parts;
  if (!parts.every((part) => segment.test(part))) throw refuse('segments must be base64url without padding');
  let protectedHeader: unknown;
  try {
    protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw refuse('the protected header is not base64url JSON');
  }
  if (typeof protectedHeader !== 'object' || protectedHeader === null || Array.isArray(protectedHeader)) {
    throw refuse('the protected header is not a JSON object');
  }
  const fields = protectedHeader as Record<string, unknown>;
  if (fields.alg !== 'RSA-OAEP-256') throw refuse('alg must be RSA-OAEP-256');
  if (fields.enc !== 'A256GCM') throw refuse('enc must be A256GCM');
  if ('zip' in fields) throw refuse('zip is not allowed');
  if (fields.kid !== undefined && fields.kid !== destination.encryptionKey.kid) {
    throw refuse(
      `kid ${String(fields.kid)} is not the destination's encryption key ${destination.encryptionKey.kid}`,
    );
  }
  if (Buffer.from(encryptedKey, 'base64url').length !== destination.encryptionKeyBytes) {
    throw refuse("the encrypted key does not fit the destination's RSA modulus");
  }
  if (Buffer.from(iv, 'base64url').length !== 12)
    throw refuse('the A256GCM initialization vector has 96 bit');
  if (Buffer.from(tag, 'base64url').length !== 16) throw refuse('the A256GCM authentication tag has 128 bit');
  return tag;
}
