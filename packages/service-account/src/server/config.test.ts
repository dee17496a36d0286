import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { idpCert, spCert, spKey } from '../testing/saml-keys.js';
import { accountConfigFromEnv } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'efa-account-config-'));

describe('accountConfigFromEnv', () => {
  it('uses the development provider when nothing is configured', () => {
    expect(accountConfigFromEnv({})).toEqual({ providers: [], useDevelopmentProvider: true });
  });

  it('reads an OIDC provider with a client secret', () => {
    const config = accountConfigFromEnv({
      OIDC_ISSUER: 'https://login.land.example',
      OIDC_CLIENT_ID: 'portal',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_SCOPES: 'profile email address',
      SESSION_IDLE_MINUTES: '15',
    });
    expect(config.useDevelopmentProvider).toBe(false);
    expect(config.idleTimeoutSeconds).toBe(900);
    expect(config.providers[0]).toMatchObject({
      protocol: 'oidc',
      issuer: 'https://login.land.example',
      clientAuthentication: { method: 'client_secret_basic', secret: 's3cret' },
      scopes: ['profile', 'email', 'address'],
      allowInsecureHttp: false,
    });
  });

  it.each(['jwk', 'pem'])('reads a private_key_jwt key from a %s file', async (format) => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const file = join(dir, `key.${format}`);
    writeFileSync(
      file,
      format === 'jwk' ? JSON.stringify(await exportJWK(privateKey)) : await exportPKCS8(privateKey),
    );
    const config = accountConfigFromEnv({
      OIDC_ISSUER: 'https://op.example',
      OIDC_CLIENT_ID: 'p',
      OIDC_CLIENT_KEY_FILE: file,
    });
    const auth =
      config.providers[0]?.protocol === 'oidc' ? config.providers[0].clientAuthentication : undefined;
    expect(auth?.method).toBe('private_key_jwt');
    expect(auth && 'key' in auth && 'd' in auth.key).toBe(true);
  });

  it('refuses an OIDC provider without client authentication', () => {
    expect(() => accountConfigFromEnv({ OIDC_ISSUER: 'https://op.example', OIDC_CLIENT_ID: 'p' })).toThrow(
      /OIDC_CLIENT_SECRET or OIDC_CLIENT_KEY_FILE/,
    );
  });

  it('reads a BundID-style SAML provider', () => {
    const metadata = join(dir, 'idp.xml');
    writeFileSync(metadata, `<EntityDescriptor>${idpCert}</EntityDescriptor>`);
    writeFileSync(join(dir, 'sp.key'), spKey);
    writeFileSync(join(dir, 'sp.crt'), spCert);
    const config = accountConfigFromEnv({
      SAML_IDP_METADATA_FILE: metadata,
      SAML_SP_ENTITY_ID: 'https://portal.example/saml',
      SAML_SP_KEY_FILE: join(dir, 'sp.key'),
      SAML_SP_CERT_FILE: join(dir, 'sp.crt'),
      SAML_BMI_ID: 'BMI-X0000',
    });
    expect(config.useDevelopmentProvider).toBe(false);
    expect(config.providers[0]).toMatchObject({
      protocol: 'saml',
      name: 'bundid',
      spEntityId: 'https://portal.example/saml',
      bundId: { onlineServiceId: 'BMI-X0000' },
    });
  });
});
