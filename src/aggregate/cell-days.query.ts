// Per day × stage × touchpoint counts from the daily aggregate (sources and segments summed after the
// filters; the cell table when no segment filter is given): the one input of ranking, alerts and intervention effects.
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';
import type { Bucket } from './heatmap.query.js';
import { lastWholeBucket, type Period } from './periods.js';
import { filterOn, rollupTables } from './rollup-tables.js';

export interface CellFilter {
  source?: string;
  /** Items whose segment contains all these key/value pairs (plan, region, persona…). */
  segment?: Record<string, string>;
}

export interface CellDayRow {
  day: string;
  stage: string;
  touchpoint: string;
  mentions: number;
  negative: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
}

export async function queryCellDays(
  db: ReadQueries,
  period: Period,
  filter: CellFilter = {},
): Promise<CellDayRow[]> {
  const result = await sql<CellDayRow>`
    select day::text as day, stage, touchpoint, sum(mentions)::int as mentions, sum(negative)::int as negative,
           sum(sentiment_sum)::float8 as sentiment_sum,
           sum(negative_intensity_sum)::float8 as negative_intensity_sum
    from ${rollupTables(filter).daily}
    where day between ${period.from}::date and ${period.to}::date ${filterOn(filter)}
    group by day, stage, touchpoint
    order by day, stage, touchpoint`.execute(db);
  return result.rows;
}

/** The first and last day with any aggregate: the default "as of" and the limit of every baseline. */
export async function queryDataRange(db: ReadQueries): Promise<{ first: string; last: string } | null> {
  const result = await sql<{ first: string | null; last: string | null }>`
    select min(day)::text as first, max(day)::text as last from pain_point_daily_cells`.execute(db);
  const row = result.rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/**
 * The period a report asks for: `from`–`to` when both are given, else the last whole `bucket` ending on
 * `asOf` or on the last day with data; null when there is no data.
 */
export async function resolvePeriod(
  db: ReadQueries,
  options: { from?: string; to?: string; asOf?: string; bucket?: Bucket },
  bucket: Bucket,
): Promise<Period | null> {
  if (options.from && options.to) return { from: options.from, to: options.to };
  const asOf = options.asOf ?? (await queryDataRange(db))?.last;
  return asOf ? lastWholeBucket(options.bucket ?? bucket, asOf) : null;
}
