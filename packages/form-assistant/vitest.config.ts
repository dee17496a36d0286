import { defineConfig } from 'vitest/config';
import { browserProject, nodeProject, packageConfig } from '../../vitest.shared.ts';

const browser = browserProject();

export default defineConfig(
  packageConfig([
    nodeProject({ globalSetup: ['@efa-kit/core/testing/postgres-setup'] }),
    // The upload and submit tests of the elements talk to a real form backend.
    { ...browser, test: { ...browser.test, globalSetup: ['./src/testing/browser-backend.test.setup.ts'] } },
  ]),
);
