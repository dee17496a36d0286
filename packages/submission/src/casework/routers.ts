import { authedProcedure, router } from '@efa-kit/core/server';
import { z } from 'zod';
import { caseworkError } from './errors.js';
import type { Casework } from './inbox.js';
import type { Mailbox } from './mailbox.js';

/**
 * Rate-limit points (procedure meta `cost`): reads of one case are cheap; a list, a case with
 * its ciphertext, and everything that calls the delivery service cost more.
 */
export const inboxProcedureCosts = {
  list: 2,
  get: 4,
  destinationKeys: 1,
  recordVerification: 1,
  postEvent: 4,
  setStatus: 4,
  ask: 4,
  decide: 8,
  replyKey: 1,
  messages: 2,
} as const;

export const mailboxProcedureCosts = {
  list: 2,
  messages: 2,
  open: 2,
  answer: 8,
  consent: 1,
  currentConsent: 1,
} as const;

const caseId = z.uuid();
const reference = z
  .string()
  .min(5)
  .max(64)
  // The kit's reference numbers (core's newReferenceNumber): Crockford base32 plus check symbol.
  .regex(/^EFA-[0-9A-Z*~$=-]+$/);
/** A compact JWE as the browser made it; a decision PDF may be large (the body limit caps it too). */
const compactJwe = z
  .string()
  .min(100)
  .max(30 * 1024 * 1024)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
const compactJws = z
  .string()
  .min(20)
  .max(64 * 1024)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

/**
 * Staff only: the session carries the role `caseworker` and an authority (only a staff
 * identity provider gives them). A citizen never reaches an `inbox.*` procedure.
 */
const staffProcedure = authedProcedure.use(({ ctx, next }) => {
  const { authority } = ctx.session;
  if (!ctx.session.roles.includes('caseworker') || !authority) throw caseworkError('CASEWORK_STAFF_ONLY');
  return next({ ctx: { ...ctx, staff: { id: authority.id, name: authority.name } } });
});

/** `inbox.*`: the authority's inbox (issue 13 contract). Cases of other authorities are NOT_FOUND. */
export function createInboxRouter(options: { casework: Casework }) {
  const { casework } = options;
  const c = inboxProcedureCosts;
  return router({
    list: staffProcedure
      .meta({ cost: c.list })
      .input(
        z
          .object({
            limit: z.number().int().min(1).max(1000).default(200),
            cursor: z.string().min(1).max(200).optional(),
          })
          .default({ limit: 200 }),
      )
      .query(({ ctx, input }) => casework.list(ctx.staff, input.limit, input.cursor)),
    get: staffProcedure
      .meta({ cost: c.get })
      .input(z.object({ caseId }))
      .query(({ ctx, input }) => casework.get(ctx.staff, input.caseId)),
    destinationKeys: staffProcedure
      .meta({ cost: c.destinationKeys })
      .input(z.object({}).default({}))
      .query(({ ctx }) => casework.destinationKeys(ctx.staff)),
    recordVerification: staffProcedure
      .meta({ cost: c.recordVerification })
      .input(
        z.object({
          caseId,
          reference,
          result: z.enum(['valid', 'invalid']),
          problems: z.array(z.string().min(1).max(1000)).max(100).optional(),
        }),
      )
      .mutation(({ ctx, input }) => casework.recordVerification(ctx.staff, input)),
    postEvent: staffProcedure
      .meta({ cost: c.postEvent })
      .input(z.object({ caseId, submissionId: z.uuid(), set: compactJws }))
      .mutation(({ ctx, input }) => casework.postEvent(ctx.staff, input)),
    setStatus: staffProcedure
      .meta({ cost: c.setStatus })
      .input(z.object({ caseId, status: z.enum(['in_progress', 'action_required']) }))
      .mutation(({ ctx, input }) => casework.setStatus(ctx.staff, input)),
    ask: staffProcedure
      .meta({ cost: c.ask })
      .input(
        z.object({
          caseId,
          title: z.string().trim().min(1).max(200),
          body: z.string().trim().min(1).max(10_000),
        }),
      )
      .mutation(({ ctx, input }) => casework.ask(ctx.staff, input)),
    decide: staffProcedure
      .meta({ cost: c.decide })
      .input(
        z.object({
          caseId,
          title: z.string().trim().min(1).max(200),
          body: z.string().trim().max(10_000),
          decision: z.object({
            filename: z
              .string()
              .min(5)
              .max(200)
              .regex(/^[^/\\\0]+\.pdf$/i),
            jwe: compactJwe,
            sha512: z.string().regex(/^[a-f0-9]{128}$/),
            size: z
              .number()
              .int()
              .min(1)
              .max(20 * 1024 * 1024),
          }),
        }),
      )
      .mutation(({ ctx, input }) => casework.decide(ctx.staff, input)),
    replyKey: staffProcedure
      .meta({ cost: c.replyKey })
      .input(z.object({ caseId }))
      .query(({ ctx, input }) => casework.replyKey(ctx.staff, input.caseId)),
    messages: staffProcedure
      .meta({ cost: c.messages })
      .input(z.object({ caseId }))
      .query(({ ctx, input }) => casework.messages(ctx.staff, input.caseId)),
  });
}

/** `mailbox.*`: the citizen's mailbox, only the signed-in owner's applications and messages. */
export function createMailboxRouter(options: { mailbox: Mailbox }) {
  const { mailbox } = options;
  const c = mailboxProcedureCosts;
  const messageId = z.uuid();
  return router({
    list: authedProcedure
      .meta({ cost: c.list })
      .input(z.object({ limit: z.number().int().min(1).max(200).default(100) }).default({ limit: 100 }))
      .query(({ ctx, input }) => mailbox.list(ctx.session.subject, ctx.locale, input.limit)),
    messages: authedProcedure
      .meta({ cost: c.messages })
      .input(z.object({ applicationId: z.uuid() }))
      .query(({ ctx, input }) => mailbox.messages(ctx.session, input.applicationId)),
    open: authedProcedure
      .meta({ cost: c.open })
      .input(z.object({ messageId }))
      .mutation(({ ctx, input }) => mailbox.open(ctx.session, input.messageId)),
    answer: authedProcedure
      .meta({ cost: c.answer })
      .input(z.object({ messageId, body: z.string().trim().min(1).max(10_000) }))
      .mutation(({ ctx, input }) => mailbox.answer(ctx.session, input)),
    consent: authedProcedure
      .meta({ cost: c.consent })
      .input(z.object({ given: z.boolean() }))
      .mutation(({ ctx, input }) => mailbox.consent(ctx.session.subject, input.given)),
    currentConsent: authedProcedure
      .meta({ cost: c.currentConsent })
      .input(z.object({}).default({}))
      .query(({ ctx }) => mailbox.currentConsent(ctx.session.subject)),
  });
}
