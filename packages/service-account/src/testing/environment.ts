import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createContextFactory,
  createDatabase,
  type EfaDatabase,
  migrate,
  router,
} from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { ProviderConfig } from '../server/providers.js';
import { createAccountRouter } from '../server/router.js';
import { createAuthRoutes } from '../server/routes.js';
import { type AccountService, createAccountService } from '../server/service.js';
import { accountMigrations } from '../server/storage.js';
import {
  type DevIdentityProvider,
  type DevIdentityProviderOptions,
  startDevIdentityProvider,
} from './dev-idp.js';

export interface AccountTestEnvironment {
  /** The portal-like app's origin (auth routes under /auth, tRPC under /trpc). */
  origin: string;
  db: EfaDatabase;
  service: AccountService;
  idp: DevIdentityProvider;
  server: Server;
  close(): Promise<void>;
}

export interface AccountTestEnvironmentOptions {
  db?: EfaDatabase;
  /** Settings for the development provider (clients are added for this app). */
  idp?: Omit<DevIdentityProviderOptions, 'clients'>;
  /** How this app authenticates at the provider; a client secret by default. */
  clientAuthentication?: 'client_secret_basic' | 'private_key_jwt';
  /** Overrides for the account service. */
  service?: { idleTimeoutSeconds?: number; absoluteTimeoutSeconds?: number; now?: () => Date };
  /** Extra providers (e.g. SAML) after the development one. */
  extraProviders?: (origin: string) => Promise<ProviderConfig[]> | ProviderConfig[];
  /** Interface to listen on; 127.0.0.1 by default ("::" for browsers that use "localhost"). */
  listenHost?: string;
  /** Take the provider's staff claims (caseworkers and their authority); default true. */
  staffClaims?: boolean;
  /** Extra request handling before the auth routes (return true when handled). */
  handle?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/**
 * A development provider plus a minimal portal (auth routes + `account.*` over tRPC) on free
 * ports, for other packages' tests that need a logged-in user.
 */
export async function startAccountTestEnvironment(
  options: AccountTestEnvironmentOptions = {},
): Promise<AccountTestEnvironment> {
  const db = options.db ?? (await createDatabase());
  await migrate(db, [accountMigrations]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, options.listenHost ?? '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { generateKeyPair, exportJWK } = await import('jose');
  let clientKey: JsonWebKey | undefined;
  let publicJwk: JsonWebKey | undefined;
  if (options.clientAuthentication === 'private_key_jwt') {
    const pair = await generateKeyPair('ES256', { extractable: true });
    clientKey = { ...(await exportJWK(pair.privateKey)), kid: 'portal-1' } as JsonWebKey;
    publicJwk = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'portal-1',
      alg: 'ES256',
      use: 'sig',
    } as JsonWebKey;
  }
  const secret = 'dev-secret-0123456789abcdef0123456789abcdef';
  const idp = await startDevIdentityProvider({
    ...options.idp,
    clients: [
      {
        clientId: 'efa-portal',
        name: 'EfA-Testportal',
        ...(publicJwk ? { jwks: { keys: [publicJwk] } } : { clientSecret: secret }),
        redirectUris: [`${origin}/auth/callback`],
        postLogoutRedirectUris: [`${origin}/auth/logged-out`],
        backchannelLogoutUri: `${origin}/auth/backchannel-logout`,
      },
    ],
  });
  const service = createAccountService({
    db,
    publicOrigin: origin,
    ...options.service,
    providers: [
      {
        protocol: 'oidc',
        name: 'dev',
        issuer: idp.issuer,
        clientId: 'efa-portal',
        clientAuthentication: clientKey
          ? { method: 'private_key_jwt', key: clientKey }
          : { method: 'client_secret_basic', secret },
        scopes: ['profile', 'email', 'address', 'organisation', 'postbox', 'staff'],
        // The development provider's caseworkers carry their authority (efa_staff).
        staffClaims: options.staffClaims ?? true,
        allowInsecureHttp: true,
      },
      ...((await options.extraProviders?.(origin)) ?? []),
    ],
  });
  const auth = createAuthRoutes({ service });
  const appRouter = router({ account: createAccountRouter({ service }) });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createContextFactory({
      db,
      publicOrigin: origin,
      resolveSession: (request) => service.resolveSession(request),
    }),
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    (async () => {
      if (options.handle && (await options.handle(req, res))) return;
      if (await auth(req, res)) return;
      if (req.url?.startsWith('/trpc/')) return trpc(req, res);
      res.statusCode = 200;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`page ${req.url ?? '/'}`);
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : 'error');
    });
  });
  return {
    origin,
    db,
    service,
    idp,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.close();
      if (!options.db) await db.destroy();
    },
  };
}
