import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEfaError } from '@efa-kit/core';
import {
  createDatabase,
  migrate,
  parseDatabaseTarget,
  rateLimitMigrations,
  redact,
} from '@efa-kit/core/server';
import { createPortalServer } from './app.js';
import { AssetManifest } from './assets.js';
import { capabilityModules } from './capabilities/index.js';
import { type PortalCapability, portsOf } from './capability.js';
import { ConfigError, readConfig } from './config.js';

const log = (message: string) => console.log(`[portal] ${message}`);

/** One clear line and exit code 1 for configuration and startup errors; no stack trace. */
function fail(error: unknown): never {
  if (isEfaError(error))
    console.error(`[portal] ${error.code}: ${error.localized('en')} / ${error.localized('de')}`);
  else if (error instanceof ConfigError) console.error(`[portal] ${error.message}`);
  else console.error(`[portal] Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = resolve(config.staticDir ?? join(here, '..', 'client'));
  const assets = new AssetManifest(staticDir);
  const db = await createDatabase(config.databaseUrl);
  await migrate(db, [rateLimitMigrations, ...capabilityModules.flatMap((module) => module.migrations)]);
  const capabilities: PortalCapability[] = [];
  // Late-bound: a capability created before the service account still asks for sessions at request time.
  const ports = portsOf(capabilities);
  for (const module of capabilityModules) {
    capabilities.push(await module.create({ db, config, env: process.env, log, ports }));
  }
  const { server, host } = await createPortalServer({
    config,
    db,
    capabilities,
    ports,
    assets,
    staticDir,
    log,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    // Finish requests in flight, refuse new ones, then stop background services and the database.
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(forced);
    await host.stop();
    await db.destroy();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, done);
  });
  const target = parseDatabaseTarget(config.databaseUrl);
  const database =
    target.kind === 'postgres'
      ? `PostgreSQL at ${redact(target.url)}`
      : target.kind === 'pglite-folder'
        ? `PGlite in ${target.folder}`
        : 'PGlite in memory';
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log(`listening on http://${config.host}:${port} (public URL ${config.publicUrl.href}, ${database})`);
}

main().catch(fail);
