import { randomUUID } from 'node:crypto';
import { isEfaError } from '@efa-kit/core';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSubmissionApiClient, type SubmissionApiClientOptions } from './client.js';
import { encryptForDestination } from './encrypt.js';
import { isSubmissionApiError, type SubmissionApi, type SubmissionApiError } from './submission-api.js';
import {
  createTestPki,
  encryptionJwk,
  type RsaPair,
  rsaPair,
  signatureJwk,
  type TestPki,
} from './test-pki.test.support.js';
import {
  json,
  problem,
  type RecordedRequest,
  startTestServer,
  type TestServer,
} from './test-server.test.support.js';

const destinationId = '879ee109-a690-4db8-ab32-424284184d7d';
const caseId = 'e89e107e-ed79-40e6-ad34-4e770f9df263';
const submissionId = 'ce75a6b8-d72f-4b94-b09e-af6be35bc2ae';
const attachmentId = '2046f9f1-dc89-4440-9c24-c76a8f40d668';
const encryptionKid = 'enc-1';
const destinationSignatureKid = 'sig-1';
const serviceKid = 'zustelldienst-2026';
const events = 'https://schema.fitko.de/fit-connect/events/';

let server: TestServer;
let destination: RsaPair;
let destinationSigning: RsaPair;
let weak: RsaPair;
let pki: TestPki;
let servicePrivate: CryptoKey;
let servicePublic: JWK;
let forger: CryptoKey;
let now: Date;
let tokenCount = 0;

beforeAll(async () => {
  const [serviceKeys, forgerKeys] = await Promise.all([
    generateKeyPair('PS512', { modulusLength: 4096, extractable: true }),
    generateKeyPair('PS512', { modulusLength: 2048 }),
  ]);
  [destination, destinationSigning, weak] = await Promise.all([rsaPair(4096), rsaPair(4096), rsaPair(2048)]);
  servicePrivate = serviceKeys.privateKey;
  forger = forgerKeys.privateKey;
  const { kty, n, e } = await exportJWK(serviceKeys.publicKey);
  servicePublic = { kty, n, e, kid: serviceKid, alg: 'PS512', key_ops: ['verify'] };
  pki = createTestPki(destination.privateKey);
  server = await startTestServer();
}, 180_000);

afterAll(async () => {
  await server?.close();
  pki?.cleanup();
});

beforeEach(() => {
  now = new Date();
  tokenCount = 0;
  server.requests.length = 0;
  server.routes.clear();
  server.routes.set('POST /token', () => {
    tokenCount += 1;
    return json(200, { access_token: `t-${tokenCount}`, token_type: 'Bearer', expires_in: 300 });
  });
  server.routes.set('GET /.well-known/jwks.json', () => json(200, { keys: [servicePublic] }));
  server.routes.set(`GET /v1/destinations/${destinationId}`, () =>
    json(200, {
      destinationId,
      status: 'active',
      encryptionKid,
      services: [
        {
          identifier: 'urn:de:fim:leika:leistung:99108004000000',
          submissionSchemas: [
            { schemaUri: 'https://schema.example/hund.json', mimeType: 'application/json' },
          ],
          regions: ['DE14628270'],
        },
      ],
      metadataVersions: ['1.0.0'],
      replyChannels: { eMail: { usePgp: false }, fitConnect: { processStandards: [] } },
    }),
  );
  server.routes.set(`GET /v1/destinations/${destinationId}/keys/${encryptionKid}`, () =>
    json(200, { ...encryptionJwk(destination, encryptionKid), x5c: pki.validChain }),
  );
  server.routes.set(`GET /v1/destinations/${destinationId}/keys/${destinationSignatureKid}`, () =>
    json(200, signatureJwk(destinationSigning, destinationSignatureKid)),
  );
});

afterEach(() => server.routes.clear());

