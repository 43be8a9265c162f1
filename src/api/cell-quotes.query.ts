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
  const result = await sql<Row>`
    select source, external_id, day, label, score, start_offset, end_offset, text, evidence from (
      select i.source, i.external_id, i.received_day::text as day, m.sentiment_label as label,
             m.sentiment_score::float8 as score, m.start_offset, m.end_offset, i.text, m.evidence, i.id,
             row_number() over (partition by i.id order by m.sentiment_score, m.ordinal) as n
      from feedback_mentions m join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
      where m.stage = ${cell.stage} and m.touchpoint = ${cell.touchpoint}
        ${filter.from ? sql`and i.received_day >= ${filter.from}::date and m.received_day >= ${filter.from}::date` : sql``}
        ${filter.to ? sql`and i.received_day <= ${filter.to}::date and m.received_day <= ${filter.to}::date` : sql``}
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    ) per_item
    where n = 1
    order by score, day desc, id
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
