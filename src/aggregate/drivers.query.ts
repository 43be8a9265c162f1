// The respondents of a period by rating, overall and per cell they complained about, and the distinct
// customers among them: everything the remove-theme method needs, counted per response in Postgres
// (a few hundred rows leave the database, never the mentions). Reads score_item_cells (migration 0011).
import { sql } from 'kysely';
import type { ReadDb } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';
import { filterOn } from './rollup-tables.js';

/** Respondents of one rating: of a whole score (`stage` null) or of those complaining about a cell. */
export interface RatingCountRow {
  source: string;
  scale: string;
  stage: string | null;
  touchpoint: string | null;
  rating: number;
  respondents: number;
  /** Negative mentions of the cell in their feedback (0 for a whole score). */
  mentions: number;
  /** Respondents whose source names no customer. */
  anonymous: number;
}

/** Distinct identified customers among a score's respondents (`stage` null) or a cell's. */
export interface ReachRow {
  source: string;
  scale: string;
  stage: string | null;
  touchpoint: string | null;
  customers: number;
}

export interface DriverCounts {
  ratings: RatingCountRow[];
  reach: ReachRow[];
}

type Row = Omit<RatingCountRow, 'rating'> & { rating: number | null; customers: number };

export async function queryDriverCounts(
  db: ReadDb,
  period: Period,
  filter: CellFilter = {},
): Promise<DriverCounts> {
  // One row per response (cell null) and per response × cell it complains about; then counts by
  // rating, and distinct customers. All hash aggregates: no JIT (its compile time exceeds the query's)
  // and room for the hash tables.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    const result = await sql<Row>`
      with responses as materialized (
        select source, rating_scale, rating, customer_id, stage, touchpoint,
               case when grouping(stage) = 0 then sum(negative_mentions) else 0 end::int as mentions
        from score_item_cells
        where received_day between ${period.from}::date and ${period.to}::date
          ${filterOn(filter)}
        group by grouping sets ((source, respondent, received_at, rating_scale, rating, customer_id),
                                (source, respondent, received_at, rating_scale, rating, customer_id, stage, touchpoint))
        having grouping(stage) = 1 or stage is not null
      )
      select source, rating_scale as scale, stage, touchpoint, rating, count(*)::int as respondents,
             coalesce(sum(mentions), 0)::int as mentions, (count(*) filter (where customer_id is null))::int as anonymous,
             0 as customers
      from responses group by source, rating_scale, stage, touchpoint, rating
      union all
      select source, rating_scale, stage, touchpoint, null, 0, 0, 0, count(customer_id)::int
      from (select distinct source, rating_scale, stage, touchpoint, customer_id from responses) d
      group by source, rating_scale, stage, touchpoint`.execute(trx);
    return result.rows;
  });
  const counts: DriverCounts = { ratings: [], reach: [] };
  for (const { customers, ...row } of rows) {
    if (row.rating === null) {
      const { source, scale, stage, touchpoint } = row;
      counts.reach.push({ source, scale, stage, touchpoint, customers });
    } else counts.ratings.push({ ...row, rating: row.rating });
  }
  return counts;
}
