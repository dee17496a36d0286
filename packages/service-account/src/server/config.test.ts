import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEfaError } from '@efa-kit/core';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { idpCert, spCert, spKey } from '../testing/saml-keys.js';
import { accountConfigFromEnv } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'efa-account-config-'));

describe('accountConfigFromEnv', () => {
  it('uses the development provider when nothing is configured', () => {
    expect(accountConfigFromEnv({})).toEqual({
      providers: [],
      providerConfigured: false,
      useDevelopmentProvider: true,
    });
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

  it('issue 11 finding 7: reports a configured provider and reads ACCOUNT_DEV_IDP_PORT', () => {
    expect(accountConfigFromEnv({ ACCOUNT_DEV_IDP_PORT: '4010' })).toMatchObject({
      providerConfigured: false,
      devIdpPort: 4010,
    });
    const config = accountConfigFromEnv({
      OIDC_ISSUER: 'https://login.land.example',
      OIDC_CLIENT_ID: 'portal',
      OIDC_CLIENT_SECRET: 's3cret',
      ACCOUNT_DEV_IDP_PORT: '',
    });
    expect(config.providerConfigured).toBe(true);
    expect(config.devIdpPort).toBeUndefined();
  });

  it.each([
    ['ACCOUNT_DEV_IDP_PORT', '70000'],
    ['ACCOUNT_DEV_IDP_PORT', 'abc'],
    ['ACCOUNT_DEV_IDP_PORT', '-1'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_ABSOLUTE_HOURS', '1.5'],
    ['OIDC_ISSUER', 'not a url'],
    ['OIDC_CLIENT_AUTH_METHOD', 'none'],
    ['SAML_AUTHN_CONTEXT_COMPARISON', 'maximum'],
  ])(
    'issue 11 finding 7: refuses %s=%s with a coded error naming it in German and English',
    (name, value) => {
      let caught: unknown;
      try {
        accountConfigFromEnv({ [name]: value });
      } catch (error) {
        caught = error;
      }
      expect(isEfaError(caught)).toBe(true);
      if (!isEfaError(caught)) return;
      expect(caught.code).toBe('ACCOUNT_CONFIGURATION');
      expect(caught.localized('de')).toContain('Die Anmeldung ist nicht richtig eingerichtet');
      expect(caught.localized('de')).toContain(name);
      expect(caught.localized('en')).toContain('The login is not configured correctly');
      expect(caught.localized('en')).toContain(name);
    },
  );
});
