import { base64url, calculateJwkThumbprint } from 'jose';
import { InboxError } from './errors.js';
import type { DestinationKeys, StoredKey } from './key-store.js';

/**
 * Enrolment of a destination's keys in this browser: import the private key file the
 * authority holds (the development set-up writes `delivery-destination-key.json` with
 * `privateJwk`, and `delivery-service.json` with `destinationPrivateJwk`), or generate the
 * pair here and hand out only the public JWKs for the authority to register. Either way the
 * keys end up non-extractable; a passphrase-wrapped backup (PBKDF2-SHA-256, 600,000
 * iterations, AES-GCM key wrap bound to destination, role and kid) is the way back after a
 * lost profile. The extractable copy the wrap needs lives only inside these functions: the
 * stored keys are unwrapped from the backup just made, which proves the backup opens.
 */

export const backupFormat = 'efa-kit/inbox-key-backup';
export const pbkdf2Iterations = 600_000;
export const minPassphraseLength = 12;
/** 4096-bit modulus: at least 683 base64url characters (FIT-Connect's "magic numbers"). */
const minModulusLength = 683;

const oaep = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;
const pss = { name: 'RSA-PSS', hash: 'SHA-512' } as const;
type Role = 'encryption' | 'signing';
const algorithms = { encryption: oaep, signing: pss } as const;
const usages: Record<Role, KeyUsage[]> = { encryption: ['decrypt'], signing: ['sign'] };

export interface PublicJwks {
  /** To register as the destination's encryption key (RSA-OAEP-256, key_ops wrapKey). */
  encryption: JsonWebKey & { kid: string; alg: string };
  /** To register as the destination's signature key (PS512, key_ops verify). */
  signing: JsonWebKey & { kid: string; alg: string };
}

export interface Enrolment {
  keys: DestinationKeys;
  publicJwks: PublicJwks;
  /** The backup file's text (JSON), when a passphrase was given. */
  backup: string | null;
}

interface WrappedKey {
  kid: string;
  publicJwk: JsonWebKey & { kid: string; alg: string };
  iv: string;
  wrapped: string;
}

interface Backup {
  format: typeof backupFormat;
  version: 1;
  destinationId: string;
  createdAt: string;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  keys: Record<Role, WrappedKey>;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkDestination(destinationId: string): string {
  if (!uuid.test(destinationId)) throw new InboxError('INBOX_DESTINATION_INVALID', { destinationId });
  return destinationId.toLowerCase();
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < minPassphraseLength)
    throw new InboxError('INBOX_PASSPHRASE_SHORT', { minimum: String(minPassphraseLength) });
}

