import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { modulusBits } from './config.js';
import { deliveryServiceError } from './errors.js';
import { jsonb, type LedgerDb } from './ledger.js';

/** The service's own key for the SETs it issues (PS512, RSA 4096 as FITKO's keys are). */
export interface ServiceSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** A verification key as `/.well-known/jwks.json` serves it. */
export interface ServicePublicJwk {
  kty: 'RSA';
  kid: string;
  n: string;
  e: string;
  alg: 'PS512';
  key_ops: ['verify'];
}

function publicPart(jwk: JWK, kid: string): ServicePublicJwk {
  return { kty: 'RSA', kid, n: String(jwk.n), e: String(jwk.e), alg: 'PS512', key_ops: ['verify'] };
}

async function checkedSeed(seed: JWK): Promise<{ kid: string; jwk: JWK }> {
  if (
    seed.kty !== 'RSA' ||
    typeof seed.n !== 'string' ||
    typeof seed.e !== 'string' ||
    typeof seed.d !== 'string'
  ) {
    throw deliveryServiceError('DELIVERY_SERVICE_KEY_INVALID', {
      key: 'signingKey',
      detail: 'a private RSA JWK (with d) is needed',
    });
  }
  if (modulusBits(seed.n) < 4096) {
    throw deliveryServiceError('DELIVERY_SERVICE_KEY_INVALID', {
      key: 'signingKey',
      detail: 'the modulus must have at least 4096 bit',
    });
  }
  const kid = seed.kid ?? (await calculateJwkThumbprint({ kty: 'RSA', n: seed.n, e: seed.e }, 'sha256'));
  return { kid, jwk: { ...seed, kid, alg: 'PS512' } };
}

/**
 * The signing key comes from the ledger, so tokens issued before a restart still verify: a
 * given `seed` is stored (if new) and used; otherwise the newest stored key is used, and one is
 * generated only on the very first start. Every stored key stays in the JWKS.
 */
export async function loadSigningKeys(
  db: LedgerDb,
  now: Date,
  seed?: JWK,
): Promise<{ active: ServiceSigningKey; jwks: { keys: ServicePublicJwk[] } }> {
  let activeKid: string | undefined;
  if (seed) {
    const { kid, jwk } = await checkedSeed(seed);
    await db
      .insertInto('efa_delivery_service.signing_key')
      .values({
        kid,
        private_jwk: jsonb(jwk as Record<string, unknown>),
        public_jwk: jsonb(publicPart(jwk, kid)),
        created_at: now,
      })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
    activeKid = kid;
  } else {
    const existing = await db
      .selectFrom('efa_delivery_service.signing_key')
      .select('kid')
      .orderBy('created_at', 'desc')
      .orderBy('kid')
      .limit(1)
      .executeTakeFirst();
    if (existing) activeKid = existing.kid;
    else {
      const pair = await generateKeyPair('PS512', { modulusLength: 4096, extractable: true });
      const jwk = await exportJWK(pair.privateKey);
      const kid = await calculateJwkThumbprint({ kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }, 'sha256');
      await db
        .insertInto('efa_delivery_service.signing_key')
        .values({
          kid,
          private_jwk: jsonb({ ...jwk, kid, alg: 'PS512' } as Record<string, unknown>),
          public_jwk: jsonb(publicPart(jwk, kid)),
          created_at: now,
        })
        .onConflict((oc) => oc.column('kid').doNothing())
        .execute();
      activeKid = kid;
    }
  }
  const rows = await db
    .selectFrom('efa_delivery_service.signing_key')
    .selectAll()
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  const activeRow = rows.find((row) => row.kid === activeKid);
  if (!activeRow) throw new Error('signing key vanished from the ledger');
  const privateKey = (await importJWK(activeRow.private_jwk as JWK, 'PS512')) as CryptoKey;
  return {
    active: { kid: activeRow.kid, privateKey },
    jwks: { keys: rows.map((row) => publicPart(row.public_jwk as JWK, row.kid)) },
  };
}
