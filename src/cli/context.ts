// What every command family's register(program, ctx) gets: the configuration (read when a command
// runs, so `--help` works without it), the ways to open the database (the primary for anything that
// writes, the replica of DATABASE_READ_URL for the query commands), and terminal helpers.
import type { Config } from '../config.js';
import { createDb, type Db, type ReadDb } from '../storage/db.js';

export interface CliContext {
  config: () => Config;
  /** Opens the database of DATABASE_URL for `fn` and closes it after, whatever happens. */
  withDb<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** For commands that only read: the replica of DATABASE_READ_URL when set, else DATABASE_URL. */
  withReadDb<T>(fn: (db: ReadDb) => Promise<T>): Promise<T>;
  /** Colours on stdout: a terminal, and NO_COLOR unset. */
  color(): boolean;
}

export function createCliContext(config: () => Config): CliContext {
  return {
    config,
    withDb: (fn) => withCliDb(config(), fn),
    withReadDb: (fn) => withCliReadDb(config(), fn),
    color: () => process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

export async function withCliDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!config.DATABASE_URL)
    throw new Error('Set DATABASE_URL (see .env.example) to the painmap database, or try `painmap demo`.');
  return withPool(config.DATABASE_URL, 'painmap-cli', fn);
}

export async function withCliReadDb<T>(config: Config, fn: (db: ReadDb) => Promise<T>): Promise<T> {
  if (!config.DATABASE_READ_URL) return withCliDb(config, fn);
  return withPool(config.DATABASE_READ_URL, 'painmap-cli-read', fn);
}

async function withPool<T>(url: string, applicationName: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(url, { poolSize: 2, applicationName });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Progress on stderr: one rewritten line on a terminal, else a line every few seconds. */
export function progressReporter(what: string): (line: string) => void {
  let last = 0;
  return (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${what}: ${line}`);
    else if (Date.now() - last > 5_000) {
      process.stderr.write(`${what}: ${line}\n`);
      last = Date.now();
    }
  };
}
