import type { EfaContext, RateLimitOptions, RequestRateLimiter } from '@efa-kit/core/server';
import { authedProcedure, createRateLimiter, publicProcedure, router } from '@efa-kit/core/server';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { DraftContentView, DraftView, ResumeCodeAnswer } from '../../schema/drafts.js';
import { type FormDefinition, parseFormDefinition } from '../../schema/index.js';
import { formError } from '../errors.js';
import { uploadOwnerHash } from '../uploads/storage.js';
import { draftByteLimit } from './limits.js';
import type { DraftCaller, DraftMeta, DraftRecord, DraftStore } from './storage.js';

export interface DraftRouterOptions {
  /** The forms drafts are kept for (the same map as `createFormRouter`'s). */
  forms: Readonly<Record<string, FormDefinition>>;
  store: DraftStore;
  /**
   * Counts resume attempts per client (a guessed code costs as much as a right one). Default:
   * `draftResumeRateLimit` in the database the calls' context carries.
   */
  resumeLimiter?: RequestRateLimiter;
  /** The client an attempt counts against (default: the peer address). */
  clientKey?: (ctx: EfaContext) => string;
  /** The address a resume code opens ("https://portal.example/antrag/fortsetzen/<code>"), for the QR code. */
  resumeUrl?: (code: string) => string;
  /** Largest draft whatever a definition allows, in bytes; default 1 MB. */
  maxDraftBytes?: number;
}

/** Ten codes per client in fifteen minutes: a citizen mistypes a few, a guesser gets nowhere (80 bits). */
export const draftResumeRateLimit: RateLimitOptions = { points: 10, durationSeconds: 900 };

/** Rate-limit points (procedure meta `cost`): a resume or a code opens or makes a secret. */
export const draftProcedureCosts = { save: 1, load: 1, delete: 1, createResumeCode: 5, resume: 5 } as const;

const checkPage = '#check';
const draftIdSchema = z.uuid();
/** A draft key: 32 random bytes, base64url. */
const keySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const refSchema = z.object({ draftId: draftIdSchema, key: keySchema.optional() });

function view(meta: DraftMeta): DraftView {
  return {
    draftId: meta.draftId,
    formId: meta.formId,
    formVersion: meta.formVersion,
    version: meta.version,
    savedAt: meta.savedAt.toISOString(),
    expiresAt: meta.expiresAt.toISOString(),
    personal: meta.personal,
  };
}

function contentView(record: DraftRecord): DraftContentView {
  return {
    ...view(record),
    stepId: record.content.stepId,
    data: record.content.data,
    ...(record.content.applicationId ? { applicationId: record.content.applicationId } : {}),
  };
}

function callerOf(ctx: EfaContext, key?: string): DraftCaller {
  return { ownerHash: ctx.session ? uploadOwnerHash(ctx.session.subject) : null, key };
}

const dateText = (date: Date, locale: 'de' | 'en') =>
  date.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  });

/**
 * The `drafts.*` procedures: `save` (a new draft, or a new version of one: `baseVersion` names
 * the version it was based on, a stale one is refused with DRAFT_CONFLICT), `load`, `list`
 * (the logged-in person's drafts), `delete`, `createResumeCode` and `resume`. A draft belongs
 * to the logged-in person who started it, or, without a login, to whoever holds its key (the
 * browser that started it, or the one a resume code moved it to); everyone else is told it is
 * not there. Reading procedures are mutations: a draft key never travels in a URL.
 */
