// The negative clauses of many cells in a short period, strongest first, capped per cell: the same rows
// as queryNegativeClauses (clauses.query.ts), read in one pass instead of one index walk per cell. The
// period's negative mentions come by day from feedback_mentions_negative_day_idx (migration 0022), are
// hashed against the period's items (filtered there, so the cap counts only the filter's clauses) and
// cut per cell by row_number. A week's pain points at 1M items: 135 cells, 6,730 mentions, every one
// of them below its cell's cap; 135 walks took 115 ms in psql, the pass 72 (EXPLAIN: 130 → 62 ms).
// It reads every negative mention of the period, so it only pays when few cells pass their cap: over
// 13 weeks (87,000 mentions for pools of at most 27,000) it took 1,160 ms against the walks' 760.
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import { type ClauseCell, cellsTable, cutClauses } from './clauses.query.js';
import type { Period } from './periods.js';
import type { ClauseRow } from './quotes.js';
import { filterOn } from './rollup-tables.js';

export async function queryPeriodNegativeClauses(
  db: ReadQueries,
  cells: ReadonlyArray<ClauseCell>,
  period: Period,
  filter: CellFilter = {},
  perCell = 200,
): Promise<ClauseRow[]> {
  if (cells.length === 0) return [];
  // A negative mention's strength is its score (queryClauses negates only positive ones); day desc,
  // item and ordinal make the order total, so the cut keeps the same rows as the per-cell walks.
  const result = await sql<
    Omit<ClauseRow, 'clause'> & { text: string; start_offset: number; end_offset: number }
  >`
    select c.stage, c.touchpoint, m.source, m.external_id, m.received_day::text as day, m.text,
           m.start_offset, m.end_offset, m.sentiment_score::float8 as score,
           case when c.evidence then m.evidence else '[]'::json end as evidence
    from ${cellsTable(cells)}
    join (
      select m.stage, m.touchpoint, i.source, i.external_id, i.text, m.received_day, m.start_offset,
             m.end_offset, m.sentiment_score, m.evidence, m.item_id, m.ordinal,
             row_number() over (partition by m.stage, m.touchpoint
                                order by m.sentiment_score, m.received_day desc, m.item_id, m.ordinal) as rank
      from feedback_mentions m
      join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
        and i.received_day between ${period.from}::date and ${period.to}::date ${filterOn(filter, 'i')}
      where m.sentiment_label = 'negative'
        and m.received_day between ${period.from}::date and ${period.to}::date
    ) m on m.stage = c.stage and m.touchpoint = c.touchpoint and m.rank <= ${perCell}
    order by c.stage, c.touchpoint, m.sentiment_score, m.received_day desc, m.item_id, m.ordinal`.execute(db);
  return cutClauses(result.rows);
}
