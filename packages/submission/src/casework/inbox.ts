import { randomUUID } from 'node:crypto';
import type { TrustLevel } from '@efa-kit/core';
import type { EfaDatabase } from '@efa-kit/core/server';
import { decodeJwt, type JWK } from 'jose';
import { sql } from 'kysely';
import { isSubmissionApiError } from '../fit-connect/submission-api.js';
import type { SubscriberApi } from './api.js';
import { caseworkError } from './errors.js';
import {
  encryptToReplyKey,
  type ReplyContent,
  type ReplyPublicJwk,
  replyPublicJwk,
} from './reply-content.js';
import type { CaseMessageRow, CaseRow, CaseStatus, CaseworkTables } from './storage.js';

/** An authority as the inbox knows it: its id (as the staff login names it) and its destinations. */
export interface InboxAuthority {
  id: string;
  name: string;
  destinations: ReadonlyArray<{
    destinationId: string;
    /** The kid of the destination's encryption key the caseworker's browser must hold. */
    encryptionKid?: string | null;
    /** The kid of the signature key registered for its events. */
    signingKid?: string | null;
  }>;
}

export interface CaseworkOptions {
  db: EfaDatabase;
  /** The subscriber's client of the delivery service (`createSubscriberApi`). */
  api: SubscriberApi;
  authorities: readonly InboxAuthority[];
  /** The citizen-side reply key (public JWK with kid) that replies are encrypted to. */
  replyKey: JWK;
  /** Service names by Leistungsschlüssel, for the list (the delivery service has the URN only). */
  serviceNames?: Readonly<Record<string, string>>;
  /** The trust level a decision needs to be opened (default substantial). */
  decisionTrustLevel?: TrustLevel;
  clock?: () => Date;
  log?: (line: string) => void;
}

export interface StaffIdentity {
  id: string;
  name: string;
}

const leikaPrefix = 'urn:de:fim:leika:leistung:';
const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function cursorOf(row: { submitted_at: Date; case_id: string }): string {
  return Buffer.from(`${new Date(row.submitted_at).toISOString()}|${row.case_id}`).toString('base64url');
}
function parseCursor(cursor: string): { at: Date; caseId: string } | null {
  const [at, caseId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !caseId || Number.isNaN(Date.parse(at))) return null;
  return { at: new Date(at), caseId };
}

