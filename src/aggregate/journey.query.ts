// The journey map's two queries over a period and the one before it, both from aggregate tables:
// the stage × touchpoint counts, and the spread of clause sentiment per stage (from the spread
// tables of migration 0015, which keep per-item sums of squares).
import { type RawBuilder, sql } from 'kysely';
import { type CellSums, SUMS } from '../storage/aggregate-columns.js';
import type { ReadQueries } from '../storage/db.js';
import { SPREAD_SUMS } from '../storage/stage-spread.repository.js';
import type { CellFilter } from './cell-days.query.js';
import { wholeWeeks } from './heatmap.query.js';
import { bucketOf, type Period } from './periods.js';
import { filterOn, type RollupTables, rollupTables } from './rollup-tables.js';

export type PeriodName = 'current' | 'previous';

/** A cell's sums in one of the two periods (the aggregate tables' sums but `items`). */
export interface JourneyCellRow extends Omit<CellSums, 'items'> {
  period: PeriodName;
  stage: string;
  touchpoint: string;
}

export interface StageSpreadRow {
  period: PeriodName;
  stage: string;
  mentions: number;
  /** Items with a mention in the stage: the clusters its clauses come in. */
  items: number;
  /**
   * The squared standard error of the stage's mean clause sentiment, cluster-robust by item (the
   * clauses of one item are not independent); null below two items.
   */
  squared_error: number | null;
}

export interface JourneyPeriods {
  current: Period;
  previous: Period;
}

/**
 * A Monday `week` whose seven days lie inside the two periods and inside one of them: its row in
 * the weekly table can stand for its days.
 */
function coveredWeek(week: RawBuilder<unknown>, periods: JourneyPeriods): RawBuilder<boolean> {
  const { firstMonday, lastSunday } = wholeWeeks(periods.previous.from, periods.current.to);
  if (!firstMonday || !lastSunday) return sql<boolean>`false`;
  const start = periods.current.from;
  return sql<boolean>`(${week} >= ${firstMonday}::date and ${week} + 6 <= ${lastSunday}::date
    and (${week} >= ${start}::date or ${week} + 6 < ${start}::date))`;
}

/**
 * A superset of the days `coveredWeek` leaves to the daily table (the edges before the first and after
 * the last whole week, and the week the current period starts in when that is not a Monday), as day
 * ranges its primary key (day first) can read: without it every day of both periods was scanned and
 * tested, though whole weeks leave none (EXPLAIN at 1M items: 49,140 daily cell rows read for 0).
 */
function uncoveredDays(day: RawBuilder<unknown>, periods: JourneyPeriods): RawBuilder<boolean> {
  const { firstMonday, lastSunday } = wholeWeeks(periods.previous.from, periods.current.to);
  if (!firstMonday || !lastSunday) return sql<boolean>`true`;
  const split = bucketOf('week', periods.current.from);
  return sql<boolean>`(${day} < ${firstMonday}::date or ${day} > ${lastSunday}::date
    ${split.from === periods.current.from ? sql`` : sql`or ${day} between ${split.from}::date and ${split.to}::date`})`;
}

/**
 * The rows of a weekly/daily table pair over both periods: whole weeks from the weekly table (the
 * week's Monday as `day`), other days from the daily one, each with `columns`, filtered.
 */
function weeksAndDays(
  tables: RollupTables,
  columns: readonly string[],
  periods: JourneyPeriods,
  filter: CellFilter,
): RawBuilder<unknown> {
  const { current, previous } = periods;
  const of = (alias: string) => sql.join(columns.map((c) => sql.ref(`${alias}.${c}`)));
  return sql`
      select w.week as day, ${of('w')}
      from ${tables.weekly} w
      where ${coveredWeek(sql`w.week`, periods)} ${filterOn(filter, 'w')}
      union all
      select d.day, ${of('d')}
      from ${tables.daily} d
      where d.day between ${previous.from}::date and ${current.to}::date
        and ${uncoveredDays(sql`d.day`, periods)}
        and not ${coveredWeek(sql`date_trunc('week', d.day::timestamp)::date`, periods)}
        ${filterOn(filter, 'd')}`;
}

/** `current` for the days of the current period, `previous` for the others. */
function periodOf(periods: JourneyPeriods): RawBuilder<PeriodName> {
  return sql<PeriodName>`case when day >= ${periods.current.from}::date then 'current' else 'previous' end`;
}

const CELL_COLUMNS = ['stage', 'touchpoint', ...SUMS.filter((c) => c !== 'items')];

/**
 * Counts per period × stage × touchpoint: whole weeks from the weekly table, other days from the
 * daily one (the cell tables when no segment filter is given).
 */
export async function queryJourneyCells(
  db: ReadQueries,
  periods: JourneyPeriods,
  filter: CellFilter,
): Promise<JourneyCellRow[]> {
  const cells = weeksAndDays(rollupTables(filter), CELL_COLUMNS, periods, filter);
  const result = await sql<JourneyCellRow>`
    select ${periodOf(periods)} as period,
           stage, touchpoint, sum(mentions)::int as mentions, sum(negative)::int as negative,
           sum(neutral)::int as neutral, sum(positive)::int as positive,
           sum(sentiment_sum)::float8 as sentiment_sum,
           sum(negative_intensity_sum)::float8 as negative_intensity_sum
    from (${cells}) cells
    group by 1, stage, touchpoint
    order by 1, stage, touchpoint`.execute(db);
  return result.rows;
}

const SPREAD_TABLES: RollupTables = {
  weekly: sql`stage_spread_weekly`,
  daily: sql`stage_spread_daily`,
  weeklyPerCell: false,
};
const SPREAD_COLUMNS = ['stage', ...SPREAD_SUMS];

/**
 * Per period × stage, from the spread tables (whole weeks from the weekly one, other days from the
 * daily one): the spread of clause sentiment around the stage's mean, as the squared standard error
 * of that mean (a ratio Σ score ÷ Σ clauses over items), with items as clusters:
 * m/(m − 1) · Σ_items (s_i − mean · c_i)² / n², where an item has c_i clauses in the stage scoring s_i
 * in all, m items and n clauses in all; expanded, Σ s_i² − 2·mean·Σ s_i·c_i + mean²·Σ c_i², the sums
 * the tables keep. With one clause an item this is the sample variance over n.
 */
export async function queryStageSpread(
  db: ReadQueries,
  periods: JourneyPeriods,
  filter: CellFilter,
): Promise<StageSpreadRow[]> {
  const rows = weeksAndDays(SPREAD_TABLES, SPREAD_COLUMNS, periods, filter);
  const result = await sql<StageSpreadRow>`
    with sums as (
      select ${periodOf(periods)} as period, stage,
             sum(items)::int as items, sum(mentions)::float8 as n, sum(score_sum) as total,
             sum(score_sq_sum) as ss, sum(score_mentions_sum) as sc, sum(mentions_sq_sum)::float8 as cc
      from (${rows}) rows
      group by 1, stage
    )
    select period, stage, n::int as mentions, items,
           case when items < 2 then null
                else greatest(0, items::float8 / (items - 1)
                                 * (ss - 2 * (total / n) * sc + (total / n) ^ 2 * cc) / (n * n)) end
             as squared_error
    from sums
    order by period, stage`.execute(db);
  return result.rows;
}
