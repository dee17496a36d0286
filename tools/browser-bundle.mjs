// An entry bundled the way an integrator's bundler would (esbuild: ESM, minified, tree-shaken,
// Lit included, its production build), and its gzip size: shared by the size budgets and the
// benches that report bundle sizes, so both measure the same thing.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const options = {
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
};

/** The entry in one file, its dynamic imports inlined (what the dist/cdn builds ship). */
export async function bundleForBrowser(file) {
  const result = await build({ ...options, entryPoints: [file] });
  return result.outputFiles[0].contents;
}

/**
 * The entry split as a page's bundler splits it (each dynamic import its own chunk): what a
 * page downloads before anything lazy runs (the entry chunk and the chunks it imports
 * statically, gzip each, as a server sends them), and the lazy chunks it may fetch later.
 */
export async function initialLoadForBrowser(file) {
  const result = await build({
    ...options,
    entryPoints: { entry: file },
    splitting: true,
    outdir: '/chunks',
    metafile: true,
  });
  const code = new Map(result.outputFiles.map((out) => [out.path.replace(/^\/chunks\//, ''), out.contents]));
  const outputs = result.metafile.outputs;
  const name = (path) => path.replace(/^(\.\.\/)*chunks\//, '');
  const initial = new Set();
  const visit = (path) => {
    if (initial.has(name(path))) return;
    initial.add(name(path));
    for (const imported of outputs[path].imports)
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(
    Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined && name(path) === 'entry.js'),
  );
  const sum = (names, size) => names.reduce((total, chunk) => total + size(code.get(chunk)), 0);
  const initialNames = [...initial];
  const lazyNames = [...code.keys()].filter((chunk) => chunk.endsWith('.js') && !initial.has(chunk));
  return {
    gzip: sum(initialNames, gzipSize),
    minified: sum(initialNames, (c) => c.length),
    chunks: initialNames.length,
    lazyGzip: sum(lazyNames, gzipSize),
    lazyChunks: lazyNames.length,
  };
}

export function gzipSize(code) {
  return gzipSync(code, { level: 9 }).length;
}
