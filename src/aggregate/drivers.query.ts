// The respondents of a period by rating, overall and per cell they complained about, and the distinct
// customers among them: everything the remove-theme method needs, counted per response in Postgres
// (a few hundred rows leave the database, never the mentions). Reads the rows of score_item_cells
// (migration 0011) from feedback_items and feedback_mentions directly, through migration 0022's indexes.
import { sql } from 'kysely';
import { type ReadDb, withoutJit } from '../storage/db.js';
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
  // All hash aggregates and one hash join: no JIT (its compile time exceeds the query's) and room for
  // the hash tables.
  const rows = await withoutJit(db, async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    return (await sql<Row>`${driverCountsSql(period, filter)}`.execute(trx)).rows;
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

// A response is one rated record: the items of a source with one respondent (the external id before
// any `#question`), received at one instant, with one rating and customer (migration 0011). `rated`
// reads the period's rated items from one narrow index (migration 0022); `complaints` joins the
// period's negative mentions to them by one hash join, a row per response and cell it complains about.
// `responses` is a row per response (cell null) and per response × cell; then counts by rating, and
// distinct customers.
export function driverCountsSql(period: Period, filter: CellFilter) {
  const inPeriod = (day: string) => sql`${sql.ref(day)} between ${period.from}::date and ${period.to}::date`;
  return sql`
    with rated as materialized (
      select id, received_day, source, split_part(external_id, '#', 1) as respondent, received_at, rating_scale,
             rating::double precision as rating, customer_id
      from feedback_items
      where ${inPeriod('received_day')} and rating is not null and rating_scale is not null ${filterOn(filter)}
    ),
    complaints as (
      select r.source, r.rating_scale, r.rating, r.customer_id, m.stage, m.touchpoint, count(*)::int as mentions
      from rated r
      join feedback_mentions m on m.item_id = r.id and m.received_day = r.received_day
      where ${inPeriod('m.received_day')} and m.sentiment_label = 'negative'
      group by r.source, r.respondent, r.received_at, r.rating_scale, r.rating, r.customer_id, m.stage, m.touchpoint
    ),
    responses as materialized (
      select source, rating_scale, rating, customer_id, null::text as stage, null::text as touchpoint, 0 as mentions
      from rated group by source, respondent, received_at, rating_scale, rating, customer_id
      union all
      select source, rating_scale, rating, customer_id, stage, touchpoint, mentions from complaints
    )
    select source, rating_scale as scale, stage, touchpoint, rating, count(*)::int as respondents,
           sum(mentions)::int as mentions, (count(*) filter (where customer_id is null))::int as anonymous,
           0 as customers
    from responses group by source, rating_scale, stage, touchpoint, rating
    union all
    select source, rating_scale, stage, touchpoint, null, 0, 0, 0, count(customer_id)::int
    from (select distinct source, rating_scale, stage, touchpoint, customer_id from responses) d
    group by source, rating_scale, stage, touchpoint`;
}
