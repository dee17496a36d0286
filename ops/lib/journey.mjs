// The journey of issue 12 over HTTP, as a browser makes it, through the balancer and the real
// routers: the finder names the authority → the form page → login at the development OpenID
// provider at the service's trust level → locked prefill → draft saves → an upload → the fee
// paid at the payment simulator → submit → the status until the delivery service has it.
// A cookie jar per origin, redirects followed by hand (each hop may land on another app server),
// CSRF double submit and Origin as the page's script sends them. Every step is idempotent and
// retried on a network error or a 5xx (a server killed under it, the database restarting):
// what a citizen does when a page fails, and what makes the journey resumable.
import { randomUUID } from 'node:crypto';

const formPath = '/antrag/hund-anmelden';
const formId = 'dog-registration';
const proofField = 'G99777000050.G99777000055.F99777000053';
const dogLeikaKey = '99102013104000';

/** Test people of the development provider who can log in with the online ID card ("substanziell" and above). */
export const citizens = ['lena-hoffmann', 'erika-mustermann', 'jonas-beispiel', 'leyla-beispiel'];

export class StepError extends Error {
  constructor(step, message, detail) {
    super(`${step}: ${message}`);
    this.step = step;
    this.detail = detail;
  }
}

/** A minimal well-formed PDF (the upload checks the content's signature, not the name). */
export function smallPdf(text) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

class CookieJar {
  constructor() {
    this.byOrigin = new Map();
  }

