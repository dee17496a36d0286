import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentSimulator, startPaymentSimulator } from '../testing/simulator.js';
import { ProviderError } from './provider.js';
import { createXBezahldiensteProvider } from './xbezahldienste.js';

/**
 * The ePayBL connector authenticates the calling service by a PKCS#12 client certificate.
 * Here a TLS front (as a provider's gateway would be) demands a certificate from our test CA
 * and forwards to the simulator.
 */
let dir: string;
let sim: PaymentSimulator;
let gateway: Server;
let base: string;
let ca: Buffer;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'efa-mtls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=EfA Test CA',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const name of ['server', 'client']) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...(name === 'server' ? ['-extfile', 'server.ext'] : []),
    );
  }
  openssl(
    'pkcs12',
    '-export',
    '-in',
    'client.crt',
    '-inkey',
    'client.key',
    '-out',
    'client.p12',
    '-passout',
    'pass:geheim',
  );
  ca = readFileSync(join(dir, 'ca.crt'));
  sim = await startPaymentSimulator({ open: true });
  const target = new URL(sim.url);
  gateway = createHttpsServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.crt')),
      ca,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const forward = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    },
  );
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  gateway?.closeAllConnections();
  await new Promise((resolve) => gateway?.close(resolve));
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = () => ({
  requestId: `mtls-${Date.now()}`,
  requestTimestamp: new Date(),
  totalCents: 500,
  purpose: '510000000017 Test',
  description: 'Test',
  redirectUrl: 'https://portal.example/r',
  items: [
    {
      id: 'a',
      reference: 'x',
      description: 'x',
      quantity: 1,
      unitCents: 500,
      totalCents: 500,
      bookingData: { Haushaltsstelle: '1' },
    },
  ],
});

describe('XBezahldienste with a client certificate (mTLS)', () => {
  it('creates and reads a transaction when the provider accepts the PKCS#12 certificate', async () => {
    const provider = createXBezahldiensteProvider({
      baseUrl: base,
      originatorId: 'o',
      endPointId: 'e',
      auth: {
        type: 'client-certificate',
        pfx: readFileSync(join(dir, 'client.p12')),
        passphrase: 'geheim',
        ca,
      },
    });
    const tx = await provider.create(request());
    expect(tx.status).toBe('INITIAL');
    expect((await provider.status({ requestId: '', transactionId: tx.transactionId }))?.totalCents).toBe(500);
    expect(await provider.health()).toBe(true);
  });

  it('fails without the certificate (server trusted, client unknown), and nothing reaches the provider', async () => {
    const before = sim.createdCount;
    const provider = createXBezahldiensteProvider({
      baseUrl: base,
      originatorId: 'o',
      endPointId: 'e',
      auth: { type: 'none' },
      ca,
    });
    const error = await provider.create(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(sim.createdCount).toBe(before);
  });
});
