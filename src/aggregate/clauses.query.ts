// The negative (or positive) clauses of some cells in a period, strongest first, capped per cell:
// the raw material of top phrases and representative quotes. Each cell's clauses are read in rank
// order from feedback_mentions_strongest_idx (migration 0017: cell, label, strength, day desc, item,
// ordinal), the period's kept by the day the mention carries, until the cell's pool is full: ~perCell
// rows a cell, however many items the period holds (before, every item of the period and its mentions
// were read: 250,000 items at 1M for a 13-week journey).
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';
import type { CellFilter } from './cell-days.query.js';
import type { Period } from './periods.js';
import type { ClauseRow } from './quotes.js';
import { filterOn } from './rollup-tables.js';

/**
 * A cell whose clauses are wanted; `evidence: false` when only their words are (TF-IDF documents of
 * cells whose quotes are not shown): its rows then carry `[]` as evidence, not the stored array.
 */
export interface ClauseCell {
  stage: string;
  touchpoint: string;
  evidence?: boolean;
}

export async function queryNegativeClauses(
  db: ReadQueries,
  cells: ReadonlyArray<ClauseCell>,
  period: Period,
  filter: CellFilter = {},
  perCell = 200,
): Promise<ClauseRow[]> {
  return queryClauses(db, cells, period, filter, { label: 'negative', perCell });
}

/** The clauses of one sentiment label, the most negative (or most positive) first. */
export async function queryClauses(
  db: ReadQueries,
  cells: ReadonlyArray<ClauseCell>,
  period: Period,
  filter: CellFilter,
  options: { label: 'negative' | 'positive'; perCell: number },
): Promise<ClauseRow[]> {
  if (cells.length === 0) return [];
  // The index's own expression, so the cell's rows come out of it in this order (no sort): the label is
  // a literal from a closed set, so the planner knows the index's predicate holds. The item is a
  // LATERAL … limit 1, not a join: the planner guessed the (id, received_day) join kept ~2 of a
  // cell's 600 mentions, so a limit would not stop early, and sorted every mention of the period
  // after joining each to its item (journey at 1M items: 1,600 → 75 ms). The period's days in the
  // item lookup let the planner keep only the period's months of items (not a probe of each month).
  const strength = sql`(case when m.sentiment_label = 'positive' then -m.sentiment_score else m.sentiment_score end)`;
  const label = sql.lit(options.label);
  const result = await sql<
    Omit<ClauseRow, 'clause'> & { text: string; start_offset: number; end_offset: number }
  >`
    select c.stage, c.touchpoint, m.source, m.external_id, m.day, m.text, m.start_offset, m.end_offset,
           m.score, case when c.evidence then m.evidence else '[]'::json end as evidence
    from ${cellsTable(cells)}
    cross join lateral (
      select i.source, i.external_id, m.received_day::text as day, i.text, m.start_offset, m.end_offset,
             m.sentiment_score::float8 as score, m.evidence, ${strength} as strength, m.received_day,
             m.item_id, m.ordinal
      from feedback_mentions m
      cross join lateral (
        select i.source, i.external_id, i.text from feedback_items i
        where i.id = m.item_id and i.received_day = m.received_day
          and i.received_day between ${period.from}::date and ${period.to}::date ${filterOn(filter, 'i')}
        limit 1
      ) i
      where m.stage = c.stage and m.touchpoint = c.touchpoint and m.sentiment_label = ${label}
        and m.received_day between ${period.from}::date and ${period.to}::date
      order by ${strength}, m.received_day desc, m.item_id, m.ordinal
      limit ${options.perCell}
    ) m
    order by c.stage, c.touchpoint, m.strength, m.received_day desc, m.item_id, m.ordinal`.execute(db);
  return cutClauses(result.rows);
}

/** The cells as a table `c(stage, touchpoint, evidence)` to join clauses to. */
export function cellsTable(cells: ReadonlyArray<ClauseCell>) {
  return sql`unnest(${cells.map((c) => c.stage)}::text[], ${cells.map((c) => c.touchpoint)}::text[],
                ${cells.map((c) => c.evidence !== false)}::boolean[])
      as c(stage, touchpoint, evidence)`;
}

/**
 * Each row's clause cut from its item's text. The tagger's offsets index JavaScript strings (UTF-16
 * units), so the clause is cut here: SQL substr counts code points and would shift every clause after
 * an emoji. The row is written out field by field: a rest pattern (`{ text, ...row }`) took ~30 ms
 * for a pain-point call's 6,730 rows, this 0.1.
 */
export function cutClauses(
  rows: ReadonlyArray<Omit<ClauseRow, 'clause'> & { text: string; start_offset: number; end_offset: number }>,
): ClauseRow[] {
  return rows.map((r) => ({
    stage: r.stage,
    touchpoint: r.touchpoint,
    source: r.source,
    external_id: r.external_id,
    day: r.day,
    score: r.score,
    evidence: r.evidence,
    clause: r.text.slice(r.start_offset, r.end_offset),
  }));
}
