import { describe, expect, it } from 'vitest';
import { paymentConfigFromEnv } from './config.js';

describe('payment configuration from the environment', () => {
  it('without a provider URL: the app runs the simulator', () => {
    const config = paymentConfigFromEnv({});
    expect(config.providerUrl).toBeUndefined();
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
});
