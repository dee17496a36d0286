import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EfaRequest, EfaResponse, EfaSession } from '@efa-kit/core/server';
import type { DeliveryPipeline } from '../delivery/pipeline.js';
import { type ApplicationView, renderReceiptPdf } from '../receipt/index.js';

export interface ReceiptRouteOptions {
  pipeline: DeliveryPipeline;
  resolveSession(request: EfaRequest, response: EfaResponse): Promise<EfaSession | null>;
  /** Default "/antrag/eingangsbestaetigung": the route is `<basePath>/<application id>.pdf`. */
  basePath?: string;
}

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The receipt (Eingangsbestätigung) as PDF/UA, for the signed-in owner only, with the delivery
 * status as it is now. Anyone else, or nobody signed in, gets the same 404 as an unknown id.
 */
export function createReceiptRoute(options: ReceiptRouteOptions) {
  const base = options.basePath ?? '/antrag/eingangsbestaetigung';
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(${uuidPattern})\\.pdf$`);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const match = pattern.exec(url.pathname);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const applicationId = match[1] as string;
    const session = await options.resolveSession(req as unknown as EfaRequest, res as unknown as EfaResponse);
    const found = session ? await options.pipeline.receiptViewFor(session.subject, applicationId) : null;
    res.setHeader('Cache-Control', 'private, no-store');
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Nicht gefunden / Not found');
      return true;
    }
    const { status, view } = found;
    const pdf = await renderReceiptPdf({
      ...(view as unknown as ApplicationView),
      delivery: {
        status: status.delivery,
        at: status.decidedAt ?? status.deliveredAt ?? status.submittedAt,
      },
    });
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': pdf.byteLength,
      'Content-Disposition': `attachment; filename="Eingangsbestaetigung-${status.reference}.pdf"`,
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
    return true;
  };
}
