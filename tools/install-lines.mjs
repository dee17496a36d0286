// The install lines of a package (ADR 0010): for the browser the package alone; for a server
// the package, @efa-kit/core and the optional peers that its and core's server entries import.
// Used by the README's generated "Install" block and by the consumer tests, which install
// exactly this line, so the README cannot name too few packages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages } from './pack.mjs';

const browserOnly = new Set(['react', '@lit/react', 'vitest', 'fast-check']);

function optionalPeers(manifest) {
  const meta = manifest.peerDependenciesMeta ?? {};
  return Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => meta[name]?.optional && !browserOnly.has(name),
  );
}

/**
 * Packages the README's server examples import themselves (```ts blocks that import a
 * `/server` entry): under pnpm a project can only import what it lists, so the line names them.
 */
function readmeServerImports(dir) {
  const file = join(dir, 'README.md');
  if (!existsSync(file)) return [];
  const found = [];
  for (const [, block] of readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)) {
    if (!/from '@efa-kit\/[a-z-]+\/server'/.test(block)) continue;
    for (const [, specifier] of block.matchAll(/from '([^'.][^']*)'/g)) {
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      found.push(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return found;
}

/** Package names for a server that uses `name`'s server entry. */
export function serverInstall(name) {
  const all = publishedPackages();
  const packages = new Map(all.map(({ manifest }) => [manifest.name, manifest]));
  const own = packages.get(name);
  const core = packages.get('@efa-kit/core');
  if (!own || !core) throw new Error(`unknown package ${name}`);
  const names = [name];
  if (name !== core.name) names.push(core.name);
  for (const peer of [...optionalPeers(core), ...optionalPeers(own)])
    if (!names.includes(peer)) names.push(peer);
  const dir = all.find(({ manifest }) => manifest.name === name)?.dir;
  for (const imported of dir ? readmeServerImports(dir) : [])
    if (!names.includes(imported)) names.push(imported);
  return names;
}
