import { defineConfig } from 'vitest/config';
import { browserProject, nodeProject, packageConfig } from '../../vitest.shared.ts';

export default defineConfig(
  packageConfig([nodeProject({ globalSetup: ['./src/testing/postgres-setup.ts'] }), browserProject()]),
);
