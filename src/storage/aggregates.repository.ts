// The aggregate tables are derived from raw mentions: pain_point_daily (a row per day and cell),
// pain_point_weekly (the same summed by ISO week), and pain_point_daily_cells / pain_point_weekly_cells
// (those two summed over segments, for reads with no segment filter), and beside them the journey's
// per-stage spread sums (stage-spread.repository.ts). The write path keeps all of them
// current with a delta per batch in the batch's own transaction (applyAggregateDelta); a day (and
// its week) can also be rebuilt whole from the recomputation view (repairs). Writers hold a shared
// advisory lock while they apply a delta and a rebuild holds it exclusively, so a rebuild never
// interleaves with a delta.
// Every insert names its columns: nothing depends on the tables' column order.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
import {
  applySpreadDelta,
  rebuildSpreadDay,
  type StageSpreadCounts,
  spreadDrift,
} from './stage-spread.repository.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

// One lock for both tables (its name predates the weekly table; a new name would let processes of two
// versions miss each other's lock).
const LOCK = sql`hashtext('painmap.pain_point_daily'), 0`;

/** The sums every aggregate row carries (pain_point_daily, pain_point_weekly, a heatmap cell). */
export interface CellSums {
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
  items: number;
}

/** A cell of an aggregate row, beside its day (or week). */
const CELL = ['stage', 'touchpoint', 'source', 'segment'] as const;
/** A cell of the tables summed over segments (pain_point_daily_cells, pain_point_weekly_cells). */
const UNSEGMENTED = ['stage', 'touchpoint', 'source'] as const;
type Cell = typeof CELL | typeof UNSEGMENTED;
/** The sums of an aggregate row, in one order for every statement that lists them. */
const SUMS = [
  'mentions',
  'negative',
  'neutral',
  'positive',
  'sentiment_sum',
  'negative_intensity_sum',
  'items',
] as const satisfies ReadonlyArray<keyof CellSums>;

/** `stage, touchpoint, source[, segment], mentions, …, items`, optionally qualified by a table alias. */
const cellAndSums = (cell: Cell = CELL, alias?: string) =>
  sql.join([...cell, ...SUMS].map((c) => (alias ? sql.ref(`${alias}.${c}`) : sql.ref(c))));
const refs = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));

/** One cell's counts: what a set of mentions adds to (or, removed, takes from) the aggregate tables. */
export interface CellCounts extends CellSums {
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
  /** jsonb text of the segment. */
  segment: string;
}

/** What whole items' mentions add to (or, removed, take from) every aggregate table. */
export interface AggregateDelta {
  cells: CellCounts[];
  /** The journey's per-stage spread sums, per item: so only whole items' mentions move them. */
  spread: StageSpreadCounts[];
}

/**
 * Applies added minus removed counts to pain_point_daily, pain_point_weekly, their sums over
 * segments and the spread tables, one table after the other, each in key order (concurrent batches
 * lock rows in the same order, so they cannot deadlock), deleting rows left with nothing. Both sides
 * come grouped by cell: a batch sends a few dozen cells, not one row per mention.
 */
export async function applyAggregateDelta(
  trx: Trx,
  added: AggregateDelta,
  removed: AggregateDelta,
): Promise<void> {
  if (added.cells.length === 0 && removed.cells.length === 0) return;
  await sql`select pg_advisory_xact_lock_shared(${LOCK})`.execute(trx);
  const cells = [...added.cells, ...removed.cells];
  const sign = [...added.cells.map(() => 1), ...removed.cells.map(() => -1)];
  for (const rollup of ROLLUPS) await upsertDelta(trx, rollup, cells, sign);
  await applySpreadDelta(trx, added.spread, removed.spread);
}

/** The tables the delta keeps: their key column, how a day maps onto it, and their cell. */
const ROLLUPS = [
  { table: 'pain_point_daily', key: 'day', of: sql`day`, cell: CELL },
  { table: 'pain_point_weekly', key: 'week', of: sql`date_trunc('week', day)::date`, cell: CELL },
  { table: 'pain_point_daily_cells', key: 'day', of: sql`day`, cell: UNSEGMENTED },
  {
    table: 'pain_point_weekly_cells',
    key: 'week',
    of: sql`date_trunc('week', day)::date`,
    cell: UNSEGMENTED,
  },
] as const;
type Rollup = (typeof ROLLUPS)[number];