function client(extra: Partial<SubmissionApiClientOptions> = {}): SubmissionApi {
  return createSubmissionApiClient({
    baseUrl: server.url,
    tokenUrl: `${server.url}/token`,
    clientId: 'portal-sender',
    clientSecret: 'geheim & sicher',
    clock: () => now,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<SubmissionApiError> {
  try {
    await promise;
  } catch (error) {
    if (isSubmissionApiError(error)) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

const apiRequests = () => server.requests.filter((r) => r.path.startsWith('/v1/'));
const tokenRequests = () => server.requests.filter((r) => r.path === '/token');

describe('OAuth client credentials', () => {
  it('asks for a token once, form-encoded, and sends it as Bearer', async () => {
    const api = client();
    await api.destination(destinationId);
    await api.destination(destinationId);
    expect(tokenRequests()).toHaveLength(1);
    const [token] = tokenRequests();
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(token?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'portal-sender',
      client_secret: 'geheim & sicher',
    });
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer t-1', 'Bearer t-1']);
  });

  it('shares one token request among concurrent calls', async () => {
    const api = client();
    await Promise.all(Array.from({ length: 5 }, () => api.destination(destinationId)));
    expect(tokenRequests()).toHaveLength(1);
  });

  it('refreshes the token shortly before expires_in runs out', async () => {
    server.routes.set('POST /token', () => {
      tokenCount += 1;
      return json(200, { access_token: `t-${tokenCount}`, token_type: 'bearer', expires_in: 100 });
    });
    const api = client();
    const start = now.getTime();
    await api.destination(destinationId);
    now = new Date(start + 89_000);
    await api.destination(destinationId);
    expect(tokenRequests()).toHaveLength(1);
    now = new Date(start + 91_000);
    await api.destination(destinationId);
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests().at(-1)?.headers.authorization).toBe('Bearer t-2');
  });

  it('after a 401 fetches a fresh token and repeats the call once', async () => {
    const route = server.routes.get(`GET /v1/destinations/${destinationId}`);
    server.routes.set(`GET /v1/destinations/${destinationId}`, (request: RecordedRequest) =>
      request.headers.authorization === 'Bearer t-1' || !route
        ? problem(
            401,
            'https://schema.fitko.de/fit-connect/submission-api/problems/unauthorized',
            'Unauthorized',
          )
        : route(request),
    );
    const info = await client().destination(destinationId);
    expect(info.status).toBe('active');
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests()).toHaveLength(2);
  });

  it('gives up after the second 401 with an error that retrying will not fix', async () => {
    server.routes.set(`GET /v1/destinations/${destinationId}`, () =>
      problem(401, 'about:blank', 'Unauthorized'),
    );
    const error = await failure(client().destination(destinationId));
    expect(error).toMatchObject({ code: 'SUBMISSION_API_AUTH', retryable: false, status: 401 });
    expect(tokenRequests()).toHaveLength(2);
  });

  it('refused credentials are not retryable, an unavailable token endpoint is', async () => {
    server.routes.set('POST /token', () => json(401, { error: 'invalid_client' }));
    expect(await failure(client().destination(destinationId))).toMatchObject({
      code: 'SUBMISSION_API_AUTH',
      retryable: false,
    });
    server.routes.set('POST /token', () => json(503, { error: 'temporarily_unavailable' }));
    expect(await failure(client().destination(destinationId))).toMatchObject({
      code: 'SUBMISSION_API_UNAVAILABLE',
      retryable: true,
      status: 503,
    });
    server.routes.set('POST /token', () => json(200, { token_type: 'Bearer' }));
    expect(await failure(client().destination(destinationId))).toMatchObject({
      code: 'SUBMISSION_API_PROTOCOL',
      retryable: false,
    });
  });
});

describe('RFC 7807 problems and transport failures', () => {
  const path = `GET /v1/destinations/${destinationId}`;

  it('a 4xx problem is a refusal with its type, title and German and English text', async () => {
    const type = 'https://schema.fitko.de/fit-connect/submission-api/problems/destination-not-found';
    server.routes.set(path, () => problem(404, type, 'Destination not found'));
    const error = await failure(client().destination(destinationId));
    expect(error).toMatchObject({
      code: 'SUBMISSION_API_REFUSED',
      retryable: false,
      status: 404,
      problemType: type,
    });
    expect(error.details).toMatchObject({
      title: 'Destination not found',
      detail: 'Destination not found (detail)',
    });
    expect(error.localized('de')).toContain(
      'Der Zustelldienst hat die Anfrage abgelehnt (HTTP 404: Destination not found)',
    );
    expect(error.localized('en')).toContain('refused the request (HTTP 404');
  });

  it('a 403 is a refusal of this client, not a failed login', async () => {
    server.routes.set(path, () =>
      problem(
        403,
        'https://schema.fitko.de/fit-connect/submission-api/problems/forbidden',
        'Not your destination',
      ),
    );
    expect(await failure(client().destination(destinationId))).toMatchObject({
      code: 'SUBMISSION_API_REFUSED',
      retryable: false,
      status: 403,
    });
    expect(tokenRequests()).toHaveLength(1);
  });

  it.each([429, 500, 502, 503, 504])('HTTP %i is retryable', async (status) => {
    server.routes.set(path, () => problem(status, 'about:blank', 'Busy', { 'retry-after': '7' }));
    const error = await failure(client().destination(destinationId));
    expect(error).toMatchObject({ code: 'SUBMISSION_API_UNAVAILABLE', retryable: true, status });
    expect(error.details.retryAfterSeconds).toBe(7);
  });

  it('a service that cannot be reached is retryable', async () => {
    const gone = await startTestServer();
    const url = gone.url;
    await gone.close();
    const error = await failure(
      client({ baseUrl: url, tokenUrl: `${url}/token` }).destination(destinationId),
    );
    expect(error).toMatchObject({ code: 'SUBMISSION_API_UNREACHABLE', retryable: true, status: null });
  });

  it('a service that does not answer in time is retryable', async () => {
    server.routes.set(path, () => 'hang');
    const error = await failure(client({ timeoutMs: 300 }).destination(destinationId));
    expect(error).toMatchObject({ code: 'SUBMISSION_API_UNREACHABLE', retryable: true });
    expect(error.message).toContain('within 300 ms');
  });

  it('an answer larger than the limit is refused, declared or streamed', async () => {
    server.routes.set(path, () => json(200, { destinationId, padding: 'x'.repeat(10_000) }));
    expect(await failure(client({ maxResponseBytes: 2048 }).destination(destinationId))).toMatchObject({
      code: 'SUBMISSION_API_PROTOCOL',
      retryable: false,
    });
    server.routes.set(path, () => ({ status: 200, body: Buffer.alloc(10_000, 0x20) }));
    expect((await failure(client({ maxResponseBytes: 2048 }).destination(destinationId))).code).toBe(
      'SUBMISSION_API_PROTOCOL',
    );
  });

  it('a redirect is not followed', async () => {
    server.routes.set(path, () => ({ status: 302, headers: { location: `${server.url}/elsewhere` } }));
    const error = await failure(client().destination(destinationId));
    expect(error).toMatchObject({ code: 'SUBMISSION_API_PROTOCOL', retryable: false, status: 302 });
    expect(server.requests.some((r) => r.path === '/elsewhere')).toBe(false);
  });

  it('an answer that is not the documented JSON is a protocol error', async () => {
    server.routes.set(path, () => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>',
    }));
    expect((await failure(client().destination(destinationId))).code).toBe('SUBMISSION_API_PROTOCOL');
    server.routes.set(path, () => json(200, { destinationId, status: 'sleeping' }));
    expect((await failure(client().destination(destinationId))).code).toBe('SUBMISSION_API_PROTOCOL');
  });
});

