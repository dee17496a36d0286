import {
  createContextFactory,
  createDatabase,
  createDataSealer,
  type EfaDatabase,
  type EfaRequest,
  type EfaSession,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
  rateLimitMigrations,
  router,
} from '@efa-kit/core/server';
import {
  answerProblem,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  startTrpcFuzzServer,
  type TrpcFuzzServer,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import { createDraftRouter } from '../server/drafts/router.js';
import { createDraftStore } from '../server/drafts/storage.js';
import { recordingSink } from '../server/form-server.test.support.js';
import { createFormRouter } from '../server/router.js';
import { createUploadStore, formAssistantMigrations } from '../server/uploads/storage.js';

// Issue 17: `form.*` and `drafts.*` behind the kit's HTTP handler, fed arbitrary JSON, raw
// text and mutations of a real application and of real drafts, anonymous and signed in: every
// answer a result or a coded refusal, never a 5xx, an uncoded error (INTERNAL) or a hang.

const publicOrigin = 'http://portal.test';
let db: EfaDatabase;
let server: TrpcFuzzServer;
/** Drafts saved before the run, so that load, delete and resume reach stored rows. */
const saved: Array<{ draftId: string; key?: string }> = [];

/** "x-test-user: erika@high" signs in subject erika at trust level high. */
function sessionOf(request: EfaRequest): EfaSession | null {
  const [subject, level] = String(request.headers['x-test-user'] ?? '').split('@');
  if (!subject || (level !== 'low' && level !== 'substantial' && level !== 'high')) return null;
  return { id: `s-${subject}`, subject, trustLevel: level, displayName: subject, kind: 'person', roles: [] };
}

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

beforeAll(async () => {
  db = await createDatabase();
  await migrate(db, [rateLimitMigrations, formAssistantMigrations]);
  const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('fuzz1')));
  const drafts = createDraftStore({ db, sealer });
  const forms = blueprintForms();
  const form = createFormRouter({
    forms,
    today: () => '2026-11-23',
    submission: {
      sink: recordingSink().sink,
      trustLevelFor: (formId) => (formId === 'dog-registration' ? 'substantial' : null),
      uploads: createUploadStore({ db, sealer }),
    },
    drafts,
  });
  const draftRouter = createDraftRouter({
    forms,
    store: drafts,
    resumeUrl: (code) => `${publicOrigin}/antrag/fortsetzen/${code}`,
    clientKey: (ctx) => ctx.request.ip,
  });
  server = await startTrpcFuzzServer({
    router: router({ form, drafts: draftRouter }),
    createContext: createContextFactory({ db, publicOrigin, resolveSession: async (r) => sessionOf(r) }),
    publicOrigin,
  });
  const save = server.procedures.find((p) => p.path === 'drafts.save');
  if (!save) throw new Error('drafts.save missing');
  for (const user of [undefined, 'erika@high']) {
    const answer = await server.call(
      save,
      { value: { formId: 'dog-registration', baseVersion: 0, stepId: 'hunde', data: application } },
      user ? { 'x-test-user': user } : {},
    );
    const data = (answer.body as { result: { data: { draftId: string; key?: string } } }).result.data;
    saved.push({ draftId: data.draftId, ...(data.key ? { key: data.key } : {}) });
  }
  // Generous: on a busy machine a database and its migrations can take minutes to start.
}, 300_000);

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a leaf of a JSON value. */
function leafPaths(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

/** The value with the leaf at `path` replaced (or, for `undefined`, removed). */
function replaced(value: Json, path: Array<string | number>, leaf: Json | undefined): Json {
  if (path.length === 0) return leaf ?? null;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) }) as Record<
    string | number,
    Json
  >;
  const next = replaced(copy[head as string] ?? null, rest, leaf);
  if (leaf === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = next;
  return copy as Json;
}

