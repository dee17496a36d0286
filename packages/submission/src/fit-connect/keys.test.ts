import type { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustAnchors } from './certificates.js';
import { checkDestinationKey, modulusBits } from './keys.js';
import { isSubmissionApiError } from './submission-api.js';
import {
  createTestPki,
  encryptionJwk,
  type RsaPair,
  rsaPair,
  type TestPki,
} from './test-pki.test.support.js';

let destination: RsaPair;
let short: RsaPair;
let pki: TestPki;
let anchors: X509Certificate[];
const kid = 'destination-key-1';
// Set once the certificates exist: they are valid from the second they were made.
let now: Date;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  [destination, short] = await Promise.all([rsaPair(4096), rsaPair(2048)]);
  pki = createTestPki(destination.privateKey);
  anchors = parseTrustAnchors([pki.rootPem]);
  now = new Date();
}, 120_000);

afterAll(() => pki?.cleanup());

function refusal(run: () => unknown): { code: string; retryable: boolean; de: string; en: string } {
  try {
    run();
  } catch (error) {
    if (!isSubmissionApiError(error)) throw error;
    return { code: error.code, retryable: error.retryable, de: error.messages.de, en: error.messages.en };
  }
  throw new Error('the key was accepted');
}

const check = (jwk: unknown, options: { trustAnchors?: X509Certificate[]; now?: Date } = {}) =>
  checkDestinationKey(jwk, {
    kid,
    alg: 'RSA-OAEP-256',
    keyOp: 'wrapKey',
    trustAnchors: options.trustAnchors ?? [],
    now: options.now ?? now,
  });

