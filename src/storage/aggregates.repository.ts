// The aggregate tables are derived from raw mentions: pain_point_daily (a row per day and cell) and
// pain_point_weekly (the same summed by ISO week). The write path keeps both current with a delta
// per batch in the batch's own transaction (applyAggregateDelta); a day (and its week) can also be
// rebuilt whole from the recomputation view (repairs). Writers hold a shared advisory lock while they
// apply a delta and a rebuild holds it exclusively, so a rebuild never interleaves with a delta.
// Every insert names its columns: nothing depends on the tables' column order.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
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

/** `stage, touchpoint, source, segment, mentions, …, items`, optionally qualified by a table alias. */
const cellAndSums = (alias?: string) =>
  sql.join([...CELL, ...SUMS].map((c) => (alias ? sql.ref(`${alias}.${c}`) : sql.ref(c))));

/** One cell's counts: what a set of mentions adds to (or, removed, takes from) the aggregate tables. */
export interface CellCounts extends CellSums {
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
  /** jsonb text of the segment. */
  segment: string;
}

/**
 * Applies added minus removed cell counts to pain_point_daily, then to pain_point_weekly, each in
 * key order (concurrent batches lock rows in the same order, so they cannot deadlock), deleting
 * cells left with no mentions. Both sides come grouped by cell: a batch sends a few dozen cells,
 * not one row per mention.
 */
export async function applyAggregateDelta(
  trx: Trx,
  added: CellCounts[],
  removed: CellCounts[],
): Promise<void> {
  if (added.length === 0 && removed.length === 0) return;
  await sql`select pg_advisory_xact_lock_shared(${LOCK})`.execute(trx);
  const cells = [...added, ...removed];
  const sign = [...added.map(() => 1), ...removed.map(() => -1)];
  for (const rollup of ROLLUPS) await upsertDelta(trx, rollup, cells, sign);
}

/** The tables the delta keeps: their key column and how a day maps onto it. */
const ROLLUPS = [
  { table: 'pain_point_daily', key: 'day', of: sql`day` },
  { table: 'pain_point_weekly', key: 'week', of: sql`date_trunc('week', day)::date` },
] as const;
type Rollup = (typeof ROLLUPS)[number];

async function upsertDelta(trx: Trx, rollup: Rollup, cells: CellCounts[], sign: number[]): Promise<void> {
  const c = <K extends keyof CellCounts>(key: K) => cells.map((cell) => cell[key]);
  const table = sql.table(rollup.table);
  const key = sql.ref(rollup.key);
  const emptied = await sql<{
    bucket: string;
    stage: string;
    touchpoint: string;
    source: string;
    segment: string;
  }>`
    with delta as (
      select ${rollup.of} as bucket, stage, touchpoint, source, segment, sum(sign * mentions)::integer as mentions,
             sum(sign * negative)::integer as negative, sum(sign * neutral)::integer as neutral,
             sum(sign * positive)::integer as positive, sum(sign * sentiment_sum) as sentiment_sum,
             sum(sign * negative_intensity_sum) as negative_intensity_sum, sum(sign * items)::integer as items
      from unnest(${sign}::integer[], ${c('day')}::date[], ${c('stage')}::text[], ${c('touchpoint')}::text[],
        ${c('source')}::text[], ${c('segment')}::jsonb[], ${c('mentions')}::integer[], ${c('negative')}::integer[],
        ${c('neutral')}::integer[], ${c('positive')}::integer[], ${c('sentiment_sum')}::double precision[],
        ${c('negative_intensity_sum')}::double precision[], ${c('items')}::integer[])
        as d(sign, day, stage, touchpoint, source, segment, mentions, negative, neutral, positive, sentiment_sum,
             negative_intensity_sum, items)
      group by 1, stage, touchpoint, source, segment
      having sum(sign * mentions) <> 0 or sum(sign * negative) <> 0 or sum(sign * neutral) <> 0
          or sum(sign * positive) <> 0 or sum(sign * items) <> 0 or sum(sign * sentiment_sum) <> 0
          or sum(sign * negative_intensity_sum) <> 0
    ),
    upserted as (
    insert into ${table} as p (${key}, ${cellAndSums()})
    select bucket, ${cellAndSums()} from delta order by bucket, stage, touchpoint, source, segment
    on conflict (${key}, stage, touchpoint, source, segment) do update set
      mentions = p.mentions + excluded.mentions, negative = p.negative + excluded.negative,
      neutral = p.neutral + excluded.neutral, positive = p.positive + excluded.positive,
      sentiment_sum = p.sentiment_sum + excluded.sentiment_sum,
      negative_intensity_sum = p.negative_intensity_sum + excluded.negative_intensity_sum,
      items = p.items + excluded.items
    returning p.mentions, p.${key}::text as bucket, p.stage, p.touchpoint, p.source, p.segment::text as segment)
    select bucket, stage, touchpoint, source, segment from upserted where mentions = 0`.execute(trx);
  const e = emptied.rows;
  if (e.length === 0) return;
  await sql`
    delete from ${table} p
    using unnest(${e.map((r) => r.bucket)}::date[], ${e.map((r) => r.stage)}::text[],
                 ${e.map((r) => r.touchpoint)}::text[], ${e.map((r) => r.source)}::text[],
                 ${e.map((r) => r.segment)}::jsonb[]) as k(bucket, stage, touchpoint, source, segment)
    where p.${key} = k.bucket and p.stage = k.stage and p.touchpoint = k.touchpoint and p.source = k.source
      and p.segment = k.segment and p.mentions = 0`.execute(trx);
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
 * Rebuilds one UTC day of pain_point_daily from raw items and mentions, and its week of
 * pain_point_weekly from the days (a repair: the write path keeps both current). Holds the aggregate
 * lock exclusively, so no delta interleaves; running it twice gives the same rows. Returns the number
 * of the day's pain_point_daily rows.
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
  await rollUpWeeks(trx, day); // the day's week, summed again from its days
  const version = mark.rows[0]?.version;
  if (version !== undefined) {
    await sql`delete from aggregate_dirty_days where day = ${day}::date and version = ${version}`.execute(
      trx,
    );
  }
  return Number(inserted.numAffectedRows ?? 0);
}

