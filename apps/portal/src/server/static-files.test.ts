import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, serveStatic } from './static-files.js';

// Issue 17 (Lighthouse, slow mobile network): text assets go out brotli- or gzip-compressed
// when the browser accepts it, byte-identical once decompressed; anything else as it is.

let dir: string;
let server: Server;
let base: string;
const script = `export const text = ${JSON.stringify('Hundesteuer '.repeat(2_000))};\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'efa-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets/app-abc123.js'), script);
  writeFileSync(join(dir, 'assets/logo-abc123.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  server = createServer((req, res) => {
    serveStatic(dir, new URL(req.url ?? '/', 'http://x').pathname, res).then((served) => {
      if (!served) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** node:http's client, which (unlike fetch) does not decompress: the bytes as sent. */
async function raw(path: string, acceptEncoding?: string) {
  const { request } = await import('node:http');
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${base}${path}`, {
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('static assets, compressed (issue 17)', () => {
  it('sends brotli when accepted, identical once decompressed and much smaller', async () => {
    const { headers, body } = await raw('/assets/app-abc123.js', 'gzip, deflate, br, zstd');
    expect(headers['content-encoding']).toBe('br');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(Number(headers['content-length'])).toBe(body.length);
    expect(body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(script);
  });

  it('falls back to gzip, and to the file as it is when nothing is accepted', async () => {
    const gz = await raw('/assets/app-abc123.js', 'gzip;q=1, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await raw('/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('sends images as they are', async () => {
    const png = await raw('/assets/logo-abc123.png', 'br');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body).toHaveLength(4);
  });

  it('reads Accept-Encoding with weights', () => {
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0.5')).toBe('gzip');
    expect(chooseEncoding('GZIP')).toBe('gzip');
  });
});

describe('favicon (issue 17)', () => {
  it('answers /favicon.ico with an icon, so that no page logs a 404', async () => {
    const icon = await raw('/favicon.ico');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body.toString()).toMatch(/^<svg /);
  });
});
