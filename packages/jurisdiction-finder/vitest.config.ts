import { defineConfig } from 'vitest/config';
import { browserProject, nodeProject, packageConfig } from '../../vitest.shared.ts';

const browser = browserProject();

export default defineConfig(
  packageConfig([
    nodeProject({ globalSetup: ['@efa-kit/core/testing/postgres-setup'] }),
    // The element's tests talk to a real jurisdiction backend on the reference data.
    { ...browser, test: { ...browser.test, globalSetup: ['./src/testing/browser-backend.test.setup.ts'] } },
  ]),
);
