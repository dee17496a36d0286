import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { type CallbackDispatcher, enqueueCallback, newSubmissionsBody } from './callbacks.js';
import { type Client, type Destination, serviceIdentifierSchema } from './config.js';
import { eventRow, recordEvent, signedTokens } from './event-log.js';
import { serviceEvent, tagsMatch, verifyDestinationEvent } from './events.js';
import type { FaultContext, FaultHook } from './faults.js';
import { checkCompactJwe } from './jwe.js';
import type { ServiceSigningKey } from './keys.js';
import { type AuthenticationTags, jsonb, type LedgerDb, type SubmissionRow } from './ledger.js';
import { Problem } from './problems.js';
import { notifySender } from './sender-callbacks.js';

export interface OperationsContext {
  db: LedgerDb;
  destinations: ReadonlyMap<string, Destination>;
  clock: () => Date;
  /** The service's URL, `iss` of its SETs. */
  issuer: () => string;
  signingKey: () => ServiceSigningKey;
  callbacks: CallbackDispatcher;
  /** The registered clients: a sender's new-events callback is configured there. */
  clients?: ReadonlyMap<string, Client>;
  /** Crash tests only (`createFaultControl`): may hold a request before or after its commit. */
  faults?: FaultHook;
}

const jweString = z.string().min(1);

