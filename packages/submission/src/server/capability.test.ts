import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Leistungsschluessel } from '@efa-kit/core';
import {
  type ApplicationHandoff,
  type CapabilityHost,
  createCapabilityHost,
  createDatabase,
  createDataSealer,
  type EfaContext,
  type EfaDatabase,
  type EfaRequest,
  generateDataKeyEntry,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionCapability, type SubmissionCapability } from './capability.js';
import { submissionConfigFromEnv } from './config.js';

const publicUrl = 'http://portal.test';
const pirna = { id: 'pirna', name: 'Große Kreisstadt Pirna' };
const dresden = { id: 'dresden', name: 'Landeshauptstadt Dresden' };
/** The finder of this test: Pirna is responsible for 01796, Dresden (which has no destination) for the rest. */
let responsible = pirna;
let db: EfaDatabase;
let submission: SubmissionCapability;
let host: CapabilityHost;
let server: Server;
let base: string;

/** "x-test-user: erika" signs erika in. */
async function sessionOf(request: EfaRequest) {
  const subject = String(request.headers['x-test-user'] ?? '');
  if (!subject) return null;
  return {
    id: `s-${subject}`,
    subject,
    trustLevel: 'substantial',
    displayName: subject,
    kind: 'person',
    roles: [],
  } as const;
}

const handoff = (subject: string): ApplicationHandoff => ({
  applicationId: randomUUID(),
  formId: 'dog-registration',
  formVersion: '1.0.0',
  locale: 'de',
  subject,
  trustLevel: 'substantial',
  data: { hund: 'Bello' },
  schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
  summary: [{ title: 'Ihr Hund', lines: [{ label: 'Name des Hundes', value: 'Bello' }] }],
  feeAnswers: {},
  place: { postcode: '01796', municipality: 'Pirna' },
  uploads: [],
});

beforeAll(async () => {
  db = await createDatabase();
  // What a state's server writes: the capability (here on the development delivery service), a host, a server.
  submission = await createSubmissionCapability({
    db,
    publicUrl,
    sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1'))),
    settings: submissionConfigFromEnv({}, { mode: 'development' }),
    services: [
      {
        leikaKey: '99102013104000' as Leistungsschluessel,
        name: { de: 'Hundesteuer – Anmeldung', en: 'Dog tax – registration' },
        formId: 'dog-registration',
        path: '/antrag/hund-anmelden',
        trustLevel: 'substantial',
      },
    ],
    responsibleAuthority: async () => responsible,
    // Only Pirna has a destination: the development service makes one per authority named here.
    authoritiesFor: async () => [pirna],
    sessions: sessionOf,
  });
  host = await createCapabilityHost({
    db,
    publicUrl,
    capabilities: [submission],
    sessions: sessionOf,
    rateLimit: false,
  });
  server = createServer(async (req, res) => {
    if (!(await host.handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await host.stop();
  await db.destroy();
}, 60_000);

async function statusOf(user: string, applicationId: string) {
  const input = encodeURIComponent(JSON.stringify({ applicationId }));
  const response = await fetch(`${base}/trpc/submission.status?input=${input}`, {
    headers: { 'x-test-user': user },
  });
  return {
    status: response.status,
    body: (await response.json()) as { result?: { data: { delivery: string } } },
  };
}

describe('createSubmissionCapability on a capability host', () => {
  it('runs the development delivery service with a destination per authority, a mailbox and an inbox', () => {
    expect(submission.developmentServiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(Object.keys(submission.destinations['99102013104000'] ?? {})).toEqual(['pirna']);
    expect(submission.mailbox).not.toBeNull();
    expect(submission.inbox).not.toBeNull();
    expect(Object.keys(submission.routers).sort()).toEqual(['inbox', 'mailbox', 'submission']);
    expect(submission.pageNeeds?.developmentServices?.[0]?.en).toBe('delivery service (FIT-Connect)');
  });

  it('delivers what the sink takes to the responsible authority, and shows it to its owner only', async () => {
    const application = handoff('erika');
    const answer = await submission.sink({} as EfaContext, application);
    expect(answer.delivery).toBe('pending');
    // Delivery runs on the job queue; wait until the development service has it.
    const deadline = Date.now() + 60_000;
    let delivery = 'pending';
    while (delivery === 'pending' && Date.now() < deadline) {
      const { status, body } = await statusOf('erika', application.applicationId);
      expect(status).toBe(200);
      delivery = body.result?.data.delivery ?? 'missing';
      if (delivery === 'pending') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(delivery).toBe('submitted');
    expect((await statusOf('max', application.applicationId)).status).toBe(404);
    // The answer is the one /openapi.json describes (the router's output schema), not any JSON.
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { get?: { responses: { 200: { content: { 'application/json': { schema: object } } } } } }
      >;
    };
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(
      document.paths['/trpc/submission.status']?.get?.responses[200].content['application/json'].schema ?? {},
    );
    const { body } = await statusOf('erika', application.applicationId);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ result: { data: { delivery: 'pending' } } })).toBe(false);

    const receipt = `${base}/antrag/eingangsbestaetigung/${application.applicationId}.pdf`;
    const mine = await fetch(receipt, { headers: { 'x-test-user': 'erika' } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(receipt, { headers: { 'x-test-user': 'max' } })).status).toBe(404);
  }, 90_000);

  it('refuses an application whose responsible authority has no destination, with a coded error', async () => {
    responsible = dresden;
    try {
      await expect(submission.sink({} as EfaContext, handoff('erika'))).rejects.toMatchObject({
        code: 'SUBMISSION_NO_DESTINATION',
      });
    } finally {
      responsible = pirna;
    }
  });

  it('refuses to start in production without a delivery service', async () => {
    const settings = {
      ...submissionConfigFromEnv({}, { mode: 'development' }),
      useDevelopmentService: false,
    };
    await expect(
      createSubmissionCapability({
        db,
        publicUrl,
        sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k2'))),
        settings,
        services: [],
        responsibleAuthority: async () => pirna,
        authoritiesFor: async () => [],
      }),
    ).rejects.toMatchObject({ code: 'SUBMISSION_CONFIGURATION' });
  });
});
