// What the dashboard's filters can offer: sources, segment values and the range of days with data.
// The range and sources come from the daily cell table (no segment dimension), the segment values
// from the weekly table (the same sums as the days, 7× fewer rows).
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
      select distinct source from pain_point_daily_cells order by source limit 200`.execute(db),
    sql<{ key: string; value: string }>`
      select s.key, s.value from pain_point_weekly, jsonb_each_text(segment) s
      group by s.key, s.value order by s.key, sum(mentions) desc limit 200`.execute(db),
  ]);
  return {
    first: range.rows[0]?.first ?? null,
    last: range.rows[0]?.last ?? null,
    sources: sources.rows.map((r) => r.source),
    segments: segments.rows,
  };
}
