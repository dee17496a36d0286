import { z } from 'zod';
import { describeIssues, fitConnectError, submissionApiError } from '../fit-connect/errors.js';
import { answerError, exchange, type HttpAnswer, jsonOf } from '../fit-connect/http.js';
import { createTokenSource } from '../fit-connect/token.js';

/**
 * The two other faces of a FIT-Connect Submission API v1 the casework needs, over HTTP with
 * OAuth client credentials: the subscriber's (an authority pulling submissions, posting its
 * signed events, writing replies) and the sender's reply side (the portal pulling replies and
 * reporting the citizen's first retrieval). The submission routes and `POST /v1/cases/{id}/events`
 * are FITKO's; the reply routes are the kit's own (docs/adr/0008-casework-and-mailbox.md).
 */
export interface CaseworkApiOptions {
  /** Server URL, e.g. "https://submission-api-testing.fit-connect.fitko.dev" (a trailing /v1 is dropped). */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Deadline per request (default 15 s); uploads and submission downloads get 120 s. */
  timeoutMs?: number;
  /** The most bytes read from one answer (default 64 MiB: a submission with large attachments). */
  maxResponseBytes?: number;
}

const loopback = (host: string) =>
  ['localhost', '127.0.0.1', '[::1]'].includes(host) || host.startsWith('127.');
const serviceUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || loopback(url.hostname);
  }, 'must be https (http only for localhost)');

const optionsSchema = z.object({
  baseUrl: serviceUrl,
  tokenUrl: serviceUrl,
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(4096),
  scope: z.string().min(1).max(2048).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .optional(),
});

const id = z.uuid().transform((value) => value.toLowerCase());
const jwe = z.string().min(1).max(300_000_000);
const submissionPage = z
  .object({ totalCount: z.number().int().nonnegative(), submissions: z.array(z.unknown()).max(500) })
  .loose();
const replyPage = z
  .object({ totalCount: z.number().int().nonnegative(), replies: z.array(z.unknown()).max(500) })
  .loose();

const submissionRef = z.object({ destinationId: id, submissionId: id, caseId: id }).loose();
const submissionSchema = z
  .object({
    destinationId: id,
    submissionId: id,
    caseId: id,
    serviceType: z.object({ identifier: z.string().max(255), name: z.string().max(255).optional() }).loose(),
    announcedAttachments: z.array(id).max(1000).optional(),
    attachments: z.array(id).max(1000).optional(),
    encryptedMetadata: jwe,
    encryptedData: jwe.optional(),
  })
  .loose();
const replySummary = z
  .object({
    replyId: id,
    caseId: id,
    destinationId: id,
    status: z.enum(['incomplete', 'submitted', 'accepted']),
    submittedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    retrievedAt: z.string().nullable(),
  })
  .loose();
const replySchema = replySummary.extend({
  announcedAttachments: z.array(id).max(1000),
  encryptedData: jwe.optional(),
});

function jsonItem<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw submissionApiError(
      'SUBMISSION_API_PROTOCOL',
      { detail: `${what}: ${describeIssues(parsed.error.issues)}` },
      { retryable: false },
    );
  return parsed.data;
}

export type SubmissionRef = z.infer<typeof submissionRef>;
export type FetchedSubmission = z.infer<typeof submissionSchema>;
export type ReplySummary = z.infer<typeof replySummary>;
export type FetchedReply = z.infer<typeof replySchema>;

function http(options: CaseworkApiOptions) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw fitConnectError('SUBMISSION_CONFIGURATION', { detail: describeIssues(parsed.error.issues) });
  const config = parsed.data;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = config.timeoutMs ?? 15_000;
  const maxResponseBytes = config.maxResponseBytes ?? 64 * 1024 * 1024;
  const base = config.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const tokens = createTokenSource({
    tokenUrl: new URL(config.tokenUrl),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.scope === undefined ? {} : { scope: config.scope }),
    fetch: fetchImpl,
    clock,
    timeoutMs,
  });
  return async function authorized(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    what: string,
    init: { body?: string; contentType?: string; long?: boolean } = {},
  ): Promise<HttpAnswer> {
    const send = async (force: boolean) =>
      exchange(fetchImpl, new URL(`${base}${path}`), {
        method,
        headers: {
          authorization: `Bearer ${await tokens.token(force)}`,
          accept: 'application/json, application/jose, application/problem+json',
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        ...(init.body === undefined ? {} : { body: init.body }),
        timeoutMs: init.long ? Math.max(timeoutMs, 120_000) : timeoutMs,
        maxResponseBytes,
      });
    let answer = await send(false);
    if (answer.status === 401) answer = await send(true);
    if (answer.status < 200 || answer.status >= 300) throw answerError(answer, what);
    return answer;
  };
}

const seg = encodeURIComponent;
const text = (answer: HttpAnswer) => new TextDecoder().decode(answer.body).trim();

