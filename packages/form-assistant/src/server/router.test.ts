import { createServer, type Server } from 'node:http';
import type { AssertedIdentity } from '@efa-kit/core';
import { createContextFactory, createDatabase, csrfCookieName, csrfHeaderName } from '@efa-kit/core/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintForms, dogRegistration } from '../blueprints/index.js';
import { type IdentityAttributes, prefillFromIdentity } from '../validation/prefill.js';
import { createFormRouter } from './router.js';
import { identityAttributesFrom } from './session-identity.js';

const verifiedErika: IdentityAttributes = {
  familyName: { value: 'Müller', verified: true },
  givenNames: { value: 'Erika', verified: true },
  birthDate: { value: '1980-05-17', verified: true },
  email: { value: 'erika@example.org', verified: false },
};

const application = {
  G99777000010: {
    F99777000011: 'Müller',
    F99777000012: 'Erika',
    F99777000013: '1980-05-17',
    G99777000014: {
      F99777000015: 'Hauptstraße',
      F99777000016: '12a',
      F99777000017: '01067',
      F99777000018: 'Dresden',
    },
    F99777000020: 'erika@example.org',
  },
  G99777000030: [
    { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'w', F99777000037: '2026-11-01' },
  ],
  G99777000050: { F99777000051: false },
  G99777000060: { F99777000061: false },
  G99777000070: { F99777000072: true },
};

let server: Server;
let base: string;
const token = 'a'.repeat(32);

