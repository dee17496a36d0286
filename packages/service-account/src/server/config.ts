import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { accountError } from '../errors.js';
import type { OidcClientAuthentication, OidcProviderConfig } from './oidc.js';
import type { ProviderConfig } from './providers.js';

export interface AccountEnvConfig {
  /** Providers configured by the environment, the OIDC one first. Empty: none configured. */
  providers: ProviderConfig[];
  /** True when no provider is configured: the app may start the development provider. */
  useDevelopmentProvider: boolean;
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

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw accountError('ACCOUNT_CONFIGURATION', { detail: `${name} must be a positive integer` });
  return n;
}

/**
 * The service-account configuration from environment variables (documented in the README).
 * Only apps call this, passing `process.env`; packages never read the environment.
 */
export function accountConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AccountEnvConfig {
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
  const idle = positiveInt('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES);
  const absolute = positiveInt('SESSION_ABSOLUTE_HOURS', env.SESSION_ABSOLUTE_HOURS);
  return {
    providers,
    useDevelopmentProvider: providers.length === 0,
    ...(idle ? { idleTimeoutSeconds: idle * 60 } : {}),
    ...(absolute ? { absoluteTimeoutSeconds: absolute * 3600 } : {}),
  };
}
