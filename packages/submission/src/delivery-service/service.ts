import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase, type EfaDatabase } from '@efa-kit/core/server';
import type { JWK } from 'jose';
import { TokenService } from './auth.js';
import { CallbackDispatcher, type CallbackRetry } from './callbacks.js';
import { type ClientConfig, type DestinationConfig, parsePublicRsaJwk, resolveConfig } from './config.js';
import { type SweepReport, sweepDeadlines } from './deadlines.js';
import { deliveryServiceError } from './errors.js';
import type { FaultHook } from './faults.js';
import { loadSigningKeys, type ServicePublicJwk, type ServiceSigningKey } from './keys.js';
import { ensureLedger, jsonb, type LedgerTables } from './ledger.js';
import { DeliveryOperations, type OperationsContext } from './operations.js';
import { ReplyOperations } from './replies.js';
import { createRequestHandler, type DeliveryServiceLimits, defaultLimits } from './routes.js';

export interface DeliveryServiceOptions {
  /**
   * Where the ledger lives (schema `efa_delivery_service`). Default: a fresh in-memory PGlite,
   * gone on stop. A given database stays open on stop.
   */
  db?: EfaDatabase;
  /**
   * Run the ledger's migrations here (default true). On a database other packages migrate too,
   * list `deliveryServiceMigrations` in the application's own migrate() call instead.
   */
  migrate?: boolean;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: a development service is not for the network. */
  host?: string;
  /** The URL clients use when it is not the listening address (`iss` of the service's SETs). */
  publicUrl?: string;
  destinations: readonly DestinationConfig[];
  clients: readonly ClientConfig[];
  /** "Now" for deadlines, token lifetimes, SET `iat` and callback timestamps. Default: the wall clock. */
  clock?: () => Date;
  /**
   * The service's private RSA key (≥ 4096 bit) for its SETs. Default: the one stored in the
   * ledger, generated on the first start. A given key is stored and used; earlier keys stay
   * in the JWKS so their tokens keep verifying.
   */
  signingKey?: JWK;
  /** Access token lifetime (default 1800 s). */
  tokenLifetimeSeconds?: number;
  /** How often the deadlines are swept (default 60 000 ms; 0: only by calling sweep()). */
  sweepIntervalMs?: number;
  callbackRetry?: CallbackRetry;
  limits?: Partial<DeliveryServiceLimits>;
  /**
   * Crash tests of senders only: a `createFaultControl()` that holds chosen requests before or
   * after their commit until the test releases them. Never reachable over HTTP.
   */
  faults?: FaultHook;
  /** Operational messages (given-up callbacks, failed sweeps, internal errors). Default: console.error. */
  log?: (message: string) => void;
}

export interface DeliveryService {
  /** Base URL; the Submission API is under `${url}/v1`. */
  readonly url: string;
  /** OAuth2 token endpoint (client credentials). */
  readonly tokenUrl: string;
  /** The service's SET verification keys, served without a token. */
  readonly jwksUrl: string;
  /** `iss` of the SETs the service issues. */
  readonly issuer: string;
  /** The public keys at jwksUrl. */
  jwks(): { keys: ServicePublicJwk[] };
  /** Applies FITKO's deadlines at clock() now (also run every sweepIntervalMs). */
  sweep(): Promise<SweepReport>;
  /**
   * Registers (or replaces) the public PS512 key a destination's subscriber signs its events
   * with, as an authority does in FITKO's self-service portal: kept in the ledger, so it holds
   * after a restart, and used from the next posted event on. Only the public key is accepted.
   */
  registerSigningKey(destinationId: string, publicJwk: JWK): Promise<{ kid: string }>;
  /** Resolves when no callback is being sent (tests; due retries still wait for their time). */
  callbacksIdle(): Promise<void>;
  /** Stops listening, sweeping and sending callbacks; closes the ledger if the service opened it. */
  stop(): Promise<void>;
}

/**
 * A development delivery service (Zustelldienst) speaking the FIT-Connect Submission API v1
 * over real HTTP, with its ledger in the database: destinations and clients from the options,
 * submissions, attachments, the signed event log, callbacks and FITKO's deadlines. For
 * development, demos and tests of any FIT-Connect sender or subscriber; not for production.
 */
