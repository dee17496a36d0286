import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from './service.js';
import {
  allClients,
  api,
  destinationConfig,
  destinationId,
  encryptFor,
  generateTestKeys,
  leika,
  otherDestinationId,
  otherSender,
  senderClient,
  sendSubmission,
  subscriberClient,
  type TestKeys,
  tagOf,
  tokenFor,
} from './test-support.test.support.js';

let keys: TestKeys;
let service: DeliveryService;
let senderToken: string;

const problem = (type: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${type}`;

async function expectProblem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as { type: string; title: string; status: number };
  expect(body).toMatchObject({ type: problem(type), status });
  expect(body.title).toBeTruthy();
  return body;
}

beforeAll(async () => {
  keys = await generateTestKeys();
  service = await createDeliveryService({
    signingKey: keys.service,
    destinations: [
      destinationConfig(keys),
      destinationConfig(keys, { destinationId: otherDestinationId, status: 'archived' }),
    ],
    clients: allClients,
    sweepIntervalMs: 0,
  });
  senderToken = await tokenFor(service, senderClient);
}, 120_000);
afterAll(() => service?.stop());

describe('POST /token (OAuth2 client credentials)', () => {
  it('answers a Bearer token for the client secret in the form or as HTTP Basic, with FITKO-style scopes', async () => {
    const form = await fetch(service.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${senderClient.clientId}&client_secret=${senderClient.secret}`,
    });
    expect(form.status).toBe(200);
    const body = (await form.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'send:region:DE' });
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const basic = await fetch(service.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${subscriberClient.clientId}:${subscriberClient.secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(await basic.json()).toMatchObject({ scope: `subscribe:destination:${destinationId}` });
  });

  it('refuses a wrong secret, an unknown client and other grant types the OAuth2 way', async () => {
    const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
      fetch(service.tokenUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
    const wrong = await post(`grant_type=client_credentials&client_id=portal&client_secret=nope-nope-nope`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client' });
    expect((await post('grant_type=client_credentials&client_id=nobody&client_secret=x')).status).toBe(401);
    expect(await (await post('grant_type=password&client_id=portal&client_secret=x')).json()).toEqual({
      error: 'unsupported_grant_type',
    });
    expect((await post('{"grant_type":"client_credentials"}', 'application/json')).status).toBe(400);
  });
});

