import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test PostgreSQL server, or null when none could be started here. */
    efaPostgresUrl: string | null;
  }
}

/** vitest globalSetup: one PostgreSQL server for the whole run of a package's tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('efaPostgresUrl', server?.url ?? null);
  return async () => {
    await server?.stop();
  };
}
