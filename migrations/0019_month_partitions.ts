// Frozen in time: takes Kysely<any>, imports nothing from the app.
// feedback_items and feedback_mentions become tables partitioned by month of received_day (declarative
// range partitions named `<table>_pYYYYMM`, no default partition: the write path creates a batch's
// months before it inserts). A unique key of a partitioned table must contain received_day, so the
// idempotency key (source, external_id) moves to the unpartitioned feedback_item_keys, which also holds
// where the item lives (item_id, received_day). Keys: items (id, received_day); mentions (item_id,
// ordinal, received_day), with a foreign key (item_id, received_day) to the item, and the key's own
// foreign key to the item, both on delete cascade (erasure, retention) and on update cascade (an edit
// that moves an item to another day moves its key row and, on Postgres 15+, re-points its mentions).
// Every row is copied in this one transaction and the counts are compared before the old tables go.
// Indexes, foreign keys and views that depend on the two tables are read from the catalogue first and
// recreated as they were, so migrations before this one (and beside it) keep theirs.
import { type Kysely, sql } from 'kysely';

const ITEMS = 'feedback_items';
const MENTIONS = 'feedback_mentions';
const KEYS = 'feedback_item_keys';

interface Saved {
  views: Array<{ name: string; definition: string }>;
  indexes: string[];
  foreignKeys: Array<{ table: string; name: string; definition: string }>;
}

export async function up(db: Kysely<any>): Promise<void> {
  const saved = await saveDependents(db);
  await detachOld(db, saved);
  for (const table of [ITEMS, MENTIONS]) {
    await sql`create table ${sql.id(table)} (like ${sql.id(`${table}_old`)}
      including defaults including generated including constraints) partition by range (received_day)`.execute(
      db,
    );
  }
  const months = await sql<{ month: string }>`
    select distinct to_char(received_day, 'YYYY-MM-01') as month from feedback_items_old
    union select distinct to_char(received_day, 'YYYY-MM-01') from feedback_mentions_old`.execute(db);
  for (const { month } of months.rows) await createMonth(db, month);
  await copyRows(db, ITEMS);
  await copyRows(db, MENTIONS);
  await sql`alter table feedback_items add primary key (id, received_day)`.execute(db);
  await sql`alter table feedback_mentions add primary key (item_id, ordinal, received_day)`.execute(db);
  await sql`alter table feedback_mentions add constraint feedback_mentions_item_fkey
    foreign key (item_id, received_day) references feedback_items (id, received_day)
    on delete cascade on update cascade`.execute(db);
  await sql`
    create table feedback_item_keys (
      source text not null,
      external_id text not null,
      item_id bigint not null unique,
      received_day date not null,
      primary key (source, external_id),
      constraint feedback_item_keys_item_fkey foreign key (item_id, received_day)
        references feedback_items (id, received_day) on delete cascade on update cascade
    )`.execute(db);
  await sql`insert into feedback_item_keys (source, external_id, item_id, received_day)
    select source, external_id, id, received_day from feedback_items_old`.execute(db);
  await expectSameCount(db, 'feedback_items_old', KEYS);
  await restoreDependents(db, saved);
  await adoptSequence(db);
  await sql`drop table feedback_mentions_old`.execute(db);
  await sql`drop table feedback_items_old`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const saved = await saveDependents(db);
  await sql`drop table feedback_item_keys`.execute(db);
  await detachOld(db, saved);
  for (const table of [ITEMS, MENTIONS]) {
    await sql`create table ${sql.id(table)} (like ${sql.id(`${table}_old`)}
      including defaults including generated including constraints)`.execute(db);
  }
  await copyRows(db, ITEMS);
  await copyRows(db, MENTIONS);
  await sql`alter table feedback_items add primary key (id)`.execute(db);
  await sql`alter table feedback_items add constraint feedback_items_source_external_id_key
    unique (source, external_id)`.execute(db);
  await sql`alter table feedback_mentions add primary key (item_id, ordinal)`.execute(db);
  await sql`alter table feedback_mentions add constraint feedback_mentions_item_id_fkey
    foreign key (item_id) references feedback_items (id) on delete cascade`.execute(db);
  await restoreDependents(db, saved);
  await adoptSequence(db);
  await sql`drop table feedback_mentions_old cascade`.execute(db);
  await sql`drop table feedback_items_old cascade`.execute(db);
}

/** Creates one month's partition of both tables (the first day of the month, `YYYY-MM-01`). */
async function createMonth(db: Kysely<any>, month: string): Promise<void> {
  for (const table of [ITEMS, MENTIONS]) {
    const name = `${table}_p${month.slice(0, 4)}${month.slice(5, 7)}`;
    await sql`create table if not exists ${sql.id(name)} partition of ${sql.id(table)}
      for values from (${sql.lit(month)}) to (${sql.lit(nextMonth(month))})`.execute(db);
  }
}

/** `2026-12-01` → `2027-01-01`. */
function nextMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The views over the two tables (and views over those), the indexes that are not a key, and the
 * foreign keys other than the item ↔ mention one, as SQL that recreates them by name.
 */
