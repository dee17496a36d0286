// Packs every public workspace package into a directory, as `pnpm publish` would (shared by
// install-check, consumers and install-size): returns { name: absolute tarball path }.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages } from './workspace.mjs';

export function sh(command, args, cwd, options = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

export const publishedPackages = () => workspacePackages().filter(({ manifest }) => !manifest.private);

export function packAll(destination) {
  const files = {};
  for (const { dir, manifest } of publishedPackages()) {
    sh(process.env.EFA_PNPM ?? 'pnpm', ['pack', '--pack-destination', destination], dir);
    const prefix = `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}`;
    const file = readdirSync(destination).find((name) => name.startsWith(prefix) && name.endsWith('.tgz'));
    if (!file) throw new Error(`no tarball for ${manifest.name}`);
    files[manifest.name] = join(destination, file);
  }
  return files;
}
