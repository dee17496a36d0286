import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from './config.js';
import { readBody, sendJson } from './http.js';
import type { LedgerDb } from './ledger.js';
import { Problem } from './problems.js';

/**
 * OAuth2 client credentials (RFC 6749 §4.4) as FITKO's auth service offers them. Tokens are
 * opaque random strings; the ledger keeps only their SHA-256, with client, role and expiry,
 * so a token stays valid across a restart and a copy of the database yields none.
 */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Equal-length digests, so the comparison takes the same time whatever the secret's length. */
function secretMatches(given: string, expected: string): boolean {
  const key = 'efa-delivery-service-client-secret';
  const a = createHmac('sha256', key).update(given).digest();
  const b = createHmac('sha256', key).update(expected).digest();
  return timingSafeEqual(a, b);
}

export class TokenService {
  private readonly cache = new Map<string, { clientId: string; role: Client['role']; expiresAt: number }>();

  constructor(
    private readonly db: LedgerDb,
    private readonly clients: ReadonlyMap<string, Client>,
    private readonly destinationIds: () => readonly string[],
    private readonly clock: () => Date,
    private readonly lifetimeSeconds: number,
  ) {}

  /** `POST /token`: answers in OAuth2's JSON format (RFC 6749 §5), not as problems. */
  async issue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'send application/x-www-form-urlencoded',
      });
    }
    const form = new URLSearchParams(await readBody(req, 8_192));
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        clientId = '';
      }
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
    }
    const client = this.clients.get(clientId);
    // Compare even for an unknown client, so timing does not tell which ids exist.
    const matches = secretMatches(secret, client?.secret ?? randomBytes(16).toString('hex'));
    if (!client || !matches) {
      return sendJson(
        res,
        401,
        { error: 'invalid_client' },
        { 'www-authenticate': 'Basic realm="efa-delivery-service"' },
      );
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock().getTime() + this.lifetimeSeconds * 1000;
    const tokenHash = hashToken(token);
    await this.db
      .insertInto('efa_delivery_service.access_token')
      .values({
        token_hash: tokenHash,
        client_id: client.clientId,
        role: client.role,
        expires_at: new Date(expiresAt),
      })
      .execute();
    this.cache.set(tokenHash, { clientId: client.clientId, role: client.role, expiresAt });
    return sendJson(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.lifetimeSeconds,
      scope: this.scope(client),
    });
  }

  /** FITKO's scope names: senders send by region, subscribers subscribe per destination. */
  private scope(client: Client): string {
    if (client.role === 'sender') return 'send:region:DE';
    const ids = client.destinationIds ? [...client.destinationIds] : this.destinationIds();
    return ids.map((id) => `subscribe:destination:${id}`).join(' ');
  }

  /** The registered client behind a Bearer token, or a 401 problem. */
  async authenticate(req: IncomingMessage): Promise<Client> {
    const refuse = (detail: string) =>
      new Problem('unauthorized', detail, {
        'www-authenticate': 'Bearer realm="efa-delivery-service", error="invalid_token"',
      });
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw refuse('a Bearer access token from POST /token is required');
    const tokenHash = hashToken(match[1]);
    let entry = this.cache.get(tokenHash);
    if (!entry) {
      const row = await this.db
        .selectFrom('efa_delivery_service.access_token')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row) {
        entry = { clientId: row.client_id, role: row.role, expiresAt: new Date(row.expires_at).getTime() };
        this.cache.set(tokenHash, entry);
      }
    }
    if (!entry || entry.expiresAt <= this.clock().getTime())
      throw refuse('the access token is unknown or expired');
    const client = this.clients.get(entry.clientId);
    if (!client || client.role !== entry.role) throw refuse('the client is no longer registered');
    return client;
  }

  /** Forgets expired tokens (run by the sweep). */
  async purgeExpired(): Promise<number> {
    const now = this.clock();
    for (const [hash, entry] of this.cache) if (entry.expiresAt <= now.getTime()) this.cache.delete(hash);
    const result = await this.db
      .deleteFrom('efa_delivery_service.access_token')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
