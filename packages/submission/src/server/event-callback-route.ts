import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEfaError } from '@efa-kit/core';
import type { DeliveryPipeline } from '../delivery/pipeline.js';

export interface EventCallbackRouteOptions {
  pipeline: Pick<DeliveryPipeline, 'takeEventCallback'>;
  /** Default "/fit-connect/callback": the URL registered as this sender's callback. */
  path?: string;
  /** The most bytes a callback body may have; default 64 KiB (100 submissions fit easily). */
  maxBodyBytes?: number;
}

const statusOf: Record<string, number> = {
  SUBMISSION_CALLBACK_MALFORMED: 400,
  SUBMISSION_CALLBACK_STALE: 401,
  SUBMISSION_CALLBACK_FORGED: 401,
  SUBMISSION_CALLBACK_REPLAYED: 409,
  SUBMISSION_CALLBACK_NOT_CONFIGURED: 404,
};

/**
 * The delivery service's event callbacks (POST, HMAC-SHA-512 signed): 204 once the statuses
 * are read from the signed event log, so the service stops repeating it; a refused callback
 * gets its code and German and English text (JSON) and changes nothing. Anything not a POST to
 * `path` is left to other routes (false).
 */
export function createEventCallbackRoute(options: EventCallbackRouteOptions) {
  const path = options.path ?? '/fit-connect/callback';
  const limit = options.maxBodyBytes ?? 64 * 1024;
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== path || req.method !== 'POST') return false;
    const answer = (status: number, body?: unknown) => {
      res.writeHead(status, {
        'Cache-Control': 'no-store',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
        ...(status === 413 ? { Connection: 'close' } : {}),
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
      return true;
    };
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) return answer(413, { code: 'PAYLOAD_TOO_LARGE' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return answer(413, { code: 'PAYLOAD_TOO_LARGE' });
      chunks.push(chunk as Buffer);
    }
    try {
      await options.pipeline.takeEventCallback({
        timestamp: req.headers['callback-timestamp'],
        authentication: req.headers['callback-authentication'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      return answer(204);
    } catch (error) {
      if (isEfaError(error) && error.code in statusOf) {
        return answer(statusOf[error.code] ?? 400, {
          code: error.code,
          message: { de: error.localized('de'), en: error.localized('en') },
        });
      }
      throw error;
    }
  };
}
