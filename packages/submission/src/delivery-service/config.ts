import { calculateJwkThumbprint, type JWK } from 'jose';
import { z } from 'zod';
import { deliveryServiceError } from './errors.js';

/** A LeiKa URN or another URN FITKO allows as `serviceType.identifier` (7–255 characters). */
export const serviceIdentifierSchema = z
  .string()
  .min(7)
  .max(255)
  .regex(/^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,.:=@;$_!*'%/?#-]+$/);

const submissionSchemaSchema = z.object({
  schemaUri: z.url().max(2048),
  mimeType: z.enum(['application/json', 'application/xml']),
});

/** Reply channels as `GET /v1/destinations/{id}` reports them (an object per channel offered). */
export const replyChannelsSchema = z
  .object({
    eMail: z.object({ usePgp: z.boolean().optional() }).strict(),
    deMail: z.object({}).strict(),
    fink: z.object({}).strict(),
    elster: z.object({}).strict(),
    fitConnect: z.object({ processStandards: z.array(z.string().min(1).max(255)).max(50) }).strict(),
  })
  .partial()
  .strict();
export type ReplyChannels = z.infer<typeof replyChannelsSchema>;

const destinationShape = z.object({
  destinationId: z.uuid(),
  status: z.enum(['created', 'active', 'archived', 'deleted']).default('active'),
  services: z
    .array(
      z.object({
        identifier: serviceIdentifierSchema,
        submissionSchemas: z.array(submissionSchemaSchema).max(50).default([]),
      }),
    )
    .min(1)
    .max(100),
  metadataVersions: z
    .array(z.string().regex(/^\d+\.\d+\.\d+$/))
    .min(1)
    .default(['1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0']),
  replyChannels: replyChannelsSchema.default({ eMail: { usePgp: false } }),
  callback: z
    .object({
      url: z.url({ protocol: /^https?$/ }).max(2048),
      // FITKO refuses a callback without a secret; a short one would be guessable.
      secret: z.string().min(32).max(512),
    })
    .optional(),
});

const clientShape = z.object({
  clientId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.-]+$/),
  secret: z.string().min(8).max(512),
  role: z.enum(['sender', 'subscriber']),
  destinationIds: z.array(z.uuid()).max(500).optional(),
  callback: z
    .object({ url: z.url({ protocol: /^https?$/ }).max(2048), secret: z.string().min(32).max(512) })
    .optional(),
});

export interface DestinationConfig {
  destinationId: string;
  /** Only `active` destinations take submissions (default). */
  status?: 'created' | 'active' | 'archived' | 'deleted';
  /** The destination's public RSA-OAEP-256 key (≥ 4096 bit); `kid` defaults to its thumbprint. */
  encryptionJwk: JWK;
  /**
   * The destination's public PS512 key that its subscriber signs accept/reject SETs with.
   * Without it, posted events are refused (`signature-key-missing`).
   */
  signingJwk?: JWK;
  services: ReadonlyArray<{
    identifier: string;
    submissionSchemas?: ReadonlyArray<{
      schemaUri: string;
      mimeType: 'application/json' | 'application/xml';
    }>;
  }>;
  metadataVersions?: readonly string[];
  replyChannels?: ReplyChannels;
  /** New-submission callbacks, HMAC-SHA-512 signed with `secret` (at least 32 characters). */
  callback?: { url: string; secret: string };
}

export interface ClientConfig {
  clientId: string;
  /** At least 8 characters. */
  secret: string;
  role: 'sender' | 'subscriber';
  /**
   * Subscriber: the destinations it receives for (all configured ones when absent).
   * Sender: the destinations it may send to (any when absent).
   */
  destinationIds?: readonly string[];
  /**
   * Sender only: where the service calls when a case of this sender has new events (accept,
   * reject, delete), HMAC-SHA-512 signed with `secret` (at least 32 characters), like the
   * destinations' new-submission callbacks (FITKO's NEW_EVENTS).
   */
  callback?: { url: string; secret: string };
}

/** The public part of an RSA key as the service serves it. */
export interface PublicRsaJwk {
  kty: 'RSA';
  kid: string;
  n: string;
  e: string;
  x5c?: string[];
}

export interface Destination {
  destinationId: string;
  status: 'created' | 'active' | 'archived' | 'deleted';
  encryptionKey: PublicRsaJwk;
  /** Bytes of the encryption key's modulus: the length of every RSA-OAEP encrypted key. */
  encryptionKeyBytes: number;
  signingKey: PublicRsaJwk | null;
  services: Array<{
    identifier: string;
    submissionSchemas: Array<{ schemaUri: string; mimeType: string }>;
  }>;
  metadataVersions: string[];
  replyChannels: ReplyChannels;
  callback: { url: string; secret: string } | null;
}

export interface Client {
  clientId: string;
  secret: string;
  role: 'sender' | 'subscriber';
  destinationIds: ReadonlySet<string> | null;
  /** A sender's new-events callback. */
  callback: { url: string; secret: string } | null;
}

const base64url = /^[A-Za-z0-9_-]+$/;
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

