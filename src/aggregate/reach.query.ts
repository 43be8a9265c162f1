// Reach: distinct customers per cell over a whole period (pain_point_daily only has them per day).
// The period's items are hashed against the period's negative mentions, read by day from
// feedback_mentions_negative_day_idx (migration 0022) alone: 6,730 mentions in 55 buffers for a week
// at 1M items. Before 0022 the only negative index was keyed by item, so a join read every negative
// mention there was (350,000) and each item's mentions were looked up one by one instead (`offset 0`,
// 19,000 probes for a week: psql 156 → 131 ms median of 6 at load 7.4). The mentions name the period's
// days too, so the planner keeps only the period's months. JIT is off for the query: compiling its
// plan took 880 ms of a 1,080 ms run at 1M items (EXPLAIN, a week's 19,000 items).
import { sql } from 'kysely';
import { type ReadDb, withoutJit } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';
import { filterOn } from './rollup-tables.js';

export interface ReachRow {
  stage: string;
  touchpoint: string;
  /** Distinct identified customers with a negative mention in the cell. */
  customers: number;
  /** Items with a negative mention in the cell whose source names no customer. */
  anonymous_items: number;
  /** Distinct identified customers who said anything in the period: the denominator of reach. */
  period_customers: number;
}

export async function queryReach(db: ReadDb, period: Period, filter: CellFilter): Promise<ReachRow[]> {
  return withoutJit(db, async (trx) => {
    const result = await sql<ReachRow>`
      with scoped as (
        select i.id, i.received_day, i.customer_id from feedback_items i
        where i.received_day between ${period.from}::date and ${period.to}::date
          ${filterOn(filter, 'i')}
      )
      select m.stage, m.touchpoint, count(distinct s.customer_id)::int as customers,
             count(distinct s.id) filter (where s.customer_id is null)::int as anonymous_items,
             (select count(distinct customer_id) from scoped)::int as period_customers
      from scoped s join feedback_mentions m
        on m.item_id = s.id and m.received_day = s.received_day and m.sentiment_label = 'negative'
          and m.received_day between ${period.from}::date and ${period.to}::date
      group by m.stage, m.touchpoint`.execute(trx);
    return result.rows;
  });
}