async function upsertDelta(trx: Trx, rollup: Rollup, cells: CellCounts[], sign: number[]): Promise<void> {
  const c = <K extends keyof CellCounts>(key: K) => cells.map((cell) => cell[key]);
  const table = sql.table(rollup.table);
  const key = sql.ref(rollup.key);
  const cell = refs(rollup.cell);
  const returned = sql.join(rollup.cell.map((k) => sql`${sql.ref(`p.${k}`)}::text as ${sql.ref(k)}`));
  const emptied = await sql<Record<'bucket' | (typeof CELL)[number], string>>`
    with delta as (
      select ${rollup.of} as bucket, ${cell}, sum(sign * mentions)::integer as mentions,
             sum(sign * negative)::integer as negative, sum(sign * neutral)::integer as neutral,
             sum(sign * positive)::integer as positive, sum(sign * sentiment_sum) as sentiment_sum,
             sum(sign * negative_intensity_sum) as negative_intensity_sum, sum(sign * items)::integer as items
      from unnest(${sign}::integer[], ${c('day')}::date[], ${c('stage')}::text[], ${c('touchpoint')}::text[],
        ${c('source')}::text[], ${c('segment')}::jsonb[], ${c('mentions')}::integer[], ${c('negative')}::integer[],
        ${c('neutral')}::integer[], ${c('positive')}::integer[], ${c('sentiment_sum')}::double precision[],
        ${c('negative_intensity_sum')}::double precision[], ${c('items')}::integer[])
        as d(sign, day, stage, touchpoint, source, segment, mentions, negative, neutral, positive, sentiment_sum,
             negative_intensity_sum, items)
      group by 1, ${cell}
      having sum(sign * mentions) <> 0 or sum(sign * negative) <> 0 or sum(sign * neutral) <> 0
          or sum(sign * positive) <> 0 or sum(sign * items) <> 0 or sum(sign * sentiment_sum) <> 0
          or sum(sign * negative_intensity_sum) <> 0
    ),
    upserted as (
    insert into ${table} as p (${key}, ${cellAndSums(rollup.cell)})
    select bucket, ${cellAndSums(rollup.cell)} from delta order by bucket, ${cell}
    on conflict (${key}, ${cell}) do update set
      mentions = p.mentions + excluded.mentions, negative = p.negative + excluded.negative,
      neutral = p.neutral + excluded.neutral, positive = p.positive + excluded.positive,
      sentiment_sum = p.sentiment_sum + excluded.sentiment_sum,
      negative_intensity_sum = p.negative_intensity_sum + excluded.negative_intensity_sum,
      items = p.items + excluded.items
    returning p.mentions, p.${key}::text as bucket, ${returned})
    select * from upserted where mentions = 0`.execute(trx);
  const e = emptied.rows;
  if (e.length === 0) return;
  const arrays = rollup.cell.map(
    (k) => sql`${e.map((r) => r[k])}::${sql.raw(k === 'segment' ? 'jsonb' : 'text')}[]`,
  );
  await sql`
    delete from ${table} p
    using unnest(${e.map((r) => r.bucket)}::date[], ${sql.join(arrays)}) as k(bucket, ${cell})
    where p.${key} = k.bucket and p.mentions = 0
      ${sql.join(
        rollup.cell.map((k) => sql`and ${sql.ref(`p.${k}`)} = ${sql.ref(`k.${k}`)}`),
        sql` `,
      )}`.execute(trx);
}

/** Marks days whose aggregate must be rebuilt; the version moves so a running rebuild keeps the mark. */
export async function markDaysDirty(trx: Trx, days: string[]): Promise<void> {
  if (days.length === 0) return;
  const sorted = [...new Set(days)].sort();
  await sql`
    insert into aggregate_dirty_days (day)
    select d from unnest(${sorted}::date[]) as d order by d
    on conflict (day) do update
      set version = aggregate_dirty_days.version + 1, marked_at = now()`.execute(trx);
}