beforeAll(async () => {
  const db = await createDatabase();
  const formRouter = createFormRouter({
    forms: blueprintForms(),
    today: () => '2026-11-23',
    // The session stands in for the service account: "erika" is signed in with a verified eID.
    identity: (ctx) => (ctx.session?.subject === 'erika' ? verifiedErika : null),
  });
  server = createServer(
    createHTTPHandler({
      router: formRouter,
      basePath: '/trpc/',
      createContext: createContextFactory({
        db,
        publicOrigin: 'http://portal.test',
        resolveSession: async (request) =>
          request.headers['x-test-user'] === 'erika'
            ? {
                id: 's1',
                subject: 'erika',
                trustLevel: 'substantial',
                displayName: 'Erika Müller',
                kind: 'person',
                roles: [],
              }
            : null,
      }),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}/trpc`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function query(path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers,
  });
  return { status: response.status, body: await response.json() };
}

async function mutate(path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://portal.test',
      cookie: `${csrfCookieName}=${token}`,
      [csrfHeaderName]: token,
      ...headers,
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

describe('form router over HTTP', () => {
  it('lists the forms and serves a definition', async () => {
    const list = await query('list', undefined);
    expect(list.body.result.data.map((form: { id: string }) => form.id)).toEqual([
      'dog-registration',
      'housing-benefit',
      'geothermal-drilling',
    ]);
    const { body } = await query('definition', { formId: 'dog-registration' });
    expect(body.result.data.fim.id).toBe('S99777000001');
    // <efa-form> asks with { id }.
    const byId = await query('definition', { id: 'housing-benefit' });
    expect(byId.body.result.data.id).toBe('housing-benefit');
    expect((await query('prefill', { formId: 'dog-registration' })).body.result.data).toBeNull();
  });

  it('answers an unknown form with a coded, localized 404', async () => {
    const { status, body } = await query('definition', { formId: 'nope' }, { 'accept-language': 'en' });
    expect(status).toBe(404);
    expect(body.error.data.efaCode).toBe('FORM_UNKNOWN');
    expect(body.error.message).toBe('There is no form “nope” here.');
  });

  it('prefills from the signed-in identity and marks verified values as locked', async () => {
    const { body } = await query('prefill', { formId: 'dog-registration' }, { 'x-test-user': 'erika' });
    expect(body.result.data).toEqual({
      data: {
        G99777000010: {
          F99777000011: 'Müller',
          F99777000012: 'Erika',
          F99777000013: '1980-05-17',
          F99777000020: 'erika@example.org',
        },
      },
      // Birth date is "vorbefuellung optional" in the FIM schema: prefilled, not locked.
      locked: ['G99777000010.F99777000011', 'G99777000010.F99777000012'],
    });
  });

  it('validates one step and reports field errors in the request language', async () => {
    const { status, body } = await mutate(
      'validate',
      { formId: 'dog-registration', stepId: 'hunde', data: { G99777000030: [{ F99777000031: 'Rex' }] } },
      { 'accept-language': 'de' },
    );
    expect(status).toBe(400);
    expect(body.error.data.efaCode).toBe('BAD_INPUT');
    expect(body.error.data.fieldErrors).toEqual([
      {
        path: 'data.G99777000030.0.F99777000032',
        code: 'custom',
        message: 'Wählen Sie eine Antwort zu „Rasse oder Kreuzung“ aus.',
      },
      {
        path: 'data.G99777000030.0.F99777000033',
        code: 'custom',
        message: 'Wählen Sie das Geschlecht aus.',
      },
      {
        path: 'data.G99777000030.0.F99777000037',
        code: 'custom',
        message: 'Geben Sie das Datum „Gehalten seit“ ein.',
      },
    ]);
    const unknownStep = await mutate('validate', { formId: 'dog-registration', stepId: 'x', data: {} });
    expect(unknownStep.body.error.data.efaCode).toBe('FORM_STEP_UNKNOWN');
  });

  it('accepts a complete application and previews the FIM-keyed submission', async () => {
    const { status, body } = await mutate('submitPreview', { formId: 'dog-registration', data: application });
    expect(status).toBe(200);
    expect(body.result.data.submission.schema).toEqual({ id: 'S99777000001', version: '1.0.0' });
    expect(body.result.data.submission.data.G99777000030[0].F99777000031).toBe('Bello');
    expect(body.result.data.locked).toEqual([]);
  });

  it('enforces locked prefill values against the session identity', async () => {
    const changed = { ...application, G99777000010: { ...application.G99777000010, F99777000011: 'Meier' } };
    const anonymous = await mutate('submitPreview', { formId: 'dog-registration', data: changed });
    expect(anonymous.status).toBe(200);
    const signedIn = await mutate(
      'submitPreview',
      { formId: 'dog-registration', data: changed },
      { 'x-test-user': 'erika', 'accept-language': 'en' },
    );
    expect(signedIn.status).toBe(400);
    expect(signedIn.body.error.data.fieldErrors).toEqual([
      {
        path: 'data.G99777000010.F99777000011',
        code: 'custom',
        message: 'This value comes from your user account and is verified. It cannot be changed here.',
      },
    ]);
    const unchanged = await mutate(
      'submitPreview',
      { formId: 'dog-registration', data: application },
      { 'x-test-user': 'erika' },
    );
    expect(unchanged.body.result.data.locked).toEqual([
      'G99777000010.F99777000011',
      'G99777000010.F99777000012',
    ]);
  });

  it('answers an application for another definition version with a conflict', async () => {
    const { status, body } = await mutate('submitPreview', {
      formId: 'dog-registration',
      version: '0.9.0',
      data: application,
    });
    expect(status).toBe(409);
    expect(body.error.data.efaCode).toBe('FORM_VERSION_MISMATCH');
    const same = await mutate('submitPreview', {
      formId: 'dog-registration',
      version: '1.0.0',
      data: application,
    });
    expect(same.status).toBe(200);
  });

  it('refuses mutations without the CSRF token', async () => {
    const response = await fetch(`${base}/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://portal.test' },
      body: JSON.stringify({ formId: 'dog-registration', data: application }),
    });
    expect(response.status).toBe(403);
  });

  it('rejects an application above the size limit', async () => {
    const big = { ...application, G99777000070: { F99777000072: true, padding: 'x'.repeat(1_100_000) } };
    const { status, body } = await mutate('validate', { formId: 'dog-registration', data: big });
    expect(status).toBe(413);
    expect(body.error.data.efaCode).toBe('FORM_APPLICATION_TOO_LARGE');
  });
});

describe('createFormRouter configuration', () => {
  it('refuses a form registered under another id', () => {
    const forms = blueprintForms();
    expect(() => createFormRouter({ forms: { dogs: forms['dog-registration'] ?? ({} as never) } })).toThrow(
      /registered as "dogs"/,
    );
  });
});