export function createSubmissionSchema(maxAttachments: number) {
  return z.object({
    destinationId: z.uuid(),
    announcedAttachments: z
      .array(z.uuid())
      .max(maxAttachments)
      .refine(
        (ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length,
        'attachment ids must be unique',
      ),
    serviceType: z.object({
      identifier: serviceIdentifierSchema,
      name: z.string().min(1).max(255),
    }),
    caseId: z.uuid().optional(),
  });
}

export const submitSchema = z.object({
  encryptedMetadata: jweString,
  encryptedData: jweString.optional(),
});

function mayReach(client: Client, destinationId: string): boolean {
  return client.destinationIds === null || client.destinationIds.has(destinationId);
}

function requireRole(client: Client, role: Client['role'], what: string): void {
  if (client.role !== role) throw new Problem('forbidden', `${what} is for ${role} clients`);
}

/** A submission's content as a subscriber may read it: submitted, still there, not timed out. */
function readable(row: SubmissionRow): boolean {
  return (
    row.content_deleted_at === null &&
    row.rejected_by !== 'service' &&
    (row.status === 'submitted' || row.status === 'accepted' || row.status === 'rejected')
  );
}

/** What never changes about a submission once created: who sent it, where it goes, what it announced. */
type SubmissionFacts = Pick<
  SubmissionRow,
  'submission_id' | 'case_id' | 'destination_id' | 'sender_client_id' | 'announced_attachments'
>;

/** Submissions whose facts are kept in memory between create and submit (the uploads' lookups). */
const maxOpenFacts = 10_000;

/** What the Submission API does, independent of HTTP (routes.ts maps requests onto these). */
export class DeliveryOperations {
  /**
   * Facts of submissions created by this process and not yet submitted: an upload and the
   * submit then need no read of their own (the status, the one thing that changes, is checked
   * by their statements). After a restart the ledger answers, as before.
   */
  private readonly openFacts = new Map<string, SubmissionFacts>();

  constructor(private readonly ctx: OperationsContext) {}

  private remember(facts: SubmissionFacts): void {
    if (this.openFacts.size >= maxOpenFacts) {
      const oldest = this.openFacts.keys().next().value;
      if (oldest !== undefined) this.openFacts.delete(oldest);
    }
    this.openFacts.set(facts.submission_id, facts);
  }

  /** The sender's submission: its facts from memory, or its row (the status checked here too). */
  private async senderFacts(client: Client, submissionId: string): Promise<SubmissionFacts> {
    requireRole(client, 'sender', 'sending');
    const known = this.openFacts.get(submissionId);
    if (!known) return this.senderSubmission(client, submissionId);
    if (known.sender_client_id !== client.clientId)
      throw new Problem('forbidden', 'another sender created this submission');
    return known;
  }

  private async fault(context: FaultContext): Promise<void> {
    if (this.ctx.faults) await this.ctx.faults.at(context);
  }

  private destination(destinationId: string): Destination {
    const destination = this.ctx.destinations.get(destinationId);
    if (!destination) throw new Problem('destination-not-found', `no destination ${destinationId}`);
    return destination;
  }

  private async senderSubmission(client: Client, submissionId: string): Promise<SubmissionRow> {
    requireRole(client, 'sender', 'sending');
    const row = await this.ctx.db
      .selectFrom('efa_delivery_service.submission')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .executeTakeFirst();
    if (!row || row.status === 'deleted')
      throw new Problem('submission-not-found', `no submission ${submissionId}`);
    if (row.sender_client_id !== client.clientId)
      throw new Problem('forbidden', 'another sender created this submission');
    return row;
  }

  private async subscriberSubmission(client: Client, submissionId: string): Promise<SubmissionRow> {
    requireRole(client, 'subscriber', 'receiving');
    const row = await this.ctx.db
      .selectFrom('efa_delivery_service.submission')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .executeTakeFirst();
    if (!row) throw new Problem('submission-not-found', `no submission ${submissionId}`);
    if (!mayReach(client, row.destination_id))
      throw new Problem('forbidden', 'not a submission for your destinations');
    if (!readable(row))
      throw new Problem('submission-not-found', `submission ${submissionId} is not available`);
    return row;
  }

  /** `GET /v1/destinations/{id}`: the public parts. */
  destinationInfo(destinationId: string) {
    const d = this.destination(destinationId);
    return {
      destinationId: d.destinationId,
      status: d.status,
      services: d.services,
      encryptionKid: d.encryptionKey.kid,
      metadataVersions: d.metadataVersions,
      replyChannels: d.replyChannels,
    };
  }

  /** `GET /v1/destinations/{id}/keys/{kid}`: the encryption key, or its signature key. */
  destinationKey(destinationId: string, kid: string) {
    const d = this.destination(destinationId);
    if (d.encryptionKey.kid === kid) {
      return { ...d.encryptionKey, key_ops: ['wrapKey'], alg: 'RSA-OAEP-256' };
    }
    if (d.signingKey?.kid === kid) return { ...d.signingKey, key_ops: ['verify'], alg: 'PS512' };
    throw new Problem('not-found', `destination ${destinationId} has no key ${kid}`);
  }

  async createSubmission(
    client: Client,
    request: z.infer<ReturnType<typeof createSubmissionSchema>>,
  ): Promise<{ destinationId: string; submissionId: string; caseId: string }> {
    requireRole(client, 'sender', 'sending');
    const destinationId = request.destinationId.toLowerCase();
    const destination = this.destination(destinationId);
    if (!mayReach(client, destinationId))
      throw new Problem('forbidden', `this client may not send to ${destinationId}`);
    if (destination.status !== 'active') {
      throw new Problem('destination-state-invalid', `destination ${destinationId} is ${destination.status}`);
    }
    const { identifier, name } = request.serviceType;
    if (!destination.services.some((s) => s.identifier === identifier)) {
      throw new Problem(
        'service-type-not-offered',
        `destination ${destinationId} does not offer ${identifier}`,
      );
    }
    const givenCase = request.caseId?.toLowerCase();
    if (givenCase) {
      const existing = await this.ctx.db
        .selectFrom('efa_delivery_service.fit_case')
        .selectAll()
        .where('case_id', '=', givenCase)
        .executeTakeFirst();
      // Another sender's case, or one with another destination, is as good as absent.
      if (
        !existing ||
        existing.sender_client_id !== client.clientId ||
        existing.destination_id !== destinationId
      ) {
        throw new Problem('case-not-found', `no case ${givenCase} of this sender for ${destinationId}`);
      }
    }
    const now = this.ctx.clock();
    const submissionId = randomUUID();
    const caseId = givenCase ?? randomUUID();
    const event = serviceEvent(this.ctx.issuer(), now, submissionId, caseId, 'create-submission');
    const fault = { destinationId, submissionId: null, caseId: null, attachmentId: null };
    await this.fault({ ...fault, point: 'create-before-commit' });
    const submission = {
      submission_id: submissionId,
      case_id: caseId,
      destination_id: destinationId,
      sender_client_id: client.clientId,
      service_identifier: identifier,
      service_name: name,
      announced_attachments: jsonb(request.announcedAttachments.map((id) => id.toLowerCase())),
      status: 'incomplete' as const,
      encrypted_metadata: null,
      encrypted_data: null,
      authentication_tags: null,
      created_at: now,
      submitted_at: null,
      fetched_at: null,
      accepted_at: null,
      rejected_at: null,
      rejected_by: null,
      content_deleted_at: null,
    };
    // One statement (atomic on its own): case, submission and event, one round trip.
    if (givenCase) {
      await this.ctx.db
        .with('created', (q) => q.insertInto('efa_delivery_service.submission').values(submission))
        .with('recorded', (q) =>
          q.insertInto('efa_delivery_service.event').values(eventRow(event, caseId, submissionId)),
        )
        .updateTable('efa_delivery_service.fit_case')
        .set({ last_event_at: sql<Date>`greatest(last_event_at, ${now}::timestamptz)` })
        .where('case_id', '=', caseId)
        .execute();
    } else {
      await this.ctx.db
        .with('opened', (q) =>
          q.insertInto('efa_delivery_service.fit_case').values({
            case_id: caseId,
            destination_id: destinationId,
            sender_client_id: client.clientId,
            created_at: now,
            last_event_at: now,
          }),
        )
        .with('created', (q) => q.insertInto('efa_delivery_service.submission').values(submission))
        .insertInto('efa_delivery_service.event')
        .values(eventRow(event, caseId, submissionId))
        .execute();
    }
    this.remember({
      submission_id: submissionId,
      case_id: caseId,
      destination_id: destinationId,
      sender_client_id: client.clientId,
      announced_attachments: request.announcedAttachments.map((id) => id.toLowerCase()),
    });
    await this.fault({ ...fault, point: 'create-after-commit', submissionId, caseId });
    return { destinationId, submissionId, caseId };
  }

  async uploadAttachment(
    client: Client,
    submissionId: string,
    attachmentId: string,
    jwe: string,
  ): Promise<void> {
    const row = await this.senderFacts(client, submissionId);
    if (!row.announced_attachments.includes(attachmentId)) {
      throw new Problem('attachment-not-announced', `attachment ${attachmentId} was not announced`);
    }
    checkCompactJwe(jwe, this.destination(row.destination_id), `attachment ${attachmentId}`);
    const fault = {
      destinationId: row.destination_id,
      submissionId,
      caseId: row.case_id,
      attachmentId,
    };
    await this.fault({ ...fault, point: 'upload-before-commit' });
    // One statement: stored only while the submission is incomplete. FOR SHARE waits for a
    // submit holding the row (FOR UPDATE) and then sees it submitted, so no attachment changes
    // under a submit's authentication tags.
    const uploadedAt = this.ctx.clock();
    const stored = await sql<{ attachment_id: string }>`
      insert into efa_delivery_service.attachment (submission_id, attachment_id, content, uploaded_at)
      select submission_id, ${attachmentId}::text, ${jwe}::text, ${uploadedAt}::timestamptz
        from efa_delivery_service.submission
        where submission_id = ${submissionId} and status = 'incomplete'
        for share
      on conflict (submission_id, attachment_id)
        do update set content = excluded.content, uploaded_at = excluded.uploaded_at
      returning attachment_id`.execute(this.ctx.db);
    if (stored.rows.length === 0) {
      // Gone (deleted by the deadline sweep) reads as not found, as for any other request.
      await this.senderSubmission(client, submissionId);
      const current = await this.ctx.db
        .selectFrom('efa_delivery_service.submission')
        .select('status')
        .where('submission_id', '=', submissionId)
        .executeTakeFirst();
      throw new Problem(
        'submission-state-invalid',
        `submission ${submissionId} is ${current?.status ?? 'gone'}`,
      );
    }
    await this.fault({ ...fault, point: 'upload-after-commit' });
  }

  async submit(
    client: Client,
    submissionId: string,
    body: z.infer<typeof submitSchema>,
  ): Promise<{ destinationId: string; submissionId: string; caseId: string }> {
    const row = await this.senderFacts(client, submissionId);
    if ('status' in row && row.status !== 'incomplete') {
      throw new Problem('submission-state-invalid', `submission ${submissionId} is already ${row.status}`);
    }
    const destination = this.destination(row.destination_id);
    const now = this.ctx.clock();
    const fault = {
      destinationId: row.destination_id,
      submissionId,
      caseId: row.case_id,
      attachmentId: null,
    };
    await this.fault({ ...fault, point: 'submit-before-commit' });
    await this.ctx.db.transaction().execute(async (trx) => {
      // The row lock orders the submit against uploads (they take it FOR SHARE). The tag is
      // the JWE's last segment: read in SQL rather than pulling megabytes of content.
      const locked = await trx
        .selectFrom('efa_delivery_service.submission as s')
        .leftJoin('efa_delivery_service.attachment as a', 'a.submission_id', 's.submission_id')
        .select(['s.status', 'a.attachment_id', sql<string | null>`split_part(a.content, '.', 5)`.as('tag')])
        .where('s.submission_id', '=', submissionId)
        .forUpdate('s')
        .execute();
      const status = locked[0]?.status;
      if (status === undefined || status === 'deleted')
        throw new Problem('submission-not-found', `no submission ${submissionId}`);
      if (status !== 'incomplete') {
        throw new Problem(
          'submission-state-invalid',
          `submission ${submissionId} is already ${status ?? 'gone'}`,
        );
      }
      // After the status (a submission gone or already submitted says so first); pure checks.
      const metadataTag = checkCompactJwe(body.encryptedMetadata, destination, 'encryptedMetadata');
      const dataTag =
        body.encryptedData === undefined
          ? undefined
          : checkCompactJwe(body.encryptedData, destination, 'encryptedData');
      const present = new Map(
        locked.flatMap((a) => (a.attachment_id !== null && a.tag !== null ? [[a.attachment_id, a.tag]] : [])),
      );
      const missing = row.announced_attachments.filter((id) => !present.has(id));
      if (missing.length > 0) {
        throw new Problem('missing-attachments', `not uploaded yet: ${missing.join(', ')}`);
      }
      const tags: AuthenticationTags = {
        metadata: metadataTag,
        ...(dataTag === undefined ? {} : { data: dataTag }),
        attachments: Object.fromEntries(row.announced_attachments.map((id) => [id, present.get(id) ?? ''])),
      };
      const event = serviceEvent(this.ctx.issuer(), now, submissionId, row.case_id, 'submit-submission', {
        authenticationTags: tags,
      });
      // Submission, event and the case's last event time in one statement.
      await trx
        .with('submitted', (q) =>
          q
            .updateTable('efa_delivery_service.submission')
            .set({
              status: 'submitted',
              encrypted_metadata: body.encryptedMetadata,
              encrypted_data: body.encryptedData ?? null,
              authentication_tags: jsonb(tags),
              submitted_at: now,
            })
            .where('submission_id', '=', submissionId),
        )
        .with('recorded', (q) =>
          q.insertInto('efa_delivery_service.event').values(eventRow(event, row.case_id, submissionId)),
        )
        .updateTable('efa_delivery_service.fit_case')
        .set({ last_event_at: sql<Date>`greatest(last_event_at, ${now}::timestamptz)` })
        .where('case_id', '=', row.case_id)
        .execute();
      if (destination.callback) {
        const callback = newSubmissionsBody([
          { destinationId: row.destination_id, submissionId, caseId: row.case_id },
        ]);
        await enqueueCallback(trx, row.destination_id, callback, now);
      }
    });
    this.openFacts.delete(submissionId);
    if (destination.callback) this.ctx.callbacks.kick();
    await this.fault({ ...fault, point: 'submit-after-commit' });
    return { destinationId: row.destination_id, submissionId, caseId: row.case_id };
  }

  async listSubmissions(client: Client, destinationId: string | null, offset: number, limit: number) {
    requireRole(client, 'subscriber', 'receiving');
    let ids: string[];
    if (destinationId) {
      this.destination(destinationId);
      if (!mayReach(client, destinationId))
        throw new Problem('forbidden', `not a destination of this client`);
      ids = [destinationId];
    } else {
      ids = [...this.ctx.destinations.keys()].filter((id) => mayReach(client, id));
    }
    if (ids.length === 0) return { count: 0, offset, totalCount: 0, submissions: [] };
    const base = this.ctx.db
      .selectFrom('efa_delivery_service.submission')
      .where('destination_id', 'in', ids)
      .where('status', '=', 'submitted')
      .where('rejected_by', 'is', null)
      .where('content_deleted_at', 'is', null);
    const [rows, total] = await Promise.all([
      base
        .select(['destination_id', 'submission_id', 'case_id'])
        .orderBy('submitted_at')
        .orderBy('submission_id')
        .offset(offset)
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
    ]);
    return {
      count: rows.length,
      offset,
      totalCount: Number(total?.n ?? 0),
      submissions: rows.map((r) => ({
        destinationId: r.destination_id,
        submissionId: r.submission_id,
        caseId: r.case_id,
      })),
    };
  }

  async getSubmission(client: Client, submissionId: string) {
    const row = await this.subscriberSubmission(client, submissionId);
    if (row.fetched_at === null) {
      await this.ctx.db
        .updateTable('efa_delivery_service.submission')
        .set({ fetched_at: this.ctx.clock() })
        .where('submission_id', '=', submissionId)
        .where('fetched_at', 'is', null)
        .execute();
    }
    return {
      destinationId: row.destination_id,
      submissionId: row.submission_id,
      caseId: row.case_id,
      serviceType: { identifier: row.service_identifier, name: row.service_name },
      // FITKO's submission resource calls the list `attachments`; `announcedAttachments` as sent.
      attachments: row.announced_attachments,
      announcedAttachments: row.announced_attachments,
      encryptedMetadata: row.encrypted_metadata,
      ...(row.encrypted_data === null ? {} : { encryptedData: row.encrypted_data }),
    };
  }

  async getAttachment(client: Client, submissionId: string, attachmentId: string): Promise<string> {
    await this.subscriberSubmission(client, submissionId);
    const attachment = await this.ctx.db
      .selectFrom('efa_delivery_service.attachment')
      .select('content')
      .where('submission_id', '=', submissionId)
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirst();
    if (!attachment) throw new Problem('attachment-not-found', `no attachment ${attachmentId}`);
    return attachment.content;
  }

  private async visibleCase(client: Client, caseId: string) {
    const row = await this.ctx.db
      .selectFrom('efa_delivery_service.fit_case')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw new Problem('case-not-found', `no case ${caseId}`);
    const allowed =
      client.role === 'sender'
        ? row.sender_client_id === client.clientId
        : mayReach(client, row.destination_id);
    if (!allowed) throw new Problem('forbidden', 'not a case of this client');
    return row;
  }

  async caseEvents(client: Client, caseId: string, offset: number, limit: number) {
    await this.visibleCase(client, caseId);
    const base = this.ctx.db.selectFrom('efa_delivery_service.event').where('case_id', '=', caseId);
    const [rows, total] = await Promise.all([
      base.select(['seq', 'token', 'claims']).orderBy('seq').offset(offset).limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
    ]);
    return {
      count: rows.length,
      offset,
      totalCount: Number(total?.n ?? 0),
      eventLog: await signedTokens(this.ctx.db, rows, this.ctx.signingKey()),
    };
  }

  /** `POST /v1/cases/{caseId}/events`: a subscriber's accept or reject, verified and recorded. */
  async postEvent(client: Client, caseId: string, token: string): Promise<void> {
    requireRole(client, 'subscriber', 'posting events');
    const theCase = await this.visibleCase(client, caseId);
    const destination = this.destination(theCase.destination_id);
    const now = this.ctx.clock();
    const event = await verifyDestinationEvent(token, destination, now);
    if (event.caseId !== caseId)
      throw new Problem('event-invalid', `txn names case ${event.caseId}, not ${caseId}`);
    let sent = false;
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('efa_delivery_service.submission')
        .selectAll()
        .where('submission_id', '=', event.submissionId)
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!row)
        throw new Problem('submission-not-found', `no submission ${event.submissionId} in case ${caseId}`);
      const seen = await trx
        .selectFrom('efa_delivery_service.event')
        .select('jti')
        .where('jti', '=', event.jti)
        .executeTakeFirst();
      if (seen) throw new Problem('event-duplicate', `jti ${event.jti} is already in the log`);
      if (row.status !== 'submitted' || row.rejected_by !== null) {
        throw new Problem('submission-state-invalid', `submission ${row.submission_id} is ${row.status}`);
      }
      if (
        event.authenticationTags &&
        (!row.authentication_tags || !tagsMatch(event.authenticationTags, row.authentication_tags))
      ) {
        throw new Problem('event-invalid', 'authenticationTags do not match the submitted ciphertext');
      }
      const accepted = event.eventName === 'accept-submission';
      await trx
        .updateTable('efa_delivery_service.submission')
        .set(
          accepted
            ? { status: 'accepted', accepted_at: now }
            : { status: 'rejected', rejected_at: now, rejected_by: 'destination' },
        )
        .where('submission_id', '=', row.submission_id)
        .execute();
      await recordEvent(
        trx,
        {
          jti: event.jti,
          token,
          claims: null,
          eventName: event.eventName,
          issuer: destination.destinationId,
          issuedAt: event.issuedAt,
        },
        caseId,
        row.submission_id,
      );
      // The sender learns of the answer in the same transaction (the callback outbox).
      sent = await notifySender(this.ctx, trx, row, now);
    });
    if (sent) this.ctx.callbacks.kick();
  }
}