  header(url) {
    const jar = this.byOrigin.get(new URL(url).host);
    return jar && jar.size > 0 ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  store(url, response) {
    const host = new URL(url).host;
    const jar = this.byOrigin.get(host) ?? new Map();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(host, jar);
  }

  get(url, name) {
    return this.byOrigin.get(new URL(url).host)?.get(name);
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let citizenCount = 0;
/**
 * A fresh address for one simulated citizen (10.0.0.1, 10.0.0.2, …, cycling through 10.0.0.0/8).
 * On loopback every request leaves from 127.0.0.1; the scripts' client plays the edge proxy
 * that names the citizen in X-Forwarded-For, so the app servers' rate limits count per citizen
 * as in production (TRUSTED_PROXIES in ops/lib/cluster.mjs, docs/operate.md).
 */
export function nextCitizenAddress() {
  const n = (citizenCount++ % 0xfffffe) + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** A citizen's browser: cookies, its own address, the server that answered each request, retries. */
export class Browser {
  constructor(base, { retryForMs = 120_000, address = nextCitizenAddress() } = {}) {
    this.base = base;
    this.origin = new URL(base).origin;
    this.address = address;
    this.jar = new CookieJar();
    this.servedBy = [];
    this.retryForMs = retryForMs;
    this.retries = 0;
  }

  async send(url, init = {}) {
    const headers = { 'accept-language': 'de', ...init.headers };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    // Only to the portal: the providers are other systems with their own view of the client.
    if (new URL(url).origin === this.origin) headers['x-forwarded-for'] = this.address;
    const response = await fetch(url, {
      ...init,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    this.jar.store(url, response);
    const server = response.headers.get('x-efa-server');
    if (server) this.servedBy.push(server);
    return response;
  }

  /** `attempt` again while it throws a retryable error, up to retryForMs; the same request each time. */
  async retrying(step, attempt) {
    const deadline = Date.now() + this.retryForMs;
    let wait = 100;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        const retryable = error.retryable ?? !(error instanceof StepError);
        if (!retryable || Date.now() > deadline)
          throw error instanceof StepError ? error : new StepError(step, error.message);
        this.retries++;
        await sleep(wait);
        wait = Math.min(wait * 2, 2000);
      }
    }
  }

  /**
   * The CSRF token as core's endpoint client gets it: the cookie, or, when the browser has only
   * read public answers (which never set it), `GET efa.csrfToken`, which sets it.
   */
  async csrfToken() {
    if (!this.jar.get(this.base, 'efa_csrf'))
      await (await this.send(`${this.base}/trpc/efa.csrfToken`)).arrayBuffer();
    return this.jar.get(this.base, 'efa_csrf');
  }

  /** A tRPC call as the page's script makes it; returns `result.data` or throws a coded StepError. */
  async trpc(kind, path, input) {
    const csrf = kind === 'mutation' ? await this.csrfToken() : undefined;
    const url =
      kind === 'query'
        ? `${this.base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
        : `${this.base}/trpc/${path}`;
    const response = await this.send(url, {
      method: kind === 'query' ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        origin: this.base,
        ...(csrf ? { 'x-efa-csrf': decodeURIComponent(csrf) } : {}),
      },
      ...(kind === 'mutation' ? { body: JSON.stringify(input ?? null) } : {}),
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body?.result) return body.result.data;
    const error = new StepError(
      path,
      `${response.status} ${body?.error?.data?.efaCode ?? ''} ${body?.error?.message ?? text.slice(0, 200)}`,
      body?.error,
    );
    error.status = response.status;
    error.code = body?.error?.data?.efaCode;
    error.retryable = response.status >= 500 || response.status === 429;
    throw error;
  }

  /** GET with redirects followed hop by hop (portal, provider, simulator); the last response. */
  async follow(url, init = {}, hops = 12) {
    let response = await this.send(url, init);
    let current = url;
    for (let i = 0; i < hops && response.status >= 300 && response.status < 400; i++) {
      const location = response.headers.get('location');
      if (!location) break;
      await response.arrayBuffer();
      current = new URL(location, current).toString();
      response = await this.send(current);
    }
    if (response.status >= 500) {
      await response.arrayBuffer();
      const error = new StepError('GET', `${response.status} at ${current}`);
      error.retryable = true;
      throw error;
    }
    return { response, url: current };
  }
}

/** The journey's record: ids, the servers that answered, how long, retries. */
export class Journey {
  constructor(base, { identity = citizens[0], retryForMs, withUpload = true } = {}) {
    this.withUpload = withUpload;
    this.browser = new Browser(base, { retryForMs });
    this.base = base;
    this.identity = identity;
    this.applicationId = randomUUID();
    this.idempotencyKey = randomUUID();
    this.steps = [];
    this.state = 'new';
  }

  async step(name, run) {
    const start = performance.now();
    const from = this.browser.servedBy.length;
    const value = await this.browser.retrying(name, run);
    this.steps.push({
      name,
      ms: Math.round(performance.now() - start),
      servers: [...new Set(this.browser.servedBy.slice(from))],
    });
    this.state = name;
    this.onStep?.(name, this);
    return value;
  }

  /** The finder: who is responsible for "Hund anmelden" in Pirna, and the link to the service. */
  async finder() {
    // As the finder element does: the typed place → its area key → who is responsible there.
    const places = await this.step('finder places', () =>
      this.browser.trpc('query', 'jurisdiction.searchPlaces', { q: 'Pirna', limit: 5 }),
    );
    const hits = Array.isArray(places) ? places : (places.hits ?? places.places ?? []);
    const pirna = hits.find((p) => p.name === 'Pirna') ?? hits[0];
    if (!pirna) throw new StepError('finder', 'Pirna not found');
    const result = await this.step('finder', () =>
      this.browser.trpc('query', 'jurisdiction.resolve', {
        service: dogLeikaKey,
        place: pirna.ars,
        lang: 'de',
      }),
    );
    if (result.status !== 'found')
      throw new StepError('finder', `no authority: ${JSON.stringify(result).slice(0, 200)}`);
    this.authority = result.matches?.[0]?.authority?.name;
    const link = JSON.stringify(result).includes(formPath);
    if (!link) throw new StepError('finder', `the result does not link to ${formPath}`);
  }

  async login() {
    await this.step('login', async () => {
      // The form page first (the CSRF cookie), then the login at the service's level.
      const page = await this.browser.follow(`${this.base}${formPath}`);
      await page.response.arrayBuffer();
      const started = await this.browser.follow(
        `${this.base}/auth/login?level=substantial&returnTo=${encodeURIComponent(formPath)}`,
      );
      const html = await started.response.text();
      // Still logged in at the provider (an earlier attempt got that far): it answers at once
      // and the browser is back at the form with a session, as a browser with SSO would be.
      if (started.url.startsWith(`${this.base}${formPath}`) && this.browser.jar.get(this.base, 'efa_session'))
        return;
      const action = /<form method="post" action="(\/interaction\/[\w-]+\/login)"/.exec(html)?.[1];
      if (!action) {
        const error = new StepError('login', `no login form at ${started.url} (${started.response.status})`);
        error.retryable = started.response.status >= 500;
        throw error;
      }
      const providerOrigin = new URL(started.url).origin;
      const back = await this.browser.follow(`${providerOrigin}${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: providerOrigin },
        body: new URLSearchParams({ method: 'eid-card', identity: this.identity }).toString(),
      });
      await back.response.arrayBuffer();
      if (
        !back.url.startsWith(`${this.base}${formPath}`) ||
        !this.browser.jar.get(this.base, 'efa_session')
      ) {
        const error = new StepError(
          'login',
          `not back at the form with a session (at ${back.url}, ${back.response.status})`,
        );
        // A login cut by a crash starts again from the beginning, like a citizen's second try.
        error.retryable = true;
        throw error;
      }
    });
    const me = await this.browser.retrying('account.me', () => this.browser.trpc('query', 'account.me'));
    this.trustLevel = me?.trustLevel ?? me?.identity?.trustLevel;
  }

