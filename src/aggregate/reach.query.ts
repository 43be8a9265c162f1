// Reach: distinct customers per cell over a whole period (pain_point_daily only has them per day).
// The period's items lead: each one's negative mentions are looked up by item id (`offset 0` keeps
// the planner from flattening the lookup into a join that reads every negative mention there is,
// 350,000 at 1M items for a week's 6,700: EXPLAIN 220 → 90 ms warm). The lookup names the period's
// days too, so the planner keeps only the period's months (the item's own day alone prunes only at run
// time, and the plan costed a probe of every month: 2.1M, over the JIT threshold). JIT is off for the
// query: compiling its plan took 880 ms of a 1,080 ms run at 1M items (EXPLAIN, a week's 19,000 items).
import { sql } from 'kysely';
import type { ReadDb } from '../storage/db.js';
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
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    const result = await sql<ReachRow>`
      with scoped as (
        select i.id, i.received_day, i.customer_id from feedback_items i
        where i.received_day between ${period.from}::date and ${period.to}::date
          ${filterOn(filter, 'i')}
      )
      select m.stage, m.touchpoint, count(distinct s.customer_id)::int as customers,
             count(distinct s.id) filter (where s.customer_id is null)::int as anonymous_items,
             (select count(distinct customer_id) from scoped)::int as period_customers
      from scoped s cross join lateral (
        select m.stage, m.touchpoint from feedback_mentions m
        where m.item_id = s.id and m.received_day = s.received_day and m.sentiment_label = 'negative'
          and m.received_day between ${period.from}::date and ${period.to}::date
        offset 0
      ) m
      group by m.stage, m.touchpoint`.execute(trx);
    return result.rows;
  });
}
