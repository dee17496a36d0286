import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A portal a spec starts for itself, in development mode, with its own secrets folder. */
export interface StartedPortal {
  base: string;
  /** PORTAL_DEV_SECRETS_DIR: where the portal writes `delivery-service.json` and its keys. */
  secretsDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the built portal (dist/server/main.js) on `port` with an in-memory database and the
 * development services (identity provider, payment simulator, delivery service), and waits
 * until it answers /healthz. The secrets folder is a fresh temporary one, removed by `stop`.
 */
export async function startPortal(port: number, env: Record<string, string> = {}): Promise<StartedPortal> {
  const base = `http://localhost:${port}`;
  const secretsDir = mkdtempSync(join(tmpdir(), 'efa-e2e-secrets-'));
  const portal: ChildProcess = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: 'memory://',
      PAYMENT_PROVIDER_URL: '',
      FIT_CONNECT_SUBMISSION_URL: '',
      PORTAL_MODE: 'development',
      PORTAL_DEV_SECRETS_DIR: secretsDir,
      // Every journey comes from 127.0.0.1, as if all citizens shared one address.
      RATE_LIMIT_POINTS: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  portal.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (portal.exitCode !== null) throw new Error(`portal exited with ${portal.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      portal.kill('SIGKILL');
      throw new Error(`portal did not start within 120 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    secretsDir,
    async stop() {
      if (portal.exitCode === null) {
        const exited = new Promise((resolve) => portal.once('exit', resolve));
        portal.kill('SIGTERM');
        await exited;
      }
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
