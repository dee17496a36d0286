import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createContextFactory,
  createDatabase,
  createDataSealer,
  type EfaDatabase,
  type EfaRequest,
  type EfaSession,
  generateDataKeyEntry,
  parseDataKeyRing,
  router,
} from '@efa-kit/core/server';
import {
  answerProblem,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  startTrpcFuzzServer,
  type TrpcFuzzServer,
  withinBudgetAsync,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxRouter, createMailboxRouter } from '../casework/routers.js';
import {
  type CaseworkWorld,
  caseworker,
  deliveryRequest,
  dresden,
  generateReplyKey,
  handoff,
  pirna,
  session,
  startCaseworkWorld,
} from '../casework/setup.test.support.js';
import { createDeliveryPipeline } from '../delivery/pipeline.js';
import { eventBase, setPayloadSchemaUri } from '../delivery-service/events.js';
import {
  destinationId,
  generateTestKeys,
  senderClient,
  type TestKeys,
  tokenFor,
} from '../delivery-service/test-support.test.support.js';
import { callbackAuthentication } from '../fit-connect/callback-signature.js';
import { createSubmissionApiClient } from '../fit-connect/index.js';
import { createEventCallbackRoute } from '../server/event-callback-route.js';
import { createSubmissionRouter } from '../server/router.js';

// Issue 17: the portal's `submission.*`, `mailbox.*` and the authority's `inbox.*` behind the
// kit's HTTP handler, and the development delivery service's Submission API (submissions,
// attachments, FIT-Connect events posted as Security Event Tokens, replies), fed arbitrary
// and near-real input by citizens, caseworkers and strangers. tRPC answers are a result or a
// coded refusal; the delivery service answers a 2xx or a problem+json 4xx; never a 5xx or a hang.

const publicOrigin = 'http://portal.test';
let keys: TestKeys;
let db: EfaDatabase;
let world: CaseworkWorld;
let server: TrpcFuzzServer;
let senderToken: string;
/** The portal's FIT-Connect event callback route (NEW_EVENTS), on a pipeline that has the secret. */
let callbackServer: Server;
let callbackUrl: string;
const callbackSecret = 'callback-secret-of-the-fuzzed-portal-0123456789';
let subscriberToken: string;
const known = { applicationId: '', caseId: '', submissionId: '', messageId: randomUUID() };
/** A SET signed with the destination's key (the authority's), with the real case's ids. */
let signedSet = '';

const people: Record<string, EfaSession> = {
  erika: session('subject-erika'),
  jonas: session('subject-jonas'),
  pirna: caseworker(pirna),
  dresden: caseworker(dresden),
};

