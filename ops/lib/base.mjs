// Paths, module loading and small helpers shared by the operations scripts (pnpm scaleout,
// loadtest, faulttest). The scripts live outside the workspace packages, so the packages'
// built entry points are loaded through the portal's dependencies (apps/portal/node_modules),
// exactly the code the portal runs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** This repository (where the scripts and bench/ live). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The built portal and packages the scripts run: this repository, or EFA_OPS_ROOT (a built
 * checkout elsewhere, e.g. a snapshot of a commit while the working tree is being edited).
 */
export const root = process.env.EFA_OPS_ROOT ? resolve(process.env.EFA_OPS_ROOT) : repoRoot;
export const portalDir = join(root, 'apps', 'portal');

/** What code ran, for the tables: EFA_OPS_CODE, else this checkout's commit, else the folder. */
export function codeLabel() {
  if (process.env.EFA_OPS_CODE) return process.env.EFA_OPS_CODE;
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return head.status === 0 ? `commit ${head.stdout.trim()}` : root;
}
const portalRequire = createRequire(join(portalDir, 'package.json'));

/** An ES module of a workspace package or a portal dependency, e.g. `@efa-kit/core/server`. */
export async function load(specifier) {
  return import(pathToFileURL(portalRequire.resolve(specifier)).href);
}

/** A CommonJS dependency of the portal (autocannon). */
export function requireFromPortal(specifier) {
  return portalRequire(specifier);
}

export const log = (message) => console.log(`[ops] ${message}`);

export async function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(address.port));
    });
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; no fixed sleeps elsewhere. */
export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

/** A seeded generator (mulberry32): a run is repeated exactly with its --seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the portal and its packages (as `npm start` does) unless --no-build was given. */
export function buildPortal(skip) {
  if (skip) return;
  log('building the portal and its packages (turbo, cached)');
  const result = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@efa-kit/portal...', '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  if (result.status !== 0) throw new Error(`build failed (exit ${result.status})`);
}

/** The apt package when the binary is missing and we are root (as tools/bootstrap.mjs does). */
export function ensureDebianPackage(binary, pkg) {
  const found = spawnSync('sh', ['-c', `command -v ${binary} || ls /usr/sbin/${binary}`], {
    encoding: 'utf8',
  });
  if (found.status === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is missing: sudo apt-get install ${pkg}`);
  log(`installing ${pkg} with apt`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) throw new Error(`apt-get install ${pkg} failed`);
}

export const percent = (value) => `${(value * 100).toFixed(1)} %`;
