// Storybook reads one custom-elements manifest: merge every package's into .storybook/.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = resolve(here, '..', '..', '..', 'packages');
const modules = [];
for (const name of readdirSync(packagesDir).sort()) {
  const file = join(packagesDir, name, 'custom-elements.json');
  if (!existsSync(file)) continue;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const module of manifest.modules ?? [])
    modules.push({ ...module, path: `packages/${name}/${module.path}` });
}
writeFileSync(
  resolve(here, '..', '.storybook', 'custom-elements.json'),
  JSON.stringify({ schemaVersion: '1.0.0', readme: '', modules }, null, 2),
);
console.log(`merged ${modules.length} modules into .storybook/custom-elements.json`);
