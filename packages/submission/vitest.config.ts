import { defineConfig } from 'vitest/config';
import { browserProject, nodeProject, packageConfig } from '../../vitest.shared.ts';

const browser = browserProject();

export default defineConfig(
  packageConfig([
    nodeProject({ globalSetup: ['@efa-kit/core/testing/postgres-setup'] }),
    // The inbox's tests decrypt submissions the package's own sending code made in Node.
    {
      ...browser,
      // Bundled before the first test, so Vite does not reload the page when the worker needs them.
      optimizeDeps: { include: ['jose', 'ajv/dist/2020.js', 'ajv-formats'] },
      test: { ...browser.test, globalSetup: ['./src/inbox/inbox.test.setup.ts'] },
    },
  ]),
);
