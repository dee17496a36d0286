import { isEfaError } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { paymentConfigFromEnv, providerFromConfig } from './config.js';

describe('payment configuration from the environment', () => {
  it('without a provider URL: the app runs the simulator', () => {
    const config = paymentConfigFromEnv({});
    expect(config.providerUrl).toBeUndefined();
    expect(config.useSimulator).toBe(true);
    expect(config.auth).toBeUndefined();
    expect(config.staffRoles).toEqual(['cash-office']);
    expect(config.simulator).toEqual({ host: '127.0.0.1', port: 0, publicUrl: undefined });
  });

  it('reads OAuth2 client credentials with the token URL defaulting under the provider URL', () => {
    const config = paymentConfigFromEnv({
      PAYMENT_PROVIDER_URL: 'https://pay.example/xbd/',
      PAYMENT_CLIENT_ID: 'portal',
      PAYMENT_CLIENT_SECRET: 'secret',
      PAYMENT_ENDPOINT_ID: '14628230',
      PAYMENT_STAFF_ROLES: 'cash-office, auditor',
    });
    expect(config.auth).toEqual({
      type: 'oauth2-client-credentials',
      tokenUrl: 'https://pay.example/xbd/auth/token',
      clientId: 'portal',
      clientSecret: 'secret',
    });
    expect(config.endPointId).toBe('14628230');
    expect(config.staffRoles).toEqual(['cash-office', 'auditor']);
  });

  it('refuses a client id without its secret', () => {
    expect(() =>
      paymentConfigFromEnv({ PAYMENT_PROVIDER_URL: 'https://pay.example', PAYMENT_CLIENT_ID: 'x' }),
    ).toThrow(/PAYMENT_CLIENT_SECRET/);
  });

  it.each([
    ['PAYMENT_PROVIDER_URL', 'ftp://pay.example'],
    ['PAYMENT_PROVIDER_URL', 'not a url'],
    ['PAYMENT_TOKEN_URL', 'javascript:alert(1)'],
    ['PAYMENT_TIMEOUT_MS', 'soon'],
    ['PAYMENT_TIMEOUT_MS', '0'],
    ['PAYMENT_RECONCILE_INTERVAL_MS', '10'],
    ['PAYMENT_EXPIRE_AFTER_MS', '-5'],
    ['PAYMENT_SIMULATOR_PORT', '70000'],
    ['PAYMENT_SIMULATOR_PUBLIC_URL', '//sim'],
    ['PAYMENT_KASSENZEICHEN_PREFIX', '1234567'],
    ['PAYMENT_ENDPOINT_ID', 'a/b'],
    ['PAYMENT_EXPORT_TOKEN', 'short'],
    ['PAYMENT_CLIENT_CERT', '/nonexistent/client.p12'],
  ])(
    'issue 11 finding 7: refuses %s=%j with PAYMENT_CONFIGURATION naming the variable in German and English',
    (name, value) => {
      let error: unknown;
      try {
        paymentConfigFromEnv({ [name]: value });
      } catch (caught) {
        error = caught;
      }
      expect(isEfaError(error)).toBe(true);
      if (!isEfaError(error)) return;
      expect(error.code).toBe('PAYMENT_CONFIGURATION');
      expect(error.messages.de).toContain(name);
      expect(error.messages.en).toContain(name);
      expect(error.messages.de).toMatch(/^Die Zahlungskonfiguration ist ungültig/);
      expect(error.messages.en).toMatch(/^The payment configuration is invalid/);
    },
  );

  it('issue 11 finding 7: says whether a real provider is configured; production without one is a configuration error, development runs the simulator', () => {
    expect(paymentConfigFromEnv({}, { mode: 'development' })).toMatchObject({
      providerConfigured: false,
      useSimulator: true,
    });
    expect(
      paymentConfigFromEnv({ PAYMENT_PROVIDER_URL: 'https://pay.example' }, { mode: 'production' }),
    ).toMatchObject({
      providerConfigured: true,
      useSimulator: false,
      providerUrl: 'https://pay.example',
    });
    expect(paymentConfigFromEnv({ PAYMENT_PROVIDER_URL: '  ' })).toMatchObject({ providerConfigured: false });
    expect(() => paymentConfigFromEnv({}, { mode: 'production' })).toThrow(
      expect.objectContaining({
        code: 'PAYMENT_CONFIGURATION',
        message: expect.stringContaining('PAYMENT_PROVIDER_URL'),
      }),
    );
    expect(() => providerFromConfig(paymentConfigFromEnv({}))).toThrow(
      expect.objectContaining({ code: 'PAYMENT_CONFIGURATION' }),
    );
    expect(paymentConfigFromEnv({ PAYMENT_EXPIRE_AFTER_MS: '600000' }).expireAfterMs).toBe(600_000);
  });
});
