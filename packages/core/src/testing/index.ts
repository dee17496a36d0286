export {
  allowTestPageOrigin,
  type BrowserTestBackend,
  type BrowserTestBackendOptions,
  startBrowserTestBackend,
  type TestPageContextOptions,
  testPageContext,
} from './browser-test-backend.js';
export { type TestDatabaseDriver, testDatabases } from './databases.js';
export {
  applyEdits,
  codedOutcome,
  codedOutcomeAsync,
  FuzzBudgetExceeded,
  type FuzzRecord,
  fuzzBudgetMs,
  fuzzLongRun,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  type Outcome,
  type TextEdit,
  UncodedError,
  withinBudget,
  withinBudgetAsync,
} from './fuzz.js';
export { findPostgresBin, type PostgresServer, startPostgres } from './postgres-server.js';
export {
  answerProblem,
  startTrpcFuzzServer,
  type TrpcAnswer,
  type TrpcFuzzProcedure,
  type TrpcFuzzServer,
} from './trpc-fuzz.js';
