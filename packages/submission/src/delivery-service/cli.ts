#!/usr/bin/env node
/**
 * efa-delivery-service: the development FIT-Connect delivery service on its own, so that any
 * FIT-Connect sender or subscriber can be tried against it (see cli-args.ts for the options).
 * Exit code 2 for a wrong command line, 1 for a start that failed; SIGINT/SIGTERM stop it.
 */
import { readFileSync } from 'node:fs';
import { isEfaError } from '@efa-kit/core';
import { createDatabase, type EfaDatabase } from '@efa-kit/core/server';
import { type CliRequest, cliUsage, parseCliArguments } from './cli-args.js';
import { createDeliveryService } from './service.js';

function report(error: unknown): string {
  if (isEfaError(error)) return `${error.code}: ${error.localized('en')} / ${error.localized('de')}`;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  let request: CliRequest;
  try {
    request = parseCliArguments(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(report(error));
    console.error(cliUsage);
    process.exitCode = 2;
    return;
  }
  if (request.help) {
    console.log(cliUsage);
    return;
  }
  const { config } = request;
  let db: EfaDatabase | undefined;
  try {
    db = config.database ? await createDatabase(config.database) : undefined;
    const service = await createDeliveryService({
      ...(db ? { db } : {}),
      port: config.port,
      host: config.host,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.tokenLifetimeSeconds ? { tokenLifetimeSeconds: config.tokenLifetimeSeconds } : {}),
      ...(config.sweepIntervalMs !== undefined ? { sweepIntervalMs: config.sweepIntervalMs } : {}),
      destinations: config.destinations,
      clients: config.clients,
    });
    console.log(`FIT-Connect development delivery service listening on ${service.url}`);
    console.log(`  Submission API: ${service.url}/v1`);
    console.log(`  Token endpoint (OAuth2 client credentials): ${service.tokenUrl}`);
    console.log(`  Event signature keys: ${service.jwksUrl}`);
    for (const destination of config.destinations) console.log(`  destination ${destination.destinationId}`);
    if (config.destinations.length === 0)
      console.log('  no destinations (add --destination <uuid>=<jwk file>)');
    for (const client of config.clients) {
      const secret = config.generatedClients ? ` client_secret=${client.secret}` : '';
      console.log(`  ${client.role} client_id=${client.clientId}${secret}`);
    }
    const stop = () => {
      service
        .stop()
        .then(() => db?.destroy())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(report(error));
    await db?.destroy().catch(() => undefined);
    process.exitCode = 1;
  }
}

void main();
