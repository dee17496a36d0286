import { createHash, randomUUID } from 'node:crypto';
import { isEfaError } from '@efa-kit/core';
import {
  type ApplicationHandoff,
  type DataSealer,
  type EfaDatabase,
  type IdentityProof,
  jobsIn,
  type PaidFee,
  type PgBoss,
  type SubmitAnswer,
} from '@efa-kit/core/server';
import { sql } from 'kysely';
import {
  buildMetadata,
  type DestinationInfo,
  encryptForDestination,
  type SubmissionApi,
  SubmissionApiError,
  sha512Hex,
} from '../fit-connect/index.js';
import type { MetadataReplyChannel } from '../schema/metadata.js';
import { combineWrites } from './combine.js';
import { deliveryError } from './errors.js';
import { createEventCallbackConsumer } from './event-callback.js';
import {
  decisionSweepQueue,
  deliveryDeadLetterQueue,
  deliveryQueue,
  ensureDeliveryQueues,
  listFailedDeliveries,
  redriveDelivery,
} from './operations.js';
import { citizenDelivery, type DeliveryStatus, statusOf, unfinishedStates } from './status.js';
import type { DeliveryPartRow, DeliveryRow, DeliveryState, DeliveryTables } from './storage.js';

export type { DeliveryStatus };
export { deliveryDeadLetterQueue, deliveryQueue };

const eventUri = (name: string) => `https://schema.fitko.de/fit-connect/events/${name}`;

/** What the app adds to the form assistant's handoff: service, destination, fee, PDF. */
export interface DeliveryRequest {
  application: ApplicationHandoff;
  /** The reference number (`newReferenceNumber()`), already printed in the application PDF. */
  reference: string;
  /** When the portal took the application; the PDF shows the same instant. */
  submittedAt: Date;
  service: { leikaKey: string; name: string };
  destinationId: string;
  fee: PaidFee | null;
  /**
   * What the receipt shows besides the delivery status, sealed and kept for the citizen; the
   * application PDF (`renderFormPdf`) is made from it in the delivery job, off the submit path.
   */
  receipt: Readonly<Record<string, unknown>>;
}

/** The envelope sealed at submit: everything the metadata needs, until the key is known. */
interface Envelope {
  leikaKey: string;
  serviceName: string;
  schemaUri: string;
  reference: string;
  applicationDate: string;
  fee: PaidFee | null;
  /** The login's identity proof (`authenticationInformation`), when the session had one. */
  authentication?: IdentityProof;
  /** The application PDF still to render (attachment purpose `form`), with its stable id. */
  form: { attachmentId: string; filename: string } | null;
  /** Where the authority answers (metadata `replyChannel`), chosen at submit. */
  replyChannel?: MetadataReplyChannel;
  attachments: Array<{
    attachmentId: string;
    filename: string;
    mimeType: string;
    size: number;
    sha512: string;
    purpose: 'form' | 'attachment' | 'report';
  }>;
}

export interface DeliveryPipelineOptions {
  db: EfaDatabase;
  boss: PgBoss;
  sealer: DataSealer;
  api: SubmissionApi;
  /**
   * Renders the application as PDF (FIT-Connect attachment purpose `form`) from the receipt
   * view; without it no form PDF travels along.
   */
  renderFormPdf?: (view: Readonly<Record<string, unknown>>) => Promise<Uint8Array>;
  /** How long a pipeline instance holds an application while working on it; default 30 s. */
  leaseSeconds?: number;
  /** Attempts before an application is set to failed for operators; default 10. */
  retryLimit?: number;
  /** First retry delay in seconds, doubled each time (with jitter) up to 10 minutes; default 5. */
  retryDelaySeconds?: number;
  /**
   * Applications one instance delivers at once (default 16): each worker fetches jobs in
   * batches and advances them side by side, so the delivery service's round trips overlap.
   */
  concurrency?: number;
  log?: (line: string) => void;
  /**
   * The reply channel written into the metadata (`replyChannel`), per application: the
   * portal's mailbox gives `{ fink: { finkPostfachRef, host } }` (casework `replyChannelFor`).
   * Without it the metadata names none (the answer comes by letter).
   */
  replyChannel?: (application: ApplicationHandoff) => MetadataReplyChannel | undefined;
  /**
   * The secret the delivery service signs its event callbacks to this portal with (HMAC-SHA-512;
   * FIT-Connect's callback secret, at least 32 characters). With it, `takeEventCallback` (and
   * the route `createEventCallbackRoute`) updates a status as soon as the authority answers;
   * the once-a-minute sweep of the event logs stays as the fallback.
   */
  eventCallbackSecret?: string;
}

/** How long a destination's description (status, services, key id) is taken as read. */
const destinationCacheMs = 30_000;

export function ownerHashOf(subject: string): string {
  return createHash('sha256').update(`subject:${subject}`, 'utf8').digest('hex');
}

/** The calendar date in Germany (FIT-Connect's `applicationDate`), not the UTC one. */
const berlinDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' });
const berlinDate = (instant: Date) => berlinDay.format(instant);

