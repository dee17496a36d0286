import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { accountError } from '../errors.js';
import type { OidcClientAuthentication, OidcProviderConfig } from './oidc.js';
import type { ProviderConfig } from './providers.js';

export interface AccountEnvConfig {
  /** Providers configured by the environment, the OIDC one first. Empty: none configured. */
  providers: ProviderConfig[];
  /**
   * True when a real provider is configured (OIDC_ISSUER… or SAML_IDP_METADATA_FILE). The app
   * decides from it: production without one refuses to start, development starts the
   * development provider.
   */
  providerConfigured: boolean;
  /** `!providerConfigured`: kept for apps that read it; the app must still check its mode. */
  useDevelopmentProvider: boolean;
  /** ACCOUNT_DEV_IDP_PORT: the development provider's port (0 = any free port), when set. */
  devIdpPort?: number;
  idleTimeoutSeconds?: number;
  absoluteTimeoutSeconds?: number;
}

/** Reads a private key for private_key_jwt: a private JWK (JSON) or a PEM (PKCS#8 or SEC1/PKCS#1). */
export function readPrivateKeyFile(path: string): JsonWebKey {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JsonWebKey;
    if (!('d' in jwk))
      throw accountError('ACCOUNT_CONFIGURATION', { detail: `${path} holds no private JWK` });
    return jwk;
  }
  const jwk = createPrivateKey(text).export({ format: 'jwk' }) as JsonWebKey;
  return jwk;
}

function list(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(/[\s,]+/).filter(Boolean);
  return items.length ? items : undefined;
}

// Unset and empty are the same: a blank line in an env file must not count as a value.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );
const positiveInt = z.coerce.number().int().positive();

/** The scalar variables, checked before anything is read from files. */
const envSchema = z.object({
  OIDC_ISSUER: optional(z.url({ protocol: /^https?$/ })),
  OIDC_CLIENT_AUTH_METHOD: optional(z.enum(['client_secret_basic', 'client_secret_post'])),
  SAML_AUTHN_CONTEXT_COMPARISON: optional(z.enum(['exact', 'minimum'])),
  SESSION_IDLE_MINUTES: optional(positiveInt),
  SESSION_ABSOLUTE_HOURS: optional(positiveInt),
  ACCOUNT_DEV_IDP_PORT: optional(z.coerce.number().int().min(0).max(65535)),
});

/**
 * The service-account configuration from environment variables (documented in the README).
 * Only apps call this, passing `process.env`; packages never read the environment.
 */
export function accountConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AccountEnvConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw accountError('ACCOUNT_CONFIGURATION', {
      detail: `${name}=${JSON.stringify(env[name] ?? '')} (${issue?.message ?? 'invalid'})`,
    });
  }
  const checked = parsed.data;
  const providers: ProviderConfig[] = [];
  const issuer = env.OIDC_ISSUER?.trim();
  if (issuer) {
    const clientId = env.OIDC_CLIENT_ID?.trim();
    if (!clientId) throw accountError('ACCOUNT_CONFIGURATION', { detail: 'OIDC_CLIENT_ID is missing' });
    let clientAuthentication: OidcClientAuthentication;
    if (env.OIDC_CLIENT_KEY_FILE) {
      const key = readPrivateKeyFile(env.OIDC_CLIENT_KEY_FILE);
      clientAuthentication = {
        method: 'private_key_jwt',
        key,
        ...(env.OIDC_CLIENT_KEY_ALG ? { alg: env.OIDC_CLIENT_KEY_ALG } : {}),
        ...(env.OIDC_CLIENT_KEY_ID ? { kid: env.OIDC_CLIENT_KEY_ID } : {}),
      };
    } else if (env.OIDC_CLIENT_SECRET) {
      clientAuthentication = {
        method:
          env.OIDC_CLIENT_AUTH_METHOD === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
        secret: env.OIDC_CLIENT_SECRET,
      };
    } else {
      throw accountError('ACCOUNT_CONFIGURATION', {
        detail: 'set OIDC_CLIENT_SECRET or OIDC_CLIENT_KEY_FILE',
      });
    }
    const acrValues: OidcProviderConfig['acrValues'] = {
      ...(env.OIDC_ACR_LOW ? { low: env.OIDC_ACR_LOW } : {}),
      ...(env.OIDC_ACR_SUBSTANTIAL ? { substantial: env.OIDC_ACR_SUBSTANTIAL } : {}),
      ...(env.OIDC_ACR_HIGH ? { high: env.OIDC_ACR_HIGH } : {}),
    };
    const scopes = list(env.OIDC_SCOPES);
    providers.push({
      protocol: 'oidc',
      name: env.OIDC_NAME?.trim() || 'oidc',
      issuer,
      clientId,
      clientAuthentication,
      ...(scopes ? { scopes } : {}),
      acrValues,
      allowInsecureHttp: issuer.startsWith('http://localhost') || issuer.startsWith('http://127.0.0.1'),
    });
  }
  const metadataFile = env.SAML_IDP_METADATA_FILE?.trim();
  if (metadataFile) {
    const required = (name: string) => {
      const value = env[name]?.trim();
      if (!value) throw accountError('ACCOUNT_CONFIGURATION', { detail: `${name} is missing` });
      return value;
    };
    const read = (path: string) => readFileSync(path, 'utf8');
    const bmiId = env.SAML_BMI_ID?.trim();
    providers.push({
      protocol: 'saml',
      name: env.SAML_NAME?.trim() || 'bundid',
      idpMetadata: read(metadataFile),
      spEntityId: required('SAML_SP_ENTITY_ID'),
      signingKey: read(required('SAML_SP_KEY_FILE')),
      signingCert: read(required('SAML_SP_CERT_FILE')),
      ...(env.SAML_SP_ENCRYPTION_KEY_FILE ? { encryptionKey: read(env.SAML_SP_ENCRYPTION_KEY_FILE) } : {}),
      ...(env.SAML_SP_ENCRYPTION_CERT_FILE ? { encryptionCert: read(env.SAML_SP_ENCRYPTION_CERT_FILE) } : {}),
      ...(env.SAML_AUTHN_CONTEXT_COMPARISON === 'exact' ? { authnContextComparison: 'exact' as const } : {}),
      ...(bmiId
        ? {
            bundId: {
              onlineServiceId: bmiId,
              organizationDisplayName: env.SAML_ORGANIZATION_DISPLAY_NAME?.trim() || bmiId,
            },
          }
        : {}),
    });
  }
  const idle = checked.SESSION_IDLE_MINUTES;
  const absolute = checked.SESSION_ABSOLUTE_HOURS;
  return {
    providers,
    providerConfigured: providers.length > 0,
    useDevelopmentProvider: providers.length === 0,
    ...(checked.ACCOUNT_DEV_IDP_PORT !== undefined ? { devIdpPort: checked.ACCOUNT_DEV_IDP_PORT } : {}),
    ...(idle ? { idleTimeoutSeconds: idle * 60 } : {}),
    ...(absolute ? { absoluteTimeoutSeconds: absolute * 3600 } : {}),
  };
}
