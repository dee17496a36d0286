import { defineConfig } from 'vitest/config';
import { browserProject, nodeProject, packageConfig } from '../../vitest.shared.ts';

const browser = browserProject();

export default defineConfig(
  packageConfig([
    nodeProject({ globalSetup: ['@efa-kit/core/testing/postgres-setup'] }),
    // The elements' tests talk to the real account backend and development provider.
    { ...browser, test: { ...browser.test, globalSetup: ['./src/testing/browser-backend.test.setup.ts'] } },
  ]),
);