const paths = leafPaths(application);
/** The real application with a few leaves replaced by arbitrary JSON or removed. */
const mutatedApplication = fc
  .array(
    fc.tuple(
      fc.nat(paths.length - 1),
      fc.option(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constantFrom('', '0000', '31.02.2026', 'DE89370400440532013000', '<script>'),
          fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
        ),
        { nil: undefined },
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) =>
    edits.reduce<Json>(
      (data, [index, leaf]) => replaced(data, paths[index] ?? [], leaf),
      application as unknown as Json,
    ),
  );
const data = fc.oneof(
  fc.constant(application),
  mutatedApplication,
  fc.dictionary(
    fc.oneof(fc.constantFrom(...Object.keys(application), '__proto__', 'constructor'), fc.string()),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 6 },
  ),
);
const formId = fc.oneof(
  { arbitrary: fc.constant('dog-registration'), weight: 4 },
  fc.constantFrom('housing-benefit', 'geothermal-drilling', 'nope', '', '__proto__'),
  fc.string({ maxLength: 120 }),
);
const uuidish = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }));
const draftRef = fc.oneof(
  fc.constantFrom(...[0, 1]).map((i) => saved[i] ?? { draftId: '' }),
  fc.record({ draftId: uuidish, key: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.string()) }),
  fc.record({ draftId: fc.constantFrom(...[0, 1]).map((i) => saved[i]?.draftId ?? ''), key: fc.string() }),
);
/** Fields of every procedure's input, mostly well-formed, with junk mixed in. */
const realish = fc
  .tuple(
    draftRef,
    fc.record(
      {
        formId,
        id: formId,
        version: fc.oneof(fc.constantFrom('1.0.0', '1.0', ''), fc.string({ maxLength: 40 })),
        stepId: fc.oneof(
          fc.constantFrom('', '#check', 'hunde', 'halter', 'zahlung', 'x'),
          fc.string({ maxLength: 70 }),
        ),
        data,
        baseVersion: fc.oneof(fc.constantFrom(0, 1, 2), fc.integer(), fc.double()),
        applicationId: uuidish,
        code: fc.oneof(fc.stringMatching(/^[A-Z0-9-]{4,20}$/), fc.string({ maxLength: 70 })),
        uploads: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([ref, fields]) => ({ ...ref, ...fields }));

/** Inputs that save, validate and preview the real application (a step or all), mutated or not. */
const nearValid = fc.record(
  {
    formId: fc.constant('dog-registration'),
    baseVersion: fc.constant(0),
    stepId: fc.constantFrom('', 'halter', 'hunde', 'ermaessigung', 'erklaerung'),
    data: fc.oneof(fc.constant(application), mutatedApplication),
    applicationId: fc.uuid(),
  },
  { requiredKeys: ['formId', 'baseVersion', 'data'] },
);

describe('fuzz: form and drafts routers over HTTP (issue 17)', () => {
  it(
    'arbitrary and near-real input to every procedure, anonymous or signed in: a result or a coded error',
    async () => {
      const accepted = new Set<string>();
      await fuzzProperty(
        'form-assistant',
        'form + drafts tRPC routers arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...server.procedures),
              fc.oneof(
                { arbitrary: realish.map((value) => ({ value })), weight: 3 },
                { arbitrary: nearValid.map((value) => ({ value })), weight: 2 },
                fc.jsonValue({ maxDepth: 4 }).map((value) => ({ value })),
                fc.string({ maxLength: 100 }).map((raw) => ({ raw })),
              ),
              fc.constantFrom(undefined, 'erika@high', 'max@low', 'erika@substantial'),
              fc.constantFrom('de', 'en', 'fr'),
              async (procedure, input, user, lang) => {
                const answer = await server.call(procedure, input, {
                  'accept-language': lang,
                  ...(user ? { 'x-test-user': user } : {}),
                });
                expect(answerProblem(answer), JSON.stringify({ procedure, input, user })).toBeUndefined();
                if (answer.status === 200) accepted.add(procedure.path);
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(300),
      );
      // The near-real inputs get past validation: drafts are saved and applications validated.
      expect([...accepted]).toEqual(expect.arrayContaining(['drafts.save', 'form.validate']));
    },
    fuzzTimeout(60_000),
  );
});