describe('destination encryption key checks', () => {
  it('accepts a 4096-bit RSA-OAEP-256 wrapKey key and keeps only its public parts', () => {
    const checked = check(encryptionJwk(destination, kid));
    expect(checked).toEqual({
      kty: 'RSA',
      n: expect.any(String),
      e: 'AQAB',
      alg: 'RSA-OAEP-256',
      key_ops: ['wrapKey'],
      kid,
      use: 'enc',
    });
    expect(modulusBits(checked.n)).toBe(4096);
  });

  const shapes: Array<[string, () => Record<string, unknown>, string]> = [
    ['a 2048-bit key', () => encryptionJwk(short, kid), 'SUBMISSION_KEY_TOO_SHORT'],
    [
      'a key without wrapKey',
      () => ({ ...encryptionJwk(destination, kid), key_ops: ['encrypt'] }),
      'SUBMISSION_KEY_OPERATIONS',
    ],
    [
      'a key allowing more than wrapKey',
      () => ({ ...encryptionJwk(destination, kid), key_ops: ['wrapKey', 'encrypt'] }),
      'SUBMISSION_KEY_OPERATIONS',
    ],
    [
      'a key without key_ops',
      () => ({ ...encryptionJwk(destination, kid), key_ops: undefined }),
      'SUBMISSION_KEY_OPERATIONS',
    ],
    [
      'a key for RSA1_5',
      () => ({ ...encryptionJwk(destination, kid), alg: 'RSA1_5' }),
      'SUBMISSION_KEY_ALGORITHM',
    ],
    [
      'a key without alg',
      () => ({ ...encryptionJwk(destination, kid), alg: undefined }),
      'SUBMISSION_KEY_ALGORITHM',
    ],
    [
      'a key with its private exponent',
      () => ({ ...encryptionJwk(destination, kid), d: destination.privateKey.export({ format: 'jwk' }).d }),
      'SUBMISSION_KEY_PRIVATE',
    ],
    [
      'a key with its primes',
      () => {
        const { p, q } = destination.privateKey.export({ format: 'jwk' });
        return { ...encryptionJwk(destination, kid), p, q };
      },
      'SUBMISSION_KEY_PRIVATE',
    ],
    [
      'an EC key',
      () => ({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', alg: 'RSA-OAEP-256', kid }),
      'SUBMISSION_KEY_TYPE',
    ],
    [
      'an exponent other than AQAB',
      () => ({ ...encryptionJwk(destination, kid), e: 'Aw' }),
      'SUBMISSION_KEY_EXPONENT',
    ],
    ['another kid', () => encryptionJwk(destination, 'someone-else'), 'SUBMISSION_KEY_ID_MISMATCH'],
    [
      'a key for signing',
      () => ({ ...encryptionJwk(destination, kid), use: 'sig' }),
      'SUBMISSION_KEY_MALFORMED',
    ],
    [
      'a modulus that is not base64url',
      () => ({ ...encryptionJwk(destination, kid), n: 'a+b/c=' }),
      'SUBMISSION_KEY_MALFORMED',
    ],
  ];

  it.each(shapes)('refuses %s', (_, jwk, code) => {
    const refused = refusal(() => check(jwk()));
    expect(refused.code).toBe(code);
    expect(refused.retryable).toBe(false);
    expect(refused.de).not.toBe(refused.en);
  });

  it('refuses a value that is no JSON object', () => {
    expect(refusal(() => check('not a key')).code).toBe('SUBMISSION_KEY_MALFORMED');
    expect(refusal(() => check(null)).code).toBe('SUBMISSION_KEY_MALFORMED');
  });

  it('names the key length in German and English', () => {
    const refused = refusal(() => check(encryptionJwk(short, kid)));
    expect(refused.de).toContain('2048 Bit');
    expect(refused.en).toContain('2048 bits');
  });
});

describe('destination key certificate chain (x5c)', () => {
  const withChain = (x5c: unknown) => ({ ...encryptionJwk(destination, kid), x5c });

  it('accepts a chain up to the configured root', () => {
    expect(check(withChain(pki.validChain), { trustAnchors: anchors }).kid).toBe(kid);
  });

  it('accepts a chain that stops below the root when the root is the anchor', () => {
    expect(check(withChain(pki.chainWithoutRoot), { trustAnchors: anchors }).kid).toBe(kid);
  });

  it('refuses a key without x5c when trust anchors are configured', () => {
    expect(refusal(() => check(encryptionJwk(destination, kid), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_MISSING',
    );
  });

  it('refuses a chain to a root that is not trusted', () => {
    expect(refusal(() => check(withChain(pki.untrustedChain), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_UNTRUSTED',
    );
  });

  it('refuses a chain whose links do not fit', () => {
    expect(refusal(() => check(withChain(pki.brokenChain), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_INVALID',
    );
    // Without anchors the chain's own links are still checked.
    expect(refusal(() => check(withChain(pki.brokenChain))).code).toBe('SUBMISSION_KEY_CERTIFICATE_INVALID');
  });

  it('refuses a leaf issued by a certificate that is no CA', () => {
    expect(refusal(() => check(withChain(pki.notCaChain), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_INVALID',
    );
  });

  it('refuses an expired certificate and one not yet valid, by the clock', () => {
    const later = new Date(now.getTime() + 400 * day);
    const earlier = new Date(now.getTime() - day);
    const expired = refusal(() => check(withChain(pki.validChain), { trustAnchors: anchors, now: later }));
    expect(expired.code).toBe('SUBMISSION_KEY_CERTIFICATE_EXPIRED');
    expect(expired.en).toContain('CN=Destination');
    expect(
      refusal(() => check(withChain(pki.validChain), { trustAnchors: anchors, now: earlier })).code,
    ).toBe('SUBMISSION_KEY_CERTIFICATE_EXPIRED');
  });

  it('refuses a certificate that holds another public key than the JWK', () => {
    expect(refusal(() => check(withChain(pki.otherKeyChain), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_MISMATCH',
    );
  });

  it('refuses x5c entries that are not certificates', () => {
    expect(refusal(() => check(withChain(['bm90IGEgY2VydA==']), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_INVALID',
    );
    expect(refusal(() => check(withChain('MIIB'), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_INVALID',
    );
    expect(refusal(() => check(withChain([]), { trustAnchors: anchors })).code).toBe(
      'SUBMISSION_KEY_CERTIFICATE_INVALID',
    );
  });

  it('checks a chain without anchors for consistency only (test environments)', () => {
    expect(check(withChain(pki.untrustedChain)).kid).toBe(kid);
  });

  it('refuses trust anchors that are not CA certificates', () => {
    expect(() =>
      parseTrustAnchors(['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']),
    ).toThrow();
    expect(() => parseTrustAnchors(['hello'])).toThrow(/PEM/);
  });
});
