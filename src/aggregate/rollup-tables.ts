// Which aggregate tables a read groups: with a segment filter the segmented ones (pain_point_daily,
// pain_point_weekly); without one their sums over segments (pain_point_daily_cells,
// pain_point_weekly_cells: a row per source where the segmented tables hold one per segment value
// combination, so a 52-week heatmap groups thousands of rows, not hundreds of thousands); with no
// source filter either, the weeks come summed over sources too (pain_point_weekly_totals: a row per
// week and cell, nothing left to group). All hold the same sums; the write path and repairs keep all
// five exact.
import { type RawBuilder, sql } from 'kysely';
import type { CellFilter } from './cell-days.query.js';

export interface RollupTables {
  daily: RawBuilder<unknown>;
  weekly: RawBuilder<unknown>;
  /** The weekly table holds one row per week and stage × touchpoint (and no source column). */
  weeklyPerCell: boolean;
}

const hasSegment = (filter: CellFilter): filter is CellFilter & { segment: Record<string, string> } =>
  filter.segment !== undefined && Object.keys(filter.segment).length > 0;

/** The daily and weekly tables to read for `filter`. */
export function rollupTables(filter: CellFilter): RollupTables {
  if (hasSegment(filter))
    return { daily: sql`pain_point_daily`, weekly: sql`pain_point_weekly`, weeklyPerCell: false };
  if (filter.source)
    return { daily: sql`pain_point_daily_cells`, weekly: sql`pain_point_weekly_cells`, weeklyPerCell: false };
  return { daily: sql`pain_point_daily_cells`, weekly: sql`pain_point_weekly_totals`, weeklyPerCell: true };
}

/** `and source = … and segment @> …` for the filter's parts, on the table `alias` when given. */
export function filterOn(filter: CellFilter, alias?: string): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql`
    ${filter.source ? sql`and ${column('source')} = ${filter.source}` : sql``}
    ${hasSegment(filter) ? sql`and ${column('segment')} @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}`;
}
