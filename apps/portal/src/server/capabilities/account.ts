import {
  accountConfigFromEnv,
  accountMigrations,
  createAccountCapability,
} from '@efa-kit/service-account/server';
import type { CapabilityModule } from '../capability.js';
import { portalError } from '../errors.js';
import { accountPages } from '../pages/account.js';

/**
 * Login through a service account (OIDC or BundID-style SAML), from the package's capability.
 * In development mode (PORTAL_MODE=development, which `npm start` sets) and without
 * OIDC_ISSUER or SAML_IDP_METADATA_FILE the capability starts the development identity
 * provider, so the demo can log in offline. In production a missing provider stops the start.
 */
export const accountCapability: CapabilityModule = {
  name: 'account',
  migrations: [accountMigrations],
  async create({ db, config, env, log }) {
    const settings = accountConfigFromEnv(env);
    if (!settings.providerConfigured && config.mode !== 'development') {
      throw portalError('PORTAL_CONFIGURATION', {
        capability: 'account',
        variables: 'OIDC_ISSUER, SAML_IDP_METADATA_FILE',
      });
    }
    const account = await createAccountCapability({
      db,
      publicUrl: config.publicUrl,
      settings,
      development: config.mode === 'development' ? { clientName: config.name, host: config.host } : false,
      allowedOrigins: config.allowedOrigins,
      log,
    });
    return {
      capability: account,
      ports: { sessions: account.sessions },
      pages: accountPages(account.service),
    };
  },
};
