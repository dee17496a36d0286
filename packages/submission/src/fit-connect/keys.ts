import type { X509Certificate } from 'node:crypto';
import { parseX5c, verifyCertificateChain } from './certificates.js';
import { submissionApiError } from './errors.js';

/**
 * Checks of a destination's public JWK before anything is encrypted for it or verified with
 * it. FIT-Connect's rules (submission-api spec, docs.fitko.de "Verschlüsselung"): RSA, at least
 * 4096 bit, exponent AQAB; an encryption key is `alg: RSA-OAEP-256` with `key_ops: ["wrapKey"]`,
 * a signature key `alg: PS512` with `key_ops: ["verify"]`; `x5c` chains to the V-PKI.
 */

export const minimumRsaBits = 4096;

/** The public parts the kit keeps of a checked key (x5c is dropped once verified). */
export interface CheckedRsaJwk {
  kty: 'RSA';
  n: string;
  e: string;
  alg: string;
  key_ops: string[];
  kid: string;
  use?: string;
}

export interface KeyCheckOptions {
  /** The kid the key was asked for. */
  kid: string;
  alg: 'RSA-OAEP-256' | 'PS512';
  keyOp: 'wrapKey' | 'verify';
  trustAnchors: readonly X509Certificate[];
  now: Date;
}

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const base64url = /^[A-Za-z0-9_-]+$/;

/** Bit length of a big-endian unsigned integer (a JWK `n`), leading zero bytes ignored. */
export function modulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start += 1;
  const first = bytes[start];
  if (first === undefined) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(first));
}

function unsignedBytes(value: string): Buffer {
  const bytes = Buffer.from(value, 'base64url');
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start);
}

function malformed(detail: string) {
  return submissionApiError('SUBMISSION_KEY_MALFORMED', { detail }, { retryable: false });
}

/**
 * The structural checks, without the certificate chain: used again before each encryption, as
 * a `VerifiedEncryptionKey` may have been stored and read back.
 */
export function checkRsaPublicJwkShape(
  value: unknown,
  options: Pick<KeyCheckOptions, 'kid' | 'alg' | 'keyOp'>,
): CheckedRsaJwk {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed('not a JSON object');
  const jwk = value as Record<string, unknown>;
  const present = privateMembers.filter((member) => jwk[member] !== undefined);
  if (present.length > 0)
    throw submissionApiError('SUBMISSION_KEY_PRIVATE', { parts: present.join(', ') }, { retryable: false });
  if (jwk.kty !== 'RSA')
    throw submissionApiError('SUBMISSION_KEY_TYPE', { kty: String(jwk.kty ?? '') }, { retryable: false });
  if (jwk.alg !== options.alg)
    throw submissionApiError(
      'SUBMISSION_KEY_ALGORITHM',
      { alg: String(jwk.alg ?? ''), expected: options.alg },
      { retryable: false },
    );
  const keyOps = jwk.key_ops;
  if (!Array.isArray(keyOps) || keyOps.length !== 1 || keyOps[0] !== options.keyOp)
    throw submissionApiError(
      'SUBMISSION_KEY_OPERATIONS',
      {
        keyOps: Array.isArray(keyOps) ? keyOps.map(String).join(', ') : String(keyOps ?? '–'),
        expected: options.keyOp,
      },
      { retryable: false },
    );
  const expectedUse = options.keyOp === 'wrapKey' ? 'enc' : 'sig';
  if (jwk.use !== undefined && jwk.use !== expectedUse)
    throw malformed(`"use" is "${String(jwk.use)}", not "${expectedUse}"`);
  const { n, e } = jwk;
  if (typeof n !== 'string' || !base64url.test(n)) throw malformed('"n" is not base64url');
  if (typeof e !== 'string' || !base64url.test(e)) throw malformed('"e" is not base64url');
  const bits = modulusBits(n);
  if (bits < minimumRsaBits)
    throw submissionApiError(
      'SUBMISSION_KEY_TOO_SHORT',
      { bits, minimum: minimumRsaBits },
      { retryable: false },
    );
  if (e !== 'AQAB') throw submissionApiError('SUBMISSION_KEY_EXPONENT', {}, { retryable: false });
  if (typeof jwk.kid !== 'string' || jwk.kid !== options.kid)
    throw submissionApiError(
      'SUBMISSION_KEY_ID_MISMATCH',
      { actual: String(jwk.kid ?? ''), expected: options.kid },
      { retryable: false },
    );
  return {
    kty: 'RSA',
    n,
    e,
    alg: options.alg,
    key_ops: [options.keyOp],
    kid: jwk.kid,
    ...(jwk.use === undefined ? {} : { use: expectedUse }),
  };
}

/**
 * Every check of a destination key: shape, and the `x5c` chain. With trust anchors configured a
 * key without `x5c` is refused; a leaf whose public key differs from the JWK always is.
 */
export function checkDestinationKey(value: unknown, options: KeyCheckOptions): CheckedRsaJwk {
  const checked = checkRsaPublicJwkShape(value, options);
  const x5c = (value as Record<string, unknown>).x5c;
  if (x5c === undefined) {
    if (options.trustAnchors.length > 0)
      throw submissionApiError('SUBMISSION_KEY_CERTIFICATE_MISSING', {}, { retryable: false });
    return checked;
  }
  const chain = parseX5c(x5c);
  const leaf = chain[0];
  if (!leaf) throw malformed('x5c is empty');
  const leafKey = leaf.publicKey.export({ format: 'jwk' });
  if (
    leafKey.kty !== 'RSA' ||
    typeof leafKey.n !== 'string' ||
    typeof leafKey.e !== 'string' ||
    !unsignedBytes(leafKey.n).equals(unsignedBytes(checked.n)) ||
    !unsignedBytes(leafKey.e).equals(unsignedBytes(checked.e))
  )
    throw submissionApiError('SUBMISSION_KEY_CERTIFICATE_MISMATCH', {}, { retryable: false });
  verifyCertificateChain(chain, options.trustAnchors, options.now);
  return checked;
}
