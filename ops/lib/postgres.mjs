// Debian's PostgreSQL for the operations scripts, as the tests start it (initdb into a
// temporary folder, a free loopback port, run as the postgres user when we are root), with
// what the scale-out needs on top: a streaming replica made by pg_basebackup -R, crash kills
// (SIGKILL to the postmaster and every backend) and restarts with crash recovery.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, load, log, root, waitFor } from './base.mjs';

const pg = createRequire(join(root, 'packages', 'core', 'package.json'))('pg');

function asServerUser(file, args) {
  if (process.getuid?.() === 0) return { file: 'runuser', args: ['-u', 'postgres', '--', file, ...args] };
  return { file, args };
}

/**
 * Settings: durability against a process crash is what the fault test needs, so commits are
 * synchronous (the WAL reaches the kernel before the commit returns; a SIGKILL loses nothing the
 * kernel has). fsync stays off: the machine does not crash, only processes do (docs/operate.md
 * says what production sets). Enough connections for several app servers and their job queues.
 */
const serverOptions = (port, dir) =>
  [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=on',
    '-c max_connections=300',
    '-c wal_level=replica',
    '-c max_wal_senders=5',
    '-c hot_standby=on',
  ].join(' ');

export class PostgresInstance {
  constructor({ bin, dir, data, port, name }) {
    Object.assign(this, { bin, dir, data, port, name });
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  run(tool, args) {
    const command = asServerUser(join(this.bin, tool), args);
    const result = spawnSync(command.file, command.args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  }

  start() {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, `${this.name}.log`),
      '-o',
      serverOptions(this.port, this.dir),
      '-w',
      '-t',
      '120',
      'start',
    ]);
  }

  /** The same start without blocking the event loop (the fault test restarts while journeys run). */
  async startAsync() {
    const command = asServerUser(join(this.bin, 'pg_ctl'), [
      '-D',
      this.data,
      '-l',
      join(this.dir, `${this.name}.log`),
      '-o',
      serverOptions(this.port, this.dir),
      '-w',
      '-t',
      '120',
      'start',
    ]);
    await new Promise((done, reject) => {
      execFile(command.file, command.args, (error, stdout, stderr) =>
        error ? reject(new Error(`pg_ctl start failed: ${stderr || stdout}`)) : done(),
      );
    });
  }

  /** The postmaster's pid (first line of postmaster.pid), or undefined when it is not running. */
  pid() {
    const file = join(this.data, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /** A crash: SIGKILL to the postmaster and all its children at once, no shutdown. */
  async kill() {
    const pid = this.pid();
    if (!pid) return;
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((line) => Number(line.trim()))
      .filter(Boolean);
    for (const target of [pid, ...children]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(`${this.name} to die`, () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  }

  stop() {
    if (this.pid()) this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  /** One short-lived connection for a query (the scripts' checks). */
  async query(text, values = [], database = 'postgres') {
    const client = new pg.Client({ connectionString: this.urlFor(database), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  urlFor(database) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name) {
    await this.query(`create database ${name}`);
    return this.urlFor(name);
  }
}

function findBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base))
    throw new Error('PostgreSQL server binaries are missing: apt-get install postgresql');
  const versions = spawnSync('ls', [base], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((v) => v && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no initdb under /usr/lib/postgresql');
  return join(base, versions[0], 'bin');
}

/** A new primary in its own temporary folder, started. */
export async function startPrimary(name = 'primary') {
  const bin = findBin();
  const dir = mkdtempSync(join(tmpdir(), `efa-ops-${name}-`));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const instance = new PostgresInstance({ bin, dir, data: join(dir, 'data'), port: await freePort(), name });
  instance.run('initdb', [
    '-D',
    instance.data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  instance.start();
  log(`PostgreSQL ${name} on 127.0.0.1:${instance.port}`);
  return instance;
}

/** A streaming replica of `primary` (pg_basebackup -R: standby.signal and primary_conninfo), started. */
export async function startReplica(primary, name = 'replica') {
  const dir = mkdtempSync(join(tmpdir(), `efa-ops-${name}-`));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const replica = new PostgresInstance({
    bin: primary.bin,
    dir,
    data: join(dir, 'data'),
    port: await freePort(),
    name,
  });
  replica.run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    replica.data,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '--no-sync',
  ]);
  replica.start();
  await waitFor('the replica to stream', async () => {
    const rows = await primary.query("select state from pg_stat_replication where state = 'streaming'");
    return rows.length > 0;
  });
  log(`PostgreSQL ${name} on 127.0.0.1:${replica.port}, streaming from ${primary.name}`);
  return replica;
}

/** Replication lag as the primary sees it: bytes not yet replayed and the replay delay. */
export async function replicationLag(primary) {
  const rows = await primary.query(
    `select application_name, state,
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as bytes,
            coalesce(extract(epoch from replay_lag), 0)::float as seconds
       from pg_stat_replication`,
  );
  return rows.map((row) => ({ ...row, bytes: Number(row.bytes) }));
}

/** Waits until the replica has replayed everything the primary had written when this was called. */
export async function waitForReplay(primary, replica) {
  const [{ lsn }] = await primary.query('select pg_current_wal_lsn()::text as lsn');
  await waitFor('the replica to replay', async () => {
    const [row] = await replica.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
    return row.done;
  });
}

export function removeInstance(instance) {
  try {
    instance.stop();
  } catch {
    // already stopped
  }
  rmSync(instance.dir, { recursive: true, force: true });
}

/** Kysely on one of the instances, for the scripts that read the portal's own tables. */
export async function openDatabase(url) {
  const { createDatabase } = await load('@efa-kit/core/server');
  return createDatabase(url);
}
