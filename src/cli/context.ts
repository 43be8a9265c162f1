// What every command family's register(program, ctx) gets: the configuration (read when a command
// runs, so `--help` works without it), the one way to open the database, and terminal helpers.
import type { Config } from '../config.js';
import { createDb, type Db } from '../storage/db.js';

export interface CliContext {
  config: () => Config;
  /** Opens the database of DATABASE_URL for `fn` and closes it after, whatever happens. */
  withDb<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Colours on stdout: a terminal, and NO_COLOR unset. */
  color(): boolean;
}

export function createCliContext(config: () => Config): CliContext {
  return {
    config,
    withDb: (fn) => withCliDb(config(), fn),
    color: () => process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

export async function withCliDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!config.DATABASE_URL)
    throw new Error('Set DATABASE_URL (see .env.example) to the painmap database, or try `painmap demo`.');
  const db = createDb(config.DATABASE_URL, { poolSize: 2, applicationName: 'painmap-cli' });
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
