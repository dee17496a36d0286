#!/usr/bin/env node
// Supply-chain rules that `npm test` holds (docs/supply-chain.md): every dependency of every
// workspace package and of the runtime pin is an exact version (no range can pull in a
// release nobody reviewed), workspace packages refer to each other as workspace:, and the
// workspace keeps a release-age delay for new versions. Writes reports/supply-chain.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, workspacePackages } from './workspace.mjs';

const exact = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const minimumDays = 7;
const checks = [];

function check(name, ok, detail) {
  checks.push({ name, ok });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
}

const manifests = [
  ...workspacePackages().map(({ manifest }) => manifest),
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
  JSON.parse(readFileSync(join(root, 'tools', 'runtime', 'package.json'), 'utf8')),
];
const names = new Set(manifests.map((m) => m.name));
for (const manifest of manifests) {
  const loose = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
      if (names.has(dep) ? !spec.startsWith('workspace:') : !exact.test(spec) && field !== 'peerDependencies')
        loose.push(`${dep}@${spec}`);
    }
  }
  check(`${manifest.name}: dependencies pinned exactly`, loose.length === 0, loose.join(', '));
}

// pnpm-workspace.yaml is flat YAML; the one setting is read without a YAML parser.
const workspace = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
const minutes = Number(/^minimumReleaseAge:\s*(\d+)\s*$/m.exec(workspace)?.[1] ?? 0);
check(
  `pnpm-workspace.yaml: minimumReleaseAge of at least ${minimumDays} days`,
  minutes >= minimumDays * 24 * 60,
  `${minutes} minutes`,
);
const runtimeLock = JSON.parse(readFileSync(join(root, 'tools', 'runtime', 'package-lock.json'), 'utf8'));
const pinned = Object.values(runtimeLock.packages ?? {}).filter((entry) => entry.version);
check(
  'tools/runtime/package-lock.json: the Node binary is pinned by integrity, without a download address',
  pinned.length > 0 && pinned.every((entry) => entry.integrity?.startsWith('sha512-') && !entry.resolved),
  JSON.stringify(pinned),
);

mkdirSync(join(root, 'reports'), { recursive: true });
const failed = checks.filter((c) => !c.ok).length;
writeFileSync(
  join(root, 'reports', 'supply-chain.json'),
  JSON.stringify({ numPassedTests: checks.length - failed, numFailedTests: failed }),
);
process.exit(failed > 0 ? 1 : 0);
