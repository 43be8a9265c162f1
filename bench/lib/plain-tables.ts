// BENCH_WRITE_TABLES=plain: what the month partitions (migration 0019) cost the write. The write's SQL names
// its tables unqualified, so a connection whose search_path starts with a schema holding plain
// (unpartitioned) copies of feedback_items, feedback_mentions and feedback_item_keys writes into those: the
// same columns, generated tsvector, checks, indexes and foreign keys, no partitions. Everything else (the
// aggregate tables, the id sequence) still resolves to public. What this leaves out: feedback_item_keys
// itself exists because of the partitions (a table partitioned by day cannot hold the (source,
// external_id) key), and both variants pay for it.
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/storage/db.js';

const SCHEMA = 'bench_plain';
const TABLES = ['feedback_items', 'feedback_item_keys', 'feedback_mentions'] as const;

/** Creates the plain copies and returns a handle whose connections write into them. */
export async function openPlainTables(db: Db, url: string): Promise<Db> {
  await sql`create schema ${sql.id(SCHEMA)}`.execute(db);
  for (const table of TABLES)
    await sql`create table ${sql.table(`${SCHEMA}.${table}`)} (like ${sql.table(table)} including all)`.execute(
      db,
    );
  // Each foreign key to the same parent as in public: the mentions' one names the items or (since
  // migration 0025) their key rows.
  const { rows } = await sql<{ table: string; target: string; columns: string[] }>`
    select conrelid::regclass::text as table, confrelid::regclass::text as target,
           array(select attname from unnest(confkey) k join pg_attribute on attrelid = confrelid and attnum = k)::text[]
             as columns
    from pg_constraint where contype = 'f' and conname in ('feedback_item_keys_item_fkey', 'feedback_mentions_item_fkey')
    order by conname`.execute(db);
  for (const fk of rows)
    await sql`alter table ${sql.table(`${SCHEMA}.${fk.table}`)} add foreign key (item_id, received_day)
      references ${sql.table(`${SCHEMA}.${fk.target}`)} (${sql.join(fk.columns.map((c) => sql.id(c)))})
      on update cascade on delete cascade`.execute(db);
  await sql`alter table ${sql.table(`${SCHEMA}.feedback_items`)} add foreign key (ingest_run_id)
    references ingest_runs (id) on delete set null`.execute(db);
  const plainUrl = new URL(url);
  plainUrl.searchParams.set('options', `-c search_path=${SCHEMA},public`);
  return createDb(plainUrl.toString(), { poolSize: 4, applicationName: 'painmap-bench' });
}

/**
 * Moves the written rows into the real (partitioned) tables, so the aggregate check, whose views name
 * the public tables, compares the deltas with the rows the write stored. Not timed.
 */
export async function movePlainRows(db: Db): Promise<void> {
  for (const table of TABLES) {
    const { rows } = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`.execute(db);
    const columns = sql.join(rows.map((r) => sql.id(r.name)));
    await sql`insert into ${sql.table(table)} (${columns})
      select ${columns} from ${sql.table(`${SCHEMA}.${table}`)}`.execute(db);
  }
  await sql`drop schema ${sql.id(SCHEMA)} cascade`.execute(db);
}
