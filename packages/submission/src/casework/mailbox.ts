import { createHash, randomUUID } from 'node:crypto';
import { type Locale, satisfiesTrustLevel, type TrustLevel } from '@efa-kit/core';
import type { ApplicationHandoff, DataSealer, EfaDatabase, EfaSession } from '@efa-kit/core/server';
import { type CryptoKey, importJWK, type JWK } from 'jose';
import { ownerHashOf } from '../delivery/pipeline.js';
import type { DeliveryRow, DeliveryTables } from '../delivery/storage.js';
import { buildMetadata, encryptForDestination, sha512Hex } from '../fit-connect/index.js';
import type { SubmissionApi } from '../fit-connect/submission-api.js';
import type { MetadataReplyChannel } from '../schema/metadata.js';
import type { ReplyInboxApi } from './api.js';
import { caseworkError } from './errors.js';
import {
  berlinDate,
  deemedNotification,
  defaultNotificationRule,
  type NotificationRule,
} from './notification.js';
import {
  decryptWithReplyKey,
  type ReplyContent,
  replyContentSchema,
  replyPublicJwk,
} from './reply-content.js';
import { type MailboxStatus, statusText } from './status-texts.js';
import type { CaseStatus, MailboxMessageRow, MailboxTables } from './storage.js';

export interface MailboxOptions {
  db: EfaDatabase;
  /** Seals the decrypted replies and decision PDFs at rest (core's createDataSealer). */
  sealer: DataSealer;
  /** The portal's sender client for replies (`createReplyInboxApi`). */
  replies: ReplyInboxApi;
  /** The portal's Submission API client: a citizen's answer goes as a later submission on the case. */
  submissions: SubmissionApi;
  /** The mailbox's private reply key (RSA-OAEP-256, with kid); its public part goes to the authority. */
  replyPrivateKey: JWK;
  /** The portal's origin, written as the `fink` reply channel's `host`. */
  publicOrigin: string;
  /** Service names by Leistungsschlüssel (the mailbox list's `serviceName`). */
  serviceNames?: Readonly<Record<string, string>>;
  /** When a decision counts as notified (default: § 41 (2a) VwVfG retrieval model, 10 days). */
  notificationRule?: NotificationRule;
  /**
   * Tells the citizen a message is waiting (e-mail, BundID). Resolves true only when it was
   * sent: `notificationSentAt` is recorded then, and never otherwise.
   */
  notify?: (input: {
    ownerHash: string;
    applicationId: string;
    messageId: string;
    kind: string;
  }) => Promise<boolean>;
  clock?: () => Date;
  log?: (line: string) => void;
}

/** The kit's own schema id of a citizen's answer (the data of a later submission on the case). */
export const answerSchemaUri = 'urn:efa-kit:mailbox:answer:1.0.0';

