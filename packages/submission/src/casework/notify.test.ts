import type { EfaDatabase } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateTestKeys, type TestKeys } from '../delivery-service/test-support.test.support.js';
import { addDays, berlinDate } from './notification.js';
import { encryptToReplyKey } from './reply-content.js';
import {
  type CaseworkWorld,
  caseworker,
  deliveryRequest,
  generateReplyKey,
  handoff,
  pirna,
  session,
  startCaseworkWorld,
} from './setup.test.support.js';

/** A mailbox with a notification channel and the third-day rule counted from the notification. */
const [driver] = testDatabases(inject('efaPostgresUrl'));

describe('decision dates with a notification channel and the third-day rule', () => {
  let keys: TestKeys;
  let replyKey: JWK;
  let db: EfaDatabase;
  let world: CaseworkWorld;
  const notified: string[] = [];
  let answerNotify = true;
  const erika = session('subject-erika-notify');

  beforeAll(async () => {
    [keys, replyKey] = await Promise.all([generateTestKeys(), generateReplyKey()]);
    db = await (driver?.open() ?? Promise.reject(new Error('no database')));
    world = await startCaseworkWorld(db, keys, replyKey, {
      notificationRule: { rule: 'third-day', from: 'notification' },
      notify: async ({ messageId, kind }) => {
        notified.push(`${kind}:${messageId}`);
        return answerNotify;
      },
    });
  }, 180_000);
  afterAll(async () => {
    await world?.stop();
    await db?.destroy();
  });

  it('records the notification only when it was sent, and counts the third day from it', async () => {
    const application = handoff(erika.subject);
    await world.pipeline.accept(deliveryRequest(application));
    for (let i = 0; i < 600; i++) {
      if (
        (await world.pipeline.statusFor(erika.subject, application.applicationId))?.delivery === 'submitted'
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await world.casework.pull();
    const staff = caseworker(pirna);
    const [row] = (await world.inbox(staff).list({})).cases;
    const caseId = row?.caseId ?? '';
    await world.mail(erika).consent({ given: true });
    // The channel fails for the status message: no notification date is claimed.
    answerNotify = false;
    await world.inbox(staff).setStatus({ caseId, status: 'in_progress' });
    await world.mailbox.pull();
    answerNotify = true;
    const pdf = new TextEncoder().encode('%PDF-1.7\n% Bescheid\n');
    const { jwk } = await world.inbox(staff).replyKey({ caseId });
    const sha512 = Buffer.from(await crypto.subtle.digest('SHA-512', pdf)).toString('hex');
    await world.inbox(staff).decide({
      caseId,
      title: 'Bescheid',
      body: 'Anbei.',
      decision: {
        filename: 'bescheid.pdf',
        jwe: await encryptToReplyKey(jwk, pdf, 'application/pdf'),
        sha512,
        size: pdf.byteLength,
      },
    });
    await world.mailbox.pull();
    expect(notified.map((n) => n.split(':')[0])).toEqual(['status', 'decision']);
    const { messages } = await world.mail(erika).messages({ applicationId: application.applicationId });
    const status = messages.find((m) => m.kind === 'status');
    const decision = messages.find((m) => m.kind === 'decision');
    expect(status?.notificationSentAt).toBeNull();
    expect(decision?.notificationSentAt).toBeTruthy();
    // Third day after the notification, whether or not it was opened.
    expect(decision?.firstRetrievedAt).toBeNull();
    expect(decision?.deemedNotifiedAt).toBe(
      addDays(berlinDate(new Date(decision?.notificationSentAt ?? '')), 3),
    );
  });
});
