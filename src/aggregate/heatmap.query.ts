// The heatmap: stage × touchpoint cells per time bucket, from the aggregate tables only (the cell
// tables when no segment filter is given, the weekly totals when no source filter either:
// rollup-tables.ts).
import { type RawBuilder, sql } from 'kysely';
import type { CellSums } from '../storage/aggregates.repository.js';
import type { ReadQueries } from '../storage/db.js';
import { addDays, bucketOf } from './periods.js';
import { filterOn, rollupTables } from './rollup-tables.js';

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface HeatmapFilter {
  bucket: Bucket;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
  source?: string;
  /** Items whose segment contains all these key/value pairs. */
  segment?: Record<string, string>;
}

export interface HeatmapRow extends CellSums {
  bucket_start: string;
  stage: string;
  touchpoint: string;
}

// Bucket units come from this allowlist only, never from the request.
const UNIT: Record<Bucket, string> = { day: 'day', week: 'week', month: 'month' };

const SUMS = sql`sum(mentions)::int as mentions, sum(negative)::int as negative, sum(neutral)::int as neutral,
           sum(positive)::int as positive, sum(sentiment_sum)::float8 as sentiment_sum,
           sum(negative_intensity_sum)::float8 as negative_intensity_sum, sum(items)::int as items`;

/**
 * The whole weeks (Monday to Sunday) inside an inclusive day range: the first Monday on or after
 * `from` and the last Sunday on or before `to` (open when the range is). Days outside them belong
 * to partial weeks at the edges.
 */
export function wholeWeeks(from?: string, to?: string): { firstMonday?: string; lastSunday?: string } {
  const monday = from ? bucketOf('week', from).from : undefined;
  const sunday = to ? bucketOf('week', to).to : undefined;
  return {
    ...(from && monday ? { firstMonday: monday === from ? from : addDays(monday, 7) } : {}),
    ...(to && sunday ? { lastSunday: sunday === to ? to : addDays(sunday, -7) } : {}),
  };
}

export async function queryHeatmap(db: ReadQueries, filter: HeatmapFilter): Promise<HeatmapRow[]> {
  const packed = packedWeeksSql(filter);
  if (packed) return unpackWeeks((await packed.execute(db)).rows);
  return (await heatmapSql(filter).execute(db)).rows;
}

/** The whole-week bounds of `filter` (empty when open), and whether days outside whole weeks are asked for. */
function weekBounds(filter: HeatmapFilter) {
  const { firstMonday, lastSunday } = wholeWeeks(filter.from, filter.to);
  // The last whole week by its Monday: the planner estimates `week <= day` from the column's
  // statistics, where `week + 6 <= day` was a guess a fifth of the truth, which chose a sort over the
  // primary key's order.
  const inWeeks = sql`
        ${firstMonday ? sql`and week >= ${firstMonday}::date` : sql``}
        ${lastSunday ? sql`and week <= ${addDays(lastSunday, -6)}::date` : sql``}`;
  const partialWeeks =
    (filter.from !== undefined && filter.from !== firstMonday) ||
    (filter.to !== undefined && filter.to !== lastSunday);
  return { firstMonday, lastSunday, inWeeks, partialWeeks };
}

/** A week of pain_point_weekly_totals packed in one row (packedWeeksSql). */
export interface PackedWeek {
  bucket_start: string;
  /** JSON [stage, touchpoint, mentions, negative, neutral, positive, sentiment_sum, negative_intensity_sum, items, stage, …]. */
  cells: string;
}

/** Values a cell takes in PackedWeek.cells. */
const PACKED = 9;

/**
 * The dashboard's default heatmap (by week, no source or segment filter, whole weeks only) from
 * pain_point_weekly_totals, a row per week holding its cells as one JSON array, in (stage,
 * touchpoint) order as the rows would come; null for any other filter. 52 JSON texts cost the client
 * a third of the CPU of 7,000 rows' 70,000 fields (at 1M items: ~6 against ~20 ms). The float sums
 * are the shortest round-trip text a row would carry (a non-finite one as a JSON string), so the
 * rows unpacked hold the same numbers.
 */
