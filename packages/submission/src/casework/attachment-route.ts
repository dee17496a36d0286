import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError } from '@efa-kit/core';
import type { EfaRequest, EfaResponse, EfaSession } from '@efa-kit/core/server';
import type { Mailbox } from './mailbox.js';

export interface MailboxAttachmentRouteOptions {
  mailbox: Mailbox;
  resolveSession(request: EfaRequest, response: EfaResponse): Promise<EfaSession | null>;
  /** Default "/postfach/anlage": the route is `<basePath>/<message id>/<n>`. */
  basePath?: string;
}

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * A decision PDF (or another reply attachment), decrypted for its owner at the trust level
 * the message needs; `private, no-store`. Downloading counts as the first retrieval. Anyone
 * else, or nobody signed in, gets the same 404 as an unknown id; a too-low level a 403.
 */
export function createMailboxAttachmentRoute(options: MailboxAttachmentRouteOptions) {
  const base = options.basePath ?? '/postfach/anlage';
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(${uuidPattern})/(\\d{1,2})$`);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const match = pattern.exec(url.pathname);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const session = await options.resolveSession(req as unknown as EfaRequest, res as unknown as EfaResponse);
    const refuse = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
      return true;
    };
    if (!session) return refuse(404, 'Nicht gefunden / Not found');
    let file: Awaited<ReturnType<Mailbox['attachment']>>;
    try {
      file = await options.mailbox.attachment(session, match[1] as string, Number(match[2]));
    } catch (error) {
      if (isEfaError(error) && error.code === 'MAILBOX_TRUST_LEVEL')
        return refuse(403, `${error.localized('de')}\n${error.localized('en')}`);
      if (isEfaError(error) && error.status === 'NOT_FOUND') return refuse(404, 'Nicht gefunden / Not found');
      throw error;
    }
    const ascii = file.filename.replace(/[^\w.-]/g, '_');
    res.writeHead(200, {
      'Content-Type': file.mimeType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream',
      'Content-Length': file.bytes.byteLength,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
    return true;
  };
}
