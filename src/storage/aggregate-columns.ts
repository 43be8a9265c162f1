// The columns of the aggregate tables (pain_point_daily, pain_point_weekly, their sums over segments and
// the weekly sums over sources), in one order for every statement that lists them: the write's delta
// and the drift oracle share them.
import { type RawBuilder, sql } from 'kysely';

/** The sums every aggregate row carries (pain_point_daily, pain_point_weekly, a heatmap cell). */
export interface CellSums {
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
  items: number;
}

/** A cell of an aggregate row, beside its day (or week). */
export const CELL = ['stage', 'touchpoint', 'source', 'segment'] as const;
/** A cell of the tables summed over segments (pain_point_daily_cells, pain_point_weekly_cells). */
export const UNSEGMENTED = ['stage', 'touchpoint', 'source'] as const;
/** A cell of the table summed over segments and sources (pain_point_weekly_totals). */
export const TOTALS = ['stage', 'touchpoint'] as const;
export type Cell = typeof CELL | typeof UNSEGMENTED | typeof TOTALS;
/** The sums of an aggregate row, in one order for every statement that lists them. */
export const SUMS = [
  'mentions',
  'negative',
  'neutral',
  'positive',
  'sentiment_sum',
  'negative_intensity_sum',
  'items',
] as const satisfies ReadonlyArray<keyof CellSums>;

/** `stage, touchpoint, source[, segment], mentions, …, items`, optionally qualified by a table alias. */
export const cellAndSums = (cell: Cell = CELL, alias?: string) =>
  sql.join([...cell, ...SUMS].map((c) => (alias ? sql.ref(`${alias}.${c}`) : sql.ref(c))));
export const refs = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));

/** One cell's counts: what a set of mentions adds to (or, removed, takes from) the aggregate tables. */
export interface CellCounts extends CellSums {
  day: string;
  stage: string;
  touchpoint: string;
  source: string;
  /** jsonb text of the segment. */
  segment: string;
}

/** The tables the delta keeps: their key column, how a day maps onto it, and their cell. */
export const ROLLUPS = [
  { table: 'pain_point_daily', key: 'day', of: sql`day`, cell: CELL },
  { table: 'pain_point_weekly', key: 'week', of: sql`date_trunc('week', day)::date`, cell: CELL },
  { table: 'pain_point_daily_cells', key: 'day', of: sql`day`, cell: UNSEGMENTED },
  {
    table: 'pain_point_weekly_cells',
    key: 'week',
    of: sql`date_trunc('week', day)::date`,
    cell: UNSEGMENTED,
  },
  { table: 'pain_point_weekly_totals', key: 'week', of: sql`date_trunc('week', day)::date`, cell: TOTALS },
] as const;

export const WEEK = sql`date_trunc('week', day)::date`;

/**
 * Rows of `from` (a day-keyed relation) summed by `bucket` over `cell`: `day` (the bucket) then the
 * cell and the sums in cellAndSums' order. Items belong to one day, one source and one segment, so
 * summed item counts count each once.
 */
export function summed(
  from: RawBuilder<unknown>,
  bucket: RawBuilder<unknown>,
  cell: Cell,
  where: RawBuilder<unknown> = sql``,
): RawBuilder<unknown> {
  const sums = sql.join(SUMS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));
  return sql`
    select ${bucket} as day, ${refs(cell)}, ${sums}
    from ${from} ${where}
    group by 1, ${refs(cell)}`;
}
