import { randomUUID } from 'node:crypto';
import {
  CompactEncrypt,
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import type { ClientConfig, DestinationConfig } from './config.js';
import { eventBase, setPayloadSchemaUri } from './events.js';
import type { DeliveryService } from './service.js';

/**
 * Shared pieces of the delivery service's tests. Keys are RSA 4096 as FIT-Connect requires;
 * generating them is slow, so each test file makes one set (in parallel) in beforeAll.
 */
export interface TestKeys {
  /** The destination's encryption key pair (the public part goes into the service). */
  encryption: { publicJwk: JWK & { kid: string }; privateKey: CryptoKey };
  /** The destination's signature key pair for accept/reject SETs. */
  signing: { publicJwk: JWK & { kid: string }; privateKey: CryptoKey };
  /** A private key for the service's own SETs, so tests need not generate one per service. */
  service: JWK;
}

async function pair(alg: 'RSA-OAEP-256' | 'PS512') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { modulusLength: 4096, extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { publicJwk: { ...jwk, kid }, privateKey };
}

export async function generateTestKeys(): Promise<TestKeys> {
  const [encryption, signing, service] = await Promise.all([
    pair('RSA-OAEP-256'),
    pair('PS512'),
    generateKeyPair('PS512', { modulusLength: 4096, extractable: true }).then((p) => exportJWK(p.privateKey)),
  ]);
  return { encryption, signing, service };
}

/** FIM Leistung "Hund anmelden"-style test key (any 14 digits do for the service). */
export const leika = 'urn:de:fim:leika:leistung:99108008252000';
export const destinationId = '3f1c4a52-7d8e-4b2a-9c61-0e5d2f7a8b90';
export const otherDestinationId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export const senderClient: ClientConfig = { clientId: 'portal', secret: 'portal-secret-123', role: 'sender' };
export const otherSender: ClientConfig = {
  clientId: 'other-portal',
  secret: 'other-secret-123',
  role: 'sender',
};
export const subscriberClient: ClientConfig = {
  clientId: 'authority',
  secret: 'authority-secret-1',
  role: 'subscriber',
  destinationIds: [destinationId],
};
export const otherSubscriber: ClientConfig = {
  clientId: 'other-authority',
  secret: 'other-authority-1',
  role: 'subscriber',
  destinationIds: [otherDestinationId],
};
export const allClients = [senderClient, otherSender, subscriberClient, otherSubscriber];

export function destinationConfig(
  keys: TestKeys,
  overrides: Partial<DestinationConfig> = {},
): DestinationConfig {
  return {
    destinationId,
    encryptionJwk: keys.encryption.publicJwk,
    signingJwk: keys.signing.publicJwk,
    services: [
      {
        identifier: leika,
        submissionSchemas: [
          { schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json', mimeType: 'application/json' },
        ],
      },
    ],
    ...overrides,
  };
}

export async function tokenFor(service: DeliveryService, client: ClientConfig): Promise<string> {
  const response = await fetch(service.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    }),
  });
  if (response.status !== 200)
    throw new Error(`token for ${client.clientId}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** fetch against the service with a Bearer token; JSON bodies are serialised. */
export function api(service: DeliveryService, token: string) {
  const call = (method: string, path: string, body?: unknown, contentType?: string) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown, contentType?: string) => call('POST', path, body, contentType),
    put: (path: string, body: unknown, contentType?: string) => call('PUT', path, body, contentType),
  };
}

/** A real JWE for the destination, as a sender makes it (RSA-OAEP-256 + A256GCM, no zip). */
export async function encryptFor(
  keys: TestKeys,
  plaintext: string,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      kid: keys.encryption.publicJwk.kid,
      cty: 'application/json',
      ...header,
    })
    .encrypt(keys.encryption.publicJwk);
}

export interface SentSubmission {
  submissionId: string;
  caseId: string;
  attachmentIds: string[];
  attachments: string[];
  metadata: string;
  data: string;
  encryptedMetadata: string;
  encryptedData: string;
  encryptedAttachments: string[];
}

/** The whole sender flow: create, upload every attachment, submit. */
export async function sendSubmission(
  service: DeliveryService,
  token: string,
  keys: TestKeys,
  options: { attachments?: number; caseId?: string; destination?: string } = {},
): Promise<SentSubmission> {
  const client = api(service, token);
  const attachmentIds = Array.from({ length: options.attachments ?? 1 }, () => randomUUID());
  const created = await client.post('/v1/submissions', {
    destinationId: options.destination ?? destinationId,
    announcedAttachments: attachmentIds,
    serviceType: { identifier: leika, name: 'Hund anmelden' },
    ...(options.caseId ? { caseId: options.caseId } : {}),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { submissionId, caseId } = (await created.json()) as { submissionId: string; caseId: string };
  const attachments = attachmentIds.map((id, index) => `Anlage ${index + 1} (${id}) – äöü ß €`);
  const encryptedAttachments = await Promise.all(attachments.map((text) => encryptFor(keys, text)));
  for (const [index, id] of attachmentIds.entries()) {
    const put = await client.put(
      `/v1/submissions/${submissionId}/attachments/${id}`,
      encryptedAttachments[index],
      'application/jose',
    );
    if (put.status !== 204) throw new Error(`upload: ${put.status} ${await put.text()}`);
  }
  const metadata = JSON.stringify({
    $schema: 'https://schema.fitko.de/fit-connect/metadata/1.2.0/metadata.schema.json',
  });
  const data = JSON.stringify({ hund: { name: 'Bello' } });
  const [encryptedMetadata, encryptedData] = await Promise.all([
    encryptFor(keys, metadata),
    encryptFor(keys, data),
  ]);
  const submitted = await client.put(`/v1/submissions/${submissionId}`, { encryptedMetadata, encryptedData });
  if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  return {
    submissionId,
    caseId,
    attachmentIds,
    attachments,
    metadata,
    data,
    encryptedMetadata,
    encryptedData,
    encryptedAttachments,
  };
}

/** The last segment of a compact JWE: what accept/reject events quote. */
export function tagOf(jwe: string): string {
  return jwe.split('.')[4] ?? '';
}

export function authenticationTags(sent: SentSubmission) {
  return {
    metadata: tagOf(sent.encryptedMetadata),
    data: tagOf(sent.encryptedData),
    attachments: Object.fromEntries(
      sent.attachmentIds.map((id, i) => [id, tagOf(sent.encryptedAttachments[i] ?? '')]),
    ),
  };
}

/** A subscriber's SET, signed with the destination's signature key unless told otherwise. */
export async function destinationEvent(
  keys: TestKeys,
  sent: { submissionId: string; caseId: string },
  event: 'accept-submission' | 'reject-submission' | string,
  payload: Record<string, unknown>,
  options: { key?: CryptoKey; kid?: string; iss?: string; jti?: string; txn?: string; typ?: string } = {},
): Promise<string> {
  return new SignJWT({
    $schema: setPayloadSchemaUri,
    txn: options.txn ?? `case:${sent.caseId}`,
    events: { [`${eventBase}${event}`]: payload },
  })
    .setProtectedHeader({
      typ: options.typ ?? 'secevent+jwt',
      alg: 'PS512',
      kid: options.kid ?? keys.signing.publicJwk.kid,
    })
    .setJti(options.jti ?? randomUUID())
    .setIssuer(options.iss ?? destinationId)
    .setIssuedAt()
    .setSubject(`submission:${sent.submissionId}`)
    .sign(options.key ?? keys.signing.privateKey);
}
