import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { centsToDecimal, isLocale, type Locale, negotiateLocale } from '@efa-kit/core';
import { createDatabase, type EfaDatabase } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ProviderStatus } from '../schema/index.js';
import { parseWireJson, toWireJson, WireDecimal, wireCents } from '../server/wire.js';
import { ensureSimulatorLedger, type SimulatorTables } from './ledger.js';
import {
  type CheckoutPageModel,
  challengePage,
  checkoutPage,
  messagePage,
  simulatorCss,
  transferPage,
} from './pages.js';

/**
 * A payment provider simulator speaking the provider side of XBezahldienste 1.0.0 over real
 * HTTP, with a hosted checkout page. For development, demos and tests of any XBezahldienste
 * client; it moves no money.
 *
 * Test cards (any expiry in the future, any CVC):
 *   4111 1111 1111 1111  succeeds
 *   4000 0000 0000 0002  is declined (FAILED)
 *   4000 0000 0000 3220  needs a 3-D Secure challenge (approve or decline)
 *   4000 0000 0000 0119  the bank does not answer in time: the checkout returns with the
 *                        payment still INITIAL, and it succeeds `lateSuccessMs` later
 */
export const testCards = {
  success: '4111111111111111',
  declined: '4000000000000002',
  challenge: '4000000000003220',
  timeout: '4000000000000119',
} as const;

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
}

export interface PaymentSimulatorOptions {
  port?: number;
  host?: string;
  /** No OAuth2 token required (`--open`). */
  open?: boolean;
  clients?: SimulatorClient[];
  /** Allowed originatorId/endPointId pairs ("orig/endp"); any well-formed pair when absent. */
  tenants?: string[];
  /** Token lifetime in seconds. */
  tokenLifetime?: number;
  /** After the citizen finishes, the status API keeps answering INITIAL this long (slow providers). */
  statusDelayMs?: number;
  /** When the timeout test card's payment turns PAYED. */
  lateSuccessMs?: number;
  /**
   * The simulator's time in ms since the epoch (default `Date.now`): a test steps it past
   * `statusDelayMs` or a token's lifetime instead of waiting, so it holds on a busy machine.
   */
  clock?: () => number;
  /** Items must carry bookingData (ePayBL-style), else BOOKING_DATA_MISSING. */
  requireBookingData?: boolean;
  /** Public base URL when behind a proxy; defaults to the listening address. */
  publicUrl?: string;
  /**
   * Where the ledger lives. A restart with the same database loses no transaction (issue 11,
   * finding 6); the simulator creates its own schema (`efa_payment_simulator`) there if
   * missing, so the portal's own database will do in development, and leaves it open on close. Default: a fresh in-memory PGlite, gone on close.
   */
  db?: EfaDatabase;
  /**
   * Secret for the `/_simulator/*` control routes (`Authorization: Bearer <token>`) and the
   * checkout forms' anti-forgery field. Default: random per start.
   */
  controlToken?: string;
}

export interface SimulatedTransaction {
  transactionId: string;
  requestId: string;
  tenant: string;
  request: Record<string, unknown>;
  totalCents: number;
  redirectUrl: string;
  status: ProviderStatus;
  /** The status the API reports; lags `status` by statusDelayMs. */
  visibleAt: number;
  previousStatus: ProviderStatus;
  statusDetail: string | null;
  reference: string | null;
  method: string | null;
  methodDetail: string | null;
  paidAt: Date | null;
  createdAt: Date;
  /** When a late authorisation (the timeout test card) turns the payment PAYED, epoch ms. */
  succeedAt: number | null;
  /**
   * The citizen's language as the service named it when it created the payment (the create
   * call's Accept-Language); the pay page speaks it. Null: the browser's Accept-Language decides.
   */
  lang: Locale | null;
}

export interface PaymentSimulator {
  /** Base URL of the XBezahldienste API (the client's `baseUrl`). */
  url: string;
  tokenUrl: string;
  clients: readonly SimulatorClient[];
  /**
   * Bearer token of the `/_simulator/*` control routes (unavailable, fail-next, settle,
   * transactions); requests without it get 401. Random per start unless given.
   */
  readonly controlToken: string;
  /** Every API call answers 503 while set. */
  setUnavailable(unavailable: boolean): void;
  /** The next create answers this functional error (CALCULATION_ERROR, PAYMENT_EXISTS, …). */
  failNext(functionalCode: string, httpStatus?: number): void;
  /**
   * Ends a transaction as the provider would later (a transfer that arrived, a late decline);
   * the change is visible at once and stored when the promise settles.
   */
  settle(transactionId: string, status: Exclude<ProviderStatus, 'INITIAL'>, method?: string): Promise<void>;
  transactions(): SimulatedTransaction[];
  /** Number of transactions in the ledger (create calls that produced one, across restarts). */
  readonly createdCount: number;
  /** Stops listening and waits for the ledger to be written. */
  close(): Promise<void>;
}