describe('destination and its encryption key', () => {
  it('reads the destination: status, kid, services, metadata versions, reply channel names', async () => {
    expect(await client().destination(destinationId)).toEqual({
      destinationId,
      status: 'active',
      encryptionKid,
      services: [
        {
          identifier: 'urn:de:fim:leika:leistung:99108004000000',
          submissionSchemas: [
            { schemaUri: 'https://schema.example/hund.json', mimeType: 'application/json' },
          ],
        },
      ],
      metadataVersions: ['1.0.0'],
      replyChannels: ['eMail', 'fitConnect'],
    });
  });

  it('refuses an answer about another destination', async () => {
    server.routes.set(`GET /v1/destinations/${destinationId}`, () =>
      json(200, { destinationId: randomUUID(), status: 'active', encryptionKid }),
    );
    expect((await failure(client().destination(destinationId))).code).toBe('SUBMISSION_DESTINATION_MISMATCH');
  });

  it('returns a key whose chain reaches the trust anchor, and checks it once for a while', async () => {
    const api = client({ trustAnchors: [pki.rootPem] });
    const key = await api.encryptionKey(destinationId, encryptionKid);
    expect(key.kid).toBe(encryptionKid);
    expect(key.jwk).toMatchObject({
      kty: 'RSA',
      alg: 'RSA-OAEP-256',
      key_ops: ['wrapKey'],
      kid: encryptionKid,
    });
    expect(key.jwk).not.toHaveProperty('x5c');
    await api.encryptionKey(destinationId, encryptionKid);
    expect(apiRequests()).toHaveLength(1);
    // The key is good for encryption right away.
    const jwe = await encryptForDestination(key, new TextEncoder().encode('{}'), 'application/json');
    expect(jwe.split('.')).toHaveLength(5);
  });

  it('refuses a key without x5c when trust anchors are configured, takes it without', async () => {
    server.routes.set(`GET /v1/destinations/${destinationId}/keys/${encryptionKid}`, () =>
      json(200, encryptionJwk(destination, encryptionKid)),
    );
    expect(
      await failure(client({ trustAnchors: [pki.rootPem] }).encryptionKey(destinationId, encryptionKid)),
    ).toMatchObject({ code: 'SUBMISSION_KEY_CERTIFICATE_MISSING', retryable: false });
    expect((await client().encryptionKey(destinationId, encryptionKid)).kid).toBe(encryptionKid);
  });

  it('refuses a key chained to another root, a short key and one the service swapped', async () => {
    server.routes.set(`GET /v1/destinations/${destinationId}/keys/${encryptionKid}`, () =>
      json(200, { ...encryptionJwk(destination, encryptionKid), x5c: pki.untrustedChain }),
    );
    expect(
      (await failure(client({ trustAnchors: [pki.rootPem] }).encryptionKey(destinationId, encryptionKid)))
        .code,
    ).toBe('SUBMISSION_KEY_CERTIFICATE_UNTRUSTED');
    server.routes.set(`GET /v1/destinations/${destinationId}/keys/${encryptionKid}`, () =>
      json(200, encryptionJwk(weak, encryptionKid)),
    );
    expect((await failure(client().encryptionKey(destinationId, encryptionKid))).code).toBe(
      'SUBMISSION_KEY_TOO_SHORT',
    );
    server.routes.set(`GET /v1/destinations/${destinationId}/keys/${encryptionKid}`, () =>
      json(200, { ...encryptionJwk(destinationSigning, encryptionKid), x5c: pki.validChain }),
    );
    expect(
      (await failure(client({ trustAnchors: [pki.rootPem] }).encryptionKey(destinationId, encryptionKid)))
        .code,
    ).toBe('SUBMISSION_KEY_CERTIFICATE_MISMATCH');
  });

  it('refuses a configuration that cannot be right', () => {
    const configuration = (extra: Partial<SubmissionApiClientOptions>) => {
      try {
        client(extra);
      } catch (error) {
        if (isEfaError(error)) return error.code;
        throw error;
      }
      return 'accepted';
    };
    expect(configuration({ trustAnchors: ['not a certificate'] })).toBe('SUBMISSION_CONFIGURATION');
    expect(configuration({ baseUrl: 'http://delivery.example.org' })).toBe('SUBMISSION_CONFIGURATION');
    expect(configuration({ tokenUrl: 'ftp://auth.example.org/token' })).toBe('SUBMISSION_CONFIGURATION');
    expect(configuration({ clientSecret: '' })).toBe('SUBMISSION_CONFIGURATION');
    expect(configuration({ baseUrl: 'https://submission-api-testing.fit-connect.fitko.dev/v1' })).toBe(
      'accepted',
    );
  });
});

