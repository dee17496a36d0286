export { type TestDatabaseDriver, testDatabases } from './databases.js';
export { findPostgresBin, type PostgresServer, startPostgres } from './postgres-server.js';
