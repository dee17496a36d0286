import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError, returnPathOr } from '@efa-kit/core';
import {
  authedProcedure,
  type EfaRequest,
  type EfaResponse,
  type EfaSession,
  privateCacheControl,
  publicProcedure,
  registerMessages,
  router,
} from '@efa-kit/core/server';
import { paymentMessages } from '../messages/index.js';
import {
  createInputSchema,
  exportInputSchema,
  paymentViewSchema,
  quoteInputSchema,
  quoteSchema,
  statusInputSchema,
} from '../schema/index.js';
import { paymentError } from './errors.js';
import { exportPaymentChunks, exportPayments, exportPeriod } from './export.js';
import {
  browserCapabilityOf,
  newBrowserCapability,
  type PaymentAccess,
  paymentAccessOf,
  paymentOwnerCookieHeader,
  paymentOwnerHash,
} from './owner.js';
import { createPaymentService, type PaymentService, type PaymentServiceOptions } from './service.js';

export interface PaymentRouterOptions {
  service: PaymentService;
  /** Session roles allowed to export (the cash office). */
  staffRoles?: readonly string[];
}

/** Rate-limit points (procedure meta `cost`): what asks the provider costs more. */
export const paymentProcedureCosts = { quote: 1, create: 10, status: 2, export: 5 } as const;

/**
 * `payment.*` procedures: `quote` and `status` (queries), `create` (CSRF-guarded mutation),
 * `export` (cash office only). Mount it as `payment` in the app router.
 *
 * Every payment belongs to its creator (issue 11, finding 1): the session's subject, or for an
 * anonymous citizen a capability cookie (`efa_payment_owner`) that `create` sets. `status` and
 * a `retryOf` answer only for that owner; anyone else gets PAYMENT_NOT_FOUND. No procedure has
 * cache meta: every answer is `private, no-store` (the app's tRPC handler sets it from meta).
 */
export function createPaymentRouter(
  options: PaymentRouterOptions | (PaymentServiceOptions & Omit<PaymentRouterOptions, 'service'>),
) {
  registerMessages(paymentMessages);
  const service = 'service' in options ? options.service : createPaymentService(options);
  const staffRoles = options.staffRoles ?? ['cash-office'];
  return router({
    quote: publicProcedure
      .meta({ cost: paymentProcedureCosts.quote })
      .input(quoteInputSchema)
      // Declared outputs: the OpenAPI document describes them, and what leaves is checked.
      .output(quoteSchema)
      .query(({ input }) => service.quote(input.serviceId, input.answers)),
    create: publicProcedure
      .meta({ cost: paymentProcedureCosts.create })
      .input(createInputSchema)
      .output(paymentViewSchema)
      .mutation(({ input, ctx }) => {
        const subject = ctx.session?.subject ?? null;
        let owner: string;
        if (subject) {
          owner = paymentOwnerHash('subject', subject);
        } else {
          let capability = browserCapabilityOf(ctx.request.headers);
          if (!capability) {
            capability = newBrowserCapability();
            ctx.response.appendHeader(
              'Set-Cookie',
              // From configuration, not from the request line, which a client could spell as http.
              paymentOwnerCookieHeader(capability, { secure: service.publicOrigin.startsWith('https:') }),
            );
          }
          owner = paymentOwnerHash('browser', capability);
        }
        const held = paymentAccessOf(ctx.session, ctx.request.headers).ownerHashes;
        const access: PaymentAccess = { ownerHashes: held.includes(owner) ? held : [...held, owner] };
        return service.create({ ...input, subject, owner, access, locale: ctx.locale });
      }),
    status: publicProcedure
      .meta({ cost: paymentProcedureCosts.status })
      .input(statusInputSchema)
      .output(paymentViewSchema)
      .query(({ input, ctx }) => service.status(input.id, paymentAccessOf(ctx.session, ctx.request.headers))),
    export: authedProcedure
      .meta({ cost: paymentProcedureCosts.export })
      .input(exportInputSchema)
      .query(({ input, ctx }) => {
        if (!ctx.session.roles.some((role) => staffRoles.includes(role)))
          throw paymentError('PAYMENT_EXPORT_FORBIDDEN');
        return exportPayments(service, input);
      }),
  });
}

export type PaymentRouter = ReturnType<typeof createPaymentRouter>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PaymentReturnHandlerOptions {
  service: PaymentService;
  /** Path prefix of the return route; the payment id follows it. */
  basePath?: string;
  /** The portal's public origin (default: the service's, taken from its `returnUrl`). */
  publicOrigin?: string;
  /**
   * The session of a request (the service account's resolver, as given to
   * `createContextFactory`), so that a signed-in owner is recognised; without it only the
   * browser capability cookie is.
   */
  resolveSession?: (request: EfaRequest, response: EfaResponse) => Promise<EfaSession | null>;
  /** Where the citizen goes when the stored return path is not a safe one (default "/"). */
  fallbackPath?: string;
}

