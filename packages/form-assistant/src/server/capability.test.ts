import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApplicationHandoff,
  type CapabilityHost,
  createCapabilityHost,
  createDatabase,
  createDataSealer,
  type EfaDatabase,
  type EfaRequest,
  generateDataKeyEntry,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import { createFormCapability, type FormCapability } from './capability.js';
import { formConfigFromEnv } from './config.js';
import { origin, portalHeaders, reductionProofField, samplePdf } from './form-server.test.support.js';
import { encodeFilenameHeader } from './uploads/filename.js';

const publicUrl = origin;
let db: EfaDatabase;
let form: FormCapability;
let host: CapabilityHost;
let server: Server;
let base: string;
const handed: ApplicationHandoff[] = [];

/** "x-test-user: erika@substantial" signs erika in at that trust level. */
async function sessionOf(request: EfaRequest) {
  const [subject, level] = String(request.headers['x-test-user'] ?? '').split('@');
  if (!subject || (level !== 'low' && level !== 'substantial' && level !== 'high')) return null;
  return {
    id: `s-${subject}`,
    subject,
    trustLevel: level,
    displayName: subject,
    kind: 'person',
    roles: [],
  } as const;
}

beforeAll(async () => {
  db = await createDatabase();
  // What a state's server writes: a capability, a host, a node:http server.
  form = await createFormCapability({
    db,
    publicUrl,
    sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('k1'))),
    forms: blueprintForms(),
    sessions: sessionOf,
    settings: formConfigFromEnv({ FORM_DRAFT_TTL_DAYS: '7' }),
    submission: {
      async sink(ctx, application) {
        handed.push(application);
        return {
          applicationId: application.applicationId,
          reference: `REF-${ctx.session?.subject}`,
          delivery: 'pending',
          submittedAt: new Date().toISOString(),
        };
      },
      trustLevelFor: (formId) => (formId === 'dog-registration' ? 'substantial' : null),
    },
  });
  host = await createCapabilityHost({
    db,
    publicUrl,
    capabilities: [form],
    sessions: sessionOf,
    rateLimit: false,
  });
  server = createServer(async (req, res) => {
    if (!(await host.handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await host.stop();
  await db.destroy();
});

/** A dog registration with a reduction (a dog from the shelter) and its proof, as <efa-form> sends it. */
function dogRegistration(proof: unknown[]) {
  return {
    G99777000010: {
      F99777000011: 'Müller',
      F99777000012: 'Erika',
      F99777000013: '1980-05-17',
      G99777000014: {
        F99777000015: 'Hauptstraße',
        F99777000016: '12a',
        F99777000017: '01796',
        F99777000018: 'Pirna',
      },
      F99777000020: 'erika@example.org',
    },
    G99777000030: [
      { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
    ],
    G99777000050: { F99777000051: true, G99777000055: { F99777000052: 'tierheimhund', F99777000053: proof } },
    G99777000060: { F99777000061: false },
    G99777000070: { F99777000072: true },
  };
}

async function upload(user?: string) {
  const url = new URL('/uploads', base);
  url.searchParams.set('formId', 'dog-registration');
  url.searchParams.set('field', reductionProofField);
  const response = await fetch(url, {
    method: 'POST',
    headers: portalHeaders(user, {
      'content-type': 'application/pdf',
      'x-filename': encodeFilenameHeader('Nachweis.pdf'),
    }),
    body: Buffer.from(samplePdf()),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string | number> };
}

async function submit(user: string | undefined, formId: string, data: unknown) {
  return fetch(`${base}/trpc/form.submit`, {
    method: 'POST',
    headers: portalHeaders(user, { 'content-type': 'application/json' }),
    body: JSON.stringify({
      formId,
      version: blueprintForms()[formId]?.version,
      applicationId: crypto.randomUUID(),
      data,
    }),
  });
}

describe('createFormCapability on a capability host', () => {
  it('serves the forms it was given', async () => {
    const response = await fetch(
      `${base}/trpc/form.definition?input=${encodeURIComponent('{"formId":"dog-registration"}')}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { id: string } } };
    expect(body.result.data.id).toBe('dog-registration');
    const unknown = await fetch(
      `${base}/trpc/form.definition?input=${encodeURIComponent('{"formId":"nope"}')}`,
    );
    expect(unknown.status).toBe(404);
  });

  it('takes an upload and hands the validated application with it to the sink at the trust level', async () => {
    expect((await upload()).status).toBe(401);
    const proof = await upload('erika@substantial');
    expect(proof.status).toBe(201);
    const files = [
      {
        name: proof.body.filename,
        size: proof.body.size,
        mediaType: proof.body.mimeType,
        ref: proof.body.uploadId,
        sha512: proof.body.sha512,
      },
    ];
    const accepted = await submit('erika@substantial', 'dog-registration', dogRegistration(files));
    expect(accepted.status).toBe(200);
    const body = (await accepted.json()) as { result: { data: { reference: string } } };
    expect(body.result.data.reference).toBe('REF-erika');
    expect(handed.at(-1)?.formId).toBe('dog-registration');
    expect(handed.at(-1)?.uploads.map((file) => file.filename)).toEqual(['Nachweis.pdf']);
    const count = handed.length;
    expect((await submit('max@low', 'dog-registration', dogRegistration([]))).status).toBe(403);
    expect((await submit(undefined, 'dog-registration', dogRegistration([]))).status).toBe(401);
    expect(handed.length).toBe(count);
  });

  it('refuses forms the host offers for no service', async () => {
    const refused = await submit('erika@high', 'geothermal-drilling', {});
    const body = (await refused.json()) as { error: { data: { efaCode: string } } };
    expect(body.error.data.efaCode).toBe('FORM_NOT_SUBMITTABLE');
  });

  it('moves the code of a resume link into the fragment of the resume page', async () => {
    const link = await fetch(`${base}/antrag/fortsetzen/ABCD-EFGH-JKMN-PQRS`, { redirect: 'manual' });
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/antrag/fortsetzen#code=ABCD-EFGH-JKMN-PQRS');
    const junk = await fetch(`${base}/antrag/fortsetzen/%3Cscript%3E`, { redirect: 'manual' });
    expect(junk.headers.get('location')).toBe('/antrag/fortsetzen');
  });

  it('refuses a draft lifetime outside 1 to 365 days with a coded error', () => {
    expect(() => formConfigFromEnv({ FORM_DRAFT_TTL_DAYS: '0' })).toThrow(/FORM_DRAFT_TTL_DAYS/);
    expect(() => formConfigFromEnv({ FORM_DRAFT_TTL_DAYS: '2.5' })).toThrow(/FORM_DRAFT_TTL_DAYS/);
    expect(formConfigFromEnv({}).draftTtlMs).toBeUndefined();
  });
});
