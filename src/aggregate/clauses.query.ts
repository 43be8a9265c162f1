// The negative clauses of some cells in a period, most negative first, capped per cell: the raw
// material of top phrases and representative quotes.
import { sql } from 'kysely';
import type { Db } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';
import type { ClauseRow } from './quotes.js';

export async function queryNegativeClauses(
  db: Db,
  cells: ReadonlyArray<{ stage: string; touchpoint: string }>,
  period: Period,
  filter: CellFilter = {},
  perCell = 200,
): Promise<ClauseRow[]> {
  if (cells.length === 0) return [];
  const result = await sql<ClauseRow>`
    select stage, touchpoint, source, external_id, day, clause, score, evidence from (
      select m.stage, m.touchpoint, i.source, i.external_id, i.received_day::text as day,
             substr(i.text, m.start_offset + 1, m.end_offset - m.start_offset) as clause,
             m.sentiment_score::float8 as score, m.evidence,
             row_number() over (partition by m.stage, m.touchpoint
                                order by m.sentiment_score, i.received_day desc, i.id, m.ordinal) as n
      from feedback_mentions m
      join feedback_items i on i.id = m.item_id
      join unnest(${cells.map((c) => c.stage)}::text[], ${cells.map((c) => c.touchpoint)}::text[])
        as c(stage, touchpoint) on c.stage = m.stage and c.touchpoint = m.touchpoint
      where m.sentiment_label = 'negative'
        and i.received_day between ${period.from}::date and ${period.to}::date
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    ) ranked
    where n <= ${perCell}
    order by stage, touchpoint, n`.execute(db);
  return result.rows;
}
