import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { providerStatuses } from '../schema/index.js';
import {
  type PaymentProvider,
  ProviderError,
  type ProviderPaymentRequest,
  type ProviderTransaction,
} from './provider.js';
import { parseWireJson, toWireJson, WireDecimal, wireCents } from './wire.js';

/**
 * XBezahldienste 1.0.0 client (docs.fitko.de/xbezahldienste): create with
 * `POST /paymenttransaction/{originatorId}/{endPointId}`, status with
 * `GET …/{transactionId}`, health with `GET /status/{originatorId}/{endPointId}`.
 * Authentication is provider-specific: OAuth2 client credentials (GiroCheckout, pmPayment) or
 * a client certificate (ePayBL connector). Built on node:http(s) so that a PKCS#12 client
 * certificate works without extra dependencies.
 */
export type XBezahldiensteAuth =
  | {
      type: 'oauth2-client-credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    }
  | { type: 'client-certificate'; pfx: Buffer; passphrase?: string; ca?: Buffer | string }
  | { type: 'none' };

export interface XBezahldiensteOptions {
  /** Base URL up to (not including) `/paymenttransaction`, e.g. "https://pay.example/xbezahldienste". */
  baseUrl: string;
  /** Calling service or context (1–36 chars, `^[\w\d-]+$`). */
  originatorId: string;
  /** Responsible authority at the provider, e.g. its AGS (1–36 chars). */
  endPointId: string;
  auth: XBezahldiensteAuth;
  /** Per request; a provider that does not answer in time counts as unavailable. */
  timeoutMs?: number;
  /**
   * Whether `GET …/{requestId}` finds a transaction by our requestId. Used to recover after
   * PAYMENT_EXISTS (the create reached the provider but its answer was lost). True for the
   * kit's simulator; check with your provider.
   */
  lookupByRequestId?: boolean;
  canRefund?: boolean;
  id?: string;
  /** CA certificates (PEM) to trust for the provider's TLS server, e.g. a state's own CA. */
  ca?: Buffer | string;
}

const idPattern = /^[\w-]{1,36}$/;

const problemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  functionalCode: z.string().optional(),
  functionalText: z.string().optional(),
  detail: z.string().optional(),
});

