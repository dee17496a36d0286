// A scaled-out portal on loopback: PostgreSQL (optionally with a streaming replica), the
// external providers (identity, payment, delivery) in their own process, N portal processes on
// the same database, and HAProxy in front (round robin, no stickiness, health checks on
// /healthz). Every process is started by this module and stopped by its close().
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage, freePort, log, portalDir, repoRoot, root, waitFor } from './base.mjs';
import { removeInstance, startPrimary, startReplica } from './postgres.mjs';

/** Spawns `node <script>` with its output in a log file; resolves once `ready` matches a line. */
function startNode(name, script, args, env, logDir, ready) {
  const out = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const started = new Promise((done, reject) => {
    let seen = '';
    const onData = (data) => {
      seen += String(data);
      const match = ready.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        done(match);
      }
      if (seen.length > 100_000) seen = seen.slice(-10_000);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `${name} exited (${code ?? signal}) before it was ready; see ${join(logDir, `${name}.log`)}`,
        ),
      ),
    );
  });
  return { child, started };
}

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', () => done()));

export class PortalProcess {
  constructor(name, port, env, logDir) {
    Object.assign(this, { name, port, env, logDir });
    this.child = undefined;
    /** Restart on an exit nobody asked for, as systemd's Restart=always would (the fault test). */
    this.supervise = false;
    this.unplannedExits = [];
    this.planned = false;
  }

