import { randomUUID } from 'node:crypto';
import { newReferenceNumber } from '@efa-kit/core';
import type { ApplicationHandoff, EfaContext, EfaSession } from '@efa-kit/core/server';
import {
  createCallerFactory,
  createDataSealer,
  createJobQueue,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  type PgBoss,
  parseDataKeyRing,
  router,
} from '@efa-kit/core/server';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createDeliveryPipeline, type DeliveryPipeline } from '../delivery/pipeline.js';
import { deliveryMigrations } from '../delivery/storage.js';
import { createDeliveryService, type DeliveryService } from '../delivery-service/index.js';
import {
  destinationConfig,
  destinationId,
  otherDestinationId,
  senderClient,
  type TestKeys,
} from '../delivery-service/test-support.test.support.js';
import { createSubmissionApiClient, sha512Hex } from '../fit-connect/index.js';
import { createReplyInboxApi, createSubscriberApi } from './api.js';
import { type Casework, createCasework } from './inbox.js';
import { createMailbox, type Mailbox, type MailboxOptions } from './mailbox.js';
import { createInboxRouter, createMailboxRouter } from './routers.js';
import { caseworkMigrations, mailboxMigrations } from './storage.js';

export const leikaKey = '99108008252000';
export const pirna = { id: 'efa-demo.sn.OE.14628270', name: 'Stadtverwaltung Pirna' };
export const dresden = { id: 'efa-demo.sn.OE.14612000', name: 'Stadtverwaltung Dresden' };
/** One subscriber client that reaches both destinations (the inbox binds staff to theirs). */
export const authoritiesClient = {
  clientId: 'authorities',
  secret: 'authorities-secret',
  role: 'subscriber' as const,
};

export async function generateReplyKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RSA-OAEP-256', { modulusLength: 4096, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }, 'sha256');
  return { ...jwk, kid, alg: 'RSA-OAEP-256' };
}

export function session(subject: string, overrides: Partial<EfaSession> = {}): EfaSession {
  return {
    id: randomUUID(),
    subject,
    trustLevel: 'substantial',
    displayName: subject,
    kind: 'person',
    roles: [],
    ...overrides,
  };
}
export const caseworker = (authority: { id: string; name: string }) =>
  session(`staff-${authority.id}`, { roles: ['caseworker'], authority, trustLevel: 'low' });

const text = new TextEncoder();

export function handoff(subject: string): ApplicationHandoff {
  const upload = text.encode('%PDF-1.7\n% Lageplan\n');
  return {
    applicationId: randomUUID(),
    formId: 'dog-registration',
    formVersion: '1.0.0',
    locale: 'de',
    subject,
    trustLevel: 'substantial',
    data: { G99777000010: { F99777000011: 'Erika Mustermann' }, hunde: [{ name: 'Bello-von-Pirna' }] },
    schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
    summary: [{ title: 'Halterin', lines: [{ label: 'Name', value: 'Erika Mustermann' }] }],
    feeAnswers: {},
    place: { postcode: '01796', municipality: 'Pirna' },
    uploads: [
      {
        attachmentId: randomUUID(),
        filename: 'lageplan.pdf',
        mimeType: 'application/pdf',
        size: upload.byteLength,
        sha512: sha512Hex(upload),
        purpose: 'attachment',
        content: async () => upload,
      },
    ],
  };
}

export interface CaseworkWorld {
  db: EfaDatabase;
  boss: PgBoss;
  service: DeliveryService;
  pipeline: DeliveryPipeline;
  casework: Casework;
  mailbox: Mailbox;
  /** tRPC callers with a given session (null: nobody signed in). */
  inbox(session: EfaSession | null): ReturnType<ReturnType<typeof callers>>['inbox'];
  mail(session: EfaSession | null): ReturnType<ReturnType<typeof callers>>['mailbox'];
  /** How many submission lists (`GET /v1/submissions`) the authorities' client has asked for. */
  submissionListRequests(): number;
  stop(): Promise<void>;
}