const transactionSchema = z.object({
  paymentRequest: z.object({ requestId: z.string(), grosAmount: z.string() }).loose(),
  paymentInformation: z
    .object({
      transactionId: z.string().min(1).max(200),
      transactionUrl: z.string().optional(),
      transactionRedirectUrl: z.string().optional(),
      transactionReference: z.string().optional(),
      transactionTimestamp: z.string().optional(),
      paymentMethod: z.string().optional(),
      paymentMethodDetail: z.string().optional(),
      status: z.enum(providerStatuses),
      statusDetail: z.string().optional(),
    })
    .loose(),
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const maxBody = 1_000_000;

function send(
  url: URL,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    agent?: HttpsAgent;
    timeoutMs: number;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const fn = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = fn(
      url,
      {
        method: init.method,
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        ...(init.agent && url.protocol === 'https:' ? { agent: init.agent } : {}),
        timeout: init.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) {
            req.destroy(new Error('response too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function createXBezahldiensteProvider(options: XBezahldiensteOptions): PaymentProvider {
  if (!idPattern.test(options.originatorId))
    throw new RangeError('originatorId must match ^[\\w\\d-]{1,36}$');
  if (!idPattern.test(options.endPointId)) throw new RangeError('endPointId must match ^[\\w\\d-]{1,36}$');
  const base = options.baseUrl.replace(/\/+$/, '');
  const tenant = `${encodeURIComponent(options.originatorId)}/${encodeURIComponent(options.endPointId)}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const auth = options.auth;
  const ca = auth.type === 'client-certificate' ? (auth.ca ?? options.ca) : options.ca;
  const agent =
    auth.type === 'client-certificate' || ca !== undefined
      ? new HttpsAgent({
          ...(auth.type === 'client-certificate'
            ? { pfx: auth.pfx, ...(auth.passphrase === undefined ? {} : { passphrase: auth.passphrase }) }
            : {}),
          ...(ca === undefined ? {} : { ca }),
          keepAlive: true,
        })
      : undefined;

  let token: { value: string; expiresAt: number } | undefined;

  async function transport(
    url: URL,
    init: { method: string; headers: Record<string, string>; body?: string },
  ) {
    try {
      return await send(url, { ...init, timeoutMs, ...(agent ? { agent } : {}) });
    } catch (cause) {
      throw new ProviderError(
        'unavailable',
        `Provider unreachable: ${(cause as Error).message}`,
        null,
        null,
        {
          cause,
        },
      );
    }
  }

  async function accessToken(force: boolean): Promise<string | undefined> {
    if (auth.type !== 'oauth2-client-credentials') return undefined;
    if (!force && token && token.expiresAt > Date.now()) return token.value;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) body.set('scope', auth.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`,
    ).toString('base64');
    const response = await transport(new URL(auth.tokenUrl), {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: body.toString(),
    });
    if (response.status >= 500)
      throw new ProviderError('unavailable', `Token endpoint: HTTP ${response.status}`);
    if (response.status !== 200) {
      throw new ProviderError(
        'auth',
        `Token endpoint refused the client: HTTP ${response.status}`,
        null,
        response.status,
      );
    }
    const parsed = z
      .object({ access_token: z.string().min(1), expires_in: z.number().positive().optional() })
      .safeParse(safeJson(response.body));
    if (!parsed.success) throw new ProviderError('protocol', 'Token endpoint sent no access_token');
    // Renew a little early so a token never expires between check and use.
    const lifetime = (parsed.data.expires_in ?? 300) * 1000;
    token = {
      value: parsed.data.access_token,
      expiresAt: Date.now() + Math.max(lifetime - 30_000, lifetime / 2),
    };
    return token.value;
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<RawResponse> {
    const url = new URL(`${base}${path}`);
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken(attempt > 0);
      const headers: Record<string, string> = {
        accept: 'application/json, application/problem+json',
        ...extraHeaders,
      };
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await transport(url, { method, headers, ...(body === undefined ? {} : { body }) });
      // A token the provider revoked early: fetch a new one once.
      if (response.status === 401 && bearer && attempt === 0) continue;
      return response;
    }
  }

  function fail(response: RawResponse): never {
    const problem = problemSchema.safeParse(safeJson(response.body));
    const functionalCode = problem.success ? (problem.data.functionalCode ?? null) : null;
    const text = problem.success
      ? (problem.data.functionalText ?? problem.data.detail ?? problem.data.title ?? '')
      : '';
    const message = `Provider answered HTTP ${response.status}${functionalCode ? ` ${functionalCode}` : ''}: ${text}`;
    if (response.status === 401 || functionalCode === 'FORBIDDEN' || response.status === 403) {
      throw new ProviderError('auth', message, functionalCode, response.status);
    }
    // A provider in trouble answers 5xx, sometimes with a problem body: unavailable either way.
    if (response.status >= 500) {
      throw new ProviderError('unavailable', message, functionalCode, response.status);
    }
    if (functionalCode) throw new ProviderError('functional', message, functionalCode, response.status);
    throw new ProviderError('protocol', message, null, response.status);
  }

  function toTransaction(response: RawResponse): ProviderTransaction {
    let parsed: z.infer<typeof transactionSchema>;
    try {
      parsed = transactionSchema.parse(parseWireJson(response.body));
    } catch (cause) {
      throw new ProviderError(
        'protocol',
        'Provider sent a transaction that is not XBezahldienste 1.0.0',
        null,
        null,
        {
          cause,
        },
      );
    }
    const info = parsed.paymentInformation;
    let totalCents: number;
    try {
      totalCents = wireCents(parsed.paymentRequest.grosAmount);
    } catch (cause) {
      throw new ProviderError('protocol', 'Provider sent an unreadable grosAmount', null, null, { cause });
    }
    const paidAt = info.transactionTimestamp ? new Date(info.transactionTimestamp) : null;
    return {
      transactionId: info.transactionId,
      status: info.status,
      redirectUrl: info.status === 'INITIAL' ? (info.transactionRedirectUrl ?? null) : null,
      reference: info.transactionReference ?? null,
      method: info.paymentMethod ?? null,
      statusDetail: info.statusDetail ?? null,
      paidAt: paidAt && !Number.isNaN(paidAt.getTime()) ? paidAt : null,
      totalCents,
    };
  }

  return {
    id: options.id ?? 'xbezahldienste',
    canRefund: options.canRefund ?? false,

    async create(request: ProviderPaymentRequest) {
      const body = toWireJson({
        requestId: request.requestId,
        requestTimestamp: request.requestTimestamp.toISOString(),
        currency: 'EUR',
        grosAmount: new WireDecimal(request.totalCents),
        purpose: request.purpose,
        description: request.description.slice(0, 250),
        redirectUrl: request.redirectUrl,
        items: request.items.map((item) => ({
          id: item.id,
          reference: item.reference,
          description: item.description.slice(0, 250),
          quantity: item.quantity,
          // Administrative fees are outside the scope of VAT (hoheitliche Tätigkeit).
          taxRate: 0,
          ...(item.unitCents * item.quantity === item.totalCents
            ? { singleNetAmount: new WireDecimal(item.unitCents), singleTaxAmount: new WireDecimal(0) }
            : {}),
          totalNetAmount: new WireDecimal(item.totalCents),
          totalTaxAmount: new WireDecimal(0),
          bookingData: item.bookingData,
        })),
      });
      // XBezahldienste has no language field; providers show their pay page in the language the
      // request asks for, as the simulator does.
      const response = await call(
        'POST',
        `/paymenttransaction/${tenant}`,
        body,
        request.locale ? { 'accept-language': request.locale } : {},
      );
      if (response.status !== 200 && response.status !== 201) fail(response);
      return toTransaction(response);
    },

    async status({ requestId, transactionId }) {
      const id = transactionId ?? (options.lookupByRequestId === false ? null : requestId);
      if (!id) return null;
      const response = await call('GET', `/paymenttransaction/${tenant}/${encodeURIComponent(id)}`);
      if (response.status === 404) {
        // 404 means "no such transaction", unless the provider says our tenant is unknown.
        const problem = problemSchema.safeParse(safeJson(response.body));
        if (!problem.success || !problem.data.functionalCode?.startsWith('NO_VALID')) return null;
      }
      if (response.status !== 200) fail(response);
      return toTransaction(response);
    },

    async health() {
      try {
        const response = await call('GET', `/status/${tenant}`);
        return response.status === 200;
      } catch (error) {
        if (error instanceof ProviderError) return false;
        throw error;
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
