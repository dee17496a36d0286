import { randomBytes } from 'node:crypto';
import {
  type AccountService,
  accountConfigFromEnv,
  accountMigrations,
  createAccountRouter,
  createAccountService,
  createAuthRoutes,
  type ProviderConfig,
} from '@efa-kit/service-account/server';
import type { DevIdentityProvider } from '@efa-kit/service-account/testing';
import type { CapabilityModule } from '../capability.js';
import { portalError } from '../errors.js';
import { accountPages } from '../pages/account.js';

/**
 * Login through a service account (OIDC or BundID-style SAML). In development mode
 * (PORTAL_MODE=development, which `npm start` sets) and without OIDC_ISSUER or
 * SAML_IDP_METADATA_FILE the portal starts the development identity provider (a real OpenID
 * provider with German test identities), so the demo can log in offline. In production a
 * missing provider stops the start.
 */
export const accountCapability: CapabilityModule = {
  name: 'account',
  migrations: [accountMigrations],
  async create({ db, config, env, log }) {
    const settings = accountConfigFromEnv(env);
    let devIdp: DevIdentityProvider | undefined;
    let providers: ProviderConfig[] = settings.providers;
    if (!settings.providerConfigured && config.mode !== 'development') {
      throw portalError('PORTAL_CONFIGURATION', {
        capability: 'account',
        variables: 'OIDC_ISSUER, SAML_IDP_METADATA_FILE',
      });
    }
    if (!settings.providerConfigured) {
      const secret = randomBytes(32).toString('base64url');
      // Loaded only when needed: oidc-provider is a development tool here and announces itself.
      const { startDevIdentityProvider } = await import('@efa-kit/service-account/testing');
      devIdp = await startDevIdentityProvider({
        port: settings.devIdpPort ?? 0,
        host: config.host,
        clients: [
          {
            clientId: 'efa-portal',
            clientSecret: secret,
            name: config.name,
            redirectUris: [new URL('/auth/callback', config.publicUrl).toString()],
            postLogoutRedirectUris: [new URL('/auth/logged-out', config.publicUrl).toString()],
            backchannelLogoutUri: new URL('/auth/backchannel-logout', config.publicUrl).toString(),
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
    const service: AccountService = createAccountService({
      db,
      publicOrigin: config.publicUrl.origin,
      providers,
      ...(settings.idleTimeoutSeconds ? { idleTimeoutSeconds: settings.idleTimeoutSeconds } : {}),
      ...(settings.absoluteTimeoutSeconds ? { absoluteTimeoutSeconds: settings.absoluteTimeoutSeconds } : {}),
    });
    const routes = createAuthRoutes({ service, allowedOrigins: config.allowedOrigins });
    const purge = setInterval(
      () => {
        service.sessions
          .purgeExpired()
          .catch((error: unknown) => log(`account: purge failed: ${String(error)}`));
      },
      10 * 60 * 1000,
    );
    purge.unref();
    const providerOrigins = providers.flatMap((p) => {
      if (p.protocol === 'oidc') return [new URL(p.issuer).origin];
      const location = /Location="([^"]+)"/.exec(p.idpMetadata)?.[1];
      return location ? [new URL(location).origin] : [];
    });
    return {
      namespace: 'account',
      router: createAccountRouter({ service }),
      handle: (req, res) => routes(req, res),
      resolveSession: (request) => service.resolveSession(request),
      pages: accountPages(service),
      // Logout posts to /auth/logout, which redirects to the provider's end-session page.
      formActionOrigins: providerOrigins,
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
      async stop() {
        clearInterval(purge);
        await devIdp?.close();
      },
    };
  },
};