describe('destinations', () => {
  it('GET /v1/destinations/{id} tells the encryption key id, services, metadata versions and reply channels', async () => {
    const response = await api(service, senderToken).get(`/v1/destinations/${destinationId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      destinationId,
      status: 'active',
      encryptionKid: keys.encryption.publicJwk.kid,
      services: [
        {
          identifier: leika,
          submissionSchemas: [
            {
              schemaUri: 'https://schema.example/hund-anmelden/1.0.schema.json',
              mimeType: 'application/json',
            },
          ],
        },
      ],
      metadataVersions: ['1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0'],
      replyChannels: { eMail: { usePgp: false } },
    });
  });

  it('GET /v1/destinations/{id}/keys/{kid} serves the public JWK for wrapKey with RSA-OAEP-256, and nothing private', async () => {
    const response = await api(service, senderToken).get(
      `/v1/destinations/${destinationId}/keys/${keys.encryption.publicJwk.kid}`,
    );
    expect(response.status).toBe(200);
    const jwk = (await response.json()) as Record<string, unknown>;
    expect(jwk).toEqual({
      kty: 'RSA',
      kid: keys.encryption.publicJwk.kid,
      n: keys.encryption.publicJwk.n,
      e: 'AQAB',
      key_ops: ['wrapKey'],
      alg: 'RSA-OAEP-256',
    });
    await expectProblem(
      await api(service, senderToken).get(`/v1/destinations/${destinationId}/keys/unknown-kid`),
      404,
      'not-found',
    );
  });

  it('serves a configured x5c chain with the key', async () => {
    const withChain = await createDeliveryService({
      signingKey: keys.service,
      destinations: [
        destinationConfig(keys, {
          encryptionJwk: { ...keys.encryption.publicJwk, x5c: ['MIIBcert', 'MIIBroot'] },
        }),
      ],
      clients: [senderClient],
      sweepIntervalMs: 0,
    });
    try {
      const token = await tokenFor(withChain, senderClient);
      const jwk = await (
        await api(withChain, token).get(
          `/v1/destinations/${destinationId}/keys/${keys.encryption.publicJwk.kid}`,
        )
      ).json();
      expect(jwk).toMatchObject({ x5c: ['MIIBcert', 'MIIBroot'] });
    } finally {
      await withChain.stop();
    }
  });

  it('answers destination-not-found for an unknown destination and a 400 for a malformed id', async () => {
    await expectProblem(
      await api(service, senderToken).get(`/v1/destinations/${randomUUID()}`),
      404,
      'destination-not-found',
    );
    await expectProblem(
      await api(service, senderToken).get('/v1/destinations/not-a-uuid'),
      400,
      'bad-request',
    );
  });
});

describe('the sender flow', () => {
  it('creates, uploads, re-uploads before submit, submits; each submission opens its own case unless a case id is given', async () => {
    const client = api(service, senderToken);
    const attachmentId = randomUUID();
    const created = await client.post('/v1/submissions', {
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { identifier: leika, name: 'Hund anmelden' },
    });
    expect(created.status).toBe(201);
    const { submissionId, caseId, ...rest } = (await created.json()) as Record<string, string>;
    expect(rest).toEqual({ destinationId });
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    const first = await encryptFor(keys, 'first version');
    const second = await encryptFor(keys, 'second version');
    const path = `/v1/submissions/${submissionId}/attachments/${attachmentId}`;
    expect((await client.put(path, first, 'application/jose')).status).toBe(204);
    expect((await client.put(path, second, 'application/jose')).status).toBe(204);

    const encryptedMetadata = await encryptFor(keys, '{"contentStructure":{"attachments":[]}}');
    const submitted = await client.put(`/v1/submissions/${submissionId}`, { encryptedMetadata });
    expect(submitted.status).toBe(202);
    expect(await submitted.json()).toEqual({ destinationId, submissionId, caseId });

    const another = await sendSubmission(service, senderToken, keys);
    expect(another.caseId).not.toBe(caseId);
    const followUp = await sendSubmission(service, senderToken, keys, { caseId: another.caseId });
    expect(followUp.caseId).toBe(another.caseId);
    expect(followUp.submissionId).not.toBe(another.submissionId);

    // The second upload is what was kept (its tag is the one in submit-submission).
    const events = (await (await client.get(`/v1/cases/${caseId}/events`)).json()) as { eventLog: string[] };
    const submit = await jwtVerify(events.eventLog[1] ?? '', createLocalJWKSet(service.jwks()));
    const payload = submit.payload.events as Record<
      string,
      { authenticationTags: { attachments: Record<string, string> } }
    >;
    expect(
      payload['https://schema.fitko.de/fit-connect/events/submit-submission']?.authenticationTags.attachments,
    ).toEqual({
      [attachmentId]: tagOf(second),
    });
  });

  it('refuses to submit before every announced attachment is there, and a second submit after it', async () => {
    const client = api(service, senderToken);
    const [a, b] = [randomUUID(), randomUUID()];
    const created = (await (
      await client.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [a, b],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
      })
    ).json()) as { submissionId: string };
    await client.put(
      `/v1/submissions/${created.submissionId}/attachments/${a}`,
      await encryptFor(keys, 'a'),
      'application/jose',
    );
    const body = {
      encryptedMetadata: await encryptFor(keys, '{}'),
      encryptedData: await encryptFor(keys, '{}'),
    };
    const early = await expectProblem(
      await client.put(`/v1/submissions/${created.submissionId}`, body),
      422,
      'missing-attachments',
    );
    expect(early).toMatchObject({ detail: expect.stringContaining(b) });
    await client.put(
      `/v1/submissions/${created.submissionId}/attachments/${b}`,
      await encryptFor(keys, 'b'),
      'application/jose',
    );
    expect((await client.put(`/v1/submissions/${created.submissionId}`, body)).status).toBe(202);
    await expectProblem(
      await client.put(`/v1/submissions/${created.submissionId}`, body),
      409,
      'submission-state-invalid',
    );
    await expectProblem(
      await client.put(
        `/v1/submissions/${created.submissionId}/attachments/${b}`,
        await encryptFor(keys, 'late'),
        'application/jose',
      ),
      409,
      'submission-state-invalid',
    );
  });

  it('refuses an unannounced attachment, a wrong media type and a submission that does not exist', async () => {
    const client = api(service, senderToken);
    const created = (await (
      await client.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [randomUUID()],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
      })
    ).json()) as { submissionId: string };
    const jwe = await encryptFor(keys, 'x');
    await expectProblem(
      await client.put(
        `/v1/submissions/${created.submissionId}/attachments/${randomUUID()}`,
        jwe,
        'application/jose',
      ),
      422,
      'attachment-not-announced',
    );
    await expectProblem(
      await client.put(
        `/v1/submissions/${created.submissionId}/attachments/${randomUUID()}`,
        jwe,
        'text/plain',
      ),
      415,
      'unsupported-media-type',
    );
    await expectProblem(
      await client.put(
        `/v1/submissions/${randomUUID()}/attachments/${randomUUID()}`,
        jwe,
        'application/jose',
      ),
      404,
      'submission-not-found',
    );
  });

  it('refuses a JWE that is not RSA-OAEP-256 + A256GCM compact for this destination', async () => {
    const client = api(service, senderToken);
    const attachmentId = randomUUID();
    const created = (await (
      await client.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [attachmentId],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
      })
    ).json()) as { submissionId: string };
    const put = (body: string) =>
      client.put(
        `/v1/submissions/${created.submissionId}/attachments/${attachmentId}`,
        body,
        'application/jose',
      );
    const good = await encryptFor(keys, 'content');
    const [header = '', ...rest] = good.split('.');
    const withHeader = (fields: Record<string, unknown>) =>
      [
        Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), ...fields }),
        ).toString('base64url'),
        ...rest,
      ].join('.');
    const cases: Array<[string, string]> = [
      ['short', 'a.b.c.d.e'],
      ['four segments', good.split('.').slice(0, 4).join('.').padEnd(800, 'A')],
      ['not base64url', `${good.slice(0, -3)}+/=`],
      ['alg', withHeader({ alg: 'RSA-OAEP' })],
      ['enc', withHeader({ enc: 'A128GCM' })],
      ['zip', withHeader({ zip: 'DEF' })],
      ['kid', withHeader({ kid: 'some-other-key' })],
      ['header not JSON', [Buffer.from('nope').toString('base64url'), ...rest].join('.')],
      ['key size', [header, 'AAAA', ...rest.slice(1)].join('.').padEnd(800, 'A')],
    ];
    for (const [name, body] of cases) {
      const response = await put(body);
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as { type: string }).type, name).toBe(problem('jwe-invalid'));
    }
    expect((await put(good)).status).toBe(204);
  });

  it('refuses a service the destination does not offer, an inactive destination and an unknown one', async () => {
    const client = api(service, senderToken);
    const request = (overrides: Record<string, unknown>) =>
      client.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
        ...overrides,
      });
    await expectProblem(
      await request({
        serviceType: { identifier: 'urn:de:fim:leika:leistung:99000000000000', name: 'Andere' },
      }),
      422,
      'service-type-not-offered',
    );
    await expectProblem(
      await request({ destinationId: otherDestinationId }),
      422,
      'destination-state-invalid',
    );
    await expectProblem(await request({ destinationId: randomUUID() }), 404, 'destination-not-found');
    await expectProblem(await request({ caseId: randomUUID() }), 404, 'case-not-found');
  });

  it('validates the create body with zod: uuids, unique attachment ids, a LeiKa URN, a bounded list', async () => {
    const client = api(service, senderToken);
    const base = {
      destinationId,
      announcedAttachments: [],
      serviceType: { identifier: leika, name: 'Hund anmelden' },
    };
    const id = randomUUID();
    for (const body of [
      { ...base, announcedAttachments: ['not-a-uuid'] },
      { ...base, announcedAttachments: [id, id] },
      { ...base, announcedAttachments: Array.from({ length: 201 }, () => randomUUID()) },
      { ...base, serviceType: { identifier: 'Hund anmelden', name: 'x' } },
      { ...base, serviceType: { identifier: leika } },
      { ...base, destinationId: 'x' },
    ]) {
      await expectProblem(await client.post('/v1/submissions', body), 400, 'bad-request');
    }
    await expectProblem(await client.post('/v1/submissions', 'not json'), 400, 'bad-request');
    await expectProblem(
      await client.post('/v1/submissions', base, 'text/plain'),
      415,
      'unsupported-media-type',
    );
  });

  it('refuses bodies above the limits with 413 before reading them', async () => {
    const small = await createDeliveryService({
      signingKey: keys.service,
      destinations: [destinationConfig(keys)],
      clients: [senderClient],
      sweepIntervalMs: 0,
      limits: { jsonBytes: 2_000, attachmentBytes: 5_000 },
    });
    try {
      const client = api(small, await tokenFor(small, senderClient));
      await expectProblem(
        await client.post('/v1/submissions', { destinationId, padding: 'x'.repeat(3_000) }),
        413,
        'payload-too-large',
      );
      const attachmentId = randomUUID();
      const created = (await (
        await client.post('/v1/submissions', {
          destinationId,
          announcedAttachments: [attachmentId],
          serviceType: { identifier: leika, name: 'Hund anmelden' },
        })
      ).json()) as { submissionId: string };
      await expectProblem(
        await client.put(
          `/v1/submissions/${created.submissionId}/attachments/${attachmentId}`,
          await encryptFor(keys, 'x'.repeat(5_000)),
          'application/jose',
        ),
        413,
        'payload-too-large',
      );
    } finally {
      await small.stop();
    }
  });
});

describe('authorisation', () => {
  it('needs a Bearer token of a registered client on every /v1 route (401 problem), not on the JWKS', async () => {
    const routes: Array<[string, string]> = [
      ['GET', `/v1/destinations/${destinationId}`],
      ['GET', `/v1/destinations/${destinationId}/keys/x`],
      ['POST', '/v1/submissions'],
      ['GET', '/v1/submissions'],
      ['GET', `/v1/submissions/${randomUUID()}`],
      ['PUT', `/v1/submissions/${randomUUID()}`],
      ['PUT', `/v1/submissions/${randomUUID()}/attachments/${randomUUID()}`],
      ['GET', `/v1/submissions/${randomUUID()}/attachments/${randomUUID()}`],
      ['GET', `/v1/cases/${randomUUID()}/events`],
      ['POST', `/v1/cases/${randomUUID()}/events`],
    ];
    for (const [method, path] of routes) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token-wrong-token-wrong',
        `Basic ${senderClient.secret}`,
      ]) {
        const response = await fetch(`${service.url}${path}`, {
          method,
          headers: authorization ? { authorization } : {},
        });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
        expect(((await response.json()) as { type: string }).type).toBe(problem('unauthorized'));
      }
    }
    const jwks = await fetch(service.jwksUrl);
    expect(jwks.status).toBe(200);
  });

  it('forbids a subscriber to send and a sender to touch another sender’s submission or case (403)', async () => {
    const subscriber = api(service, await tokenFor(service, subscriberClient));
    await expectProblem(
      await subscriber.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
      }),
      403,
      'forbidden',
    );
    const sent = await sendSubmission(service, senderToken, keys);
    const other = api(service, await tokenFor(service, otherSender));
    await expectProblem(await other.get(`/v1/cases/${sent.caseId}/events`), 403, 'forbidden');
    await expectProblem(
      await other.put(`/v1/submissions/${sent.submissionId}`, { encryptedMetadata: sent.encryptedMetadata }),
      403,
      'forbidden',
    );
    await expectProblem(
      await other.post('/v1/submissions', {
        destinationId,
        announcedAttachments: [],
        serviceType: { identifier: leika, name: 'Hund anmelden' },
        caseId: sent.caseId,
      }),
      404,
      'case-not-found',
    );
    // A sender does not read submissions: that is the subscriber's side.
    await expectProblem(
      await api(service, senderToken).get(`/v1/submissions/${sent.submissionId}`),
      403,
      'forbidden',
    );
    await expectProblem(await api(service, senderToken).get('/v1/submissions'), 403, 'forbidden');
  });

  it('answers 404 and 405 as problems for unknown paths and methods', async () => {
    await expectProblem(await api(service, senderToken).get('/v2/submissions'), 404, 'not-found');
    const response = await fetch(`${service.url}/v1/submissions`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${senderToken}` },
    });
    await expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.get('allow')).toBe('POST, GET');
  });
});