export function packedWeeksSql(filter: HeatmapFilter): RawBuilder<PackedWeek> | null {
  const { inWeeks, partialWeeks } = weekBounds(filter);
  if (filter.bucket !== 'week' || !rollupTables(filter).weeklyPerCell || partialWeeks) return null;
  return sql<PackedWeek>`
    select week::text as bucket_start,
           '[' || string_agg(concat_ws(',', to_json(stage), to_json(touchpoint), mentions, negative, neutral,
                                       positive, to_json(sentiment_sum), to_json(negative_intensity_sum), items),
                             ',' order by stage, touchpoint) || ']' as cells
    from pain_point_weekly_totals
    where true ${inWeeks}
    group by week
    order by week`;
}

/** The rows packedWeeksSql's weeks hold, as heatmapSql would return them. */
export function unpackWeeks(weeks: PackedWeek[]): HeatmapRow[] {
  const rows: HeatmapRow[] = [];
  for (const { bucket_start, cells } of weeks) {
    const v = JSON.parse(cells) as Array<string | number>;
    for (let k = 0; k < v.length; k += PACKED) {
      rows.push({
        bucket_start,
        stage: v[k] as string,
        touchpoint: v[k + 1] as string,
        mentions: v[k + 2] as number,
        negative: v[k + 3] as number,
        neutral: v[k + 4] as number,
        positive: v[k + 5] as number,
        // "NaN" or "Infinity" as a string: the number the pg driver would have parsed.
        sentiment_sum: Number(v[k + 6]),
        negative_intensity_sum: Number(v[k + 7]),
        items: v[k + 8] as number,
      });
    }
  }
  return rows;
}

/**
 * The heatmap's SQL for `filter` (exported so tests can read its plan; queryHeatmap reads the
 * default heatmap packed by week instead: packedWeeksSql). A segment filter reads the segmented
 * tables by their GIN index on segment (migration 0023).
 */
export function heatmapSql(filter: HeatmapFilter): RawBuilder<HeatmapRow> {
  const where = filterOn(filter);
  const tables = rollupTables(filter);
  const inRange = sql`
      ${filter.from ? sql`and day >= ${filter.from}::date` : sql``}
      ${filter.to ? sql`and day <= ${filter.to}::date` : sql``}`;
  if (filter.bucket !== 'week') {
    return sql<HeatmapRow>`
      select bucket::text as bucket_start, stage, touchpoint, ${SUMS}
      from (select date_trunc(${UNIT[filter.bucket]}, day::timestamp)::date as bucket, *
            from ${tables.daily} where true ${inRange} ${where}) days
      group by bucket, stage, touchpoint
      order by bucket, stage, touchpoint`;
  }
  // Whole weeks come from the weekly table (7× fewer rows); a partial week at either edge of the
  // range is summed from its days.
  const { firstMonday, lastSunday, inWeeks } = weekBounds(filter);
  return sql<HeatmapRow>`
    select bucket::text as bucket_start, stage, touchpoint, ${SUMS}
    from (
      select week as bucket, stage, touchpoint, mentions, negative, neutral, positive, sentiment_sum,
             negative_intensity_sum, items
      from ${tables.weekly}
      where true ${inWeeks} ${where}
      union all
      select date_trunc('week', day::timestamp)::date, stage, touchpoint, mentions, negative, neutral, positive,
             sentiment_sum, negative_intensity_sum, items
      from ${tables.daily}
      where (${firstMonday ? sql`day < ${firstMonday}::date` : sql`false`}
             or ${lastSunday ? sql`day > ${lastSunday}::date` : sql`false`})
        ${inRange} ${where}
    ) cells
    -- Grouped and sorted by the date, not its text: cheaper, and the same order.
    group by bucket, stage, touchpoint
    order by bucket, stage, touchpoint`;
}
