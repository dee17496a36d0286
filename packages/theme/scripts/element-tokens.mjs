// Writes each element folder's tokens.generated.ts from the theme's definitions (built first)
// and the var(--_…) names the folder's styles read.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementTokensModule, elementTokenTargets, privateTokensUsed } from '../dist/element-tokens.js';

const packages = new URL('../../', import.meta.url).pathname;
for (const target of elementTokenTargets) {
  const dir = join(packages, target);
  const sources = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.includes('.test.') && !file.includes('.stories.'))
    .filter((file) => file !== 'tokens.generated.ts')
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  writeFileSync(join(dir, 'tokens.generated.ts'), elementTokensModule(privateTokensUsed(sources)));
  console.log(`wrote ${target}/tokens.generated.ts`);
}
