import { randomBytes } from 'node:crypto';
import { type EfaCapability, type EfaDatabase, migrate, type SessionSource } from '@efa-kit/core/server';
import { accountError } from '../errors.js';
import type { AccountEnvConfig } from './config.js';
import type { ProviderConfig } from './providers.js';
import { createAccountRouter } from './router.js';
import { createAuthRoutes } from './routes.js';
import { parseSamlIdpMetadata } from './saml-metadata.js';
import { type AccountService, createAccountService } from './service.js';
import { accountMigrations } from './storage.js';

/** How often expired sessions are deleted. */
const purgeEveryMs = 10 * 60 * 1000;

export interface AccountCapabilityOptions {
  db: EfaDatabase;
  /** Where citizens reach this server; the callbacks are `<publicUrl>/auth/…`. */
  publicUrl: string | URL;
  /** From `accountConfigFromEnv(process.env)`: the configured providers and session timeouts. */
  settings: AccountEnvConfig;
  /**
   * Without a configured provider, start the development identity provider (a real OpenID
   * provider with German test identities, `@efa-kit/service-account/testing`) and log in
   * there. Only for development: without it a missing provider is ACCOUNT_CONFIGURATION.
   */
  development?: { clientName: string; host?: string } | false;
  /** Further origins allowed to post a logout (a state's other portals). */
  allowedOrigins?: readonly string[];
  log?: (message: string) => void;
}

export interface AccountCapability extends EfaCapability {
  readonly service: AccountService;
  /** Who is signed in: give it to the host (`createCapabilityHost({ sessions })`) and to other capabilities. */
  readonly sessions: SessionSource;
  /** The development identity provider's issuer while it runs; null with a real provider. */
  readonly developmentIssuer: string | null;
}

/** Origins the browser is sent to at login and logout. */
function providerOrigins(providers: readonly ProviderConfig[]): string[] {
  return providers.flatMap((provider) =>
    provider.protocol === 'oidc'
      ? [new URL(provider.issuer).origin]
      : parseSamlIdpMetadata(provider.idpMetadata).origins,
  );
}

/**
 * Login through a service account (OIDC or BundID-style SAML): `account.*`, the `/auth/*`
 * routes (login, callbacks, logout, back-channel logout), the sessions every other capability
 * reads through `sessions`, and a job that deletes expired sessions.
 */
export async function createAccountCapability(options: AccountCapabilityOptions): Promise<AccountCapability> {
  const { db, settings } = options;
  const log = options.log ?? (() => undefined);
  const publicUrl = new URL(options.publicUrl);
  await migrate(db, [accountMigrations]);
  let providers: ProviderConfig[] = settings.providers;
  let devIdp: { issuer: string; close(): Promise<void> } | undefined;
  if (!settings.providerConfigured) {
    if (!options.development) {
      throw accountError('ACCOUNT_CONFIGURATION', {
        detail: 'no identity provider (OIDC_ISSUER or SAML_IDP_METADATA_FILE)',
      });
    }
    const secret = randomBytes(32).toString('base64url');
    // Loaded only when needed: oidc-provider is a development tool here and announces itself.
    const { startDevIdentityProvider } = await import('../testing/dev-idp.js');
    devIdp = await startDevIdentityProvider({
      port: settings.devIdpPort ?? 0,
      ...(options.development.host ? { host: options.development.host } : {}),
      clients: [
        {
          clientId: 'efa-portal',
          clientSecret: secret,
          name: options.development.clientName,
          redirectUris: [new URL('/auth/callback', publicUrl).toString()],
          postLogoutRedirectUris: [new URL('/auth/logged-out', publicUrl).toString()],
          backchannelLogoutUri: new URL('/auth/backchannel-logout', publicUrl).toString(),
        },
      ],
    });
    providers = [
      {
        protocol: 'oidc',
        name: 'dev',
        issuer: devIdp.issuer,
        clientId: 'efa-portal',
        clientAuthentication: { method: 'client_secret_basic', secret },
        scopes: ['profile', 'email', 'address', 'organisation', 'postbox', 'staff'],
        allowInsecureHttp: true,
        // The development provider's caseworker accounts carry their authority (issue 13).
        staffClaims: true,
      },
    ];
    log(`account: development identity provider at ${devIdp.issuer} (set OIDC_ISSUER for a real provider)`);
  } else {
    log(`account: ${providers.map((p) => `${p.protocol} ${p.name}`).join(', ')}`);
  }
  const origins = providerOrigins(providers);
  const service = createAccountService({
    db,
    publicOrigin: publicUrl.origin,
    providers,
    log,
    ...(settings.idleTimeoutSeconds ? { idleTimeoutSeconds: settings.idleTimeoutSeconds } : {}),
    ...(settings.absoluteTimeoutSeconds ? { absoluteTimeoutSeconds: settings.absoluteTimeoutSeconds } : {}),
  });
  const routes = createAuthRoutes({
    service,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  return {
    name: 'account',
    migrations: [accountMigrations],
    routers: { account: createAccountRouter({ service }) },
    routes: (req, res) => routes(req, res),
    jobs: [
      {
        name: 'account.purge-sessions',
        everyMs: purgeEveryMs,
        // Idempotent: deletes what has expired, on whichever server runs it first.
        run: async () => {
          await service.sessions.purgeExpired();
        },
      },
    ],
    pageNeeds: {
      // Logout posts to /auth/logout, which redirects to the provider's end-session page.
      formActionOrigins: origins,
      ...(devIdp
        ? {
            developmentServices: [
              {
                de: 'Entwicklungs-Identitätsanbieter (Testpersonen)',
                en: 'development identity provider (test persons)',
              },
            ],
          }
        : {}),
    },
    service,
    sessions: (request) => service.resolveSession(request),
    developmentIssuer: devIdp?.issuer ?? null,
    async stop() {
      await devIdp?.close();
    },
  };
}
