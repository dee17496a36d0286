#!/usr/bin/env node
// Bundle budgets: each entry listed under "efa.sizeBudgets" in a package.json is bundled the
// way an integrator's bundler would (esbuild: ESM, minified, tree-shaken, Lit included, its
// production build, each dynamic import its own chunk) and gzip-compressed; what a page loads
// before anything lazy (the entry and its static chunks) must stay within the budget in bytes.
// An entry a package names as a one-file CDN build ("efa.cdnEntries") is measured as that one
// file, dynamic imports inlined: one file is its promise.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleForBrowser, gzipSize, initialLoadForBrowser } from './browser-bundle.mjs';
import { root, workspacePackages } from './workspace.mjs';

export async function measureEntry(file, oneFile = false) {
  if (!oneFile) return initialLoadForBrowser(file);
  const code = await bundleForBrowser(file);
  return { minified: code.length, gzip: gzipSize(code), chunks: 1, lazyGzip: 0, lazyChunks: 0, oneFile };
}

const rows = [];
let failed = 0;
for (const { dir, manifest } of workspacePackages()) {
  const budgets = manifest.efa?.sizeBudgets ?? {};
  const oneFileEntries = new Set(Object.values(manifest.efa?.cdnEntries ?? {}));
  for (const [entry, budget] of Object.entries(budgets)) {
    const file = join(dir, entry);
    let size;
    try {
      size = await measureEntry(file, oneFileEntries.has(entry));
    } catch (error) {
      failed += 1;
      console.error(`  ${manifest.name} ${entry}: cannot bundle (${error.message.split('\n')[0]})`);
      continue;
    }
    const pass = size.gzip <= budget;
    if (!pass) failed += 1;
    const how = size.oneFile
      ? 'one file'
      : `${size.chunks} chunk${size.chunks === 1 ? '' : 's'} before anything lazy${size.lazyChunks ? `; ${size.lazyChunks} lazy, ${(size.lazyGzip / 1000).toFixed(1)} kB` : ''}`;
    rows.push({ package: manifest.name, entry, gzip: size.gzip, minified: size.minified, how, budget, pass });
    console.log(
      `  ${pass ? 'ok  ' : 'OVER'} ${manifest.name} ${relative(dir, file)}: ${(size.gzip / 1000).toFixed(1)} kB gzip (${(size.minified / 1000).toFixed(1)} kB min; ${how}), budget ${(budget / 1000).toFixed(1)} kB`,
    );
  }
}
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(
  join(root, 'reports', 'size.json'),
  JSON.stringify(
    { numPassedTests: rows.filter((r) => r.pass).length, numFailedTests: failed, rows },
    null,
    2,
  ),
);
mkdirSync(join(root, 'bench', 'raw'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'raw', 'bundle-sizes.json'),
  JSON.stringify(
    rows.map((r) => ({
      package: r.package,
      metric: `bundle ${r.entry} (gzip, min, incl. Lit; ${r.how})`,
      value: Number((r.gzip / 1000).toFixed(2)),
      unit: 'kB',
      target: `≤ ${(r.budget / 1000).toFixed(0)}`,
      pass: r.pass,
    })),
    null,
    2,
  ),
);
// The one-file builds for pages without a bundler (dist/cdn, ADR 0010): figures, no budget.
const cdnRows = [];
for (const { dir, manifest } of workspacePackages()) {
  const cdn = join(dir, 'dist', 'cdn');
  if (!existsSync(cdn)) continue;
  for (const file of readdirSync(cdn)
    .filter((name) => name.endsWith('.js'))
    .sort()) {
    const code = readFileSync(join(cdn, file));
    cdnRows.push({
      package: manifest.name,
      metric: `one file dist/cdn/${file} (gzip, min ${(code.length / 1000).toFixed(1)} kB)`,
      value: Number((gzipSize(code) / 1000).toFixed(2)),
      unit: 'kB',
    });
  }
}
writeFileSync(join(root, 'bench', 'raw', 'cdn-sizes.json'), `${JSON.stringify(cdnRows, null, 2)}\n`);
process.exit(failed > 0 ? 1 : 0);