beforeAll(async () => {
  const [generated, replyKey] = await Promise.all([generateTestKeys(), generateReplyKey()]);
  keys = generated;
  db = await createDatabase();
  world = await startCaseworkWorld(db, keys, replyKey);
  const application = handoff(people.erika?.subject ?? '');
  known.applicationId = application.applicationId;
  await world.pipeline.accept(deliveryRequest(application));
  // Waits for the pipeline (a condition, not a time): the delivery service has the submission.
  for (let i = 0; i < 1200; i++) {
    if (
      (await world.pipeline.statusFor(application.subject, application.applicationId))?.delivery ===
      'submitted'
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await world.casework.pull();
  const { cases } = await world.inbox(people.pirna ?? null).list({});
  const first = cases[0];
  if (!first) throw new Error('the application did not reach the inbox');
  known.caseId = first.caseId;
  known.submissionId = first.submissionId;
  signedSet = await new SignJWT({
    $schema: setPayloadSchemaUri,
    jti: randomUUID(),
    iss: destinationId,
    iat: Math.floor(Date.now() / 1000),
    sub: `submission:${known.submissionId}`,
    txn: `case:${known.caseId}`,
    events: { [`${eventBase}accept-submission`]: {} },
  })
    .setProtectedHeader({ alg: 'PS512', typ: 'secevent+jwt', kid: keys.signing.publicJwk.kid })
    .sign(keys.signing.privateKey);
  server = await startTrpcFuzzServer({
    router: router({
      submission: createSubmissionRouter({ pipeline: world.pipeline }),
      inbox: createInboxRouter({ casework: world.casework }),
      mailbox: createMailboxRouter({ mailbox: world.mailbox }),
    }),
    createContext: createContextFactory({
      db,
      publicOrigin,
      resolveSession: async (request: EfaRequest) =>
        people[String(request.headers['x-test-session'])] ?? null,
    }),
    publicOrigin,
  });
  const route = createEventCallbackRoute({
    pipeline: createDeliveryPipeline({
      db,
      boss: world.boss,
      sealer: createDataSealer(parseDataKeyRing(generateDataKeyEntry('fuzz-callback'))),
      api: createSubmissionApiClient({
        baseUrl: world.service.url,
        tokenUrl: world.service.tokenUrl,
        clientId: senderClient.clientId,
        clientSecret: senderClient.secret,
      }),
      eventCallbackSecret: callbackSecret,
    }),
  });
  callbackServer = createServer((req, res) => {
    route(req, res, new URL(req.url ?? '/', 'http://portal.test'))
      .then((handled) => {
        if (!handled) res.writeHead(404).end();
      })
      .catch(() => {
        // The route threw: a 500 the property sees.
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/fit-connect/callback`;
  senderToken = await tokenFor(world.service, senderClient);
  subscriberToken = await tokenFor(world.service, {
    clientId: 'authorities',
    secret: 'authorities-secret',
    role: 'subscriber',
  });
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => (callbackServer ? callbackServer.close(resolve) : resolve(undefined)));
  await server?.close();
  await world?.stop();
  await db?.destroy();
});

const uuid = (real: () => string) =>
  fc.oneof(
    { arbitrary: fc.constant(null).map(() => real()), weight: 2 },
    fc.uuid(),
    fc.string({ maxLength: 40 }),
  );
/** A token that is shaped like a compact JWS or JWE, or is junk, or is the real signed SET mutated. */
const jose = fc.oneof(
  fc.constant(null).map(() => signedSet),
  fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(([at, text]) => {
    const position = at % (signedSet.length + 1);
    return signedSet.slice(0, position) + text + signedSet.slice(position + 1);
  }),
  fc
    .array(fc.base64String({ maxLength: 60 }), { minLength: 3, maxLength: 5 })
    .map((parts) =>
      parts.map((p) => p.replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')).join('.'),
    ),
  fc.string({ maxLength: 200 }),
);
const realish = fc.record(
  {
    applicationId: uuid(() => known.applicationId),
    caseId: uuid(() => known.caseId),
    submissionId: uuid(() => known.submissionId),
    messageId: uuid(() => known.messageId),
    limit: fc.oneof(fc.constantFrom(1, 50, 200, 1000, 1001, 0), fc.integer(), fc.double()),
    cursor: fc.string({ maxLength: 220 }),
    result: fc.oneof(fc.constantFrom('valid', 'invalid'), fc.string({ maxLength: 10 })),
    problems: fc.array(fc.string({ maxLength: 50 }), { maxLength: 3 }),
    set: jose,
    status: fc.oneof(fc.constantFrom('in_progress', 'action_required', 'done'), fc.string({ maxLength: 10 })),
    title: fc.oneof(fc.constantFrom('Nachweis fehlt', ' '), fc.string({ maxLength: 220 })),
    body: fc.oneof(
      fc.constantFrom('Bitte reichen Sie den Nachweis nach.', ''),
      fc.string({ maxLength: 300 }),
    ),
    decision: fc.jsonValue({ maxDepth: 2 }),
    given: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
  },
  { requiredKeys: [] },
);

describe('fuzz: submission, inbox and mailbox routers; the delivery service API (issue 17)', () => {
  it(
    'tRPC: arbitrary and near-real input to every procedure, as anyone: a result or a coded error',
    async () => {
      await fuzzProperty(
        'submission',
        'submission + inbox + mailbox tRPC routers arbitrary input',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...server.procedures),
              fc.oneof(
                { arbitrary: realish.map((value) => ({ value })), weight: 3 },
                fc.jsonValue({ maxDepth: 4 }).map((value) => ({ value })),
                fc.string({ maxLength: 100 }).map((raw) => ({ raw })),
              ),
              fc.constantFrom(undefined, ...Object.keys(people)),
              async (procedure, input, who) => {
                const answer = await server.call(procedure, input, who ? { 'x-test-session': who } : {});
                expect(answerProblem(answer), JSON.stringify({ procedure, input, who })).toBeUndefined();
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
    },
    fuzzTimeout(120_000),
  );

  it(
    'delivery service: any request (events as SETs, submissions, attachments, replies) gets a 2xx or a problem+json 4xx',
    async () => {
      const id = (real: () => string) => uuid(real).map((value) => encodeURIComponent(value));
      const path = fc.oneof(
        id(() => known.caseId).map((c) => `/v1/cases/${c}/events`),
        id(() => known.caseId).map((c) => `/v1/cases/${c}/replies`),
        id(() => known.submissionId).map((s) => `/v1/submissions/${s}`),
        fc
          .tuple(
            id(() => known.submissionId),
            id(() => randomUUID()),
          )
          .map(([s, a]) => `/v1/submissions/${s}/attachments/${a}`),
        fc.constantFrom(
          '/v1/submissions',
          '/v1/replies',
          '/token',
          '/.well-known/jwks.json',
          '/v1/x',
          '/%zz',
        ),
        id(() => destinationId).map((d) => `/v1/destinations/${d}`),
        fc
          .tuple(
            id(() => destinationId),
            fc.string({ maxLength: 140 }),
          )
          .map(([d, kid]) => `/v1/destinations/${d}/keys/${encodeURIComponent(kid)}`),
        id(() => randomUUID()).map((r) => `/v1/replies/${r}`),
        id(() => randomUUID()).map((r) => `/v1/replies/${r}/accept`),
        id(() => randomUUID()).map((r) => `/v1/replies/${r}/retrieval`),
      );
      const query = fc.dictionary(
        fc.constantFrom('offset', 'limit', 'destinationId'),
        fc.oneof(fc.constantFrom('0', '10', '-1', '501', destinationId), fc.string({ maxLength: 20 })),
        { maxKeys: 3 },
      );
      const body = fc.oneof(
        jose.map((token) => ({ type: 'application/jose', text: token })),
        fc
          .jsonValue({ maxDepth: 4 })
          .map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
        fc
          .record(
            {
              destinationId: uuid(() => destinationId),
              serviceType: fc.jsonValue({ maxDepth: 2 }),
              announcedAttachments: fc.array(fc.uuid(), { maxLength: 3 }),
              encryptedMetadata: jose,
              encryptedData: jose,
              caseId: uuid(() => known.caseId),
              replyChannel: fc.jsonValue({ maxDepth: 2 }),
            },
            { requiredKeys: [] },
          )
          .map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
        fc.string({ maxLength: 200 }).map((text) => ({ type: 'text/plain', text })),
        fc
          .dictionary(
            fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope'),
            fc.oneof(fc.constantFrom('client_credentials', 'portal', 'portal-secret-123'), fc.string()),
          )
          .map((form) => ({
            type: 'application/x-www-form-urlencoded',
            text: new URLSearchParams(form).toString(),
          })),
      );
      const request = fc.record({
        path,
        query,
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        body: fc.option(body, { nil: undefined }),
        token: fc.constantFrom('sender', 'subscriber', 'none', 'junk'),
      });
      await fuzzProperty(
        'submission',
        'delivery service API arbitrary requests',
        (runs) =>
          fc.assert(
            fc.asyncProperty(request, async (call) => {
              const url = new URL(`${world.service.url}${call.path}`);
              for (const [name, value] of Object.entries(call.query)) url.searchParams.append(name, value);
              const headers: Record<string, string> = {};
              if (call.token === 'sender') headers.authorization = `Bearer ${senderToken}`;
              if (call.token === 'subscriber') headers.authorization = `Bearer ${subscriberToken}`;
              if (call.token === 'junk') headers.authorization = 'Bearer eyJ.e30.x';
              const withBody = call.body !== undefined && call.method !== 'GET';
              if (withBody && call.body) headers['content-type'] = call.body.type;
              const response = await withinBudgetAsync(async () => {
                const answer = await fetch(url, {
                  method: call.method,
                  headers,
                  ...(withBody && call.body ? { body: call.body.text } : {}),
                });
                return {
                  status: answer.status,
                  type: answer.headers.get('content-type') ?? '',
                  text: await answer.text(),
                };
              });
              const what = `${call.method} ${url} ${call.body?.text.slice(0, 200)} → ${response.status} ${response.text.slice(0, 300)}`;
              expect(response.status, what).toBeGreaterThanOrEqual(200);
              expect(response.status, what).toBeLessThan(500);
              // A refusal names its problem (FIT-Connect's problem+json), except the OAuth token endpoint's own format.
              if (response.status >= 400 && !call.path.startsWith('/token'))
                expect(response.type, what).toContain('application/problem+json');
            }),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
    },
    fuzzTimeout(120_000),
  );
  it(
    'event callbacks (NEW_EVENTS): forged, stale, malformed and well-signed junk bodies get a coded 4xx or 204',
    async () => {
      const now = () => Math.floor(Date.now() / 1000);
      const callbackBody = fc.oneof(
        fc
          .record(
            {
              type: fc.oneof(
                fc.constant('https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events'),
                fc.string({ maxLength: 40 }),
              ),
              submissions: fc.array(
                fc.record(
                  { submissionId: uuid(() => known.submissionId), caseId: uuid(() => known.caseId) },
                  { requiredKeys: [] },
                ),
                { maxLength: 3 },
              ),
              submissionIds: fc.array(
                uuid(() => known.submissionId),
                { maxLength: 3 },
              ),
            },
            { requiredKeys: [] },
          )
          .map((value) => JSON.stringify(value)),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        fc.string({ maxLength: 300 }),
      );
      const request = fc.record({
        body: callbackBody,
        // Well signed and fresh, signed but stale or from the future, or any header at all.
        timing: fc.oneof(
          fc.constant(0),
          fc.constantFrom(-301, 301, -10_000),
          fc.integer({ min: -400, max: 400 }),
        ),
        signature: fc.constantFrom('right', 'wrong-secret', 'junk', 'none'),
        timestampHeader: fc.option(fc.oneof(fc.string({ maxLength: 15 }), fc.constant('1e3')), {
          nil: undefined,
        }),
      });
      await fuzzProperty(
        'submission',
        'event callback route arbitrary + signed callbacks',
        (runs) =>
          fc.assert(
            fc.asyncProperty(request, async (call) => {
              const timestamp = call.timestampHeader ?? String(now() + call.timing);
              const headers: Record<string, string> = {
                'content-type': 'application/json',
                'callback-timestamp': timestamp,
              };
              if (call.signature === 'right')
                headers['callback-authentication'] = callbackAuthentication(
                  callbackSecret,
                  timestamp,
                  call.body,
                );
              if (call.signature === 'wrong-secret')
                headers['callback-authentication'] = callbackAuthentication(
                  `${callbackSecret}x`,
                  timestamp,
                  call.body,
                );
              if (call.signature === 'junk') headers['callback-authentication'] = 'ab'.repeat(64);
              const response = await withinBudgetAsync(async () => {
                const answer = await fetch(callbackUrl, { method: 'POST', headers, body: call.body });
                return { status: answer.status, text: await answer.text() };
              });
              const what = `${JSON.stringify(call)} → ${response.status} ${response.text.slice(0, 300)}`;
              expect([204, 400, 401, 404, 409, 413], what).toContain(response.status);
              if (response.status !== 204)
                expect(JSON.parse(response.text).code, what).toMatch(
                  /^(SUBMISSION_CALLBACK_|PAYLOAD_TOO_LARGE)/,
                );
            }),
            { numRuns: runs },
          ),
        fuzzRuns(200),
      );
    },
    fuzzTimeout(120_000),
  );
});
