import { CompactEncrypt, compactDecrypt, importJWK, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import {
  backupDestination,
  generateDestinationKeys,
  importKeyFile,
  pbkdf2Iterations,
  restoreBackup,
} from './enrolment.js';
import { InboxError } from './errors.js';
import { signAccept } from './events.js';

const fixtures = inject('inboxFixtures');
const passphrase = 'korrekt Pferd Batterie Heftklammer';

function code(expected: string) {
  return (error: unknown) => error instanceof InboxError && error.code === expected;
}

async function encryptTo(publicJwk: JsonWebKey, text: string): Promise<string> {
  const key = await importJWK({ kty: 'RSA', n: publicJwk.n, e: publicJwk.e }, 'RSA-OAEP-256');
  return new CompactEncrypt(new TextEncoder().encode(text))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
    .encrypt(key);
}

describe('enrolment', () => {
  it('imports the development set-up’s key files and decrypts with the imported key', async () => {
    for (const file of [
      { publicJwk: fixtures.publicJwk, privateJwk: fixtures.privateJwk }, // delivery-destination-key.json
      { destinationPrivateJwk: fixtures.privateJwk, destinations: {} }, // delivery-service.json
      fixtures.privateJwk, // a bare JWK
    ]) {
      const enrolment = await importKeyFile(fixtures.destinationId, JSON.stringify(file));
      expect(enrolment.backup).toBeNull();
      expect(enrolment.keys.encryption.kid).toBe(fixtures.publicJwk.kid);
      expect(enrolment.publicJwks.encryption.n).toBe(fixtures.publicJwk.n);
      expect(enrolment.keys.signing.privateKey.extractable).toBe(false);
      const { plaintext } = await compactDecrypt(
        await encryptTo(fixtures.publicJwk, 'Hallo'),
        enrolment.keys.encryption.privateKey,
      );
      expect(new TextDecoder().decode(plaintext)).toBe('Hallo');
    }
  });

  it('takes the signing key from delivery-service.json when it has one (signingPrivateJwk, its kid)', async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSA-PSS', hash: 'SHA-512', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const signingPrivateJwk = {
      ...(await crypto.subtle.exportKey('jwk', pair.privateKey)),
      kid: 'dev-signing',
      alg: 'PS512',
    };
    const file = { destinationPrivateJwk: fixtures.privateJwk, signingPrivateJwk, destinations: {} };
    const { keys, publicJwks } = await importKeyFile(fixtures.destinationId, JSON.stringify(file));
    expect(keys.signing.kid).toBe('dev-signing');
    expect(publicJwks.signing.n).toBe(signingPrivateJwk.n);
    const subject = {
      destinationId: fixtures.destinationId,
      submissionId: crypto.randomUUID(),
      caseId: crypto.randomUUID(),
    };
    await jwtVerify(
      await signAccept(keys.signing, subject, { metadata: 'a', data: 'b', attachments: {} }),
      pair.publicKey,
    );
  });

  it('refuses files without a usable private key', async () => {
    await expect(importKeyFile(fixtures.destinationId, 'kein JSON')).rejects.toSatisfy(
      code('INBOX_KEY_FILE_INVALID'),
    );
    await expect(importKeyFile(fixtures.destinationId, JSON.stringify(fixtures.publicJwk))).rejects.toSatisfy(
      code('INBOX_KEY_FILE_INVALID'),
    );
    await expect(importKeyFile('not-a-uuid', JSON.stringify(fixtures.privateJwk))).rejects.toSatisfy(
      code('INBOX_DESTINATION_INVALID'),
    );
  });

  it('generates both pairs, hands out only public keys, and a backup restores keys that decrypt and sign', async () => {
    await expect(generateDestinationKeys(fixtures.destinationId, 'kurz')).rejects.toSatisfy(
      code('INBOX_PASSPHRASE_SHORT'),
    );
    const enrolment = await generateDestinationKeys(fixtures.destinationId, passphrase);
    for (const jwk of Object.values(enrolment.publicJwks)) {
      expect(jwk).not.toHaveProperty('d');
      expect(jwk.n?.length).toBeGreaterThanOrEqual(683);
    }
    expect(enrolment.publicJwks.encryption).toMatchObject({ alg: 'RSA-OAEP-256', key_ops: ['wrapKey'] });
    expect(enrolment.publicJwks.signing).toMatchObject({ alg: 'PS512', key_ops: ['verify'] });
    expect(enrolment.keys.encryption.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', enrolment.keys.encryption.privateKey)).rejects.toThrow();

    const backup = enrolment.backup as string;
    const parsed = JSON.parse(backup);
    expect(parsed.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: pbkdf2Iterations });
    expect(pbkdf2Iterations).toBeGreaterThanOrEqual(600_000);
    // No private member in the clear: the private keys are in the wrapped fields only.
    expect(backup).not.toContain('"d":');
    expect(backupDestination(backup)).toBe(fixtures.destinationId);

    await expect(restoreBackup(backup, 'eine ganz andere Passphrase')).rejects.toSatisfy(
      code('INBOX_BACKUP_PASSPHRASE'),
    );
    const restored = await restoreBackup(backup, passphrase);
    expect(restored.encryption.privateKey.extractable).toBe(false);
    expect(restored.signing.privateKey.extractable).toBe(false);
    const { plaintext } = await compactDecrypt(
      await encryptTo(enrolment.publicJwks.encryption, 'zurück'),
      restored.encryption.privateKey,
    );
    expect(new TextDecoder().decode(plaintext)).toBe('zurück');
    const subject = {
      destinationId: fixtures.destinationId,
      submissionId: crypto.randomUUID(),
      caseId: crypto.randomUUID(),
    };
    const set = await signAccept(restored.signing, subject, { metadata: 'a', data: 'b', attachments: {} });
    await jwtVerify(
      set,
      await importJWK({ ...enrolment.publicJwks.signing, key_ops: undefined } as JsonWebKey, 'PS512'),
    );
  });

  it('backs up an imported key file too, and a changed backup does not open', async () => {
    const enrolment = await importKeyFile(
      fixtures.destinationId,
      JSON.stringify({ privateJwk: fixtures.privateJwk }),
      passphrase,
    );
    const backup = JSON.parse(enrolment.backup as string);
    const restored = await restoreBackup(JSON.stringify(backup), passphrase);
    expect(restored.encryption.kid).toBe(fixtures.publicJwk.kid);
    // Another role's wrapped key swapped in: the binding (destination, role, kid) refuses it.
    const swapped = {
      ...backup,
      keys: { ...backup.keys, encryption: { ...backup.keys.signing, kid: backup.keys.encryption.kid } },
    };
    await expect(restoreBackup(JSON.stringify(swapped), passphrase)).rejects.toSatisfy(
      code('INBOX_BACKUP_PASSPHRASE'),
    );
    const weak = { ...backup, kdf: { ...backup.kdf, iterations: 1000 } };
    await expect(restoreBackup(JSON.stringify(weak), passphrase)).rejects.toSatisfy(
      code('INBOX_BACKUP_INVALID'),
    );
  });
});
