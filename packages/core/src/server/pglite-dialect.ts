import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely on PGlite. Kysely 0.29 ships such a dialect but needs Node 22, and kysely-pglite
 * brings a code generator CLI with it (docs/adr/0002): this is the small part we need.
 * PGlite is one connection, so connections are handed out one at a time.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly open: () => Promise<PGlite>) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  private driver: PGliteDriver | undefined;

  createDriver(): Driver {
    this.driver = new PGliteDriver(this.open);
    return this.driver;
  }

  /**
   * Raw SQL on the one session, waiting its turn like any Kysely query: for the job queue,
   * whose statements must not slip into a transaction another caller holds open.
   */
  async runRaw(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }> {
    const driver = this.driver;
    if (!driver) throw new Error('PGlite dialect used before its database was opened');
    const connection = (await driver.acquireConnection()) as PGliteConnection;
    try {
      return await connection.runRaw(text, values);
    } catch (error) {
      // One session: a failed statement inside BEGIN … COMMIT would poison every later query.
      if (values.length === 0) await connection.runRaw('rollback', []).catch(() => {});
      throw error;
    } finally {
      await driver.releaseConnection();
    }
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  /**
   * Raw SQL on the connection the caller holds: parameterised statements by the extended
   * protocol, parameter-less text (possibly several statements, e.g. a job queue's schema) by
   * the simple protocol, rows of every statement in order.
   */
  async runRaw(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }> {
    if (values.length > 0) return { rows: (await this.pglite.query(text, [...values])).rows };
    const results = await this.pglite.exec(text);
    return { rows: results.flatMap((result) => result.rows) };
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    const command = compiled.query.kind;
    const changes =
      command === 'InsertQueryNode' ||
      command === 'UpdateQueryNode' ||
      command === 'DeleteQueryNode' ||
      command === 'MergeQueryNode';
    return changes && result.affectedRows !== undefined
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursor API to stream from.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}

class PGliteDriver implements Driver {
  private pglite: PGlite | undefined;
  private connection: PGliteConnection | undefined;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(private readonly open: () => Promise<PGlite>) {}

  async init(): Promise<void> {
    this.pglite = await this.open();
    this.connection = new PGliteConnection(this.pglite);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release: () => void = () => {};
    this.queue = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    if (!this.connection) throw new Error('PGlite driver used before init');
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pglite?.close();
    this.pglite = undefined;
    this.connection = undefined;
  }
}
