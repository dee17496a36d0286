import { randomUUID } from 'node:crypto';
import { compactDecrypt, createLocalJWKSet, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from './service.js';
import {
  allClients,
  api,
  authenticationTags,
  destinationConfig,
  destinationEvent,
  destinationId,
  generateTestKeys,
  otherDestinationId,
  otherSubscriber,
  senderClient,
  sendSubmission,
  subscriberClient,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

let keys: TestKeys;
let service: DeliveryService;
let senderToken: string;
let subscriberToken: string;

const problem = (type: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${type}`;

async function expectProblem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as { type: string; detail?: string };
  expect(body.type).toBe(problem(type));
  return body;
}

const decrypt = async (jwe: string) =>
  new TextDecoder().decode((await compactDecrypt(jwe, keys.encryption.privateKey)).plaintext);

beforeAll(async () => {
  keys = await generateTestKeys();
  service = await createDeliveryService({
    signingKey: keys.service,
    destinations: [
      destinationConfig(keys),
      // A destination without a signature key: its subscriber cannot post events.
      destinationConfig(keys, { destinationId: otherDestinationId, signingJwk: undefined }),
    ],
    clients: allClients,
    sweepIntervalMs: 0,
  });
  senderToken = await tokenFor(service, senderClient);
  subscriberToken = await tokenFor(service, subscriberClient);
}, 120_000);
afterAll(() => service?.stop());

describe('the subscriber flow', () => {
  it('lists submitted submissions of its destinations, reads them and their attachments, and decrypts exactly what was sent', async () => {
    const client = api(service, subscriberToken);
    // An incomplete one is not listed.
    await api(service, senderToken).post('/v1/submissions', {
      destinationId,
      announcedAttachments: [randomUUID()],
      serviceType: { identifier: 'urn:de:fim:leika:leistung:99108008252000', name: 'Hund anmelden' },
    });
    const sent = await sendSubmission(service, senderToken, keys, { attachments: 2 });
    const list = (await (
      await client.get(`/v1/submissions?destinationId=${destinationId}&limit=500`)
    ).json()) as {
      count: number;
      offset: number;
      totalCount: number;
      submissions: Array<{ destinationId: string; submissionId: string; caseId: string }>;
    };
    expect(list.submissions).toContainEqual({
      destinationId,
      submissionId: sent.submissionId,
      caseId: sent.caseId,
    });
    expect(list.count).toBe(list.submissions.length);
    expect(list.totalCount).toBe(list.submissions.length);
    // Without destinationId: every destination of this subscriber.
    const all = (await (await client.get('/v1/submissions')).json()) as { submissions: unknown[] };
    expect(all.submissions).toEqual(list.submissions);

    const response = await client.get(`/v1/submissions/${sent.submissionId}`);
    expect(response.status).toBe(200);
    const submission = (await response.json()) as Record<string, unknown>;
    expect(submission).toEqual({
      destinationId,
      submissionId: sent.submissionId,
      caseId: sent.caseId,
      serviceType: { identifier: 'urn:de:fim:leika:leistung:99108008252000', name: 'Hund anmelden' },
      attachments: sent.attachmentIds,
      announcedAttachments: sent.attachmentIds,
      encryptedMetadata: sent.encryptedMetadata,
      encryptedData: sent.encryptedData,
    });
    expect(await decrypt(String(submission.encryptedMetadata))).toBe(sent.metadata);
    expect(await decrypt(String(submission.encryptedData))).toBe(sent.data);
    for (const [index, id] of sent.attachmentIds.entries()) {
      const attachment = await client.get(`/v1/submissions/${sent.submissionId}/attachments/${id}`);
      expect(attachment.status).toBe(200);
      expect(attachment.headers.get('content-type')).toBe('application/jose');
      expect(await decrypt(await attachment.text())).toBe(sent.attachments[index]);
    }
    await expectProblem(
      await client.get(`/v1/submissions/${sent.submissionId}/attachments/${randomUUID()}`),
      404,
      'attachment-not-found',
    );
    // The subscriber reads the case's log too.
    expect((await client.get(`/v1/cases/${sent.caseId}/events`)).status).toBe(200);
  });

  it('pages the list with offset and limit ≤ 500', async () => {
    await sendSubmission(service, senderToken, keys, { attachments: 0 });
    await sendSubmission(service, senderToken, keys, { attachments: 0 });
    const client = api(service, subscriberToken);
    const full = (await (await client.get('/v1/submissions')).json()) as {
      totalCount: number;
      submissions: unknown[];
    };
    const page = (await (await client.get('/v1/submissions?offset=1&limit=1')).json()) as {
      count: number;
      offset: number;
      totalCount: number;
      submissions: unknown[];
    };
    expect(page).toMatchObject({ count: 1, offset: 1, totalCount: full.totalCount });
    expect(page.submissions[0]).toEqual(full.submissions[1]);
    await expectProblem(await client.get('/v1/submissions?limit=501'), 400, 'bad-request');
    await expectProblem(await client.get('/v1/submissions?destinationId=nope'), 400, 'bad-request');
  });

  it('keeps a subscriber to its own destinations (403) and senders off the receiving side', async () => {
    const sent = await sendSubmission(service, senderToken, keys);
    const other = api(service, await tokenFor(service, otherSubscriber));
    await expectProblem(await other.get(`/v1/submissions?destinationId=${destinationId}`), 403, 'forbidden');
    await expectProblem(await other.get(`/v1/submissions/${sent.submissionId}`), 403, 'forbidden');
    await expectProblem(
      await other.get(`/v1/submissions/${sent.submissionId}/attachments/${sent.attachmentIds[0]}`),
      403,
      'forbidden',
    );
    await expectProblem(await other.get(`/v1/cases/${sent.caseId}/events`), 403, 'forbidden');
    const listOther = (await (await other.get('/v1/submissions')).json()) as { submissions: unknown[] };
    expect(listOther.submissions).toEqual([]);
    const accept = await destinationEvent(keys, sent, 'accept-submission', {
      authenticationTags: authenticationTags(sent),
    });
    await expectProblem(
      await other.post(`/v1/cases/${sent.caseId}/events`, accept, 'application/jose'),
      403,
      'forbidden',
    );
    await expectProblem(
      await api(service, senderToken).post(`/v1/cases/${sent.caseId}/events`, accept, 'application/jose'),
      403,
      'forbidden',
    );
    await expectProblem(
      await api(service, subscriberToken).get(`/v1/submissions?destinationId=${randomUUID()}`),
      404,
      'destination-not-found',
    );
  });

  it('does not hand out an incomplete submission', async () => {
    const created = (await (
      await api(service, senderToken).post('/v1/submissions', {
        destinationId,
        announcedAttachments: [],
        serviceType: { identifier: 'urn:de:fim:leika:leistung:99108008252000', name: 'Hund anmelden' },
      })
    ).json()) as { submissionId: string };
    await expectProblem(
      await api(service, subscriberToken).get(`/v1/submissions/${created.submissionId}`),
      404,
      'submission-not-found',
    );
  });
});

describe('accept and reject events from the destination', () => {
  it('records a PS512 accept-submission SET with the right authentication tags; the submission leaves the list', async () => {
    const sent = await sendSubmission(service, senderToken, keys, { attachments: 2 });
    const client = api(service, subscriberToken);
    const token = await destinationEvent(keys, sent, 'accept-submission', {
      authenticationTags: authenticationTags(sent),
    });
    const response = await client.post(`/v1/cases/${sent.caseId}/events`, token, 'application/jose');
    expect(response.status).toBe(201);
    const log = (await (await api(service, senderToken).get(`/v1/cases/${sent.caseId}/events`)).json()) as {
      eventLog: string[];
    };
    expect(log.eventLog).toHaveLength(3);
    expect(log.eventLog[2]).toBe(token);
    // The sender verifies it with the destination's signature key, which the service publishes.
    const key = await (
      await api(service, senderToken).get(
        `/v1/destinations/${destinationId}/keys/${keys.signing.publicJwk.kid}`,
      )
    ).json();
    expect(key).toMatchObject({ kid: keys.signing.publicJwk.kid, key_ops: ['verify'], alg: 'PS512' });
    const verified = await jwtVerify(log.eventLog[2] ?? '', createLocalJWKSet({ keys: [key as never] }), {
      issuer: destinationId,
    });
    expect(Object.keys(verified.payload.events as object)).toEqual([
      'https://schema.fitko.de/fit-connect/events/accept-submission',
    ]);
    const list = (await (await client.get('/v1/submissions')).json()) as {
      submissions: Array<{ submissionId: string }>;
    };
    expect(list.submissions.map((s) => s.submissionId)).not.toContain(sent.submissionId);
    // Still readable (until 7 days after the fetch), but no second decision.
    expect((await client.get(`/v1/submissions/${sent.submissionId}`)).status).toBe(200);
    const again = await destinationEvent(keys, sent, 'reject-submission', {
      problems: [
        { type: 'https://schema.fitko.de/fit-connect/events/problems/x', title: 'x', instance: 'metadata' },
      ],
    });
    await expectProblem(
      await client.post(`/v1/cases/${sent.caseId}/events`, again, 'application/jose'),
      409,
      'submission-state-invalid',
    );
  });

  it('records a reject-submission with problems', async () => {
    const sent = await sendSubmission(service, senderToken, keys);
    const token = await destinationEvent(keys, sent, 'reject-submission', {
      problems: [
        {
          type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
          title: 'Prüfsumme stimmt nicht',
          detail: 'Die Prüfsumme der Anlage stimmt nicht.',
          instance: `attachment:${sent.attachmentIds[0]}`,
        },
      ],
    });
    expect(
      (await api(service, subscriberToken).post(`/v1/cases/${sent.caseId}/events`, token, 'application/jose'))
        .status,
    ).toBe(201);
  });

  it('refuses SETs that are not signed by the destination’s key or not well formed', async () => {
    const sent = await sendSubmission(service, senderToken, keys);
    const client = api(service, subscriberToken);
    const tags = { authenticationTags: authenticationTags(sent) };
    const stranger = await generateKeyPair('PS512', { modulusLength: 2048 });
    const post = (token: string) => client.post(`/v1/cases/${sent.caseId}/events`, token, 'application/jose');
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', tags, { key: stranger.privateKey })),
      400,
      'event-signature-invalid',
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', tags, { kid: 'other' })),
      400,
      'event-signature-invalid',
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', tags, { typ: 'JWT' })),
      400,
      'event-invalid',
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', tags, { iss: otherDestinationId })),
      400,
      'event-invalid',
    );
    await expectProblem(
      await post(
        await destinationEvent(keys, sent, 'accept-submission', tags, { txn: `case:${randomUUID()}` }),
      ),
      400,
      'event-invalid',
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'submit-submission', tags)),
      400,
      'event-invalid',
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', {})),
      400,
      'event-invalid',
    );
    const wrongTags = { authenticationTags: { ...authenticationTags(sent), metadata: 'A'.repeat(22) } };
    const mismatch = await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', wrongTags)),
      400,
      'event-invalid',
    );
    expect(mismatch.detail).toContain('authenticationTags');
    await expectProblem(await post('not.a.jws'), 400, 'event-invalid');
    await expectProblem(
      await client.post(`/v1/cases/${sent.caseId}/events`, 'x', 'application/json'),
      415,
      'unsupported-media-type',
    );
    // After all these refusals the submission is still open for a valid decision, once.
    const jti = randomUUID();
    expect((await post(await destinationEvent(keys, sent, 'accept-submission', tags, { jti }))).status).toBe(
      201,
    );
    await expectProblem(
      await post(await destinationEvent(keys, sent, 'accept-submission', tags, { jti })),
      409,
      'event-duplicate',
    );
  });

  it('refuses events for a destination that has no signature key configured', async () => {
    const sent = await sendSubmission(service, senderToken, keys, { destination: otherDestinationId });
    const token = await destinationEvent(
      keys,
      sent,
      'accept-submission',
      { authenticationTags: authenticationTags(sent) },
      { iss: otherDestinationId },
    );
    const subscriber = api(service, await tokenFor(service, otherSubscriber));
    await expectProblem(
      await subscriber.post(`/v1/cases/${sent.caseId}/events`, token, 'application/jose'),
      422,
      'signature-key-missing',
    );
  });
});
