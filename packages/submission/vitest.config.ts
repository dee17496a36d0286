import { defineConfig } from 'vitest/config';
import { nodeProject, packageConfig } from '../../vitest.shared.ts';

export default defineConfig(
  packageConfig([nodeProject({ globalSetup: ['@efa-kit/core/testing/postgres-setup'] })]),
);
