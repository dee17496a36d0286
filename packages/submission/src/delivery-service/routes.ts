import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenService } from './auth.js';
import {
  pageParams,
  readBody,
  readJson,
  requireMediaType,
  send,
  sendJson,
  sendProblem,
  uuidParam,
} from './http.js';
import type { ServicePublicJwk } from './keys.js';
import { createSubmissionSchema, type DeliveryOperations, submitSchema } from './operations.js';
import { Problem } from './problems.js';
import { createReplySchema, type ReplyOperations, retrievalSchema, submitReplySchema } from './replies.js';

/** Body size limits in bytes (see the README for the reasons behind the defaults). */
export interface DeliveryServiceLimits {
  /** One attachment JWE (default 20 MiB). */
  attachmentBytes: number;
  /** The submit body: encryptedMetadata plus encryptedData (default 21 MiB). */
  submitBytes: number;
  /** Other JSON bodies (default 1 MiB). */
  jsonBytes: number;
  /** A posted SET (default 64 KiB). */
  eventBytes: number;
  /** Attachments one submission may announce (default 200). */
  announcedAttachments: number;
}

export const defaultLimits: DeliveryServiceLimits = {
  attachmentBytes: 20 * 1024 * 1024,
  submitBytes: 21 * 1024 * 1024,
  jsonBytes: 1024 * 1024,
  eventBytes: 64 * 1024,
  announcedAttachments: 200,
};

interface RouteDeps {
  operations: DeliveryOperations;
  replies: ReplyOperations;
  tokens: TokenService;
  jwks: () => { keys: ServicePublicJwk[] };
  limits: DeliveryServiceLimits;
  log: (message: string) => void;
}

type Route = {
  method: string;
  /** Path segments; `:name` matches one segment. */
  pattern: string[];
  run(args: {
    req: IncomingMessage;
    res: ServerResponse;
    url: URL;
    params: Record<string, string>;
  }): Promise<void>;
};

function match(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, piece] of pattern.entries()) {
    const part = parts[index] ?? '';
    if (piece.startsWith(':')) params[piece.slice(1)] = part;
    else if (piece !== part) return null;
  }
  return params;
}

