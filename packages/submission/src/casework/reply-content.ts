import { CompactEncrypt, type CryptoKey, compactDecrypt, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { caseStatuses } from './storage.js';

/**
 * What one reply carries, encrypted to the portal mailbox's reply key: the kit's own format
 * (FITKO defines none for metadata 1.0.0's `fink` channel), its fields taken from BundID's
 * ZBP message v6 (title, content, sender, service, reference, trust level to open,
 * attachments with SHA-512 and length) so a ZBP adapter maps it field by field.
 */
export const replyContentSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['status', 'question', 'decision']),
  /** The authority side's message id (a question's answers name it). */
  messageId: z.uuid(),
  status: z.enum(caseStatuses).nullable(),
  title: z.string().min(1).max(1024),
  body: z.string().max(10_000),
  sender: z.string().min(1).max(255),
  service: z.string().max(255).nullable(),
  reference: z.string().max(255).nullable(),
  requiredTrustLevel: z.enum(['low', 'substantial', 'high']),
  attachments: z
    .array(
      z.object({
        attachmentId: z.uuid(),
        filename: z.string().min(1).max(255),
        mimeType: z.string().min(3).max(255),
        sha512: z.string().regex(/^[a-f0-9]{128}$/),
        size: z
          .number()
          .int()
          .nonnegative()
          .max(100 * 1024 * 1024),
      }),
    )
    .max(20),
  createdAt: z.iso.datetime(),
});
export type ReplyContent = z.infer<typeof replyContentSchema>;

/** The citizen-side reply key's public part as the authority must use it. */
export interface ReplyPublicJwk {
  kty: 'RSA';
  kid: string;
  n: string;
  e: string;
  alg: 'RSA-OAEP-256';
  use: 'enc';
  key_ops: ['wrapKey'];
}

export function replyPublicJwk(jwk: JWK): ReplyPublicJwk {
  if (
    jwk.kty !== 'RSA' ||
    typeof jwk.n !== 'string' ||
    typeof jwk.e !== 'string' ||
    typeof jwk.kid !== 'string'
  )
    throw new RangeError('the reply key must be an RSA JWK with kid, n and e');
  return {
    kty: 'RSA',
    kid: jwk.kid,
    n: jwk.n,
    e: jwk.e,
    alg: 'RSA-OAEP-256',
    use: 'enc',
    key_ops: ['wrapKey'],
  };
}

export async function encryptToReplyKey(
  key: ReplyPublicJwk,
  plaintext: Uint8Array,
  cty: string,
): Promise<string> {
  const publicKey = (await importJWK({ kty: 'RSA', n: key.n, e: key.e }, 'RSA-OAEP-256')) as CryptoKey;
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key.kid, cty })
    .encrypt(publicKey);
}

/** Decrypts with the mailbox's private key; only RSA-OAEP-256 with A256GCM is taken. */
export async function decryptWithReplyKey(privateKey: CryptoKey, jwe: string): Promise<Uint8Array> {
  const { plaintext } = await compactDecrypt(jwe, privateKey, {
    keyManagementAlgorithms: ['RSA-OAEP-256'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  return plaintext;
}
