/**
 * docs/reuse.md, tested as written: a state's own node:http server mounting only the payment
 * capability (docs/examples/payment-server.mjs, which the guide shows verbatim) creates a
 * payment, the citizen pays at the provider simulator, and the status says paid. Every answer
 * is checked against the server's own /openapi.json with ajv.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { payAtCheckout } from '@efa-kit/payment/testing';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const portalDir = fileURLToPath(new URL('../..', import.meta.url));
const example = fileURLToPath(new URL('../../../../docs/examples/payment-server.mjs', import.meta.url));
const guide = fileURLToPath(new URL('../../../../docs/reuse.md', import.meta.url));
const testCard = '4111111111111111';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A browser: its cookies (CSRF token, payment owner) and the page's origin. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      redirect: 'manual',
      ...init,
      headers: {
        origin: this.base,
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }
}

let child: ChildProcess;
let folder: string;
let base: string;
let output = '';

beforeAll(async () => {
  // Inside the portal's folder, so the example's imports resolve as in a project that
  // installed @efa-kit/core and @efa-kit/payment.
  folder = mkdtempSync(join(portalDir, '.reuse-'));
  copyFileSync(example, join(folder, 'payment-server.mjs'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['payment-server.mjs'], {
    cwd: folder,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: base, DATABASE_URL: '', PAYMENT_PROVIDER_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 90_000;
  while (!/payment server listening/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the example server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(folder, { recursive: true, force: true });
});

describe('docs/reuse.md: a server with only the payment capability', () => {
  it('shows the example server exactly as docs/examples/payment-server.mjs holds it', () => {
    const block = /<!-- docs\/examples\/payment-server\.mjs -->\n```js\n([\s\S]*?)```/.exec(
      readFileSync(guide, 'utf8'),
    );
    expect(block?.[1]).toBe(readFileSync(example, 'utf8'));
  });

  it('creates a payment, the citizen pays at the simulator, the status says paid; answers match /openapi.json', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
      >;
    };
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const check = (path: string, method: 'get' | 'post', status: '200' | 'default'): ValidateFunction => {
      const schema =
        document.paths[`/trpc/${path}`]?.[method]?.responses[status]?.content['application/json']?.schema;
      if (!schema) throw new Error(`${method} ${path}: no schema`);
      return ajv.compile(schema);
    };
    const valid = (validate: ValidateFunction, body: unknown) => {
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    };

    const browser = new Browser(base);
    const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(value))}`;
    const quote = await browser.fetch(
      `/trpc/payment.quote${input({ serviceId: '99102013104000', answers: {} })}`,
    );
    const quoted = (await quote.json()) as { result: { data: { totalCents: number } } };
    valid(check('payment.quote', 'get', '200'), quoted);
    expect(quoted.result.data.totalCents).toBe(1500);
    // The host set the CSRF cookie on that answer; without the header a mutation is refused.
    const token = browser.cookies.get('efa_csrf') ?? '';
    expect(token).toMatch(/^[\w-]{32}$/);
    const create = (headers: Record<string, string>) =>
      browser.fetch('/trpc/payment.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          serviceId: '99102013104000',
          answers: {},
          idempotencyKey: 'reuse-guide-0000000001',
          expectedTotalCents: quoted.result.data.totalCents,
          returnPath: '/fertig',
        }),
      });
    const refused = await create({});
    expect(refused.status).toBe(403);
    valid(check('payment.create', 'post', 'default'), await refused.json());
    const created = await create({ 'x-efa-csrf': token });
    expect(created.status).toBe(200);
    const view = (await created.json()) as {
      result: { data: { id: string; status: string; redirectUrl: string } };
    };
    valid(check('payment.create', 'post', '200'), view);
    expect(view.result.data.status).toBe('pending');

    const checkout = await payAtCheckout(view.result.data.redirectUrl, {
      method: 'card',
      cardNumber: testCard,
    });
    expect(checkout.location).toBe(`${base}/payment/return/${view.result.data.id}`);
    const back = await browser.fetch(new URL(checkout.location ?? '').pathname);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/fertig?payment=${view.result.data.id}`);

    const status = await browser.fetch(`/trpc/payment.status${input({ id: view.result.data.id })}`);
    const paid = (await status.json()) as { result: { data: { status: string; paidAt: string | null } } };
    valid(check('payment.status', 'get', '200'), paid);
    expect(paid.result.data.status).toBe('paid');
    expect(paid.result.data.paidAt).not.toBeNull();
  }, 120_000);
});
