import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import type { ClientConfig, DestinationConfig } from './config.js';
import { deliveryServiceError } from './errors.js';

export const cliUsage = `Usage: efa-delivery-service [--port <n>] [--host 127.0.0.1] [--public-url <url>]
       [--destination <destination-uuid>=<public-encryption-jwk-file>]...
       [--signing-key <destination-uuid>=<public-signature-jwk-file>]...
       [--service <urn:de:fim:leika:leistung:…>]... [--schema <submission-schema-uri>]...
       [--callback <destination-uuid>=<url>]... [--callback-secret <destination-uuid>=<secret>]...
       [--client <id>:<secret>]... [--subscriber <id>:<secret>]...
       [--sender-callback <client-id>=<url>]... [--sender-callback-secret <client-id>=<secret>]...
       [--database <postgres URL or PGlite folder>] [--token-lifetime <seconds>]
       [--sweep-interval <ms>] [--help]

A development FIT-Connect delivery service (Submission API v1) on 127.0.0.1.
  --destination    a destination and its public RSA-OAEP-256 key (JWK, ≥ 4096 bit)
  --signing-key    the public PS512 key its subscriber signs accept/reject events with
  --service        a service every destination offers (at least one with --destination)
  --schema         a submission schema (application/json) every service lists
  --callback       new-submission callbacks to <url>, HMAC-signed with --callback-secret
  --client         a sender (Onlinedienst); --subscriber a receiver of every destination.
                   Without either, one of each is created and printed.
  --sender-callback  new-events callbacks of a --client (accept, reject) to <url>,
                   HMAC-signed with --sender-callback-secret
  --database       keeps the ledger across restarts (default: in memory)`;

export interface CliConfig {
  port: number;
  host: string;
  publicUrl?: string;
  database?: string;
  tokenLifetimeSeconds?: number;
  sweepIntervalMs?: number;
  destinations: DestinationConfig[];
  clients: ClientConfig[];
  /** True when the clients were generated (the CLI prints their secrets). */
  generatedClients: boolean;
}

export type CliRequest = { help: true } | { help: false; config: CliConfig };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function argumentError(option: string, detail: string) {
  return deliveryServiceError('DELIVERY_SERVICE_ARGUMENT_INVALID', { option, detail });
}

function integer(option: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw argumentError(option, `an integer from ${min} to ${max} is expected, got "${raw}"`);
  }
  return Number(raw);
}

/** `<uuid>=<value>` pairs, one value per destination. */
function pairs(option: string, values: readonly string[] | undefined): Map<string, string> {
  const result = new Map<string, string>();
  for (const value of values ?? []) {
    const index = value.indexOf('=');
    const id = value.slice(0, index).toLowerCase();
    const rest = value.slice(index + 1);
    if (index <= 0 || !uuid.test(id) || rest === '') {
      throw argumentError(option, `<destination-uuid>=<value> is expected, got "${value}"`);
    }
    if (result.has(id)) throw argumentError(option, `destination ${id} is given twice`);
    result.set(id, rest);
  }
  return result;
}

/** `<client-id>=<value>` pairs, one per client. */
function clientPairs(option: string, values: readonly string[] | undefined): Map<string, string> {
  const result = new Map<string, string>();
  for (const value of values ?? []) {
    const index = value.indexOf('=');
    const id = value.slice(0, index);
    const rest = value.slice(index + 1);
    if (index <= 0 || !/^[\w.-]{1,128}$/.test(id) || rest === '') {
      throw argumentError(option, `<client-id>=<value> is expected, got "${value}"`);
    }
    if (result.has(id)) throw argumentError(option, `client ${id} is given twice`);
    result.set(id, rest);
  }
  return result;
}

function credentials(
  option: string,
  values: readonly string[] | undefined,
  role: ClientConfig['role'],
): ClientConfig[] {
  return (values ?? []).map((value) => {
    const index = value.indexOf(':');
    const clientId = value.slice(0, index);
    const secret = value.slice(index + 1);
    if (index <= 0 || !/^[\w.-]{1,128}$/.test(clientId)) {
      throw argumentError(
        option,
        `<id>:<secret> is expected (id of letters, digits, "_", "." or "-"), got "${value}"`,
      );
    }
    if (secret.length < 8)
      throw argumentError(option, `the secret of ${clientId} needs at least 8 characters`);
    return { clientId, secret, role };
  });
}

/**
 * Reads the command line strictly: unknown options, stray positionals, malformed values and
 * references to undeclared destinations are coded errors. Key files are read with `readFile`
 * (JSON text of one JWK).
 */
