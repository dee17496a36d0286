import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError } from '@efa-kit/core';
import { authedProcedure, publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { paymentMessages } from '../messages/index.js';
import {
  createInputSchema,
  exportInputSchema,
  quoteInputSchema,
  statusInputSchema,
} from '../schema/index.js';
import { paymentError } from './errors.js';
import { exportPayments } from './export.js';
import { createPaymentService, type PaymentService, type PaymentServiceOptions } from './service.js';

export interface PaymentRouterOptions {
  service: PaymentService;
  /** Session roles allowed to export (the cash office). */
  staffRoles?: readonly string[];
}

/**
 * `payment.*` procedures: `quote` and `status` (queries), `create` (CSRF-guarded mutation),
 * `export` (cash office only). Mount it as `payment` in the app router.
 */
export function createPaymentRouter(
  options: PaymentRouterOptions | (PaymentServiceOptions & Omit<PaymentRouterOptions, 'service'>),
) {
  registerMessages(paymentMessages);
  const service = 'service' in options ? options.service : createPaymentService(options);
  const staffRoles = options.staffRoles ?? ['cash-office'];
  return router({
    quote: publicProcedure
      .input(quoteInputSchema)
      .query(({ input }) => service.quote(input.serviceId, input.answers)),
    create: publicProcedure
      .input(createInputSchema)
      .mutation(({ input, ctx }) => service.create({ ...input, subject: ctx.session?.subject ?? null })),
    status: publicProcedure.input(statusInputSchema).query(({ input }) => service.status(input.id)),
    export: authedProcedure.input(exportInputSchema).query(({ input, ctx }) => {
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
}

/**
 * The provider sends the citizen back to `<basePath>/<paymentId>`. Whatever the URL carries
 * (a status, an amount) is ignored: the handler asks the provider, applies the answer and
 * sends the citizen to the page that started the payment with `?payment=<id>`.
 * Returns false for requests it does not own, so apps can chain handlers.
 */
export function createPaymentReturnHandler(options: PaymentReturnHandlerOptions) {
  const basePath = (options.basePath ?? '/payment/return').replace(/\/+$/, '');
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://return.invalid');
    if (!url.pathname.startsWith(`${basePath}/`)) return false;
    // Some providers return with POST (form post); both are just "the citizen is back".
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') return false;
    const id = url.pathname.slice(basePath.length + 1);
    if (!uuidPattern.test(id)) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Zahlung nicht gefunden / Payment not found');
      return true;
    }
    let returnPath = '/';
    try {
      const view = await options.service.refresh(id, 'return');
      returnPath = view.returnPath;
    } catch (error) {
      if (isEfaError(error) && error.code === 'PAYMENT_NOT_FOUND') {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end('Zahlung nicht gefunden / Payment not found');
        return true;
      }
      // Provider down: still bring the citizen back; the page polls and the reconciler catches up.
      const view = await options.service.status(id).catch(() => undefined);
      returnPath = view?.returnPath ?? '/';
    }
    const target = new URL(returnPath, 'http://return.invalid');
    target.searchParams.set('payment', id);
    res.writeHead(303, { location: `${target.pathname}${target.search}`, 'cache-control': 'no-store' }).end();
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
    try {
      const file = await exportPayments(options.service, parsed.data);
      res
        .writeHead(200, {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.filename}"`,
          'cache-control': 'no-store',
        })
        .end(file.csv);
    } catch (error) {
      const status = isEfaError(error) && error.status === 'BAD_REQUEST' ? 400 : 500;
      res
        .writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
        .end(isEfaError(error) ? error.messages.en : 'Export failed');
    }
    return true;
  };
}