describe('create, upload, submit', () => {
  it('creates a submission with its announced attachments and service type', async () => {
    server.routes.set('POST /v1/submissions', (request) => {
      const body = JSON.parse(request.body);
      return json(201, {
        destinationId: body.destinationId,
        submissionId: submissionId.toUpperCase(),
        caseId,
      });
    });
    const created = await client().createSubmission({
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { identifier: 'urn:de:fim:leika:leistung:99108004000000', name: 'Hund anmelden' },
    });
    expect(created).toEqual({ submissionId, caseId });
    const [request] = apiRequests();
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { name: 'Hund anmelden', identifier: 'urn:de:fim:leika:leistung:99108004000000' },
    });
  });

  it('continues a case when a case id is given', async () => {
    server.routes.set('POST /v1/submissions', (request) =>
      json(201, { submissionId, caseId: JSON.parse(request.body).caseId }),
    );
    const created = await client().createSubmission({
      destinationId,
      announcedAttachments: [],
      serviceType: { identifier: 'urn:de:fim:leika:leistung:99108004000000', name: 'Hund anmelden' },
      caseId,
    });
    expect(created.caseId).toBe(caseId);
  });

  it('uploads an attachment as application/jose and submits metadata and data', async () => {
    server.routes.set(`PUT /v1/submissions/${submissionId}/attachments/${attachmentId}`, () => ({
      status: 204,
    }));
    server.routes.set(`PUT /v1/submissions/${submissionId}`, () => json(202, { submissionId, caseId }));
    const key = await client().encryptionKey(destinationId, encryptionKid);
    const jwe = await encryptForDestination(key, new TextEncoder().encode('%PDF'), 'application/pdf');
    const api = client();
    await api.uploadAttachment(submissionId, attachmentId, jwe);
    await api.submit(submissionId, { encryptedMetadata: jwe, encryptedData: jwe });
    const upload = apiRequests().find((r) => r.method === 'PUT' && r.path.includes('/attachments/'));
    expect(upload?.headers['content-type']).toBe('application/jose');
    expect(upload?.body).toBe(jwe);
    const submit = apiRequests().find(
      (r) => r.method === 'PUT' && r.path === `/v1/submissions/${submissionId}`,
    );
    expect(JSON.parse(submit?.body ?? '')).toEqual({ encryptedMetadata: jwe, encryptedData: jwe });
  });

  it('refuses ids and bodies of the wrong form before sending anything', async () => {
    const api = client();
    await expect(api.uploadAttachment('nope', attachmentId, 'a.b.c.d.e')).rejects.toThrow(RangeError);
    await expect(api.uploadAttachment(submissionId, attachmentId, 'plain text')).rejects.toThrow(RangeError);
    await expect(api.submit(submissionId, { encryptedMetadata: '{}', encryptedData: '{}' })).rejects.toThrow(
      RangeError,
    );
    await expect(
      api.createSubmission({
        destinationId,
        announcedAttachments: [attachmentId, attachmentId],
        serviceType: { identifier: 'urn:de:fim:leika:leistung:99108004000000', name: 'Hund anmelden' },
      }),
    ).rejects.toThrow(/repeat/);
    expect(apiRequests()).toHaveLength(0);
  });
});

