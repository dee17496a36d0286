import { describe, expect, inject, it } from 'vitest';
import { importKeyFile } from './enrolment.js';
import { InboxError } from './errors.js';
import { indexedDbKeyStore } from './key-store.js';

const fixtures = inject('inboxFixtures');

describe('indexedDbKeyStore', () => {
  it('keeps non-extractable keys across store instances, and their material cannot be exported', async () => {
    const name = `efa-inbox-test-${crypto.randomUUID()}`;
    const enrolment = await importKeyFile(
      fixtures.destinationId,
      JSON.stringify({ privateJwk: fixtures.privateJwk }),
    );
    await indexedDbKeyStore(name).put(enrolment.keys);

    // A new store object on the same database: what a reload of the page would see.
    const stored = await indexedDbKeyStore(name).get(fixtures.destinationId.toUpperCase());
    expect(stored?.encryption.kid).toBe(fixtures.publicJwk.kid);
    expect(stored?.encryption.privateKey).toBeInstanceOf(CryptoKey);
    expect(stored?.encryption.privateKey.extractable).toBe(false);
    expect(stored?.signing.privateKey.extractable).toBe(false);
    expect(stored?.encryption.privateKey.usages).toEqual(['decrypt']);
    expect(stored?.signing.privateKey.usages).toEqual(['sign']);
    for (const format of ['jwk', 'pkcs8'] as const) {
      await expect(
        crypto.subtle.exportKey(format, stored?.encryption.privateKey as CryptoKey),
      ).rejects.toThrow();
      await expect(
        crypto.subtle.exportKey(format, stored?.signing.privateKey as CryptoKey),
      ).rejects.toThrow();
    }
    // The public half is kept as a JWK without private members.
    expect(Object.keys(stored?.encryption.publicJwk ?? {}).sort()).toEqual([
      'alg',
      'e',
      'key_ops',
      'kid',
      'kty',
      'n',
      'use',
    ]);

    expect((await indexedDbKeyStore(name).list()).map((k) => k.destinationId)).toEqual([
      fixtures.destinationId,
    ]);
    await indexedDbKeyStore(name).delete(fixtures.destinationId);
    expect(await indexedDbKeyStore(name).get(fixtures.destinationId)).toBeUndefined();
  });

  it('refuses to store an extractable key', async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSA-PSS', hash: 'SHA-512', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const enrolment = await importKeyFile(fixtures.destinationId, JSON.stringify(fixtures.privateJwk));
    const store = indexedDbKeyStore(`efa-inbox-test-${crypto.randomUUID()}`);
    const leaky = { ...enrolment.keys, signing: { ...enrolment.keys.signing, privateKey: pair.privateKey } };
    await expect(store.put(leaky)).rejects.toSatisfy(
      (error: unknown) => error instanceof InboxError && error.code === 'INBOX_KEY_EXTRACTABLE',
    );
    expect(await store.list()).toEqual([]);
  });
});
