import { satisfiesTrustLevel } from '@efa-kit/core';
import type { EfaContext, SubmitAnswer } from '@efa-kit/core/server';
import { authedProcedure, publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { todayIso } from '../conditions/expression.js';
import { validationMessages } from '../messages/validation-catalogue.js';
import { type FormDefinition, parseFormDefinition } from '../schema/index.js';
import type { FormData } from '../schema/values.js';
import { type FimSubmission, toFimSubmission } from '../validation/fim-data.js';
import { createValidator, type FormValidator } from '../validation/generate.js';
import {
  type IdentityAttributes,
  lockedPrefillIssues,
  type Prefilled,
  prefillFromIdentity,
} from '../validation/prefill.js';
import type { DraftStore } from './drafts/storage.js';
import { formError } from './errors.js';
import { identityFromSession } from './session-identity.js';
import {
  buildHandoff,
  defaultAttachedUploadRetentionMs,
  defaultSchemaUri,
  type FormSubmissionOptions,
  resolveUploads,
  trustLevelTooLow,
} from './submit.js';
import { uploadOwnerHash } from './uploads/storage.js';

export interface FormRouterOptions {
  /** The forms this server offers, keyed by form id (e.g. `blueprintForms()`). */
  forms: Readonly<Record<string, FormDefinition>>;
  /**
   * The signed-in applicant's identity attributes, for prefill and to enforce locked values.
   * Default `identityFromSession`: what the login asserted on `ctx.session.identity`, verified
   * values locked from trust level "substantial" up. Returning null: no prefill, no locks.
   */
  identity?: (ctx: EfaContext) => Promise<IdentityAttributes | null> | IdentityAttributes | null;
  /** Largest application (JSON) accepted, in bytes; default 1 MB. */
  maxApplicationBytes?: number;
  /** Fixed "today" (ISO date) for date bounds; tests use it. */
  today?: () => string;
  /** Offers `submit`: the validated application goes to the app's sink. Without it `submit` refuses. */
  submission?: FormSubmissionOptions;
  /**
   * Server drafts: a submit naming its draft (`draft: { draftId, key? }`) takes the draft's
   * files as the submitter's and deletes the draft once the sink has answered.
   */
  drafts?: DraftStore;
}

/** Rate-limit points (procedure meta `cost`): a submit seals, stores and hands over a whole application. */
export const formProcedureCosts = { submit: 10 } as const;

const formIdSchema = z.string().min(1).max(100);

/** The result of a successful server-side validation. */
export interface SubmitPreview {
  /** The application as validated: only shown fields, normalized (IBAN without spaces …). */
  data: FormData;
  /** The same data keyed by FIM ids, as it would be submitted. */
  submission: FimSubmission;
  /** Paths whose values are locked to the verified identity. */
  locked: string[];
}

/**
 * The form assistant's API: `list`, `definition` and `prefill` (queries), `validate` (one step or the
 * whole application), `submitPreview` and `submit` (mutations). Validation failures arrive as the
 * kit's BAD_INPUT error with localized, field-addressed `fieldErrors` — the same messages the
 * browser shows, since both run the validation generated from the definition.
 */
export function createFormRouter(options: FormRouterOptions) {
  registerMessages(validationMessages);
  const maxBytes = options.maxApplicationBytes ?? 1024 * 1024;
  const forms = new Map<string, { definition: FormDefinition; validator: FormValidator }>();
  for (const [id, input] of Object.entries(options.forms)) {
    // Checked once at start-up: a broken definition stops the server, not a citizen.
    const definition = parseFormDefinition(input);
    if (definition.id !== id) throw new RangeError(`Form registered as "${id}" has id "${definition.id}"`);
    forms.set(id, {
      definition,
      validator: createValidator(definition, options.today ? { today: options.today } : {}),
    });
  }

  const formFor = (formId: string) => {
    const form = forms.get(formId);
    if (!form) throw formError('FORM_UNKNOWN', { formId });
    return form;
  };

  // A safe default: without an explicit source the session's asserted identity prefills and
  // locks, so a portal that forgets to wire it still refuses a forged verified name.
  const identitySource = options.identity ?? identityFromSession;
  const identityFor = async (ctx: EfaContext): Promise<IdentityAttributes | null> =>
    (await identitySource(ctx)) ?? null;

  const applicationInput = z.object({
    formId: formIdSchema,
    /** The definition version the browser filled in; a different one on the server is a conflict. */
    version: z.string().max(32).optional(),
    data: z.record(z.string().max(100), z.unknown()),
  });

  const checkSize = (data: unknown) => {
    if (JSON.stringify(data).length > maxBytes) {
      throw formError('FORM_APPLICATION_TOO_LARGE', { limit: Math.round(maxBytes / 1024) });
    }
  };

  // ZodRealError, not ZodError: only the former is an Error, which tRPC keeps as the cause
  // (the shared error formatter turns it into localized fieldErrors).
  const fail = (error: z.ZodError): never => {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'form validation failed', cause: error });
  };

  /** Validation plus the lock check, reported together so the applicant sees every problem at once. */
  async function validateAll(
    ctx: EfaContext,
    input: { formId: string; version?: string | undefined; data: Record<string, unknown> },
    stepId?: string,
  ) {
    const { formId, data } = input;
    checkSize(data);
    const { definition, validator } = formFor(formId);
    if (input.version !== undefined && input.version !== definition.version) {
      throw formError('FORM_VERSION_MISMATCH', { current: definition.version });
    }
    let schema = validator.application;
    if (stepId !== undefined) {
      if (!definition.steps.some((step) => step.id === stepId))
        throw formError('FORM_STEP_UNKNOWN', { formId, stepId });
      schema = validator.step(stepId);
    }
    const result = schema.safeParse(data);
    const identity = await identityFor(ctx);
    const lockIssues = identity
      ? lockedPrefillIssues(definition, result.success ? result.data : data, identity)
      : [];
    // Paths are relative to the procedure input, as for any other input error: "data.G….F…".
    const issues = [...(result.success ? [] : result.error.issues), ...lockIssues].map((issue) => ({
      ...issue,
      path: ['data', ...issue.path],
    }));
    if (issues.length > 0 || !result.success) fail(new z.ZodRealError(issues));
    return { definition, data: result.data as FormData, identity };
  }

  return router({
    list: publicProcedure.query(() =>
      [...forms.values()].map(({ definition }) => ({
        id: definition.id,
        version: definition.version,
        title: definition.title,
        ...(definition.description ? { description: definition.description } : {}),
      })),
    ),

    /** The definition of a form (`{ formId }`; `{ id }` is accepted too, as `<efa-form>` sends it). */
    definition: publicProcedure
      .input(z.union([z.object({ formId: formIdSchema }), z.object({ id: formIdSchema })]))
      .query(({ input }): FormDefinition => formFor('formId' in input ? input.formId : input.id).definition),

    /** Values from the signed-in applicant's identity and which are locked; null when nobody is signed in. */
    prefill: publicProcedure
      .input(z.object({ formId: formIdSchema }))
      .query(async ({ ctx, input }): Promise<Prefilled | null> => {
        const { definition } = formFor(input.formId);
        const identity = await identityFor(ctx);
        return identity ? prefillFromIdentity(definition, identity) : null;
      }),

    /** Validates one step (with `stepId`) or the whole application. */
    validate: publicProcedure
      .input(applicationInput.extend({ stepId: z.string().max(64).optional() }))
      .mutation(async ({ ctx, input }) => {
        const { data } = await validateAll(ctx, input, input.stepId);
        return { valid: true as const, data };
      }),

    /**
     * Submits an application once: `{ formId, version, applicationId, data }` with a UUID the
     * browser chose for this application and sends again on every retry. Signed-in only, at the
     * service's trust level; validated again in full (locked prefill included), every file
     * answer resolved to the applicant's own stored upload, then handed to the app's sink,
     * whose answer (reference, honest delivery state) is returned. The sink keys on
     * `applicationId`; the same input always yields the same handoff.
     */
    submit: authedProcedure
      .meta({ cost: formProcedureCosts.submit })
      .input(
        applicationInput.extend({
          version: z.string().max(32),
          applicationId: z.uuid(),
          draft: z
            .object({
              draftId: z.uuid(),
              key: z
                .string()
                .regex(/^[A-Za-z0-9_-]{43}$/)
                .optional(),
            })
            .optional(),
        }),
      )
      .mutation(async ({ ctx, input }): Promise<SubmitAnswer> => {
        const submission = options.submission;
        const { definition } = formFor(input.formId);
        const required = submission?.trustLevelFor(input.formId) ?? null;
        if (!submission || required === null)
          throw formError('FORM_NOT_SUBMITTABLE', { formId: input.formId });
        if (!satisfiesTrustLevel(ctx.session.trustLevel, required)) {
          throw trustLevelTooLow(required, ctx.session.trustLevel);
        }
        const { data } = await validateAll(ctx, input);
        const applicationId = input.applicationId.toLowerCase();
        const ownerHash = uploadOwnerHash(ctx.session.subject);
        const draftCaller = input.draft ? { ownerHash, key: input.draft.key } : undefined;
        // Files uploaded into the draft (on another device, without a login) become the submitter's.
        if (input.draft && draftCaller && options.drafts) {
          await options.drafts.adoptUploads(input.draft.draftId, draftCaller, ownerHash);
        }
        const resolved = await resolveUploads(submission.uploads, {
          definition,
          data,
          ownerHash,
          applicationId,
        });
        if (resolved.issues.length > 0) {
          fail(
            new z.ZodRealError(resolved.issues.map((issue) => ({ ...issue, path: ['data', ...issue.path] }))),
          );
        }
        const handoff = buildHandoff({
          definition,
          applicationId,
          session: ctx.session,
          locale: ctx.locale,
          input: input.data,
          data: resolved.data,
          uploads: resolved.uploads,
          store: submission.uploads,
          schemaUri: submission.schemaUriFor?.(definition.id) ?? defaultSchemaUri(definition),
          today: options.today?.() ?? todayIso(),
        });
        // Bound before the handoff: a delivery that reads them later finds them, and nobody
        // (not the owner either) can delete what an application holds.
        const now = submission.now?.() ?? new Date();
        const keepUntil = new Date(
          now.getTime() + (submission.attachedUploadRetentionMs ?? defaultAttachedUploadRetentionMs),
        );
        const ids = resolved.uploads.map((upload) => upload.id);
        const attached = await submission.uploads.attach(ownerHash, ids, applicationId, keepUntil);
        if (attached !== ids.length) throw formError('FORM_UPLOADS_CHANGED');
        const answer = await submission.sink(ctx, handoff);
        // Submitted: the draft has done its work (its attached files now belong to the application).
        if (input.draft && draftCaller && options.drafts) {
          await options.drafts.remove(input.draft.draftId, draftCaller);
        }
        return answer;
      }),

    /** Validates the whole application as the submission would, and shows what would be sent. */
    submitPreview: publicProcedure
      .input(applicationInput)
      .mutation(async ({ ctx, input }): Promise<SubmitPreview> => {
        const { definition, data, identity } = await validateAll(ctx, input);
        return {
          data,
          submission: toFimSubmission(definition, data),
          locked: identity ? prefillFromIdentity(definition, identity).locked : [],
        };
      }),
  });
}

export type FormRouter = ReturnType<typeof createFormRouter>;
