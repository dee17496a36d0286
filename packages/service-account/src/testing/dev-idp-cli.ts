#!/usr/bin/env node
/**
 * Runs the development identity provider on its own (`npm start` in this package, or the
 * `efa-dev-idp` binary) for a portal that is configured with OIDC_* variables:
 *
 *   DEV_IDP_PORT=4010 DEV_IDP_REDIRECT_URIS=http://localhost:3000/auth/callback npx efa-dev-idp
 */
import { startDevIdentityProvider } from './dev-idp.js';

const env = process.env;
const port = Number(env.DEV_IDP_PORT ?? 4010);
const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const clientId = env.DEV_IDP_CLIENT_ID ?? 'efa-portal';
const clientSecret = env.DEV_IDP_CLIENT_SECRET ?? 'efa-dev-secret-change-me-0123456789';

const idp = await startDevIdentityProvider({
  port,
  host: env.DEV_IDP_HOST ?? '127.0.0.1',
  ...(env.DEV_IDP_ISSUER ? { issuer: env.DEV_IDP_ISSUER } : {}),
  signingAlg: env.DEV_IDP_SIGNING_ALG === 'ES256' ? 'ES256' : 'RS256',
  clients: [
    {
      clientId,
      clientSecret,
      name: env.DEV_IDP_CLIENT_NAME ?? 'EfA-Portal (Entwicklung)',
      redirectUris: list(env.DEV_IDP_REDIRECT_URIS, 'http://localhost:3000/auth/callback'),
      postLogoutRedirectUris: list(env.DEV_IDP_POST_LOGOUT_URIS, 'http://localhost:3000/auth/logged-out'),
    },
  ],
});
console.log(`Development identity provider: ${idp.issuer}`);
console.log(`  OIDC_ISSUER=${idp.issuer} OIDC_CLIENT_ID=${clientId} OIDC_CLIENT_SECRET=${clientSecret}`);
const stop = () => {
  idp.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
