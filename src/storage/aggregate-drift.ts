// The aggregate oracle: every aggregate table compared with a recomputation from the raw mentions
// (verify reports the drift, repairs rebuild the days it names).
import { type RawBuilder, sql } from 'kysely';
import {
  CELL,
  type Cell,
  cellAndSums,
  type ROLLUPS,
  summed,
  TOTALS,
  UNSEGMENTED,
  WEEK,
} from './aggregate-columns.js';
import type { Db } from './db.js';
import { spreadDrift } from './stage-spread.repository.js';

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
  /** Null for pain_point_weekly_totals, summed over sources. */
  source: string | null;
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
           coalesce(s.touchpoint, r.touchpoint) as touchpoint,
           ${(cell as readonly string[]).includes('source') ? sql`coalesce(s.source, r.source)` : sql`null::text`} as source
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
 * summed over segments (by day, by week) and the weekly totals beside it summed over segments and
 * sources; the spread tables beside their recomputation (by day, by week): the rows that differ. Each
 * recomputation runs once.
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
  ${driftBetween(
    'pain_point_weekly_totals',
    sql`select week as day, ${cellAndSums(TOTALS)} from pain_point_weekly_totals`,
    summed(sql`recomputed`, WEEK, TOTALS),
    TOTALS,
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
