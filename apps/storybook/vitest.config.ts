import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { chromiumBrowser, packageConfig } from '../../vitest.shared.ts';

const here = dirname(fileURLToPath(import.meta.url));
const base = packageConfig([
  {
    extends: true,
    plugins: [storybookTest({ configDir: join(here, '.storybook') })],
    test: { name: 'storybook', browser: chromiumBrowser() },
  },
]);

export default defineConfig(base);