describe('case event log', () => {
  interface SetOptions {
    claims?: Record<string, unknown>;
    omit?: string[];
    header?: Record<string, unknown>;
    key?: CryptoKey | RsaPair['privateKey'];
  }

  async function set(event: string, options: SetOptions = {}): Promise<string> {
    const claims: Record<string, unknown> = {
      $schema: 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json',
      jti: randomUUID(),
      iss: server.url,
      iat: Math.floor(now.getTime() / 1000),
      sub: `submission:${submissionId}`,
      txn: `case:${caseId}`,
      events: { [`${events}${event}`]: {} },
      ...options.claims,
    };
    for (const name of options.omit ?? []) delete claims[name];
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: serviceKid, ...options.header } as {
        alg: string;
      })
      .sign(options.key ?? servicePrivate);
  }

  function serveLog(tokens: string[], pageSize: number, withTotal: boolean) {
    server.routes.set(`GET /v1/cases/${caseId}/events`, (request) => {
      const offset = Number(request.query.get('offset') ?? 0);
      const limit = Math.min(Number(request.query.get('limit') ?? 100), pageSize);
      const page = tokens.slice(offset, offset + limit);
      return json(200, {
        count: page.length,
        offset,
        ...(withTotal ? { totalCount: tokens.length } : {}),
        eventLog: page,
      });
    });
  }

  const logRequests = () => server.requests.filter((r) => r.path === `/v1/cases/${caseId}/events`);

  it('pages through the log by totalCount and verifies every event', async () => {
    const names = [
      'create-submission',
      'submit-submission',
      'notify-submission',
      'forward-submission',
      'delete-submission',
    ];
    const tokens = await Promise.all(names.map((name) => set(name)));
    serveLog(tokens, 2, true);
    const log = await client().caseEvents(caseId);
    expect(log.map((event) => event.event)).toEqual(names.map((name) => `${events}${name}`));
    expect(log[0]).toMatchObject({
      submissionId,
      caseId,
      issuer: server.url,
      issuedAt: Math.floor(now.getTime() / 1000),
    });
    expect(logRequests().map((r) => [r.query.get('offset'), r.query.get('limit')])).toEqual([
      ['0', '500'],
      ['2', '500'],
      ['4', '500'],
    ]);
    const jwks = server.requests.filter((r) => r.path === '/.well-known/jwks.json');
    expect(jwks).toHaveLength(1);
    expect(jwks[0]?.headers.authorization).toBeUndefined();
  });

  it('pages by full pages of 500 when the service gives no totalCount', async () => {
    const tokens = await Promise.all(Array.from({ length: 501 }, () => set('notify-submission')));
    serveLog(tokens, 500, false);
    const log = await client().caseEvents(caseId);
    expect(log).toHaveLength(501);
    expect(logRequests().map((r) => r.query.get('offset'))).toEqual(['0', '500']);
  }, 60_000);

  it('verifies an event the destination issued with the destination’s signature key', async () => {
    const accept = await set('accept-submission', {
      claims: {
        iss: destinationId,
        events: { [`${events}accept-submission`]: { authenticationTags: { metadata: 'a'.repeat(22) } } },
      },
      header: { kid: destinationSignatureKid },
      key: destinationSigning.privateKey,
    });
    serveLog([await set('submit-submission'), accept], 500, true);
    const log = await client().caseEvents(caseId);
    expect(log[1]).toMatchObject({
      event: `${events}accept-submission`,
      issuer: destinationId,
      payload: { authenticationTags: { metadata: 'a'.repeat(22) } },
    });
    expect(
      server.requests.some(
        (r) => r.path === `/v1/destinations/${destinationId}/keys/${destinationSignatureKid}`,
      ),
    ).toBe(true);
  });

  it('with the expected destination, refuses an event another destination issued', async () => {
    const other = randomUUID();
    server.routes.set(`GET /v1/destinations/${other}/keys/${destinationSignatureKid}`, () =>
      json(200, signatureJwk(destinationSigning, destinationSignatureKid)),
    );
    const accept = (iss: string) =>
      set('accept-submission', {
        claims: { iss },
        header: { kid: destinationSignatureKid },
        key: destinationSigning.privateKey,
      });
    serveLog([await set('submit-submission'), await accept(destinationId)], 500, true);
    expect(await client().caseEvents(caseId, { destinationId })).toHaveLength(2);
    serveLog([await set('submit-submission'), await accept(other)], 500, true);
    expect((await failure(client().caseEvents(caseId, { destinationId }))).code).toBe(
      'SUBMISSION_EVENT_INVALID',
    );
    // Without the expectation the signature alone decides.
    expect(await client().caseEvents(caseId)).toHaveLength(2);
  });

  const forgeries: Array<[string, () => Promise<string>, string]> = [
    ['a forged signature', () => set('accept-submission', { key: forger }), 'SUBMISSION_EVENT_SIGNATURE'],
    ['typ JWT', () => set('submit-submission', { header: { typ: 'JWT' } }), 'SUBMISSION_EVENT_INVALID'],
    ['no typ', () => set('submit-submission', { header: { typ: undefined } }), 'SUBMISSION_EVENT_INVALID'],
    [
      'alg PS256',
      () => set('submit-submission', { header: { alg: 'PS256' }, key: destinationSigning.privateKey }),
      'SUBMISSION_EVENT_INVALID',
    ],
    ['no kid', () => set('submit-submission', { header: { kid: undefined } }), 'SUBMISSION_EVENT_INVALID'],
    [
      'an unknown kid',
      () => set('submit-submission', { header: { kid: 'nobody' } }),
      'SUBMISSION_EVENT_SIGNATURE',
    ],
    ['no jti', () => set('submit-submission', { omit: ['jti'] }), 'SUBMISSION_EVENT_INVALID'],
    [
      'a jti that is no UUID',
      () => set('submit-submission', { claims: { jti: 'event-1' } }),
      'SUBMISSION_EVENT_INVALID',
    ],
    ['no iss', () => set('submit-submission', { omit: ['iss'] }), 'SUBMISSION_EVENT_INVALID'],
    [
      'a sub that is no submission',
      () => set('submit-submission', { claims: { sub: submissionId } }),
      'SUBMISSION_EVENT_INVALID',
    ],
    [
      'another case in txn',
      () => set('submit-submission', { claims: { txn: `case:${randomUUID()}` } }),
      'SUBMISSION_EVENT_INVALID',
    ],
    [
      'two events',
      () =>
        set('submit-submission', {
          claims: { events: { [`${events}accept-submission`]: {}, [`${events}reject-submission`]: {} } },
        }),
      'SUBMISSION_EVENT_INVALID',
    ],
    ['no event', () => set('submit-submission', { claims: { events: {} } }), 'SUBMISSION_EVENT_INVALID'],
    [
      'a destination event signed by the delivery service',
      () => set('accept-submission', { claims: { iss: destinationId } }),
      'SUBMISSION_EVENT_SIGNATURE',
    ],
  ];

  it.each(forgeries)('refuses the whole log when one event has %s', async (_, token, code) => {
    serveLog([await set('create-submission'), await token()], 500, true);
    const error = await failure(client().caseEvents(caseId));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
  });

  it('refuses an event that appears twice, and one that is not a JWS at all', async () => {
    const token = await set('submit-submission');
    serveLog([token, token], 500, true);
    expect((await failure(client().caseEvents(caseId))).code).toBe('SUBMISSION_EVENT_INVALID');
    serveLog(['not.a.jws!'], 500, true);
    expect((await failure(client().caseEvents(caseId))).code).toBe('SUBMISSION_EVENT_INVALID');
  });

  it('refuses a destination signature key that fails the key checks', async () => {
    server.routes.set(`GET /v1/destinations/${destinationId}/keys/${destinationSignatureKid}`, () =>
      json(200, signatureJwk(weak, destinationSignatureKid)),
    );
    const accept = await set('accept-submission', {
      claims: { iss: destinationId },
      header: { kid: destinationSignatureKid },
      key: weak.privateKey,
    });
    serveLog([accept], 500, true);
    expect((await failure(client().caseEvents(caseId))).code).toBe('SUBMISSION_KEY_TOO_SHORT');
  });

  it('a JWKS that cannot be fetched is retryable, not a verdict on the event', async () => {
    server.routes.set('GET /.well-known/jwks.json', () => problem(503, 'about:blank', 'Down'));
    serveLog([await set('submit-submission')], 500, true);
    expect(await failure(client().caseEvents(caseId))).toMatchObject({
      code: 'SUBMISSION_API_UNAVAILABLE',
      retryable: true,
    });
  });

  it('an empty log is an empty list', async () => {
    serveLog([], 500, true);
    expect(await client().caseEvents(caseId)).toEqual([]);
  });
});
