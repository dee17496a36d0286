export {
  allowTestPageOrigin,
  type BrowserTestBackend,
  type BrowserTestBackendOptions,
  startBrowserTestBackend,
  type TestPageContextOptions,
  testPageContext,
} from './browser-test-backend.js';
export { type TestDatabaseDriver, testDatabases } from './databases.js';
export { findPostgresBin, type PostgresServer, startPostgres } from './postgres-server.js';
