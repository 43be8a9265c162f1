// What the dashboard's filters can offer: sources, segment values and the range of days with data.
// The range comes from the daily cell table (its primary key leads with the day); sources and segment
// values from the weekly spread table (per week × stage × source × segment, the same mentions as the
// cell tables: 11,232 rows at 1M items against 168,174 in pain_point_weekly), each segment's mentions
// summed before its JSON is taken apart (EXPLAIN at 1M items, load ~12: 600 → 11–26 ms).
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';

export interface FilterChoices {
  first: string | null;
  last: string | null;
  sources: string[];
  segments: Array<{ key: string; value: string }>;
}

export async function queryFilterChoices(db: ReadQueries): Promise<FilterChoices> {
  const [range, sources, segments] = await Promise.all([
    sql<{ first: string | null; last: string | null }>`
      select min(day)::text as first, max(day)::text as last from pain_point_daily_cells`.execute(db),
    sql<{ source: string }>`
      select distinct source from stage_spread_weekly order by source limit 200`.execute(db),
    sql<{ key: string; value: string }>`
      select s.key, s.value
      from (select segment, sum(mentions) as mentions from stage_spread_weekly group by segment) w,
           jsonb_each_text(w.segment) s
      group by s.key, s.value order by s.key, sum(w.mentions) desc, s.value limit 200`.execute(db),
  ]);
  return {
    first: range.rows[0]?.first ?? null,
    last: range.rows[0]?.last ?? null,
    sources: sources.rows.map((r) => r.source),
    segments: segments.rows,
  };
}