export async function createDeliveryService(options: DeliveryServiceOptions): Promise<DeliveryService> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(`[delivery-service] ${message}`));
  const limits: DeliveryServiceLimits = { ...defaultLimits, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', {
        detail: `limits.${name} must be a positive integer`,
      });
    }
  }
  const tokenLifetime = options.tokenLifetimeSeconds ?? 1800;
  if (!Number.isInteger(tokenLifetime) || tokenLifetime < 1 || tokenLifetime > 86_400) {
    throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', {
      detail: 'tokenLifetimeSeconds must be 1–86400',
    });
  }
  const { destinations, clients } = await resolveConfig(options.destinations, options.clients);

  const ownDb = options.db === undefined;
  const database = options.db ?? (await createDatabase());
  let server: Server | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let callbacks: CallbackDispatcher | undefined;
  try {
    await ensureLedger(database, options.migrate ?? true);
    const db = database.withTables<LedgerTables>();
    const keys = await loadSigningKeys(db, clock(), options.signingKey);
    const signingKey: ServiceSigningKey = keys.active;
    callbacks = new CallbackDispatcher(db, destinations, clients, clock, options.callbackRetry ?? {}, log);
    let issuer = '';
    const ctx: OperationsContext = {
      db,
      destinations,
      clock,
      issuer: () => issuer,
      signingKey: () => signingKey,
      callbacks,
      clients,
      ...(options.faults ? { faults: options.faults } : {}),
    };
    const operations = new DeliveryOperations(ctx);
    const tokens = new TokenService(db, clients, () => [...destinations.keys()], clock, tokenLifetime);
    const replies = new ReplyOperations(db, clock);
    // Keys registered at run time win over the configured ones (the newer registration).
    for (const row of await db
      .selectFrom('efa_delivery_service.destination_signing_key')
      .selectAll()
      .execute()) {
      const destination = destinations.get(row.destination_id);
      if (destination) destinations.set(row.destination_id, { ...destination, signingKey: row.public_jwk });
    }
    const handle = createRequestHandler({ operations, replies, tokens, jwks: () => keys.jwks, limits, log });
    const listening = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server = listening;
    // Idle connections stay open long enough to be reused: fetch (undici) keeps a connection
    // only while the server's keep-alive hint is more than two seconds away (at 1 s, every
    // request opened a new connection). stop() closes them all at once anyway.
    listening.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = listening.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = (
      options.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`
    ).replace(/\/+$/, '');
    issuer = url;

    let sweeping: Promise<SweepReport> | undefined;
    const sweep = (): Promise<SweepReport> => {
      // One sweep at a time; a second caller waits for the running one and then runs its own.
      const run = (sweeping ?? Promise.resolve())
        .catch(() => undefined)
        .then(async () => {
          const report = await sweepDeadlines(ctx);
          await tokens.purgeExpired();
          return report;
        });
      sweeping = run;
      return run;
    };
    const interval = options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      sweeper = setInterval(() => {
        sweep().catch((error: unknown) =>
          log(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, interval);
      sweeper.unref();
    }
    callbacks.kick();

    let stopped: Promise<void> | undefined;
    const dispatcher = callbacks;
    return {
      url,
      tokenUrl: `${url}/token`,
      jwksUrl: `${url}/.well-known/jwks.json`,
      issuer: url,
      jwks: () => keys.jwks,
      sweep,
      callbacksIdle: () => dispatcher.idle(),
      async registerSigningKey(destinationId, publicJwk) {
        const id = destinationId.toLowerCase();
        const destination = destinations.get(id);
        if (!destination) {
          throw deliveryServiceError('DELIVERY_SERVICE_CONFIG_INVALID', { detail: `no destination ${id}` });
        }
        const signingKey = await parsePublicRsaJwk(publicJwk, 'signature', `${id} signing`);
        await db
          .insertInto('efa_delivery_service.destination_signing_key')
          .values({ destination_id: id, public_jwk: jsonb(signingKey), registered_at: clock() })
          .onConflict((oc) =>
            oc
              .column('destination_id')
              .doUpdateSet({ public_jwk: jsonb(signingKey), registered_at: clock() }),
          )
          .execute();
        // A new object: the verification key cache is keyed by the destination object.
        destinations.set(id, { ...destination, signingKey });
        return { kid: signingKey.kid };
      },
      stop() {
        stopped ??= (async () => {
          clearInterval(sweeper);
          listening.closeAllConnections();
          await new Promise<void>((resolve) => listening.close(() => resolve()));
          await dispatcher.stop();
          await sweeping?.catch(() => undefined);
          if (ownDb) await database.destroy();
        })();
        return stopped;
      },
    };
  } catch (error) {
    clearInterval(sweeper);
    await callbacks?.stop();
    server?.closeAllConnections();
    server?.close();
    if (ownDb) await database.destroy().catch(() => undefined);
    throw error;
  }
}