/** What claiming an application gave: the lease with its parts, or why not. */
type Claim =
  | { kind: 'claimed'; row: DeliveryRow; parts: DeliveryPartRow[] }
  | { kind: 'busy' }
  | { kind: 'done'; state: DeliveryState };

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * The delivery of applications to their destinations: `accept` stores an application (sealed)
 * and enqueues its delivery in one transaction; the worker drives each one through the
 * Submission API step by step, storing every id the moment the delivery service hands it out,
 * so that a crash at any point resumes where it stopped and nothing is submitted twice.
 */
export function createDeliveryPipeline(options: DeliveryPipelineOptions) {
  const db = options.db.withTables<DeliveryTables>();
  const { boss, sealer, api } = options;
  const instance = randomUUID();
  const leaseSeconds = options.leaseSeconds ?? 30;
  const log = options.log ?? (() => {});
  const table = 'efa_submission.delivery' as const;
  const parts = 'efa_submission.delivery_part' as const;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  /** The delivery worker, woken when an application is accepted (instead of its next poll). */
  let deliveryWorker: string | undefined;
  /** Applications an advance() of this instance is working on right now. */
  const inFlight = new Set<string>();
  const destinations = new Map<string, { expiresAt: number; value: Promise<DestinationInfo> }>();

  /** A burst of applications to one authority asks for its destination once per half minute. */
  function destinationOf(destinationId: string): Promise<DestinationInfo> {
    const now = Date.now();
    const hit = destinations.get(destinationId);
    if (hit && hit.expiresAt > now) return hit.value;
    if (destinations.size > 1000) destinations.clear();
    const value = api.destination(destinationId);
    destinations.set(destinationId, { expiresAt: now + destinationCacheMs, value });
    value.catch(() => destinations.delete(destinationId));
    return value;
  }

  async function read(applicationId: string): Promise<DeliveryRow | undefined> {
    return db.selectFrom(table).selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  }

  function answerOf(row: DeliveryRow): SubmitAnswer {
    return {
      applicationId: row.application_id,
      reference: row.reference,
      delivery: citizenDelivery(row.state),
      submittedAt: new Date(row.submitted_at).toISOString(),
    };
  }

  /** The same application id twice from its owner is the same submit; from anyone else it is unknown. */
  function existingAnswer(row: DeliveryRow, ownerHash: string): SubmitAnswer {
    if (row.owner_hash !== ownerHash) throw deliveryError('SUBMISSION_NOT_FOUND');
    return answerOf(row);
  }

  /** An application ready to be stored: its rows, sealed, and who is waiting for the answer. */
  interface PreparedAccept {
    row: DeliveryRow;
    parts: DeliveryPartRow[];
    resolve(answer: SubmitAnswer): void;
    reject(error: unknown): void;
  }

  /**
   * Seals the application (CPU only) and hands it to the group commit. No read first: the
   * sink asks `answerFor` before it computes anything, and a concurrent duplicate is caught by
   * the primary key in the insert (`on conflict do nothing`), answered from the row it met.
   */
  async function accept(request: DeliveryRequest): Promise<SubmitAnswer> {
    const { application } = request;
    const ownerHash = ownerHashOf(application.subject);

    // Read and re-hash every upload now: what is delivered is exactly what the hash says.
    const files: Array<{ attachmentId: string; bytes: Uint8Array; meta: Envelope['attachments'][number] }> =
      [];
    for (const upload of application.uploads) {
      const bytes = await upload.content();
      const sha512 = sha512Hex(bytes);
      if (sha512 !== upload.sha512)
        throw deliveryError('SUBMISSION_ATTACHMENT_ALTERED', { filename: upload.filename });
      files.push({
        attachmentId: upload.attachmentId,
        bytes,
        meta: {
          attachmentId: upload.attachmentId,
          filename: upload.filename,
          mimeType: upload.mimeType,
          size: bytes.byteLength,
          sha512,
          purpose: upload.purpose,
        },
      });
    }
    const form = options.renderFormPdf
      ? { attachmentId: randomUUID(), filename: `antrag-${application.formId}.pdf` }
      : null;
    const data = new TextEncoder().encode(JSON.stringify(application.data));
    const now = request.submittedAt;
    const { reference } = request;
    const envelope: Envelope = {
      leikaKey: request.service.leikaKey,
      serviceName: request.service.name,
      schemaUri: application.schemaUri,
      reference,
      applicationDate: berlinDate(now),
      fee: request.fee,
      ...(application.identityProof ? { authentication: application.identityProof } : {}),
      form,
      attachments: files.map((file) => file.meta),
    };
    const replyChannel = options.replyChannel?.(application);
    if (replyChannel) envelope.replyChannel = replyChannel;
    const id = application.applicationId;
    const seal = (part: string, bytes: Uint8Array) => sealer.seal(bytes, `submission:${id}:${part}`);
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const part = (name: string, sealed: Uint8Array): DeliveryPartRow => ({
      application_id: id,
      part: name,
      sealed,
      jwe: null,
      uploaded_at: null,
    });
    const row: DeliveryRow = {
      application_id: id,
      reference,
      owner_hash: ownerHash,
      form_id: application.formId,
      leika_key: request.service.leikaKey,
      destination_id: request.destinationId,
      locale: application.locale,
      state: 'created',
      failed_in: null,
      submission_id: null,
      case_id: null,
      attempts: 0,
      last_error: null,
      claimed_by: null,
      claimed_until: null,
      submitted_at: now,
      delivered_at: null,
      decided_at: null,
      updated_at: now,
    };
    const rows = [
      part('data', seal('data', data)),
      part('envelope', seal('envelope', json(envelope))),
      part(
        'receipt',
        seal('receipt', json({ ...request.receipt, reference, submittedAt: now.toISOString() })),
      ),
      ...files.map((file) => part(file.attachmentId, seal(file.attachmentId, file.bytes))),
    ];
    return new Promise<SubmitAnswer>((resolve, reject) => {
      acceptQueue.push({ row, parts: rows, resolve, reject });
      if (!accepting) void drainAccepts();
    });
  }

  /**
   * Group commit: whatever accepts arrived while the previous transaction ran go into the next
   * one together, as three multi-row statements (applications, parts, jobs) between BEGIN and
   * COMMIT, instead of five round trips each. Nobody waits for a timer: the first accept of a
   * quiet moment is written at once, alone. Each caller still gets its answer only after the
   * commit that holds its application.
   */
  const acceptQueue: PreparedAccept[] = [];
  let accepting = false;
  const acceptBatchLimit = 64;

  async function drainAccepts(): Promise<void> {
    accepting = true;
    try {
      while (acceptQueue.length > 0) await storeAccepts(acceptQueue.splice(0, acceptBatchLimit));
    } finally {
      accepting = false;
    }
  }

  async function storeAccepts(batch: PreparedAccept[]): Promise<void> {
    // The same application twice in one batch (a double click): the first is written, the
    // other is answered from its row like any later duplicate.
    const first = new Map<string, PreparedAccept>();
    const repeats: PreparedAccept[] = [];
    for (const item of batch) {
      if (first.has(item.row.application_id)) repeats.push(item);
      else first.set(item.row.application_id, item);
    }
    const items = [...first.values()];
    let inserted: DeliveryRow[];
    try {
      inserted = await db.transaction().execute(async (trx) => {
        const written = await trx
          .insertInto(table)
          .values(items.map((item) => item.row))
          .onConflict((conflict) => conflict.column('application_id').doNothing())
          .returningAll()
          .execute();
        if (written.length === 0) return written;
        const ids = new Set(written.map((row) => row.application_id));
        const fresh = items.filter((item) => ids.has(item.row.application_id));
        await trx
          .insertInto(parts)
          .values(fresh.flatMap((item) => item.parts))
          .execute();
        await boss.insert(
          deliveryQueue,
          fresh.map((item) => ({ data: { applicationId: item.row.application_id } })),
          { db: jobsIn(trx) },
        );
        return written;
      });
    } catch (error) {
      // A reference number drawn twice (50 bits: about one in 10^9 at a million a year) rolls
      // back the whole batch: each is tried alone, so only the one concerned is refused.
      if (isUniqueViolation(error) && batch.length > 1) {
        for (const item of batch) await storeAccepts([item]);
        return;
      }
      // Refused as retryable; the browser repeats the submit and the sink draws a new one.
      const refusal = isUniqueViolation(error)
        ? deliveryError('SUBMISSION_REFERENCE_TAKEN', {}, { cause: error })
        : error;
      for (const item of batch) item.reject(refusal);
      return;
    }
    const written = new Map(inserted.map((row) => [row.application_id, row]));
    if (written.size > 0 && deliveryWorker) boss.notifyWorker(deliveryWorker);
    for (const item of items) {
      const row = written.get(item.row.application_id);
      if (!row) continue;
      log(`submission ${row.reference}: stored, delivery to ${row.destination_id} queued`);
      item.resolve(answerOf(row));
    }
    // Met an application already stored (or a repeat in this batch): its owner gets the first
    // answer, anyone else an unknown id.
    const others = [...items.filter((item) => !written.has(item.row.application_id)), ...repeats];
    for (const item of others) {
      try {
        const existing = await read(item.row.application_id);
        if (!existing) throw deliveryError('SUBMISSION_NOT_FOUND');
        item.resolve(existingAnswer(existing, item.row.owner_hash));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /**
   * Takes the lease on unfinished applications, a fetched batch in one statement, and reads
   * their parts in a second: two statements per batch instead of two per application. An
   * application not claimed is 'busy' (another instance holds it) or 'done' (nothing to do).
   */
  async function claim(applicationIds: readonly string[]): Promise<Map<string, Claim>> {
    const answers = new Map<string, Claim>();
    if (applicationIds.length === 0) return answers;
    const claimed = await db
      .updateTable(table)
      .set({
        claimed_by: instance,
        claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
        attempts: sql<number>`attempts + 1`,
        updated_at: new Date(),
      })
      .where('application_id', 'in', applicationIds)
      .where('state', 'in', [...unfinishedStates])
      .where((eb) =>
        eb.or([
          eb('claimed_until', 'is', null),
          eb('claimed_until', '<', sql<Date>`now()`),
          eb('claimed_by', '=', instance),
        ]),
      )
      .returningAll()
      .execute();
    const partsOf = new Map<string, DeliveryPartRow[]>();
    if (claimed.length > 0) {
      const rows = await db
        .selectFrom(parts)
        .selectAll()
        .where(
          'application_id',
          'in',
          claimed.map((row) => row.application_id),
        )
        .execute();
      for (const part of rows) {
        const list = partsOf.get(part.application_id) ?? [];
        list.push(part);
        partsOf.set(part.application_id, list);
      }
    }
    for (const row of claimed)
      answers.set(row.application_id, { kind: 'claimed', row, parts: partsOf.get(row.application_id) ?? [] });
    const rest = applicationIds.filter((id) => !answers.has(id));
    if (rest.length > 0) {
      const current = await db
        .selectFrom(table)
        .select(['application_id', 'state'])
        .where('application_id', 'in', rest)
        .execute();
      const states = new Map(current.map((row) => [row.application_id, row.state]));
      for (const id of rest) {
        const state = states.get(id) ?? 'failed';
        answers.set(id, unfinishedStates.includes(state) ? { kind: 'busy' } : { kind: 'done', state });
      }
    }
    return answers;
  }

  /** Gives the lease back with `values`, only while this instance still holds it. */
  async function release(applicationId: string, values: Partial<DeliveryRow>): Promise<void> {
    await db
      .updateTable(table)
      .set({ ...values, claimed_by: null, claimed_until: null, updated_at: new Date() })
      .where('application_id', '=', applicationId)
      .where('claimed_by', '=', instance)
      .execute();
  }

  /**
   * Keeps the lease while an advance works on the application (a large upload or a slow
   * delivery service can outlast it): renewed every third of its length while this instance
   * still holds it. `check()` before each request to the delivery service: once the lease was
   * lost (this process stalled past it and another instance took over) nothing more is sent.
   */
  function keepLease(applicationId: string) {
    let lost = false;
    let renewing: Promise<void> | undefined;
    const timer = setInterval(
      () => {
        if (renewing || lost) return;
        renewing = db
          .updateTable(table)
          .set({ claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
          .where('application_id', '=', applicationId)
          .where('claimed_by', '=', instance)
          .where('state', 'in', [...unfinishedStates])
          .returning('application_id')
          .executeTakeFirst()
          .then(
            (row) => {
              if (row) return;
              lost = true;
              log(`submission ${applicationId}: lease lost to another pipeline instance; this one stops`);
            },
            // A failed renewal is tried again at the next tick; the lease has two more.
            () => undefined,
          )
          .finally(() => {
            renewing = undefined;
          });
      },
      Math.max(50, (leaseSeconds * 1000) / 3),
    );
    timer.unref();
    return {
      check(): void {
        if (lost) throw new SubmissionApiError('lease lost to another pipeline instance', true, null, null);
      },
      async stop(): Promise<void> {
        clearInterval(timer);
        await renewing;
      },
    };
  }

  async function update(applicationId: string, values: Partial<DeliveryRow>): Promise<void> {
    await db
      .updateTable(table)
      .set({ ...values, updated_at: new Date() })
      .where('application_id', '=', applicationId)
      .execute();
  }

  /**
   * Encrypts every part for the destination's verified key, in memory: the parts as they are
   * to be stored (the sealed plaintext of every sent part dropped), written by `announce`.
   * `fresh: false` when they were stored encrypted already (an older run got that far).
   */
  async function encrypt(
    row: DeliveryRow,
    rows: DeliveryPartRow[],
  ): Promise<{ rows: DeliveryPartRow[]; fresh: boolean }> {
    if (rows.every((part) => part.part === 'receipt' || part.jwe !== null)) return { rows, fresh: false };
    const destination = await destinationOf(row.destination_id);
    if (destination.status !== 'active') throw deliveryError('SUBMISSION_DESTINATION_INACTIVE');
    const urn = `urn:de:fim:leika:leistung:${row.leika_key}`;
    if (!destination.services.some((service) => service.identifier === urn)) {
      throw deliveryError('SUBMISSION_SERVICE_NOT_OFFERED', { leikaKey: row.leika_key });
    }
    const key = await api.encryptionKey(row.destination_id, destination.encryptionKid);
    const open = (part: string, sealed: Uint8Array) =>
      sealer.open(sealed, `submission:${row.application_id}:${part}`);
    const envelopeRow = rows.find((part) => part.part === 'envelope');
    const dataRow = rows.find((part) => part.part === 'data');
    if (!envelopeRow?.sealed || !dataRow?.sealed)
      throw new Error(`submission ${row.reference}: parts missing`);
    const envelope = JSON.parse(new TextDecoder().decode(open('envelope', envelopeRow.sealed))) as Envelope;
    const data = open('data', dataRow.sealed);
    // The application PDF is made here, not in the submit request (it takes tens of ms).
    const receiptRow = rows.find((part) => part.part === 'receipt');
    let formPdf: { bytes: Uint8Array; meta: Envelope['attachments'][number] } | null = null;
    let receiptView: Record<string, unknown> | null = null;
    if (envelope.form && options.renderFormPdf && receiptRow?.sealed) {
      receiptView = JSON.parse(new TextDecoder().decode(open('receipt', receiptRow.sealed))) as Record<
        string,
        unknown
      >;
      const bytes = await options.renderFormPdf(receiptView);
      formPdf = {
        bytes,
        meta: {
          attachmentId: envelope.form.attachmentId,
          filename: envelope.form.filename,
          mimeType: 'application/pdf',
          size: bytes.byteLength,
          sha512: sha512Hex(bytes),
          purpose: 'form',
        },
      };
      envelope.attachments.push(formPdf.meta);
    }
    const metadata = buildMetadata({
      data: { bytes: data, schemaUri: envelope.schemaUri, mimeType: 'application/json' },
      attachments: envelope.attachments.map((attachment) => ({
        attachmentId: attachment.attachmentId,
        sha512: attachment.sha512,
        mimeType: attachment.mimeType,
        filename: attachment.filename,
        purpose: attachment.purpose,
      })),
      publicService: { leikaKey: envelope.leikaKey, name: envelope.serviceName },
      ...(envelope.fee ? { payment: envelope.fee } : {}),
      ...(envelope.authentication ? { authentication: envelope.authentication } : {}),
      senderReference: envelope.reference,
      applicationDate: envelope.applicationDate,
      ...(envelope.replyChannel ? { replyChannel: envelope.replyChannel } : {}),
    });
    // Every part's plaintext first, then all encrypted at once: jose's WebCrypto calls run as
    // jobs on libuv's thread pool, and jobs handed over together cost less CPU per job than the
    // same jobs one after another (0.2–0.4 ms less CPU for the four parts of a dog registration
    // in a micro-benchmark on the 2-core development machine, 1 to 16 applications at once).
    const plaintexts: Array<{ part: string; bytes: Uint8Array; mimeType: string }> = [
      { part: 'data', bytes: data, mimeType: 'application/json' },
      {
        part: 'metadata',
        bytes: new TextEncoder().encode(JSON.stringify(metadata)),
        mimeType: 'application/json',
      },
    ];
    if (formPdf)
      plaintexts.push({ part: formPdf.meta.attachmentId, bytes: formPdf.bytes, mimeType: 'application/pdf' });
    for (const attachment of envelope.attachments) {
      if (attachment.attachmentId === formPdf?.meta.attachmentId) continue;
      const sealed = rows.find((part) => part.part === attachment.attachmentId)?.sealed;
      if (!sealed)
        throw new Error(`submission ${row.reference}: attachment ${attachment.attachmentId} missing`);
      plaintexts.push({
        part: attachment.attachmentId,
        bytes: open(attachment.attachmentId, sealed),
        mimeType: attachment.mimeType,
      });
    }
    const encrypted = await Promise.all(
      plaintexts.map(async ({ part, bytes, mimeType }) => ({
        part,
        jwe: await encryptForDestination(key, bytes, mimeType),
      })),
    );
    let receiptSealed: Uint8Array | null = receiptRow?.sealed ?? null;
    if (formPdf && receiptView) {
      // The receipt lists every file that went to the authority, the application PDF too.
      const { filename, mimeType, size, sha512 } = formPdf.meta;
      const attachments = Array.isArray(receiptView.attachments) ? receiptView.attachments : [];
      const updated = { ...receiptView, attachments: [...attachments, { filename, mimeType, size, sha512 }] };
      receiptSealed = sealer.seal(
        new TextEncoder().encode(JSON.stringify(updated)),
        `submission:${row.application_id}:receipt`,
      );
    }
    const stored: DeliveryPartRow[] = [
      ...encrypted.map(({ part, jwe }) => ({
        application_id: row.application_id,
        part,
        sealed: null,
        jwe,
        uploaded_at: null,
      })),
      ...(receiptRow ? [{ ...receiptRow, sealed: receiptSealed }] : []),
    ];
    // Written with the submission's ids (announce), in one statement.
    return { rows: stored, fresh: true };
  }

  /*
   * The delivery steps' writes, combined across the applications advancing side by side: one
   * statement for all whose step ended while the previous statement ran (combine.ts), instead
   * of one each. Each advance still waits for its own write before its next request.
   */

  /** The submission's ids, with the ciphertexts (the sealed plaintext and envelope out). */
  const recordAnnounced = combineWrites<{
    applicationId: string;
    submissionId: string;
    caseId: string;
    parts: DeliveryPartRow[] | null;
  }>(async (items) => {
    const ids = sql.join(
      items.map(
        (item) => sql`(${item.applicationId}::uuid, ${item.submissionId}::uuid, ${item.caseId}::uuid)`,
      ),
    );
    const announced = sql`
      update efa_submission.delivery as d
         set submission_id = ids.submission_id, case_id = ids.case_id, state = 'announced',
             updated_at = ${new Date()}::timestamptz
        from (values ${ids}) as ids(application_id, submission_id, case_id)
       where d.application_id = ids.application_id`;
    const fresh = items.filter((item) => item.parts);
    if (fresh.length === 0) {
      await announced.execute(db);
      return;
    }
    const dropped = db
      .deleteFrom(parts)
      .where(
        'application_id',
        'in',
        fresh.map((item) => item.applicationId),
      )
      .where('part', '=', 'envelope');
    const stored = db
      .insertInto(parts)
      .values(fresh.flatMap((item) => item.parts ?? []))
      .onConflict((conflict) =>
        conflict.columns(['application_id', 'part']).doUpdateSet((eb) => ({
          sealed: eb.ref('excluded.sealed'),
          jwe: eb.ref('excluded.jwe'),
        })),
      );
    // One statement, atomic on its own.
    await sql`with dropped as (${dropped}), stored as (${stored}) ${announced}`.execute(db);
  });

  /** Every announced attachment is at the delivery service. */
  const recordUploaded = combineWrites<string>(async (applicationIds) => {
    await db
      .updateTable(table)
      .set({ state: 'uploaded', updated_at: new Date() })
      .where('application_id', 'in', applicationIds)
      .execute();
  });

  /** The delivery service took the submission; the lease goes with the same update. */
  const recordSubmitted = combineWrites<string>(async (applicationIds) => {
    const now = new Date();
    await db
      .updateTable(table)
      .set({
        state: 'submitted',
        delivered_at: now,
        last_error: null,
        claimed_by: null,
        claimed_until: null,
        updated_at: now,
      })
      .where('application_id', 'in', applicationIds)
      .execute();
  });

  /**
   * Creates the submission at the delivery service and stores its ids at once, in the same
   * statement as the ciphertexts `encrypt` made (in, with the sealed plaintext they replace and
   * the envelope out): one round trip instead of two, and never a stored JWE without its
   * submission. A crash between the create and this statement leaves an orphan that is never
   * submitted (FIT-Connect deletes it after a day) and the application still `created`.
   */
  async function announce(
    row: DeliveryRow,
    encrypted: { rows: DeliveryPartRow[]; fresh: boolean },
  ): Promise<DeliveryRow> {
    const attachmentIds = encrypted.rows
      .map((part) => part.part)
      .filter((part) => /^[0-9a-f-]{36}$/.test(part));
    const created =
      row.submission_id && row.case_id
        ? { submissionId: row.submission_id, caseId: row.case_id }
        : await api.createSubmission({
            destinationId: row.destination_id,
            announcedAttachments: attachmentIds,
            serviceType: { identifier: `urn:de:fim:leika:leistung:${row.leika_key}`, name: row.leika_key },
          });
    // Stored at once: FIT-Connect has no idempotency key, so this id is our only hold on it.
    await recordAnnounced({
      applicationId: row.application_id,
      submissionId: created.submissionId,
      caseId: created.caseId,
      parts: encrypted.fresh ? encrypted.rows : null,
    });
    log(`submission ${row.reference}: announced as ${created.submissionId}`);
    return { ...row, submission_id: created.submissionId, case_id: created.caseId, state: 'announced' };
  }

  async function upload(
    row: DeliveryRow,
    rows: readonly DeliveryPartRow[],
    leaseHeld: () => void,
  ): Promise<DeliveryRow> {
    const submissionId = row.submission_id as string;
    const due = rows.filter(
      (part) => /^[0-9a-f-]{36}$/.test(part.part) && part.uploaded_at === null && part.jwe !== null,
    );
    // One after another (an attachment may be megabytes); recorded together afterwards, as the
    // state `uploaded`: an upload repeated after a crash replaces the same ciphertext at the
    // delivery service.
    for (const part of due) {
      leaseHeld();
      await api.uploadAttachment(submissionId, part.part, part.jwe as string);
    }
    await recordUploaded(row.application_id);
    return { ...row, state: 'uploaded' };
  }

  async function alreadySubmitted(row: DeliveryRow): Promise<boolean> {
    if (!row.case_id) return false;
    const events = await api.caseEvents(row.case_id, { destinationId: row.destination_id });
    return events.some(
      (event) => event.event === eventUri('submit-submission') && event.submissionId === row.submission_id,
    );
  }

  async function submit(row: DeliveryRow, rows: readonly DeliveryPartRow[]): Promise<DeliveryRow> {
    // Before a repeated submit, the event log says whether the first one got through.
    if (row.attempts > 1 && (await alreadySubmitted(row))) return markSubmitted(row);
    const jweOf = (part: string) => rows.find((candidate) => candidate.part === part)?.jwe;
    const encryptedMetadata = jweOf('metadata');
    const encryptedData = jweOf('data');
    if (!encryptedMetadata || !encryptedData) throw new Error(`submission ${row.reference}: not encrypted`);
    try {
      await api.submit(row.submission_id as string, { encryptedMetadata, encryptedData });
    } catch (error) {
      if (error instanceof SubmissionApiError && !error.retryable && (await alreadySubmitted(row))) {
        return markSubmitted(row);
      }
      throw error;
    }
    return markSubmitted(row);
  }

  async function markSubmitted(row: DeliveryRow): Promise<DeliveryRow> {
    // The lease goes with the same update: nothing is left to do for this application.
    await recordSubmitted(row.application_id);
    // The receipt needs only the summary; the sent ciphertext is kept until the authority
    // accepts (FITKO: keep the content so it can be resent without asking the citizen again).
    log(`submission ${row.reference}: submitted to the delivery service`);
    return { ...row, state: 'submitted' };
  }

  /** One run of the delivery job: as far as the delivery service lets it go. */
  async function advance(applicationId: string): Promise<DeliveryState> {
    const [outcome] = await advanceAll([applicationId]);
    if (outcome?.status === 'fulfilled') return outcome.value;
    throw outcome?.reason;
  }

  /**
   * A fetched batch of delivery jobs: claimed together (two statements), then each
   * application advances on its own, so one slow upload does not hold back the others.
   * The outcome of each, in the order given.
   */
  async function advanceAll(
    applicationIds: readonly string[],
  ): Promise<PromiseSettledResult<DeliveryState>[]> {
    // Two jobs for one application in this instance (the accept's and a resume's, in one
    // batch or not) must not work on it side by side: the lease cannot tell them apart. The
    // second one leaves it to the first, whose job retries if it fails.
    const mine = [...new Set(applicationIds.filter((id) => !inFlight.has(id)))];
    for (const id of mine) inFlight.add(id);
    try {
      let claims: Map<string, Claim>;
      try {
        claims = await claim(mine);
      } catch (error) {
        return applicationIds.map(() => ({ status: 'rejected' as const, reason: error }));
      }
      const runs = new Map(mine.map((id) => [id, runClaimed(id, claims.get(id) ?? { kind: 'busy' })]));
      return await Promise.allSettled(
        applicationIds.map(async (id, index) => {
          const run = applicationIds.indexOf(id) === index ? runs.get(id) : undefined;
          return run ?? (await read(id))?.state ?? 'failed';
        }),
      );
    } finally {
      for (const id of mine) inFlight.delete(id);
    }
  }

  async function runClaimed(applicationId: string, claimed: Claim): Promise<DeliveryState> {
    if (claimed.kind === 'done') return claimed.state;
    if (claimed.kind === 'busy') {
      throw new SubmissionApiError('application held by another pipeline instance', true, null, null);
    }
    let row = claimed.row;
    const lease = keepLease(applicationId);
    try {
      // Read with the claim; each step hands on what it stored.
      let rows = claimed.parts;
      if (row.state === 'created') {
        const encrypted = await encrypt(row, rows);
        lease.check();
        row = await announce(row, encrypted);
        rows = encrypted.rows;
      }
      if (row.state === 'announced') row = await upload(row, rows, lease.check);
      if (row.state === 'uploaded') {
        lease.check();
        row = await submit(row, rows);
      }
      if (row.state !== 'submitted') await release(applicationId, {});
      return row.state;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A RangeError is a malformed argument caught before sending: repeating cannot help.
      const retryable =
        error instanceof SubmissionApiError ? error.retryable : !(error instanceof RangeError);
      // A refusal that repeating will not change (a 4xx problem, a key that fails its checks,
      // a destination that does not offer the service) goes to operators at once.
      const definite = !retryable || (isEfaError(error) && error.code.startsWith('SUBMISSION_'));
      if (definite) {
        await release(applicationId, { state: 'failed', failed_in: row.state, last_error: message });
        log(`submission ${row.reference}: failed in ${row.state}: ${message}`);
        return 'failed';
      }
      await release(applicationId, { last_error: message });
      log(`submission ${row.reference}: ${row.state}, will retry: ${message}`);
      throw error;
    } finally {
      await lease.stop();
    }
  }

  /** Reads the case's event log of a submitted application for the authority's answer. */
  async function refreshDecision(applicationId: string): Promise<DeliveryState> {
    const row = await read(applicationId);
    if (row?.state !== 'submitted' || !row.case_id) return row?.state ?? 'failed';
    const events = await api.caseEvents(row.case_id, { destinationId: row.destination_id });
    const mine = events.filter((event) => event.submissionId === row.submission_id);
    const accepted = mine.find((event) => event.event === eventUri('accept-submission'));
    const rejected = mine.find((event) => event.event === eventUri('reject-submission'));
    if (accepted) {
      await update(applicationId, { state: 'accepted', decided_at: new Date(accepted.issuedAt * 1000) });
      return 'accepted';
    }
    if (rejected) {
      await update(applicationId, {
        state: 'rejected',
        decided_at: new Date(rejected.issuedAt * 1000),
        last_error: JSON.stringify(rejected.payload.problems ?? []),
      });
      return 'rejected';
    }
    return 'submitted';
  }

  async function start(): Promise<void> {
    await ensureDeliveryQueues(boss, {
      leaseSeconds,
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
      ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
    });
    // Two workers, each with half the batch: while one waits for its slowest application
    // (a large upload), the other fetches on. Each job settles on its own.
    deliveryWorker = await boss.work<{ applicationId: string }>(
      deliveryQueue,
      {
        batchSize: Math.max(1, Math.ceil(concurrency / 2)),
        localConcurrency: concurrency > 1 ? 2 : 1,
        perJobResults: true,
        burstWhenBatchFull: true,
        pollingIntervalSeconds: 1,
      },
      async (jobs) => {
        const outcomes = await advanceAll(jobs.map((job) => job.data.applicationId));
        return jobs.map((job, index) => {
          const outcome = outcomes[index];
          if (outcome?.status === 'fulfilled') return { id: job.id, status: 'completed' as const };
          const reason: unknown = outcome?.reason;
          const message = reason instanceof Error ? reason.message : String(reason);
          return { id: job.id, status: 'failed' as const, output: { message } };
        });
      },
    );
    await boss.work<{ applicationId: string }>(
      deliveryDeadLetterQueue,
      { pollingIntervalSeconds: 5 },
      async ([job]) => {
        if (!job) return;
        const row = await read(job.data.applicationId);
        if (row && ['created', 'announced', 'uploaded'].includes(row.state)) {
          await update(row.application_id, { state: 'failed', failed_in: row.state });
          log(`submission ${row.reference}: retries exhausted in ${row.state}; listed for operators`);
        }
      },
    );
    await boss.work(decisionSweepQueue, async () => {
      const submitted = await db
        .selectFrom(table)
        .select('application_id')
        .where('state', '=', 'submitted')
        .orderBy('updated_at')
        .limit(100)
        .execute();
      for (const { application_id } of submitted) await refreshDecision(application_id).catch(() => {});
    });
    await boss.schedule(decisionSweepQueue, '* * * * *');
    await resume();
  }

  /**
   * After a restart: every unfinished application gets a job again (its old job may have died
   * with the process). Duplicates are harmless: the lease and the stored state decide.
   */
  async function resume(): Promise<number> {
    const open = await db
      .selectFrom(table)
      .select('application_id')
      .where('state', 'in', ['created', 'announced', 'uploaded'])
      .execute();
    for (const { application_id } of open) await boss.send(deliveryQueue, { applicationId: application_id });
    return open.length;
  }

  const takeEventCallback = createEventCallbackConsumer({
    db: options.db,
    secret: options.eventCallbackSecret,
    refreshDecision,
  });

  return {
    accept,
    advance,
    refreshDecision,
    /** A callback of the delivery service (checked, once only): statuses from the event log. */
    takeEventCallback,
    start,
    resume,

    /**
     * The first answer to a submit already taken, for its owner; null when the id is new.
     * For anyone else the id is refused like an unknown one.
     */
    async answerFor(subject: string, applicationId: string): Promise<SubmitAnswer | null> {
      const row = await read(applicationId);
      return row ? existingAnswer(row, ownerHashOf(subject)) : null;
    },

    /** The status of an application for its owner; null for anyone else (no existence leak). */
    async statusFor(subject: string, applicationId: string): Promise<DeliveryStatus | null> {
      const row = await read(applicationId);
      return row && row.owner_hash === ownerHashOf(subject) ? statusOf(row) : null;
    },

    /** The owner's applications, newest first. */
    async listFor(subject: string, limit = 50): Promise<DeliveryStatus[]> {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('owner_hash', '=', ownerHashOf(subject))
        .orderBy('submitted_at', 'desc')
        .limit(Math.min(limit, 200))
        .execute();
      return rows.map(statusOf);
    },

    /** The sealed receipt view of the owner's application, opened; null for anyone else. */
    async receiptViewFor(
      subject: string,
      applicationId: string,
    ): Promise<{ status: DeliveryStatus; view: Record<string, unknown> } | null> {
      const row = await read(applicationId);
      if (!row || row.owner_hash !== ownerHashOf(subject)) return null;
      const part = await db
        .selectFrom(parts)
        .select('sealed')
        .where('application_id', '=', applicationId)
        .where('part', '=', 'receipt')
        .executeTakeFirst();
      if (!part?.sealed) return null;
      const view = JSON.parse(
        new TextDecoder().decode(sealer.open(part.sealed, `submission:${applicationId}:receipt`)),
      );
      return { status: statusOf(row), view };
    },

    /** For operators: applications whose delivery failed, oldest first. */
    listFailed: (limit = 100) => listFailedDeliveries(options.db, limit),

    /** For operators, after fixing the cause: the failed application continues where it stopped. */
    redrive: (applicationId: string) => redriveDelivery(options.db, boss, applicationId),
  };
}

export type DeliveryPipeline = ReturnType<typeof createDeliveryPipeline>;
