import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Hashed asset names: letters, digits, dots, dashes and underscores, in plain folders. */
const assetPath = /^\/assets\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Serves hashed build assets (immutable) from the client build's assets folder; false when not
 * a file there. Only plain names are served: no percent-encoding, no dot segments, no dotfiles,
 * so nothing outside `assets/` (the build manifest in `.vite/`, say) can be reached.
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<boolean> {
  if (!pathname.startsWith('/assets/')) return false;
  if (!assetPath.test(pathname) || pathname.includes('..')) return false;
  const assets = join(root, 'assets');
  const file = normalize(join(root, pathname));
  if (!file.startsWith(assets + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.statusCode = 200;
  res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', info.size);
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
  return true;
}
