import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticationTagOf, encryptForDestination, isCompactJwe } from './encrypt.js';
import { emptySha512Hex, sha512Hex } from './hash.js';
import { checkDestinationKey } from './keys.js';
import type { VerifiedEncryptionKey } from './submission-api.js';
import { encryptionJwk, type RsaPair, rsaPair } from './test-pki.test.support.js';

let destination: RsaPair;
let key: VerifiedEncryptionKey;
const kid = 'enc-2026';

beforeAll(async () => {
  destination = await rsaPair(4096);
  const jwk = checkDestinationKey(encryptionJwk(destination, kid), {
    kid,
    alg: 'RSA-OAEP-256',
    keyOp: 'wrapKey',
    trustAnchors: [],
    now: new Date(),
  });
  key = { kid, jwk };
}, 60_000);

describe('encryptForDestination', () => {
  it('round-trips with the private key: RSA-OAEP-256, A256GCM, kid, cty, no zip', async () => {
    const plaintext = new TextEncoder().encode(
      JSON.stringify({ hund: { name: 'Bello', rasse: 'Mischling' }, ä: 'ö ü ß €' }),
    );
    const jwe = await encryptForDestination(key, plaintext, 'application/json');
    expect(jwe.split('.')).toHaveLength(5);
    // FIT-Connect's floor for a compact JWE with a 4096-bit key and an empty payload.
    expect(jwe.length).toBeGreaterThanOrEqual(776);
    const header = decodeProtectedHeader(jwe);
    expect(header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid, cty: 'application/json' });
    expect(header).not.toHaveProperty('zip');
    const decrypted = await compactDecrypt(jwe, destination.privateKey, {
      keyManagementAlgorithms: ['RSA-OAEP-256'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    expect(Buffer.from(decrypted.plaintext).equals(Buffer.from(plaintext))).toBe(true);
    expect(decrypted.protectedHeader.cty).toBe('application/json');
  });

  it('encrypts binary attachments and an empty plaintext', async () => {
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x00, 0xff]);
    const jwe = await encryptForDestination(key, pdf, 'application/pdf');
    expect(decodeProtectedHeader(jwe).cty).toBe('application/pdf');
    expect(
      Buffer.from((await compactDecrypt(jwe, destination.privateKey)).plaintext).equals(Buffer.from(pdf)),
    ).toBe(true);
    const empty = await encryptForDestination(key, new Uint8Array(0), 'application/json');
    expect((await compactDecrypt(empty, destination.privateKey)).plaintext).toHaveLength(0);
    expect(authenticationTagOf(empty)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('uses a fresh content key each time', async () => {
    const plaintext = new TextEncoder().encode('same');
    const [a, b] = await Promise.all([
      encryptForDestination(key, plaintext, 'text/plain'),
      encryptForDestination(key, plaintext, 'text/plain'),
    ]);
    expect(a).not.toBe(b);
  });

  it('refuses a key that fails the checks even if it was stored as verified', async () => {
    const weak = await rsaPair(2048);
    const forged = { kid, jwk: { ...encryptionJwk(weak, kid), kid } } as VerifiedEncryptionKey;
    await expect(encryptForDestination(forged, new Uint8Array(1), 'application/json')).rejects.toMatchObject({
      code: 'SUBMISSION_KEY_TOO_SHORT',
      retryable: false,
    });
  });

  it('refuses a content type that is no media type', async () => {
    await expect(encryptForDestination(key, new Uint8Array(1), 'json')).rejects.toMatchObject({
      code: 'SUBMISSION_ENCRYPTION_FAILED',
    });
  });
});

describe('authenticationTagOf', () => {
  it('is the last segment of the compact JWE (the GCM tag, 16 bytes)', async () => {
    const jwe = await encryptForDestination(key, new TextEncoder().encode('{}'), 'application/json');
    const tag = authenticationTagOf(jwe);
    expect(jwe.endsWith(`.${tag}`)).toBe(true);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
  });

  it('refuses what is not a compact JWE', () => {
    expect(() => authenticationTagOf('a.b.c')).toThrow(/compact/);
    expect(() => authenticationTagOf('a.b.c.d.')).toThrow(/compact/);
  });
});

describe('isCompactJwe', () => {
  // The expression it replaced (a fifth of the CPU for the same verdict, see encrypt.ts).
  const expression = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;
  const segment = (min: number) =>
    fc.uint8Array({ minLength: min, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url'));

  it('takes every JWE an encoder writes, as the expression did', async () => {
    const jwe = await encryptForDestination(key, randomBytes(40_000), 'application/pdf');
    expect(isCompactJwe(jwe)).toBe(true);
    fc.assert(
      fc.property(segment(1), segment(1), segment(1), segment(0), segment(1), (...parts) => {
        const value = parts.join('.');
        return isCompactJwe(value) && expression.test(value);
      }),
    );
  });

  it('never takes what the expression refused', () => {
    const alphabet = 'ABab09-_.+/= \né'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (characters) => {
        const value = characters.join('');
        return !isCompactJwe(value) || expression.test(value);
      }),
      { numRuns: 5000 },
    );
    for (const refused of [
      'a.b.c.d.e',
      'AA.AA.AA..A',
      'AA.AA.AA.AA.AA=',
      'AA.A+.AA.AA.AA',
      'AA.AA.AA.AA.AA.AA',
    ])
      expect(isCompactJwe(refused)).toBe(false);
  });
});

describe('sha512Hex', () => {
  it('is lower-case hex of SHA-512', () => {
    expect(sha512Hex(new TextEncoder().encode('abc'))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(emptySha512Hex).toMatch(/^cf83e135/);
    expect(emptySha512Hex).toHaveLength(128);
  });
});
