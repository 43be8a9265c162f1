// The respondents of a period by rating, overall and per cell they complained about, with reach:
// everything the remove-theme method needs, counted per response in Postgres (a few hundred rows
// leave the database, never the mentions). Reads the views of migration 0011.
import { sql } from 'kysely';
import type { Db } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';

/**
 * One row per (source, scale, rating) — `stage` null — or per (source, scale, cell, rating), each
 * with its respondents; and with `rating` null the same groups' reach over all their ratings.
 */
export interface DriverCountRow {
  source: string;
  scale: string;
  stage: string | null;
  touchpoint: string | null;
  /** null: the group's totals over every rating (reach). */
  rating: number | null;
  respondents: number;
  /** Negative mentions in the cell (0 for the overall rows). */
  mentions: number;
  /** Distinct identified customers among the respondents. */
  customers: number;
  /** Respondents whose source names no customer. */
  anonymous: number;
}

export async function queryDriverCounts(
  db: Db,
  period: Period,
  filter: CellFilter = {},
): Promise<DriverCountRow[]> {
  const where = sql`received_day between ${period.from}::date and ${period.to}::date
    ${filter.source ? sql`and source = ${filter.source}` : sql``}
    ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}`;
  const result = await sql<DriverCountRow>`
    select source, rating_scale as scale, null::text as stage, null::text as touchpoint,
           case when grouping(rating) = 0 then rating end as rating, count(*)::int as respondents,
           0 as mentions, count(distinct customer_id)::int as customers,
           (count(*) filter (where customer_id is null))::int as anonymous
    from score_responses where ${where}
    group by grouping sets ((source, rating_scale, rating), (source, rating_scale))
    union all
    select source, rating_scale, stage, touchpoint, case when grouping(rating) = 0 then rating end,
           count(*)::int, sum(negative_mentions)::int, count(distinct customer_id)::int,
           (count(*) filter (where customer_id is null))::int
    from score_response_negative_cells where ${where}
    group by grouping sets ((source, rating_scale, stage, touchpoint, rating), (source, rating_scale, stage, touchpoint))
    order by 1, 2, 3 nulls first, 4, 5 nulls first`.execute(db);
  return result.rows;
}
