#!/usr/bin/env node
// What a browser-only install costs (issue 15): each element package, packed, installed alone
// with npm into a fresh project outside the workspace (the other @efa-kit packages from their
// tarballs too); the size of node_modules on disk and its largest packages. A figure, not a
// test: written to bench/raw/install-sizes.json.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, publishedPackages, sh } from './pack.mjs';
import { root } from './workspace.mjs';

function bytes(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of readdirSync(path)) total += bytes(join(path, name));
  return total;
}

function packagesIn(modules) {
  const found = [];
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const sub of readdirSync(join(modules, name)))
        found.push({ name: `${name}/${sub}`, bytes: bytes(join(modules, name, sub)) });
    } else found.push({ name, bytes: bytes(join(modules, name)) });
  }
  return found.sort((a, b) => b.bytes - a.bytes);
}

const work = mkdtempSync(join(tmpdir(), 'efa-install-size-'));
const rows = [];
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const files = packAll(tarballs);
  const overrides = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, `file:${file}`]));
  const elementPackages = publishedPackages().filter(({ manifest }) => manifest.customElements);
  for (const { manifest } of elementPackages) {
    const app = join(work, manifest.name.replace('/', '+'));
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        private: true,
        dependencies: { [manifest.name]: overrides[manifest.name] },
        overrides,
      }),
    );
    sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], app);
    const modules = join(app, 'node_modules');
    const all = packagesIn(modules);
    const total = bytes(modules);
    rows.push({
      package: manifest.name,
      metric: 'browser-only install (npm, node_modules on disk)',
      value: Number((total / 1e6).toFixed(1)),
      unit: 'MB',
      packages: all.length,
      largest: all.slice(0, 6).map((p) => `${p.name} ${(p.bytes / 1e6).toFixed(1)} MB`),
    });
    console.log(
      `  ${manifest.name}: ${(total / 1e6).toFixed(1)} MB in ${all.length} packages; largest ${all
        .slice(0, 6)
        .map((p) => `${p.name} ${(p.bytes / 1e6).toFixed(1)}`)
        .join(', ')}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench', 'raw'), { recursive: true });
writeFileSync(join(root, 'bench', 'raw', 'install-sizes.json'), `${JSON.stringify(rows, null, 2)}\n`);