export function createDraftRouter(options: DraftRouterOptions) {
  const maxBytes = options.maxDraftBytes ?? 1024 * 1024;
  const forms = new Map<string, { definition: FormDefinition; limit: number; steps: Set<string> }>();
  for (const [id, input] of Object.entries(options.forms)) {
    const definition = parseFormDefinition(input);
    forms.set(id, {
      definition,
      limit: draftByteLimit(definition, maxBytes),
      steps: new Set(definition.steps.map((step) => step.id)),
    });
  }
  const { store } = options;
  let limiter = options.resumeLimiter;
  const clientKey = options.clientKey ?? ((ctx: EfaContext) => ctx.request.ip || 'unknown');

  const formFor = (formId: string) => {
    const form = forms.get(formId);
    if (!form) throw formError('FORM_UNKNOWN', { formId });
    return form;
  };

  const notFound = () => formError('DRAFT_NOT_FOUND');

  const saveInput = z.object({
    formId: z.string().min(1).max(100),
    /** Absent: a new draft. */
    draftId: draftIdSchema.optional(),
    key: keySchema.optional(),
    /** The version this save is based on; 0 for a new draft. */
    baseVersion: z.number().int().min(0).max(1_000_000_000),
    stepId: z.string().max(64),
    data: z.record(z.string().max(100), z.unknown()),
    applicationId: z.uuid().optional(),
  });

  return router({
    save: publicProcedure
      .meta({ cost: draftProcedureCosts.save })
      .input(saveInput)
      .mutation(async ({ ctx, input }): Promise<DraftView & { key?: string }> => {
        const form = formFor(input.formId);
        const bytes = Buffer.byteLength(JSON.stringify(input.data), 'utf8');
        if (bytes > form.limit) throw formError('DRAFT_TOO_LARGE', { limit: Math.round(form.limit / 1024) });
        if (input.stepId !== checkPage && input.stepId !== '' && !form.steps.has(input.stepId)) {
          throw formError('FORM_STEP_UNKNOWN', { formId: input.formId, stepId: input.stepId });
        }
        const content = {
          data: input.data,
          stepId: input.stepId,
          ...(input.applicationId ? { applicationId: input.applicationId.toLowerCase() } : {}),
        };
        const caller = callerOf(ctx, input.key);
        if (input.draftId === undefined) {
          const created = await store.create({
            formId: input.formId,
            formVersion: form.definition.version,
            ownerHash: caller.ownerHash,
            content,
          });
          return { ...view(created.meta), ...(created.key ? { key: created.key } : {}) };
        }
        const outcome = await store.save(input.draftId, caller, input.baseVersion, content);
        if (
          outcome.status === 'not-found' ||
          (outcome.status === 'saved' && outcome.meta.formId !== input.formId)
        )
          throw notFound();
        if (outcome.status === 'conflict') {
          throw formError(
            'DRAFT_CONFLICT',
            { version: outcome.current.version, savedAt: dateText(outcome.current.savedAt, ctx.locale) },
            { details: { current: view(outcome.current) } },
          );
        }
        return view(outcome.meta);
      }),

    load: publicProcedure
      .meta({ cost: draftProcedureCosts.load })
      .input(refSchema)
      .mutation(async ({ ctx, input }): Promise<DraftContentView> => {
        const record = await store.load(input.draftId, callerOf(ctx, input.key));
        if (!record) throw notFound();
        return contentView(record);
      }),

    /** "Mein Konto": the logged-in person's drafts, last saved first. */
    list: authedProcedure.query(
      async ({ ctx }): Promise<DraftView[]> =>
        (await store.listFor(uploadOwnerHash(ctx.session.subject))).map(view),
    ),

    delete: publicProcedure
      .meta({ cost: draftProcedureCosts.delete })
      .input(refSchema)
      .mutation(async ({ ctx, input }) => {
        if (!(await store.remove(input.draftId, callerOf(ctx, input.key)))) throw notFound();
        return { deleted: true as const };
      }),

    /** A code for another device: single-use, valid until the draft expires; with its link's QR code. */
    createResumeCode: publicProcedure
      .meta({ cost: draftProcedureCosts.createResumeCode })
      .input(refSchema)
      .mutation(async ({ ctx, input }): Promise<ResumeCodeAnswer> => {
        const made = await store.createResumeCode(input.draftId, callerOf(ctx, input.key));
        if (!made) throw notFound();
        const url = options.resumeUrl?.(made.code);
        return {
          code: made.code,
          expiresAt: made.expiresAt.toISOString(),
          ...(url
            ? {
                url,
                // An image, not markup for the page: nothing from here runs in the citizen's document.
                qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(renderSVG(url, { border: 2 }), 'utf8').toString('base64')}`,
              }
            : {}),
        };
      }),

    /** Opens a draft by its resume code and uses the code up; attempts are limited per client. */
    resume: publicProcedure
      .meta({ cost: draftProcedureCosts.resume })
      .input(z.object({ code: z.string().min(1).max(64) }))
      .mutation(async ({ ctx, input }): Promise<DraftContentView & { key?: string }> => {
        limiter ??= createRateLimiter(ctx.db, draftResumeRateLimit);
        const decision = await limiter.consume(`draft-resume:${clientKey(ctx)}`, 1);
        if (!decision.allowed) {
          ctx.response.setHeader('retry-after', String(decision.retryAfterSeconds));
          throw formError('DRAFT_RESUME_RATE_LIMITED', { seconds: decision.retryAfterSeconds });
        }
        const outcome = await store.resume(
          input.code,
          ctx.session ? uploadOwnerHash(ctx.session.subject) : null,
        );
        if (outcome.status === 'login-required') throw formError('DRAFT_RESUME_LOGIN');
        if (outcome.status === 'not-found') throw formError('DRAFT_RESUME_CODE_INVALID');
        return { ...contentView(outcome.record), ...(outcome.key ? { key: outcome.key } : {}) };
      }),
  });
}

export type DraftRouter = ReturnType<typeof createDraftRouter>;