/** The delivery service's refusals as the caseworker sees them; network trouble as unavailable. */
function deliveryFailure(error: unknown): Error {
  if (isSubmissionApiError(error)) {
    if (error.retryable) return caseworkError('CASEWORK_DELIVERY_UNAVAILABLE', undefined, { cause: error });
    const detail = String(error.details.detail ?? error.details.title ?? error.message).slice(0, 500);
    return caseworkError('CASEWORK_DELIVERY_REFUSED', { detail }, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The authority's side: cases pulled from the delivery service and kept as ciphertext (the
 * caseworker's browser decrypts them), the caseworker's signed events passed on, and replies
 * (status, question, decision) encrypted to the citizen-side reply key. Every method takes the
 * caseworker's authority; a case of any other authority is the same NOT_FOUND as none.
 */
export function createCasework(options: CaseworkOptions) {
  const db = options.db.withTables<CaseworkTables>();
  const { api } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const replyKey: ReplyPublicJwk = replyPublicJwk(options.replyKey);
  const authorities = new Map(options.authorities.map((a) => [a.id, a]));
  const authorityOfDestination = new Map<string, InboxAuthority>();
  for (const authority of options.authorities) {
    for (const d of authority.destinations) {
      const id = d.destinationId.toLowerCase();
      if (authorityOfDestination.has(id))
        throw caseworkError('CASEWORK_CONFIGURATION', {
          detail: `destination ${id} belongs to two authorities`,
        });
      authorityOfDestination.set(id, authority);
    }
  }

  function destinationsOf(staff: StaffIdentity): string[] {
    return (authorities.get(staff.id)?.destinations ?? []).map((d) => d.destinationId.toLowerCase());
  }

  async function ownCase(staff: StaffIdentity, caseId: string): Promise<CaseRow> {
    const destinations = destinationsOf(staff);
    const row =
      destinations.length === 0
        ? undefined
        : await db
            .selectFrom('efa_casework.case')
            .selectAll()
            .where('case_id', '=', caseId.toLowerCase())
            .where('authority_id', '=', staff.id)
            .where('destination_id', 'in', destinations)
            .executeTakeFirst();
    if (!row) throw caseworkError('CASEWORK_CASE_NOT_FOUND');
    return row;
  }

  async function event(caseId: string, type: string, at = clock()) {
    await db.insertInto('efa_casework.event').values({ case_id: caseId, type, at }).execute();
  }

  /** Stores one new submission: a new case, or a citizen's answer on a case already here. */
  async function take(destinationId: string, submissionId: string): Promise<'case' | 'answer' | 'known'> {
    const known = await db
      .selectFrom('efa_casework.case')
      .select('case_id')
      .where('submission_id', '=', submissionId)
      .unionAll(
        db.selectFrom('efa_casework.message').select('case_id').where('submission_id', '=', submissionId),
      )
      .executeTakeFirst();
    if (known) return 'known';
    const authority = authorityOfDestination.get(destinationId);
    if (!authority) return 'known';
    const submission = await api.getSubmission(submissionId);
    const now = clock();
    const existing = await db
      .selectFrom('efa_casework.case')
      .select(['case_id', 'destination_id'])
      .where('case_id', '=', submission.caseId)
      .executeTakeFirst();
    if (existing) {
      // A later submission on the case: the citizen's answer, ciphertext for the browser.
      if (existing.destination_id !== destinationId) return 'known';
      await db
        .insertInto('efa_casework.message')
        .values({
          message_id: randomUUID(),
          case_id: existing.case_id,
          direction: 'from_citizen',
          kind: 'answer',
          title: null,
          body: null,
          status: null,
          decision: null,
          reply_id: null,
          submission_id: submissionId,
          encrypted_metadata: submission.encryptedMetadata,
          encrypted_data: submission.encryptedData ?? null,
          created_at: now,
          retrieved_at: null,
          provided_at: null,
        })
        .onConflict((oc) => oc.column('submission_id').doNothing())
        .execute();
      await event(existing.case_id, 'answer-received', now);
      return 'answer';
    }
    const announced = submission.announcedAttachments ?? submission.attachments ?? [];
    const attachments: Array<{ attachment_id: string; jwe: string }> = [];
    for (const attachmentId of announced) {
      attachments.push({
        attachment_id: attachmentId,
        jwe: await api.getAttachment(submissionId, attachmentId),
      });
    }
    const identifier = submission.serviceType.identifier;
    const leikaKey = identifier.startsWith(leikaPrefix) ? identifier.slice(leikaPrefix.length) : null;
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('efa_casework.case')
        .values({
          case_id: submission.caseId,
          submission_id: submissionId,
          destination_id: destinationId,
          authority_id: authority.id,
          service_name: (leikaKey && options.serviceNames?.[leikaKey]) ?? submission.serviceType.name ?? null,
          leika_key: leikaKey,
          submitted_at: now,
          status: 'received',
          reference: null,
          verification: 'unchecked',
          problems: null,
          encrypted_metadata: submission.encryptedMetadata,
          encrypted_data: submission.encryptedData ?? null,
          announced_attachments: sql`${JSON.stringify(announced)}::jsonb`,
          received_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('case_id')
        .executeTakeFirst();
      if (!inserted) return;
      if (attachments.length > 0)
        await trx
          .insertInto('efa_casework.attachment')
          .values(attachments.map((a) => ({ case_id: submission.caseId, ...a })))
          .execute();
      await trx
        .insertInto('efa_casework.event')
        .values({ case_id: submission.caseId, type: 'received', at: now })
        .execute();
    });
    return 'case';
  }

  /** The read receipts: replies the citizen opened since the last look. */
  async function refreshReceipts(): Promise<number> {
    const open = await db
      .selectFrom('efa_casework.message')
      .select('case_id')
      .distinct()
      .where('direction', '=', 'to_citizen')
      .where('reply_id', 'is not', null)
      .where((eb) => eb.or([eb('retrieved_at', 'is', null), eb('provided_at', 'is', null)]))
      .limit(200)
      .execute();
    let updated = 0;
    for (const { case_id } of open) {
      for (const reply of await api.caseReplies(case_id)) {
        if (reply.acceptedAt)
          await db
            .updateTable('efa_casework.message')
            .set({ provided_at: new Date(reply.acceptedAt) })
            .where('reply_id', '=', reply.replyId)
            .where('provided_at', 'is', null)
            .execute();
        if (!reply.retrievedAt) continue;
        const at = new Date(reply.retrievedAt);
        const result = await db
          .updateTable('efa_casework.message')
          .set({ retrieved_at: at })
          .where('reply_id', '=', reply.replyId)
          .where('retrieved_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) {
          updated++;
          await event(case_id, 'read-receipt', at);
        }
      }
    }
    return updated;
  }

  /** Sends a reply (status, question or decision) on a case; stored only once it was submitted. */
  async function reply(
    row: CaseRow,
    staff: StaffIdentity,
    input: {
      kind: ReplyContent['kind'];
      status: CaseStatus;
      title: string;
      body: string;
      decision?: { filename: string; jwe: string; sha512: string; size: number };
    },
  ): Promise<string> {
    const messageId = randomUUID();
    const attachmentId = input.decision ? randomUUID() : null;
    const content: ReplyContent = {
      version: 1,
      kind: input.kind,
      messageId,
      status: input.status,
      title: input.title,
      body: input.body,
      sender: staff.name,
      service: row.service_name,
      reference: row.reference,
      requiredTrustLevel: input.kind === 'decision' ? (options.decisionTrustLevel ?? 'substantial') : 'low',
      attachments:
        input.decision && attachmentId
          ? [
              {
                attachmentId,
                filename: input.decision.filename,
                mimeType: 'application/pdf',
                sha512: input.decision.sha512,
                size: input.decision.size,
              },
            ]
          : [],
      createdAt: clock().toISOString(),
    };
    let replyId: string;
    try {
      ({ replyId } = await api.createReply(row.case_id, attachmentId ? [attachmentId] : []));
      if (input.decision && attachmentId)
        await api.uploadReplyAttachment(replyId, attachmentId, input.decision.jwe);
      const jwe = await encryptToReplyKey(
        replyKey,
        new TextEncoder().encode(JSON.stringify(content)),
        'application/json',
      );
      await api.submitReply(replyId, jwe);
    } catch (error) {
      throw deliveryFailure(error);
    }
    const now = clock();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('efa_casework.message')
        .values({
          message_id: messageId,
          case_id: row.case_id,
          direction: 'to_citizen',
          kind: input.kind,
          title: input.title,
          body: input.body,
          status: input.status,
          decision: input.decision
            ? sql`${JSON.stringify({ filename: input.decision.filename, sha512: input.decision.sha512, size: input.decision.size })}::jsonb`
            : null,
          reply_id: replyId,
          submission_id: null,
          encrypted_metadata: null,
          encrypted_data: null,
          created_at: now,
          retrieved_at: null,
          provided_at: null,
        })
        .execute();
      await trx
        .updateTable('efa_casework.case')
        .set({ status: input.status, updated_at: now })
        .where('case_id', '=', row.case_id)
        .execute();
      await trx
        .insertInto('efa_casework.event')
        .values({ case_id: row.case_id, type: input.kind, at: now })
        .execute();
    });
    return messageId;
  }

  function assertOpen(row: CaseRow) {
    if (row.status === 'decided' || row.status === 'rejected')
      throw caseworkError('CASEWORK_STATE_INVALID', { status: row.status });
  }

  function messageView(m: CaseMessageRow) {
    return {
      messageId: m.message_id,
      direction: m.direction,
      kind: m.kind,
      title: m.title,
      body: m.body,
      status: m.status,
      decision: m.decision,
      submissionId: m.submission_id,
      encryptedMetadata: m.encrypted_metadata,
      encryptedData: m.encrypted_data,
      createdAt: new Date(m.created_at).toISOString(),
      providedAt: iso(m.provided_at),
      retrievedAt: iso(m.retrieved_at),
    };
  }

  return {
    /**
     * Pulls what waits at the delivery service for every configured destination: new cases
     * with their attachments, answers on known cases, then the read receipts.
     */
    async pull(): Promise<{ cases: number; answers: number; receipts: number }> {
      let cases = 0;
      let answers = 0;
      // One list for all destinations of the subscriber client. One request per destination, every
      // 3 s, kept the development portal's inbox polling without pause: 4,741 requests in 30 s of
      // an idle portal (now 11).
      for (const ref of await api.listSubmissions()) {
        if (!authorityOfDestination.has(ref.destinationId)) continue;
        try {
          const taken = await take(ref.destinationId, ref.submissionId);
          if (taken === 'case') cases++;
          if (taken === 'answer') answers++;
        } catch (error) {
          log(
            `casework: submission ${ref.submissionId}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      const receipts = await refreshReceipts();
      return { cases, answers, receipts };
    },

    async list(staff: StaffIdentity, limit: number, cursor?: string) {
      const destinations = destinationsOf(staff);
      if (destinations.length === 0) return { cases: [], nextCursor: null };
      const after = cursor ? parseCursor(cursor) : null;
      const rows = await db
        .selectFrom('efa_casework.case')
        .select([
          'case_id',
          'submission_id',
          'destination_id',
          'service_name',
          'leika_key',
          'submitted_at',
          'status',
          'reference',
          'verification',
          sql<number>`jsonb_array_length(announced_attachments)`.as('attachment_count'),
        ])
        .where('authority_id', '=', staff.id)
        .where('destination_id', 'in', destinations)
        .$if(after !== null, (q) =>
          q.where((eb) =>
            eb.or([
              eb('submitted_at', '<', after?.at ?? new Date(0)),
              eb.and([
                eb('submitted_at', '=', after?.at ?? new Date(0)),
                eb('case_id', '<', after?.caseId ?? ''),
              ]),
            ]),
          ),
        )
        .orderBy('submitted_at', 'desc')
        .orderBy('case_id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        cases: page.map((r) => ({
          caseId: r.case_id,
          submissionId: r.submission_id,
          destinationId: r.destination_id,
          serviceName: r.service_name,
          leikaKey: r.leika_key,
          submittedAt: new Date(r.submitted_at).toISOString(),
          status: r.status,
          reference: r.reference,
          verification: r.verification,
          attachmentCount: Number(r.attachment_count),
        })),
        nextCursor: rows.length > limit && last ? cursorOf(last) : null,
      };
    },

    async get(staff: StaffIdentity, caseId: string) {
      const row = await ownCase(staff, caseId);
      const [attachments, events] = await Promise.all([
        db
          .selectFrom('efa_casework.attachment')
          .select(['attachment_id', 'jwe'])
          .where('case_id', '=', row.case_id)
          .execute(),
        db
          .selectFrom('efa_casework.event')
          .select(['type', 'at'])
          .where('case_id', '=', row.case_id)
          .orderBy('id')
          .limit(1000)
          .execute(),
      ]);
      return {
        caseId: row.case_id,
        submissionId: row.submission_id,
        destinationId: row.destination_id,
        encryptedMetadata: row.encrypted_metadata,
        encryptedData: row.encrypted_data ?? '',
        attachments: attachments.map((a) => ({ attachmentId: a.attachment_id, jwe: a.jwe })),
        announcedAttachmentIds: row.announced_attachments,
        status: row.status,
        events: events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString() })),
      };
    },

    destinationKeys(staff: StaffIdentity) {
      const authority = authorities.get(staff.id);
      return {
        destinations: (authority?.destinations ?? []).map((d) => ({
          destinationId: d.destinationId.toLowerCase(),
          authorityName: authority?.name ?? staff.name,
          encryptionKid: d.encryptionKid ?? null,
          signingKid: d.signingKid ?? null,
        })),
      };
    },

    async recordVerification(
      staff: StaffIdentity,
      input: { caseId: string; reference: string; result: 'valid' | 'invalid'; problems?: string[] },
    ) {
      const row = await ownCase(staff, input.caseId);
      const now = clock();
      await db
        .updateTable('efa_casework.case')
        .set({
          reference: input.reference,
          verification: input.result,
          problems: input.problems ? sql`${JSON.stringify(input.problems)}::jsonb` : null,
          updated_at: now,
        })
        .where('case_id', '=', row.case_id)
        .execute();
      await event(row.case_id, `verification-${input.result}`, now);
      return { ok: true as const };
    },

    /**
     * Passes the caseworker's signed SET to the delivery service, which verifies it against
     * the destination's registered signature key. Only a SET the service accepted changes the
     * case: a reject-submission of the case's submission closes it.
     */
    async postEvent(staff: StaffIdentity, input: { caseId: string; submissionId: string; set: string }) {
      const row = await ownCase(staff, input.caseId);
      const submissionId = input.submissionId.toLowerCase();
      const onCase =
        submissionId === row.submission_id ||
        (await db
          .selectFrom('efa_casework.message')
          .select('message_id')
          .where('case_id', '=', row.case_id)
          .where('submission_id', '=', submissionId)
          .executeTakeFirst()) !== undefined;
      if (!onCase) throw caseworkError('CASEWORK_CASE_NOT_FOUND');
      let claims: ReturnType<typeof decodeJwt>;
      try {
        claims = decodeJwt(input.set);
      } catch {
        throw caseworkError('CASEWORK_DELIVERY_REFUSED', { detail: 'not a compact JWS' });
      }
      if (claims.sub !== `submission:${submissionId}` || claims.txn !== `case:${row.case_id}`)
        throw caseworkError('CASEWORK_DELIVERY_REFUSED', {
          detail: 'the SET names another submission or case',
        });
      try {
        await api.postEvent(row.case_id, input.set);
      } catch (error) {
        throw deliveryFailure(error);
      }
      const uri = Object.keys((claims.events as Record<string, unknown> | undefined) ?? {})[0] ?? '';
      const name = uri.slice(uri.lastIndexOf('/') + 1);
      const now = clock();
      await event(row.case_id, name, now);
      if (name === 'reject-submission' && submissionId === row.submission_id) {
        await db
          .updateTable('efa_casework.case')
          .set({ status: 'rejected', updated_at: now })
          .where('case_id', '=', row.case_id)
          .execute();
      }
      return { accepted: true };
    },

    async setStatus(
      staff: StaffIdentity,
      input: { caseId: string; status: 'in_progress' | 'action_required' },
    ) {
      const row = await ownCase(staff, input.caseId);
      assertOpen(row);
      const titles = {
        in_progress: 'Ihr Antrag wird bearbeitet',
        action_required: 'Ihre Mitwirkung ist nötig',
      };
      await reply(row, staff, {
        kind: 'status',
        status: input.status,
        title: titles[input.status],
        body: '',
      });
      const updated = await ownCase(staff, row.case_id);
      // The inbox list's row for the case (the element replaces its row with it).
      return {
        caseId: updated.case_id,
        submissionId: updated.submission_id,
        destinationId: updated.destination_id,
        serviceName: updated.service_name,
        leikaKey: updated.leika_key,
        submittedAt: new Date(updated.submitted_at).toISOString(),
        status: updated.status,
        reference: updated.reference,
        verification: updated.verification,
        attachmentCount: updated.announced_attachments.length,
      };
    },

    async ask(staff: StaffIdentity, input: { caseId: string; title: string; body: string }) {
      const row = await ownCase(staff, input.caseId);
      assertOpen(row);
      const messageId = await reply(row, staff, { kind: 'question', status: 'action_required', ...input });
      return { messageId };
    },

    async decide(
      staff: StaffIdentity,
      input: {
        caseId: string;
        title: string;
        body: string;
        decision: { filename: string; jwe: string; sha512: string; size: number };
      },
    ) {
      const row = await ownCase(staff, input.caseId);
      assertOpen(row);
      const messageId = await reply(row, staff, { kind: 'decision', status: 'decided', ...input });
      return { messageId };
    },

    async replyKey(staff: StaffIdentity, caseId: string) {
      await ownCase(staff, caseId);
      return { jwk: replyKey };
    },

    async messages(staff: StaffIdentity, caseId: string) {
      const row = await ownCase(staff, caseId);
      const rows = await db
        .selectFrom('efa_casework.message')
        .selectAll()
        .where('case_id', '=', row.case_id)
        .orderBy('created_at')
        .orderBy('message_id')
        .limit(1000)
        .execute();
      return { messages: rows.map(messageView) };
    },
  };
}

export type Casework = ReturnType<typeof createCasework>;
