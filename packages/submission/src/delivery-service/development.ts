import { createHash, randomBytes } from 'node:crypto';
import type { EfaDatabase } from '@efa-kit/core/server';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createSubmissionApiClient, type SubmissionApi } from '../fit-connect/index.js';
import { createDeliveryService, type DeliveryService } from './service.js';

/**
 * Where the development services keep what must survive a restart (key pairs, the subscriber's
 * access): a folder beside a development database, or memory. Never used in production.
 */
export interface DevelopmentSecretStore {
  /** Where the secrets live; null when they exist only in memory. */
  readonly folder: string | null;
  read(name: string): string | null;
  write(name: string, content: string): void;
}

/** Secrets that live as long as the process (a development database in memory). */
export function memorySecretStore(): DevelopmentSecretStore {
  const memory = new Map<string, string>();
  return {
    folder: null,
    read: (name) => memory.get(name) ?? null,
    write: (name, content) => void memory.set(name, content),
  };
}

/** A stable destination id per service and authority (RFC 9562 version 8: name-based, our own). */
export function developmentDestinationId(leikaKey: string, authorityId: string): string {
  const hex = createHash('sha256').update(`efa-kit-dev-destination:${leikaKey}:${authorityId}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The destinations' encryption key pair, made once and kept with the development secrets. */
async function destinationKeyPair(
  secrets: DevelopmentSecretStore,
): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const stored = secrets.read('delivery-destination-key.json');
  if (stored) return JSON.parse(stored) as { publicJwk: JWK; privateJwk: JWK };
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', {
    modulusLength: 4096,
    extractable: true,
  });
  const pair = {
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'RSA-OAEP-256', key_ops: ['wrapKey'] },
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'RSA-OAEP-256' },
  };
  secrets.write('delivery-destination-key.json', JSON.stringify(pair));
  return pair;
}

/**
 * The destinations' signature key pair (PS512) for the authority's accept/reject events, made
 * once and kept with the development secrets; its public part is registered at every
 * development destination, its private part is in `delivery-service.json` for enrolment.
 */
async function destinationSigningKeyPair(
  secrets: DevelopmentSecretStore,
): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const stored = secrets.read('delivery-destination-signing-key.json');
  if (stored) return JSON.parse(stored) as { publicJwk: JWK; privateJwk: JWK };
  const { publicKey, privateKey } = await generateKeyPair('PS512', {
    modulusLength: 4096,
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const pair = {
    publicJwk: { ...publicJwk, kid, alg: 'PS512', key_ops: ['verify'] },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'PS512' },
  };
  secrets.write('delivery-destination-signing-key.json', JSON.stringify(pair));
  return pair;
}

export interface DevelopmentDelivery {
  service: DeliveryService;
  api: SubmissionApi;
  /** Destination ids by Leistungsschlüssel and authority id. */
  destinations: Record<string, Record<string, string>>;
  /** The subscriber client of every development destination (the casework's pull, issue 13). */
  subscriber: { clientId: string; secret: string };
  /** The sender client the host's pipeline and mailbox use. */
  sender: { clientId: string; secret: string };
  /** The secret of the sender's new-events callback, when the service calls the host back. */
  callbackSecret: string | undefined;
  /** kids of the shared development destination keys (for `inbox.destinationKeys`). */
  kids: { encryption: string; signing: string };
}

/**
 * The development delivery service (a real FIT-Connect Submission API over HTTP, ledger in the
 * host's database) with one destination per service and responsible authority, as the
 * FIT-Connect routing would name them. All development destinations share one key pair, kept
 * with the development secrets; `delivery-service.json` there tells an authority's test system
 * how to pull and decrypt what arrived (subscriber client and private key).
 */
export async function startDevelopmentDelivery(options: {
  db: EfaDatabase;
  /** The services offered (Leistungsschlüssel): one destination per service and responsible authority. */
  services: readonly { leikaKey: string }[];
  /** Every authority responsible for a service somewhere (the jurisdiction finder's). */
  authoritiesFor(leikaKey: string): Promise<ReadonlyArray<{ id: string }>>;
  secrets: DevelopmentSecretStore;
  host: string;
  port: number;
  /** Where the service calls the host back with new events (FIT-Connect's NEW_EVENTS); none: no callbacks. */
  callbackUrl?: string | undefined;
}): Promise<DevelopmentDelivery> {
  const keys = await destinationKeyPair(options.secrets);
  const signing = await destinationSigningKeyPair(options.secrets);
  const destinations: Record<string, Record<string, string>> = {};
  const configs = [];
  for (const definition of options.services) {
    const byAuthority: Record<string, string> = {};
    for (const authority of await options.authoritiesFor(definition.leikaKey)) {
      const destinationId = developmentDestinationId(definition.leikaKey, authority.id);
      byAuthority[authority.id] = destinationId;
      configs.push({
        destinationId,
        encryptionJwk: keys.publicJwk,
        signingJwk: signing.publicJwk,
        services: [{ identifier: `urn:de:fim:leika:leistung:${definition.leikaKey}` }],
      });
    }
    destinations[definition.leikaKey] = byAuthority;
  }
  const callbackSecret = options.callbackUrl ? randomBytes(32).toString('base64url') : undefined;
  const sender = {
    clientId: 'efa-portal',
    secret: randomBytes(24).toString('base64url'),
    role: 'sender' as const,
    ...(options.callbackUrl && callbackSecret
      ? { callback: { url: options.callbackUrl, secret: callbackSecret } }
      : {}),
  };
  const subscriber = {
    clientId: 'efa-authority',
    secret: randomBytes(24).toString('base64url'),
    role: 'subscriber' as const,
  };
  const service = await createDeliveryService({
    db: options.db,
    migrate: false,
    host: options.host,
    port: options.port,
    destinations: configs,
    clients: [sender, subscriber],
  });
  options.secrets.write(
    'delivery-service.json',
    JSON.stringify(
      {
        url: service.url,
        tokenUrl: service.tokenUrl,
        subscriber: { clientId: subscriber.clientId, secret: subscriber.secret },
        destinationPrivateJwk: keys.privateJwk,
        signingPrivateJwk: signing.privateJwk,
        destinations,
      },
      null,
      2,
    ),
  );
  const api = createSubmissionApiClient({
    baseUrl: service.url,
    tokenUrl: service.tokenUrl,
    clientId: sender.clientId,
    clientSecret: sender.secret,
  });
  const encryptionKid = await calculateJwkThumbprint(keys.publicJwk, 'sha256');
  return {
    service,
    api,
    destinations,
    subscriber: { clientId: subscriber.clientId, secret: subscriber.secret },
    sender: { clientId: sender.clientId, secret: sender.secret },
    callbackSecret,
    kids: { encryption: String(keys.publicJwk.kid ?? encryptionKid), signing: String(signing.publicJwk.kid) },
  };
}
