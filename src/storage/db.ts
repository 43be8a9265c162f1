// The database handle: kysely over pg (a real Postgres) or over PGlite (embedded, for the demo).
import { type IsolationLevel, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { registerClient, unregisterClient } from './copy.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

/** What a read may use of a handle: selects and raw `sql` (which reaches the executor). */
type ReadMethod = 'selectFrom' | 'selectNoFrom' | 'fn' | 'dynamic' | 'case' | 'getExecutor';

/**
 * A handle that only reads: no insertInto, updateTable, deleteFrom, mergeInto or schema. The
 * dashboard's and the query commands' handle, which is a streaming replica when DATABASE_READ_URL is
 * set (a replica refuses writes anyway; this type refuses them at compile time). A `Db` is one too.
 * Raw `sql` still compiles whatever it says: a write in it fails on a replica at run time.
 */
export type ReadQueries = Pick<Db, ReadMethod>;

/** A ReadQueries that can also open a transaction, for one snapshot or `set local` settings. */
export interface ReadDb extends ReadQueries {
  transaction(): ReadTransactionBuilder;
}

export interface ReadTransactionBuilder {
  setIsolationLevel(isolationLevel: IsolationLevel): ReadTransactionBuilder;
  execute<T>(callback: (trx: ReadQueries) => Promise<T>): Promise<T>;
}

/**
 * Runs `run` in a transaction with JIT compilation off (`set local`: the session keeps its setting).
 * For reads the planner prices above jit_above_cost that run in milliseconds, where compiling the plan
 * would take longer than the query. PGlite, built without LLVM, accepts the setting too.
 */
export function withoutJit<T>(db: ReadDb, run: (trx: ReadQueries) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return run(trx);
  });
}

// `date` columns stay 'YYYY-MM-DD' strings: a Date would shift with the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigserial ids and counts as numbers (exact below 2^53), as PGlite returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DbOptions {
  poolSize?: number;
  applicationName?: string;
  log?: Logger;
}

/** A Kysely handle over a pg Pool. The pool's idle errors are logged, never thrown as uncaught. */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 4,
    application_name: options.applicationName ?? 'painmap',
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => {
    options.log?.warn(
      { err: { message: error.message, code: (error as { code?: string }).code } },
      'idle pg client error',
    );
  });
  // A connection cut while a client is checked out (between two statements of a transaction)
  // is emitted on that client, which has no listener of its own: without this the process dies.
  // The running query or the next one fails with the same error and the pool discards the client.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // The write path finds a transaction's client by backend pid to COPY on it (copy.ts).
    registerClient(client);
  });
  pool.on('remove', (client) => unregisterClient(client));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** An embedded Postgres (PGlite) in memory or in a folder, for the zero-setup demo. */
export async function createEmbeddedDb(dataDir?: string): Promise<Db> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const client = new PGlite({ ...(dataDir ? { dataDir } : {}), parsers: { 1082: (value: string) => value } });
  await client.waitReady;
  return new Kysely<Database>({ dialect: new PGliteDialect(client) });
}
