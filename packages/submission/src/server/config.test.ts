import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataKeyEntry } from '@efa-kit/core/server';
import { describe, expect, it } from 'vitest';
import { submissionConfigFromEnv } from './config.js';

const api = {
  FIT_CONNECT_SUBMISSION_URL: 'https://submission-api-testing.fit-connect.fitko.dev',
  FIT_CONNECT_TOKEN_URL: 'https://auth-testing.fit-connect.fitko.dev/token',
  FIT_CONNECT_CLIENT_ID: 'portal',
  FIT_CONNECT_CLIENT_SECRET: 'secret-123456',
};

describe('submission configuration from the environment', () => {
  it('uses the development delivery service when nothing is configured outside production', () => {
    const config = submissionConfigFromEnv({}, { mode: 'development' });
    expect(config).toMatchObject({ apiConfigured: false, useDevelopmentService: true, dataKeys: undefined });
  });

  it('refuses production without delivery service, destinations or data keys, naming the variable', () => {
    expect(() => submissionConfigFromEnv({}, { mode: 'production' })).toThrow(/FIT_CONNECT_SUBMISSION_URL/);
    expect(() => submissionConfigFromEnv({ ...api }, { mode: 'production' })).toThrow(
      /FIT_CONNECT_DESTINATIONS/,
    );
    const folder = mkdtempSync(join(tmpdir(), 'efa-submission-config-'));
    const file = join(folder, 'destinations.json');
    writeFileSync(
      file,
      JSON.stringify({ '99102013104000': { 'sn.pirna': '3f1c4a52-7d8e-4b2a-9c61-0e5d2f7a8b90' } }),
    );
    expect(() =>
      submissionConfigFromEnv({ ...api, FIT_CONNECT_DESTINATIONS: file }, { mode: 'production' }),
    ).toThrow(/EFA_DATA_KEYS/);
    const config = submissionConfigFromEnv(
      { ...api, FIT_CONNECT_DESTINATIONS: file, EFA_DATA_KEYS: generateDataKeyEntry('k1') },
      { mode: 'production' },
    );
    expect(config.apiConfigured).toBe(true);
    expect(config.destinations['99102013104000']?.['sn.pirna']).toBe('3f1c4a52-7d8e-4b2a-9c61-0e5d2f7a8b90');
    expect(config.dataKeys?.current).toBe('k1');
  });

  it('checks every value', () => {
    expect(() => submissionConfigFromEnv({ ...api, FIT_CONNECT_SUBMISSION_URL: 'ftp://x' })).toThrow(
      /FIT_CONNECT_SUBMISSION_URL/,
    );
    expect(() => submissionConfigFromEnv({ ...api, FIT_CONNECT_CLIENT_SECRET: 'short' })).toThrow(
      /FIT_CONNECT_CLIENT_SECRET/,
    );
    expect(() => submissionConfigFromEnv({ EFA_DATA_KEYS: 'k1:short' })).toThrow(/EFA_DATA_KEYS/);
    expect(() => submissionConfigFromEnv({ ...api, FIT_CONNECT_TRUST_ANCHORS: '/nonexistent.pem' })).toThrow(
      /FIT_CONNECT_TRUST_ANCHORS/,
    );
    expect(() => submissionConfigFromEnv({ DELIVERY_SERVICE_PORT: '70000' })).toThrow(
      /DELIVERY_SERVICE_PORT/,
    );
    expect(() => submissionConfigFromEnv({ FIT_CONNECT_CALLBACK_SECRET: 'too-short-to-be-safe' })).toThrow(
      /FIT_CONNECT_CALLBACK_SECRET/,
    );
  });

  it('takes the new-events callback secret, and none when it is not set', () => {
    const secret = 'c'.repeat(40);
    expect(submissionConfigFromEnv({ FIT_CONNECT_CALLBACK_SECRET: secret }).callbackSecret).toBe(secret);
    expect(submissionConfigFromEnv({}).callbackSecret).toBeUndefined();
  });

  it('takes the mailbox reply key as a private RSA JWK with a kid, and refuses anything else', () => {
    const jwk = { kty: 'RSA', kid: 'reply-1', n: 'n', e: 'AQAB', d: 'd', alg: 'RSA-OAEP-256' };
    expect(
      submissionConfigFromEnv({ MAILBOX_REPLY_PRIVATE_JWK: JSON.stringify(jwk) }).mailboxReplyKey,
    ).toEqual(jwk);
    expect(submissionConfigFromEnv({}).mailboxReplyKey).toBeUndefined();
    for (const bad of [
      '{',
      JSON.stringify({ ...jwk, d: undefined }),
      JSON.stringify({ ...jwk, kty: 'EC' }),
    ]) {
      expect(() => submissionConfigFromEnv({ MAILBOX_REPLY_PRIVATE_JWK: bad })).toThrow(
        /MAILBOX_REPLY_PRIVATE_JWK/,
      );
    }
  });
});
