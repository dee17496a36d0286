import { createHash } from 'node:crypto';

/**
 * SHA-512 as FIT-Connect's metadata wants it (`hash.content`, `^[a-f0-9]{128}$`): over the
 * unencrypted bytes, lower-case hex.
 */
export function sha512Hex(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex');
}

/** SHA-512 of zero bytes: the hash of an empty `encryptedData` placeholder. */
export const emptySha512Hex = sha512Hex(new Uint8Array(0));