interface SealedContent {
  title: string;
  body: string;
  sender: string;
  service: string | null;
  reference: string | null;
  /** The authority side's id of the message (for an answer: the question's). */
  authorityMessageId: string;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function zbpStatus(status: CaseStatus | string | null): MailboxStatus | null {
  switch (status) {
    case 'received':
      return 'RECEIVED';
    case 'in_progress':
      return 'PROCESSING';
    case 'action_required':
      return 'ACTION_REQUIRED';
    case 'decided':
    case 'rejected':
      return 'COMPLETED';
    default:
      return null;
  }
}

/** The titles of a reject-submission's problems (as the pipeline kept them), at most 100 characters. */
function rejectionSummary(lastError: string | null): string | null {
  try {
    const problems = JSON.parse(lastError ?? '[]') as Array<{ title?: unknown }>;
    const titles = problems.map((p) => p.title).filter((t): t is string => typeof t === 'string');
    if (titles.length === 0) return null;
    const text = titles.join('; ');
    return text.length > 100 ? `${text.slice(0, 99)}…` : text;
  } catch {
    return null;
  }
}

/** The state the delivery pipeline knows, as BundID's status monitor names it. */
function deliveryStatus(row: DeliveryRow): MailboxStatus {
  switch (row.state) {
    case 'submitted':
      return 'SUBMITTED';
    case 'accepted':
      return 'RECEIVED';
    case 'rejected':
      return 'COMPLETED';
    default:
      return 'INITIATED';
  }
}

/**
 * The citizen's mailbox ("Mein Postfach"), modelled on BundID's ZBP so an adapter is a
 * mapping: per application the six-state status track, the authority's messages (decrypted
 * here with the portal's reply key, sealed at rest), decision dates, consent, read receipts
 * back to the authority, and answers to questions. Every access is bound to the owner.
 */
export function createMailbox(options: MailboxOptions) {
  const db = options.db.withTables<MailboxTables & DeliveryTables>();
  const { sealer, replies, submissions } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const rule = options.notificationRule ?? defaultNotificationRule;
  const publicJwk = replyPublicJwk(options.replyPrivateKey);
  let privateKey: Promise<CryptoKey> | undefined;
  const key = () => {
    privateKey ??= importJWK(options.replyPrivateKey, 'RSA-OAEP-256') as Promise<CryptoKey>;
    return privateKey;
  };
  const contentContext = (messageId: string) => `mailbox:${messageId}:content`;
  const attachmentContext = (messageId: string, n: number) => `mailbox:${messageId}:attachment:${n}`;

  function openContent(row: Pick<MailboxMessageRow, 'message_id' | 'sealed'>): SealedContent {
    return JSON.parse(new TextDecoder().decode(sealer.open(row.sealed, contentContext(row.message_id))));
  }

  async function ownMessage(subject: string, messageId: string): Promise<MailboxMessageRow> {
    const row = await db
      .selectFrom('efa_mailbox.message')
      .selectAll()
      .where('message_id', '=', messageId.toLowerCase())
      .where('owner_hash', '=', ownerHashOf(subject))
      .executeTakeFirst();
    if (!row) throw caseworkError('MAILBOX_MESSAGE_NOT_FOUND');
    return row;
  }

  async function consentAt(ownerHash: string, at: Date): Promise<boolean> {
    const row = await db
      .selectFrom('efa_mailbox.consent')
      .select('given')
      .where('owner_hash', '=', ownerHash)
      .where('at', '<=', at)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.given ?? false;
  }

  /** Stores one reply: decrypted, checked (attachments against their SHA-512 and size), sealed. */
  async function take(replyId: string): Promise<boolean> {
    const known = await db
      .selectFrom('efa_mailbox.message')
      .select('message_id')
      .where('reply_id', '=', replyId)
      .executeTakeFirst();
    if (known) return false;
    const reply = await replies.getReply(replyId);
    if (!reply.encryptedData) return false;
    const application = await db
      .selectFrom('efa_submission.delivery')
      .selectAll()
      .where('case_id', '=', reply.caseId)
      .executeTakeFirst();
    if (!application) {
      log(`mailbox: reply ${replyId} names case ${reply.caseId}, which is no application of this portal`);
      return false;
    }
    const decrypted = await decryptWithReplyKey(await key(), reply.encryptedData);
    const content: ReplyContent = replyContentSchema.parse(JSON.parse(new TextDecoder().decode(decrypted)));
    const announced = new Set(reply.announcedAttachments);
    if (
      content.attachments.some((a) => !announced.has(a.attachmentId)) ||
      content.attachments.length !== announced.size
    )
      throw new Error(`reply ${replyId}: the attachments listed inside differ from the announced ones`);
    const messageId = randomUUID();
    const files: Array<{
      n: number;
      filename: string;
      mime_type: string;
      sha512: string;
      size: number;
      sealed: Uint8Array;
    }> = [];
    for (const [n, attachment] of content.attachments.entries()) {
      const bytes = await decryptWithReplyKey(
        await key(),
        await replies.getReplyAttachment(replyId, attachment.attachmentId),
      );
      if (sha512Hex(bytes) !== attachment.sha512 || bytes.byteLength !== attachment.size)
        throw new Error(
          `reply ${replyId}: attachment ${attachment.filename} does not match its SHA-512 or size`,
        );
      files.push({
        n,
        filename: attachment.filename,
        mime_type: attachment.mimeType,
        sha512: attachment.sha512,
        size: attachment.size,
        sealed: sealer.seal(bytes, attachmentContext(messageId, n)),
      });
    }
    const sealed: SealedContent = {
      title: content.title,
      body: content.body,
      sender: content.sender,
      service: content.service,
      reference: content.reference ?? application.reference,
      authorityMessageId: content.messageId,
    };
    const now = clock();
    const inserted = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('efa_mailbox.message')
        .values({
          message_id: messageId,
          application_id: application.application_id,
          owner_hash: application.owner_hash,
          case_id: reply.caseId,
          reply_id: replyId,
          kind: content.kind,
          status: content.status,
          sealed: sealer.seal(new TextEncoder().encode(JSON.stringify(sealed)), contentContext(messageId)),
          required_trust_level: content.requiredTrustLevel,
          provided_at: now,
          notification_sent_at: null,
          first_retrieved_at: null,
          receipt_sent_at: null,
          answers: null,
          created_at: now,
        })
        .onConflict((oc) => oc.column('reply_id').doNothing())
        .returning('message_id')
        .executeTakeFirst();
      if (row && files.length > 0)
        await trx
          .insertInto('efa_mailbox.attachment')
          .values(files.map((f) => ({ message_id: messageId, ...f })))
          .execute();
      return row !== undefined;
    });
    if (!inserted) return false;
    if (options.notify) {
      const sent = await options
        .notify({
          ownerHash: application.owner_hash,
          applicationId: application.application_id,
          messageId,
          kind: content.kind,
        })
        .catch(() => false);
      if (sent)
        await db
          .updateTable('efa_mailbox.message')
          .set({ notification_sent_at: clock() })
          .where('message_id', '=', messageId)
          .execute();
    }
    return true;
  }

  async function sendReceipt(row: Pick<MailboxMessageRow, 'message_id' | 'reply_id' | 'first_retrieved_at'>) {
    if (!row.reply_id || !row.first_retrieved_at) return;
    await replies.reportRetrieval(row.reply_id, new Date(row.first_retrieved_at));
    await db
      .updateTable('efa_mailbox.message')
      .set({ receipt_sent_at: clock() })
      .where('message_id', '=', row.message_id)
      .execute();
  }

  async function retrieve(row: MailboxMessageRow): Promise<MailboxMessageRow> {
    if (row.first_retrieved_at) return row;
    const now = clock();
    const updated = await db
      .updateTable('efa_mailbox.message')
      .set({ first_retrieved_at: now })
      .where('message_id', '=', row.message_id)
      .where('first_retrieved_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    const current = updated ?? row;
    // The read receipt goes at once; if the delivery service is away, the next pull sends it.
    if (updated && updated.kind !== 'answer')
      await sendReceipt(updated).catch((error: unknown) =>
        log(
          `mailbox: read receipt for ${row.message_id} later: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    return current;
  }

  /** The citizen's handle in this portal's mailbox (FINK `finkPostfachRef` syntax). */
  function handleFor(subject: string): string {
    return `efa/${createHash('sha256').update(`mailbox:${subject}`).digest('hex').slice(0, 40)}`;
  }

  /** For the pipeline's `replyChannel`: the metadata 1.0.0 `fink` channel to this mailbox. */
  function replyChannelFor(application: Pick<ApplicationHandoff, 'subject'>): MetadataReplyChannel {
    return { fink: { finkPostfachRef: handleFor(application.subject), host: options.publicOrigin } };
  }

  function requireLevel(session: EfaSession, row: MailboxMessageRow) {
    if (!satisfiesTrustLevel(session.trustLevel, row.required_trust_level))
      throw caseworkError('MAILBOX_TRUST_LEVEL', { required: row.required_trust_level });
  }

  async function view(
    session: EfaSession,
    row: MailboxMessageRow,
    attachments: Array<{ filename: string; sha512: string; size: number }>,
  ) {
    const content = openContent(row);
    const readable = satisfiesTrustLevel(session.trustLevel, row.required_trust_level);
    const decision =
      row.kind === 'decision'
        ? deemedNotification(
            {
              providedAt: new Date(row.provided_at),
              notificationSentAt: row.notification_sent_at ? new Date(row.notification_sent_at) : null,
              firstRetrievedAt: row.first_retrieved_at ? new Date(row.first_retrieved_at) : null,
              consented: await consentAt(row.owner_hash, new Date(row.provided_at)),
            },
            rule,
            clock(),
          )
        : null;
    return {
      messageId: row.message_id,
      applicationId: row.application_id,
      kind: row.kind,
      title: content.title,
      // Above the session's level: only the title and the level needed to open it.
      body: readable ? content.body : null,
      sender: readable ? content.sender : null,
      service: content.service,
      reference: content.reference,
      requiredTrustLevel: row.required_trust_level,
      readable,
      attachments: readable ? attachments : [],
      providedAt: new Date(row.provided_at).toISOString(),
      notificationSentAt: iso(row.notification_sent_at),
      firstRetrievedAt: iso(row.first_retrieved_at),
      deemedNotifiedAt: decision?.deemedNotifiedOn ?? null,
      provisionEndsOn: decision?.provisionEndsOn ?? null,
      provisionEnded: decision?.provisionEnded ?? false,
      answers: row.answers,
    };
  }

  return {
    /** The reply key's public part: what the authority encrypts replies to (casework `replyKey`). */
    replyPublicJwk: publicJwk,

    handleFor,
    replyChannelFor,

    /** Takes the replies waiting at the delivery service, then sends read receipts still due. */
    async pull(): Promise<{ messages: number; receipts: number }> {
      let messages = 0;
      for (const reply of await replies.listReplies()) {
        try {
          if (await take(reply.replyId)) messages++;
          // Taken (now or by an earlier pull): it leaves the list.
          await replies.acceptReply(reply.replyId);
        } catch (error) {
          log(`mailbox: reply ${reply.replyId}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const due = await db
        .selectFrom('efa_mailbox.message')
        .select(['message_id', 'reply_id', 'first_retrieved_at'])
        .where('first_retrieved_at', 'is not', null)
        .where('receipt_sent_at', 'is', null)
        .where('reply_id', 'is not', null)
        .limit(200)
        .execute();
      let receipts = 0;
      for (const row of due) {
        try {
          await sendReceipt(row);
          receipts++;
        } catch (error) {
          log(
            `mailbox: read receipt ${row.message_id}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      return { messages, receipts };
    },

    /** Per application of the owner: status (ZBP), its short text, the track, unread messages. */
    async list(subject: string, locale: Locale, limit = 100) {
      const ownerHash = ownerHashOf(subject);
      const [applications, messages] = await Promise.all([
        db
          .selectFrom('efa_submission.delivery')
          .select([
            'application_id',
            'reference',
            'leika_key',
            'state',
            'submitted_at',
            'delivered_at',
            'decided_at',
            'last_error',
          ])
          .where('owner_hash', '=', ownerHash)
          .orderBy('submitted_at', 'desc')
          .limit(limit)
          .execute(),
        db
          .selectFrom('efa_mailbox.message')
          .select([
            'message_id',
            'application_id',
            'kind',
            'status',
            'provided_at',
            'first_retrieved_at',
            'sealed',
          ])
          .where('owner_hash', '=', ownerHash)
          .orderBy('provided_at')
          .limit(5000)
          .execute(),
      ]);
      return {
        applications: applications.map((a) => {
          const own = messages.filter((m) => m.application_id === a.application_id);
          const track: Array<{ status: MailboxStatus; at: string }> = [
            { status: 'INITIATED', at: new Date(a.submitted_at).toISOString() },
          ];
          const push = (status: MailboxStatus, at: Date | null) => {
            if (at && track.at(-1)?.status !== status) track.push({ status, at: new Date(at).toISOString() });
          };
          if (a.delivered_at) push('SUBMITTED', a.delivered_at);
          const rejected = a.state === 'rejected';
          if (a.state === 'accepted' || rejected) push(rejected ? 'COMPLETED' : 'RECEIVED', a.decided_at);
          // A message from the authority means it has received the application.
          const fromAuthority = own.filter((m) => m.kind !== 'answer');
          const latest = fromAuthority.at(-1);
          if (fromAuthority.length > 0 && !track.some((t) => t.status === 'RECEIVED')) {
            push('RECEIVED', fromAuthority[0]?.provided_at ?? null);
          }
          for (const m of fromAuthority) push(zbpStatus(m.status) ?? 'RECEIVED', m.provided_at);
          const current =
            track.length > 1 || fromAuthority.length > 0
              ? (track.at(-1)?.status ?? 'INITIATED')
              : deliveryStatus(a as DeliveryRow);
          return {
            applicationId: a.application_id,
            reference: a.reference,
            serviceName: options.serviceNames?.[a.leika_key] ?? a.leika_key,
            // The sender the authority's latest message names (sealed with the message).
            authorityName: latest ? openContent(latest).sender : null,
            status: current,
            statusText: statusText(current, locale, rejected),
            // ZBP `additionalInformation` (≤ 100): why the authority refused, in its words.
            additionalInformation: rejected ? rejectionSummary(a.last_error) : null,
            track,
            unread: fromAuthority.filter((m) => m.first_retrieved_at === null).length,
          };
        }),
      };
    },

    async messages(session: EfaSession, applicationId: string) {
      const ownerHash = ownerHashOf(session.subject);
      const application = await db
        .selectFrom('efa_submission.delivery')
        .select('application_id')
        .where('application_id', '=', applicationId.toLowerCase())
        .where('owner_hash', '=', ownerHash)
        .executeTakeFirst();
      if (!application) throw caseworkError('MAILBOX_APPLICATION_NOT_FOUND');
      const rows = await db
        .selectFrom('efa_mailbox.message')
        .selectAll()
        .where('owner_hash', '=', ownerHash)
        .where('application_id', '=', application.application_id)
        .orderBy('provided_at')
        .orderBy('message_id')
        .limit(500)
        .execute();
      const attachments = rows.length
        ? await db
            .selectFrom('efa_mailbox.attachment')
            .select(['message_id', 'n', 'filename', 'sha512', 'size'])
            .where(
              'message_id',
              'in',
              rows.map((r) => r.message_id),
            )
            .orderBy('n')
            .execute()
        : [];
      return {
        messages: await Promise.all(
          rows.map((row) =>
            view(
              session,
              row,
              attachments
                .filter((a) => a.message_id === row.message_id)
                .map((a) => ({ filename: a.filename, sha512: a.sha512, size: a.size })),
            ),
          ),
        ),
      };
    },

    /** Opens a message: the first retrieval is recorded and the read receipt sent to the authority. */
    async open(session: EfaSession, messageId: string) {
      const row = await ownMessage(session.subject, messageId);
      requireLevel(session, row);
      const current = await retrieve(row);
      const attachments = await db
        .selectFrom('efa_mailbox.attachment')
        .select(['filename', 'sha512', 'size'])
        .where('message_id', '=', row.message_id)
        .orderBy('n')
        .execute();
      return view(session, current, attachments);
    },

    /** The citizen's answer to a question: a later submission on the case, encrypted to the destination. */
    async answer(session: EfaSession, input: { messageId: string; body: string }) {
      const question = await ownMessage(session.subject, input.messageId);
      if (question.kind !== 'question') throw caseworkError('MAILBOX_NOT_A_QUESTION');
      requireLevel(session, question);
      const application = await db
        .selectFrom('efa_submission.delivery')
        .selectAll()
        .where('application_id', '=', question.application_id)
        .executeTakeFirstOrThrow();
      const content = openContent(question);
      const now = clock();
      const data = new TextEncoder().encode(
        JSON.stringify({
          type: 'answer',
          inReplyTo: content.authorityMessageId,
          reference: application.reference,
          body: input.body,
          answeredAt: now.toISOString(),
        }),
      );
      try {
        const destination = await submissions.destination(application.destination_id);
        const destinationKey = await submissions.encryptionKey(
          application.destination_id,
          destination.encryptionKid,
        );
        const metadata = buildMetadata({
          data: { bytes: data, schemaUri: answerSchemaUri, mimeType: 'application/json' },
          attachments: [],
          publicService: {
            leikaKey: application.leika_key,
            name: options.serviceNames?.[application.leika_key] ?? application.leika_key,
          },
          replyChannel: replyChannelFor({ subject: session.subject }),
          senderReference: application.reference,
          applicationDate: berlinDate(now),
        });
        const created = await submissions.createSubmission({
          destinationId: application.destination_id,
          announcedAttachments: [],
          serviceType: {
            identifier: `urn:de:fim:leika:leistung:${application.leika_key}`,
            name: options.serviceNames?.[application.leika_key] ?? application.leika_key,
          },
          caseId: question.case_id,
        });
        await submissions.submit(created.submissionId, {
          encryptedMetadata: await encryptForDestination(
            destinationKey,
            new TextEncoder().encode(JSON.stringify(metadata)),
            'application/json',
          ),
          encryptedData: await encryptForDestination(destinationKey, data, 'application/json'),
        });
      } catch (cause) {
        throw caseworkError('MAILBOX_ANSWER_FAILED', undefined, { cause });
      }
      const messageId = randomUUID();
      const sealed: SealedContent = {
        title: `Antwort: ${content.title}`.slice(0, 1024),
        body: input.body,
        sender: session.displayName,
        service: content.service,
        reference: application.reference,
        authorityMessageId: content.authorityMessageId,
      };
      await db
        .insertInto('efa_mailbox.message')
        .values({
          message_id: messageId,
          application_id: question.application_id,
          owner_hash: question.owner_hash,
          case_id: question.case_id,
          reply_id: null,
          kind: 'answer',
          status: null,
          sealed: sealer.seal(new TextEncoder().encode(JSON.stringify(sealed)), contentContext(messageId)),
          required_trust_level: 'low',
          provided_at: now,
          notification_sent_at: null,
          first_retrieved_at: now,
          receipt_sent_at: null,
          answers: question.message_id,
          created_at: now,
        })
        .execute();
      return { messageId };
    },

    async consent(subject: string, given: boolean) {
      const at = clock();
      await db
        .insertInto('efa_mailbox.consent')
        .values({ owner_hash: ownerHashOf(subject), given, at })
        .execute();
      return { consent: { given, at: at.toISOString() } };
    },

    async currentConsent(subject: string) {
      const row = await db
        .selectFrom('efa_mailbox.consent')
        .select(['given', 'at'])
        .where('owner_hash', '=', ownerHashOf(subject))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return { consent: row ? { given: row.given, at: new Date(row.at).toISOString() } : null };
    },

    /** The decrypted attachment for its owner at the level the message needs (the route serves it). */
    async attachment(session: EfaSession, messageId: string, n: number) {
      const row = await ownMessage(session.subject, messageId);
      requireLevel(session, row);
      const file = await db
        .selectFrom('efa_mailbox.attachment')
        .selectAll()
        .where('message_id', '=', row.message_id)
        .where('n', '=', n)
        .executeTakeFirst();
      if (!file) throw caseworkError('MAILBOX_MESSAGE_NOT_FOUND');
      await retrieve(row);
      return {
        filename: file.filename,
        mimeType: file.mime_type,
        bytes: sealer.open(file.sealed, attachmentContext(row.message_id, n)),
      };
    },
  };
}

export type Mailbox = ReturnType<typeof createMailbox>;
export type { TrustLevel };
