/**
 * Bench of the citizen's mailbox (issue 13): the `mailbox.list` query (applications of one
 * citizen with status, track and unread count) on PostgreSQL, p50 and p99 over random
 * citizens of a filled database (10,000 applications, 40,000 messages). Writes
 * bench/raw/submission-mailbox.json. Run after the build: `node dist/bench/mailbox.js`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newReferenceNumber } from '@efa-kit/core';
import {
  createDatabase,
  createDataSealer,
  generateDataKeyEntry,
  migrate,
  parseDataKeyRing,
} from '@efa-kit/core/server';
import { startPostgres } from '@efa-kit/core/testing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import { createReplyInboxApi } from '../casework/api.js';
import { createMailbox } from '../casework/mailbox.js';
import { type MailboxTables, mailboxMigrations } from '../casework/storage.js';
import { ownerHashOf } from '../delivery/pipeline.js';
import { type DeliveryTables, deliveryMigrations } from '../delivery/storage.js';
import { createSubmissionApiClient } from '../fit-connect/index.js';

const citizens = Number(process.env.EFA_BENCH_CITIZENS ?? 2000);
const applicationsPerCitizen = 5;
const messagesPerApplication = 4;
const samples = Number(process.env.EFA_BENCH_SAMPLES ?? 2000);
const pkg = '@efa-kit/submission';
const round = (value: number) => Math.round(value * 100) / 100;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function main() {
  const server = await startPostgres();
  if (!server) throw new Error('the mailbox bench needs PostgreSQL (Debian postgres 15)');
  const db = await createDatabase(server.url);
  try {
    await migrate(db, [deliveryMigrations, mailboxMigrations]);
    const tables = db.withTables<DeliveryTables & MailboxTables>();
    const sealer = createDataSealer(parseDataKeyRing(generateDataKeyEntry('bench')));
    const { privateKey } = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    const replyPrivateKey = {
      ...jwk,
      kid: await calculateJwkThumbprint({ kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }),
    };
    // The list reads the database only; the delivery service clients are never called here.
    const endpoints = {
      baseUrl: 'http://127.0.0.1:9',
      tokenUrl: 'http://127.0.0.1:9/token',
      clientId: 'b',
      clientSecret: 'b',
    };
    const mailbox = createMailbox({
      db,
      sealer,
      replies: createReplyInboxApi(endpoints),
      submissions: createSubmissionApiClient(endpoints),
      replyPrivateKey,
      publicOrigin: 'https://portal.example',
    });
    const subjects = Array.from({ length: citizens }, (_, i) => `bench-citizen-${i}`);
    const start = Date.now() - 30 * 86_400_000;
    const content = (i: number) =>
      new TextEncoder().encode(
        JSON.stringify({
          title: `Nachricht ${i}`,
          body: 'x'.repeat(400),
          sender: 'Stadt',
          service: 'Hund anmelden',
          reference: null,
          authorityMessageId: randomUUID(),
        }),
      );
    for (const [c, subject] of subjects.entries()) {
      const ownerHash = ownerHashOf(subject);
      const deliveries = [];
      const messages = [];
      for (let a = 0; a < applicationsPerCitizen; a++) {
        const applicationId = randomUUID();
        const caseId = randomUUID();
        const submittedAt = new Date(start + (c * applicationsPerCitizen + a) * 1000);
        deliveries.push({
          application_id: applicationId,
          reference: newReferenceNumber(),
          owner_hash: ownerHash,
          form_id: 'dog-registration',
          leika_key: '99102013104000',
          destination_id: randomUUID(),
          locale: 'de',
          state: 'accepted' as const,
          failed_in: null,
          submission_id: randomUUID(),
          case_id: caseId,
          attempts: 0,
          last_error: null,
          claimed_by: null,
          claimed_until: null,
          submitted_at: submittedAt,
          delivered_at: new Date(submittedAt.getTime() + 5000),
          decided_at: new Date(submittedAt.getTime() + 60_000),
          updated_at: submittedAt,
        });
        for (let m = 0; m < messagesPerApplication; m++) {
          const messageId = randomUUID();
          const kind =
            m === messagesPerApplication - 1
              ? ('decision' as const)
              : m === 1
                ? ('question' as const)
                : ('status' as const);
          messages.push({
            message_id: messageId,
            application_id: applicationId,
            owner_hash: ownerHash,
            case_id: caseId,
            reply_id: randomUUID(),
            kind,
            status: kind === 'decision' ? 'decided' : kind === 'question' ? 'action_required' : 'in_progress',
            sealed: sealer.seal(content(m), `mailbox:${messageId}:content`),
            required_trust_level: kind === 'decision' ? ('substantial' as const) : ('low' as const),
            provided_at: new Date(submittedAt.getTime() + (m + 2) * 3_600_000),
            notification_sent_at: null,
            first_retrieved_at: m < 2 ? new Date(submittedAt.getTime() + (m + 3) * 3_600_000) : null,
            receipt_sent_at: null,
            answers: null,
            created_at: submittedAt,
          });
        }
      }
      await tables.insertInto('efa_submission.delivery').values(deliveries).execute();
      await tables.insertInto('efa_mailbox.message').values(messages).execute();
    }
    await sql`analyze`.execute(db);
    // Warm-up, then one query at a time (what one page view costs).
    for (let i = 0; i < 200; i++) await mailbox.list(subjects[i % citizens] ?? '', 'de');
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const subject = subjects[Math.floor(Math.random() * citizens)] ?? '';
      const t0 = performance.now();
      const { applications } = await mailbox.list(subject, 'de');
      times.push(performance.now() - t0);
      if (applications.length !== applicationsPerCitizen)
        throw new Error(`expected ${applicationsPerCitizen} applications`);
    }
    const p99 = percentile(times, 99);
    const rows = [
      {
        package: pkg,
        metric: `mailbox list query (mailbox.list: ${applicationsPerCitizen} applications, ${applicationsPerCitizen * messagesPerApplication} messages of one citizen among ${citizens * applicationsPerCitizen} applications), p99 on PostgreSQL`,
        value: round(p99),
        unit: 'ms',
        target: '≤ 20',
        pass: p99 <= 20,
      },
      {
        package: pkg,
        metric: 'mailbox list query, p50 on PostgreSQL',
        value: round(percentile(times, 50)),
        unit: 'ms',
        target: 'info',
      },
      {
        package: pkg,
        metric: `1-minute load average during the mailbox run (${cpus().length} cores)`,
        value: round(loadavg()[0] ?? 0),
        unit: '',
        target: 'info',
      },
    ];
    const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bench', 'raw');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'submission-mailbox.json'), `${JSON.stringify(rows, null, 2)}\n`);
    for (const row of rows)
      console.log(
        `${row.pass === false ? 'MISS' : 'ok  '} ${row.metric}: ${row.value} ${row.unit} (target ${row.target})`,
      );
  } finally {
    await db.destroy();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