function callers(casework: Casework, mailbox: Mailbox) {
  const app = router({
    inbox: createInboxRouter({ casework }),
    mailbox: createMailboxRouter({ mailbox }),
  });
  return createCallerFactory(app);
}

/** Portal side (pipeline, mailbox) and authority side (casework) on one database, the delivery service between them. */
export async function startCaseworkWorld(
  db: EfaDatabase,
  keys: TestKeys,
  replyKey: JWK,
  mailboxOptions: Partial<Pick<MailboxOptions, 'notify' | 'notificationRule'>> = {},
): Promise<CaseworkWorld> {
  await migrate(db, [deliveryMigrations, caseworkMigrations, mailboxMigrations]);
  const boss = await createJobQueue(db);
  const service = await createDeliveryService({
    destinations: [destinationConfig(keys), destinationConfig(keys, { destinationId: otherDestinationId })],
    clients: [senderClient, authoritiesClient],
    signingKey: keys.service,
    sweepIntervalMs: 0,
  });
  const endpoints = { baseUrl: service.url, tokenUrl: service.tokenUrl };
  const sender = { ...endpoints, clientId: senderClient.clientId, clientSecret: senderClient.secret };
  const submissions = createSubmissionApiClient(sender);
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1')));
  const mailbox = createMailbox({
    db,
    sealer,
    replies: createReplyInboxApi(sender),
    submissions,
    replyPrivateKey: replyKey,
    publicOrigin: 'https://portal.example',
    serviceNames: { [leikaKey]: 'Hund anmelden' },
    ...mailboxOptions,
  });
  const pipeline = createDeliveryPipeline({
    db,
    boss,
    sealer,
    api: submissions,
    retryDelaySeconds: 1,
    replyChannel: mailbox.replyChannelFor,
  });
  await pipeline.start();
  let submissionListRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).pathname === '/v1/submissions') submissionListRequests++;
    return fetch(input, init);
  };
  const casework = createCasework({
    db,
    api: createSubscriberApi({
      ...endpoints,
      clientId: authoritiesClient.clientId,
      clientSecret: authoritiesClient.secret,
      fetch: countingFetch,
    }),
    authorities: [
      {
        ...pirna,
        destinations: [
          {
            destinationId,
            encryptionKid: keys.encryption.publicJwk.kid,
            signingKid: keys.signing.publicJwk.kid,
          },
        ],
      },
      { ...dresden, destinations: [{ destinationId: otherDestinationId }] },
    ],
    replyKey: mailbox.replyPublicJwk as unknown as JWK,
    serviceNames: { [leikaKey]: 'Hund anmelden' },
  });
  const factory = callers(casework, mailbox);
  const context = (s: EfaSession | null): EfaContext => ({
    request: { method: 'POST', url: new URL('https://portal.example/trpc'), headers: {}, ip: '127.0.0.1' },
    response: { setHeader() {}, appendHeader() {} },
    locale: 'de',
    session: s,
    db,
    security: { sameOrigin: true, csrfTokenValid: true },
  });
  return {
    db,
    boss,
    service,
    pipeline,
    casework,
    mailbox,
    inbox: (s) => factory(context(s)).inbox,
    mail: (s) => factory(context(s)).mailbox,
    submissionListRequests: () => submissionListRequests,
    async stop() {
      await boss.stop({ graceful: false, close: false });
      await service.stop();
    },
  };
}

/** The EfaError code behind a refused call. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code ?? String(error);
  }
  return 'NO_ERROR';
}

export function deliveryRequest(application: ApplicationHandoff) {
  return {
    application,
    reference: newReferenceNumber(),
    submittedAt: new Date(),
    service: { leikaKey, name: 'Hund anmelden' },
    destinationId,
    fee: null,
    receipt: { authority: { name: pirna.name } },
  };
}
