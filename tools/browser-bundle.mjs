// An entry bundled the way an integrator's bundler would (esbuild: ESM, minified, tree-shaken,
// Lit included, its production build), and its gzip size: shared by the size budgets and the
// benches that report bundle sizes, so both measure the same thing.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export async function bundleForBrowser(file) {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

export function gzipSize(code) {
  return gzipSync(code, { level: 9 }).length;
}