export function parseCliArguments(argv: readonly string[], readFile: (path: string) => string): CliRequest {
  let values: ReturnType<typeof parse>['values'];
  const parse = (args: string[]) =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        destination: { type: 'string', multiple: true },
        'signing-key': { type: 'string', multiple: true },
        service: { type: 'string', multiple: true },
        schema: { type: 'string', multiple: true },
        callback: { type: 'string', multiple: true },
        'callback-secret': { type: 'string', multiple: true },
        'sender-callback': { type: 'string', multiple: true },
        'sender-callback-secret': { type: 'string', multiple: true },
        client: { type: 'string', multiple: true },
        subscriber: { type: 'string', multiple: true },
        database: { type: 'string' },
        'token-lifetime': { type: 'string' },
        'sweep-interval': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  try {
    ({ values } = parse([...argv]));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-[^']+)'/.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1] ?? argv.join(' ');
    if (/Unknown option|Unexpected argument/i.test(message)) {
      throw deliveryServiceError('DELIVERY_SERVICE_ARGUMENT_UNKNOWN', { option });
    }
    throw argumentError(option, message);
  }
  if (values.help) return { help: true };

  const port = integer('--port', values.port, 0, 65_535) ?? 0;
  const host = values.host ?? '127.0.0.1';
  if (!/^[\w.:[\]-]{1,255}$/.test(host))
    throw argumentError('--host', `"${host}" is not a host name or address`);
  if (values['public-url'] !== undefined && !URL.canParse(values['public-url'])) {
    throw argumentError('--public-url', `"${values['public-url']}" is not a URL`);
  }

  const keyFiles = pairs('--destination', values.destination);
  const signingFiles = pairs('--signing-key', values['signing-key']);
  const callbackUrls = pairs('--callback', values.callback);
  const callbackSecrets = pairs('--callback-secret', values['callback-secret']);
  for (const [option, map] of [
    ['--signing-key', signingFiles],
    ['--callback', callbackUrls],
    ['--callback-secret', callbackSecrets],
  ] as const) {
    for (const id of map.keys()) {
      if (!keyFiles.has(id))
        throw argumentError(option, `destination ${id} is not declared with --destination`);
    }
  }
  for (const id of callbackUrls.keys()) {
    if (!callbackSecrets.has(id)) {
      throw deliveryServiceError('DELIVERY_SERVICE_ARGUMENT_MISSING', {
        option: '--callback-secret',
        detail: `destination ${id} has a --callback but no --callback-secret`,
      });
    }
  }
  for (const id of callbackSecrets.keys()) {
    if (!callbackUrls.has(id))
      throw argumentError('--callback-secret', `destination ${id} has no --callback`);
  }
  const services = values.service ?? [];
  if (keyFiles.size > 0 && services.length === 0) {
    throw deliveryServiceError('DELIVERY_SERVICE_ARGUMENT_MISSING', {
      option: '--service',
      detail:
        'a destination must offer at least one service, e.g. --service urn:de:fim:leika:leistung:99108008252000',
    });
  }
  const schemas = (values.schema ?? []).map((schemaUri) => {
    if (!URL.canParse(schemaUri)) throw argumentError('--schema', `"${schemaUri}" is not a URI`);
    return { schemaUri, mimeType: 'application/json' as const };
  });

  const readJwk = (option: string, path: string): JWK => {
    let text: string;
    try {
      text = readFile(path);
    } catch (error) {
      throw deliveryServiceError('DELIVERY_SERVICE_KEY_FILE_UNREADABLE', {
        file: path,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    try {
      return JSON.parse(text) as JWK;
    } catch {
      throw argumentError(option, `${path} does not hold JSON (one JWK)`);
    }
  };

  const destinations: DestinationConfig[] = [...keyFiles].map(([destinationId, file]) => {
    const signing = signingFiles.get(destinationId);
    const url = callbackUrls.get(destinationId);
    const secret = callbackSecrets.get(destinationId);
    return {
      destinationId,
      encryptionJwk: readJwk('--destination', file),
      ...(signing ? { signingJwk: readJwk('--signing-key', signing) } : {}),
      services: services.map((identifier) => ({ identifier, submissionSchemas: schemas })),
      ...(url && secret ? { callback: { url, secret } } : {}),
    };
  });

  let clients = [
    ...credentials('--client', values.client, 'sender'),
    ...credentials('--subscriber', values.subscriber, 'subscriber'),
  ];
  // A sender's new-events callback: like a destination's, URL and secret given together.
  const senderUrls = clientPairs('--sender-callback', values['sender-callback']);
  const senderSecrets = clientPairs('--sender-callback-secret', values['sender-callback-secret']);
  for (const [option, map, other] of [
    ['--sender-callback', senderUrls, senderSecrets],
    ['--sender-callback-secret', senderSecrets, senderUrls],
  ] as const) {
    for (const id of map.keys()) {
      if (!clients.some((client) => client.role === 'sender' && client.clientId === id))
        throw argumentError(option, `client ${id} is not declared with --client`);
      if (!other.has(id)) throw argumentError(option, `client ${id} needs both --sender-callback options`);
    }
  }
  clients = clients.map((client) => {
    const url = senderUrls.get(client.clientId);
    const secret = senderSecrets.get(client.clientId);
    return url && secret ? { ...client, callback: { url, secret } } : client;
  });
  const generatedClients = clients.length === 0;
  if (generatedClients) {
    clients = [
      { clientId: 'efa-sender', secret: randomBytes(24).toString('base64url'), role: 'sender' },
      { clientId: 'efa-subscriber', secret: randomBytes(24).toString('base64url'), role: 'subscriber' },
    ];
  }
  const tokenLifetimeSeconds = integer('--token-lifetime', values['token-lifetime'], 1, 86_400);
  const sweepIntervalMs = integer('--sweep-interval', values['sweep-interval'], 0, 86_400_000);
  return {
    help: false,
    config: {
      port,
      host,
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      ...(values.database ? { database: values.database } : {}),
      ...(tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds }),
      ...(sweepIntervalMs === undefined ? {} : { sweepIntervalMs }),
      destinations,
      clients,
      generatedClients,
    },
  };
}