  async fillForm() {
    const definition = await this.step('definition', () =>
      this.browser.trpc('query', 'form.definition', { formId }),
    );
    this.version = definition.version;
    const prefill = await this.step('prefill', () => this.browser.trpc('query', 'form.prefill', { formId }));
    if (!prefill?.locked?.length)
      throw new StepError('prefill', 'nothing prefilled and locked from the login');
    this.locked = prefill.locked;
    const keeper = prefill.data.G99777000010 ?? {};
    this.data = {
      G99777000010: {
        ...keeper,
        G99777000014: {
          F99777000015: 'Am Markt',
          F99777000016: '1',
          F99777000017: '01796',
          F99777000018: 'Pirna',
        },
        F99777000019: '03501 5560',
      },
      G99777000030: [
        { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
      ],
      // The reduction for a shelter dog comes with its proof, the upload (the fee stays 20 €).
      G99777000050: this.withUpload
        ? { F99777000051: true, G99777000055: { F99777000052: 'tierheimhund' } }
        : { F99777000051: false },
      G99777000060: { F99777000061: false },
      G99777000070: { F99777000072: true },
    };
    await this.saveDraft('halter');
  }

  async saveDraft(stepId) {
    const saved = await this.step(`draft ${stepId}`, async () => {
      try {
        return await this.browser.trpc('mutation', 'form.drafts.save', {
          formId,
          ...(this.draftId ? { draftId: this.draftId } : {}),
          baseVersion: this.draftVersion ?? 0,
          stepId,
          data: this.data,
          applicationId: this.applicationId,
        });
      } catch (error) {
        // The save went through but its answer was lost: read the stored version and save
        // again on top of it (the answers are this journey's own).
        if (error.code === 'DRAFT_CONFLICT' && this.draftId) {
          const stored = await this.browser.trpc('mutation', 'form.drafts.load', { draftId: this.draftId });
          this.draftVersion = stored.version;
          const retry = new StepError('draft', 'conflict after a lost answer');
          retry.retryable = true;
          throw retry;
        }
        throw error;
      }
    });
    this.draftId = saved.draftId;
    this.draftVersion = saved.version;
  }

  /** Whether the journey got past `step` (from its record). */
  did(step) {
    return this.steps.some((s) => s.name === step);
  }

  async upload() {
    if (!this.withUpload) return this.saveDraft('#check');
    const bytes = smallPdf(`Nachweis Tierheim ${this.applicationId.slice(0, 8)}`);
    const file = await this.step('upload', async () => {
      const csrf = await this.browser.csrfToken();
      const response = await this.browser.send(
        `${this.base}/uploads?${new URLSearchParams({ formId, field: proofField })}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/pdf',
            'x-filename': 'nachweis-tierheim.pdf',
            origin: this.base,
            ...(csrf ? { 'x-efa-csrf': decodeURIComponent(csrf) } : {}),
          },
          body: bytes,
        },
      );
      const body = await response.json().catch(() => undefined);
      if (response.status !== 201) {
        const error = new StepError('upload', `${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        error.retryable = response.status >= 500 || response.status === 429;
        throw error;
      }
      return body;
    });
    this.uploaded = file;
    this.data.G99777000050.G99777000055.F99777000053 = [
      {
        name: file.filename,
        size: file.size,
        mediaType: file.mimeType,
        ref: file.uploadId,
        sha512: file.sha512,
      },
    ];
    await this.saveDraft('#check');
  }

  async pay() {
    const payment = await this.step('payment.create', () =>
      this.browser.trpc('mutation', 'payment.create', {
        serviceId: dogLeikaKey,
        answers: { dogs: 1, dangerous: false, assistanceDog: false, socialPass: false },
        idempotencyKey: this.idempotencyKey,
        expectedTotalCents: 2000,
        returnPath: formPath,
        applicationId: this.applicationId,
      }),
    );
    this.paymentId = payment.id;
    this.kassenzeichen = payment.kassenzeichen;
    if (payment.status === 'paid') return;
    if (!payment.redirectUrl) {
      // 'created': the provider call of an earlier attempt was cut off by a crash; the same
      // idempotency key finishes it on a later attempt.
      const error = new StepError('payment.create', `no checkout for ${payment.status}`);
      error.retryable = payment.status === 'created';
      throw error;
    }
    await this.step('checkout', async () => {
      const checkout = await this.browser.follow(payment.redirectUrl);
      const html = await checkout.response.text();
      const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
      const action = /<form method="post" action="([^"]+)"[^>]*>(?:(?!<\/form>)[\s\S])*value="paypal"/.exec(
        html,
      )?.[1];
      if (!token || !action) {
        // Already paid (a repeated step after a lost answer): the checkout sends the browser
        // back through the portal's return route to the form; payment.status tells the rest.
        if (checkout.url.startsWith(`${this.base}${formPath}`)) return;
        throw new StepError('checkout', `no checkout form at ${checkout.url} (${checkout.response.status})`);
      }
      const target = new URL(action.replaceAll('&amp;', '&'), checkout.url).toString();
      const done = await this.browser.follow(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(target).origin },
        body: new URLSearchParams({ token, method: 'paypal', action: 'pay' }).toString(),
      });
      await done.response.arrayBuffer();
      if (!done.url.startsWith(`${this.base}${formPath}`)) {
        const error = new StepError(
          'checkout',
          `not back at the form (at ${done.url}, ${done.response.status})`,
        );
        error.retryable = true;
        throw error;
      }
    });
    const status = await this.step('payment.status', async () => {
      const view = await this.browser.trpc('query', 'payment.status', { id: this.paymentId });
      if (view.status !== 'paid') {
        const error = new StepError('payment.status', `payment ${view.status}`);
        error.retryable = view.status === 'pending';
        throw error;
      }
      return view;
    });
    this.paidCents = status.totalCents;
  }

  async submit() {
    const answer = await this.step('submit', () =>
      this.browser.trpc('mutation', 'form.submit', {
        formId,
        version: this.version,
        applicationId: this.applicationId,
        data: this.data,
        draft: { draftId: this.draftId },
      }),
    );
    this.reference = answer.reference;
    this.delivery = answer.delivery;
    this.submitted = true;
  }

  /** Polls the citizen's status until the delivery service has taken the application. */
  async delivered({ timeoutMs = 180_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    const status = await this.step('delivered', async () => {
      const view = await this.browser.trpc('query', 'submission.status', {
        applicationId: this.applicationId,
      });
      if (['submitted', 'accepted'].includes(view.state)) return view;
      const error = new StepError('delivered', `still ${view.state}`);
      error.retryable = Date.now() < deadline && !['failed', 'rejected'].includes(view.state);
      throw error;
    });
    this.delivery = status.state;
  }

  async run() {
    await this.finder();
    await this.login();
    await this.fillForm();
    await this.upload();
    await this.pay();
    await this.submit();
    await this.delivered();
  }
}