function keyError(key: string, detail: string) {
  return deliveryServiceError('DELIVERY_SERVICE_KEY_INVALID', { key, detail });
}

/** Bits of an RSA modulus given as base64url (leading zero bytes do not count). */
export function modulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const first = bytes[start];
  if (first === undefined) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(first));
}

/**
 * Checks a configured public RSA key the way FITKO's rules want it: RSA, no private parts
 * (the service must never hold a destination's private key), a modulus of at least 4096 bit,
 * and an `alg` / `key_ops` that fit its use when given. Returns it in the served shape.
 */
export async function parsePublicRsaJwk(
  input: unknown,
  use: 'encryption' | 'signature',
  name: string,
): Promise<PublicRsaJwk> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw keyError(name, 'not a JSON object (JWK)');
  }
  const jwk = input as Record<string, unknown>;
  if (jwk.kty !== 'RSA') throw keyError(name, 'kty must be RSA');
  for (const member of privateMembers) {
    if (member in jwk)
      throw keyError(name, `contains the private member "${member}"; give the public key only`);
  }
  const { n, e } = jwk;
  if (typeof n !== 'string' || !base64url.test(n) || typeof e !== 'string' || !base64url.test(e)) {
    throw keyError(name, 'n and e must be base64url strings');
  }
  const bits = modulusBits(n);
  if (bits < 4096) throw keyError(name, `the modulus has ${bits} bit; FIT-Connect needs at least 4096`);
  const alg = use === 'encryption' ? 'RSA-OAEP-256' : 'PS512';
  if (jwk.alg !== undefined && jwk.alg !== alg) throw keyError(name, `alg must be ${alg}`);
  const op = use === 'encryption' ? 'wrapKey' : 'verify';
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes(op))) {
    throw keyError(name, `key_ops must contain ${op}`);
  }
  let x5c: string[] | undefined;
  if (jwk.x5c !== undefined) {
    if (
      !Array.isArray(jwk.x5c) ||
      jwk.x5c.length === 0 ||
      !jwk.x5c.every((c) => typeof c === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(c))
    ) {
      throw keyError(name, 'x5c must be a non-empty array of base64 DER certificates');
    }
    x5c = jwk.x5c as string[];
  }
  let kid: string;
  if (jwk.kid === undefined) kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  else if (typeof jwk.kid === 'string' && /^[\w.:-]{1,128}$/.test(jwk.kid)) kid = jwk.kid;
  else throw keyError(name, 'kid must be 1–128 characters of letters, digits, "_", ".", ":" or "-"');
  return { kty: 'RSA', kid, n, e, ...(x5c ? { x5c } : {}) };
}

function invalid(error: z.ZodError, where: string) {
  const detail = error.issues.map(
    (i) => `${where}${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`,
  );
  return deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', {
    detail: detail.join('; ').slice(0, 2000),
  });
}

/** Validates the configured destinations and clients; every problem is a coded error. */
export async function resolveConfig(
  destinations: readonly DestinationConfig[],
  clients: readonly ClientConfig[],
): Promise<{ destinations: Map<string, Destination>; clients: Map<string, Client> }> {
  const resolved = new Map<string, Destination>();
  for (const [index, input] of destinations.entries()) {
    const parsed = destinationShape.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error, `destinations[${index}]`);
    const d = parsed.data;
    const id = d.destinationId.toLowerCase();
    if (resolved.has(id)) {
      throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', { detail: `destination ${id} twice` });
    }
    const encryptionKey = await parsePublicRsaJwk(input.encryptionJwk, 'encryption', `${id} encryption`);
    const signingKey =
      input.signingJwk === undefined
        ? null
        : await parsePublicRsaJwk(input.signingJwk, 'signature', `${id} signing`);
    resolved.set(id, {
      destinationId: id,
      status: d.status,
      encryptionKey,
      encryptionKeyBytes: Math.ceil(modulusBits(encryptionKey.n) / 8),
      signingKey,
      services: d.services.map((s) => ({ identifier: s.identifier, submissionSchemas: s.submissionSchemas })),
      metadataVersions: d.metadataVersions,
      replyChannels: d.replyChannels,
      callback: d.callback ?? null,
    });
  }
  const resolvedClients = new Map<string, Client>();
  for (const [index, input] of clients.entries()) {
    const parsed = clientShape.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error, `clients[${index}]`);
    const c = parsed.data;
    if (c.callback && c.role !== 'sender') {
      throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', {
        detail: `client ${c.clientId}: only a sender has a new-events callback`,
      });
    }
    if (resolvedClients.has(c.clientId)) {
      throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', { detail: `client ${c.clientId} twice` });
    }
    resolvedClients.set(c.clientId, {
      clientId: c.clientId,
      secret: c.secret,
      role: c.role,
      destinationIds: c.destinationIds ? new Set(c.destinationIds.map((id) => id.toLowerCase())) : null,
      callback: c.callback ?? null,
    });
  }
  return { destinations: resolved, clients: resolvedClients };
}
