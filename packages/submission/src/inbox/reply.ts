import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { InboxError } from './errors.js';
import { sha512Hex } from './hash.js';

/**
 * A decision (Bescheid) PDF encrypted in this browser to the citizen-side reply key the
 * server names (`inbox.replyKey`): JWE compact, RSA-OAEP-256 + A256GCM, like the way in.
 * The server only ever sees the ciphertext, its SHA-512 (of the plaintext, so the citizen
 * side can check it after decryption) and the size.
 */

export interface EncryptedDecision {
  filename: string;
  jwe: string;
  sha512: string;
  size: number;
}

/** Up to 20 MB: what a decision PDF may be; the JWE is a third larger again. */
export const maxDecisionBytes = 20 * 1024 * 1024;

export async function encryptDecision(
  replyJwk: JWK,
  filename: string,
  pdf: Uint8Array<ArrayBuffer>,
): Promise<EncryptedDecision> {
  if (pdf.byteLength === 0 || pdf.byteLength > maxDecisionBytes)
    throw new InboxError('INBOX_DECISION_SIZE', { maximum: '20 MB' });
  // A PDF starts with "%PDF-"; anything else is not what the citizen is told they get.
  if (String.fromCharCode(...pdf.subarray(0, 5)) !== '%PDF-') throw new InboxError('INBOX_DECISION_NOT_PDF');
  // The name the citizen sees and downloads: no path, ends in .pdf, at most 200 characters.
  const base = (filename.split(/[/\\]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim() || 'Bescheid';
  const name = /\.pdf$/i.test(base) ? base : `${base.slice(0, 196)}.pdf`;
  if (name.length > 200) throw new InboxError('INBOX_DECISION_NAME');
  if (replyJwk.kty !== 'RSA' || typeof replyJwk.n !== 'string' || replyJwk.n.length < 683 || 'd' in replyJwk)
    throw new InboxError('INBOX_REPLY_KEY_INVALID');
  const key = await importJWK({ kty: 'RSA', n: replyJwk.n, e: replyJwk.e ?? 'AQAB' }, 'RSA-OAEP-256');
  const jwe = await new CompactEncrypt(pdf)
    .setProtectedHeader({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      cty: 'application/pdf',
      ...(typeof replyJwk.kid === 'string' ? { kid: replyJwk.kid } : {}),
    })
    .encrypt(key);
  return { filename: name, jwe, sha512: await sha512Hex(pdf), size: pdf.byteLength };
}