/**
 * Rebuilds one UTC day of pain_point_daily from raw items and mentions, its week of
 * pain_point_weekly from the days, both of their sums over segments, and the day and week of the
 * spread tables (a repair: the write path keeps them all current). Holds the aggregate lock exclusively, so no delta interleaves; running it
 * twice gives the same rows. Returns the number of the day's pain_point_daily rows.
 */
export async function rebuildDay(trx: Trx, day: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
  const mark = await sql<{ version: number }>`
    select version from aggregate_dirty_days where day = ${day}::date`.execute(trx);
  await sql`delete from pain_point_daily where day = ${day}::date`.execute(trx);
  const inserted = await sql`
    insert into pain_point_daily (day, ${cellAndSums()})
    select day, ${cellAndSums()} from pain_point_daily_recomputed where day = ${day}::date
    order by stage, touchpoint, source, segment`.execute(trx);
  await rollUpFromDays(trx, day); // the day's week and cells, summed again from its days
  await rebuildSpreadDay(trx, day);
  const version = mark.rows[0]?.version;
  if (version !== undefined) {
    await sql`delete from aggregate_dirty_days where day = ${day}::date and version = ${version}`.execute(
      trx,
    );
  }
  return Number(inserted.numAffectedRows ?? 0);
}

/**
 * Replaces, from pain_point_daily, the rows of the day holding `day` in pain_point_daily_cells and of
 * its week in pain_point_weekly and pain_point_weekly_cells; every row of them without `day`. The
 * caller holds the aggregate lock exclusively (or nothing else writes: a bulk load, which fills the
 * spread tables with loadSpreadFromMentions).
 */
export async function rollUpFromDays(db: Db | Trx, day?: string): Promise<void> {
  const week = sql`date_trunc('week', ${day ?? null}::date)::date`;
  const inDay = day ? sql`where day = ${day}::date` : sql``;
  const inWeek = day ? sql`where day >= ${week} and day < ${week} + 7` : sql``;
  const targets = [
    {
      table: 'pain_point_weekly',
      key: 'week',
      cell: CELL,
      rows: summed(sql`pain_point_daily`, WEEK, CELL, inWeek),
    },
    {
      table: 'pain_point_daily_cells',
      key: 'day',
      cell: UNSEGMENTED,
      rows: summed(sql`pain_point_daily`, sql`day`, UNSEGMENTED, inDay),
    },
    {
      table: 'pain_point_weekly_cells',
      key: 'week',
      cell: UNSEGMENTED,
      rows: summed(sql`pain_point_daily`, WEEK, UNSEGMENTED, inWeek),
    },
  ] as const;
  for (const { table, key, cell, rows } of targets) {
    const bucket = key === 'week' ? week : sql`${day ?? null}::date`;
    await sql`delete from ${sql.table(table)} ${day ? sql`where ${sql.ref(key)} = ${bucket}` : sql``}`.execute(
      db,
    );
    await sql`
      insert into ${sql.table(table)} (${sql.ref(key)}, ${cellAndSums(cell)})
      ${rows} order by 1, ${refs(cell)}`.execute(db);
  }
}

export async function listDirtyDays(db: Db, limit = 1000): Promise<string[]> {
  const result = await sql<{ day: string }>`
    select day::text as day from aggregate_dirty_days order by day limit ${limit}`.execute(db);
  return result.rows.map((r) => r.day);
}

export interface AggregateDrift {
  /** The stored table that is off. */
  table: (typeof ROLLUPS)[number]['table'] | 'stage_spread_daily' | 'stage_spread_weekly';
  /** missing: a true row the table lacks; extra: a stored row with nothing behind it; differs: counts differ. */
  side: 'missing' | 'extra' | 'differs';
  /** The day, or the week's Monday. */
  day: string;
  stage: string;
  /** Null for the spread tables, keyed by stage alone. */
  touchpoint: string | null;
  source: string;
}

const WEEK = sql`date_trunc('week', day)::date`;

/**
 * Rows of `from` (a day-keyed relation) summed by `bucket` over `cell`: `day` (the bucket) then the
 * cell and the sums in cellAndSums' order. Items belong to one day, one source and one segment, so
 * summed item counts count each once.
 */