/** The subscriber (an authority's system): pull, post signed events, write replies. */
export function createSubscriberApi(options: CaseworkApiOptions) {
  const authorized = http(options);
  return {
    /**
     * `GET /v1/submissions`: every page of submissions waiting for the destination, or without
     * one for every destination this client may receive for (one request, not one per
     * destination: FIT-Connect lists them all when `destinationId` is left out).
     */
    async listSubmissions(destinationId?: string): Promise<SubmissionRef[]> {
      const all: SubmissionRef[] = [];
      const only = destinationId ? `destinationId=${seg(destinationId)}&` : '';
      for (let offset = 0; offset < 100_000; ) {
        const answer = await authorized(
          'GET',
          `/v1/submissions?${only}offset=${offset}&limit=500`,
          destinationId ? `submissions of ${destinationId}` : 'submissions',
        );
        const body = jsonOf(answer, submissionPage, 'submission list');
        const items = body.submissions.map((item) => jsonItem(submissionRef, item, 'submission list'));
        all.push(...items);
        offset += items.length;
        if (items.length === 0 || offset >= body.totalCount) break;
      }
      return all;
    },
    async getSubmission(submissionId: string): Promise<FetchedSubmission> {
      const answer = await authorized(
        'GET',
        `/v1/submissions/${seg(submissionId)}`,
        `submission ${submissionId}`,
        {
          long: true,
        },
      );
      return jsonOf(answer, submissionSchema, 'submission');
    },
    async getAttachment(submissionId: string, attachmentId: string): Promise<string> {
      const answer = await authorized(
        'GET',
        `/v1/submissions/${seg(submissionId)}/attachments/${seg(attachmentId)}`,
        `attachment ${attachmentId}`,
        { long: true },
      );
      return text(answer);
    },
    /** `POST /v1/cases/{caseId}/events`: a SET signed in the caseworker's browser, as it is. */
    async postEvent(caseId: string, set: string): Promise<void> {
      await authorized('POST', `/v1/cases/${seg(caseId)}/events`, `event on case ${caseId}`, {
        body: set,
        contentType: 'application/jose',
      });
    },
    async createReply(caseId: string, announcedAttachments: readonly string[]): Promise<{ replyId: string }> {
      const answer = await authorized('POST', '/v1/replies', `reply on case ${caseId}`, {
        body: JSON.stringify({ caseId, announcedAttachments }),
        contentType: 'application/json',
      });
      return jsonOf(answer, z.object({ replyId: id }).loose(), 'created reply');
    },
    async uploadReplyAttachment(replyId: string, attachmentId: string, content: string): Promise<void> {
      await authorized(
        'PUT',
        `/v1/replies/${seg(replyId)}/attachments/${seg(attachmentId)}`,
        'reply attachment',
        {
          body: content,
          contentType: 'application/jose',
          long: true,
        },
      );
    },
    async submitReply(replyId: string, encryptedData: string): Promise<void> {
      await authorized('PUT', `/v1/replies/${seg(replyId)}`, `submit reply ${replyId}`, {
        body: JSON.stringify({ encryptedData }),
        contentType: 'application/json',
        long: true,
      });
    },
    /** `GET /v1/cases/{caseId}/replies`: the replies' states, with the read receipt's date. */
    async caseReplies(caseId: string): Promise<ReplySummary[]> {
      const answer = await authorized('GET', `/v1/cases/${seg(caseId)}/replies`, `replies of case ${caseId}`);
      return jsonOf(answer, z.object({ replies: z.array(replySummary).max(1000) }).loose(), 'replies')
        .replies;
    },
  };
}
export type SubscriberApi = ReturnType<typeof createSubscriberApi>;

/** The sender's reply side (the portal's mailbox): pull replies, accept them, report retrieval. */
export function createReplyInboxApi(options: CaseworkApiOptions) {
  const authorized = http(options);
  return {
    async listReplies(): Promise<ReplySummary[]> {
      const all: ReplySummary[] = [];
      for (let offset = 0; offset < 100_000; ) {
        const answer = await authorized('GET', `/v1/replies?offset=${offset}&limit=500`, 'replies');
        const body = jsonOf(answer, replyPage, 'reply list');
        const items = body.replies.map((item) => jsonItem(replySummary, item, 'reply list'));
        all.push(...items);
        offset += items.length;
        if (items.length === 0 || offset >= body.totalCount) break;
      }
      return all;
    },
    async getReply(replyId: string): Promise<FetchedReply> {
      const answer = await authorized('GET', `/v1/replies/${seg(replyId)}`, `reply ${replyId}`, {
        long: true,
      });
      return jsonOf(answer, replySchema, 'reply');
    },
    async getReplyAttachment(replyId: string, attachmentId: string): Promise<string> {
      const answer = await authorized(
        'GET',
        `/v1/replies/${seg(replyId)}/attachments/${seg(attachmentId)}`,
        `reply attachment ${attachmentId}`,
        { long: true },
      );
      return text(answer);
    },
    async acceptReply(replyId: string): Promise<void> {
      await authorized('POST', `/v1/replies/${seg(replyId)}/accept`, `accept reply ${replyId}`, {
        body: '{}',
        contentType: 'application/json',
      });
    },
    async reportRetrieval(replyId: string, retrievedAt: Date): Promise<void> {
      await authorized('POST', `/v1/replies/${seg(replyId)}/retrieval`, `read receipt of ${replyId}`, {
        body: JSON.stringify({ retrievedAt: retrievedAt.toISOString() }),
        contentType: 'application/json',
      });
    },
  };
}
export type ReplyInboxApi = ReturnType<typeof createReplyInboxApi>;
