import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newReferenceNumber } from '@efa-kit/core';
import type { ApplicationHandoff } from '@efa-kit/core/server';
import {
  createDataSealer,
  createJobQueue,
  type EfaDatabase,
  generateDataKeyEntry,
  migrate,
  type PgBoss,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from '../delivery-service/index.js';
import {
  api,
  destinationConfig,
  destinationEvent,
  destinationId,
  generateTestKeys,
  senderClient,
  subscriberClient,
  type TestKeys,
  tagOf,
  tokenFor,
} from '../delivery-service/test-support.test.support.js';
import { callbackAuthentication } from '../fit-connect/callback-signature.js';
import { createSubmissionApiClient, sha512Hex } from '../fit-connect/index.js';
import { createEventCallbackRoute } from '../server/event-callback-route.js';
import { ensureDeliveryQueues } from './operations.js';
import { createDeliveryPipeline, type DeliveryPipeline } from './pipeline.js';
import { type DeliveryTables, deliveryMigrations } from './storage.js';

/**
 * The sender's NEW_EVENTS consumer against the development delivery service: the service calls
 * the portal when the authority answers, and the status follows from the signed event log in
 * that very request. The decision sweep is not started here, so nothing else can move a status.
 */
const secret = 'callback-secret-of-the-portal-0123456789abcdef';
const text = new TextEncoder();
const upload = text.encode('%PDF-1.7\n% Lageplan\n');

function handoff(): ApplicationHandoff {
  return {
    applicationId: randomUUID(),
    formId: 'dog-registration',
    formVersion: '1.0.0',
    locale: 'de',
    subject: 'subject-erika',
    trustLevel: 'substantial',
    data: { hund: { name: 'Bello' } },
    schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
    summary: [],
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

interface Held {
  timestamp: string;
  authentication: string;
  body: string;
}

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

describe.each(testDatabases(inject('efaPostgresUrl')))('event callbacks on $name', (driver) => {
  let db: EfaDatabase;
  let boss: PgBoss;
  let service: DeliveryService;
  let pipeline: DeliveryPipeline;
  let portal: Server;
  let portalUrl: string;
  /** `forward`: the portal's route takes the service's callbacks; `hold`: kept here, 503. */
  let mode: 'forward' | 'hold' = 'forward';
  const held: Held[] = [];
  const answered: number[] = [];

  const header = (req: IncomingMessage, name: string) => String(req.headers[name] ?? '');

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    await migrate(db, [deliveryMigrations]);
    boss = await createJobQueue(db);
    await ensureDeliveryQueues(boss);
    portal = createServer();
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    service = await createDeliveryService({
      destinations: [destinationConfig(keys)],
      clients: [
        { ...senderClient, callback: { url: `${portalUrl}/fit-connect/callback`, secret } },
        subscriberClient,
      ],
      signingKey: keys.service,
      // A held callback is tried again only after the test is over.
      callbackRetry: { initialDelayMs: 600_000 },
    });
    pipeline = createDeliveryPipeline({
      db,
      boss,
      sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1'))),
      api: createSubmissionApiClient({
        baseUrl: service.url,
        tokenUrl: service.tokenUrl,
        clientId: senderClient.clientId,
        clientSecret: senderClient.secret,
      }),
      eventCallbackSecret: secret,
    });
    const route = createEventCallbackRoute({ pipeline });
    portal.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', portalUrl);
      if (mode === 'hold') {
        let body = '';
        req.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        req.on('end', () => {
          held.push({
            timestamp: header(req, 'callback-timestamp'),
            authentication: header(req, 'callback-authentication'),
            body,
          });
          res.writeHead(503).end();
        });
        return;
      }
      res.on('finish', () => answered.push(res.statusCode));
      route(req, res, url).then(
        (handled) => {
          if (!handled) res.writeHead(404).end();
        },
        () => res.writeHead(500).end(),
      );
    });
  }, 120_000);

  afterAll(async () => {
    if (!driver.available) return;
    await service.stop();
    portal.close();
    await boss.stop({ graceful: false, close: false });
    await db.destroy();
  });

  /** Accepted and delivered by the pipeline (no worker: advanced here), then the subscriber's view. */
  async function submitted() {
    const application = handoff();
    await pipeline.accept({
      application,
      reference: newReferenceNumber(),
      submittedAt: new Date(),
      service: { leikaKey: '99108008252000', name: 'Hund anmelden' },
      destinationId,
      fee: null,
      receipt: {},
    });
    expect(await pipeline.advance(application.applicationId)).toBe('submitted');
    const row = await db
      .withTables<DeliveryTables>()
      .selectFrom('efa_submission.delivery')
      .select(['submission_id', 'case_id'])
      .where('application_id', '=', application.applicationId)
      .executeTakeFirstOrThrow();
    const subscriber = api(service, await tokenFor(service, subscriberClient));
    const sent = (await (await subscriber.get(`/v1/submissions/${row.submission_id}`)).json()) as {
      encryptedMetadata: string;
      encryptedData: string;
      attachments: string[];
    };
    const attachments: Record<string, string> = {};
    for (const id of sent.attachments) {
      attachments[id] = tagOf(
        await (await subscriber.get(`/v1/submissions/${row.submission_id}/attachments/${id}`)).text(),
      );
    }
    const ids = { submissionId: row.submission_id as string, caseId: row.case_id as string };
    const tags = { metadata: tagOf(sent.encryptedMetadata), data: tagOf(sent.encryptedData), attachments };
    const state = async () => (await pipeline.statusFor('subject-erika', application.applicationId))?.state;
    return { application, ids, tags, subscriber, state };
  }

  it.runIf(driver.available)(
    'an accept at the authority reaches the citizen’s status within the delivery service’s callback',
    async () => {
      mode = 'forward';
      const { ids, tags, subscriber, state } = await submitted();
      expect(await state()).toBe('submitted');
      const before = answered.length;
      const token = await destinationEvent(keys, ids, 'accept-submission', { authenticationTags: tags });
      const posted = await subscriber.post(`/v1/cases/${ids.caseId}/events`, token, 'application/jose');
      expect(posted.status).toBeLessThan(300);
      // The route answers 204 only after the status was read from the signed event log.
      await expect.poll(() => answered.slice(before), { timeout: 30_000 }).toContain(204);
      expect(await state()).toBe('accepted');
    },
    120_000,
  );

  it.runIf(driver.available)(
    'a forged, a stale and a replayed callback are refused with their codes and change nothing',
    async () => {
      const { ids, subscriber, state } = await submitted();
      mode = 'hold';
      const token = await destinationEvent(keys, ids, 'reject-submission', {
        problems: [
          {
            type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
            title: 'Prüfsumme stimmt nicht',
            instance: 'data',
          },
        ],
      });
      expect(
        (await subscriber.post(`/v1/cases/${ids.caseId}/events`, token, 'application/jose')).status,
      ).toBeLessThan(300);
      await expect.poll(() => held.length, { timeout: 30_000 }).toBeGreaterThan(0);
      const genuine = held[0] as Held;
      expect(JSON.parse(genuine.body).submissions).toEqual([{ destinationId, ...ids }]);

      const send = (callback: Held) =>
        fetch(`${portalUrl}/fit-connect/callback`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'callback-timestamp': callback.timestamp,
            'callback-authentication': callback.authentication,
          },
          body: callback.body,
        });
      const refusal = async (response: Response) => ({
        status: response.status,
        code: ((await response.json()) as { code: string }).code,
      });
      mode = 'forward';
      const now = String(Math.floor(Date.now() / 1000));
      // Forged: signed with another secret, or the genuine tag over another body.
      const otherSecret = {
        timestamp: now,
        body: genuine.body,
        authentication: callbackAuthentication(`${secret}x`, now, genuine.body),
      };
      expect(await refusal(await send(otherSecret))).toEqual({
        status: 401,
        code: 'SUBMISSION_CALLBACK_FORGED',
      });
      const otherBody = { ...genuine, body: genuine.body.replace('"submissions"', '"submissions" ') };
      expect(await refusal(await send(otherBody))).toEqual({
        status: 401,
        code: 'SUBMISSION_CALLBACK_FORGED',
      });
      // Stale: correctly signed, but six minutes old.
      const old = String(Math.floor(Date.now() / 1000) - 360);
      const stale = {
        timestamp: old,
        body: genuine.body,
        authentication: callbackAuthentication(secret, old, genuine.body),
      };
      expect(await refusal(await send(stale))).toEqual({ status: 401, code: 'SUBMISSION_CALLBACK_STALE' });
      expect(await refusal(await send({ ...genuine, authentication: '' }))).toEqual({
        status: 400,
        code: 'SUBMISSION_CALLBACK_MALFORMED',
      });
      expect(await state()).toBe('submitted');

      // The genuine one is taken once: the status follows the signed reject.
      expect((await send(genuine)).status).toBe(204);
      expect(await state()).toBe('rejected');
      // Replayed: refused, and the record of callbacks taken stays as it was.
      const seen = async () =>
        (
          await db
            .withTables<DeliveryTables>()
            .selectFrom('efa_submission.callback_seen')
            .selectAll()
            .execute()
        ).length;
      const taken = await seen();
      expect(await refusal(await send(genuine))).toEqual({
        status: 409,
        code: 'SUBMISSION_CALLBACK_REPLAYED',
      });
      expect(await seen()).toBe(taken);
      expect(await state()).toBe('rejected');
    },
    120_000,
  );
});