function summed(
  from: RawBuilder<unknown>,
  bucket: RawBuilder<unknown>,
  cell: Cell,
  where: RawBuilder<unknown> = sql``,
): RawBuilder<unknown> {
  const sums = sql.join(SUMS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql`
    select ${bucket} as day, ${refs(cell)}, ${sums}
    from ${from} ${where}
    group by 1, ${refs(cell)}`;
}

/** Rows of `stored` that differ from `truth` (same key and counts), in both directions. */
const driftBetween = (
  table: string,
  stored: RawBuilder<unknown>,
  truth: RawBuilder<unknown>,
  cell: Cell = CELL,
) => sql`
    select ${table}::text as "table", case when s.day is null then 'missing' when r.day is null then 'extra' else 'differs' end as side,
           coalesce(s.day, r.day)::text as day, coalesce(s.stage, r.stage) as stage,
           coalesce(s.touchpoint, r.touchpoint) as touchpoint, coalesce(s.source, r.source) as source
    from (${stored}) s
    full join (${truth}) r
      on s.day = r.day ${sql.join(
        cell.map((c) => sql`and ${sql.ref(`s.${c}`)} = ${sql.ref(`r.${c}`)}`),
        sql` `,
      )}
    where s.day is null or r.day is null
       or (s.mentions, s.negative, s.neutral, s.positive, s.items)
          is distinct from (r.mentions, r.negative, r.neutral, r.positive, r.items)
       -- Counts must match exactly; float sums within rounding (deltas add them in another order).
       or abs(s.sentiment_sum - r.sentiment_sum) > 1e-6 + 1e-9 * abs(r.sentiment_sum)
       or abs(s.negative_intensity_sum - r.negative_intensity_sum) > 1e-6 + 1e-9 * abs(r.negative_intensity_sum)`;

/**
 * pain_point_daily beside its recomputation from raw items; pain_point_weekly beside the daily table
 * summed by week (true days summed give true weeks); the two cell tables beside the recomputation
 * summed over segments (by day, by week); the spread tables beside their recomputation (by day, by
 * week): the rows that differ. Each recomputation runs once.
 */
const DRIFT = sql`
  with recomputed as materialized (select day, ${cellAndSums()} from pain_point_daily_recomputed),
  spread_recomputed as materialized (select * from stage_spread_daily_recomputed)
  ${driftBetween('pain_point_daily', sql`select day, ${cellAndSums()} from pain_point_daily`, sql`select * from recomputed`)}
  union all
  ${driftBetween(
    'pain_point_weekly',
    sql`select week as day, ${cellAndSums()} from pain_point_weekly`,
    summed(sql`pain_point_daily`, WEEK, CELL),
  )}
  union all
  ${driftBetween(
    'pain_point_daily_cells',
    sql`select day, ${cellAndSums(UNSEGMENTED)} from pain_point_daily_cells`,
    summed(sql`recomputed`, sql`day`, UNSEGMENTED),
    UNSEGMENTED,
  )}
  union all
  ${driftBetween(
    'pain_point_weekly_cells',
    sql`select week as day, ${cellAndSums(UNSEGMENTED)} from pain_point_weekly_cells`,
    summed(sql`recomputed`, WEEK, UNSEGMENTED),
    UNSEGMENTED,
  )}
  union all
  ${spreadDrift(sql`spread_recomputed`)}`;

/**
 * The oracle: up to `limit` rows where an aggregate table differs from a recomputation from raw
 * items (pain_point_weekly: from the days summed by week), in both directions. Empty when the
 * aggregates are true.
 */
export async function findAggregateDrift(db: Db, limit = 100): Promise<AggregateDrift[]> {
  const result = await sql<AggregateDrift>`${DRIFT} limit ${limit}`.execute(db);
  return result.rows;
}

/** How many aggregate rows differ from the recomputation, all of them (findAggregateDrift lists a sample). */
export async function countAggregateDrift(db: Db): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from (${DRIFT}) d`.execute(db);
  return result.rows[0]!.n;
}

/** The UTC days holding any aggregate row that differs from the recomputation (a week: its Monday). */
export async function listDriftDays(db: Db): Promise<string[]> {
  const result = await sql<{ day: string }>`select distinct day from (${DRIFT}) d order by day`.execute(db);
  return result.rows.map((r) => r.day);
}
