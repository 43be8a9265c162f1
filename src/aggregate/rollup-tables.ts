// Which aggregate tables a read groups: with a segment filter the segmented ones (pain_point_daily,
// pain_point_weekly); without one their sums over segments (pain_point_daily_cells,
// pain_point_weekly_cells: a row per source where the segmented tables hold one per segment value
// combination, so a 52-week heatmap groups thousands of rows, not hundreds of thousands). Both pairs
// hold the same sums; the write path and repairs keep all four exact.
import { type RawBuilder, sql } from 'kysely';
import type { CellFilter } from './cell-days.query.js';

export interface RollupTables {
  daily: RawBuilder<unknown>;
  weekly: RawBuilder<unknown>;
}

const hasSegment = (filter: CellFilter): filter is CellFilter & { segment: Record<string, string> } =>
  filter.segment !== undefined && Object.keys(filter.segment).length > 0;

/** The daily and weekly tables to read for `filter`. */
export function rollupTables(filter: CellFilter): RollupTables {
  return hasSegment(filter)
    ? { daily: sql`pain_point_daily`, weekly: sql`pain_point_weekly` }
    : { daily: sql`pain_point_daily_cells`, weekly: sql`pain_point_weekly_cells` };
}

/** `and source = … and segment @> …` for the filter's parts, on the table `alias` when given. */
export function filterOn(filter: CellFilter, alias?: string): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql`
    ${filter.source ? sql`and ${column('source')} = ${filter.source}` : sql``}
    ${hasSegment(filter) ? sql`and ${column('segment')} @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}`;
}