  async start() {
    const { child, started } = startNode(
      this.name,
      join(portalDir, 'dist', 'server', 'main.js'),
      [],
      { ...this.env, PORT: String(this.port) },
      this.logDir,
      /listening on http:\/\//,
    );
    this.child = child;
    this.planned = false;
    child.once('exit', (code, signal) => {
      if (!this.supervise || this.planned) return;
      // The last lines the process wrote say why (e.g. a start while the database was down).
      let last = '';
      try {
        last = readFileSync(join(this.logDir, `${this.name}.log`), 'utf8')
          .trim()
          .split('\n')
          .slice(-2)
          .join(' / ');
      } catch {
        // no log yet
      }
      this.unplannedExits.push({ at: new Date().toISOString(), code, signal, last: last.slice(0, 300) });
      this.start().catch(() => {});
    });
    await started;
    await waitFor(
      `${this.name} /healthz`,
      async () => (await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok,
    );
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A crash: SIGKILL, no drain, no shutdown of the job queue. */
  async kill() {
    if (!this.running) return;
    const child = this.child;
    this.planned = true;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop() {
    this.supervise = false;
    if (!this.running) return;
    const child = this.child;
    this.planned = true;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(forced);
  }
}

/** The balancer's own address towards the app servers (all of 127.0.0.0/8 is loopback on Linux). */
export const balancerSource = '127.0.0.2';

function haproxyConfig({ frontends, statsPort }) {
  const lines = [
    'global',
    '  maxconn 8000',
    '  nbthread 1',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  timeout http-keep-alive 30s',
    '  timeout queue 30s',
    '  option http-keep-alive',
    // A server that refuses the connection (killed) is tried again on another one: nothing was
    // sent yet, so this is safe for every method. Requests already sent are never replayed by
    // the balancer; the client's own idempotent retry decides (see docs/operate.md).
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure',
    `listen stats`,
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
  ];
  for (const frontend of frontends) {
    lines.push(
      `frontend ${frontend.name}`,
      `  bind 127.0.0.1:${frontend.port}`,
      '  option forwardfor',
      `  default_backend ${frontend.name}_servers`,
      `backend ${frontend.name}_servers`,
      '  balance roundrobin',
      // Connections to the app servers leave from the balancer's own address, the one the app
      // servers' TRUSTED_PROXIES names; the clients' addresses reach them in X-Forwarded-For.
      `  source ${balancerSource}`,
      `  option httpchk GET ${frontend.health}`,
      '  http-check expect status 200',
      // A check waits up to 10 s for an answer: a server busy with 500 connections answers its
      // /healthz late, and with the former default (the 1 s interval as the check's timeout, two
      // misses) HAProxy took both busy servers out at once and answered 503 itself (the load
      // test's 2,500 failed draft saves). A killed server refuses the connection at once, so it
      // is still out within 2 s + 2 × 0.5 s, and its requests go to the other server meanwhile
      // (retry-on conn-failure above).
      '  timeout check 10s',
      '  default-server inter 2s fastinter 500ms fall 3 rise 1',
      // Which app server answered: the scripts show that a journey crosses servers.
      '  http-response set-header x-efa-server %s',
      ...frontend.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Starts the whole topology. Options: `servers` (app servers, default 2), `replica` (a streaming
 * replica of the portal's database), `portalEnv` (extra variables for every app server),
 * `hello` (also start that many hello-world processes behind their own frontend),
 * `single` (also a frontend with only the first app server, for the 2-vs-1 comparison).
 */
export async function startCluster(options = {}) {
  ensureDebianPackage('haproxy', 'haproxy');
  const stateDir = mkdtempSync(join(tmpdir(), 'efa-ops-'));
  const logDir = stateDir;
  const cleanups = [];
  const cluster = { stateDir, logDir, portals: [], cleanups };
  // Ctrl+C or a kill of the script still stops every process it started.
  const onSignal = async () => {
    cluster.closing = true;
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const primary = await startPrimary('portal-db');
    cleanups.push(() => removeInstance(primary));
    cluster.db = primary;
    cluster.databaseUrl = await primary.createDatabase('efa');
    if (options.replica) {
      cluster.replica = await startReplica(primary, 'portal-db-replica');
      cleanups.push(() => removeInstance(cluster.replica));
    }
    // The providers' own database server: external systems, not part of the fault test's kills.
    const providersDb = await startPrimary('providers-db');
    cleanups.push(() => removeInstance(providersDb));
    cluster.providersDb = providersDb;
    const providersUrl = await providersDb.createDatabase('providers');
    const referenceUrl = await providersDb.createDatabase('reference');

    const publicPort = await freePort();
    cluster.publicUrl = `http://127.0.0.1:${publicPort}`;
    const providers = startNode(
      'providers',
      join(repoRoot, 'ops', 'lib', 'providers.mjs'),
      [stateDir, cluster.publicUrl, referenceUrl, providersUrl],
      {},
      logDir,
      /providers ready/,
    );
    cleanups.push(async () => {
      providers.child.kill('SIGTERM');
      await exited(providers.child);
    });
    await providers.started;
    cluster.providers = JSON.parse(readFileSync(join(stateDir, 'providers.json'), 'utf8'));

    const p = cluster.providers;
    cluster.portalEnv = {
      HOST: '127.0.0.1',
      PUBLIC_URL: cluster.publicUrl,
      DATABASE_URL: cluster.databaseUrl,
      // Production mode: no app server starts development services of its own; all share the
      // providers configured here, as a real deployment does.
      PORTAL_MODE: 'production',
      EFA_DATA_KEYS: p.dataKeys,
      OIDC_ISSUER: p.idp.issuer,
      OIDC_CLIENT_ID: p.idp.clientId,
      OIDC_CLIENT_SECRET: p.idp.clientSecret,
      OIDC_SCOPES: 'openid profile email address postbox',
      PAYMENT_PROVIDER_URL: p.payment.url,
      PAYMENT_TOKEN_URL: p.payment.tokenUrl,
      PAYMENT_CLIENT_ID: p.payment.clientId,
      PAYMENT_CLIENT_SECRET: p.payment.clientSecret,
      FIT_CONNECT_SUBMISSION_URL: p.delivery.url,
      FIT_CONNECT_TOKEN_URL: p.delivery.tokenUrl,
      FIT_CONNECT_CLIENT_ID: p.delivery.clientId,
      FIT_CONNECT_CLIENT_SECRET: p.delivery.clientSecret,
      FIT_CONNECT_DESTINATIONS: p.destinationsFile,
      MAILBOX_REPLY_PRIVATE_JWK: JSON.stringify(p.mailboxReplyJwk),
      // Rate limits count per client (docs/operate.md, "Rate limits behind a balancer"). The
      // balancer connects to the app servers from 127.0.0.2 and appends the address it saw
      // (option forwardfor); it is the proxy a deployment lists. On loopback every simulated
      // citizen reaches the balancer from 127.0.0.1, so the scripts' client plays the edge proxy
      // in front of it that names each citizen (X-Forwarded-For: 10.x.y.z, ops/lib/journey.mjs)
      // and is listed too. Anything else's X-Forwarded-For is ignored; the limits are production's.
      TRUSTED_PROXIES: `${balancerSource}, 127.0.0.1`,
      ...options.portalEnv,
    };
    const count = options.servers ?? 2;
    for (let i = 1; i <= count; i++) {
      cluster.portals.push(new PortalProcess(`app${i}`, await freePort(), cluster.portalEnv, logDir));
    }
    cleanups.push(() => Promise.all(cluster.portals.map((portal) => portal.stop())));
    // The first start migrates and seeds; the others start on a database that is ready
    // (migrations take no lock across processes, see docs/operate.md).
    const [first, ...rest] = cluster.portals;
    await first.start();
    await Promise.all(rest.map((portal) => portal.start()));

    const frontends = [
      {
        name: 'portal',
        port: publicPort,
        health: '/healthz',
        servers: cluster.portals.map((portal) => ({ name: portal.name, port: portal.port })),
      },
    ];
    if (options.single) {
      cluster.singleUrl = `http://127.0.0.1:${await freePort()}`;
      frontends.push({
        name: 'single',
        port: Number(new URL(cluster.singleUrl).port),
        health: '/healthz',
        servers: [{ name: first.name, port: first.port }],
      });
    }
    if (options.hello) {
      const helloServers = [];
      for (let i = 1; i <= options.hello; i++) {
        const server = startNode(
          `hello${i}`,
          join(repoRoot, 'ops', 'lib', 'hello.mjs'),
          [],
          {},
          logDir,
          /listening on http:\/\/[\d.]+:(\d+)/,
        );
        cleanups.push(async () => {
          server.child.kill('SIGTERM');
          await exited(server.child);
        });
        const match = await server.started;
        helloServers.push({ name: `hello${i}`, port: Number(match[1]) });
      }
      cluster.helloUrl = `http://127.0.0.1:${await freePort()}`;
      frontends.push({
        name: 'hello',
        port: Number(new URL(cluster.helloUrl).port),
        health: '/',
        servers: helloServers,
      });
    }
    cluster.statsUrl = `http://127.0.0.1:${await freePort()}/stats`;
    const configFile = join(stateDir, 'haproxy.cfg');
    writeFileSync(
      configFile,
      haproxyConfig({ frontends, statsPort: Number(new URL(cluster.statsUrl).port) }),
    );
    const out = createWriteStream(join(logDir, 'haproxy.log'));
    const haproxy = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    haproxy.stdout.pipe(out);
    haproxy.stderr.pipe(out);
    cleanups.push(async () => {
      haproxy.kill('SIGTERM');
      await exited(haproxy);
    });
    cluster.haproxy = haproxy;
    haproxy.once('exit', (code) => {
      if (!cluster.closing) log(`HAProxy exited (${code}); see ${join(logDir, 'haproxy.log')}`);
    });
    await waitFor('HAProxy to route to every app server', async () => {
      const csv = await (await fetch(`${cluster.statsUrl};csv`)).text();
      const rows = csv.split('\n').filter((line) => line.startsWith('portal_servers,app'));
      return rows.length === count && rows.every((line) => line.split(',')[17] === 'UP');
    });
    log(
      `${count} app servers behind HAProxy at ${cluster.publicUrl} (stats ${cluster.statsUrl}); logs in ${logDir}`,
    );
    cluster.close = async () => {
      cluster.closing = true;
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log(`cleanup: ${error.message}`);
        }
      }
      if (!options.keepLogs) rmSync(stateDir, { recursive: true, force: true });
    };
    return cluster;
  } catch (error) {
    log(`start failed: ${error.message} (logs in ${logDir})`);
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    throw error;
  }
}

/** HAProxy's view of the app servers: name, status, sessions served. */
export async function balancerStats(cluster) {
  const csv = await (await fetch(`${cluster.statsUrl};csv`)).text();
  const [header, ...rows] = csv.replace(/^# /, '').split('\n');
  const columns = header.split(',');
  return rows
    .filter((line) => line.startsWith('portal_servers,app'))
    .map((line) => {
      const values = line.split(',');
      const get = (name) => values[columns.indexOf(name)];
      return { name: get('svname'), status: get('status'), requests: Number(get('stot')) };
    });
}