/**
 * Replaces pain_point_weekly rows with sums of pain_point_daily: the week holding `day`, or every
 * week. The caller holds the aggregate lock exclusively (or nothing else writes: a bulk load).
 */
export async function rollUpWeeks(db: Db | Trx, day?: string): Promise<void> {
  const week = sql`date_trunc('week', ${day ?? null}::date)::date`;
  await sql`delete from pain_point_weekly ${day ? sql`where week = ${week}` : sql``}`.execute(db);
  await sql`
    insert into pain_point_weekly (week, ${cellAndSums()})
    ${daysByWeek(day ? sql`where day >= ${week} and day < ${week} + 7` : sql``)}
    order by 1, stage, touchpoint, source, segment`.execute(db);
}

export async function listDirtyDays(db: Db, limit = 1000): Promise<string[]> {
  const result = await sql<{ day: string }>`
    select day::text as day from aggregate_dirty_days order by day limit ${limit}`.execute(db);
  return result.rows.map((r) => r.day);
}

export interface AggregateDrift {
  /** The stored table that is off. */
  table: 'pain_point_daily' | 'pain_point_weekly';
  /** missing: a true row the table lacks; extra: a stored row with nothing behind it; differs: counts differ. */
  side: 'missing' | 'extra' | 'differs';
  /** The day, or the week's Monday. */
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
}

/**
 * pain_point_daily summed by ISO week: what pain_point_weekly must hold, as `day` (the week's Monday)
 * then the cell and the sums in cellAndSums' order. Items belong to one day, so summed item counts
 * count each once.
 */
function daysByWeek(where: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  const sums = sql.join(SUMS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql`
    select date_trunc('week', day)::date as day, ${sql.join(CELL.map((c) => sql.ref(c)))}, ${sums}
    from pain_point_daily ${where}
    group by 1, stage, touchpoint, source, segment`;
}

/** Rows of `stored` that differ from `truth` (same key and counts), in both directions. */
const driftBetween = (table: string, stored: RawBuilder<unknown>, truth: RawBuilder<unknown>) => sql`
    select ${table}::text as "table", case when s.day is null then 'missing' when r.day is null then 'extra' else 'differs' end as side,
           coalesce(s.day, r.day)::text as day, coalesce(s.stage, r.stage) as stage,
           coalesce(s.touchpoint, r.touchpoint) as touchpoint, coalesce(s.source, r.source) as source
    from (${stored}) s
    full join (${truth}) r
      on s.day = r.day and s.stage = r.stage and s.touchpoint = r.touchpoint
     and s.source = r.source and s.segment = r.segment
    where s.day is null or r.day is null
       or (s.mentions, s.negative, s.neutral, s.positive, s.items)
          is distinct from (r.mentions, r.negative, r.neutral, r.positive, r.items)
       -- Counts must match exactly; float sums within rounding (deltas add them in another order).
       or abs(s.sentiment_sum - r.sentiment_sum) > 1e-6 + 1e-9 * abs(r.sentiment_sum)
       or abs(s.negative_intensity_sum - r.negative_intensity_sum) > 1e-6 + 1e-9 * abs(r.negative_intensity_sum)`;

/**
 * pain_point_daily beside its recomputation from raw items, and pain_point_weekly beside the daily
 * table summed by week (true days summed give true weeks): the rows that differ.
 */
const DRIFT = sql`
  ${driftBetween(
    'pain_point_daily',
    sql`select day, ${cellAndSums()} from pain_point_daily`,
    sql`select day, ${cellAndSums()} from pain_point_daily_recomputed`,
  )}
  union all
  ${driftBetween('pain_point_weekly', sql`select week as day, ${cellAndSums()} from pain_point_weekly`, daysByWeek())}`;

/**
 * The oracle: up to `limit` rows where pain_point_daily differs from a recomputation from raw
 * items, or pain_point_weekly from the days summed by week, in both directions. Empty when the
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

/** The UTC days holding any aggregate row that differs from the recomputation. */
export async function listDriftDays(db: Db): Promise<string[]> {
  const result = await sql<{ day: string }>`select distinct day from (${DRIFT}) d order by day`.execute(db);
  return result.rows.map((r) => r.day);
}
