import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EfaDatabase } from '@efa-kit/core/server';
import { testDatabases } from '@efa-kit/core/testing';
import { compactDecrypt, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  authenticationTags,
  destinationEvent,
  destinationId,
  generateTestKeys,
  type TestKeys,
} from '../delivery-service/test-support.test.support.js';
import { createMailboxAttachmentRoute } from './attachment-route.js';
import { startPulling } from './polling.js';
import { encryptToReplyKey } from './reply-content.js';
import {
  type CaseworkWorld,
  caseworker,
  codeOf,
  deliveryRequest,
  dresden,
  generateReplyKey,
  handoff,
  pirna,
  session,
  startCaseworkWorld,
} from './setup.test.support.js';

let keys: TestKeys;
let replyKey: JWK;
beforeAll(async () => {
  [keys, replyKey] = await Promise.all([generateTestKeys(), generateReplyKey()]);
}, 180_000);

const decoder = new TextDecoder();

describe.each(testDatabases(inject('efaPostgresUrl')))('casework and mailbox on $name', (driver) => {
  let db: EfaDatabase;
  let world: CaseworkWorld;
  const erika = session('subject-erika');
  const jonas = session('subject-jonas');
  const staffPirna = caseworker(pirna);
  const staffDresden = caseworker(dresden);
  let applicationId: string;
  let caseId: string;
  let submissionId: string;

  beforeAll(async () => {
    if (!driver.available) return;
    db = await driver.open();
    world = await startCaseworkWorld(db, keys, replyKey);
    const application = handoff(erika.subject);
    applicationId = application.applicationId;
    await world.pipeline.accept(deliveryRequest(application));
    // Waits for the pipeline (a condition, not a time): the delivery service has it.
    for (let i = 0; i < 600; i++) {
      if ((await world.pipeline.statusFor(erika.subject, applicationId))?.delivery === 'submitted') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);

  afterAll(async () => {
    if (!driver.available) return;
    await world?.stop();
    await db?.destroy();
  });

  const decrypt = async (jwe: string) =>
    decoder.decode((await compactDecrypt(jwe, keys.encryption.privateKey)).plaintext);

  it.runIf(driver.available)(
    'pulls the dog registration into the Pirna inbox as ciphertext only',
    async () => {
      const listsBefore = world.submissionListRequests();
      expect((await world.casework.pull()).cases).toBe(1);
      // One list for both destinations of the authorities' client, not one per destination.
      expect(world.submissionListRequests() - listsBefore).toBe(1);
      expect((await world.casework.pull()).cases).toBe(0);
      const { cases } = await world.inbox(staffPirna).list({});
      expect(cases).toHaveLength(1);
      const [first] = cases;
      expect(first).toMatchObject({
        destinationId,
        serviceName: 'Hund anmelden',
        leikaKey: '99108008252000',
        status: 'received',
        reference: null,
        verification: 'unchecked',
        attachmentCount: 1,
      });
      caseId = first?.caseId ?? '';
      submissionId = first?.submissionId ?? '';
      const full = await world.inbox(staffPirna).get({ caseId });
      const metadata = JSON.parse(await decrypt(full.encryptedMetadata));
      // The citizen's reply channel: the portal mailbox as FINK-style handle and host.
      expect(metadata.replyChannel.fink).toEqual({
        finkPostfachRef: world.mailbox.handleFor(erika.subject),
        host: 'https://portal.example',
      });
      expect(JSON.parse(await decrypt(full.encryptedData)).hunde[0].name).toBe('Bello-von-Pirna');
      expect(full.attachments).toHaveLength(1);
      expect(full.announcedAttachmentIds).toEqual(full.attachments.map((a) => a.attachmentId));
      expect(full.events.map((e) => e.type)).toEqual(['received']);
      // The inbox keys the browser must enrol.
      expect((await world.inbox(staffPirna).destinationKeys({})).destinations).toEqual([
        {
          destinationId,
          authorityName: pirna.name,
          encryptionKid: keys.encryption.publicJwk.kid,
          signingKid: keys.signing.publicJwk.kid,
        },
      ]);
    },
  );

  it.runIf(driver.available)('passes a signed accept-submission on; the citizen sees RECEIVED', async () => {
    const full = await world.inbox(staffPirna).get({ caseId });
    const sent = {
      submissionId,
      caseId,
      encryptedMetadata: full.encryptedMetadata,
      encryptedData: full.encryptedData,
      attachmentIds: full.attachments.map((a) => a.attachmentId),
      encryptedAttachments: full.attachments.map((a) => a.jwe),
    };
    const tags = authenticationTags(sent as Parameters<typeof authenticationTags>[0]);
    // A SET signed with another key is refused by the delivery service, and nothing changes.
    const forged = await destinationEvent(
      keys,
      sent,
      'accept-submission',
      { authenticationTags: tags },
      {
        key: (await importJWK(keys.service, 'PS512')) as CryptoKey,
      },
    );
    expect(await codeOf(world.inbox(staffPirna).postEvent({ caseId, submissionId, set: forged }))).toBe(
      'CASEWORK_DELIVERY_REFUSED',
    );
    const set = await destinationEvent(keys, sent, 'accept-submission', { authenticationTags: tags });
    expect(await codeOf(world.inbox(staffDresden).postEvent({ caseId, submissionId, set }))).toBe(
      'CASEWORK_CASE_NOT_FOUND',
    );
    expect(await world.inbox(staffPirna).postEvent({ caseId, submissionId, set })).toEqual({
      accepted: true,
    });
    await world.inbox(staffPirna).recordVerification({
      caseId,
      reference: (await world.pipeline.statusFor(erika.subject, applicationId))?.reference ?? '',
      result: 'valid',
    });
    expect(await world.pipeline.refreshDecision(applicationId)).toBe('accepted');
    const { applications } = await world.mail(erika).list({});
    expect(applications).toHaveLength(1);
    expect(applications[0]).toMatchObject({
      applicationId,
      status: 'RECEIVED',
      statusText: 'Antrag bei der Behörde eingegangen',
    });
    expect(applications[0]?.track.map((t) => t.status)).toEqual(['INITIATED', 'SUBMITTED', 'RECEIVED']);
    expect((await world.inbox(staffPirna).list({})).cases[0]).toMatchObject({ verification: 'valid' });
  });

  it.runIf(driver.available)(
    'a question reaches the mailbox; opening it sends the read receipt',
    async () => {
      await world.inbox(staffPirna).setStatus({ caseId, status: 'in_progress' });
      const { messageId: questionAtAuthority } = await world.inbox(staffPirna).ask({
        caseId,
        title: 'Impfnachweis fehlt',
        body: 'Bitte nennen Sie das Datum der letzten Tollwutimpfung.',
      });
      expect(await world.mailbox.pull()).toEqual({ messages: 2, receipts: 0 });
      expect(await world.mailbox.pull()).toEqual({ messages: 0, receipts: 0 });
      const { applications } = await world.mail(erika).list({});
      expect(applications[0]).toMatchObject({
        status: 'ACTION_REQUIRED',
        unread: 2,
        authorityName: pirna.name,
      });
      expect(applications[0]?.track.map((t) => t.status)).toEqual([
        'INITIATED',
        'SUBMITTED',
        'RECEIVED',
        'PROCESSING',
        'ACTION_REQUIRED',
      ]);
      const { messages } = await world.mail(erika).messages({ applicationId });
      const question = messages.find((m) => m.kind === 'question');
      expect(question).toMatchObject({
        title: 'Impfnachweis fehlt',
        sender: pirna.name,
        service: 'Hund anmelden',
        requiredTrustLevel: 'low',
        firstRetrievedAt: null,
      });
      const opened = await world.mail(erika).open({ messageId: question?.messageId ?? '' });
      expect(opened.firstRetrievedAt).not.toBeNull();
      await world.casework.pull();
      const atAuthority = (await world.inbox(staffPirna).messages({ caseId })).messages.find(
        (m) => m.messageId === questionAtAuthority,
      );
      expect(atAuthority?.retrievedAt).toBe(opened.firstRetrievedAt);
      // When the mailbox took it: the authority's proof of provision.
      expect(Date.parse(atAuthority?.providedAt ?? '')).toBeLessThanOrEqual(
        Date.parse(opened.firstRetrievedAt ?? ''),
      );
      expect((await world.inbox(staffPirna).get({ caseId })).events.map((e) => e.type)).toContain(
        'read-receipt',
      );

      // The citizen answers; the authority receives it as a later submission on the case, encrypted.
      await world.mail(erika).answer({ messageId: question?.messageId ?? '', body: 'Am 3. März 2026.' });
      expect((await world.casework.pull()).answers).toBe(1);
      const answer = (await world.inbox(staffPirna).messages({ caseId })).messages.find(
        (m) => m.kind === 'answer',
      );
      expect(answer?.body).toBeNull();
      const plain = JSON.parse(await decrypt(answer?.encryptedData ?? ''));
      expect(plain).toMatchObject({
        type: 'answer',
        inReplyTo: questionAtAuthority,
        body: 'Am 3. März 2026.',
      });
      expect((await world.inbox(staffPirna).list({})).cases).toHaveLength(1);
    },
  );

  it.runIf(driver.available)(
    'the decision: sealed at rest, opened at its trust level, with its legal dates',
    async () => {
      await world.mail(erika).consent({ given: true });
      const pdf = new TextEncoder().encode('%PDF-1.7\n% Bescheid über die Anmeldung des Hundes Bello\n');
      const { jwk } = await world.inbox(staffPirna).replyKey({ caseId });
      const jwe = await encryptToReplyKey(jwk, pdf, 'application/pdf');
      const sha512 = createHash('sha512').update(pdf).digest('hex');
      await world.inbox(staffPirna).decide({
        caseId,
        title: 'Bescheid Hundesteuer',
        body: 'Anbei Ihr Bescheid.',
        decision: { filename: 'bescheid.pdf', jwe, sha512, size: pdf.byteLength },
      });
      expect(await codeOf(world.inbox(staffPirna).ask({ caseId, title: 'Noch etwas', body: 'x' }))).toBe(
        'CASEWORK_STATE_INVALID',
      );
      expect((await world.mailbox.pull()).messages).toBe(1);
      const { applications } = await world.mail(erika).list({});
      expect(applications[0]).toMatchObject({ status: 'COMPLETED', statusText: 'Verfahren abgeschlossen' });
      // At level low the decision shows its title and the level it needs, nothing else.
      const low = session(erika.subject, { trustLevel: 'low' });
      const hidden = (await world.mail(low).messages({ applicationId })).messages.find(
        (m) => m.kind === 'decision',
      );
      expect(hidden).toMatchObject({
        title: 'Bescheid Hundesteuer',
        body: null,
        readable: false,
        requiredTrustLevel: 'substantial',
        attachments: [],
      });
      expect(await codeOf(world.mail(low).open({ messageId: hidden?.messageId ?? '' }))).toBe(
        'MAILBOX_TRUST_LEVEL',
      );
      const decision = await world.mail(erika).open({ messageId: hidden?.messageId ?? '' });
      expect(decision.attachments).toEqual([{ filename: 'bescheid.pdf', sha512, size: pdf.byteLength }]);
      expect(decision.providedAt).toBeTruthy();
      // No notification channel is configured here: none is claimed to have been sent.
      expect(decision.notificationSentAt).toBeNull();
      const retrievedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(
        new Date(decision.firstRetrievedAt ?? ''),
      );
      const next = new Date(`${retrievedOn}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      expect(decision.deemedNotifiedAt).toBe(next.toISOString().slice(0, 10));
      const file = await world.mailbox.attachment(erika, decision.messageId, 0);
      expect(Buffer.from(file.bytes).equals(Buffer.from(pdf))).toBe(true);
      // The download route: the owner at the level gets the PDF, private and not stored; anyone else 404.
      const route = createMailboxAttachmentRoute({
        mailbox: world.mailbox,
        resolveSession: async (request) => {
          const who = String(request.headers['x-test-session'] ?? '');
          const sessions: Record<string, typeof erika> = {
            erika,
            'erika-low': low,
            jonas,
            staff: staffPirna,
          };
          return sessions[who] ?? null;
        },
      });
      const server = createServer((req, res) => {
        void route(req, res, new URL(req.url ?? '/', 'http://localhost')).then((handled) => {
          if (!handled) res.writeHead(404).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const download = (who: string, path = `/postfach/anlage/${decision.messageId}/0`) =>
        fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-test-session': who } });
      try {
        const ok = await download('erika');
        expect(ok.status).toBe(200);
        expect(ok.headers.get('cache-control')).toBe('private, no-store');
        expect(ok.headers.get('content-type')).toBe('application/pdf');
        expect(Buffer.from(await ok.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
        for (const who of ['jonas', 'staff', 'nobody']) expect((await download(who)).status).toBe(404);
        expect((await download('erika-low')).status).toBe(403);
        expect((await download('erika', `/postfach/anlage/${decision.messageId}/1`)).status).toBe(404);
      } finally {
        server.close();
      }
      // Sealed at rest: neither the PDF nor the title is in the mailbox tables as plain text.
      const plainIn = async (table: 'attachment' | 'message', needle: string) =>
        (
          await sql<{ n: string }>`select count(*) as n from ${sql.table(`efa_mailbox.${table}`)}
          where position(convert_to(${needle}, 'UTF8') in sealed) > 0`.execute(db)
        ).rows[0]?.n;
      expect(Number(await plainIn('attachment', 'Bescheid über'))).toBe(0);
      expect(Number(await plainIn('message', 'Bescheid Hundesteuer'))).toBe(0);
      expect(Number(await plainIn('message', 'Impfnachweis'))).toBe(0);
      await world.casework.pull();
      const atAuthority = (await world.inbox(staffPirna).messages({ caseId })).messages.find(
        (m) => m.kind === 'decision',
      );
      expect(atAuthority?.retrievedAt).toBe(decision.firstRetrievedAt);
    },
  );

  it.runIf(driver.available)(
    'a caseworker of another authority is refused at every inbox procedure',
    async () => {
      const inbox = world.inbox(staffDresden);
      expect((await inbox.list({})).cases).toEqual([]);
      const refusals = await Promise.all([
        codeOf(inbox.get({ caseId })),
        codeOf(inbox.recordVerification({ caseId, reference: 'EFA-AAAA-BBBB', result: 'invalid' })),
        codeOf(inbox.postEvent({ caseId, submissionId, set: 'aaaaaaaaaa.bbbbbbbbbb.cccccccccc' })),
        codeOf(inbox.setStatus({ caseId, status: 'in_progress' })),
        codeOf(inbox.ask({ caseId, title: 'x', body: 'y' })),
        codeOf(
          inbox.decide({
            caseId,
            title: 'x',
            body: 'y',
            decision: {
              filename: 'x.pdf',
              jwe: `${'a'.repeat(100)}.b.c.d.e`,
              sha512: 'a'.repeat(128),
              size: 1,
            },
          }),
        ),
        codeOf(inbox.replyKey({ caseId })),
        codeOf(inbox.messages({ caseId })),
      ]);
      expect(refusals).toEqual(Array(8).fill('CASEWORK_CASE_NOT_FOUND'));
      expect((await inbox.destinationKeys({})).destinations.map((d) => d.authorityName)).toEqual([
        dresden.name,
      ]);
    },
  );

  it.runIf(driver.available)('citizens and nobody never reach the inbox', async () => {
    for (const who of [
      erika,
      jonas,
      session('x', { roles: ['caseworker'] }),
      session('y', { authority: pirna }),
    ]) {
      const inbox = world.inbox(who);
      expect(await codeOf(inbox.list({}))).toBe('CASEWORK_STAFF_ONLY');
      expect(await codeOf(inbox.get({ caseId }))).toBe('CASEWORK_STAFF_ONLY');
      expect(await codeOf(inbox.messages({ caseId }))).toBe('CASEWORK_STAFF_ONLY');
      const refused = await Promise.all([
        codeOf(inbox.destinationKeys({})),
        codeOf(inbox.recordVerification({ caseId, reference: 'EFA-AAAA-BBBB', result: 'valid' })),
        codeOf(inbox.postEvent({ caseId, submissionId, set: 'aaaaaaaaaa.bbbbbbbbbb.cccccccccc' })),
        codeOf(inbox.setStatus({ caseId, status: 'in_progress' })),
        codeOf(inbox.ask({ caseId, title: 'x', body: 'y' })),
        codeOf(inbox.replyKey({ caseId })),
      ]);
      expect(refused).toEqual(Array(6).fill('CASEWORK_STAFF_ONLY'));
      expect(
        await codeOf(
          inbox.decide({
            caseId,
            title: 'x',
            body: 'y',
            decision: {
              filename: 'x.pdf',
              jwe: `${'a'.repeat(100)}.b.c.d.e`,
              sha512: 'a'.repeat(128),
              size: 1,
            },
          }),
        ),
      ).toBe('CASEWORK_STAFF_ONLY');
    }
    expect(await codeOf(world.inbox(null).list({}))).toBe('UNAUTHORIZED');
  });

  it.runIf(driver.available)('another citizen is refused at every mailbox procedure', async () => {
    const mail = world.mail(jonas);
    expect((await mail.list({})).applications).toEqual([]);
    const messageIds = (await world.mail(erika).messages({ applicationId })).messages.map((m) => m.messageId);
    const question = (await world.mail(erika).messages({ applicationId })).messages.find(
      (m) => m.kind === 'question',
    );
    expect(await codeOf(mail.messages({ applicationId }))).toBe('MAILBOX_APPLICATION_NOT_FOUND');
    for (const messageId of messageIds) {
      expect(await codeOf(mail.open({ messageId }))).toBe('MAILBOX_MESSAGE_NOT_FOUND');
      expect(await codeOf(world.mailbox.attachment(jonas, messageId, 0))).toBe('MAILBOX_MESSAGE_NOT_FOUND');
    }
    expect(await codeOf(mail.answer({ messageId: question?.messageId ?? '', body: 'Fremde Antwort' }))).toBe(
      'MAILBOX_MESSAGE_NOT_FOUND',
    );
    // A caseworker has no mailbox of the citizen either.
    expect((await world.mail(staffPirna).list({})).applications).toEqual([]);
    expect(await codeOf(world.mail(null).list({}))).toBe('UNAUTHORIZED');
    // Consent is per citizen: Jonas' choice leaves Erika's as it was.
    await mail.consent({ given: false });
    expect((await world.mail(erika).currentConsent({})).consent?.given).toBe(true);
  });

  it.runIf(driver.available)(
    'a rejected application ends COMPLETED with the rejection text; the case is closed',
    async () => {
      const application = handoff(erika.subject);
      await world.pipeline.accept(deliveryRequest(application));
      for (let i = 0; i < 600; i++) {
        if (
          (await world.pipeline.statusFor(erika.subject, application.applicationId))?.delivery === 'submitted'
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await world.casework.pull()).cases).toBe(1);
      const row = (await world.inbox(staffPirna).list({})).cases.find((c) => c.caseId !== caseId);
      const full = await world.inbox(staffPirna).get({ caseId: row?.caseId ?? '' });
      const sent = {
        submissionId: full.submissionId,
        caseId: full.caseId,
        encryptedMetadata: full.encryptedMetadata,
        encryptedData: full.encryptedData,
        attachmentIds: full.attachments.map((a) => a.attachmentId),
        encryptedAttachments: full.attachments.map((a) => a.jwe),
      };
      const set = await destinationEvent(keys, sent, 'reject-submission', {
        authenticationTags: authenticationTags(sent as Parameters<typeof authenticationTags>[0]),
        problems: [
          {
            type: 'https://schema.fitko.de/fit-connect/events/problems/incorrect-authentication-tag',
            title: 'Authentifizierungs-Tags der Event-Log-Einträge sind inkonsistent',
            detail: 'test',
            instance: 'metadata',
          },
        ],
      });
      await world.inbox(staffPirna).postEvent({ caseId: full.caseId, submissionId: full.submissionId, set });
      expect(
        (await world.inbox(staffPirna).list({})).cases.find((c) => c.caseId === full.caseId)?.status,
      ).toBe('rejected');
      expect(
        await codeOf(world.inbox(staffPirna).setStatus({ caseId: full.caseId, status: 'in_progress' })),
      ).toBe('CASEWORK_STATE_INVALID');
      expect(await world.pipeline.refreshDecision(application.applicationId)).toBe('rejected');
      const listed = (await world.mail(erika).list({})).applications.find(
        (a) => a.applicationId === application.applicationId,
      );
      expect(listed).toMatchObject({
        status: 'COMPLETED',
        statusText: 'Abgeschlossen: von der Behörde abgelehnt',
        additionalInformation: 'Authentifizierungs-Tags der Event-Log-Einträge sind inkonsistent',
      });
      expect(listed?.track.map((t) => t.status)).toEqual(['INITIATED', 'SUBMITTED', 'COMPLETED']);
      expect((await world.mail(erika).list({})).applications).toHaveLength(2);
    },
  );

  it.runIf(driver.available)(
    'pulls on its own when started: a new case and a question arrive without a manual pull',
    async () => {
      const application = handoff(erika.subject);
      await world.pipeline.accept(deliveryRequest(application));
      const caseworkPull = startPulling(() => world.casework.pull(), { intervalMs: 50 });
      const mailboxPull = startPulling(() => world.mailbox.pull(), { intervalMs: 50 });
      try {
        // The pipeline delivers; the casework's own pull brings the case into the inbox.
        await expect
          .poll(async () => (await world.inbox(staffPirna).list({})).cases.length, {
            timeout: 60_000,
            interval: 100,
          })
          .toBe(3);
        const fresh = (await world.inbox(staffPirna).list({})).cases.find((c) => c.status === 'received');
        await world
          .inbox(staffPirna)
          .ask({ caseId: fresh?.caseId ?? '', title: 'Noch eine Frage', body: 'Welche Farbe hat der Hund?' });
        await expect
          .poll(
            async () =>
              (await world.mail(erika).messages({ applicationId: application.applicationId })).messages.map(
                (m) => m.title,
              ),
            { timeout: 30_000, interval: 100 },
          )
          .toEqual(['Noch eine Frage']);
      } finally {
        await caseworkPull.stop();
        await mailboxPull.stop();
      }
    },
  );

  it.runIf(driver.available)('the authority side holds no plain-text application anywhere', async () => {
    const tables = await sql<{ t: string }>`
      select coalesce(string_agg(c::text, ''), '') as t from (
        select row_to_json(x)::text as c from efa_casework.case x
        union all select row_to_json(x)::text from efa_casework.attachment x
        union all select row_to_json(x)::text from efa_casework.message x
        union all select row_to_json(x)::text from efa_casework.event x) rows`.execute(db);
    const all = tables.rows[0]?.t ?? '';
    expect(all.length).toBeGreaterThan(1000);
    for (const plain of [
      'Bello-von-Pirna',
      'Erika Mustermann',
      'Lageplan',
      'Am 3. März 2026',
      'Bescheid über',
    ]) {
      expect(all).not.toContain(plain);
    }
  });
});
