// The negative (or positive) clauses of some cells in a period, strongest first, capped per cell:
// the raw material of top phrases and representative quotes. The period's items lead and their
// mentions are looked up by item id (`offset 0` keeps the lookup from being flattened into a join
// that reads every mention of the label: at 1M items a seq scan of 1.5M mentions for a week's 6,700).
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';
import type { ClauseRow } from './quotes.js';

export async function queryNegativeClauses(
  db: ReadQueries,
  cells: ReadonlyArray<{ stage: string; touchpoint: string }>,
  period: Period,
  filter: CellFilter = {},
  perCell = 200,
): Promise<ClauseRow[]> {
  return queryClauses(db, cells, period, filter, { label: 'negative', perCell });
}

/** The clauses of one sentiment label, the most negative (or most positive) first. */
export async function queryClauses(
  db: ReadQueries,
  cells: ReadonlyArray<{ stage: string; touchpoint: string }>,
  period: Period,
  filter: CellFilter,
  options: { label: 'negative' | 'positive'; perCell: number },
): Promise<ClauseRow[]> {
  const strongest = options.label === 'positive' ? sql`m.sentiment_score desc` : sql`m.sentiment_score`;
  if (cells.length === 0) return [];
  const result = await sql<
    Omit<ClauseRow, 'clause'> & { text: string; start_offset: number; end_offset: number }
  >`
    select stage, touchpoint, source, external_id, day, text, start_offset, end_offset, score, evidence from (
      select m.stage, m.touchpoint, i.source, i.external_id, i.received_day::text as day,
             i.text, m.start_offset, m.end_offset,
             m.sentiment_score::float8 as score, m.evidence,
             row_number() over (partition by m.stage, m.touchpoint
                                order by ${strongest}, i.received_day desc, i.id, m.ordinal) as n
      from feedback_items i
      cross join lateral (
        select * from feedback_mentions m
        where m.item_id = i.id and m.sentiment_label = ${options.label}
        offset 0
      ) m
      join unnest(${cells.map((c) => c.stage)}::text[], ${cells.map((c) => c.touchpoint)}::text[])
        as c(stage, touchpoint) on c.stage = m.stage and c.touchpoint = m.touchpoint
      where i.received_day between ${period.from}::date and ${period.to}::date
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    ) ranked
    where n <= ${options.perCell}
    order by stage, touchpoint, n`.execute(db);
  // The tagger's offsets index JavaScript strings (UTF-16 units), so the clause is cut here: SQL
  // substr counts code points and would shift every clause after an emoji.
  return result.rows.map(({ text, start_offset, end_offset, ...row }) => ({
    ...row,
    clause: text.slice(start_offset, end_offset),
  }));
}
