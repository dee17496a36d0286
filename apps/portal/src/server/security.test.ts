import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 11 through the real, built portal process (all four capabilities on PGlite): what the
 * attacker's probe found, each answered as it must be now.
 */
const main = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));
const publicOrigin = 'http://portal.localhost';
const csrf = 'security-test-csrf-token-0123';
let child: ChildProcess;
let base: string;
let port: number;

beforeAll(async () => {
  child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: publicOrigin,
      DATABASE_URL: 'memory://',
      PORTAL_MODE: 'development',
      TRPC_MAX_BATCH: '10',
      RATE_LIMIT_POINTS: '30',
    },
    stdio: 'pipe',
  });
  let output = '';
  port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`portal exited ${code}: ${output}`)));
  });
  base = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

/** A raw request line: fetch and node:http would normalize or refuse the target themselves. */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
  });
}

const mutationHeaders = {
  'content-type': 'application/json',
  origin: publicOrigin,
  cookie: `efa_csrf=${csrf}`,
  'x-efa-csrf': csrf,
};

describe('the portal against the attacks of issue 11', () => {
  it('issue 11 finding 5: a batch of open data and the identity is private, no-store', async () => {
    const mixed = await fetch(`${base}/trpc/jurisdiction.datasets,account.me?batch=1&input={}`);
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('cache-control')).toBe('private, no-store');
    const open = await fetch(`${base}/trpc/jurisdiction.datasets`);
    expect(open.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const me = await fetch(`${base}/trpc/account.me`);
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    const health = await fetch(`${base}/healthz`);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`${base}/mein-konto`);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
  });

  it('issue 11 finding 3: more calls in a batch than allowed is a coded 400 before any runs', async () => {
    const paths = Array.from({ length: 1000 }, () => 'form.validate').join(',');
    const input = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, { formId: 'x', data: {} }]));
    const response = await fetch(`${base}/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: mutationHeaders,
      body: JSON.stringify(input),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Array<{ error: { data: { efaCode: string } } }>;
    expect(body[0]?.error.data.efaCode).toBe('BATCH_TOO_LARGE');
  });

  it('issue 11 finding 8: deep JSON nesting is a coded 400, not a 500', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const response = await fetch(`${base}/trpc/form.validate`, {
      method: 'POST',
      headers: mutationHeaders,
      body: deep,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { data: { efaCode: string } } }).error.data.efaCode).toBe(
      'JSON_TOO_DEEP',
    );
  });

  // After the deep-JSON case: this one spends the client's whole budget.
  it('issue 11 finding 3: one client creating payments in a loop is stopped with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const response = await fetch(`${base}/trpc/payment.create?lang=en`, {
        method: 'POST',
        headers: mutationHeaders,
        body: JSON.stringify({
          serviceId: '99102013104000',
          answers: { dogs: 1 },
          idempotencyKey: `security-loop-${i}-0000000`,
          expectedTotalCents: 2500,
        }),
      });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(refused, `statuses: ${statuses.join(', ')}`).toBeDefined();
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused?.json()) as { error: { message: string; data: { efaCode: string } } };
    expect(body.error.data.efaCode).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(/^Too many requests\. Please wait \d+ seconds/);
    // Reads that cost nothing go on.
    expect((await fetch(`${base}/trpc/jurisdiction.datasets`)).status).toBe(200);
  });

  it.each(['//bad<host>/x', '//%zz/', '//evil.example/', '/\\evil.example/', 'http://evil.example/', '*'])(
    'issue 11 finding 8: the request target %j is a coded 400',
    async (target) => {
      const response = await rawGet(target);
      expect(response.status).toBe(400);
      expect(response.body).toMatch(/^REQUEST_TARGET_INVALID: /);
    },
  );

  it.each([
    '/assets/..%2f.vite%2fmanifest.json',
    '/assets/../.vite/manifest.json',
    '/assets/%2e%2e/.vite/manifest.json',
  ])('issue 11 finding 8: %s is not served', async (target) => {
    const response = await rawGet(target);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('"file"');
  });

  it('hashed assets are still served, immutable', async () => {
    const page = await (await fetch(`${base}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(asset).toBeDefined();
    const response = await fetch(`${base}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