function publicJwk(jwk: JsonWebKey, role: Role, kid: string): JsonWebKey & { kid: string; alg: string } {
  return role === 'encryption'
    ? { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey'] }
    : { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'PS512', use: 'sig', key_ops: ['verify'] };
}

async function kidOf(jwk: JsonWebKey): Promise<string> {
  // The delivery service's default kid for a registered key without one (config.ts).
  const { kid } = jwk as JsonWebKey & { kid?: unknown };
  if (typeof kid === 'string' && /^[\w.:-]{1,128}$/.test(kid)) return kid;
  return calculateJwkThumbprint({ kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '' }, 'sha256');
}

async function wrappingKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

function binding(destinationId: string, role: Role, kid: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${backupFormat}:${destinationId}:${role}:${kid}`);
}

async function wrap(
  aes: CryptoKey,
  destinationId: string,
  role: Role,
  key: CryptoKey,
  jwk: JsonWebKey,
  kid: string,
): Promise<WrappedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.wrapKey('pkcs8', key, aes, {
    name: 'AES-GCM',
    iv,
    additionalData: binding(destinationId, role, kid),
  });
  return {
    kid,
    publicJwk: publicJwk(jwk, role, kid),
    iv: base64url.encode(iv),
    wrapped: base64url.encode(new Uint8Array(wrapped)),
  };
}

async function unwrap(
  aes: CryptoKey,
  destinationId: string,
  role: Role,
  entry: WrappedKey,
): Promise<StoredKey> {
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.unwrapKey(
      'pkcs8',
      base64url.decode(entry.wrapped) as Uint8Array<ArrayBuffer>,
      aes,
      {
        name: 'AES-GCM',
        iv: base64url.decode(entry.iv) as Uint8Array<ArrayBuffer>,
        additionalData: binding(destinationId, role, entry.kid),
      },
      algorithms[role],
      false,
      usages[role],
    );
  } catch (cause) {
    // AES-GCM cannot tell a wrong passphrase from a changed file: both fail the tag.
    throw new InboxError('INBOX_BACKUP_PASSPHRASE', {}, { cause });
  }
  return { kid: entry.kid, privateKey, publicJwk: entry.publicJwk };
}

/** An extractable key in hand (just generated or imported): wrap, then keep only the unwrapped. */
interface Material {
  key: CryptoKey;
  jwk: JsonWebKey;
  kid: string;
}

async function seal(
  destinationId: string,
  material: Record<Role, Material>,
  passphrase: string,
): Promise<{ keys: DestinationKeys; backup: string }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const aes = await wrappingKey(passphrase, salt, pbkdf2Iterations);
  const wrapped = {
    encryption: await wrap(
      aes,
      destinationId,
      'encryption',
      material.encryption.key,
      material.encryption.jwk,
      material.encryption.kid,
    ),
    signing: await wrap(
      aes,
      destinationId,
      'signing',
      material.signing.key,
      material.signing.jwk,
      material.signing.kid,
    ),
  };
  const backup: Backup = {
    format: backupFormat,
    version: 1,
    destinationId,
    createdAt: new Date().toISOString(),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: pbkdf2Iterations, salt: base64url.encode(salt) },
    keys: wrapped,
  };
  const keys: DestinationKeys = {
    destinationId,
    encryption: await unwrap(aes, destinationId, 'encryption', wrapped.encryption),
    signing: await unwrap(aes, destinationId, 'signing', wrapped.signing),
    enrolledAt: backup.createdAt,
  };
  return { keys, backup: JSON.stringify(backup, null, 2) };
}

async function generated(role: Role): Promise<Material> {
  const pair = (await crypto.subtle.generateKey(
    { ...algorithms[role], modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    role === 'encryption' ? ['encrypt', 'decrypt'] : ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { key: pair.privateKey, jwk, kid: await kidOf(jwk) };
}

function enrolmentOf(keys: DestinationKeys, backup: string | null): Enrolment {
  return {
    keys,
    publicJwks: { encryption: keys.encryption.publicJwk, signing: keys.signing.publicJwk },
    backup,
  };
}

/**
 * Generates both key pairs (RSA-OAEP-256 and PS512, 4096 bit) in this browser. A backup is
 * required: a key that exists only in one browser profile is lost with it.
 */
export async function generateDestinationKeys(destinationId: string, passphrase: string): Promise<Enrolment> {
  const id = checkDestination(destinationId);
  checkPassphrase(passphrase);
  const material = { encryption: await generated('encryption'), signing: await generated('signing') };
  const { keys, backup } = await seal(id, material, passphrase);
  return enrolmentOf(keys, backup);
}

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

function privateRsaJwk(value: unknown, what: string): JsonWebKey {
  const jwk = value as JsonWebKey | null;
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'RSA')
    throw new InboxError('INBOX_KEY_FILE_INVALID', { detail: `${what} is not an RSA JWK` });
  for (const member of privateMembers)
    if (typeof jwk[member] !== 'string')
      throw new InboxError('INBOX_KEY_FILE_INVALID', { detail: `${what} has no private member ${member}` });
  if (typeof jwk.n !== 'string' || jwk.n.length < minModulusLength)
    throw new InboxError('INBOX_KEY_TOO_SHORT');
  return jwk;
}

/** The private JWKs of a key file: a bare JWK, or the development set-up's files. */
function keysInFile(text: string): { encryption: JsonWebKey; signing: JsonWebKey | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InboxError('INBOX_KEY_FILE_INVALID', { detail: 'not JSON' });
  }
  const file = (parsed ?? {}) as Record<string, unknown>;
  const encryption =
    'd' in file ? file : (file.privateJwk ?? file.destinationPrivateJwk ?? file.encryptionPrivateJwk);
  const signing = file.signingPrivateJwk ?? null;
  return {
    encryption: privateRsaJwk(encryption, 'the encryption key'),
    signing: signing === null ? null : privateRsaJwk(signing, 'the signing key'),
  };
}

async function imported(jwk: JsonWebKey, role: Role, extractable: boolean): Promise<Material> {
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty, n, e, d, p, q, dp, dq, qi },
    algorithms[role],
    extractable,
    usages[role],
  );
  return { key, jwk, kid: await kidOf(jwk) };
}

/**
 * Imports a private key file for `destinationId`. A file without a signing key (the
 * development set-up's has none) gets a signing pair generated here, whose public JWK the
 * authority registers. With a passphrase the result includes a backup of both keys;
 * without, the keys are imported non-extractable straight away.
 */
export async function importKeyFile(
  destinationId: string,
  text: string,
  passphrase?: string,
): Promise<Enrolment> {
  const id = checkDestination(destinationId);
  if (passphrase !== undefined) checkPassphrase(passphrase);
  const file = keysInFile(text);
  const backup = passphrase !== undefined;
  let encryption: Material;
  let signing: Material;
  try {
    encryption = await imported(file.encryption, 'encryption', backup);
    signing = file.signing ? await imported(file.signing, 'signing', backup) : await generated('signing');
  } catch (cause) {
    if (cause instanceof InboxError) throw cause;
    throw new InboxError('INBOX_KEY_FILE_INVALID', { detail: (cause as Error).message }, { cause });
  }
  if (passphrase !== undefined) {
    const sealed = await seal(id, { encryption, signing }, passphrase);
    return enrolmentOf(sealed.keys, sealed.backup);
  }
  // No backup: a generated signing key still has to become non-extractable.
  const signingKey = signing.key.extractable
    ? await crypto.subtle.importKey(
        'pkcs8',
        await crypto.subtle.exportKey('pkcs8', signing.key),
        pss,
        false,
        ['sign'],
      )
    : signing.key;
  const keys: DestinationKeys = {
    destinationId: id,
    encryption: {
      kid: encryption.kid,
      privateKey: encryption.key,
      publicJwk: publicJwk(encryption.jwk, 'encryption', encryption.kid),
    },
    signing: {
      kid: signing.kid,
      privateKey: signingKey,
      publicJwk: publicJwk(signing.jwk, 'signing', signing.kid),
    },
    enrolledAt: new Date().toISOString(),
  };
  return enrolmentOf(keys, null);
}

function parseBackup(text: string): Backup {
  let backup: Backup;
  try {
    backup = JSON.parse(text) as Backup;
  } catch {
    throw new InboxError('INBOX_BACKUP_INVALID', { detail: 'not JSON' });
  }
  if (backup?.format !== backupFormat || backup.version !== 1)
    throw new InboxError('INBOX_BACKUP_INVALID', { detail: 'not an EfA Kit inbox key backup' });
  const { kdf } = backup;
  if (
    kdf?.name !== 'PBKDF2' ||
    kdf.hash !== 'SHA-256' ||
    !(kdf.iterations >= pbkdf2Iterations) ||
    kdf.iterations > 10_000_000
  )
    throw new InboxError('INBOX_BACKUP_INVALID', {
      detail: 'key derivation weaker than PBKDF2-SHA-256 × 600,000',
    });
  checkDestination(backup.destinationId);
  for (const role of ['encryption', 'signing'] as const) {
    const entry = backup.keys?.[role];
    if (typeof entry?.kid !== 'string' || typeof entry.iv !== 'string' || typeof entry.wrapped !== 'string')
      throw new InboxError('INBOX_BACKUP_INVALID', { detail: `${role} key missing` });
  }
  return backup;
}

/** The destination a backup file is for, without the passphrase (to show before restoring). */
export function backupDestination(text: string): string {
  return parseBackup(text).destinationId;
}

/** Restores both keys from a backup, non-extractable. */
export async function restoreBackup(text: string, passphrase: string): Promise<DestinationKeys> {
  const backup = parseBackup(text);
  const salt = base64url.decode(backup.kdf.salt) as Uint8Array<ArrayBuffer>;
  const aes = await wrappingKey(passphrase, salt, backup.kdf.iterations);
  const id = backup.destinationId.toLowerCase();
  return {
    destinationId: id,
    encryption: await unwrap(aes, id, 'encryption', backup.keys.encryption),
    signing: await unwrap(aes, id, 'signing', backup.keys.signing),
    enrolledAt: new Date().toISOString(),
  };
}
