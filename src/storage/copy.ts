// COPY on a transaction's own connection. Kysely hides the pg client a transaction runs on, so
// createDb registers every pooled client by its backend pid and clientOfTransaction asks the
// transaction for its pid. Embedded mode (PGlite) registers nothing: callers fall back to plain
// statements there.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './tables.js';

/** Pooled clients by backend pid (a set: two servers may hand out the same pid). */
const clientsByPid = new Map<number, Set<pg.PoolClient>>();

const pidOf = (client: pg.PoolClient) => (client as unknown as { processID: number | null }).processID;

/** Called by createDb when its pool connects a client. */
export function registerClient(client: pg.PoolClient): void {
  const pid = pidOf(client);
  if (pid === null) return;
  const set = clientsByPid.get(pid) ?? new Set();
  set.add(client);
  clientsByPid.set(pid, set);
}

/** Called by createDb when its pool removes a client. */
export function unregisterClient(client: pg.PoolClient): void {
  const pid = pidOf(client);
  if (pid === null) return;
  const set = clientsByPid.get(pid);
  set?.delete(client);
  if (set?.size === 0) clientsByPid.delete(pid);
}

/**
 * The pg client this transaction runs on, or null when there is none to be found for sure (PGlite,
 * a handle not made by createDb, or two registered clients with this pid).
 */
export async function clientOfTransaction(trx: Transaction<Database>): Promise<pg.PoolClient | null> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
  const set = clientsByPid.get(rows[0]!.pid);
  return set?.size === 1 ? [...set][0]! : null;
}

/** One value in COPY's text format: null as \N, backslash, tab, newline and return escaped. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : text;
}

/** COPY rows (already in text format, one line each with its newline) into `table (columns)`. */
export async function copyLines(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<void> {
  const target = `${client.escapeIdentifier(table)} (${columns.map((c) => client.escapeIdentifier(c)).join(', ')})`;
  await pipeline(Readable.from(chunked(lines)), client.query(copyFrom(`copy ${target} from stdin`)));
}

/** Lines joined into chunks of about 64 KB: one stream write per chunk, not per row. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
