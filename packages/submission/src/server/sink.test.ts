import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineServiceCatalogue, type Leistungsschluessel } from '@efa-kit/core';
import {
  type ApplicationHandoff,
  createDatabase,
  createDataSealer,
  createJobQueue,
  type EfaContext,
  type EfaSession,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryPipeline } from '../delivery/pipeline.js';
import { deliveryMigrations } from '../delivery/storage.js';
import { createDeliveryService, type DeliveryService } from '../delivery-service/index.js';
import {
  destinationConfig,
  destinationId,
  generateTestKeys,
  senderClient,
} from '../delivery-service/test-support.test.support.js';
import { createSubmissionApiClient, sha512Hex } from '../fit-connect/index.js';
import { type ApplicationView, renderApplicationPdf } from '../receipt/index.js';
import { createReceiptRoute } from './receipt-route.js';
import { createApplicationSink } from './sink.js';

const catalogue = defineServiceCatalogue([
  {
    leikaKey: '99108008252000' as Leistungsschluessel,
    name: { de: 'Hund anmelden', en: 'Register a dog' },
    formId: 'dog-registration',
    path: '/antrag/hund-anmelden',
    trustLevel: 'substantial',
    destination: { kind: 'fixed', destinationId },
  },
]);

const upload = new TextEncoder().encode('%PDF-1.7\n% Nachweis\n');
const handoff = (subject: string): ApplicationHandoff => ({
  applicationId: randomUUID(),
  formId: 'dog-registration',
  formVersion: '1.0.0',
  locale: 'de',
  subject,
  trustLevel: 'substantial',
  data: { hund: 'Bello' },
  schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
  summary: [
    { title: 'Ihr Hund', lines: [{ label: 'Name des Hundes', value: 'Bello (Größe: groß, Maß: 60 cm)' }] },
  ],
  feeAnswers: {},
  place: { postcode: '01796', municipality: 'Pirna' },
  uploads: [
    {
      attachmentId: randomUUID(),
      filename: 'nachweis.pdf',
      mimeType: 'application/pdf',
      size: upload.byteLength,
      sha512: sha512Hex(upload),
      purpose: 'attachment',
      content: async () => upload,
    },
  ],
});

describe('application sink and receipt route', () => {
  let service: DeliveryService;
  let stop: () => Promise<void>;
  let receiptUrl: (id: string) => string;
  const sessions = new Map<string, string>();
  const sink = {} as { submit: ReturnType<typeof createApplicationSink> };

  beforeAll(async () => {
    const keys = await generateTestKeys();
    const db = await createDatabase();
    await migrate(db, [deliveryMigrations]);
    const boss = await createJobQueue(db);
    service = await createDeliveryService({
      destinations: [destinationConfig(keys)],
      clients: [senderClient],
      signingKey: keys.service,
    });
    const pipeline = createDeliveryPipeline({
      db,
      boss,
      sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1'))),
      api: createSubmissionApiClient({
        baseUrl: service.url,
        tokenUrl: service.tokenUrl,
        clientId: senderClient.clientId,
        clientSecret: senderClient.secret,
      }),
      renderFormPdf: (view) => renderApplicationPdf(view as ApplicationView),
    });
    await pipeline.start();
    sink.submit = createApplicationSink({
      pipeline,
      catalogue,
      // The app's routing port, here one authority for everyone.
      route: async () => ({ destinationId, authority: { id: 'pirna', name: 'Große Kreisstadt Pirna' } }),
    });
    const route = createReceiptRoute({
      pipeline,
      resolveSession: async (request) => {
        const subject = sessions.get(String(request.headers['x-test-session'] ?? ''));
        return subject ? ({ subject } as EfaSession) : null;
      },
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      void route(req, res, url).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    receiptUrl = (id) => `http://127.0.0.1:${port}/antrag/eingangsbestaetigung/${id}.pdf`;
    stop = async () => {
      server.close();
      await boss.stop({ graceful: false, close: false });
      await service.stop();
      await db.destroy();
    };
  }, 120_000);

  afterAll(async () => stop());

  it('stores once, answers "pending" honestly, and hands the receipt only to its owner', async () => {
    sessions.set('erika', 'subject-erika');
    sessions.set('max', 'subject-max');
    const application = handoff('subject-erika');
    const ctx = {} as EfaContext;
    const first = await sink.submit(ctx, application);
    const again = await sink.submit(ctx, application);
    expect(first.delivery).toBe('pending');
    expect(again.reference).toBe(first.reference);

    const mine = await fetch(receiptUrl(application.applicationId), {
      headers: { 'x-test-session': 'erika' },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(
      Buffer.from(await mine.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    for (const headers of [{ 'x-test-session': 'max' }, {}] as Array<Record<string, string>>) {
      const other = await fetch(receiptUrl(application.applicationId), { headers });
      expect(other.status).toBe(404);
    }
  }, 120_000);
});