describe('the event log', () => {
  it('holds create-submission and submit-submission SETs that verify against /.well-known/jwks.json', async () => {
    const sent = await sendSubmission(service, senderToken, keys, { attachments: 2 });
    const response = await api(service, senderToken).get(`/v1/cases/${sent.caseId}/events`);
    expect(response.status).toBe(200);
    const log = (await response.json()) as {
      count: number;
      offset: number;
      totalCount: number;
      eventLog: string[];
    };
    expect(log).toMatchObject({ count: 2, offset: 0, totalCount: 2 });
    const jwks = (await (await fetch(service.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'PS512', key_ops: ['verify'] });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const keySet = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
    const names: string[] = [];
    for (const token of log.eventLog) {
      const header = decodeProtectedHeader(token);
      expect(header).toMatchObject({ typ: 'secevent+jwt', alg: 'PS512', kid: jwks.keys[0]?.kid });
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: ['PS512'],
        typ: 'secevent+jwt',
        issuer: service.url,
      });
      expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(payload).toMatchObject({
        $schema: 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json',
        sub: `submission:${sent.submissionId}`,
        txn: `case:${sent.caseId}`,
      });
      expect(typeof payload.iat).toBe('number');
      const events = Object.keys(payload.events as object);
      expect(events).toHaveLength(1);
      names.push(events[0] ?? '');
      if (events[0]?.endsWith('submit-submission')) {
        expect((payload.events as Record<string, unknown>)[events[0]]).toEqual({
          authenticationTags: {
            metadata: tagOf(sent.encryptedMetadata),
            data: tagOf(sent.encryptedData),
            attachments: Object.fromEntries(
              sent.attachmentIds.map((id, i) => [id, tagOf(sent.encryptedAttachments[i] ?? '')]),
            ),
          },
        });
      }
    }
    expect(names).toEqual([
      'https://schema.fitko.de/fit-connect/events/create-submission',
      'https://schema.fitko.de/fit-connect/events/submit-submission',
    ]);
  });

  it('pages with offset and limit (at most 500) and refuses other values', async () => {
    const sent = await sendSubmission(service, senderToken, keys);
    const client = api(service, senderToken);
    const page = (await (await client.get(`/v1/cases/${sent.caseId}/events?offset=1&limit=1`)).json()) as {
      count: number;
      offset: number;
      totalCount: number;
    };
    expect(page).toMatchObject({ count: 1, offset: 1, totalCount: 2 });
    for (const query of ['limit=501', 'limit=0', 'offset=-1', 'limit=abc']) {
      await expectProblem(await client.get(`/v1/cases/${sent.caseId}/events?${query}`), 400, 'bad-request');
    }
    await expectProblem(await client.get(`/v1/cases/${randomUUID()}/events`), 404, 'case-not-found');
  });
});