const tenantPart = /^[\w-]{1,36}$/;

const itemSchema = z
  .object({
    id: z.string().regex(/^[\w-]{1,36}$/),
    reference: z.string().max(36).optional(),
    description: z.string().max(250).optional(),
    taxRate: z.number().min(0).max(100).optional(),
    quantity: z.number().int().min(0).optional(),
    totalNetAmount: z.string().optional(),
    totalTaxAmount: z.string().optional(),
    singleNetAmount: z.string().optional(),
    singleTaxAmount: z.string().optional(),
    bookingData: z.record(z.string(), z.string()).optional(),
  })
  .loose();

const requestSchema = z
  .object({
    requestId: z.string().regex(/^[\w-]{1,36}$/),
    requestTimestamp: z.iso.datetime({ offset: true }),
    currency: z.literal('EUR'),
    grosAmount: z.string(),
    purpose: z
      .string()
      .max(27)
      .regex(/^[\w\s-]+$/),
    description: z.string().max(250).optional(),
    redirectUrl: z.url().max(2082),
    items: z.array(itemSchema).min(1).max(99),
    requestor: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly functionalCode: string | null,
    readonly title: string,
    readonly detail = '',
  ) {
    super(title);
  }
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

async function readBody(req: IncomingMessage, limit = 256_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Problem(413, 'VALIDATION_ERROR', 'Payload Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The language a service's create call names for the citizen (Accept-Language, as a provider
 * reads it); null when it names neither German nor English, e.g. the `*` HTTP clients send.
 */
function namedLocale(acceptLanguage: string | undefined): Locale | null {
  if (!acceptLanguage || !/(^|,)\s*(de|en)\b/i.test(acceptLanguage)) return null;
  return negotiateLocale(acceptLanguage);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function startPaymentSimulator(
  options: PaymentSimulatorOptions = {},
): Promise<PaymentSimulator> {
  const clients = options.clients ?? [
    { clientId: 'efa-portal', clientSecret: randomBytes(16).toString('hex') },
  ];
  const tokenLifetime = options.tokenLifetime ?? 300;
  const statusDelayMs = options.statusDelayMs ?? 0;
  const lateSuccessMs = options.lateSuccessMs ?? 5_000;
  const clock = options.clock ?? Date.now;
  const controlToken = options.controlToken ?? randomBytes(32).toString('base64url');
  const tokens = new Map<string, number>();
  const ownDb = options.db === undefined;
  const database = options.db ?? (await createDatabase());
  await ensureSimulatorLedger(database);
  const db = database.withTables<SimulatorTables>();
  const transactions = new Map<string, SimulatedTransaction>();
  const byRequestId = new Map<string, string>();
  let referenceCounter = 0;
  const rows = await db
    .selectFrom('efa_payment_simulator.transaction')
    .selectAll()
    .orderBy('created_at')
    .orderBy('transaction_id')
    .execute();
  for (const row of rows) {
    const tx: SimulatedTransaction = {
      transactionId: row.transaction_id,
      requestId: row.request_id,
      tenant: row.tenant,
      request: row.request,
      totalCents: Number(row.total_cents),
      redirectUrl: row.redirect_url,
      status: row.status,
      previousStatus: row.previous_status,
      visibleAt: Number(row.visible_at),
      statusDetail: row.status_detail,
      reference: row.reference,
      method: row.method,
      methodDetail: row.method_detail,
      paidAt: row.paid_at ? new Date(row.paid_at) : null,
      createdAt: new Date(row.created_at),
      succeedAt: row.succeed_at === null ? null : Number(row.succeed_at),
      lang: isLocale(row.lang) ? row.lang : null,
    };
    transactions.set(tx.transactionId, tx);
    byRequestId.set(`${tx.tenant}/${tx.requestId}`, tx.transactionId);
    if (tx.reference) referenceCounter += 1;
  }
  let unavailable = false;
  let injected: { functionalCode: string; status: number } | undefined;
  let base = '';
  // One write at a time, in order: the ledger on disk never holds an older state of a
  // transaction than one written before it.
  let writes: Promise<void> = Promise.resolve();

  function save(tx: SimulatedTransaction): Promise<void> {
    const row = {
      transaction_id: tx.transactionId,
      tenant: tx.tenant,
      request_id: tx.requestId,
      request: JSON.stringify(tx.request),
      total_cents: tx.totalCents,
      redirect_url: tx.redirectUrl,
      status: tx.status,
      previous_status: tx.previousStatus,
      visible_at: tx.visibleAt,
      status_detail: tx.statusDetail,
      reference: tx.reference,
      method: tx.method,
      method_detail: tx.methodDetail,
      paid_at: tx.paidAt,
      created_at: tx.createdAt,
      succeed_at: tx.succeedAt,
      lang: tx.lang,
    };
    const write = writes.then(async () => {
      const { request, ...rest } = row;
      const values = { ...rest, request: sql<Record<string, unknown>>`${request}::jsonb` };
      await db
        .insertInto('efa_payment_simulator.transaction')
        .values(values)
        .onConflict((oc) => oc.column('transaction_id').doUpdateSet(values))
        .execute();
    });
    // A failed write must not block the ones after it; the caller sees its own failure.
    writes = write.catch(() => undefined);
    return write;
  }

  /** A late authorisation that has come due (kept as a time in the ledger, not a timer). */
  function settleDue(tx: SimulatedTransaction): Promise<void> | undefined {
    if (tx.status !== 'INITIAL' || tx.succeedAt === null || clock() < tx.succeedAt) return undefined;
    finish(tx, 'PAYED', 'CREDITCARD', 'late_authorisation');
    return save(tx);
  }

  function formToken(transactionId: string): string {
    return createHmac('sha256', controlToken).update(`checkout:${transactionId}`).digest('base64url');
  }

  function finish(
    tx: SimulatedTransaction,
    status: Exclude<ProviderStatus, 'INITIAL'>,
    method: string | null,
    detail: string | null,
  ) {
    if (tx.status !== 'INITIAL') return;
    tx.previousStatus = tx.status;
    tx.status = status;
    tx.visibleAt = clock() + statusDelayMs;
    tx.statusDetail = detail;
    if (status === 'PAYED') {
      tx.method = method;
      tx.paidAt = new Date(clock());
      referenceCounter += 1;
      tx.reference = `SIM-${new Date(clock()).getUTCFullYear()}-${String(referenceCounter).padStart(6, '0')}`;
    }
  }

  function visibleStatus(tx: SimulatedTransaction): ProviderStatus {
    return clock() >= tx.visibleAt ? tx.status : tx.previousStatus;
  }

  function checkoutUrl(tx: SimulatedTransaction): string {
    // The language travels in the URL, so the browser's own Accept-Language cannot override
    // the one the citizen chose on the service's pages.
    return `${base}/checkout/${tx.transactionId}${tx.lang ? `?lang=${tx.lang}` : ''}`;
  }

  function transactionJson(tx: SimulatedTransaction): string {
    const status = visibleStatus(tx);
    const request = { ...tx.request, grosAmount: new WireDecimal(tx.totalCents) };
    const items = (tx.request.items as Array<Record<string, unknown>>).map((item) => {
      const copy: Record<string, unknown> = { ...item };
      for (const key of ['totalNetAmount', 'totalTaxAmount', 'singleNetAmount', 'singleTaxAmount']) {
        if (typeof copy[key] === 'string') copy[key] = new WireDecimal(wireCents(copy[key]));
      }
      return copy;
    });
    const done = status !== 'INITIAL';
    return toWireJson({
      paymentRequest: { ...request, items },
      paymentInformation: {
        transactionId: tx.transactionId,
        transactionUrl: `${base}/paymenttransaction/${tx.tenant}/${tx.transactionId}`,
        ...(status === 'INITIAL' ? { transactionRedirectUrl: checkoutUrl(tx) } : {}),
        ...(done && tx.reference ? { transactionReference: tx.reference } : {}),
        ...(done && tx.paidAt ? { transactionTimestamp: tx.paidAt.toISOString() } : {}),
        ...(status === 'PAYED' && tx.method ? { paymentMethod: tx.method } : {}),
        ...(status === 'PAYED' && tx.methodDetail ? { paymentMethodDetail: tx.methodDetail } : {}),
        status,
        ...(done && tx.statusDetail ? { statusDetail: tx.statusDetail } : {}),
      },
    });
  }

  function authorize(req: IncomingMessage) {
    if (options.open) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([\w-]+)$/.exec(header);
    const expiry = match?.[1] ? tokens.get(match[1]) : undefined;
    if (!expiry || expiry < clock()) {
      throw new Problem(
        401,
        null,
        'Unauthorized',
        'A valid OAuth2 access token (client credentials) is required.',
      );
    }
  }

  function tenantOf(originatorId: string, endPointId: string): string {
    if (!tenantPart.test(originatorId) || !tenantPart.test(endPointId)) {
      throw new Problem(
        400,
        'NO_VALID_ORIGINATOR_OR_ENDPOINT',
        'Bad Request',
        'originatorId/endPointId malformed',
      );
    }
    const tenant = `${originatorId}/${endPointId}`;
    if (options.tenants && !options.tenants.includes(tenant)) {
      throw new Problem(400, 'NO_VALID_ORIGINATOR_OR_ENDPOINT', 'Bad Request', `Unknown tenant ${tenant}`);
    }
    return tenant;
  }

  async function issueToken(req: IncomingMessage, res: ServerResponse) {
    const body = new URLSearchParams(await readBody(req, 8_000));
    let clientId = body.get('client_id') ?? '';
    let clientSecret = body.get('client_secret') ?? '';
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const index = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, index));
      clientSecret = decodeURIComponent(decoded.slice(index + 1));
    }
    if (body.get('grant_type') !== 'client_credentials') {
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    const client = clients.find((c) => c.clientId === clientId);
    if (!client || !safeEqual(client.clientSecret, clientSecret)) {
      return json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="simulator"' });
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, clock() + tokenLifetime * 1000);
    return json(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: tokenLifetime,
      scope: 'post',
    });
  }

  async function createTransaction(req: IncomingMessage, res: ServerResponse, tenant: string) {
    let parsed: z.infer<typeof requestSchema>;
    try {
      parsed = requestSchema.parse(parseWireJson(await readBody(req)));
    } catch (error) {
      if (error instanceof Problem) throw error;
      const detail =
        error instanceof z.ZodError
          ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : 'not JSON';
      throw new Problem(400, 'VALIDATION_ERROR', 'Bad Request', detail.slice(0, 2000));
    }
    if (injected) {
      const { functionalCode, status } = injected;
      injected = undefined;
      throw new Problem(status, functionalCode, 'Injected failure', `Simulator switch: ${functionalCode}`);
    }
    if (
      options.requireBookingData &&
      parsed.items.some((item) => !item.bookingData || Object.keys(item.bookingData).length === 0)
    ) {
      throw new Problem(400, 'BOOKING_DATA_MISSING', 'Bad Request', 'Every item needs bookingData');
    }
    let total: number;
    let sum = 0;
    try {
      total = wireCents(parsed.grosAmount);
      for (const item of parsed.items) {
        if (item.totalNetAmount !== undefined) {
          sum += wireCents(item.totalNetAmount) + (item.totalTaxAmount ? wireCents(item.totalTaxAmount) : 0);
        } else if (item.singleNetAmount !== undefined) {
          const single =
            wireCents(item.singleNetAmount) + (item.singleTaxAmount ? wireCents(item.singleTaxAmount) : 0);
          sum += single * (item.quantity ?? 1);
        }
      }
    } catch {
      throw new Problem(
        400,
        'VALIDATION_ERROR',
        'Bad Request',
        'Amounts must be decimal euros with at most 2 places',
      );
    }
    if (total > 999_999_00)
      throw new Problem(400, 'VALIDATION_ERROR', 'Bad Request', 'grosAmount above 999999');
    if (sum !== total) {
      throw new Problem(
        400,
        'CALCULATION_ERROR',
        'Bad Request',
        `grosAmount ${centsToDecimal(total)} does not equal the sum of the items ${centsToDecimal(sum)}`,
      );
    }
    const key = `${tenant}/${parsed.requestId}`;
    if (byRequestId.has(key)) {
      throw new Problem(409, 'PAYMENT_EXISTS', 'Conflict', `requestId ${parsed.requestId} was already used`);
    }
    const now = new Date();
    const tx: SimulatedTransaction = {
      transactionId: randomUUID(),
      requestId: parsed.requestId,
      tenant,
      request: parsed,
      totalCents: total,
      redirectUrl: parsed.redirectUrl,
      status: 'INITIAL',
      previousStatus: 'INITIAL',
      visibleAt: 0,
      statusDetail: null,
      reference: null,
      method: null,
      methodDetail: null,
      paidAt: null,
      createdAt: now,
      succeedAt: null,
      lang: namedLocale(req.headers['accept-language']),
    };
    transactions.set(tx.transactionId, tx);
    byRequestId.set(key, tx.transactionId);
    try {
      await save(tx);
    } catch (error) {
      // Not in the ledger: not created, so a retry with the same requestId may create it.
      transactions.delete(tx.transactionId);
      byRequestId.delete(key);
      throw error;
    }
    send(res, 200, transactionJson(tx), 'application/json');
  }

  async function lookup(tenant: string, id: string): Promise<SimulatedTransaction> {
    // Found by transactionId or, for clients recovering from a lost answer, by requestId.
    const tx = transactions.get(id) ?? transactions.get(byRequestId.get(`${tenant}/${id}`) ?? '');
    if (!tx || tx.tenant !== tenant) throw new Problem(404, null, 'Not Found', `No transaction ${id}`);
    await settleDue(tx);
    return tx;
  }

  function pageModel(tx: SimulatedTransaction, lang: 'de' | 'en'): CheckoutPageModel {
    return {
      lang,
      transactionId: tx.transactionId,
      formToken: formToken(tx.transactionId),
      amount: formatEuro(tx.totalCents, lang),
      purpose: String(tx.request.purpose ?? ''),
      description: String(tx.request.description ?? ''),
      items: (tx.request.items as Array<{ description?: string; totalNetAmount?: string }>).map((item) => ({
        description: item.description ?? '',
        amount: formatEuro(item.totalNetAmount ? wireCents(item.totalNetAmount) : 0, lang),
      })),
    };
  }

  function returnTo(res: ServerResponse, tx: SimulatedTransaction) {
    res.writeHead(303, { location: tx.redirectUrl, 'cache-control': 'no-store' });
    res.end();
  }

  function html(res: ServerResponse, status: number, body: string, tx?: SimulatedTransaction) {
    // No script at all, so the strictest CSP holds; forms may post here and be redirected
    // back to the service that started the payment.
    const formAction = tx ? `'self' ${new URL(tx.redirectUrl).origin}` : `'self'`;
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  async function checkout(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]) {
    const tx = transactions.get(parts[1] ?? '');
    // The page's own `lang` first (the switch on the page, the forms' actions), then the
    // language the service named for this payment, then the browser's preference.
    const explicit = url.searchParams.get('lang');
    const lang: Locale = isLocale(explicit)
      ? explicit
      : (tx?.lang ?? negotiateLocale(req.headers['accept-language']));
    if (!tx)
      return html(
        res,
        404,
        messagePage(lang, lang === 'de' ? 'Zahlung nicht gefunden' : 'Payment not found', ''),
      );
    if (unavailable) {
      return html(
        res,
        503,
        messagePage(
          lang,
          lang === 'de' ? 'Wartungsarbeiten' : 'Maintenance',
          lang === 'de'
            ? 'Der Bezahldienst ist vorübergehend nicht verfügbar.'
            : 'The payment service is temporarily unavailable.',
        ),
        tx,
      );
    }
    await settleDue(tx);
    if (tx.status !== 'INITIAL') return returnTo(res, tx);
    const model = pageModel(tx, lang);
    const step = parts[2];
    if (req.method === 'GET') {
      if (step === 'challenge') return html(res, 200, challengePage(model), tx);
      if (step === 'transfer') return html(res, 200, transferPage(model), tx);
      return html(res, 200, checkoutPage(model), tx);
    }
    if (req.method !== 'POST') return send(res, 405, 'Method Not Allowed', 'text/plain');
    // Only the forms this simulator served may change a payment: a urlencoded body with the
    // page's anti-forgery field. A cross-site text/plain post cannot have read that field.
    const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')
      ? new URLSearchParams(await readBody(req, 16_000))
      : undefined;
    if (!form || !safeEqual(form.get('token') ?? '', model.formToken)) {
      return html(
        res,
        403,
        messagePage(
          lang,
          lang === 'de' ? 'Anfrage abgelehnt' : 'Request refused',
          lang === 'de'
            ? 'Bitte öffnen Sie die Bezahlseite erneut und senden Sie das Formular dort ab.'
            : 'Please open the payment page again and send the form from there.',
        ),
        tx,
      );
    }
    const action = form.get('action');
    const done = (
      status: Exclude<ProviderStatus, 'INITIAL'>,
      method: string | null,
      detail: string | null,
    ) => {
      finish(tx, status, method, detail);
      return save(tx).then(() => returnTo(res, tx));
    };
    // The citizen has the bank details; the money arrives later (settle), the tab returns now.
    if (step === 'transfer-done') return returnTo(res, tx);
    if (step === 'challenge') {
      if (action === 'approve') return done('PAYED', 'CREDITCARD', null);
      return done('FAILED', null, 'challenge_declined');
    }
    if (action === 'cancel') return done('CANCELED', null, 'cancelled_by_user');
    const method = form.get('method');
    const errors: Record<string, string> = {};
    const de = lang === 'de';
    if (method === 'card') {
      const number = (form.get('cardNumber') ?? '').replace(/[\s-]/g, '');
      const holder = (form.get('cardHolder') ?? '').trim();
      if (!holder)
        errors.cardHolder = de
          ? 'Bitte geben Sie den Namen auf der Karte an.'
          : 'Enter the name on the card.';
      if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
        errors.cardNumber = de ? 'Die Kartennummer ist ungültig.' : 'The card number is not valid.';
      }
      if (Object.keys(errors).length === 0) {
        if (number === testCards.declined) return done('FAILED', null, 'card_declined');
        if (number === testCards.challenge) {
          res.writeHead(303, { location: `/checkout/${tx.transactionId}/challenge?lang=${lang}` });
          return res.end();
        }
        if (number === testCards.timeout) {
          // The bank does not answer: the citizen returns while the payment is still open,
          // and the authorisation arrives later (a late success).
          tx.succeedAt = clock() + lateSuccessMs;
          await save(tx);
          return returnTo(res, tx);
        }
        return done('PAYED', 'CREDITCARD', null);
      }
    } else if (method === 'paypal') {
      return done('PAYED', 'PAYPAL', null);
    } else if (method === 'sepa') {
      const iban = form.get('iban') ?? '';
      if (!(form.get('accountHolder') ?? '').trim()) {
        errors.accountHolder = de ? 'Bitte geben Sie den Kontoinhaber an.' : 'Enter the account holder.';
      }
      if (!ibanValid(iban)) errors.iban = de ? 'Die IBAN ist ungültig.' : 'The IBAN is not valid.';
      if (form.get('mandate') !== 'yes') {
        errors.mandate = de
          ? 'Bitte erteilen Sie das SEPA-Lastschriftmandat.'
          : 'Please grant the SEPA direct debit mandate.';
      }
      if (Object.keys(errors).length === 0) {
        tx.methodDetail = 'SEPA_DIRECT_DEBIT';
        return done('PAYED', 'OTHER', null);
      }
    } else if (method === 'transfer') {
      tx.methodDetail = 'TRANSFER';
      await save(tx);
      res.writeHead(303, { location: `/checkout/${tx.transactionId}/transfer?lang=${lang}` });
      return res.end();
    } else {
      errors.method = de ? 'Bitte wählen Sie eine Zahlungsart.' : 'Choose a payment method.';
    }
    return html(
      res,
      400,
      checkoutPage(model, { method: method ?? '', errors, values: Object.fromEntries(form) }),
      tx,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const head = parts[0];
    try {
      if (head === 'simulator.css') return send(res, 200, simulatorCss, 'text/css; charset=utf-8');
      if (head === 'checkout') return await checkout(req, res, url, parts);
      if (head === '_simulator') return await control(req, res, parts);
      if (unavailable)
        throw new Problem(503, null, 'Service Unavailable', 'The simulator is switched to unavailable.');
      if (head === 'auth' && parts[1] === 'token' && req.method === 'POST') return await issueToken(req, res);
      if (head === 'status' && parts.length === 3 && req.method === 'GET') {
        authorize(req);
        tenantOf(parts[1] ?? '', parts[2] ?? '');
        return json(res, 200, { status: 'UP' });
      }
      if (head === 'paymenttransaction' && (parts.length === 3 || parts.length === 4)) {
        authorize(req);
        const tenant = tenantOf(parts[1] ?? '', parts[2] ?? '');
        if (parts.length === 3 && req.method === 'POST') return await createTransaction(req, res, tenant);
        if (parts.length === 4 && req.method === 'GET') {
          return send(res, 200, transactionJson(await lookup(tenant, parts[3] ?? '')), 'application/json');
        }
      }
      throw new Problem(404, null, 'Not Found');
    } catch (error) {
      if (error instanceof Problem) {
        const body = {
          type: `https://docs.fitko.de/xbezahldienste/problems/${(error.functionalCode ?? 'UNSPECIFIED').toLowerCase()}`,
          title: error.title,
          status: error.status,
          ...(error.functionalCode ? { functionalCode: error.functionalCode } : {}),
          ...(error.detail ? { functionalText: error.detail } : {}),
        };
        return send(res, error.status, JSON.stringify(body), 'application/problem+json');
      }
      return send(
        res,
        500,
        JSON.stringify({ title: 'Internal Server Error', status: 500, functionalCode: 'UNSPECIFIED' }),
        'application/problem+json',
      );
    }
  }

  async function control(req: IncomingMessage, res: ServerResponse, parts: string[]) {
    // Test switches that can mark any payment paid: only with the control token (a header a
    // cross-site form or text/plain post cannot send), only as JSON.
    const presented = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!safeEqual(presented, controlToken)) {
      throw new Problem(401, null, 'Unauthorized', 'The simulator control token is required.');
    }
    if (req.method === 'GET' && parts[1] === 'transactions') {
      return json(
        res,
        200,
        [...transactions.values()].map((tx) => ({ ...tx, request: undefined })),
      );
    }
    if (req.method !== 'POST') throw new Problem(405, null, 'Method Not Allowed');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new Problem(415, null, 'Unsupported Media Type', 'Send application/json.');
    }
    const parsed = z.record(z.string(), z.unknown()).safeParse(
      await readBody(req, 8_000)
        .then((text) => JSON.parse(text || '{}') as unknown)
        .catch(() => null),
    );
    if (!parsed.success)
      throw new Problem(400, 'VALIDATION_ERROR', 'Bad Request', 'A JSON object is expected.');
    const body = parsed.data;
    if (parts[1] === 'unavailable') {
      unavailable = body.unavailable === true;
      return json(res, 200, { unavailable });
    }
    if (parts[1] === 'fail-next' && typeof body.functionalCode === 'string') {
      simulator.failNext(body.functionalCode, typeof body.status === 'number' ? body.status : undefined);
      return json(res, 200, { ok: true });
    }
    if (parts[1] === 'transactions' && parts[3] === 'settle') {
      const status = z.enum(['PAYED', 'FAILED', 'CANCELED']).safeParse(body.status);
      if (!status.success || !transactions.has(parts[2] ?? '')) throw new Problem(404, null, 'Not Found');
      await simulator.settle(parts[2] ?? '', status.data);
      return json(res, 200, { ok: true });
    }
    throw new Problem(404, null, 'Not Found');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = (options.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`).replace(
    /\/+$/,
    '',
  );

  const simulator: PaymentSimulator = {
    url: base,
    tokenUrl: `${base}/auth/token`,
    clients,
    controlToken,
    setUnavailable(value) {
      unavailable = value;
    },
    failNext(functionalCode, httpStatus) {
      injected = { functionalCode, status: httpStatus ?? (functionalCode === 'PAYMENT_EXISTS' ? 409 : 400) };
    },
    settle(transactionId, status, method) {
      const tx = transactions.get(transactionId);
      if (!tx) throw new RangeError(`No transaction ${transactionId}`);
      finish(
        tx,
        status,
        status === 'PAYED' ? (method ?? (tx.methodDetail === 'TRANSFER' ? 'OTHER' : 'CREDITCARD')) : null,
        null,
      );
      return save(tx);
    },
    transactions: () => {
      for (const tx of transactions.values()) void settleDue(tx)?.catch(() => undefined);
      return [...transactions.values()];
    },
    get createdCount() {
      return transactions.size;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await writes;
      if (ownDb) await db.destroy();
    },
  };
  return simulator;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(res, status, JSON.stringify(body), 'application/json', headers);
}

const euroFormats = {
  de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
};

function formatEuro(cents: number, lang: 'de' | 'en'): string {
  return euroFormats[lang].format(cents / 100);
}
