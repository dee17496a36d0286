// Storybook reads one custom-elements manifest: merge every package's into .storybook/, and keep
// each package's own copy next to it, served at /custom-elements/<package>.json (staticDirs).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = resolve(here, '..', '..', '..', 'packages');
const served = resolve(here, '..', '.storybook', 'manifests');
mkdirSync(served, { recursive: true });
const modules = [];
const missing = [];
for (const name of readdirSync(packagesDir).sort()) {
  const packageFile = join(packagesDir, name, 'package.json');
  if (!existsSync(packageFile)) continue;
  const file = join(packagesDir, name, 'custom-elements.json');
  if (!existsSync(file)) {
    // A package with elements names its manifest and writes it when it builds (cem analyze).
    if (JSON.parse(readFileSync(packageFile, 'utf8')).customElements) missing.push(name);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  writeFileSync(join(served, `${name}.json`), text);
  for (const module of JSON.parse(text).modules ?? [])
    modules.push({ ...module, path: `packages/${name}/${module.path}` });
}
const merged = JSON.stringify({ schemaVersion: '1.0.0', readme: '', modules }, null, 2);
writeFileSync(resolve(here, '..', '.storybook', 'custom-elements.json'), merged);
writeFileSync(join(served, 'all.json'), merged);
if (missing.length > 0) {
  console.error(
    `no custom-elements.json in ${missing.join(', ')}: run \`pnpm --filter @efa-kit/storybook packages\` (builds every package)`,
  );
  process.exit(1);
}
console.log(
  `merged ${modules.length} modules into .storybook/custom-elements.json (served at /custom-elements/)`,
);
