import { randomUUID } from 'node:crypto';
import { createDatabase } from '@efa-kit/core/server';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService, type DeliveryService } from './service.js';
import {
  allClients,
  api,
  authenticationTags,
  destinationConfig,
  destinationEvent,
  encryptFor,
  generateTestKeys,
  otherDestinationId,
  otherSender,
  otherSubscriber,
  senderClient,
  sendSubmission,
  subscriberClient,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

let keys: TestKeys;
let service: DeliveryService;
const tokens: Record<string, string> = {};
const problem = (type: string) => `https://schema.fitko.de/fit-connect/submission-api/problems/${type}`;

async function expectProblem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { type: string }).type).toBe(problem(type));
}

beforeAll(async () => {
  keys = await generateTestKeys();
  service = await createDeliveryService({
    signingKey: keys.service,
    destinations: [destinationConfig(keys), destinationConfig(keys, { destinationId: otherDestinationId })],
    clients: allClients,
    sweepIntervalMs: 0,
  });
  for (const client of allClients) tokens[client.clientId] = await tokenFor(service, client);
}, 120_000);
afterAll(() => service?.stop());

const as = (client: { clientId: string }) => api(service, tokens[client.clientId] ?? '');

describe('replies on a case (subscriber → sender)', () => {
  it('goes from the subscriber to the case sender only, with its attachment, and carries the read receipt back', async () => {
    const sent = await sendSubmission(service, tokens[senderClient.clientId] ?? '', keys);
    const subscriber = as(subscriberClient);
    const attachmentId = randomUUID();
    // Neither a sender nor the subscriber of another destination may reply on the case.
    await expectProblem(
      await as(senderClient).post('/v1/replies', { caseId: sent.caseId, announcedAttachments: [] }),
      403,
      'forbidden',
    );
    await expectProblem(
      await as(otherSubscriber).post('/v1/replies', { caseId: sent.caseId, announcedAttachments: [] }),
      403,
      'forbidden',
    );
    const created = await subscriber.post('/v1/replies', {
      caseId: sent.caseId,
      announcedAttachments: [attachmentId],
    });
    expect(created.status).toBe(201);
    const { replyId } = (await created.json()) as { replyId: string };
    // Not yet submitted: the sender does not see it; submit refuses while the attachment is missing.
    expect(
      ((await (await as(senderClient).get('/v1/replies')).json()) as { replies: unknown[] }).replies,
    ).toEqual([]);
    await expectProblem(await as(senderClient).get(`/v1/replies/${replyId}`), 404, 'reply-not-found');
    const content = await encryptFor(keys, '{"title":"Bescheid"}');
    await expectProblem(
      await subscriber.put(`/v1/replies/${replyId}`, { encryptedData: content }),
      422,
      'missing-attachments',
    );
    await expectProblem(
      await subscriber.put(
        `/v1/replies/${replyId}/attachments/${attachmentId}`,
        'not-a-jwe',
        'application/jose',
      ),
      400,
      'jwe-invalid',
    );
    const pdf = await encryptFor(keys, '%PDF-1.7 Bescheid');
    expect(
      (await subscriber.put(`/v1/replies/${replyId}/attachments/${attachmentId}`, pdf, 'application/jose'))
        .status,
    ).toBe(204);
    expect((await subscriber.put(`/v1/replies/${replyId}`, { encryptedData: content })).status).toBe(202);
    await expectProblem(
      await subscriber.put(`/v1/replies/${replyId}`, { encryptedData: content }),
      409,
      'reply-state-invalid',
    );

    const list = (await (await as(senderClient).get('/v1/replies')).json()) as {
      replies: Array<{ replyId: string }>;
    };
    expect(list.replies.map((r) => r.replyId)).toEqual([replyId]);
    // Another sender sees nothing of it.
    expect(
      ((await (await as(otherSender).get('/v1/replies')).json()) as { replies: unknown[] }).replies,
    ).toEqual([]);
    await expectProblem(await as(otherSender).get(`/v1/replies/${replyId}`), 403, 'forbidden');
    await expectProblem(
      await as(otherSender).get(`/v1/replies/${replyId}/attachments/${attachmentId}`),
      403,
      'forbidden',
    );
    await expectProblem(
      await as(otherSender).post(`/v1/replies/${replyId}/retrieval`, {
        retrievedAt: new Date().toISOString(),
      }),
      403,
      'forbidden',
    );
    const reply = (await (await as(senderClient).get(`/v1/replies/${replyId}`)).json()) as {
      encryptedData: string;
    };
    expect(reply.encryptedData).toBe(content);
    expect(
      await (await as(senderClient).get(`/v1/replies/${replyId}/attachments/${attachmentId}`)).text(),
    ).toBe(pdf);

    // Accepted: it leaves the sender's list. The read receipt's first date stays.
    expect((await as(senderClient).post(`/v1/replies/${replyId}/accept`, {})).status).toBe(200);
    expect(
      ((await (await as(senderClient).get('/v1/replies')).json()) as { replies: unknown[] }).replies,
    ).toEqual([]);
    await expectProblem(
      await subscriber.post(`/v1/replies/${replyId}/retrieval`, { retrievedAt: new Date().toISOString() }),
      403,
      'forbidden',
    );
    const first = new Date(Date.now() - 60_000).toISOString();
    expect(
      (await as(senderClient).post(`/v1/replies/${replyId}/retrieval`, { retrievedAt: first })).status,
    ).toBe(200);
    await as(senderClient).post(`/v1/replies/${replyId}/retrieval`, {
      retrievedAt: new Date().toISOString(),
    });
    const states = (await (await subscriber.get(`/v1/cases/${sent.caseId}/replies`)).json()) as {
      replies: Array<{ status: string; retrievedAt: string }>;
    };
    expect(states.replies).toMatchObject([{ status: 'accepted', retrievedAt: first }]);
    await expectProblem(await as(otherSubscriber).get(`/v1/cases/${sent.caseId}/replies`), 403, 'forbidden');
  });
});

describe('signature keys registered at run time', () => {
  it('verifies events with the newly registered key from then on, and keeps it across a restart', async () => {
    const db = await createDatabase();
    const options = {
      db,
      signingKey: keys.service,
      destinations: [destinationConfig(keys, { signingJwk: undefined })],
      clients: [senderClient, subscriberClient],
      sweepIntervalMs: 0,
    };
    let running = await createDeliveryService(options);
    const sent = await sendSubmission(running, await tokenFor(running, senderClient), keys);
    const set = await destinationEvent(keys, sent, 'accept-submission', {
      authenticationTags: authenticationTags(sent),
    });
    const post = async () =>
      api(running, await tokenFor(running, subscriberClient)).post(
        `/v1/cases/${sent.caseId}/events`,
        set,
        'application/jose',
      );
    await expectProblem(await post(), 422, 'signature-key-missing');
    // A private key is refused; the public one is taken.
    const pair = await generateKeyPair('PS512', { modulusLength: 4096, extractable: true });
    await expect(
      running.registerSigningKey(destinationConfig(keys).destinationId, await exportJWK(pair.privateKey)),
    ).rejects.toThrow(/private/);
    const { kid } = await running.registerSigningKey(
      destinationConfig(keys).destinationId,
      keys.signing.publicJwk,
    );
    expect(kid).toBe(await calculateJwkThumbprint(keys.signing.publicJwk, 'sha256'));
    await running.stop();
    running = await createDeliveryService(options);
    expect((await post()).status).toBe(201);
    await running.stop();
    await db.destroy();
  }, 120_000);
});
