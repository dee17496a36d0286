import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { isEfaError } from '../errors.js';
import type { Locale } from '../i18n.js';
import { translateCore } from '../messages/index.js';
import { type FieldError, fieldErrors, type MessageLookup, messageLookup } from '../validation.js';
import type { EfaContext } from './context.js';
import type { EfaProcedureMeta } from './procedure-meta.js';

/**
 * Validation messages of every package, so the one error formatter can localize any package's
 * catalogue keys. Router factories register their catalogue when they are created.
 */
const catalogues: Array<Partial<Record<Locale, Record<string, string>>>> = [];
let lookup: MessageLookup = messageLookup();

export function registerMessages(catalogue: Partial<Record<Locale, Record<string, string>>>): void {
  if (catalogues.includes(catalogue)) return;
  catalogues.push(catalogue);
  lookup = messageLookup(...catalogues);
}

export interface EfaErrorData {
  /** Stable error code: the EfaError code, or a generic one derived from the transport code. */
  efaCode: string;
  fieldErrors: FieldError[];
}

const genericCodes: Partial<Record<TRPCError['code'], Parameters<typeof translateCore>[1]>> = {
  BAD_REQUEST: 'error.BAD_INPUT',
  NOT_FOUND: 'error.NOT_FOUND',
  UNAUTHORIZED: 'error.UNAUTHORIZED',
  FORBIDDEN: 'error.FORBIDDEN',
  PAYLOAD_TOO_LARGE: 'error.PAYLOAD_TOO_LARGE',
};

const t = initTRPC
  .context<EfaContext>()
  .meta<EfaProcedureMeta>()
  .create({
    // Clients get a localized message, a stable code and field-addressed validation errors;
    // never a stack trace or an internal message.
    errorFormatter({ shape, error, ctx }) {
      const locale: Locale = ctx?.locale ?? 'de';
      const cause = error.cause;
      let message: string;
      let efaCode: string;
      let issues: FieldError[] = [];
      if (isEfaError(cause)) {
        message = cause.localized(locale);
        efaCode = cause.code;
      } else if (cause instanceof z.ZodError) {
        issues = fieldErrors(cause, locale, lookup);
        message = translateCore(locale, 'error.BAD_INPUT');
        efaCode = 'BAD_INPUT';
      } else if (error.code === 'INTERNAL_SERVER_ERROR') {
        message = translateCore(locale, 'error.INTERNAL');
        efaCode = 'INTERNAL';
      } else {
        const key = genericCodes[error.code];
        message = key ? translateCore(locale, key) : error.message;
        efaCode = error.code;
      }
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message,
        data: { ...data, efaCode, fieldErrors: issues } satisfies typeof data & EfaErrorData,
      };
    },
  });

/** Lets domain code throw EfaError and still reach the client with the right HTTP status. */
const efaErrorsToTransport = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isEfaError(result.error.cause) && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.status, message: cause.message, cause });
  }
  return result;
});

/** Mutations change state: only from an allowed origin with the double-submit token. */
const csrfGuard = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && !(ctx.security.sameOrigin && ctx.security.csrfTokenValid)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: translateCore(ctx.locale, 'error.CSRF') });
  }
  return next();
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
/** For queries and mutations; mutations are CSRF-guarded. */
export const publicProcedure = t.procedure.use(efaErrorsToTransport).use(csrfGuard);
/** Requires a logged-in session. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: translateCore(ctx.locale, 'error.UNAUTHORIZED') });
  return next({ ctx: { ...ctx, session: ctx.session } });
});
