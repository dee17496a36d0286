import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Client } from './config.js';
import { jsonb, type LedgerDb, type ReplyRow } from './ledger.js';
import { Problem } from './problems.js';

/**
 * Replies on a case (Rückkanal): the destination's subscriber answers the case's sender with a
 * question, a status or a Bescheid, encrypted to the sender's reply key. FIT-Connect names the
 * pattern (create-reply, submit-reply, accept-reply; NEW_REPLIES) but our metadata schema 1.0.0
 * has no `fitConnect` reply channel, so the resource and its routes here are the kit's own
 * (docs/adr/0008-casework-and-mailbox.md). Replies are not written into the case's event log:
 * a v1 event log names submissions only (`sub: submission:<id>`), and a sender's verifier
 * refuses anything else.
 */
export const createReplySchema = (maxAttachments: number) =>
  z.object({
    caseId: z.uuid(),
    announcedAttachments: z
      .array(z.uuid())
      .max(maxAttachments)
      .refine(
        (ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length,
        'attachment ids must be unique',
      ),
  });

export const submitReplySchema = z.object({ encryptedData: z.string().min(1) });
export const retrievalSchema = z.object({ retrievedAt: z.iso.datetime() });

const jweSegments = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The service cannot read a reply; it checks the shape (five base64url segments, RSA-OAEP-256, A256GCM). */
export function checkReplyJwe(value: string, what: string): void {
  if (!jweSegments.test(value))
    throw new Problem('jwe-invalid', `${what}: not a JWE in compact serialization`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'));
  } catch {
    throw new Problem('jwe-invalid', `${what}: the protected header is not base64url JSON`);
  }
  const fields = (typeof header === 'object' && header !== null ? header : {}) as Record<string, unknown>;
  if (fields.alg !== 'RSA-OAEP-256' || fields.enc !== 'A256GCM' || 'zip' in fields) {
    throw new Problem('jwe-invalid', `${what}: alg RSA-OAEP-256, enc A256GCM and no zip are required`);
  }
}

function mayReach(client: Client, destinationId: string): boolean {
  return client.destinationIds === null || client.destinationIds.has(destinationId);
}

export interface ReplySummary {
  replyId: string;
  caseId: string;
  destinationId: string;
  status: ReplyRow['status'];
  submittedAt: string | null;
  acceptedAt: string | null;
  retrievedAt: string | null;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function summary(row: ReplyRow): ReplySummary {
  return {
    replyId: row.reply_id,
    caseId: row.case_id,
    destinationId: row.destination_id,
    status: row.status,
    submittedAt: iso(row.submitted_at),
    acceptedAt: iso(row.accepted_at),
    retrievedAt: iso(row.retrieved_at),
  };
}

export class ReplyOperations {
  constructor(
    private readonly db: LedgerDb,
    private readonly clock: () => Date,
  ) {}

  private async theCase(client: Client, caseId: string) {
    const row = await this.db
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

  private async reply(client: Client, replyId: string): Promise<ReplyRow> {
    const row = await this.db
      .selectFrom('efa_delivery_service.reply')
      .selectAll()
      .where('reply_id', '=', replyId)
      .executeTakeFirst();
    if (!row) throw new Problem('reply-not-found', `no reply ${replyId}`);
    await this.theCase(client, row.case_id);
    // A sender never sees a reply still being written.
    if (client.role === 'sender' && row.status === 'incomplete')
      throw new Problem('reply-not-found', `no reply ${replyId}`);
    if (client.role === 'subscriber' && row.subscriber_client_id !== client.clientId)
      throw new Problem('forbidden', 'another subscriber wrote this reply');
    return row;
  }

  /** `POST /v1/replies` (subscriber): a new reply on a case of its destinations. */
  async create(client: Client, body: z.infer<ReturnType<typeof createReplySchema>>) {
    if (client.role !== 'subscriber') throw new Problem('forbidden', 'replying is for subscriber clients');
    const caseId = body.caseId.toLowerCase();
    const theCase = await this.theCase(client, caseId);
    const replyId = randomUUID();
    await this.db
      .insertInto('efa_delivery_service.reply')
      .values({
        reply_id: replyId,
        case_id: caseId,
        destination_id: theCase.destination_id,
        subscriber_client_id: client.clientId,
        announced_attachments: jsonb(body.announcedAttachments.map((id) => id.toLowerCase())),
        status: 'incomplete',
        encrypted_data: null,
        created_at: this.clock(),
        submitted_at: null,
        accepted_at: null,
        retrieved_at: null,
      })
      .execute();
    return { replyId, caseId };
  }

  /** `PUT /v1/replies/{id}/attachments/{attachmentId}` (subscriber, while incomplete). */
  async upload(client: Client, replyId: string, attachmentId: string, jwe: string): Promise<void> {
    const row = await this.reply(client, replyId);
    if (client.role !== 'subscriber') throw new Problem('forbidden', 'replying is for subscriber clients');
    if (!row.announced_attachments.includes(attachmentId))
      throw new Problem('attachment-not-announced', `attachment ${attachmentId} was not announced`);
    checkReplyJwe(jwe, `attachment ${attachmentId}`);
    const stored = await sql<{ attachment_id: string }>`
      insert into efa_delivery_service.reply_attachment (reply_id, attachment_id, content, uploaded_at)
      select reply_id, ${attachmentId}::text, ${jwe}::text, ${this.clock()}::timestamptz
        from efa_delivery_service.reply where reply_id = ${replyId} and status = 'incomplete' for share
      on conflict (reply_id, attachment_id) do update set content = excluded.content, uploaded_at = excluded.uploaded_at
      returning attachment_id`.execute(this.db);
    if (stored.rows.length === 0)
      throw new Problem('reply-state-invalid', `reply ${replyId} is ${row.status}`);
  }

  /** `PUT /v1/replies/{id}` (subscriber): the encrypted content; the reply goes to the sender. */
  async submit(client: Client, replyId: string, body: z.infer<typeof submitReplySchema>) {
    const row = await this.reply(client, replyId);
    if (client.role !== 'subscriber') throw new Problem('forbidden', 'replying is for subscriber clients');
    checkReplyJwe(body.encryptedData, 'encryptedData');
    await this.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('efa_delivery_service.reply as r')
        .leftJoin('efa_delivery_service.reply_attachment as a', 'a.reply_id', 'r.reply_id')
        .select(['r.status', 'a.attachment_id'])
        .where('r.reply_id', '=', replyId)
        .forUpdate('r')
        .execute();
      if (locked[0]?.status !== 'incomplete')
        throw new Problem(
          'reply-state-invalid',
          `reply ${replyId} is already ${locked[0]?.status ?? 'gone'}`,
        );
      const present = new Set(locked.map((a) => a.attachment_id));
      const missing = row.announced_attachments.filter((id) => !present.has(id));
      if (missing.length > 0)
        throw new Problem('missing-attachments', `not uploaded yet: ${missing.join(', ')}`);
      await trx
        .updateTable('efa_delivery_service.reply')
        .set({ status: 'submitted', encrypted_data: body.encryptedData, submitted_at: this.clock() })
        .where('reply_id', '=', replyId)
        .execute();
    });
    return { replyId, caseId: row.case_id };
  }

  /** `GET /v1/replies` (sender): submitted replies on its cases it has not accepted yet. */
  async listForSender(client: Client, offset: number, limit: number) {
    if (client.role !== 'sender') throw new Problem('forbidden', 'this list is for sender clients');
    const base = this.db
      .selectFrom('efa_delivery_service.reply as r')
      .innerJoin('efa_delivery_service.fit_case as c', 'c.case_id', 'r.case_id')
      .where('c.sender_client_id', '=', client.clientId)
      .where('r.status', '=', 'submitted');
    const [rows, total] = await Promise.all([
      base
        .selectAll('r')
        .orderBy('r.submitted_at')
        .orderBy('r.reply_id')
        .offset(offset)
        .limit(limit)
        .execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
    ]);
    return { count: rows.length, offset, totalCount: Number(total?.n ?? 0), replies: rows.map(summary) };
  }

  /** `GET /v1/cases/{caseId}/replies` (sender or subscriber of the case): every reply's state. */
  async listForCase(client: Client, caseId: string) {
    await this.theCase(client, caseId);
    const rows = await this.db
      .selectFrom('efa_delivery_service.reply')
      .selectAll()
      .where('case_id', '=', caseId)
      .$if(client.role === 'sender', (q) => q.where('status', '!=', 'incomplete'))
      .orderBy('created_at')
      .orderBy('reply_id')
      .limit(1000)
      .execute();
    return { replies: rows.map(summary) };
  }

  /** `GET /v1/replies/{id}`: the reply with its ciphertext. */
  async get(client: Client, replyId: string) {
    const row = await this.reply(client, replyId);
    return {
      ...summary(row),
      announcedAttachments: row.announced_attachments,
      ...(row.encrypted_data === null ? {} : { encryptedData: row.encrypted_data }),
    };
  }

  /** `GET /v1/replies/{id}/attachments/{attachmentId}`. */
  async attachment(client: Client, replyId: string, attachmentId: string): Promise<string> {
    await this.reply(client, replyId);
    const row = await this.db
      .selectFrom('efa_delivery_service.reply_attachment')
      .select('content')
      .where('reply_id', '=', replyId)
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirst();
    if (!row) throw new Problem('attachment-not-found', `no attachment ${attachmentId}`);
    return row.content;
  }

  /** `POST /v1/replies/{id}/accept` (sender): taken into its system; leaves its list. Idempotent. */
  async accept(client: Client, replyId: string) {
    if (client.role !== 'sender') throw new Problem('forbidden', 'accepting a reply is for its sender');
    await this.reply(client, replyId);
    await this.db
      .updateTable('efa_delivery_service.reply')
      .set({ status: 'accepted', accepted_at: this.clock() })
      .where('reply_id', '=', replyId)
      .where('status', '=', 'submitted')
      .execute();
    return summary(await this.reply(client, replyId));
  }

  /**
   * `POST /v1/replies/{id}/retrieval` (sender): the citizen first opened the reply — the read
   * receipt the authority sees. The first date stays.
   */
  async retrieval(client: Client, replyId: string, body: z.infer<typeof retrievalSchema>) {
    if (client.role !== 'sender') throw new Problem('forbidden', 'a read receipt comes from the sender');
    await this.reply(client, replyId);
    const at = new Date(body.retrievedAt);
    if (at.getTime() > this.clock().getTime() + 5 * 60_000)
      throw new Problem('bad-request', 'retrievedAt is in the future');
    await this.db
      .updateTable('efa_delivery_service.reply')
      .set({ retrieved_at: at })
      .where('reply_id', '=', replyId)
      .where('retrieved_at', 'is', null)
      .execute();
    return summary(await this.reply(client, replyId));
  }
}