function notFound(res: ServerResponse): true {
  res
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': privateCacheControl })
    .end('Zahlung nicht gefunden / Payment not found');
  return true;
}

/**
 * The provider sends the citizen back to `<basePath>/<paymentId>`. Whatever the URL carries
 * (a status, an amount) is ignored: the handler asks the provider, applies the answer and
 * sends the citizen to the page that started the payment with `?payment=<id>`. Only the
 * payment's owner gets that far; for anyone else the payment does not exist (404, as for an
 * unknown id). The stored return path passes `safeReturnPath` again before it becomes a
 * Location, for rows stored before paths were checked on create.
 * Returns false for requests it does not own, so apps can chain handlers.
 */
export function createPaymentReturnHandler(options: PaymentReturnHandlerOptions) {
  const basePath = (options.basePath ?? '/payment/return').replace(/\/+$/, '');
  const publicOrigin = new URL(options.publicOrigin ?? options.service.publicOrigin).origin;
  const fallbackPath = returnPathOr(options.fallbackPath, publicOrigin, '/');
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', publicOrigin);
    if (!url.pathname.startsWith(`${basePath}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') return false;
    const id = url.pathname.slice(basePath.length + 1);
    if (!uuidPattern.test(id)) return notFound(res);
    if (req.method === 'POST') {
      // Some providers return with a form post. A cross-site POST carries no SameSite=Lax
      // cookie, so the owner cannot be told; the GET this redirect causes is a top-level
      // navigation that does carry it. Nothing is read or changed before that.
      res.writeHead(303, { location: `${url.pathname}`, 'cache-control': privateCacheControl }).end();
      return true;
    }
    const request: EfaRequest = {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      ip: req.socket.remoteAddress ?? '',
    };
    const session = options.resolveSession
      ? await options.resolveSession(request, {
          setHeader: (name, value) => res.setHeader(name, value),
          appendHeader: (name, value) => res.appendHeader(name, value),
        })
      : null;
    const access = paymentAccessOf(session, req.headers);
    if (access.ownerHashes.length === 0) return notFound(res);
    let returnPath = fallbackPath;
    try {
      const view = await options.service.refresh(id, 'return', access);
      returnPath = view.returnPath;
    } catch (error) {
      if (isEfaError(error) && error.code === 'PAYMENT_NOT_FOUND') return notFound(res);
      // Provider down: still bring the citizen back; the page polls and the reconciler catches up.
      const view = await options.service.status(id, access).catch(() => undefined);
      if (view) returnPath = view.returnPath;
    }
    const target = new URL(returnPathOr(returnPath, publicOrigin, fallbackPath), publicOrigin);
    target.searchParams.set('payment', id);
    res
      .writeHead(303, {
        location: `${target.pathname}${target.search}${target.hash}`,
        'cache-control': privateCacheControl,
      })
      .end();
    return true;
  };
}

export interface PaymentExportHandlerOptions {
  service: PaymentService;
  /** Shared secret of the cash office's import job; the route is off without one. */
  token: string | undefined;
  path?: string;
}

/**
 * `GET <path>?from=YYYY-MM-DD&to=YYYY-MM-DD[&status=paid]` with `Authorization: Bearer <token>`:
 * the reconciliation CSV as a download, for the cash office's HKR import job. Staff in the
 * portal use the `payment.export` procedure with their session instead.
 */
export function createPaymentExportHandler(options: PaymentExportHandlerOptions) {
  const path = options.path ?? '/payment/export.csv';
  const expected = options.token ? createHash('sha256').update(options.token).digest() : undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://export.invalid');
    if (url.pathname !== path || !expected) return false;
    const presented = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    // Compare digests so that the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(createHash('sha256').update(presented).digest(), expected)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain; charset=utf-8' })
        .end('Unauthorized');
      return true;
    }
    const parsed = exportInputSchema.safeParse({
      from: url.searchParams.get('from'),
      to: url.searchParams.get('to'),
      ...(url.searchParams.has('status') ? { statuses: url.searchParams.getAll('status') } : {}),
    });
    if (!parsed.success) {
      res
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        .end('from and to must be dates (YYYY-MM-DD), from ≤ to');
      return true;
    }
    let filename: string;
    try {
      filename = exportPeriod(parsed.data).filename;
    } catch (error) {
      const status = isEfaError(error) && error.status === 'BAD_REQUEST' ? 400 : 500;
      res
        .writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
        .end(isEfaError(error) ? error.messages.en : 'Export failed');
      return true;
    }
    // Page by page, waiting for the client to take each (bounded memory for a year's file).
    const chunks = exportPaymentChunks(options.service, parsed.data);
    try {
      let next = await chunks.next();
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': privateCacheControl,
      });
      while (!next.done && req.method !== 'HEAD') {
        if (!res.write(next.value)) await once(res, 'drain');
        next = await chunks.next();
      }
      res.end();
    } catch {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Export failed');
      } else {
        // The file is already on its way: cut it off, so the import never takes half a file as whole.
        res.destroy();
      }
    }
    return true;
  };
}