async function saveDependents(db: Kysely<any>): Promise<Saved> {
  const views = await sql<{ name: string; definition: string }>`
    with recursive dependents(oid, depth) as (
      select distinct r.ev_class, 1 from pg_depend d join pg_rewrite r on r.oid = d.objid
      where d.refobjid in (${ITEMS}::regclass, ${MENTIONS}::regclass) and r.ev_class <> d.refobjid
      union all
      select r.ev_class, p.depth + 1 from dependents p
      join pg_depend d on d.refobjid = p.oid join pg_rewrite r on r.oid = d.objid
      where r.ev_class <> p.oid
    )
    select c.relname as name, pg_get_viewdef(c.oid) as definition
    from (select oid, max(depth) as depth from dependents group by oid) v
    join pg_class c on c.oid = v.oid
    order by v.depth, c.relname`.execute(db);
  const indexes = await sql<{ definition: string }>`
    select pg_get_indexdef(x.indexrelid) as definition from pg_index x
    where x.indrelid in (${ITEMS}::regclass, ${MENTIONS}::regclass)
      and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
    order by x.indexrelid`.execute(db);
  const foreignKeys = await sql<{ table: string; name: string; definition: string }>`
    select k.conrelid::regclass::text as table, k.conname as name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k
    where k.contype = 'f' and k.conrelid in (${ITEMS}::regclass, ${MENTIONS}::regclass)
      and k.confrelid not in (${ITEMS}::regclass, ${MENTIONS}::regclass)
      and k.conparentid = 0
    order by k.oid`.execute(db);
  return { views: views.rows, indexes: indexes.rows.map((r) => r.definition), foreignKeys: foreignKeys.rows };
}

/**
 * Drops the saved views, indexes and keys of the two tables and renames them `<table>_old`, so the
 * new tables can take every name.
 */
async function detachOld(db: Kysely<any>, saved: Saved): Promise<void> {
  for (const view of [...saved.views].reverse()) await sql`drop view ${sql.id(view.name)}`.execute(db);
  for (const table of [MENTIONS, ITEMS]) {
    const constraints = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where conrelid = ${table}::regclass and contype in ('p', 'u', 'f') and conparentid = 0
      order by case contype when 'f' then 0 else 1 end`.execute(db);
    for (const { name } of constraints.rows) {
      await sql`alter table ${sql.id(table)} drop constraint ${sql.id(name)}`.execute(db);
    }
    const indexes = await sql<{ name: string }>`
      select c.relname as name from pg_index x join pg_class c on c.oid = x.indexrelid
      where x.indrelid = ${table}::regclass`.execute(db);
    for (const { name } of indexes.rows) await sql`drop index ${sql.id(name)}`.execute(db);
    await sql`alter table ${sql.id(table)} rename to ${sql.id(`${table}_old`)}`.execute(db);
  }
}

async function restoreDependents(db: Kysely<any>, saved: Saved): Promise<void> {
  // A partitioned table's index reads `on only <table>`: the new table takes it whole.
  for (const definition of saved.indexes) await sql.raw(definition.replace(' ON ONLY ', ' ON ')).execute(db);
  for (const fk of saved.foreignKeys) {
    await sql`alter table ${sql.id(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(
      db,
    );
  }
  for (const view of saved.views) {
    await sql`create view ${sql.id(view.name)} as ${sql.raw(view.definition)}`.execute(db);
  }
}

/** Copies every stored (not generated) column of `<table>_old` into `table`; fails unless all rows came. */
async function copyRows(db: Kysely<any>, table: string): Promise<void> {
  const columns = await sql<{ name: string }>`
    select attname as name from pg_attribute
    where attrelid = ${`${table}_old`}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
    order by attnum`.execute(db);
  const list = sql.join(columns.rows.map((c) => sql.id(c.name)));
  await sql`insert into ${sql.id(table)} (${list}) select ${list} from ${sql.id(`${table}_old`)}`.execute(db);
  await expectSameCount(db, `${table}_old`, table);
}

async function expectSameCount(db: Kysely<any>, from: string, to: string): Promise<void> {
  const counts = await sql<{ before: string; after: string }>`
    select (select count(*) from ${sql.table(from)}) as before, (select count(*) from ${sql.table(to)}) as after`.execute(
    db,
  );
  const { before, after } = counts.rows[0]!;
  if (before !== after) throw new Error(`copying ${from} into ${to} moved ${after} of ${before} rows`);
}

/** The item id sequence belonged to the old table's column: hand it to the new one before the drop. */
async function adoptSequence(db: Kysely<any>): Promise<void> {
  const found = await sql<{ seq: string | null }>`
    select pg_get_serial_sequence('feedback_items_old', 'id') as seq`.execute(db);
  const seq = found.rows[0]?.seq;
  if (seq) await sql`alter sequence ${sql.raw(seq)} owned by feedback_items.id`.execute(db);
}
