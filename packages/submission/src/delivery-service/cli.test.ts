import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from './cli-args.js';
import { destinationId, generateTestKeys, leika, type TestKeys } from './test-support.test.support.js';

let keys: TestKeys;
const folder = mkdtempSync(join(tmpdir(), 'efa-delivery-cli-'));
const encryptionFile = join(folder, 'encryption.jwk.json');
const signingFile = join(folder, 'signing.jwk.json');

beforeAll(async () => {
  keys = await generateTestKeys();
  writeFileSync(encryptionFile, JSON.stringify(keys.encryption.publicJwk));
  writeFileSync(signingFile, JSON.stringify(keys.signing.publicJwk));
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const files = (path: string) => {
  if (path === 'enc.json') return JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB' });
  throw new Error(`ENOENT: ${path}`);
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('parseCliArguments', () => {
  it('reads destinations, services, schemas, callbacks and clients', () => {
    const request = parseCliArguments(
      [
        '--port',
        '8123',
        '--destination',
        `${destinationId}=enc.json`,
        '--service',
        leika,
        '--schema',
        'https://schema.example/hund.json',
        '--callback',
        `${destinationId}=http://127.0.0.1:9/cb`,
        '--callback-secret',
        `${destinationId}=${'s'.repeat(32)}`,
        '--client',
        'portal:portal-secret',
        '--subscriber',
        'authority:authority-secret',
        '--database',
        '/tmp/ledger',
      ],
      files,
    );
    expect(request.help).toBe(false);
    if (request.help) return;
    expect(request.config).toMatchObject({
      port: 8123,
      host: '127.0.0.1',
      database: '/tmp/ledger',
      generatedClients: false,
      clients: [
        { clientId: 'portal', secret: 'portal-secret', role: 'sender' },
        { clientId: 'authority', secret: 'authority-secret', role: 'subscriber' },
      ],
      destinations: [
        {
          destinationId,
          encryptionJwk: { kty: 'RSA', n: 'x', e: 'AQAB' },
          services: [
            {
              identifier: leika,
              submissionSchemas: [
                { schemaUri: 'https://schema.example/hund.json', mimeType: 'application/json' },
              ],
            },
          ],
          callback: { url: 'http://127.0.0.1:9/cb', secret: 's'.repeat(32) },
        },
      ],
    });
  });

  it('reads a sender client’s new-events callback, and refuses one for an undeclared client or half given', () => {
    const secret = 'p'.repeat(32);
    const request = parseCliArguments(
      [
        '--client',
        'portal:portal-secret',
        '--sender-callback',
        'portal=http://127.0.0.1:8080/fit-connect/callback',
        '--sender-callback-secret',
        `portal=${secret}`,
      ],
      files,
    );
    if (request.help) throw new Error('no help expected');
    expect(request.config.clients).toEqual([
      {
        clientId: 'portal',
        secret: 'portal-secret',
        role: 'sender',
        callback: { url: 'http://127.0.0.1:8080/fit-connect/callback', secret },
      },
    ]);
    expect(() =>
      parseCliArguments(
        [
          '--client',
          'portal:portal-secret',
          '--sender-callback',
          'other=http://127.0.0.1:1/cb',
          '--sender-callback-secret',
          `other=${secret}`,
        ],
        files,
      ),
    ).toThrow(expect.objectContaining({ code: 'DELIVERY_SERVICE_ARGUMENT_INVALID' }));
    expect(() =>
      parseCliArguments(
        ['--client', 'portal:portal-secret', '--sender-callback', 'portal=http://127.0.0.1:1/cb'],
        files,
      ),
    ).toThrow(expect.objectContaining({ code: 'DELIVERY_SERVICE_ARGUMENT_INVALID' }));
  });

  it('creates a sender and a subscriber with random secrets when none are given', () => {
    const request = parseCliArguments([], files);
    if (request.help) throw new Error('no help expected');
    expect(request.config.generatedClients).toBe(true);
    expect(request.config.clients.map((c) => [c.clientId, c.role])).toEqual([
      ['efa-sender', 'sender'],
      ['efa-subscriber', 'subscriber'],
    ]);
    expect(request.config.clients[0]?.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(parseCliArguments(['--help'], files)).toEqual({ help: true });
  });

  it('refuses everything it does not understand with a coded error', () => {
    const cases: Array<[string[], string]> = [
      [['--prot', '1'], 'DELIVERY_SERVICE_ARGUMENT_UNKNOWN'],
      [['stray'], 'DELIVERY_SERVICE_ARGUMENT_UNKNOWN'],
      [['--port', '70000'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--port', 'abc'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--port'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--destination', 'no-uuid=enc.json', '--service', leika], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--destination', `${destinationId}`, '--service', leika], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--destination', `${destinationId}=enc.json`], 'DELIVERY_SERVICE_ARGUMENT_MISSING'],
      [
        ['--destination', `${destinationId}=missing.json`, '--service', leika],
        'DELIVERY_SERVICE_KEY_FILE_UNREADABLE',
      ],
      [['--signing-key', `${destinationId}=enc.json`], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [
        [
          '--destination',
          `${destinationId}=enc.json`,
          '--service',
          leika,
          '--callback',
          `${destinationId}=http://x`,
        ],
        'DELIVERY_SERVICE_ARGUMENT_MISSING',
      ],
      [['--client', 'portal'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--client', 'portal:short'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--client', 'bad id:long-enough-secret'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--schema', 'not a uri'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
      [['--token-lifetime', '0'], 'DELIVERY_SERVICE_ARGUMENT_INVALID'],
    ];
    for (const [argv, code] of cases)
      expect(
        codeOf(() => parseCliArguments(argv, files)),
        argv.join(' '),
      ).toBe(code);
  });
});

describe('efa-delivery-service command', () => {
  const cli = fileURLToPath(new URL('../../dist/delivery-service/cli.js', import.meta.url));

  it('starts on 127.0.0.1 with a destination from a JWK file, takes tokens, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        cli,
        '--port',
        '0',
        '--destination',
        `${destinationId}=${encryptionFile}`,
        '--signing-key',
        `${destinationId}=${signingFile}`,
        '--service',
        leika,
        '--client',
        'portal:portal-secret-1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (
          match?.[1] &&
          output.includes(`destination ${destinationId}`) &&
          output.includes('client_id=portal')
        ) {
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    try {
      // The given secret is not printed.
      expect(output).not.toContain('portal-secret-1');
      const token = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=portal&client_secret=portal-secret-1',
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const destination = await fetch(`${url}/v1/destinations/${destinationId}`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(await destination.json()).toMatchObject({
        encryptionKid: keys.encryption.publicJwk.kid,
        status: 'active',
      });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);

  it('exits 2 with the error code and the usage on a wrong command line', async () => {
    const child = spawn(process.execPath, [cli, '--destination', `${destinationId}=${encryptionFile}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('DELIVERY_SERVICE_ARGUMENT_MISSING');
    expect(stderr).toContain('Usage: efa-delivery-service');
  }, 30_000);

  it('exits 1 with a coded error for a private key given as a destination key', async () => {
    const privateFile = join(folder, 'private.jwk.json');
    writeFileSync(privateFile, JSON.stringify({ ...keys.encryption.publicJwk, d: 'secret' }));
    const child = spawn(
      process.execPath,
      [cli, '--destination', `${destinationId}=${privateFile}`, '--service', leika],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('DELIVERY_SERVICE_KEY_INVALID');
  }, 30_000);
});
