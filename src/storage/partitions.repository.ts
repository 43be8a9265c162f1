// Month partitions of feedback_items and feedback_mentions (migration 0019): `<table>_pYYYYMM` holds
// the rows whose received_day falls in that month. There is no default partition, so a month must
// exist before a row of it is written: the write path ensures the months of a batch first.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './tables.js';

export const PARTITIONED_TABLES = ['feedback_items', 'feedback_mentions'] as const;

/** `2026-03-17` → `2026-03`. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The partition of `table` that holds `month` (`2026-03` → `feedback_items_p202603`). */
export const partitionName = (table: string, month: string): string =>
  `${table}_p${month.slice(0, 4)}${month.slice(5, 7)}`;

/** `2026-12` → `2027-01`. */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12
    ? `${String(year + 1).padStart(4, '0')}-01`
    : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Months known to exist, per database handle (its dialect adapter, which its transactions share).
 * Only months seen from outside a transaction are cached: one created or seen inside a transaction
 * could still be rolled back.
 */
const knownMonths = new WeakMap<object, Set<string>>();

/**
 * Makes sure both tables have a partition for every month of `days`. Cheap when the months are
 * cached. Called with a database handle, it creates the missing months in a short transaction of its
 * own (creating a partition locks the parent table until commit, so the write path calls it before it
 * opens the batch's transaction). Called inside a transaction, it creates them there.
 */
export async function ensureMonthPartitions(db: Kysely<Database>, days: readonly string[]): Promise<void> {
  const cacheKey = db.getExecutor().adapter;
  const known = knownMonths.get(cacheKey) ?? new Set<string>();
  knownMonths.set(cacheKey, known);
  const wanted = [...new Set(days.map(monthOf))].filter((month) => !known.has(month)).sort();
  if (wanted.length === 0) return;
  if (db.isTransaction) {
    await createMissingMonths(db, wanted);
    return;
  }
  await db.transaction().execute((trx) => createMissingMonths(trx, wanted));
  for (const month of wanted) known.add(month);
}

/**
 * Creates the months of `wanted` that do not exist yet, under an advisory lock so two workers that
 * meet the same new month do not both create it.
 * Creating a partition locks feedback_items, then the tables whose foreign keys point at it
 * (feedback_item_keys among them), while a batch's insert locks feedback_item_keys first, then
 * feedback_items: a batch that started meanwhile held the key table and waited for the item table
 * the creator held, which waited for the key table (a deadlock; the batch failed and was retried
 * after its backoff). The key table is therefore locked first here too, in the mode the creation
 * takes on it, so a creator waits for running batches and new batches wait for the creator.
 */
async function createMissingMonths(trx: Kysely<Database>, wanted: readonly string[]): Promise<void> {
  const missing = await findMissingMonths(trx, wanted);
  if (missing.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtext('painmap month partitions'))`.execute(trx);
  await sql`lock table feedback_item_keys in share row exclusive mode`.execute(trx);
  for (const month of await findMissingMonths(trx, missing)) {
    for (const table of PARTITIONED_TABLES) {
      await sql`create table if not exists ${sql.id(partitionName(table, month))} partition of ${sql.id(table)}
        for values from (${sql.lit(`${month}-01`)}) to (${sql.lit(`${nextMonth(month)}-01`)})`.execute(trx);
    }
  }
}

/** The months of `months` that lack a partition of either table. */
async function findMissingMonths(db: Kysely<Database>, months: readonly string[]): Promise<string[]> {
  const names = months.flatMap((month) => PARTITIONED_TABLES.map((table) => partitionName(table, month)));
  const { rows } = await sql<{ name: string }>`
    select n as name from unnest(${names}::text[]) n where to_regclass(n) is null`.execute(db);
  const absent = new Set(rows.map((r) => r.name));
  return months.filter((month) =>
    PARTITIONED_TABLES.some((table) => absent.has(partitionName(table, month))),
  );
}

/**
 * Ensures every month from `from` to `to` (days, inclusive), for loaders that write rows with SQL of
 * their own (the benches), and records each stored item's key the way the write path does.
 */
export async function ensureMonthPartitionsBetween(
  db: Kysely<Database>,
  from: string,
  to: string,
): Promise<void> {
  const months: string[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = nextMonth(month)) months.push(`${month}-01`);
  await ensureMonthPartitions(db, months);
}

/** Key rows for items inserted without the write path (bench loaders); existing keys are kept. */
export async function recordItemKeys(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await sql`insert into feedback_item_keys (source, external_id, item_id, received_day)
    select source, external_id, id, received_day from feedback_items
    on conflict do nothing`.execute(db);
}
