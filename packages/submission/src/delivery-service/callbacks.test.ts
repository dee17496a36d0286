import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackAuthentication, newSubmissionsCallbackType, verifyCallback } from './callbacks.js';
import { createDeliveryService } from './service.js';
import {
  allClients,
  destinationConfig,
  destinationId,
  generateTestKeys,
  senderClient,
  sendSubmission,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

const secret = 'callback-secret-of-the-destination-0123456789';

describe('verifyCallback', () => {
  const body = '{"type":"x"}';
  const now = new Date('2026-05-04T10:00:00Z');
  const timestamp = String(now.getTime() / 1000);
  const authentication = createHmac('sha512', secret).update(`${timestamp}.${body}`).digest('hex');

  it('accepts the hex HMAC-SHA-512 over "<timestamp>.<body>" within five minutes either way', () => {
    expect(callbackAuthentication(secret, timestamp, body)).toBe(authentication);
    expect(verifyCallback({ secret, timestamp, authentication, body, now })).toBe(true);
    expect(
      verifyCallback({ secret, timestamp, authentication: authentication.toUpperCase(), body, now }),
    ).toBe(true);
    expect(
      verifyCallback({ secret, timestamp, authentication, body, now: new Date(now.getTime() + 300_000) }),
    ).toBe(true);
    expect(
      verifyCallback({ secret, timestamp, authentication, body, now: new Date(now.getTime() - 300_000) }),
    ).toBe(true);
  });

  it('refuses an old or future timestamp, another body, secret or timestamp, and malformed headers', () => {
    expect(
      verifyCallback({ secret, timestamp, authentication, body, now: new Date(now.getTime() + 301_000) }),
    ).toBe(false);
    expect(
      verifyCallback({ secret, timestamp, authentication, body, now: new Date(now.getTime() - 301_000) }),
    ).toBe(false);
    expect(verifyCallback({ secret, timestamp, authentication, body: `${body} `, now })).toBe(false);
    expect(verifyCallback({ secret: `${secret}x`, timestamp, authentication, body, now })).toBe(false);
    const later = String(Number(timestamp) + 1);
    expect(verifyCallback({ secret, timestamp: later, authentication, body, now })).toBe(false);
    expect(verifyCallback({ secret, timestamp, authentication, body, now: now.getTime() })).toBe(true);
    expect(verifyCallback({ secret, timestamp: [timestamp, timestamp], authentication, body, now })).toBe(
      false,
    );
    for (const bad of [
      undefined,
      null,
      '',
      'abc',
      authentication.slice(2),
      `${authentication}00`,
      [authentication],
    ]) {
      expect(verifyCallback({ secret, timestamp, authentication: bad, body, now })).toBe(false);
    }
    for (const bad of [undefined, '', '-1', '1.5', 'now', '1e9']) {
      expect(verifyCallback({ secret, timestamp: bad, authentication, body, now })).toBe(false);
    }
  });
});

describe('new-submission callbacks', () => {
  let keys: TestKeys;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: string; answered: number }> = [];
  // The receiver fails the first two deliveries of each callback body, then takes it.
  const failures = new Map<string, number>();

  beforeAll(async () => {
    keys = await generateTestKeys();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const seen = failures.get(body) ?? 0;
        const answered = seen < 2 ? 503 : 204;
        failures.set(body, seen + 1);
        received.push({ headers: req.headers, body, answered });
        res.writeHead(answered);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fit-connect/callback`;
  }, 120_000);
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('POSTs the FITKO payload on submit, signed so verifyCallback accepts it, retried with backoff until 2xx', async () => {
    const service = await createDeliveryService({
      signingKey: keys.service,
      destinations: [destinationConfig(keys, { callback: { url: receiverUrl, secret } })],
      clients: allClients,
      sweepIntervalMs: 0,
      callbackRetry: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    try {
      const sent = await sendSubmission(service, await tokenFor(service, senderClient), keys);
      await expect.poll(() => received.filter((r) => r.answered === 204).length, { timeout: 30_000 }).toBe(1);
      expect(received.map((r) => r.answered)).toEqual([503, 503, 204]);
      for (const delivery of received) {
        expect(delivery.headers['content-type']).toBe('application/json');
        expect(
          verifyCallback({
            secret,
            timestamp: delivery.headers['callback-timestamp'],
            authentication: delivery.headers['callback-authentication'],
            body: delivery.body,
          }),
        ).toBe(true);
      }
      expect(JSON.parse(received[0]?.body ?? '')).toEqual({
        type: newSubmissionsCallbackType,
        submissionIds: [sent.submissionId],
        submissions: [{ destinationId, submissionId: sent.submissionId, caseId: sent.caseId }],
      });
      // Once delivered it is not sent again.
      await service.callbacksIdle();
      expect(received).toHaveLength(3);
    } finally {
      await service.stop();
    }
  });

  it('gives up after maxAttempts on a receiver that never answers 2xx (bounded)', async () => {
    const logs: string[] = [];
    const service = await createDeliveryService({
      signingKey: keys.service,
      destinations: [destinationConfig(keys, { callback: { url: 'http://127.0.0.1:1/refused', secret } })],
      clients: allClients,
      sweepIntervalMs: 0,
      callbackRetry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50, timeoutMs: 2_000 },
      log: (message) => logs.push(message),
    });
    try {
      await sendSubmission(service, await tokenFor(service, senderClient), keys, { attachments: 0 });
      await expect
        .poll(() => logs.find((l) => l.includes('given up after 3 attempts')), { timeout: 30_000 })
        .toBeTruthy();
    } finally {
      await service.stop();
    }
  });

  it('refuses a callback secret shorter than 32 characters at start', async () => {
    await expect(
      createDeliveryService({
        destinations: [destinationConfig(keys, { callback: { url: receiverUrl, secret: 'short' } })],
        clients: allClients,
      }),
    ).rejects.toMatchObject({ code: 'DELIVERY_SERVICE_CONFIG_INVALID' });
  });
});
