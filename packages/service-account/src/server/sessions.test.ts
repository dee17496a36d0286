import { type EfaDatabase, migrate } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Identity } from '../schema/identity.js';
import { createSessionStore, hashToken } from './sessions.js';
import { accountMigrations } from './storage.js';

const erika: Identity = {
  kind: 'person',
  subject: 'bpk2-erika',
  issuer: 'https://id.bund.de/idp',
  trustLevel: 'high',
  method: 'eid-card',
  authenticatedAt: '2026-11-23T09:00:00.000Z',
  person: { givenNames: 'Erika', familyName: 'Mustermann' },
  provenance: {
    givenNames: { source: 'eid-card', level: 'high' },
    familyName: { source: 'eid-card', level: 'high' },
  },
};

describe.each(testDatabases(inject('efaPostgresUrl')))('sessions on $name', (driver) => {
  let db: EfaDatabase;
  let clock = new Date('2026-11-23T09:00:00Z');
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [accountMigrations]);
  });
  afterAll(() => db?.destroy());

  const store = () => createSessionStore({ db, now: () => clock });

  it.skipIf(!driver.available)('stores only a hash of the token and reads the identity back', async () => {
    const { token, session } = await store().create({
      provider: 'bundid',
      identity: erika,
      idToken: 'x.y.z',
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.id).toBe(hashToken(token));
    expect(session.id).not.toBe(token);
    const found = await store().lookup(token);
    expect(found?.identity).toEqual(erika);
    expect(found?.trustLevel).toBe('high');
    expect(found?.idToken).toBe('x.y.z');
  });

  it.skipIf(!driver.available)('ends after 30 minutes without activity', async () => {
    const { token } = await store().create({ provider: 'bundid', identity: erika });
    advance(29 * 60);
    expect(await store().lookup(token)).not.toBeNull();
    advance(29 * 60);
    expect(await store().lookup(token)).not.toBeNull(); // activity slid the idle timeout
    advance(30 * 60 + 1);
    expect(await store().lookup(token)).toBeNull();
    expect(await store().exists(hashToken(token))).toBe(false);
  });

  it.skipIf(!driver.available)('ends after 12 hours however active the user is', async () => {
    const { token } = await store().create({ provider: 'bundid', identity: erika });
    for (let i = 0; i < 24; i++) {
      advance(25 * 60);
      if (i < 28) await store().keepAlive(token);
    }
    // 24 × 25 min = 10 h: still alive
    expect(await store().lookup(token)).not.toBeNull();
    for (let i = 0; i < 5; i++) {
      advance(25 * 60);
      await store().keepAlive(token);
    }
    expect(await store().lookup(token)).toBeNull();
  });

  it.skipIf(!driver.available)('keepAlive resets the idle timer', async () => {
    const { token } = await store().create({ provider: 'bundid', identity: erika });
    advance(25 * 60);
    const kept = await store().keepAlive(token);
    expect(kept?.idleExpiresAt.getTime()).toBe(clock.getTime() + 30 * 60 * 1000);
  });

  it.skipIf(!driver.available)('refuses malformed and unknown tokens, and destroys on logout', async () => {
    expect(await store().lookup('not a token')).toBeNull();
    expect(await store().lookup('A'.repeat(43))).toBeNull();
    const { token } = await store().create({ provider: 'bundid', identity: erika });
    expect((await store().destroy(token))?.identity.subject).toBe('bpk2-erika');
    expect(await store().lookup(token)).toBeNull();
  });

  it.skipIf(!driver.available)('purges expired sessions', async () => {
    await store().create({ provider: 'bundid', identity: erika });
    advance(31 * 60);
    expect(await store().purgeExpired()).toBeGreaterThanOrEqual(1);
  });
});
