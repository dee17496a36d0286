#!/usr/bin/env node
// The external systems of a scaled-out portal, in one process of their own: the development
// OpenID provider, the XBezahldienste simulator and the development FIT-Connect delivery
// service (the same code as their bins efa-dev-idp, efa-payment-simulator, efa-delivery-service).
// In development `npm start` runs them inside the portal process; several app servers instead
// share one of each, configured like real providers (OIDC_ISSUER, PAYMENT_PROVIDER_URL,
// FIT_CONNECT_*), so any app server can finish a login, a payment or a delivery that another
// one began. Ledgers live in their own PostgreSQL (not the portal's), which the fault test
// does not kill: they stand for systems outside the portal's operation.
//
//   node ops/lib/providers.mjs <state dir> <public portal URL> <reference database URL> <providers database URL>
//
// Writes <state dir>/providers.json (URLs, client credentials, destinations) and prints
// "providers ready" when all three listen.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, load } from './base.mjs';

const [stateDir, publicUrl, referenceDatabaseUrl, providersDatabaseUrl] = process.argv.slice(2);
if (!providersDatabaseUrl) {
  console.error(
    'usage: providers.mjs <state dir> <public URL> <reference database URL> <providers database URL>',
  );
  process.exit(2);
}

const core = await load('@efa-kit/core/server');
const { startDevIdentityProvider } = await load('@efa-kit/service-account/testing');
const { startPaymentSimulator } = await load('@efa-kit/payment/testing');
const { createDeliveryService } = await load('@efa-kit/submission/testing');
const jurisdiction = await load('@efa-kit/jurisdiction-finder/server');
const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await load('jose');

/** The services the portal offers online (apps/portal/src/server/services.ts). */
const services = ['99102013104000', '99107023037000'];

const secret = () => randomBytes(24).toString('base64url');

// The identity provider: one client, the portal behind the balancer.
const idpPort = await freePort();
const idpSecret = secret();
const idp = await startDevIdentityProvider({
  port: idpPort,
  host: '127.0.0.1',
  issuer: `http://127.0.0.1:${idpPort}`,
  clients: [
    {
      clientId: 'efa-portal',
      clientSecret: idpSecret,
      name: 'Serviceportal (Skalierungstest)',
      redirectUris: [new URL('/auth/callback', publicUrl).toString()],
      postLogoutRedirectUris: [new URL('/auth/logged-out', publicUrl).toString()],
      backchannelLogoutUri: new URL('/auth/backchannel-logout', publicUrl).toString(),
    },
  ],
});

// The payment provider, its ledger in the providers' database.
const providersDb = await core.createDatabase(providersDatabaseUrl);
const paymentSecret = secret();
const simulator = await startPaymentSimulator({
  db: providersDb,
  host: '127.0.0.1',
  port: 0,
  clients: [{ clientId: 'efa-portal', clientSecret: paymentSecret }],
});

// Destinations: one per service and responsible authority, as FIT-Connect's routing would
// name them. The authorities come from the finder's packaged reference data (the same the
// portal seeds), loaded here into a database of the providers' own.
const referenceDb = await core.createDatabase(referenceDatabaseUrl);
await core.migrate(referenceDb, [jurisdiction.jurisdictionMigrations]);
await jurisdiction.seedReferenceData(referenceDb);
const index = await jurisdiction.LiveIndex.load(referenceDb);
const destinationId = (leikaKey, authorityId) => {
  const hex = createHash('sha256').update(`efa-ops-destination:${leikaKey}:${authorityId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const destinations = {};
for (const leikaKey of services) {
  destinations[leikaKey] = {};
  for (const authority of index.current.authoritiesFor(leikaKey)) {
    destinations[leikaKey][authority.id] = destinationId(leikaKey, authority.id);
  }
}
await referenceDb.destroy();

const encryption = await generateKeyPair('RSA-OAEP-256', { modulusLength: 4096, extractable: true });
const encryptionPublic = {
  ...(await exportJWK(encryption.publicKey)),
  alg: 'RSA-OAEP-256',
  use: 'enc',
  key_ops: ['wrapKey'],
};
encryptionPublic.kid = await calculateJwkThumbprint(encryptionPublic, 'sha256');
const signing = await generateKeyPair('PS512', { modulusLength: 4096, extractable: true });
const signingPublic = { ...(await exportJWK(signing.publicKey)), alg: 'PS512', key_ops: ['verify'] };
signingPublic.kid = await calculateJwkThumbprint(signingPublic, 'sha256');

const sender = { clientId: 'efa-portal', secret: secret(), role: 'sender' };
const subscriber = { clientId: 'efa-authority', secret: secret(), role: 'subscriber' };
const delivery = await createDeliveryService({
  db: providersDb,
  host: '127.0.0.1',
  port: 0,
  destinations: Object.entries(destinations).flatMap(([leikaKey, byAuthority]) =>
    Object.values(byAuthority).map((id) => ({
      destinationId: id,
      encryptionJwk: encryptionPublic,
      signingJwk: signingPublic,
      services: [{ identifier: `urn:de:fim:leika:leistung:${leikaKey}` }],
    })),
  ),
  clients: [sender, subscriber],
  log: (message) => console.error(`[delivery-service] ${message}`),
});

// The citizen's mailbox key (MAILBOX_REPLY_PRIVATE_JWK), shared by every app server.
const reply = await generateKeyPair('RSA-OAEP-256', { modulusLength: 4096, extractable: true });
const replyPrivate = { ...(await exportJWK(reply.privateKey)), alg: 'RSA-OAEP-256' };
replyPrivate.kid = await calculateJwkThumbprint(await exportJWK(reply.publicKey), 'sha256');

const destinationsFile = join(stateDir, 'destinations.json');
writeFileSync(destinationsFile, JSON.stringify(destinations, null, 2), { mode: 0o600 });

// The delivery service's ledger, read by the checks through the providers' database URL.
const state = {
  idp: { issuer: idp.issuer, clientId: 'efa-portal', clientSecret: idpSecret },
  payment: {
    url: simulator.url,
    tokenUrl: simulator.tokenUrl,
    clientId: 'efa-portal',
    clientSecret: paymentSecret,
  },
  delivery: {
    url: delivery.url,
    tokenUrl: delivery.tokenUrl,
    clientId: sender.clientId,
    clientSecret: sender.secret,
    subscriber: { clientId: subscriber.clientId, secret: subscriber.secret },
  },
  destinationsFile,
  destinationCount: Object.values(destinations).reduce((sum, d) => sum + Object.keys(d).length, 0),
  dataKeys: core.generateDataKeyEntry('ops1'),
  mailboxReplyJwk: replyPrivate,
  providersDatabaseUrl,
};
writeFileSync(join(stateDir, 'providers.json'), JSON.stringify(state, null, 2), { mode: 0o600 });

console.log('providers ready');

const stop = async () => {
  await idp.close();
  await simulator.close();
  await delivery.stop();
  await providersDb.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