/** The Submission API v1 (plus token endpoint and JWKS) as one Node request handler. */
export function createRequestHandler(
  deps: RouteDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { operations, tokens, limits } = deps;
  const createSchema = createSubmissionSchema(limits.announcedAttachments);
  const routes: Route[] = [];
  // `open` marks the two routes served without a token; every other one calls client() first.
  const add = (method: string, path: string, _open: 'open' | 'token', run: Route['run']) =>
    routes.push({ method, pattern: path.split('/').filter(Boolean), run });
  const client = (req: IncomingMessage) => tokens.authenticate(req);

  add('GET', '/.well-known/jwks.json', 'open', async ({ res }) =>
    send(res, 200, JSON.stringify(deps.jwks()), 'application/jwk-set+json', {
      'cache-control': 'public, max-age=300',
    }),
  );
  add('POST', '/token', 'open', ({ req, res }) => tokens.issue(req, res));
  add('GET', '/v1/destinations/:destinationId', 'token', async ({ req, res, params }) => {
    await client(req);
    sendJson(res, 200, operations.destinationInfo(uuidParam(params.destinationId, 'destinationId')));
  });
  add('GET', '/v1/destinations/:destinationId/keys/:kid', 'token', async ({ req, res, params }) => {
    await client(req);
    const kid = params.kid ?? '';
    if (!/^[\w.:-]{1,128}$/.test(kid)) throw new Problem('bad-request', 'kid is malformed');
    sendJson(res, 200, operations.destinationKey(uuidParam(params.destinationId, 'destinationId'), kid));
  });
  add('POST', '/v1/submissions', 'token', async ({ req, res }) => {
    const who = await client(req);
    const body = await readJson(req, limits.jsonBytes, createSchema);
    sendJson(res, 201, await operations.createSubmission(who, body));
  });
  add('GET', '/v1/submissions', 'token', async ({ req, res, url }) => {
    const who = await client(req);
    const raw = url.searchParams.get('destinationId');
    const destinationId = raw === null ? null : uuidParam(raw, 'destinationId');
    const { offset, limit } = pageParams(url);
    sendJson(res, 200, await operations.listSubmissions(who, destinationId, offset, limit));
  });
  add('GET', '/v1/submissions/:submissionId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    sendJson(res, 200, await operations.getSubmission(who, uuidParam(params.submissionId, 'submissionId')));
  });
  add('PUT', '/v1/submissions/:submissionId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const id = uuidParam(params.submissionId, 'submissionId');
    const body = await readJson(req, limits.submitBytes, submitSchema);
    sendJson(res, 202, await operations.submit(who, id, body));
  });
  add(
    'PUT',
    '/v1/submissions/:submissionId/attachments/:attachmentId',
    'token',
    async ({ req, res, params }) => {
      const who = await client(req);
      const id = uuidParam(params.submissionId, 'submissionId');
      const attachmentId = uuidParam(params.attachmentId, 'attachmentId');
      requireMediaType(req, 'application/jose');
      const jwe = (await readBody(req, limits.attachmentBytes)).trim();
      await operations.uploadAttachment(who, id, attachmentId, jwe);
      send(res, 204, null, null);
    },
  );
  add(
    'GET',
    '/v1/submissions/:submissionId/attachments/:attachmentId',
    'token',
    async ({ req, res, params }) => {
      const who = await client(req);
      const id = uuidParam(params.submissionId, 'submissionId');
      const attachmentId = uuidParam(params.attachmentId, 'attachmentId');
      send(res, 200, await operations.getAttachment(who, id, attachmentId), 'application/jose');
    },
  );
  add('GET', '/v1/cases/:caseId/events', 'token', async ({ req, res, url, params }) => {
    const who = await client(req);
    const { offset, limit } = pageParams(url);
    sendJson(res, 200, await operations.caseEvents(who, uuidParam(params.caseId, 'caseId'), offset, limit));
  });
  add('POST', '/v1/cases/:caseId/events', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const caseId = uuidParam(params.caseId, 'caseId');
    requireMediaType(req, 'application/jose');
    const token = (await readBody(req, limits.eventBytes)).trim();
    await operations.postEvent(who, caseId, token);
    send(res, 201, null, null);
  });

  // Replies on a case (the kit's own resource: docs/adr/0008-casework-and-mailbox.md).
  const { replies } = deps;
  const replySchema = createReplySchema(limits.announcedAttachments);
  const replyId = (params: Record<string, string>) => uuidParam(params.replyId, 'replyId');
  add('POST', '/v1/replies', 'token', async ({ req, res }) => {
    const who = await client(req);
    sendJson(res, 201, await replies.create(who, await readJson(req, limits.jsonBytes, replySchema)));
  });
  add('GET', '/v1/replies', 'token', async ({ req, res, url }) => {
    const who = await client(req);
    const { offset, limit } = pageParams(url);
    sendJson(res, 200, await replies.listForSender(who, offset, limit));
  });
  add('GET', '/v1/replies/:replyId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    sendJson(res, 200, await replies.get(who, replyId(params)));
  });
  add('PUT', '/v1/replies/:replyId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const id = replyId(params);
    sendJson(
      res,
      202,
      await replies.submit(who, id, await readJson(req, limits.submitBytes, submitReplySchema)),
    );
  });
  add('PUT', '/v1/replies/:replyId/attachments/:attachmentId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const id = replyId(params);
    const attachmentId = uuidParam(params.attachmentId, 'attachmentId');
    requireMediaType(req, 'application/jose');
    const jwe = (await readBody(req, limits.attachmentBytes)).trim();
    await replies.upload(who, id, attachmentId, jwe);
    send(res, 204, null, null);
  });
  add('GET', '/v1/replies/:replyId/attachments/:attachmentId', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const attachmentId = uuidParam(params.attachmentId, 'attachmentId');
    send(res, 200, await replies.attachment(who, replyId(params), attachmentId), 'application/jose');
  });
  add('POST', '/v1/replies/:replyId/accept', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    sendJson(res, 200, await replies.accept(who, replyId(params)));
  });
  add('POST', '/v1/replies/:replyId/retrieval', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    const id = replyId(params);
    sendJson(
      res,
      200,
      await replies.retrieval(who, id, await readJson(req, limits.jsonBytes, retrievalSchema)),
    );
  });
  add('GET', '/v1/cases/:caseId/replies', 'token', async ({ req, res, params }) => {
    const who = await client(req);
    sendJson(res, 200, await replies.listForCase(who, uuidParam(params.caseId, 'caseId')));
  });

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://delivery-service.invalid');
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return sendProblem(
        res,
        new Problem('bad-request', 'the path is not valid percent-encoding'),
        url.pathname,
      );
    }
    try {
      const candidates = routes
        .map((route) => ({ route, params: match(route.pattern, parts) }))
        .filter((c): c is { route: Route; params: Record<string, string> } => c.params !== null);
      const chosen = candidates.find((c) => c.route.method === req.method);
      if (!chosen) {
        if (candidates.length === 0) throw new Problem('not-found', `no resource ${url.pathname}`);
        throw new Problem('method-not-allowed', `use ${candidates.map((c) => c.route.method).join(', ')}`, {
          allow: candidates.map((c) => c.route.method).join(', '),
        });
      }
      await chosen.route.run({ req, res, url, params: chosen.params });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof Problem) return sendProblem(res, error, url.pathname);
      deps.log(
        `${req.method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return sendProblem(res, new Problem('internal-server-error'), url.pathname);
    }
  };
}
