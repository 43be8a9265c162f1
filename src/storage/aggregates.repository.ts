// pain_point_daily is derived from raw mentions. The write path keeps it current with a delta per
// batch in the batch's own transaction (applyAggregateDelta); a day can also be rebuilt whole from
// the recomputation view (repairs). Writers hold a shared advisory lock while they apply a delta and
// a rebuild holds it exclusively, so a rebuild never interleaves with a delta.
import { sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

const LOCK = sql`hashtext('painmap.pain_point_daily'), 0`;

/** One cell's counts: what a set of mentions adds to (or, removed, takes from) pain_point_daily. */
export interface CellCounts {
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
  /** jsonb text of the segment. */
  segment: string;
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
  items: number;
}

/**
 * Applies added minus removed cell counts to pain_point_daily in key order (concurrent batches lock
 * rows in the same order, so they cannot deadlock), then deletes cells left with no mentions.
 * Both sides come grouped by cell: a batch sends a few dozen cells, not one row per mention.
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
  const c = <K extends keyof CellCounts>(key: K) => cells.map((cell) => cell[key]);
  const result = await sql<{
    day: string;
    stage: string;
    touchpoint: string;
    source: string;
    segment: string;
  }>`
    with delta as (
      select day, stage, touchpoint, source, segment, sum(sign * mentions)::integer as mentions,
             sum(sign * negative)::integer as negative, sum(sign * neutral)::integer as neutral,
             sum(sign * positive)::integer as positive, sum(sign * sentiment_sum) as sentiment_sum,
             sum(sign * negative_intensity_sum) as negative_intensity_sum, sum(sign * items)::integer as items
      from unnest(${sign}::integer[], ${c('day')}::date[], ${c('stage')}::text[], ${c('touchpoint')}::text[],
        ${c('source')}::text[], ${c('segment')}::jsonb[], ${c('mentions')}::integer[], ${c('negative')}::integer[],
        ${c('neutral')}::integer[], ${c('positive')}::integer[], ${c('sentiment_sum')}::double precision[],
        ${c('negative_intensity_sum')}::double precision[], ${c('items')}::integer[])
        as d(sign, day, stage, touchpoint, source, segment, mentions, negative, neutral, positive, sentiment_sum,
             negative_intensity_sum, items)
      group by day, stage, touchpoint, source, segment
      having sum(sign * mentions) <> 0 or sum(sign * negative) <> 0 or sum(sign * neutral) <> 0
          or sum(sign * positive) <> 0 or sum(sign * items) <> 0 or sum(sign * sentiment_sum) <> 0
          or sum(sign * negative_intensity_sum) <> 0
    ),
    upserted as (
    insert into pain_point_daily as p (day, stage, touchpoint, source, segment, mentions, negative, neutral,
      positive, sentiment_sum, negative_intensity_sum, items)
    select * from delta order by day, stage, touchpoint, source, segment
    on conflict (day, stage, touchpoint, source, segment) do update set
      mentions = p.mentions + excluded.mentions, negative = p.negative + excluded.negative,
      neutral = p.neutral + excluded.neutral, positive = p.positive + excluded.positive,
      sentiment_sum = p.sentiment_sum + excluded.sentiment_sum,
      negative_intensity_sum = p.negative_intensity_sum + excluded.negative_intensity_sum,
      items = p.items + excluded.items
    returning p.mentions, p.day::text as day, p.stage, p.touchpoint, p.source, p.segment::text as segment)
    select day, stage, touchpoint, source, segment from upserted where mentions = 0`.execute(trx);
  if (result.rows.length > 0) await deleteEmptyCells(trx, result.rows);
}

async function deleteEmptyCells(
  trx: Trx,
  cells: Array<Pick<CellCounts, 'day' | 'stage' | 'touchpoint' | 'source' | 'segment'>>,
): Promise<void> {
  await sql`
    delete from pain_point_daily p
    using unnest(${cells.map((c) => c.day)}::date[], ${cells.map((c) => c.stage)}::text[],
                 ${cells.map((c) => c.touchpoint)}::text[], ${cells.map((c) => c.source)}::text[],
                 ${cells.map((c) => c.segment)}::jsonb[]) as k(day, stage, touchpoint, source, segment)
    where p.day = k.day and p.stage = k.stage and p.touchpoint = k.touchpoint and p.source = k.source
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
 * Rebuilds one UTC day of pain_point_daily from raw items and mentions (a repair: the write path
 * keeps days current). Holds the aggregate lock exclusively, so no delta interleaves; running it
 * twice gives the same rows. Returns the number of aggregate rows.
 */
export async function rebuildDay(trx: Trx, day: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
  const mark = await sql<{ version: number }>`
    select version from aggregate_dirty_days where day = ${day}::date`.execute(trx);
  await sql`delete from pain_point_daily where day = ${day}::date`.execute(trx);
  const inserted = await sql`
    insert into pain_point_daily
    select * from pain_point_daily_recomputed where day = ${day}::date
    order by stage, touchpoint, source, segment`.execute(trx);
  const version = mark.rows[0]?.version;
  if (version !== undefined) {
    await sql`delete from aggregate_dirty_days where day = ${day}::date and version = ${version}`.execute(
      trx,
    );
  }
  return Number(inserted.numAffectedRows ?? 0);
}

export async function listDirtyDays(db: Db, limit = 1000): Promise<string[]> {
  const result = await sql<{ day: string }>`
    select day::text as day from aggregate_dirty_days order by day limit ${limit}`.execute(db);
  return result.rows.map((r) => r.day);
}

export interface AggregateDrift {
  /** missing: a recomputed row the table lacks; extra: a stored row with no raw mentions; differs: counts differ. */
  side: 'missing' | 'extra' | 'differs';
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
}

/** pain_point_daily beside its recomputation, keeping the rows that differ (both directions). */
const DRIFT = sql`
    select case when s.day is null then 'missing' when r.day is null then 'extra' else 'differs' end as side,
           coalesce(s.day, r.day)::text as day, coalesce(s.stage, r.stage) as stage,
           coalesce(s.touchpoint, r.touchpoint) as touchpoint, coalesce(s.source, r.source) as source
    from pain_point_daily s
    full join pain_point_daily_recomputed r
      on s.day = r.day and s.stage = r.stage and s.touchpoint = r.touchpoint
     and s.source = r.source and s.segment = r.segment
    where s.day is null or r.day is null
       or (s.mentions, s.negative, s.neutral, s.positive, s.items)
          is distinct from (r.mentions, r.negative, r.neutral, r.positive, r.items)
       -- Counts must match exactly; float sums within rounding (deltas add them in another order).
       or abs(s.sentiment_sum - r.sentiment_sum) > 1e-6 + 1e-9 * abs(r.sentiment_sum)
       or abs(s.negative_intensity_sum - r.negative_intensity_sum) > 1e-6 + 1e-9 * abs(r.negative_intensity_sum)`;

/**
 * The oracle: up to `limit` rows where pain_point_daily differs from a recomputation from raw
 * items, in both directions. Empty when the aggregates are true.
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
