#!/usr/bin/env node
/**
 * efa-payment-simulator --port <n> [--host <h>] [--open] [--client id:secret] [--status-delay <ms>]
 *                       [--database <url or folder>] [--control-token <token>]
 *
 * Runs the XBezahldienste provider simulator on its own, so that any XBezahldienste client
 * can be tested against it. Without --open every API call needs an OAuth2 client-credentials
 * token from POST /auth/token. With --database the ledger survives a restart (a PGlite folder
 * or a postgres:// URL); the control routes under /_simulator/ need the printed token.
 */
import { parseArgs } from 'node:util';
import { createDatabase, type EfaDatabase } from '@efa-kit/core/server';
import { type SimulatorClient, startPaymentSimulator } from './simulator.js';

const usage = `Usage: efa-payment-simulator --port <n> [--host 127.0.0.1] [--open]
       [--client <id>:<secret>]... [--status-delay <ms>] [--late-success <ms>] [--require-booking-data]
       [--database <postgres URL or PGlite folder>] [--control-token <token>]`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      open: { type: 'boolean', default: false },
      client: { type: 'string', multiple: true },
      'status-delay': { type: 'string' },
      'late-success': { type: 'string' },
      'require-booking-data': { type: 'boolean', default: false },
      'public-url': { type: 'string' },
      database: { type: 'string' },
      'control-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port. ${usage}`);
    process.exitCode = 2;
    return;
  }
  const clients: SimulatorClient[] | undefined = values.client?.map((pair) => {
    const index = pair.indexOf(':');
    if (index <= 0) throw new Error(`--client expects <id>:<secret>, got ${pair}`);
    return { clientId: pair.slice(0, index), clientSecret: pair.slice(index + 1) };
  });
  const db: EfaDatabase | undefined = values.database ? await createDatabase(values.database) : undefined;
  const simulator = await startPaymentSimulator({
    ...(db ? { db } : {}),
    ...(values['control-token'] ? { controlToken: values['control-token'] } : {}),
    port,
    host: values.host,
    open: values.open,
    ...(clients ? { clients } : {}),
    ...(values['status-delay'] ? { statusDelayMs: Number(values['status-delay']) } : {}),
    ...(values['late-success'] ? { lateSuccessMs: Number(values['late-success']) } : {}),
    ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
    requireBookingData: values['require-booking-data'],
  });
  console.log(`XBezahldienste simulator listening on ${simulator.url}`);
  console.log(`Control token (Authorization: Bearer … for /_simulator/*): ${simulator.controlToken}`);
  if (values.open) {
    console.log('Open mode: no access token required.');
  } else {
    console.log(`Token endpoint (OAuth2 client credentials): ${simulator.tokenUrl}`);
    for (const client of simulator.clients)
      console.log(`  client_id=${client.clientId} client_secret=${client.clientSecret}`);
  }
  const stop = () => {
    simulator
      .close()
      .then(() => db?.destroy())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
