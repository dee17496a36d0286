import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Text assets are sent compressed when the browser accepts it (issue 17: slow mobile networks). */
const compressible = new Set(['.js', '.css', '.svg', '.json', '.map']);
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface Compressed {
  br: Buffer;
  gzip: Buffer;
}

/**
 * Compressed copies by file path, made once on first request. Bounded by the build: only files
 * of the assets folder get here, and their hashed names never change content (a new build is
 * a new process). Brotli at quality 9: nearly the size of 11, at a fraction of the time.
 */
const compressedCache = new Map<string, Promise<Compressed>>();

function compressed(file: string): Promise<Compressed> {
  let entry = compressedCache.get(file);
  if (!entry) {
    entry = readFile(file).then(async (content) => ({
      br: await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
      gzip: await gzipAsync(content, { level: 9 }),
    }));
    // A failed read is not kept: the next request tries again.
    entry.catch(() => compressedCache.delete(file));
    compressedCache.set(file, entry);
  }
  return entry;
}

/** The encoding to send: brotli, then gzip, when Accept-Encoding allows it (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const allowed = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allowed('br')) return 'br';
  if (allowed('gzip')) return 'gzip';
  return undefined;
}

/**
 * Browsers ask for /favicon.ico on every page; without one each page logs a 404 in the console
 * (Lighthouse's best-practices "errors-in-console"). A plain mark in the neutral ink colour:
 * the portal has no logo of its own, a state's theme brings its own.
 */
const favicon = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d3557"/><path d="M9 8h14v4H14v3h8v4h-8v3h9v4H9z" fill="#fff"/></svg>',
);

function serveFavicon(res: ServerResponse): true {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'image/svg+xml');
  res.setHeader('Content-Length', favicon.length);
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.end(favicon);
  return true;
}

/** Hashed asset names: letters, digits, dots, dashes and underscores, in plain folders. */
const assetPath = /^\/assets\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Serves hashed build assets (immutable) from the client build's assets folder; false when not
 * a file there. Only plain names are served: no percent-encoding, no dot segments, no dotfiles,
 * so nothing outside `assets/` (the build manifest in `.vite/`, say) can be reached.
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<boolean> {
  if (pathname === '/favicon.ico') return serveFavicon(res);
  if (!pathname.startsWith('/assets/')) return false;
  if (!assetPath.test(pathname) || pathname.includes('..')) return false;
  const assets = join(root, 'assets');
  const file = normalize(join(root, pathname));
  if (!file.startsWith(assets + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.statusCode = 200;
  res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  if (compressible.has(extname(file))) {
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(res.req?.headers['accept-encoding']?.toString());
    if (encoding) {
      const body = (await compressed(file))[encoding];
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      res.end(res.req?.method === 'HEAD' ? undefined : body);
      return true;
    }
  }
  res.setHeader('Content-Length', info.size);
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
  return true;
}
