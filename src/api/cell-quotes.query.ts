// The clauses behind one heatmap cell, most negative first, one per item, with the evidence
// offsets made relative to the clause so a UI can highlight the words that made the tagger fire.
import { sql } from 'kysely';
import type { CellFilter } from '../aggregate/cell-days.query.js';
import type { ReadQueries } from '../storage/db.js';

export interface CellQuote {
  source: string;
  externalId: string;
  day: string;
  sentiment: { label: string; score: number };
  quote: string;
  /** Offsets into `quote` (UTF-16 code units, as JavaScript strings index). */
  highlights: Array<{ start: number; end: number; kind: string; rule: string }>;
}

interface Row {
  source: string;
  external_id: string;
  day: string;
  label: string;
  score: number;
  start_offset: number;
  end_offset: number;
  text: string;
  evidence: unknown;
}

export async function queryCellQuotes(
  db: ReadQueries,
  cell: { stage: string; touchpoint: string },
  filter: CellFilter & { from?: string; to?: string },
  limit: number,
): Promise<CellQuote[]> {
  // The cell's mentions in feedback_mentions_cell_score_idx order (migration 0021: score, newest day,
  // item, ordinal), each kept when it is its item's first in the cell (its most negative, then lowest
  // ordinal), until `limit`: the index's first rows, not a sort of the cell's every mention (at 1M
  // items 750 → 6 ms). The item is a LATERAL … limit 1: joined plainly, the planner takes the
  // (id, received_day) join for a filter that keeps few rows and sorts the cell instead.
  // The period on every read of the two tables, so the plan keeps only its months of each.
  const inPeriod = (alias: string) => sql`
    ${filter.from ? sql`and ${sql.ref(`${alias}.received_day`)} >= ${filter.from}::date` : sql``}
    ${filter.to ? sql`and ${sql.ref(`${alias}.received_day`)} <= ${filter.to}::date` : sql``}`;
  const result = await sql<Row>`
    select i.source, i.external_id, m.received_day::text as day, m.sentiment_label as label,
           m.sentiment_score::float8 as score, m.start_offset, m.end_offset, i.text, m.evidence
    from feedback_mentions m
    cross join lateral (
      select i.source, i.external_id, i.text from feedback_items i
      where i.id = m.item_id and i.received_day = m.received_day ${inPeriod('i')}
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
      limit 1
    ) i
    where m.stage = ${cell.stage} and m.touchpoint = ${cell.touchpoint} ${inPeriod('m')}
      and not exists (
        select 1 from feedback_mentions o
        where o.item_id = m.item_id and o.received_day = m.received_day ${inPeriod('o')}
          and o.stage = m.stage and o.touchpoint = m.touchpoint
          and (o.sentiment_score < m.sentiment_score
               or (o.sentiment_score = m.sentiment_score and o.ordinal < m.ordinal))
      )
    order by m.sentiment_score, m.received_day desc, m.item_id, m.ordinal
    limit ${limit}`.execute(db);
  return result.rows.map(toQuote);
}

// The tagger's offsets index JavaScript strings (UTF-16 units), so the clause is cut here, not by SQL substr.
function toQuote(row: Row): CellQuote {
  const quote = row.text.slice(row.start_offset, row.end_offset);
  const highlights = (Array.isArray(row.evidence) ? row.evidence : [])
    .filter((e): e is { start: number; end: number; kind: string; rule: string } => {
      const x = e as Record<string, unknown>;
      return typeof x?.start === 'number' && typeof x.end === 'number';
    })
    .map((e) => ({
      start: e.start - row.start_offset,
      end: e.end - row.start_offset,
      kind: e.kind,
      rule: e.rule,
    }))
    .filter((h) => h.start >= 0 && h.end <= quote.length && h.end > h.start);
  return {
    source: row.source,
    externalId: row.external_id,
    day: row.day,
    sentiment: { label: row.label, score: row.score },
    quote,
    highlights,
  };
}