describe('issue 11 finding 9: locked prefill from the session identity', () => {
  let sessionServer: Server;
  let sessionBase: string;
  const identity: AssertedIdentity = {
    familyName: { value: 'Müller', verified: true },
    givenNames: { value: 'Erika', verified: true },
    birthDate: { value: '1980-05-17', verified: true },
    email: { value: 'erika@example.org', verified: false },
  };

  beforeAll(async () => {
    const db = await createDatabase();
    // No `identity` option: the router reads the session's asserted identity by default.
    sessionServer = createServer(
      createHTTPHandler({
        router: createFormRouter({ forms: blueprintForms(), today: () => '2026-11-23' }),
        basePath: '/trpc/',
        createContext: createContextFactory({
          db,
          publicOrigin: 'http://portal.test',
          resolveSession: async (request) => {
            const level = request.headers['x-test-level'];
            if (level !== 'high' && level !== 'low') return null;
            return {
              id: 's2',
              subject: 'erika',
              trustLevel: level,
              displayName: 'Erika Müller',
              kind: 'person',
              roles: [],
              identity,
            };
          },
        }),
      }),
    );
    await new Promise<void>((resolve) => sessionServer.listen(0, '127.0.0.1', resolve));
    const address = sessionServer.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    sessionBase = `http://127.0.0.1:${address.port}/trpc`;
  });

  afterAll(() => new Promise<void>((resolve) => sessionServer.close(() => resolve())));

  async function call(path: string, input: unknown, level?: string) {
    const response = await fetch(`${sessionBase}/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'http://portal.test',
        cookie: `${csrfCookieName}=${token}`,
        [csrfHeaderName]: token,
        'accept-language': 'en',
        ...(level ? { 'x-test-level': level } : {}),
      },
      body: JSON.stringify(input),
    });
    return { status: response.status, body: await response.json() };
  }

  const forged = {
    ...application,
    G99777000010: { ...application.G99777000010, F99777000011: 'Mustermann' },
  };

  it('issue 11 finding 9: at trust level high a forged family name is refused with a coded error', async () => {
    const prefill = await fetch(
      `${sessionBase}/prefill?input=${encodeURIComponent(JSON.stringify({ formId: 'dog-registration' }))}`,
      { headers: { 'x-test-level': 'high' } },
    );
    expect((await prefill.json()).result.data.locked).toEqual([
      'G99777000010.F99777000011',
      'G99777000010.F99777000012',
    ]);
    for (const path of ['validate', 'submitPreview']) {
      const { status, body } = await call(path, { formId: 'dog-registration', data: forged }, 'high');
      expect(status).toBe(400);
      expect(body.error.data.efaCode).toBe('BAD_INPUT');
      expect(body.error.data.fieldErrors).toEqual([
        expect.objectContaining({ path: 'data.G99777000010.F99777000011' }),
      ]);
    }
    const honest = await call('submitPreview', { formId: 'dog-registration', data: application }, 'high');
    expect(honest.status).toBe(200);
  });

  it('issue 11 finding 9: below "substantial" and without a session nothing is locked', async () => {
    expect((await call('validate', { formId: 'dog-registration', data: forged }, 'low')).status).toBe(200);
    expect((await call('validate', { formId: 'dog-registration', data: forged })).status).toBe(200);
  });

  it('issue 11 finding 9: identityAttributesFrom composes personName, verified only when every part is', () => {
    expect(identityAttributesFrom(undefined, 'high')).toBeNull();
    const attributes = identityAttributesFrom(
      { ...identity, academicTitle: { value: 'Dr.', verified: false } },
      'high',
    );
    expect(attributes?.personName).toEqual({
      value: { givenNames: 'Erika', familyName: 'Müller', academicTitle: 'Dr.' },
      verified: false,
    });
    expect(identityAttributesFrom(identity, 'high')?.personName?.verified).toBe(true);
    expect(identityAttributesFrom(identity, 'low')?.familyName).toEqual({ value: 'Müller', verified: false });
  });

  it('issue 12: the dog registration prefills the keeper address from the account, editable', () => {
    const address = {
      value: {
        kind: 'de' as const,
        street: 'Dohnaische Straße',
        houseNumber: '12',
        postcode: '01796',
        town: 'Pirna',
      },
      verified: true,
      source: 'eid-card' as const,
    };
    const attributes = identityAttributesFrom({ ...identity, address }, 'high');
    expect(attributes?.addressPostcode).toEqual({ value: '01796', verified: true });
    const prefilled = prefillFromIdentity(dogRegistration().definition, attributes ?? {});
    expect(prefilled.data).toMatchObject({
      G99777000010: {
        G99777000014: {
          F99777000015: 'Dohnaische Straße',
          F99777000016: '12',
          F99777000017: '01796',
          F99777000018: 'Pirna',
        },
      },
    });
    // FIM "optional" prefill: the citizen may correct the address (a move not yet registered).
    expect(prefilled.locked.filter((path) => path.includes('G99777000014'))).toEqual([]);
    expect(prefilled.locked).toContain('G99777000010.F99777000011');
  });
});
