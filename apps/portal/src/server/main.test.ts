import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));

const started: ChildProcess[] = [];
// A test that failed half-way must not leave a portal running behind it.
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: 'pipe',
  });
  started.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

describe('the portal process (built)', () => {
  // Generous waits: under a parallel turbo run on two cores, PGlite can take tens of seconds to start.
  it('ends with one clear line and exit code 1 on a bad DATABASE_URL', async () => {
    const { child, output } = start({ PORT: '0', DATABASE_URL: 'mysql://user:secret@db/efa' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[portal\] DATABASE_URL_INVALID: /);
    expect(output()).not.toContain('secret');
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('issue 11 finding 7: a production start without provider configuration exits 1 with one clear line', async () => {
    const { child, output } = start({
      PORT: '0',
      DATABASE_URL: 'memory://',
      PORTAL_MODE: 'production',
      OIDC_ISSUER: '',
      SAML_IDP_METADATA_FILE: '',
      PAYMENT_PROVIDER_URL: '',
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\[portal\] [A-Z_]+_CONFIGURATION: /);
    expect(output()).not.toMatch(/development identity provider|provider simulator/);
    expect(output()).not.toMatch(/\n\s+at /);
    expect(output()).not.toContain('listening on');
  }, 120_000);

  it('serves / and /healthz with a CSP and the development banner, then stops cleanly on SIGTERM', async () => {
    const { child, output } = start({ PORT: '0', DATABASE_URL: 'memory://', PORTAL_MODE: 'development' });
    let port: string | undefined;
    for (let attempt = 0; attempt < 450 && !port; attempt++) {
      port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1];
      if (!port) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(port, output()).toBeDefined();
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toMatch(
      /class="development-banner" role="note"><strong>Entwicklungsmodus\.<\/strong>/,
    );
    // The capability host serves the OpenAPI document of every mounted router (issue 15).
    const openApi = (await (await fetch(`${base}/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(openApi.openapi).toBe('3.1.0');
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining(['/trpc/payment.create', '/trpc/jurisdiction.resolve', '/trpc/efa.csrfToken']),
    );
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output()).toContain('stopped');
  }, 120_000);
});
