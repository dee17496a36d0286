// The install lines of a package (ADR 0010): for the browser the package alone; for a server
// the package, @efa-kit/core and the optional peers that its and core's server entries import.
// Used by the README's generated "Install" block and by the consumer tests, which install
// exactly this line, so the README cannot name too few packages.
import { publishedPackages } from './pack.mjs';

const browserOnly = new Set(['react', '@lit/react', 'vitest', 'fast-check']);

function optionalPeers(manifest) {
  const meta = manifest.peerDependenciesMeta ?? {};
  return Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => meta[name]?.optional && !browserOnly.has(name),
  );
}

/** Package names for a server that uses `name`'s server entry. */
export function serverInstall(name) {
  const packages = new Map(publishedPackages().map(({ manifest }) => [manifest.name, manifest]));
  const own = packages.get(name);
  const core = packages.get('@efa-kit/core');
  if (!own || !core) throw new Error(`unknown package ${name}`);
  const names = [name];
  if (name !== core.name) names.push(core.name);
  for (const peer of [...optionalPeers(core), ...optionalPeers(own)])
    if (!names.includes(peer)) names.push(peer);
  return names;
}
